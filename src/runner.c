/*
 * runner.c: owns the SPI connection of a build and the execution of one
 * statement through it.
 *
 * Statements run in the caller's transaction with the caller's rights;
 * results of queries in the tree (SELECT setval(...), say) are discarded as
 * they are produced rather than collected, so a file that selects many rows
 * does not grow the backend.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "catalog/pg_type.h"
#include "tcop/dest.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/snapmgr.h"

#include "location.h"
#include "runner.h"

void
runner_connect(void)
{
	MemoryContext cxt = CurrentMemoryContext;

	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not connect to SPI")));
	MemoryContextSwitchTo(cxt);
}

void
runner_execute(const char *sql)
{
	MemoryContext cxt = CurrentMemoryContext;
	volatile int rc = 0;

	PG_TRY();
	{
#if PG_VERSION_NUM >= 140000
		SPIExecuteOptions options;

		memset(&options, 0, sizeof(options));
		options.read_only = false;
		options.dest = None_Receiver;
		rc = SPI_execute_extended(sql, &options);
#else
		rc = SPI_execute(sql, false, 0);
		SPI_freetuptable(SPI_tuptable);
#endif
	}
	PG_CATCH();
	{
		/* The error's QUERY is the statement: a few kB of it, not 100 MB. */
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		location_point_at_error(edata, sql);
		location_bound_error(edata);
		ReThrowError(edata);
	}
	PG_END_TRY();

	/* SPI leaves its own procedure context current. */
	MemoryContextSwitchTo(cxt);

	if (rc < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not execute statement: %s", SPI_result_code_string(rc))));
}

void
runner_disconnect(void)
{
	MemoryContext cxt = CurrentMemoryContext;

	SPI_finish();
	MemoryContextSwitchTo(cxt);
}

/*
 * Internal queries must mean one thing whatever the caller's search_path
 * (which the tree's statements, on the contrary, run with).  They are small
 * catalog queries whose estimated cost can still cross jit_above_cost, and
 * compiling them would take a hundred times longer than running them.
 */
int
runner_pin_settings(void)
{
	int			nestlevel = NewGUCNestLevel();

	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("jit", "off",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nestlevel;
}

void
runner_unpin_settings(int nestlevel)
{
	AtEOXact_GUC(true, nestlevel);
}

/* A text[] parameter for a query, from a List of C strings. */
Datum
runner_text_array(List *strings)
{
	Datum	   *elems = palloc(sizeof(Datum) * (list_length(strings) + 1));
	ListCell   *lc;
	int			n = 0;

	foreach(lc, strings)
		elems[n++] = CStringGetTextDatum((char *) lfirst(lc));
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

static void
check_result(int rc, int expected)
{
	if (rc != expected)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not execute internal query: %s", SPI_result_code_string(rc))));
}

/*
 * Runs one of confiture's own queries, checking its result code.  Never
 * read-only: a read-only query reuses the current snapshot and would not see
 * what the build, or a build it waited for, has just done.  Leaves the
 * caller's memory context current.
 */
void
runner_query(const char *sql, int nargs, Oid *types, Datum *values, const char *nulls, int expected)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			rc = SPI_execute_with_args(sql, nargs, types, values, nulls, false, 0);

	MemoryContextSwitchTo(cxt);
	check_result(rc, expected);
}

void
runner_query_latest(const char *sql, int expected)
{
	MemoryContext cxt = CurrentMemoryContext;
	SPIPlanPtr	plan = SPI_prepare(sql, 0, NULL);
	int			rc;

	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not prepare internal query: %s", SPI_result_code_string(SPI_result))));
	rc = SPI_execute_snapshot(plan, NULL, NULL, GetLatestSnapshot(), InvalidSnapshot, false, true, 0);
	SPI_freeplan(plan);
	MemoryContextSwitchTo(cxt);
	check_result(rc, expected);
}

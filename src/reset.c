/*
 * reset.c: owns reset => true: drop every non-system schema with all it
 * contains, then recreate public as a new database has it.
 *
 * Schemas that belong to an extension (confiture's own, pg_cron's "cron", ...)
 * are kept: dropping them would drop the extension.  Extensions installed in
 * a dropped schema go with it, as DROP SCHEMA ... CASCADE does, and the tree
 * is expected to create them again.  Everything runs through SPI as the
 * caller, so PostgreSQL's own ownership checks apply; it is part of the
 * build's transaction, so a failed build leaves the old database in place.
 * Requires the runner's SPI connection.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/elog.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "reset.h"
#include "runner.h"

static const char *const schemas_to_drop_query =
"SELECT n.nspname"
"  FROM pg_catalog.pg_namespace AS n"
" WHERE n.nspname OPERATOR(pg_catalog.<>) ALL"
"       (ARRAY['pg_catalog', 'information_schema', 'pg_toast'])"
"   AND n.nspname OPERATOR(pg_catalog.!~) '^pg_(toast_)?temp_'"
"   AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS d"
"                    WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass"
"                      AND d.objid OPERATOR(pg_catalog.=) n.oid"
"                      AND d.deptype OPERATOR(pg_catalog.=) 'e')"
" ORDER BY n.nspname COLLATE pg_catalog.\"C\"";

static const char *const public_exists_query =
"SELECT FROM pg_catalog.pg_namespace WHERE nspname OPERATOR(pg_catalog.=) 'public'";

/* public as initdb makes it, for this server version. */
#if PG_VERSION_NUM >= 150000
static const char *const create_public[] = {
	"CREATE SCHEMA public AUTHORIZATION pg_database_owner",
	"GRANT USAGE ON SCHEMA public TO PUBLIC",
	"COMMENT ON SCHEMA public IS 'standard public schema'",
};
#else
static const char *const create_public[] = {
	"CREATE SCHEMA public",
	"GRANT ALL ON SCHEMA public TO PUBLIC",
	"COMMENT ON SCHEMA public IS 'standard public schema'",
};
#endif

/*
 * Never read-only: a read-only SPI query reuses the current snapshot and
 * would not see the schemas this reset has just dropped.
 */
static void reset_schemas(void);

static void
run_query(const char *sql, int expected)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			rc = SPI_execute(sql, false, 0);

	MemoryContextSwitchTo(cxt);
	if (rc != expected)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not execute reset query: %s", SPI_result_code_string(rc))));
}

void
reset_database(void)
{
	int			nestlevel = runner_pin_settings();

	reset_schemas();
	runner_unpin_settings(nestlevel);
}

static void
reset_schemas(void)
{
	StringInfoData names;
	uint64		nschemas;

	run_query(schemas_to_drop_query, SPI_OK_SELECT);
	nschemas = SPI_processed;

	/* Catalog names, quoted: no text from the tree ever becomes SQL here. */
	initStringInfo(&names);
	for (uint64 i = 0; i < nschemas; i++)
	{
		char	   *name = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

		appendStringInfo(&names, "%s%s", i > 0 ? ", " : "", quote_identifier(name));
	}
	SPI_freetuptable(SPI_tuptable);

	if (nschemas > 0)
	{
		/* The cascade's list of every dropped object is noise here. */
		int			nestlevel = NewGUCNestLevel();

		if (client_min_messages < WARNING)
			(void) set_config_option("client_min_messages", "warning",
									 PGC_USERSET, PGC_S_SESSION,
									 GUC_ACTION_SAVE, true, 0, false);
		if (log_min_messages < WARNING)
			(void) set_config_option("log_min_messages", "warning",
									 PGC_SUSET, PGC_S_SESSION,
									 GUC_ACTION_SAVE, true, 0, false);
		runner_execute(psprintf("DROP SCHEMA %s CASCADE", names.data));
		AtEOXact_GUC(true, nestlevel);

		ereport(NOTICE,
				(errmsg("confiture: reset dropped %llu schema(s) and everything in them",
						(unsigned long long) nschemas),
				 errdetail("Dropped: %s.", names.data)));
	}
	pfree(names.data);

	run_query(public_exists_query, SPI_OK_SELECT);
	if (SPI_processed == 0)
	{
		for (size_t i = 0; i < lengthof(create_public); i++)
			runner_execute(create_public[i]);
	}
	SPI_freetuptable(SPI_tuptable);
}

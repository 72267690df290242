/*
 * entry.c: owns the SQL-callable functions (declared in confiture--*.sql):
 * argument checks, the role check, and turning results into rows.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_proc.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/resowner.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "policy.h"
#include "build.h"
#include "confhash.h"
#include "environment.h"
#include "history.h"
#include "runner.h"
#include "settings.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(confiture_build);
PG_FUNCTION_INFO_V1(confiture_build_views);
PG_FUNCTION_INFO_V1(confiture_plan);
PG_FUNCTION_INFO_V1(confiture_hash);
PG_FUNCTION_INFO_V1(confiture_changes);
PG_FUNCTION_INFO_V1(confiture_drift);
PG_FUNCTION_INFO_V1(confiture_environments);

void		_PG_init(void);

void
_PG_init(void)
{
	settings_load();
}

static char *
path_argument(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("schema tree path must not be null")));
	return text_to_cstring(PG_GETARG_TEXT_PP(0));
}

/*
 * The options of a build or views-only rebuild: every argument after the
 * path, found by its declared name, so that an option is one line here.
 */
static void
build_options(FunctionCallInfo fcinfo, BuildOptions *options, bool *views_only, char **variant)
{
	HeapTuple	proctup;
	Oid		   *types;
	char	  **names;
	char	   *modes;
	int			nargs;
	int			argn = 0;

	proctup = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	if (!HeapTupleIsValid(proctup))
		elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	nargs = get_func_arg_info(proctup, &types, &names, &modes);
	ReleaseSysCache(proctup);

	memset(options, 0, sizeof(BuildOptions));
	for (int i = 0; i < nargs; i++)
	{
		const char *name = names[i];

		if (modes != NULL && (modes[i] == PROARGMODE_OUT || modes[i] == PROARGMODE_TABLE))
			continue;
		if (argn++ == 0)
			continue;			/* the path */
		if (strcmp(name, "env") == 0)
		{
			/* NULL: the path is a tree, not a project */
			options->env = PG_ARGISNULL(argn - 1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(argn - 1));
			continue;
		}
		if (PG_ARGISNULL(argn - 1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be null", name)));
		if (strcmp(name, "schema_only") == 0)
			options->schema_only = PG_GETARG_BOOL(argn - 1);
		else if (strcmp(name, "views_only") == 0 && views_only != NULL)
			*views_only = PG_GETARG_BOOL(argn - 1);
		else if (strcmp(name, "variant") == 0 && variant != NULL)
			*variant = text_to_cstring(PG_GETARG_TEXT_PP(argn - 1));
		else if (strcmp(name, "reset") == 0)
			options->reset = PG_GETARG_BOOL(argn - 1);
		else if (strcmp(name, "if_changed") == 0)
			options->if_changed = PG_GETARG_BOOL(argn - 1);
		else
			elog(ERROR, "unexpected argument \"%s\"", name);
	}
}

/*
 * The summary row of a build, column by column as the SQL declaration names
 * them, so both build functions share it.
 */
static Datum
summary_row(FunctionCallInfo fcinfo, const BuildSummary *summary)
{
	TupleDesc	tupdesc;
	Datum	   *values;
	bool	   *nulls;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values = palloc(sizeof(Datum) * tupdesc->natts);
	nulls = palloc0(sizeof(bool) * tupdesc->natts);

	for (int i = 0; i < tupdesc->natts; i++)
	{
		const char *column = NameStr(TupleDescAttr(tupdesc, i)->attname);

		if (strcmp(column, "files") == 0)
			values[i] = Int32GetDatum(summary->files);
		else if (strcmp(column, "statements") == 0)
			values[i] = Int32GetDatum(summary->statements);
		else if (strcmp(column, "dropped") == 0)
			values[i] = Int32GetDatum(summary->dropped);
		else if (strcmp(column, "tables") == 0)
			values[i] = Int32GetDatum(summary->tables);
		else if (strcmp(column, "views") == 0)
			values[i] = Int32GetDatum(summary->views);
		else if (strcmp(column, "functions") == 0)
			values[i] = Int32GetDatum(summary->functions);
		else if (strcmp(column, "elapsed") == 0)
		{
			Interval   *elapsed = palloc0(sizeof(Interval));

			elapsed->time = summary->finished - summary->started;
			values[i] = IntervalPGetDatum(elapsed);
		}
		else if (strcmp(column, "hash") == 0)
			values[i] = CStringGetTextDatum(summary->hash);
		else if (strcmp(column, "build_id") == 0)
			values[i] = Int64GetDatum(summary->build_id);
		else if (strcmp(column, "skipped") == 0)
			values[i] = BoolGetDatum(summary->skipped);
		else
			elog(ERROR, "unexpected result column \"%s\"", column);
	}
	return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls));
}

/* confiture_build(path text, options...) -> one summary row */
Datum
confiture_build(PG_FUNCTION_ARGS)
{
	char	   *path;
	BuildOptions options;
	BuildSummary summary;

	access_check_role("confiture_build");
	path = path_argument(fcinfo);
	build_options(fcinfo, &options, NULL, NULL);

	build_tree(path, &options, &summary);
	PG_RETURN_DATUM(summary_row(fcinfo, &summary));
}

/* confiture_build_views(path text, options...) -> one summary row */
Datum
confiture_build_views(PG_FUNCTION_ARGS)
{
	char	   *path;
	BuildOptions options;
	BuildSummary summary;

	access_check_role("confiture_build_views");
	path = path_argument(fcinfo);
	build_options(fcinfo, &options, NULL, NULL);

	build_views(path, &options, &summary);
	PG_RETURN_DATUM(summary_row(fcinfo, &summary));
}

/*
 * The result of a set-returning function, materialized: the store rows go
 * into, already handed to the executor, and its row descriptor.
 */
static Tuplestorestate *
materialize(FunctionCallInfo fcinfo, TupleDesc *tupdesc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcxt;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		(rsinfo->allowedModes & SFRM_Materialize) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");

	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	*tupdesc = CreateTupleDescCopy(*tupdesc);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setDesc = *tupdesc;
	rsinfo->setResult = tuplestore_begin_heap(true, false, work_mem);
	MemoryContextSwitchTo(oldcxt);
	return rsinfo->setResult;
}

/* Rows of ncols strings (char **), as the set-returning function's result. */
static Datum
return_text_rows(FunctionCallInfo fcinfo, List *rows, int ncols)
{
	TupleDesc	tupdesc;
	Tuplestorestate *store = materialize(fcinfo, &tupdesc);
	ListCell   *lc;

	foreach(lc, rows)
	{
		char	  **row = lfirst(lc);
		Datum		values[3];
		bool		nulls[3] = {0};

		Assert(ncols <= 3);
		for (int col = 0; col < ncols; col++)
			values[col] = CStringGetTextDatum(row[col]);
		tuplestore_putvalues(store, tupdesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * confiture_plan(path text, views_only bool) -> (seq, action, file, line,
 * bytes, statements, sha256, object): per file, or views-only per object to
 * drop and per statement.
 */
Datum
confiture_plan(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	List	   *plan;
	ListCell   *lc;
	int			seq = 0;
	char	   *path;
	BuildOptions options;
	bool		views_only = false;

	access_check_role("confiture_plan");
	path = path_argument(fcinfo);
	build_options(fcinfo, &options, &views_only, NULL);

	store = materialize(fcinfo, &tupdesc);
	plan = build_plan(path, views_only, &options);

	foreach(lc, plan)
	{
		PlanRow    *row = lfirst(lc);
		Datum		values[8];
		bool		nulls[8] = {0};

		values[0] = Int32GetDatum(++seq);
		values[1] = CStringGetTextDatum(row->action);
		nulls[2] = row->file == NULL;
		values[2] = row->file ? CStringGetTextDatum(row->file) : (Datum) 0;
		nulls[3] = row->line <= 0;
		values[3] = Int32GetDatum(row->line);
		nulls[4] = row->bytes < 0;
		values[4] = Int64GetDatum(row->bytes);
		nulls[5] = row->statements < 0;
		values[5] = Int32GetDatum(row->statements);
		nulls[6] = row->sha256[0] == '\0';
		values[6] = nulls[6] ? (Datum) 0 : CStringGetTextDatum(row->sha256);
		nulls[7] = row->object == NULL;
		values[7] = row->object ? CStringGetTextDatum(row->object) : (Datum) 0;
		tuplestore_putvalues(store, tupdesc, values, nulls);
	}
	return (Datum) 0;
}

/* confiture_hash(path text) -> text */
Datum
confiture_hash(PG_FUNCTION_ARGS)
{
	char		hash[SHA256_HEX_LENGTH + 1];
	char	   *path;
	BuildOptions options;
	char	   *variant = "python";

	access_check_role("confiture_hash");
	path = path_argument(fcinfo);
	build_options(fcinfo, &options, NULL, &variant);
	build_confiture_hash(path, &options, variant, hash);
	PG_RETURN_TEXT_P(cstring_to_text(hash));
}

/*
 * confiture_changes(path text, env text) -> (file, change): files added,
 * removed or modified since the last logged build of the tree.
 */
Datum
confiture_changes(PG_FUNCTION_ARGS)
{
	char	   *path;
	char	   *env;
	char	   *root;
	BuildOptions options;
	List	   *files = NIL;
	List	   *digests = NIL;
	ListCell   *lc;

	access_check_role("confiture_changes");
	path = path_argument(fcinfo);
	env = PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1));

	/* The plan reads every file as a build would, and gives its digest. */
	memset(&options, 0, sizeof(options));
	options.env = env;
	foreach(lc, build_plan(path, false, &options))
	{
		PlanRow    *row = lfirst(lc);

		files = lappend(files, row->file);
		digests = lappend(digests, row->sha256);
	}
	if (env != NULL)
	{
		root = pstrdup(path);
		canonicalize_path(root);
	}
	else
		root = history_root(path);
	return return_text_rows(fcinfo, history_changes(root, env, files, digests), 2);
}

/*
 * confiture_drift() -> (object, kind, change): objects added, removed or
 * altered since the last logged build.
 */
Datum
confiture_drift(PG_FUNCTION_ARGS)
{
	access_check_role("confiture_drift");
	return return_text_rows(fcinfo, history_drift(), 3);
}

/*
 * One environment's row of confiture_environments, resolved in a
 * subtransaction: an environment that cannot be resolved gives its message,
 * and the listing goes on.
 */
static void
environment_row(Tuplestorestate *store, TupleDesc tupdesc, const char *path, const char *name)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	Datum		values[6] = {0};
	bool		nulls[6] = {false, true, true, true, true, true};

	values[0] = CStringGetTextDatum(name);
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		Environment *env = environment_load(path, name);
		SchemaTree *all;
		SchemaTree *files = environment_files(env, false, &all);
		char		hash[SHA256_HEX_LENGTH + 1];
		List	   *dirs = NIL;
		ListCell   *lc;

		confhash_compute(all, "python", hash);
		foreach(lc, env->include_dirs)
		{
			IncludeDir *dir = lfirst(lc);

			dirs = lappend(dirs, dir->abspath ? dir->abspath : dir->written);
		}
		values[1] = CStringGetTextDatum(env->config);
		values[2] = runner_text_array(dirs);
		values[3] = Int32GetDatum(files->nfiles);
		values[4] = CStringGetTextDatum(hash);
		nulls[1] = nulls[2] = nulls[3] = nulls[4] = false;
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
		/* A cancel or a timeout ends the listing, as it ends any statement. */
		if (edata->sqlerrcode == ERRCODE_QUERY_CANCELED)
			ReThrowError(edata);
		values[5] = CStringGetTextDatum(edata->detail ?
										psprintf("%s: %s", edata->message, edata->detail) : edata->message);
		nulls[5] = false;
		FreeErrorData(edata);
	}
	PG_END_TRY();
	tuplestore_putvalues(store, tupdesc, values, nulls);
}

/*
 * confiture_environments(path text) -> (env, config, include_dirs, files,
 * hash, error): one row per environment file (db/environments/NAME.yaml).
 */
Datum
confiture_environments(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	char	   *path;
	ListCell   *lc;

	access_check_role("confiture_environments");
	path = path_argument(fcinfo);
	if (!is_absolute_path(path))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project path must be absolute"),
				 errdetail("The path given was \"%s\".", path)));
	store = materialize(fcinfo, &tupdesc);
	foreach(lc, environment_names(path))
		environment_row(store, tupdesc, path, lfirst(lc));
	return (Datum) 0;
}

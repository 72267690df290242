/*
 * build.c: owns the walk over a tree's files shared by build, views-only
 * rebuild, plan and hash: the build's lock, its memory discipline, its
 * progress report and summary.
 *
 * Files are read, parsed and executed one at a time, each in a memory
 * context reset afterwards, so memory is bounded by the largest file rather
 * than by the tree.  A views-only rebuild must drop before it executes, so it
 * keeps the text of the read-side statements (not the tree) until then.
 * Nothing here commits: the caller's transaction holds the whole build, so
 * any error leaves the database as it was.
 */
#include "postgres.h"

#include "access/xlog.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "tcop/tcopprot.h"
#include "tcop/utility.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"

#include "build.h"
#include "confhash.h"
#include "counts.h"
#include "environment.h"
#include "history.h"
#include "keeprows.h"
#include "location.h"
#include "readside.h"
#include "reset.h"
#include "runner.h"
#include "script.h"
#include "source.h"
#include "tree.h"
#include "twopass.h"

/*
 * Transaction-scoped advisory lock serialising builds on one database: the
 * bytes of "confitur".  Documented in README.md, so other tools can take it.
 */
#define CONFITURE_BUILD_LOCK_KEY INT64CONST(0x636F6E6669747572)

typedef enum WalkMode
{
	WALK_HASH,
	WALK_PLAN,
	WALK_PLAN_VIEWS,
	WALK_BUILD,
	WALK_VIEWS
} WalkMode;

/* A read-side statement kept for after the drop (views-only). */
typedef struct KeptStatement
{
	const char *relpath;
	int			line;
	char	   *sql;
	StatementKind kind;
	Node	   *parsetree;		/* to count what it creates */
	int			statement;		/* its ordinal among the tree's statements */
} KeptStatement;

typedef struct WalkState
{
	WalkMode	mode;
	BuildOptions options;		/* executing modes */
	BuildSummary summary;
	MemoryContext resultcxt;	/* the caller's: plan rows live here */
	MemoryContext walkcxt;		/* the walk's: the tree, kept statements */
	List	   *plan;			/* PlanRow */
	ReadSide   *readside;		/* views-only modes */
	BuildHistory *history;		/* executing modes: what the log records */
	List	   *kept;			/* KeptStatement, WALK_VIEWS */
	List	   *drop_rows;		/* PlanRow, one per readside->objects */
	List	   *statement_rows; /* PlanRow, one per statement, in order */
	List	   *keep;			/* KeptTable: rows the rebuild keeps */
	int			files_kept;
	ObjectCounts *counts;		/* executing modes: objects counted */
	TwoPass    *twopass;		/* build.two_pass: foreign keys at the end */
} WalkState;

/* A file of the tree may call confiture_build: refuse rather than nest. */
static bool build_in_progress = false;

static bool
walk_executes(WalkMode mode)
{
	return mode == WALK_BUILD || mode == WALK_VIEWS;
}

/* what: "confiture_build: file", "confiture_build_views: statement", ... */
static void
report_progress(const char *what, int n, int total, const char *relpath)
{
	char	   *activity = psprintf("%s %d of %d: %s", what, n, total, relpath);

	pgstat_report_activity(STATE_RUNNING, activity);
	ereport(DEBUG1, (errmsg_internal("%s", activity)));
	pfree(activity);
}

/* After stmt ran: tables, views and functions count objects, not statements. */
static void
count_statement(WalkState *state, Node *parsetree, StatementKind kind)
{
	BuildSummary *summary = &state->summary;

	summary->statements++;
	switch (counts_note(state->counts, parsetree, kind))
	{
		case STATEMENT_TABLE:
			summary->tables++;
			break;
		case STATEMENT_VIEW:
			summary->views++;
			break;
		case STATEMENT_FUNCTION:
			summary->functions++;
			break;
		case STATEMENT_OTHER:
			break;
	}
}

static PlanRow *
add_plan_row(WalkState *state, const char *action)
{
	PlanRow    *row = MemoryContextAllocZero(state->resultcxt, sizeof(PlanRow));
	MemoryContext cxt = MemoryContextSwitchTo(state->resultcxt);

	row->action = action;
	row->bytes = -1;
	row->statements = -1;
	state->plan = lappend(state->plan, row);
	MemoryContextSwitchTo(cxt);
	return row;
}

static void
walk_file(WalkState *state, const TreeFile *file, BuildLocation *loc, Sha256 *treehash)
{
	SourceText	src;
	ScriptScan *scan;
	ScriptStatement stmt;
	MemoryContext filecxt = CurrentMemoryContext;
	MemoryContext stmtcxt;
	PlanRow    *filerow = NULL;
	int			nstatements = 0;
	bool		kept_any = false;

	source_read(file->abspath, loc, &src);
	if (state->history != NULL)
		history_note_file(state->history, file->relpath, src.raw, src.rawlen);

	/* relative path, NUL, raw bytes, NUL: see "The tree hash" in README.md */
	sha256_update(treehash, file->relpath, strlen(file->relpath) + 1);
	sha256_update(treehash, src.raw, src.rawlen);
	sha256_update(treehash, "", 1);

	if (state->mode == WALK_HASH)
		return;

	if (state->mode == WALK_PLAN)
	{
		Sha256	   *filehash = sha256_begin();

		filerow = add_plan_row(state, "execute");
		filerow->file = MemoryContextStrdup(state->resultcxt, file->relpath);
		filerow->bytes = src.rawlen;
		sha256_update(filehash, src.raw, src.rawlen);
		sha256_finish(filehash, filerow->sha256);
	}

	/*
	 * One statement at a time, its parse tree and whatever running it leaves
	 * in a context reset after it: memory does not grow with the statements.
	 */
	stmtcxt = AllocSetContextCreate(filecxt, "confiture statement",
									ALLOCSET_DEFAULT_SIZES);
	scan = script_begin(src.sql, src.sqllen, loc);
	for (;;)
	{
		bool		selected;
		const char *note;
		bool		lost;

		CHECK_FOR_INTERRUPTS();
		MemoryContextReset(stmtcxt);
		MemoryContextSwitchTo(stmtcxt);
		if (!script_next(scan, &stmt))
			break;
		nstatements++;

		if (state->mode == WALK_BUILD)
		{
			char	   *stripped = state->twopass == NULL ? NULL :
				twopass_strip(state->twopass, stmt.parsetree, stmt.sql, file->relpath, stmt.line);

			runner_execute(stripped != NULL ? stripped : stmt.sql);
			if (stripped != NULL)
				twopass_defer(state->twopass, stmt.parsetree, true);
			script_settings_changed(scan);
			count_statement(state, stmt.parsetree, stmt.kind);
			continue;
		}
		if (state->mode == WALK_PLAN)
		{
			if (state->twopass != NULL &&
				twopass_strip(state->twopass, stmt.parsetree, stmt.sql, file->relpath, stmt.line) != NULL)
				twopass_defer(state->twopass, stmt.parsetree, false);
			continue;
		}

		selected = readside_selects(state->readside, stmt.parsetree, &note, &lost);
		if (lost)
		{
			MemoryContext cxt = MemoryContextSwitchTo(state->walkcxt);

			state->readside->lost = lappend(state->readside->lost,
											psprintf("%s line %d: %s is %s.", file->relpath, stmt.line,
													 readside_describe_statement(stmt.parsetree), note));
			MemoryContextSwitchTo(cxt);
		}
		if (state->mode == WALK_PLAN_VIEWS)
		{
			PlanRow    *row = add_plan_row(state, selected ? "execute" : "skip");
			MemoryContext cxt;

			if (selected && state->twopass != NULL &&
				twopass_strip(state->twopass, stmt.parsetree, stmt.sql, file->relpath, stmt.line) != NULL)
				twopass_defer(state->twopass, stmt.parsetree, false);
			cxt = MemoryContextSwitchTo(state->resultcxt);

			row->file = pstrdup(file->relpath);
			row->line = stmt.line;
			row->statements = 1;
			row->object = readside_describe_statement(stmt.parsetree);
			if (note != NULL)
				row->object = psprintf("%s (%s)", row->object, note);
			state->statement_rows = lappend(state->statement_rows, row);
			MemoryContextSwitchTo(cxt);
		}
		else if (selected)
		{
			MemoryContext cxt = MemoryContextSwitchTo(state->walkcxt);
			KeptStatement *kept = palloc(sizeof(KeptStatement));

			kept->relpath = file->relpath;
			kept->line = stmt.line;
			kept->sql = pstrdup(stmt.sql);
			kept->kind = stmt.kind;
			kept->parsetree = copyObject(stmt.parsetree);
			kept->statement = state->readside->nstatements;
			state->kept = lappend(state->kept, kept);
			MemoryContextSwitchTo(cxt);
			kept_any = true;
		}
	}
	MemoryContextSwitchTo(filecxt);
	script_end(scan);
	MemoryContextDelete(stmtcxt);
	if (filerow != NULL)
		filerow->statements = nstatements;
	if (kept_any)
		state->files_kept++;
}

/*
 * Views-only plan: a "keep rows" row after the statement that recreates each
 * table whose rows are kept, where the rebuild copies them back.
 */
static void
plan_keep_rows(WalkState *state)
{
	MemoryContext cxt = MemoryContextSwitchTo(state->resultcxt);
	List	   *plan = list_copy(state->drop_rows);
	ListCell   *lc;

	foreach(lc, state->statement_rows)
	{
		ListCell   *lc2;

		plan = lappend(plan, lfirst(lc));
		foreach(lc2, state->keep)
		{
			KeptTable  *kt = lfirst(lc2);

			if (kt->restore_after == foreach_current_index(lc) + 1)
			{
				PlanRow    *row = palloc0(sizeof(PlanRow));

				row->action = "keep rows";
				row->file = ((PlanRow *) lfirst(lc))->file;
				row->line = ((PlanRow *) lfirst(lc))->line;
				row->bytes = -1;
				row->statements = -1;
				row->object = pstrdup(kt->description);
				plan = lappend(plan, row);
			}
		}
	}
	state->plan = plan;
	MemoryContextSwitchTo(cxt);
}

/*
 * Refuses kept rows that would not fit, before anything is dropped, naming
 * the file and line of the statement that recreates their table.
 */
static void
check_kept_rows(WalkState *state, BuildLocation *loc)
{
	ListCell   *lc;

	foreach(lc, state->keep)
	{
		KeptTable  *kt = lfirst(lc);
		ListCell   *lc2;

		if (state->mode == WALK_PLAN_VIEWS)
		{
			PlanRow    *row = list_nth(state->statement_rows, kt->statement - 1);

			location_enter_file(loc, row->file);
			loc->line = row->line;
		}
		foreach(lc2, state->kept)
		{
			KeptStatement *kept = lfirst(lc2);

			if (kept->statement != kt->statement)
				continue;
			location_enter_file(loc, kept->relpath);
			loc->line = kept->line;
		}
		keeprows_check(kt);
	}
	location_leave_file(loc);
}

/* Views-only: drop the read side, then run what recreates it, in order. */
static void
rebuild_read_side(WalkState *state, BuildLocation *loc)
{
	ListCell   *lc;
	StringInfoData lost;
	int			nlost;

	loc->phase = "while setting aside the rows of read-side tables the tree does not fill";
	keeprows_save(state->keep);
	loc->phase = "while dropping the read side";
	state->summary.dropped = readside_drop(state->readside);
	loc->phase = NULL;

	if (state->kept == NIL)
		ereport(NOTICE,
				(errmsg("confiture: the tree has no read-side statements; the read side was dropped and not recreated")));

	foreach(lc, state->kept)
	{
		KeptStatement *kept = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (loc->relpath != kept->relpath)
			location_enter_file(loc, kept->relpath);
		report_progress("confiture_build_views: statement", foreach_current_index(lc) + 1,
						list_length(state->kept), kept->relpath);
		loc->line = kept->line;
		{
			char	   *stripped = state->twopass == NULL ? NULL :
				twopass_strip(state->twopass, kept->parsetree, kept->sql, kept->relpath, kept->line);

			runner_execute(stripped != NULL ? stripped : kept->sql);
			if (stripped != NULL)
				twopass_defer(state->twopass, kept->parsetree, true);
		}
		count_statement(state, kept->parsetree, kept->kind);
		/* Right after its CREATE TABLE, before what the tree does with it. */
		state->summary.kept_rows += keeprows_restore(state->keep, kept->statement,
													 &state->summary.kept_tables);
	}
	location_leave_file(loc);
	loc->phase = "while keeping the rows of read-side tables the tree does not fill";
	state->summary.kept_rows += keeprows_restore(state->keep, -1, &state->summary.kept_tables);
	loc->phase = NULL;
	if (state->twopass != NULL)
		state->summary.statements += twopass_finish(state->twopass, loc);
	loc->phase = "while moving the sequences of read-side tables past the rows kept";
	keeprows_finish_sequences(state->keep);
	loc->phase = NULL;
	state->summary.files = state->files_kept;

	/* What a full build would have and the rebuild could not restore. */
	initStringInfo(&lost);
	nlost = readside_not_recreated(state->readside, &lost);
	if (nlost > 0)
		ereport(WARNING,
				(errmsg("confiture: the views-only rebuild did not restore %d %s of the read side",
						nlost, nlost == 1 ? "object" : "objects"),
				 errdetail("%s", lost.data),
				 errhint("What the tree no longer defines is gone, as after a full build. What the tree creates inside "
						 "DO blocks, functions or CREATE SCHEMA is not rerun by a views-only rebuild: create it with "
						 "statements of its own, or run a full build.")));
}

/*
 * The files of a walk, in build order: the tree at path, or with env the
 * files the environment of the project at path selects (and its two_pass).
 * Returns the root the build history knows the walk by.
 */
static const char *
walk_files(const char *path, BuildOptions *options, SchemaTree **tree)
{
	Environment *env;
	SchemaTree *all;
	char	   *project;

	if (options->env == NULL)
	{
		*tree = tree_scan(path);
		return (*tree)->root;
	}
	env = environment_load(path, options->env);
	*tree = environment_files(env, options->schema_only, &all);
	options->two_pass = env->two_pass;
	project = pstrdup(path);
	canonicalize_path(project);
	return project;
}

static void
walk_tree(const char *path, WalkState *state)
{
	const char *root;
	MemoryContext walkcxt;
	MemoryContext filecxt;
	BuildLocation loc;
	SchemaTree *tree;
	Sha256	   *treehash;
	bool		views = state->mode == WALK_VIEWS || state->mode == WALK_PLAN_VIEWS;
	bool		uses_spi = walk_executes(state->mode) || views;

	state->resultcxt = CurrentMemoryContext;
	walkcxt = AllocSetContextCreate(CurrentMemoryContext, "confiture walk",
									ALLOCSET_DEFAULT_SIZES);
	state->walkcxt = walkcxt;
	filecxt = AllocSetContextCreate(walkcxt, "confiture file",
									ALLOCSET_DEFAULT_SIZES);
	MemoryContextSwitchTo(walkcxt);
	if (walk_executes(state->mode))
		state->counts = counts_create();

	location_push(&loc);

	if (walk_executes(state->mode))
	{
		/* Lock first: a waiting build then reads the tree as it is after. */
		loc.phase = "while waiting for another confiture build of this database to finish";
		DirectFunctionCall1(pg_advisory_xact_lock_int8,
							Int64GetDatum(CONFITURE_BUILD_LOCK_KEY));
		loc.phase = NULL;
		state->summary.started = GetCurrentTimestamp();
		state->history = history_begin(state->mode == WALK_VIEWS ? "views" : "build", &state->options);
	}

	root = walk_files(path, &state->options, &tree);
	if (state->options.two_pass && state->mode != WALK_HASH)
		state->twopass = twopass_create(walkcxt);
	state->summary.files = tree->nfiles;
	if (state->options.if_changed && history_unchanged(state->history, root, &state->summary))
	{
		state->summary.files = 0;
		goto done;
	}

	if (uses_spi)
		runner_connect();
	if (state->options.reset)
		state->summary.reset_detail = reset_database(tree, &loc, state->resultcxt);
	if (views)
	{
		ListCell   *lc;

		/* A rebuild locks what it will drop, as DROP would. */
		state->readside = readside_load(state->mode == WALK_VIEWS);
		/* The plan lists the drop first, as the rebuild does it first. */
		if (state->mode == WALK_PLAN_VIEWS)
		{
			foreach(lc, state->readside->objects)
			{
				PlanRow    *row = add_plan_row(state, "drop");

				row->object = MemoryContextStrdup(state->resultcxt,
												  ((ReadSideObject *) lfirst(lc))->description);
				state->drop_rows = lappend(state->drop_rows, row);
			}
		}
	}

	treehash = sha256_begin();
	for (int i = 0; i < tree->nfiles; i++)
	{
		const TreeFile *file = &tree->files[i];

		CHECK_FOR_INTERRUPTS();
		location_enter_file(&loc, file->relpath);
		if (state->mode == WALK_BUILD)
			report_progress("confiture_build: file", i + 1, tree->nfiles, file->relpath);
		else if (state->mode == WALK_VIEWS)
			report_progress("confiture_build_views: reading file", i + 1, tree->nfiles, file->relpath);

		MemoryContextSwitchTo(filecxt);
		walk_file(state, file, &loc, treehash);
		MemoryContextSwitchTo(walkcxt);
		MemoryContextReset(filecxt);
	}
	location_leave_file(&loc);
	sha256_finish(treehash, state->summary.hash);

	/* build.two_pass: the foreign keys, once every table exists. */
	if (state->twopass != NULL && state->mode == WALK_BUILD)
		state->summary.statements += twopass_finish(state->twopass, &loc);

	/* Refusals need the whole tree read: a dependent may be created anywhere. */
	if (views)
	{
		readside_end_walk(state->readside);
		readside_check_dependents(state->readside);
		state->keep = keeprows_find(state->readside);
		check_kept_rows(state, &loc);
	}
	if (state->mode == WALK_PLAN_VIEWS)
	{
		ListCell   *lc;

		foreach(lc, state->drop_rows)
		{
			PlanRow    *droprow = lfirst(lc);
			ReadSideObject *obj = list_nth(state->readside->objects, foreach_current_index(lc));

			if (!readside_recreated(state->readside, obj))
				droprow->object = MemoryContextStrdup(state->resultcxt,
													  psprintf("%s (not recreated by the tree)", droprow->object));
		}
		plan_keep_rows(state);
	}
	/* Planned: the foreign keys two_pass adds once every table exists. */
	if (state->twopass != NULL && (state->mode == WALK_PLAN || state->mode == WALK_PLAN_VIEWS))
	{
		ListCell   *lc;

		foreach(lc, state->twopass->deferred)
		{
			DeferredKey *key = lfirst(lc);
			PlanRow    *row = add_plan_row(state, "execute");

			row->file = MemoryContextStrdup(state->resultcxt, key->relpath);
			row->line = key->line;
			row->statements = 1;
			row->object = MemoryContextStrdup(state->resultcxt, key->sql);
		}
	}
	if (state->mode == WALK_VIEWS)
		rebuild_read_side(state, &loc);

	if (walk_executes(state->mode))
	{
		loc.phase = "while logging the build in confiture.build_log";
		state->summary.build_id = history_record(state->history, root, &state->summary);
		loc.phase = NULL;
	}
	if (uses_spi)
		runner_disconnect();
done:
	if (walk_executes(state->mode))
	{
		if (debug_query_string != NULL)
			pgstat_report_activity(STATE_RUNNING, debug_query_string);
		state->summary.finished = GetCurrentTimestamp();
	}

	location_pop(&loc);
	MemoryContextSwitchTo(state->resultcxt);
	MemoryContextDelete(walkcxt);
}

static const char *
plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * A build, a views-only rebuild or a reset writes: refused in a read-only
 * transaction and on a standby, as PostgreSQL's own commands are.
 */
static void
prevent_if_read_only(WalkMode mode)
{
	const char *command = mode == WALK_VIEWS ? "confiture_build_views()" : "confiture_build()";

	PreventCommandIfReadOnly(command);
	PreventCommandDuringRecovery(command);
}

/* A walk of the given mode; an executing one refuses to nest in another. */
static void
walk(WalkMode mode, const char *path, const BuildOptions *options, WalkState *state)
{
	memset(state, 0, sizeof(WalkState));
	state->mode = mode;
	if (options != NULL)
		state->options = *options;
	if (!walk_executes(mode))
	{
		walk_tree(path, state);
		return;
	}

	prevent_if_read_only(mode);
	if (build_in_progress)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("a confiture build cannot run inside another build"),
				 errhint("A file of the tree calls confiture_build or confiture_build_views; remove that call.")));

	build_in_progress = true;
	PG_TRY();
	{
		walk_tree(path, state);
	}
	PG_FINALLY();
	{
		build_in_progress = false;
	}
	PG_END_TRY();
}

static double
elapsed_seconds(const BuildSummary *summary)
{
	long		secs;
	int			usecs;

	TimestampDifference(summary->started, summary->finished, &secs, &usecs);
	return secs + usecs / 1000000.0;
}

void
build_tree(const char *path, const BuildOptions *options, BuildSummary *summary)
{
	WalkState	state;

	walk(WALK_BUILD, path, options, &state);
	*summary = state.summary;
	if (summary->skipped)
		return;					/* history_unchanged said so */
	ereport(NOTICE,
			(errmsg("confiture: built %d %s (%d %s) in %.2f s: %d %s, %d %s, %d %s",
					summary->files, plural(summary->files, "file", "files"),
					summary->statements, plural(summary->statements, "statement", "statements"),
					elapsed_seconds(summary),
					summary->tables, plural(summary->tables, "table", "tables"),
					summary->views, plural(summary->views, "view", "views"),
					summary->functions, plural(summary->functions, "function", "functions")),
			 summary->reset_detail ? errdetail("%s", summary->reset_detail) : 0));
}

void
build_views(const char *path, const BuildOptions *options, BuildSummary *summary)
{
	WalkState	state;

	walk(WALK_VIEWS, path, options, &state);
	*summary = state.summary;
	if (summary->skipped)
		return;					/* history_unchanged said so */
	ereport(NOTICE,
			(errmsg("confiture: rebuilt read side from %d %s (%d %s) in %.2f s: dropped %d, created %d %s, %d %s, %d %s%s",
					summary->files, plural(summary->files, "file", "files"),
					summary->statements, plural(summary->statements, "statement", "statements"),
					elapsed_seconds(summary),
					summary->dropped,
					summary->views, plural(summary->views, "view", "views"),
					summary->tables, plural(summary->tables, "table", "tables"),
					summary->functions, plural(summary->functions, "function", "functions"),
					summary->kept_tables == 0 ? "" :
					psprintf("; kept " INT64_FORMAT " %s of %d %s", summary->kept_rows,
							 plural(summary->kept_rows, "row", "rows"), summary->kept_tables,
							 plural(summary->kept_tables, "table", "tables")))));
}

List *
build_plan(const char *path, bool views_only, const BuildOptions *options)
{
	WalkState	state;

	walk(views_only ? WALK_PLAN_VIEWS : WALK_PLAN, path, options, &state);
	return state.plan;
}

void
build_hash(const char *path, const BuildOptions *options, char hash[SHA256_HEX_LENGTH + 1])
{
	WalkState	state;
	BuildOptions selection = {0};

	/* Only what selects the files: a hash never builds. */
	if (options != NULL)
	{
		selection.env = options->env;
		selection.schema_only = options->schema_only;
	}
	walk(WALK_HASH, path, &selection, &state);
	memcpy(hash, state.summary.hash, SHA256_HEX_LENGTH + 1);
}

void
build_confiture_hash(const char *path, const BuildOptions *options, const char *variant,
					 char hash[SHA256_HEX_LENGTH + 1])
{
	SchemaTree *files;

	if (options->env == NULL && strcmp(variant, "python") == 0)
	{
		/* A tree's own hash: Confiture's, with the tree as the one include directory. */
		build_hash(path, options, hash);
		return;
	}
	if (options->env == NULL)
		files = tree_scan(path);
	else
	{
		Environment *env = environment_load(path, options->env);
		SchemaTree *all;
		SchemaTree *selected = environment_files(env, options->schema_only, &all);

		/* compute_hash covers every file find_sql_files finds, in its order. */
		files = options->schema_only ? selected : all;
	}
	confhash_compute(files, variant, hash);
}

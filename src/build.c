/*
 * build.c: owns the walk over a tree's files shared by build, plan and hash:
 * the build's lock, its memory discipline, its progress report and summary.
 *
 * Files are read, parsed and executed one at a time, each in a memory
 * context reset afterwards, so memory is bounded by the largest file rather
 * than by the tree.  Nothing here commits: the caller's transaction holds the
 * whole build, so any error leaves the database as it was.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "pgstat.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"

#include "build.h"
#include "location.h"
#include "reset.h"
#include "runner.h"
#include "script.h"
#include "source.h"
#include "tree.h"

/*
 * Transaction-scoped advisory lock serialising builds on one database: the
 * bytes of "confitur".  Documented in README.md, so other tools can take it.
 */
#define CONFITURE_BUILD_LOCK_KEY INT64CONST(0x636F6E6669747572)

typedef enum WalkMode
{
	WALK_HASH,
	WALK_PLAN,
	WALK_BUILD
} WalkMode;

typedef struct WalkState
{
	WalkMode	mode;
	BuildSummary summary;
	List	   *plan;			/* PlanEntry, in the caller's context */
} WalkState;

/* A file of the tree may call confiture_build: refuse rather than nest. */
static bool build_in_progress = false;

static void
report_progress(int fileno, int nfiles, const char *relpath)
{
	char	   *activity = psprintf("confiture_build: file %d of %d: %s",
									fileno, nfiles, relpath);

	pgstat_report_activity(STATE_RUNNING, activity);
	ereport(DEBUG1,
			(errmsg_internal("confiture: executing file %d of %d: \"%s\"",
							 fileno, nfiles, relpath)));
	pfree(activity);
}

static void
count_statement(BuildSummary *summary, const ScriptStatement *stmt)
{
	summary->statements++;
	switch (stmt->kind)
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

static void
walk_file(WalkState *state, const TreeFile *file, BuildLocation *loc,
		  Sha256 *treehash, MemoryContext resultcxt)
{
	SourceText	src;
	List	   *statements = NIL;
	ListCell   *lc;

	source_read(file->abspath, loc, &src);

	/* relative path, NUL, raw bytes, NUL: see "The tree hash" in README.md */
	sha256_update(treehash, file->relpath, strlen(file->relpath) + 1);
	sha256_update(treehash, src.raw, src.rawlen);
	sha256_update(treehash, "", 1);

	if (state->mode == WALK_HASH)
		return;

	statements = script_parse(src.sql, loc);

	if (state->mode == WALK_PLAN)
	{
		PlanEntry  *entry = MemoryContextAlloc(resultcxt, sizeof(PlanEntry));
		Sha256	   *filehash = sha256_begin();
		MemoryContext filecxt;

		entry->file = MemoryContextStrdup(resultcxt, file->relpath);
		entry->bytes = src.rawlen;
		entry->statements = list_length(statements);
		sha256_update(filehash, src.raw, src.rawlen);
		sha256_finish(filehash, entry->sha256);
		filecxt = MemoryContextSwitchTo(resultcxt);
		state->plan = lappend(state->plan, entry);
		MemoryContextSwitchTo(filecxt);
		return;
	}

	foreach(lc, statements)
	{
		ScriptStatement *stmt = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		loc->line = stmt->line;
		runner_execute(stmt->sql);
		count_statement(&state->summary, stmt);
	}
}

static void
walk_tree(const char *path, bool reset, WalkState *state)
{
	MemoryContext resultcxt = CurrentMemoryContext;
	MemoryContext walkcxt;
	MemoryContext filecxt;
	BuildLocation loc;
	SchemaTree *tree;
	Sha256	   *treehash;

	walkcxt = AllocSetContextCreate(CurrentMemoryContext, "confiture walk",
									ALLOCSET_DEFAULT_SIZES);
	filecxt = AllocSetContextCreate(walkcxt, "confiture file",
									ALLOCSET_DEFAULT_SIZES);
	MemoryContextSwitchTo(walkcxt);

	location_push(&loc);

	if (state->mode == WALK_BUILD)
	{
		/* Lock first: a waiting build then reads the tree as it is after. */
		loc.phase = "while waiting for another confiture build of this database to finish";
		DirectFunctionCall1(pg_advisory_xact_lock_int8,
							Int64GetDatum(CONFITURE_BUILD_LOCK_KEY));
		loc.phase = NULL;
		state->summary.started = GetCurrentTimestamp();
	}

	tree = tree_scan(path);
	state->summary.files = tree->nfiles;

	if (state->mode == WALK_BUILD)
	{
		runner_connect();
		if (reset)
		{
			loc.phase = "while resetting the database (reset => true)";
			reset_database();
			loc.phase = NULL;
		}
	}

	treehash = sha256_begin();
	for (int i = 0; i < tree->nfiles; i++)
	{
		const TreeFile *file = &tree->files[i];

		CHECK_FOR_INTERRUPTS();
		location_enter_file(&loc, file->relpath);
		if (state->mode == WALK_BUILD)
			report_progress(i + 1, tree->nfiles, file->relpath);

		MemoryContextSwitchTo(filecxt);
		walk_file(state, file, &loc, treehash, resultcxt);
		MemoryContextSwitchTo(walkcxt);
		MemoryContextReset(filecxt);
	}
	location_leave_file(&loc);
	sha256_finish(treehash, state->summary.hash);

	if (state->mode == WALK_BUILD)
	{
		runner_disconnect();
		if (debug_query_string != NULL)
			pgstat_report_activity(STATE_RUNNING, debug_query_string);
		state->summary.finished = GetCurrentTimestamp();
	}

	location_pop(&loc);
	MemoryContextSwitchTo(resultcxt);
	MemoryContextDelete(walkcxt);
}

static const char *
plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void
build_tree(const char *path, bool reset, BuildSummary *summary)
{
	WalkState	state;
	long		secs;
	int			usecs;

	if (build_in_progress)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("confiture_build cannot be called during a build"),
				 errhint("A file of the tree calls confiture_build; remove that call.")));

	memset(&state, 0, sizeof(state));
	state.mode = WALK_BUILD;

	build_in_progress = true;
	PG_TRY();
	{
		walk_tree(path, reset, &state);
	}
	PG_FINALLY();
	{
		build_in_progress = false;
	}
	PG_END_TRY();

	*summary = state.summary;
	TimestampDifference(summary->started, summary->finished, &secs, &usecs);
	ereport(NOTICE,
			(errmsg("confiture: built %d %s (%d %s) in %.2f s: %d %s, %d %s, %d %s",
					summary->files, plural(summary->files, "file", "files"),
					summary->statements, plural(summary->statements, "statement", "statements"),
					secs + usecs / 1000000.0,
					summary->tables, plural(summary->tables, "table", "tables"),
					summary->views, plural(summary->views, "view", "views"),
					summary->functions, plural(summary->functions, "function", "functions"))));
}

List *
build_plan(const char *path)
{
	WalkState	state;

	memset(&state, 0, sizeof(state));
	state.mode = WALK_PLAN;
	walk_tree(path, false, &state);
	return state.plan;
}

void
build_hash(const char *path, char hash[SHA256_HEX_LENGTH + 1])
{
	WalkState	state;

	memset(&state, 0, sizeof(state));
	state.mode = WALK_HASH;
	walk_tree(path, false, &state);
	memcpy(hash, state.summary.hash, SHA256_HEX_LENGTH + 1);
}

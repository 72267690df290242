/*
 * history.c: owns the build history in confiture.build_log (with the
 * per-file digests in confiture.build_file and the per-object digests of the
 * schema fingerprint in confiture.build_object): logging a build, skipping
 * an unchanged one (if_changed), and comparing a tree or the database with
 * the last logged build (confiture_changes, confiture_drift).
 *
 * The log is written in the build's own transaction, so a build that fails
 * or is rolled back leaves no row.  Nobody but the extension's owner may
 * read or write the log tables (PUBLIC has no rights on them): confiture
 * reads and writes them on the caller's behalf as their owner, in a
 * security-restricted operation, for these fixed queries only.  The
 * fingerprint and the tree are read as the caller.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "fingerprint.h"
#include "history.h"
#include "runner.h"
#include "tree.h"

struct BuildHistory
{
	MemoryContext cxt;
	const char *mode;			/* "build" or "views" */
	BuildOptions options;
	List	   *files;			/* relative paths, in build order */
	List	   *digests;		/* their SHA-256, hex */
};

/* A logged build, as a lookup finds it. */
typedef struct LoggedBuild
{
	int64		id;
	TimestampTz finished;
	char	   *tree_hash;
	char	   *fingerprint;
} LoggedBuild;

/*
 * The log's owner, whose rights read and write it; no row while the
 * extension's SQL is still at 0.1.0 (library updated, ALTER EXTENSION
 * UPDATE not yet run), when builds are not logged.
 */
static const char *const log_owner_query =
"SELECT c.relowner FROM pg_catalog.pg_class AS c, pg_catalog.pg_namespace AS n"
" WHERE n.oid OPERATOR(pg_catalog.=) c.relnamespace AND n.nspname OPERATOR(pg_catalog.=) 'confiture'"
"   AND c.relname OPERATOR(pg_catalog.=) 'build_log'";

/* The last logged build of a root ($1) and env ($2), of a mode ($3) or any. */
static const char *const last_build_query =
"SELECT l.id, l.finished, l.tree_hash, l.fingerprint FROM confiture.build_log AS l"
" WHERE ($1 IS NULL OR l.root OPERATOR(pg_catalog.=) $1)"
"   AND ($1 IS NULL OR l.env IS NOT DISTINCT FROM $2)"
"   AND ($3 IS NULL OR l.mode OPERATOR(pg_catalog.=) $3)"
" ORDER BY l.id DESC LIMIT 1";

static const char *const insert_build_query =
"INSERT INTO confiture.build_log"
"  (started, finished, role, root, env, mode, reset, files, statements, tree_hash, fingerprint)"
" VALUES ($1, pg_catalog.clock_timestamp(), $2, $3, $4, $5, $6, $7, $8, $9, $10)"
" RETURNING id";

static const char *const insert_files_query =
"INSERT INTO confiture.build_file (build_id, file, sha256)"
" SELECT $1, f.file, f.sha256 FROM ROWS FROM (pg_catalog.unnest($2::pg_catalog.text[]), pg_catalog.unnest($3::pg_catalog.text[])) AS f(file, sha256)";

static const char *const insert_objects_query =
"INSERT INTO confiture.build_object (build_id, kind, object, digest)"
" SELECT $1, o.kind, o.object, o.digest"
"   FROM ROWS FROM (pg_catalog.unnest($2::pg_catalog.text[]), pg_catalog.unnest($3::pg_catalog.text[]),"
"                   pg_catalog.unnest($4::pg_catalog.text[])) AS o(kind, object, digest)";

/* The tree ($2, $3) against the files of build $1, in build order. */
static const char *const changes_query =
"SELECT COALESCE(t.file, b.file),"
"       CASE WHEN b.file IS NULL THEN 'added' WHEN t.file IS NULL THEN 'removed' ELSE 'modified' END"
"  FROM ROWS FROM (pg_catalog.unnest($2::pg_catalog.text[]), pg_catalog.unnest($3::pg_catalog.text[]))"
"       WITH ORDINALITY AS t(file, sha256, seq)"
"  FULL JOIN (SELECT f.file, f.sha256 FROM confiture.build_file AS f"
"              WHERE f.build_id OPERATOR(pg_catalog.=) $1) AS b"
"    ON b.file OPERATOR(pg_catalog.=) t.file"
" WHERE t.file IS NULL OR b.file IS NULL OR t.sha256 OPERATOR(pg_catalog.<>) b.sha256"
" ORDER BY t.seq, b.file COLLATE pg_catalog.\"C\"";

/* The database's objects ($2, $3, $4) against those of build $1. */
static const char *const drift_query =
"SELECT COALESCE(d.object, b.object), COALESCE(d.kind, b.kind),"
"       CASE WHEN b.object IS NULL THEN 'added' WHEN d.object IS NULL THEN 'removed' ELSE 'altered' END"
"  FROM ROWS FROM (pg_catalog.unnest($2::pg_catalog.text[]), pg_catalog.unnest($3::pg_catalog.text[]),"
"                 pg_catalog.unnest($4::pg_catalog.text[])) AS d(kind, object, digest)"
"  FULL JOIN (SELECT o.kind, o.object, o.digest FROM confiture.build_object AS o"
"              WHERE o.build_id OPERATOR(pg_catalog.=) $1) AS b"
"    ON b.kind OPERATOR(pg_catalog.=) d.kind AND b.object OPERATOR(pg_catalog.=) d.object"
" WHERE d.object IS NULL OR b.object IS NULL OR d.digest OPERATOR(pg_catalog.<>) b.digest"
" ORDER BY COALESCE(d.object, b.object) COLLATE pg_catalog.\"C\","
"          COALESCE(d.kind, b.kind) COLLATE pg_catalog.\"C\"";

/* The caller's identity while the log is open as its owner. */
typedef struct LogAccess
{
	Oid			saved_user;
	int			saved_context;
	int			nestlevel;
} LogAccess;

/*
 * Within an SPI connection: act as the log's owner until log_close.  False
 * (and nothing to close) when there is no log.
 */
static bool
log_open(LogAccess *access)
{
	bool		isnull;
	Oid			owner = InvalidOid;

	access->nestlevel = runner_pin_settings();
	runner_query(log_owner_query, 0, NULL, NULL, NULL, SPI_OK_SELECT);
	if (SPI_processed > 0)
		owner = DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_freetuptable(SPI_tuptable);
	if (!OidIsValid(owner))
	{
		runner_unpin_settings(access->nestlevel);
		return false;
	}

	GetUserIdAndSecContext(&access->saved_user, &access->saved_context);
	SetUserIdAndSecContext(owner, access->saved_context |
						   SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	return true;
}

static void
log_close(LogAccess *access)
{
	SetUserIdAndSecContext(access->saved_user, access->saved_context);
	runner_unpin_settings(access->nestlevel);
}

/* The last logged build matching; false when there is none. */
static bool
last_build(const char *root, const char *env, const char *mode, LoggedBuild *found)
{
	Oid			types[3] = {TEXTOID, TEXTOID, TEXTOID};
	Datum		values[3];
	char		nulls[3] = {' ', ' ', ' '};
	LogAccess	access;
	bool		exists;

	values[0] = root ? CStringGetTextDatum(root) : (Datum) 0;
	nulls[0] = root ? ' ' : 'n';
	values[1] = env ? CStringGetTextDatum(env) : (Datum) 0;
	nulls[1] = env ? ' ' : 'n';
	values[2] = mode ? CStringGetTextDatum(mode) : (Datum) 0;
	nulls[2] = mode ? ' ' : 'n';

	if (!log_open(&access))
		return false;
	runner_query(last_build_query, 3, types, values, nulls, SPI_OK_SELECT);
	log_close(&access);
	exists = SPI_processed > 0;
	if (exists)
	{
		HeapTuple	tuple = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;

		found->id = DatumGetInt64(SPI_getbinval(tuple, desc, 1, &isnull));
		found->finished = DatumGetTimestampTz(SPI_getbinval(tuple, desc, 2, &isnull));
		found->tree_hash = SPI_getvalue(tuple, desc, 3);
		found->fingerprint = SPI_getvalue(tuple, desc, 4);
	}
	SPI_freetuptable(SPI_tuptable);
	return exists;
}

BuildHistory *
history_begin(const char *mode, const BuildOptions *options)
{
	BuildHistory *history = palloc0(sizeof(BuildHistory));

	history->cxt = CurrentMemoryContext;
	history->mode = mode;
	history->options = *options;
	return history;
}

void
history_note_file(BuildHistory *history, const char *relpath, const char *raw, Size rawlen)
{
	MemoryContext cxt = MemoryContextSwitchTo(history->cxt);
	Sha256	   *digest = sha256_begin();
	char	   *hex = palloc(SHA256_HEX_LENGTH + 1);

	sha256_update(digest, raw, rawlen);
	sha256_finish(digest, hex);
	history->files = lappend(history->files, pstrdup(relpath));
	history->digests = lappend(history->digests, hex);
	MemoryContextSwitchTo(cxt);
}

bool
history_unchanged(BuildHistory *history, const char *root, BuildSummary *summary)
{
	LoggedBuild last;
	SchemaFingerprint fp;
	bool		found;

	runner_connect();
	found = last_build(root, history->options.env, history->mode, &last);
	runner_disconnect();
	if (!found)
		return false;

	/* The tree first: when it changed, the fingerprint need not be computed. */
	build_hash(root, &history->options, summary->hash);
	if (strcmp(summary->hash, last.tree_hash) != 0)
		return false;

	runner_connect();
	fingerprint_compute(&fp);
	runner_disconnect();
	if (strcmp(fp.fingerprint, last.fingerprint) != 0)
		return false;

	summary->skipped = true;
	summary->build_id = last.id;
	ereport(NOTICE,
			(errmsg("confiture: unchanged since build %lld at %s",
					(long long) last.id, timestamptz_to_str(last.finished)),
			 errdetail("The tree's hash and the schema fingerprint are those build %lld recorded; nothing was run.",
					   (long long) last.id)));
	return true;
}

int64
history_record(BuildHistory *history, const char *root, const BuildSummary *summary)
{
	SchemaFingerprint fp;
	LogAccess	access;
	Oid			types[10] = {TIMESTAMPTZOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID,
	INT4OID, INT4OID, TEXTOID, TEXTOID};
	Datum		values[10];
	char		nulls[10] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
	Oid			list_types[4] = {INT8OID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID};
	Datum		list_values[4];
	bool		isnull;
	int64		id;

	runner_connect();
	if (!log_open(&access))
	{
		runner_disconnect();
		return 0;
	}
	log_close(&access);
	fingerprint_compute(&fp);

	values[0] = TimestampTzGetDatum(summary->started);
	values[1] = CStringGetTextDatum(GetUserNameFromId(GetUserId(), false));
	values[2] = CStringGetTextDatum(root);
	values[3] = history->options.env ? CStringGetTextDatum(history->options.env) : (Datum) 0;
	values[4] = CStringGetTextDatum(history->mode);
	values[5] = BoolGetDatum(history->options.reset);
	values[6] = Int32GetDatum(summary->files);
	values[7] = Int32GetDatum(summary->statements);
	values[8] = CStringGetTextDatum(summary->hash);
	values[9] = CStringGetTextDatum(fp.fingerprint);
	nulls[3] = history->options.env ? ' ' : 'n';

	(void) log_open(&access);
	runner_query(insert_build_query, 10, types, values, nulls, SPI_OK_INSERT_RETURNING);
	id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_freetuptable(SPI_tuptable);

	list_values[0] = Int64GetDatum(id);
	list_values[1] = runner_text_array(history->files);
	list_values[2] = runner_text_array(history->digests);
	runner_query(insert_files_query, 3, list_types, list_values, NULL, SPI_OK_INSERT);

	list_values[1] = fp.kinds;
	list_values[2] = fp.objects;
	list_values[3] = fp.digests;
	runner_query(insert_objects_query, 4, list_types, list_values, NULL, SPI_OK_INSERT);
	log_close(&access);
	runner_disconnect();
	return id;
}

char *
history_root(const char *path)
{
	return tree_scan(path)->root;
}

/* Rows of the last query, as palloc'd arrays of ncols strings. */
static List *
result_rows(int ncols)
{
	List	   *rows = NIL;

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	  **row = palloc(sizeof(char *) * ncols);

		for (int col = 0; col < ncols; col++)
			row[col] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, col + 1);
		rows = lappend(rows, row);
	}
	SPI_freetuptable(SPI_tuptable);
	return rows;
}

List *
history_changes(const char *root, const char *env, List *files, List *digests)
{
	LoggedBuild last;
	LogAccess	access;
	Oid			types[3] = {INT8OID, TEXTARRAYOID, TEXTARRAYOID};
	Datum		values[3];
	List	   *rows;

	runner_connect();
	if (!last_build(root, env, NULL, &last))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 env ? errmsg("no build of \"%s\" with environment \"%s\" has been logged", root, env)
				 : errmsg("no build of \"%s\" has been logged", root),
				 errhint("Each build and views-only rebuild that commits is logged in confiture.build_log.")));

	values[0] = Int64GetDatum(last.id);
	values[1] = runner_text_array(files);
	values[2] = runner_text_array(digests);
	(void) log_open(&access);
	runner_query(changes_query, 3, types, values, NULL, SPI_OK_SELECT);
	log_close(&access);
	rows = result_rows(2);
	runner_disconnect();
	return rows;
}

List *
history_drift(void)
{
	LoggedBuild last;
	SchemaFingerprint fp;
	LogAccess	access;
	Oid			types[4] = {INT8OID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID};
	Datum		values[4];
	List	   *rows;

	runner_connect();
	if (!last_build(NULL, NULL, NULL, &last))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("no build has been logged in this database"),
				 errhint("Each build and views-only rebuild that commits is logged in confiture.build_log.")));

	fingerprint_compute(&fp);
	values[0] = Int64GetDatum(last.id);
	values[1] = fp.kinds;
	values[2] = fp.objects;
	values[3] = fp.digests;
	(void) log_open(&access);
	runner_query(drift_query, 4, types, values, NULL, SPI_OK_SELECT);
	log_close(&access);
	rows = result_rows(3);
	runner_disconnect();
	return rows;
}

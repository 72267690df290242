/*
 * build.h: the three passes over a tree: build, plan (dry run) and hash.
 */
#ifndef CONFITURE_BUILD_H
#define CONFITURE_BUILD_H

#include "postgres.h"

#include "nodes/pg_list.h"
#include "utils/timestamp.h"

#include "sha256.h"

typedef struct BuildSummary
{
	int			files;			/* files read; views-only: files that ran */
	int			statements;
	int			dropped;		/* views-only: objects dropped */
	int			tables;
	int			views;
	int			functions;
	int			kept_tables;	/* views-only: tables whose rows were kept */
	int64		kept_rows;		/* views-only: rows kept in them */
	TimestampTz started;
	TimestampTz finished;
	char		hash[SHA256_HEX_LENGTH + 1];
	char	   *reset_detail;	/* what reset => true did, or NULL */
	int64		build_id;		/* its row in confiture.build_log */
	bool		skipped;		/* if_changed, and nothing changed */
} BuildSummary;

/* The options of a build or views-only rebuild, as the SQL arguments give them. */
typedef struct BuildOptions
{
	bool		reset;			/* confiture_build only */
	bool		if_changed;
	const char *env;			/* an environment of the project at path, or NULL: path is a tree */
	bool		schema_only;	/* leave the environment's seed files out */
	bool		two_pass;		/* foreign keys after the last file (the environment's build.two_pass) */
} BuildOptions;

/* One row of confiture_plan; unknown fields are NULL / -1 / 0 / "". */
typedef struct PlanRow
{
	const char *action;			/* "execute", "drop", "skip" or "keep rows" */
	char	   *file;			/* relative to the root */
	int			line;
	int64		bytes;
	int			statements;
	char		sha256[SHA256_HEX_LENGTH + 1];
	char	   *object;
} PlanRow;

/* Executes the tree in the current transaction; fills summary. */
extern void build_tree(const char *path, const BuildOptions *options, BuildSummary *summary);

/* Drops and recreates the read side, keeping table data; fills summary. */
extern void build_views(const char *path, const BuildOptions *options, BuildSummary *summary);

/*
 * Reads and parses every file, executes nothing: a list of PlanRow, one per
 * file; views-only, one per object to drop and one per statement.
 */
extern List *build_plan(const char *path, bool views_only, const BuildOptions *options);

/* The tree hash, as defined in README.md, of the files options select. */
extern void build_hash(const char *path, const BuildOptions *options, char hash[SHA256_HEX_LENGTH + 1]);

/* Confiture's hash of the files options select: variant "python" or "rust". */
extern void build_confiture_hash(const char *path, const BuildOptions *options, const char *variant,
								 char hash[SHA256_HEX_LENGTH + 1]);

#endif							/* CONFITURE_BUILD_H */

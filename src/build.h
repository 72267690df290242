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
	int			files;
	int			statements;
	int			tables;
	int			views;
	int			functions;
	TimestampTz started;
	TimestampTz finished;
	char		hash[SHA256_HEX_LENGTH + 1];
} BuildSummary;

typedef struct PlanEntry
{
	char	   *file;			/* relative to the root */
	int64		bytes;
	int			statements;
	char		sha256[SHA256_HEX_LENGTH + 1];
} PlanEntry;

/* Executes the tree in the current transaction; fills summary. */
extern void build_tree(const char *path, bool reset, BuildSummary *summary);

/* Reads and parses every file, executes nothing: a list of PlanEntry. */
extern List *build_plan(const char *path);

/* The tree hash, as defined in README.md. */
extern void build_hash(const char *path, char hash[SHA256_HEX_LENGTH + 1]);

#endif							/* CONFITURE_BUILD_H */

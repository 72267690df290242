/*
 * history.h: the build log (confiture.build_log), if_changed, and the
 * comparisons with the last logged build.
 */
#ifndef CONFITURE_HISTORY_H
#define CONFITURE_HISTORY_H

#include "postgres.h"

#include "nodes/pg_list.h"

#include "build.h"

typedef struct BuildHistory BuildHistory;

/* A build about to run; mode is "build" or "views". */
extern BuildHistory *history_begin(const char *mode, const BuildOptions *options);

/* Notes the digest of a file the build read (raw: its bytes on disk). */
extern void history_note_file(BuildHistory *history, const char *relpath,
							  const char *raw, Size rawlen);

/*
 * With if_changed: true (and summary filled as a skipped build, NOTICE sent)
 * when the tree's hash and the schema fingerprint equal those of the last
 * logged build of root in this mode.
 */
extern bool history_unchanged(BuildHistory *history, const char *root, BuildSummary *summary);

/* Logs the build just done, in its transaction; returns its id. */
extern int64 history_record(BuildHistory *history, const char *root, const BuildSummary *summary);

/* The root of the tree at path, as builds log it. */
extern char *history_root(const char *path);

/*
 * Files (relative paths and their SHA-256, in build order) against the last
 * logged build of root and env: rows of {file, change}.
 */
extern List *history_changes(const char *root, const char *env, List *files, List *digests);

/* The database against the last logged build: rows of {object, kind, change}. */
extern List *history_drift(void);

#endif							/* CONFITURE_HISTORY_H */

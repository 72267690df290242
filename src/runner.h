/*
 * runner.h: executing statements through SPI in the caller's transaction.
 */
#ifndef CONFITURE_RUNNER_H
#define CONFITURE_RUNNER_H

#include "postgres.h"

#include "nodes/pg_list.h"

extern void runner_connect(void);
extern void runner_execute(const char *sql);
extern void runner_disconnect(void);

/*
 * For confiture's own catalog queries, until unpinned: search_path is
 * pg_catalog, pg_temp, and JIT is off.
 */
extern int	runner_pin_settings(void);
extern void runner_unpin_settings(int nestlevel);

/* Runs one of confiture's own queries; error unless it returns expected. */
extern void runner_query(const char *sql, int nargs, Oid *types, Datum *values,
						 const char *nulls, int expected);

/*
 * The same, reading with a snapshot taken now rather than the transaction's:
 * what concurrent transactions committed before the locks the caller holds
 * were granted, even under REPEATABLE READ, as PostgreSQL's own foreign key
 * checks read.  For rows that would otherwise be lost.
 */
extern void runner_query_latest(const char *sql, int expected);

/* A text[] parameter for a query, from a List of C strings. */
extern Datum runner_text_array(List *strings);

#endif							/* CONFITURE_RUNNER_H */

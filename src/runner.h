/*
 * runner.h: executing statements through SPI in the caller's transaction.
 */
#ifndef CONFITURE_RUNNER_H
#define CONFITURE_RUNNER_H

#include "postgres.h"

extern void runner_connect(void);
extern void runner_execute(const char *sql);
extern void runner_disconnect(void);

/*
 * For confiture's own catalog queries, until unpinned: search_path is
 * pg_catalog, pg_temp, and JIT is off.
 */
extern int	runner_pin_settings(void);
extern void runner_unpin_settings(int nestlevel);

#endif							/* CONFITURE_RUNNER_H */

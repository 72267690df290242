/*
 * runner.h: executing statements through SPI in the caller's transaction.
 */
#ifndef CONFITURE_RUNNER_H
#define CONFITURE_RUNNER_H

#include "postgres.h"

extern void runner_connect(void);
extern void runner_execute(const char *sql);
extern void runner_disconnect(void);

#endif							/* CONFITURE_RUNNER_H */

/*
 * counts.h: distinct tables, views and functions a build creates.
 */
#ifndef CONFITURE_COUNTS_H
#define CONFITURE_COUNTS_H

#include "postgres.h"

#include "script.h"

typedef struct ObjectCounts ObjectCounts;

/* An empty set, in the current memory context. */
extern ObjectCounts *counts_create(void);

/*
 * After stmt (of the given kind) ran: the kind to count when it created an
 * object not counted yet, STATEMENT_OTHER otherwise.
 */
extern StatementKind counts_note(ObjectCounts *counts, Node *stmt, StatementKind kind);

#endif							/* CONFITURE_COUNTS_H */

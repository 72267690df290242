/*
 * reset.h: emptying the database before a build with reset => true.
 */
#ifndef CONFITURE_RESET_H
#define CONFITURE_RESET_H

#include "postgres.h"

#include "location.h"
#include "tree.h"

/*
 * Drops what the tree builds and keeps the extensions it does not create
 * (rule in reset.c); returns the summary for the build's final NOTICE,
 * allocated in resultcxt.  Requires the runner's SPI connection.
 */
extern char *reset_database(const SchemaTree *tree, BuildLocation *loc,
							MemoryContext resultcxt);

#endif							/* CONFITURE_RESET_H */

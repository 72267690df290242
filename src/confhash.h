/*
 * confhash.h: Confiture's own schema hashes of a list of files.
 */
#ifndef CONFITURE_CONFHASH_H
#define CONFITURE_CONFHASH_H

#include "postgres.h"

#include "sha256.h"
#include "tree.h"

/*
 * variant "python": SchemaBuilder.compute_hash; "rust": the compiled
 * extension of the published Confiture.  Any other variant is an error.
 */
extern void confhash_compute(const SchemaTree *files, const char *variant,
							 char hash[SHA256_HEX_LENGTH + 1]);

#endif							/* CONFITURE_CONFHASH_H */

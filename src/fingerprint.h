/*
 * fingerprint.h: the schema fingerprint, object by object.
 */
#ifndef CONFITURE_FINGERPRINT_H
#define CONFITURE_FINGERPRINT_H

#include "postgres.h"

#include "sha256.h"

typedef struct SchemaFingerprint
{
	int			count;			/* objects */
	Datum		kinds;			/* text[]: pg_identify_object's type */
	Datum		objects;		/* text[]: pg_identify_object's identity */
	Datum		digests;		/* text[]: SHA-256 of each definition */
	char		fingerprint[SHA256_HEX_LENGTH + 1];
} SchemaFingerprint;

/* The current database's fingerprint.  Requires an SPI connection. */
extern void fingerprint_compute(SchemaFingerprint *fp);

#endif							/* CONFITURE_FINGERPRINT_H */

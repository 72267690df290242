/*
 * source.h: reading one SQL file into text the parser can take.
 */
#ifndef CONFITURE_SOURCE_H
#define CONFITURE_SOURCE_H

#include "postgres.h"

#include "location.h"

typedef struct SourceText
{
	char	   *raw;			/* the bytes on disk: what hashes cover */
	Size		rawlen;
	char	   *sql;			/* BOM dropped, in the server encoding,
								 * NUL-terminated */
	int			sqllen;
} SourceText;

extern void source_read(const char *abspath, BuildLocation *loc, SourceText *out);

#endif							/* CONFITURE_SOURCE_H */

/*
 * location.h: where a build stands in the tree (file, line), for the CONTEXT
 * line of every error raised while reading, parsing or executing a file.
 */
#ifndef CONFITURE_LOCATION_H
#define CONFITURE_LOCATION_H

#include "postgres.h"

typedef struct BuildLocation
{
	const char *phase;			/* context line outside files, or NULL */
	const char *relpath;		/* file relative to the tree root, or NULL */
	const char *text;			/* when set, error cursor positions are
								 * character offsets into this text */
	int			text_line;		/* line of the file where text starts */
	int			line;			/* 1-based line, 0 when unknown */
	int			error_offset;	/* byte offset in text of the last error
								 * cursor seen, or -1 */
	ErrorContextCallback callback;
} BuildLocation;

extern void location_push(BuildLocation *loc);
extern void location_pop(BuildLocation *loc);
extern void location_enter_file(BuildLocation *loc, const char *relpath);
extern void location_leave_file(BuildLocation *loc);

/* Most bytes of statement text an error message or QUERY carries. */
#define LOCATION_MAX_ERROR_TEXT 2000

extern void location_bound_error(ErrorData *edata);
extern void location_point_at_error(ErrorData *edata, const char *sql);
extern int	location_line_at_byte(const char *text, int offset);
extern int	location_byte_of_char(const char *text, int charpos);

#endif							/* CONFITURE_LOCATION_H */

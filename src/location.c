/*
 * location.c: owns the error context callback that names the file and line
 * of whatever goes wrong during a build, plan or hash.
 *
 * Errors raised by the parser carry a cursor position into the whole file's
 * text; a client would apply that position to its own query (the call of
 * confiture_build), so it is turned into a line number here and cleared.
 */
#include "postgres.h"

#include "mb/pg_wchar.h"

#include "location.h"

/* The location of the walk under way, for errors caught and rethrown. */
static BuildLocation *current_location = NULL;

static void
location_error_callback(void *arg)
{
	BuildLocation *loc = (BuildLocation *) arg;

	if (loc->relpath == NULL)
	{
		if (loc->phase != NULL)
			errcontext("%s", loc->phase);
		return;
	}

	if (loc->text != NULL)
	{
		int			cursorpos = geterrposition();

		if (cursorpos > 0)
		{
			loc->error_offset = location_byte_of_char(loc->text, cursorpos);
			loc->line = loc->text_line +
				location_line_at_byte(loc->text, loc->error_offset) - 1;
			errposition(0);
		}
	}

	if (loc->line > 0)
		errcontext("confiture file \"%s\", line %d", loc->relpath, loc->line);
	else
		errcontext("confiture file \"%s\"", loc->relpath);
}

void
location_push(BuildLocation *loc)
{
	loc->phase = NULL;
	loc->relpath = NULL;
	loc->text = NULL;
	loc->text_line = 1;
	loc->line = 0;
	loc->error_offset = -1;
	loc->callback.callback = location_error_callback;
	loc->callback.arg = loc;
	loc->callback.previous = error_context_stack;
	error_context_stack = &loc->callback;
	current_location = loc;
}

void
location_pop(BuildLocation *loc)
{
	Assert(error_context_stack == &loc->callback);
	error_context_stack = loc->callback.previous;
	current_location = NULL;
}

void
location_enter_file(BuildLocation *loc, const char *relpath)
{
	loc->relpath = relpath;
	loc->text = NULL;
	loc->text_line = 1;
	loc->line = 0;
	loc->error_offset = -1;
}

void
location_leave_file(BuildLocation *loc)
{
	location_enter_file(loc, NULL);
}

/* 1-based line number of a byte offset; text must be NUL-terminated. */
int
location_line_at_byte(const char *text, int offset)
{
	int			line = 1;
	const char *p = text;
	const char *end = text + offset;

	while (p < end && (p = memchr(p, '\n', end - p)) != NULL)
	{
		line++;
		p++;
	}
	return line;
}

/*
 * Byte offset of a 1-based character position as the scanner reports it
 * (it counts characters of the server encoding, not bytes).
 */
int
location_byte_of_char(const char *text, int charpos)
{
	const char *p = text;

	while (--charpos > 0 && *p != '\0')
		p += pg_mblen(p);
	return p - text;
}

/* str cut to LOCATION_MAX_ERROR_TEXT bytes with a note, or NULL if short. */
static char *
bounded_text(const char *str)
{
	int			len = strlen(str);
	int			cut;

	if (len <= LOCATION_MAX_ERROR_TEXT)
		return NULL;
	cut = pg_mbcliplen(str, len, LOCATION_MAX_ERROR_TEXT);
	return psprintf("%.*s... (%d more bytes not shown)", cut, str, len - cut);
}

/*
 * Errors quote the text they fail on: the scanner's "unterminated quoted
 * string at or near" quotes the rest of the file, and QUERY is the whole
 * statement.  Neither is sent whole: a few kB say where, the line says the
 * rest.
 */
void
location_bound_error(ErrorData *edata)
{
	char	   *cut;

	if (edata->message != NULL && (cut = bounded_text(edata->message)) != NULL)
		edata->message = cut;
	if (edata->internalquery != NULL &&
		(cut = bounded_text(edata->internalquery)) != NULL)
	{
		if (edata->internalpos > pg_mbstrlen_with_len(cut, LOCATION_MAX_ERROR_TEXT))
			edata->internalpos = 0;
		edata->internalquery = cut;
	}
}

/*
 * An error raised while executing sql through SPI: when it points into sql
 * (SPI turns the cursor of a parse or analysis error into an internal
 * position in its query), the context names the line of that position, not
 * the statement's first line.  SPI hides that cursor from the callback,
 * which cannot tell it from the position in a query nested deeper (a DO
 * block's), so the line is corrected here, where the query is known.
 */
void
location_point_at_error(ErrorData *edata, const char *sql)
{
	BuildLocation *loc = current_location;
	char	   *written;
	char	   *at;
	char	   *last = NULL;
	int			line;

	if (loc == NULL || loc->relpath == NULL || loc->line <= 0 ||
		edata->internalpos <= 0 || edata->internalquery == NULL ||
		edata->context == NULL || strcmp(edata->internalquery, sql) != 0)
		return;
	line = loc->line + location_line_at_byte(sql, location_byte_of_char(sql, edata->internalpos)) - 1;
	if (line == loc->line)
		return;

	written = psprintf("confiture file \"%s\", line %d", loc->relpath, loc->line);
	for (at = edata->context; (at = strstr(at, written)) != NULL; at++)
		last = at;
	if (last != NULL && (last[strlen(written)] == '\0' || last[strlen(written)] == '\n'))
		edata->context = psprintf("%.*sconfiture file \"%s\", line %d%s",
								  (int) (last - edata->context), edata->context,
								  loc->relpath, line, last + strlen(written));
	pfree(written);
}

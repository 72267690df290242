/*
 * script.h: one file's text as the list of statements a build executes.
 */
#ifndef CONFITURE_SCRIPT_H
#define CONFITURE_SCRIPT_H

#include "postgres.h"

#include "nodes/pg_list.h"

#include "location.h"

typedef enum StatementKind
{
	STATEMENT_OTHER,
	STATEMENT_TABLE,			/* CREATE [FOREIGN] TABLE, CREATE TABLE AS,
								 * SELECT INTO */
	STATEMENT_VIEW,				/* CREATE [MATERIALIZED] VIEW */
	STATEMENT_FUNCTION			/* CREATE FUNCTION or PROCEDURE */
} StatementKind;

typedef struct ScriptStatement
{
	Node	   *parsetree;		/* raw parse tree */
	char	   *sql;			/* its text, from its first token, NUL-terminated */
	int			line;			/* line of its first token */
	StatementKind kind;
} ScriptStatement;

typedef struct ScriptScan ScriptScan;

/*
 * Walks sql (a whole file, NUL-terminated, len bytes) one statement at a
 * time.  The text is modified while a statement is current (a NUL ends it)
 * and restored by the next call and by script_end.
 */
extern ScriptScan *script_begin(char *sql, int len, BuildLocation *loc);

/*
 * The next statement, parsed in the current memory context, leaving out the
 * BEGIN/COMMIT that may wrap the file; false at the end.  Raises an error
 * naming file and line for a syntax error or a statement a build cannot
 * honour.
 */
extern bool script_next(ScriptScan *scan, ScriptStatement *stmt);

/* After executing a statement: it may have changed how the rest is lexed. */
extern void script_settings_changed(ScriptScan *scan);

extern void script_end(ScriptScan *scan);

/* The raw parser's statements for str, or NIL when it does not parse. */
extern List *script_parse_quietly(const char *str);

#endif							/* CONFITURE_SCRIPT_H */

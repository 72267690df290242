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

/*
 * Parses sql (a whole file) and returns its ScriptStatements, leaving out the
 * BEGIN/COMMIT that may wrap it; raises an error naming file and line for a
 * syntax error or a statement a build cannot honour.
 */
extern List *script_parse(const char *sql, BuildLocation *loc);

#endif							/* CONFITURE_SCRIPT_H */

/*
 * script.c: owns turning a file's text into statements, with PostgreSQL's own
 * parser, and deciding which of them a build can honour.
 *
 * The build is one transaction inside the server, so three kinds of input
 * that psql would accept cannot be honoured: psql meta-commands, statements
 * that refuse to run in a transaction block, and COPY to or from the client.
 * Each gets an error of its own here, before anything of the file runs,
 * rather than the confusing message SPI or the grammar would give.
 */
#include "postgres.h"

#include "commands/defrem.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "parser/scanner.h"

#include "compat.h"
#include "script.h"

/* Byte offset of the first token of str, skipping whitespace and comments. */
static int
first_token_offset(const char *str)
{
	core_yy_extra_type yyextra;
	core_yyscan_t scanner;
	core_YYSTYPE yylval;
	YYLTYPE		yylloc = 0;

	scanner = scanner_init(str, &yyextra, &ScanKeywords, ScanKeywordTokens);
	if (core_yylex(&yylval, &yylloc, scanner) == 0)
		yylloc = 0;
	scanner_finish(scanner);
	return yylloc;
}

/* The raw parser's statement list for str, or NIL if it does not parse. */
List *
script_parse_quietly(const char *str)
{
	MemoryContext cxt = CurrentMemoryContext;
	ErrorContextCallback *saved_context = error_context_stack;
	List	   *volatile result = NIL;

	error_context_stack = NULL;
	PG_TRY();
	{
		result = confiture_raw_parser(str);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		FlushErrorState();
		result = NIL;
	}
	PG_END_TRY();
	error_context_stack = saved_context;
	return result;
}

static void
raise_copy_with_client(const CopyStmt *copy)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 copy->is_from ?
			 errmsg("COPY FROM STDIN is not supported in a confiture build") :
			 errmsg("COPY TO STDOUT is not supported in a confiture build"),
			 errdetail("A build runs inside the server, where there is no client stream to copy from or to."),
			 copy->is_from ?
			 errhint("Use INSERT statements, or COPY FROM a file on the database server.") :
			 errhint("Remove the statement, or COPY TO a file on the database server.")));
}

static void
raise_meta_command(const char *backslash)
{
	int			len = strcspn(backslash, " \t\r\n");
	char	   *command = pnstrdup(backslash, len);
	bool		include = strcmp(command, "\\i") == 0 || strcmp(command, "\\ir") == 0 ||
		strcmp(command, "\\include") == 0 || strcmp(command, "\\include_relative") == 0;

	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("psql meta-command \"%s\" is not supported in a confiture build", command),
			 errdetail("A build runs inside the server, not in psql: lines starting with a backslash are not SQL."),
			 include ?
			 errhint("Place the included file in the tree instead: a build reads every .sql file below the root, in order.") :
			 errhint("Remove the meta-command, or run it with psql outside the build.")));
}

/*
 * The grammar stops at the first thing that is not SQL.  When that is a
 * stray backslash, or the data that follows COPY FROM STDIN, say so instead
 * of "syntax error at or near".  Never returns.
 */
static void
raise_parse_error(const char *sql, BuildLocation *loc, ErrorData *edata)
{
	if (edata->sqlerrcode == ERRCODE_SYNTAX_ERROR && loc->error_offset >= 0)
	{
		const char *at = sql + loc->error_offset;
		const char *line_start = at;
		List	   *before;

		while (line_start > sql && line_start[-1] != '\n')
			line_start--;

		/* Parse what precedes the failing line: does it end in COPY FROM STDIN? */
		before = script_parse_quietly(pnstrdup(sql, line_start - sql));
		if (before != NIL)
		{
			RawStmt    *last = llast_node(RawStmt, before);

			if (IsA(last->stmt, CopyStmt) &&
				((CopyStmt *) last->stmt)->filename == NULL &&
				((CopyStmt *) last->stmt)->is_from)
			{
				int			start = last->stmt_location;

				start += first_token_offset(sql + start);
				FreeErrorData(edata);
				loc->line = loc->text_line + location_line_at_byte(sql, start) - 1;
				raise_copy_with_client((CopyStmt *) last->stmt);
			}
		}

		if (*at == '\\')
		{
			FreeErrorData(edata);
			raise_meta_command(at);
		}
	}
	location_bound_error(edata);
	ReThrowError(edata);
}

static bool
reindex_is_concurrent(const ReindexStmt *stmt)
{
#if PG_VERSION_NUM >= 140000
	ListCell   *lc;

	foreach(lc, stmt->params)
	{
		DefElem    *opt = lfirst_node(DefElem, lc);

		if (strcmp(opt->defname, "concurrently") == 0)
			return defGetBoolean(opt);
	}
	return false;
#else
	return stmt->concurrent;
#endif
}

/* The name of the command if it cannot run in a transaction block, else NULL. */
static const char *
non_transactional_command(Node *stmt)
{
	switch (nodeTag(stmt))
	{
		case T_VacuumStmt:
			return ((VacuumStmt *) stmt)->is_vacuumcmd ? "VACUUM" : NULL;
		case T_IndexStmt:
			return ((IndexStmt *) stmt)->concurrent ? "CREATE INDEX CONCURRENTLY" : NULL;
		case T_DropStmt:
			return ((DropStmt *) stmt)->concurrent ? "DROP INDEX CONCURRENTLY" : NULL;
		case T_ReindexStmt:
			{
				ReindexStmt *reindex = (ReindexStmt *) stmt;

				if (reindex->kind == REINDEX_OBJECT_SCHEMA)
					return "REINDEX SCHEMA";
				if (reindex->kind == REINDEX_OBJECT_SYSTEM)
					return "REINDEX SYSTEM";
				if (reindex->kind == REINDEX_OBJECT_DATABASE)
					return "REINDEX DATABASE";
				return reindex_is_concurrent(reindex) ? "REINDEX CONCURRENTLY" : NULL;
			}
		case T_ClusterStmt:
			return ((ClusterStmt *) stmt)->relation == NULL ? "CLUSTER without a table name" : NULL;
		case T_CreatedbStmt:
			return "CREATE DATABASE";
		case T_DropdbStmt:
			return "DROP DATABASE";
		case T_CreateTableSpaceStmt:
			return "CREATE TABLESPACE";
		case T_DropTableSpaceStmt:
			return "DROP TABLESPACE";
		case T_AlterSystemStmt:
			return "ALTER SYSTEM";
		case T_DiscardStmt:
			return ((DiscardStmt *) stmt)->target == DISCARD_ALL ? "DISCARD ALL" : NULL;
		default:
			return NULL;
	}
}

/*
 * A build runs inside confiture's own functions: dropping the extension from
 * a file of the tree would pull them from under it ("cache lookup failed").
 */
static void
refuse_dropping_confiture(Node *stmt)
{
	DropStmt   *drop = (DropStmt *) stmt;
	ListCell   *lc;

	if (!IsA(stmt, DropStmt) || drop->removeType != OBJECT_EXTENSION)
		return;
	foreach(lc, drop->objects)
	{
		if (strcmp(strVal(lfirst(lc)), "confiture") == 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_IN_USE),
					 errmsg("DROP EXTENSION confiture is not allowed in a confiture build"),
					 errdetail("The build runs inside the extension's own functions."),
					 errhint("Remove the statement; drop the extension outside the build if needed.")));
	}
}

/*
 * True for the BEGIN/COMMIT that may wrap a file (skipped: the build is one
 * transaction already); an error for any other transaction control.
 */
static bool
is_transaction_wrapper(TransactionStmt *stmt)
{
	const char *command;

	switch (stmt->kind)
	{
		case TRANS_STMT_BEGIN:
		case TRANS_STMT_START:
		case TRANS_STMT_COMMIT:
			return true;
		case TRANS_STMT_ROLLBACK:
			command = "ROLLBACK";
			break;
		case TRANS_STMT_SAVEPOINT:
			command = "SAVEPOINT";
			break;
		case TRANS_STMT_RELEASE:
			command = "RELEASE SAVEPOINT";
			break;
		case TRANS_STMT_ROLLBACK_TO:
			command = "ROLLBACK TO SAVEPOINT";
			break;
		case TRANS_STMT_PREPARE:
			command = "PREPARE TRANSACTION";
			break;
		case TRANS_STMT_COMMIT_PREPARED:
			command = "COMMIT PREPARED";
			break;
		case TRANS_STMT_ROLLBACK_PREPARED:
			command = "ROLLBACK PREPARED";
			break;
		default:
			command = "transaction control";
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TRANSACTION_TERMINATION),
			 errmsg("%s is not allowed in a confiture build", command),
			 errdetail("A build runs every file in one transaction, committed or rolled back as a whole by its caller."),
			 errhint("Remove the statement. BEGIN and COMMIT wrapping a file are accepted and skipped.")));
	return false;				/* keep the compiler quiet */
}

static StatementKind
statement_kind(Node *stmt)
{
	switch (nodeTag(stmt))
	{
		case T_CreateStmt:
		case T_CreateForeignTableStmt:
			return STATEMENT_TABLE;
		case T_CreateTableAsStmt:
			return CTAS_OBJTYPE((CreateTableAsStmt *) stmt) == OBJECT_MATVIEW ?
				STATEMENT_VIEW : STATEMENT_TABLE;
		case T_SelectStmt:
			return ((SelectStmt *) stmt)->intoClause != NULL ?
				STATEMENT_TABLE : STATEMENT_OTHER;
		case T_ViewStmt:
			return STATEMENT_VIEW;
		case T_CreateFunctionStmt:
			return STATEMENT_FUNCTION;
		default:
			return STATEMENT_OTHER;
	}
}


/*
 * A file is walked statement by statement: the server's scanner finds where
 * each statement ends (a ';' token), raw_parser parses just that statement,
 * and the caller runs it before the next one is scanned.  So parse trees
 * never outlive their statement, and a SET that changes how text is lexed
 * (standard_conforming_strings, ...) applies to the rest of the file, as with
 * psql.  A ';' inside a statement (CREATE FUNCTION ... BEGIN ATOMIC ... END)
 * shows as a syntax error at the very end of the candidate: the candidate
 * then extends to the next ';'.
 */
struct ScriptScan
{
	char	   *sql;			/* the file's text, NUL-terminated */
	int			len;
	core_yy_extra_type yyextra;
	core_yyscan_t scanner;
	int			counted_offset; /* line counting resumes from here */
	int			counted_line;
	int			held;			/* where a NUL ends the current statement,
								 * or -1 */
	char		held_char;		/* the byte it replaced */
	BuildLocation *loc;
};

ScriptScan *
script_begin(char *sql, int len, BuildLocation *loc)
{
	ScriptScan *scan = palloc0(sizeof(ScriptScan));

	scan->sql = sql;
	scan->len = len;
	scan->scanner = scanner_init(sql, &scan->yyextra, &ScanKeywords, ScanKeywordTokens);
	scan->counted_offset = 0;
	scan->counted_line = 1;
	scan->held = -1;
	scan->loc = loc;
	return scan;
}

static void
release_held(ScriptScan *scan)
{
	if (scan->held >= 0)
		scan->sql[scan->held] = scan->held_char;
	scan->held = -1;
}

void
script_end(ScriptScan *scan)
{
	release_held(scan);
	scanner_finish(scan->scanner);
	scan->loc->text = NULL;
	scan->loc->line = 0;
}

/*
 * The next token that may end a statement: the offset of the ';', or
 * scan->len at the end of the file.  *first gets the offset of the
 * first token seen, if it is still -1.  Scanner errors (an unterminated
 * quote) point into the whole file.
 */
static int
scan_to_semicolon(ScriptScan *scan, int *first)
{
	core_YYSTYPE yylval;
	YYLTYPE		yylloc = 0;
	int			token;

	MemoryContext cxt = CurrentMemoryContext;
	volatile int end = -1;

	scan->loc->text = scan->sql;
	scan->loc->text_line = 1;
	PG_TRY();
	{
		while (end < 0)
		{
			token = core_yylex(&yylval, &yylloc, scan->scanner);
			if (token == 0)
				end = scan->len;
			else
			{
				if (*first < 0)
					*first = yylloc;
				if (token == ';')
					end = yylloc;
			}
		}
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		location_bound_error(edata);
		ReThrowError(edata);
	}
	PG_END_TRY();
	return end;
}

/* Refreshes the lexing settings a statement just executed may have changed. */
void
script_settings_changed(ScriptScan *scan)
{
	scan->yyextra.backslash_quote = backslash_quote;
	scan->yyextra.escape_string_warning = escape_string_warning;
	scan->yyextra.standard_conforming_strings = standard_conforming_strings;
}

/*
 * Parses sql[start, end) (end: its ';' or the end of the file) as one
 * statement, or returns NIL when it is cut short.
 */
static List *
parse_candidate(ScriptScan *scan, int start, int end, bool more)
{
	MemoryContext cxt = CurrentMemoryContext;
	List	   *volatile rawstmts = NIL;
	ErrorData  *volatile edata = NULL;
	char	   *text = scan->sql + start;

	release_held(scan);
	if (end < scan->len)
	{
		scan->held = end;
		scan->held_char = scan->sql[end];
		scan->sql[end] = '\0';
	}

	/* Let the context callback turn the parser's cursor into a line. */
	scan->loc->text = text;
	PG_TRY();
	{
		rawstmts = confiture_raw_parser(text);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
	}
	PG_END_TRY();

	if (edata == NULL)
		return rawstmts;
	/* A syntax error at the end of the text: the statement goes on. */
	if (more && edata->sqlerrcode == ERRCODE_SYNTAX_ERROR &&
		scan->loc->error_offset >= end - start)
	{
		FreeErrorData(edata);
		return NIL;
	}
	raise_parse_error(text, scan->loc, edata);
	return NIL;					/* not reached */
}

bool
script_next(ScriptScan *scan, ScriptStatement *stmt)
{
	List	   *rawstmts;
	RawStmt    *raw;
	int			start;
	int			end;
	const char *command;
	BuildLocation *loc = scan->loc;

	for (;;)
	{
		release_held(scan);
		start = -1;
		end = scan_to_semicolon(scan, &start);
		if (start < 0)
		{
			loc->text = NULL;
			loc->line = 0;
			return false;		/* only comments and blanks were left */
		}
		if (end == start)
			continue;			/* an empty statement */

		/* Statements come in order: count lines from the previous one. */
		scan->counted_line += location_line_at_byte(scan->sql + scan->counted_offset,
													start - scan->counted_offset) - 1;
		scan->counted_offset = start;
		loc->line = scan->counted_line;
		loc->text_line = scan->counted_line;

		for (;;)
		{
			loc->error_offset = -1;
			rawstmts = parse_candidate(scan, start, end, end < scan->len);
			if (rawstmts != NIL)
				break;
			release_held(scan);
			{
				int			unused = start;

				end = scan_to_semicolon(scan, &unused);
			}
			loc->text_line = scan->counted_line;
		}
		raw = linitial_node(RawStmt, rawstmts);
		loc->text = scan->sql + start;
		loc->line = scan->counted_line;

		if (IsA(raw->stmt, TransactionStmt) &&
			is_transaction_wrapper((TransactionStmt *) raw->stmt))
			continue;

		if (IsA(raw->stmt, CopyStmt) && ((CopyStmt *) raw->stmt)->filename == NULL)
			raise_copy_with_client((CopyStmt *) raw->stmt);

		refuse_dropping_confiture(raw->stmt);
		command = non_transactional_command(raw->stmt);
		if (command != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
					 errmsg("%s cannot run inside a confiture build", command),
					 errdetail("A build runs every file in one transaction, and %s cannot run inside a transaction block.",
							   command),
					 errhint("Run it after the build, outside a transaction block, for example with psql.")));

		stmt->parsetree = raw->stmt;
		stmt->sql = scan->sql + start;
		stmt->line = scan->counted_line;
		stmt->kind = statement_kind(raw->stmt);
		return true;
	}
}

/*
 * twopass.c: owns an environment's build.two_pass, as Confiture has it: the
 * FOREIGN KEY and REFERENCES constraints of every CREATE TABLE are left out
 * of that statement and added after the last file, so that tables may come
 * in any order.
 *
 * The constraints are found in the raw parse tree; their text is cut with
 * the parser's locations and the server's own scanner (a constraint ends at
 * the comma or parenthesis that closes it, at its own nesting level).  The
 * cut text is blanked rather than removed, newlines kept, so that an error in
 * what remains still points at the file's own line and column.
 *
 * PostgreSQL names an unnamed inline foreign key when it adds it, right after
 * creating the table (parse_utilcmd.c turns a CREATE TABLE's foreign keys into
 * an ALTER TABLE run after it).  The name is chosen the same way at the same
 * moment here, and written into the deferred ALTER TABLE, so that a two-pass
 * build names its constraints as the one-pass build does, whatever objects
 * the later files create in between.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_constraint.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/scanner.h"
#include "parser/scansup.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "runner.h"
#include "twopass.h"

/* A token of the statement, with its parenthesis nesting level. */
typedef struct Token
{
	int			offset;
	int			token;
	int			level;			/* '(' and ')' count at their outer level */
} Token;

/* A foreign key cut out of the statement under way. */
typedef struct KeyCut
{
	Constraint *con;
	const char *column;			/* a column constraint's column, or NULL */
	char	   *text;			/* a table constraint: all of it; a column
								 * constraint: from REFERENCES on */
	const char *relpath;
	int			line;
} KeyCut;

TwoPass *
twopass_create(MemoryContext cxt)
{
	TwoPass    *tp = MemoryContextAllocZero(cxt, sizeof(TwoPass));

	tp->cxt = cxt;
	return tp;
}

static Token *
scan_tokens(const char *sql, int *ntokens)
{
	core_yy_extra_type yyextra;
	core_yyscan_t scanner;
	core_YYSTYPE yylval;
	YYLTYPE		yylloc = 0;
	int			capacity = 64;
	int			n = 0;
	int			level = 0;
	int			token;
	Token	   *tokens = palloc(sizeof(Token) * capacity);

	scanner = scanner_init(sql, &yyextra, &ScanKeywords, ScanKeywordTokens);
	while ((token = core_yylex(&yylval, &yylloc, scanner)) != 0)
	{
		if (token == ')')
			level--;
		if (n == capacity)
		{
			capacity *= 2;
			tokens = repalloc(tokens, sizeof(Token) * capacity);
		}
		tokens[n].offset = yylloc;
		tokens[n].token = token;
		tokens[n].level = level;
		n++;
		if (token == '(')
			level++;
	}
	scanner_finish(scanner);
	*ntokens = n;
	return tokens;
}

static int
token_at(const Token *tokens, int ntokens, int offset)
{
	for (int i = 0; i < ntokens; i++)
	{
		if (tokens[i].offset == offset)
			return i;
	}
	elog(ERROR, "confiture: no token at offset %d of a CREATE TABLE", offset);
	return -1;					/* not reached */
}

/*
 * The token that ends the element starting at token k: the comma or closing
 * parenthesis at its level, or the first token at or after limit (the next
 * constraint of the same column).
 */
static int
element_end(const Token *tokens, int ntokens, int k, int limit)
{
	int			level = tokens[k].level;

	for (int j = k + 1; j < ntokens; j++)
	{
		if ((tokens[j].token == ',' && tokens[j].level == level) ||
			(tokens[j].token == ')' && tokens[j].level == level - 1) ||
			(limit >= 0 && tokens[j].offset >= limit))
			return j;
	}
	elog(ERROR, "confiture: a constraint of a CREATE TABLE has no end");
	return -1;					/* not reached */
}

/* Spaces over sql[from, to), newlines kept. */
static void
blank(char *sql, int from, int to)
{
	for (int i = from; i < to; i++)
	{
		if (sql[i] != '\n')
			sql[i] = ' ';
	}
}

/* sql[from, to) without its trailing white space. */
static char *
cut_text(const char *sql, int from, int to)
{
	while (to > from && scanner_isspace(sql[to - 1]))
		to--;
	return pnstrdup(sql + from, to - from);
}

static bool
is_attribute(const Constraint *con)
{
	return con->contype == CONSTR_ATTR_DEFERRABLE || con->contype == CONSTR_ATTR_NOT_DEFERRABLE ||
		con->contype == CONSTR_ATTR_DEFERRED || con->contype == CONSTR_ATTR_IMMEDIATE;
}

static int
keyword_token(const char *keyword)
{
	int			kwnum = ScanKeywordLookup(keyword, &ScanKeywords);

	Assert(kwnum >= 0);
	return ScanKeywordTokens[kwnum];
}

/*
 * A column's REFERENCES: up to its next constraint that is not one of its
 * own attributes (DEFERRABLE, INITIALLY ...), its COLLATE, or the end of the
 * column.
 */
static KeyCut *
cut_column_key(char *stripped, const char *sql, const Token *tokens, int ntokens,
			   ColumnDef *column, ListCell *at)
{
	Constraint *con = lfirst_node(Constraint, at);
	List	   *constraints = column->constraints;
	int			limit = -1;
	int			k = token_at(tokens, ntokens, con->location);
	int			end;
	int			refs;
	KeyCut	   *cut = palloc0(sizeof(KeyCut));

	for (ListCell *lc = lnext(constraints, at); lc != NULL; lc = lnext(constraints, lc))
	{
		Constraint *next = lfirst_node(Constraint, lc);

		if (!is_attribute(next))
		{
			limit = next->location;
			break;
		}
	}
	if (column->collClause != NULL && column->collClause->location > con->location &&
		(limit < 0 || column->collClause->location < limit))
		limit = column->collClause->location;
	end = element_end(tokens, ntokens, k, limit);

	for (refs = k; refs < end && tokens[refs].token != keyword_token("references"); refs++)
		;
	cut->con = con;
	cut->column = column->colname;
	cut->text = cut_text(sql, tokens[refs].offset, tokens[end].offset);
	blank(stripped, con->location, tokens[end].offset);
	return cut;
}

/*
 * A table constraint FOREIGN KEY, with the comma that separates it: the one
 * before it, unless a key cut before it took that one (it was the first
 * element), then the one after it.
 */
static KeyCut *
cut_table_key(char *stripped, const char *sql, const Token *tokens, int ntokens, Constraint *con)
{
	int			k = token_at(tokens, ntokens, con->location);
	int			end = element_end(tokens, ntokens, k, -1);
	KeyCut	   *cut = palloc0(sizeof(KeyCut));

	cut->con = con;
	cut->text = cut_text(sql, con->location, tokens[end].offset);

	/*
	 * CREATE TABLE makes a key marked NOT VALID valid (its table is empty:
	 * transformFKConstraints); ALTER TABLE would leave it not validated.
	 */
	for (int j = k; con->skip_validation && j + 1 < end; j++)
	{
		if (tokens[j].token == keyword_token("not") && tokens[j + 1].token == keyword_token("valid"))
			blank(cut->text, tokens[j].offset - con->location,
				  tokens[j + 1].offset + strlen("valid") - con->location);
	}
	blank(stripped, con->location, tokens[end].offset);
	if (tokens[k - 1].token == ',' && stripped[tokens[k - 1].offset] == ',')
		blank(stripped, tokens[k - 1].offset, tokens[k - 1].offset + 1);
	else if (tokens[end].token == ',')
		blank(stripped, tokens[end].offset, tokens[end].offset + 1);
	return cut;
}

char *
twopass_strip(TwoPass *tp, Node *parsetree, const char *sql, const char *relpath, int line)
{
	CreateStmt *stmt;
	Token	   *tokens = NULL;
	int			ntokens = 0;
	char	   *stripped = NULL;
	ListCell   *lc;

	tp->pending = NIL;
	if (!IsA(parsetree, CreateStmt))
		return NULL;
	stmt = (CreateStmt *) parsetree;

	/*
	 * CREATE TABLE IF NOT EXISTS on a table that exists does nothing, keys
	 * included: twopass_defer compares with the table found after it ran.
	 */
	tp->existing = stmt->if_not_exists ? RangeVarGetRelid(stmt->relation, NoLock, true) : InvalidOid;

	foreach(lc, stmt->tableElts)
	{
		Node	   *elt = lfirst(lc);
		List	   *cuts = NIL;
		ListCell   *lc2;

		if (IsA(elt, ColumnDef))
		{
			ColumnDef  *column = (ColumnDef *) elt;

			foreach(lc2, column->constraints)
			{
				if (lfirst_node(Constraint, lc2)->contype != CONSTR_FOREIGN)
					continue;
				if (stripped == NULL)
				{
					stripped = pstrdup(sql);
					tokens = scan_tokens(sql, &ntokens);
				}
				cuts = lappend(cuts, cut_column_key(stripped, sql, tokens, ntokens, column, lc2));
			}
		}
		else if (IsA(elt, Constraint) && ((Constraint *) elt)->contype == CONSTR_FOREIGN)
		{
			if (stripped == NULL)
			{
				stripped = pstrdup(sql);
				tokens = scan_tokens(sql, &ntokens);
			}
			cuts = list_make1(cut_table_key(stripped, sql, tokens, ntokens, (Constraint *) elt));
		}

		foreach(lc2, cuts)
		{
			KeyCut	   *cut = lfirst(lc2);

			cut->relpath = relpath;
			cut->line = line + location_line_at_byte(sql, cut->con->location) - 1;
			tp->pending = lappend(tp->pending, cut);
		}
	}
	return stripped;
}

/* As core's ChooseForeignKeyConstraintNameAddition (static in tablecmds.c). */
static char *
name_addition(List *colnames)
{
	char		buf[NAMEDATALEN * 2];
	int			buflen = 0;
	ListCell   *lc;

	buf[0] = '\0';
	foreach(lc, colnames)
	{
		const char *name = strVal(lfirst(lc));

		if (buflen > 0)
			buf[buflen++] = '_';
		strlcpy(buf + buflen, name, NAMEDATALEN);
		buflen += strlen(buf + buflen);
		if (buflen >= NAMEDATALEN)
			break;
	}
	return pstrdup(buf);
}

void
twopass_defer(TwoPass *tp, Node *parsetree, bool resolve)
{
	CreateStmt *stmt = (CreateStmt *) parsetree;
	MemoryContext cxt;
	const char *table;
	char	   *relname = stmt->relation->relname;
	Oid			relid = InvalidOid;
	Oid			namespace = InvalidOid;
	char	   *search_path = NULL;
	List	   *others = NIL;
	ListCell   *lc;

	if (tp->pending == NIL)
		return;
	if (resolve)
		relid = RangeVarGetRelid(stmt->relation, NoLock, false);
	if (OidIsValid(tp->existing) && (!resolve || relid == tp->existing))
	{
		tp->pending = NIL;
		return;
	}
	if (resolve)
	{
		relname = get_rel_name(relid);
		namespace = get_rel_namespace(relid);
		table = quote_qualified_identifier(get_namespace_name(namespace), relname);
		search_path = GetConfigOptionByName("search_path", NULL, false);
	}
	else
		table = quote_qualified_identifier(stmt->relation->schemaname, relname);

	/*
	 * In a one-pass build, the keys of the tables created so far would be in
	 * the catalogs when these are named: their names are taken too, those of
	 * tables still there, in the schema they are in now.
	 */
	foreach(lc, tp->deferred)
	{
		DeferredKey *key = lfirst(lc);

		if (resolve && key->name != NULL && get_rel_namespace(key->relid) == namespace)
			others = lappend(others, key->name);
	}

	cxt = MemoryContextSwitchTo(tp->cxt);
	foreach(lc, tp->pending)
	{
		KeyCut	   *cut = lfirst(lc);
		DeferredKey *key = palloc0(sizeof(DeferredKey));
		const char *name = cut->con->conname;
		StringInfoData sql;

		if (name == NULL && resolve)
			name = ChooseConstraintName(relname,
										name_addition(cut->column != NULL ?
													  list_make1(makeString(pstrdup(cut->column))) :
													  cut->con->fk_attrs),
										"fkey", namespace, others);
		if (name != NULL)
			others = lappend(others, pstrdup(name));

		initStringInfo(&sql);
		appendStringInfoString(&sql, "ADD ");
		if (cut->column != NULL)
		{
			if (name != NULL)
				appendStringInfo(&sql, "CONSTRAINT %s ", quote_identifier(name));
			appendStringInfo(&sql, "FOREIGN KEY (%s) %s", quote_identifier(cut->column), cut->text);
		}
		else
		{
			if (cut->con->conname == NULL && name != NULL)
				appendStringInfo(&sql, "CONSTRAINT %s ", quote_identifier(name));
			appendStringInfoString(&sql, cut->text);
		}
		key->relpath = cut->relpath;
		key->line = cut->line;
		key->add = sql.data;
		key->sql = psprintf("ALTER TABLE %s %s", table, key->add);
		key->relid = relid;
		key->name = name != NULL ? pstrdup(name) : NULL;
		key->search_path = search_path != NULL ? pstrdup(search_path) : NULL;
		tp->deferred = lappend(tp->deferred, key);
	}
	MemoryContextSwitchTo(cxt);
	tp->pending = NIL;
}

static void
deferred_key_context(void *arg)
{
	(void) arg;
	errcontext("a foreign key build.two_pass moved after the last file");
}

int
twopass_finish(TwoPass *tp, BuildLocation *loc)
{
	ListCell   *lc;
	int			added = 0;

	foreach(lc, tp->deferred)
	{
		DeferredKey *key = lfirst(lc);
		ErrorContextCallback callback;
		int			nestlevel;
		char	   *relname = get_rel_name(key->relid);

		CHECK_FOR_INTERRUPTS();

		/*
		 * Its table as it is now: a later file may have renamed it or moved
		 * it to another schema, or dropped it, and its keys with it.
		 */
		if (relname == NULL)
			continue;
		location_enter_file(loc, key->relpath);
		loc->line = key->line;
		callback.callback = deferred_key_context;
		callback.arg = key;
		callback.previous = error_context_stack;
		error_context_stack = &callback;

		/* The referenced tables are those the CREATE TABLE would have seen. */
		nestlevel = NewGUCNestLevel();
		(void) set_config_option("search_path", key->search_path,
								 PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
		runner_execute(psprintf("ALTER TABLE %s %s",
								quote_qualified_identifier(get_namespace_name(get_rel_namespace(key->relid)), relname),
								key->add));
		AtEOXact_GUC(true, nestlevel);

		error_context_stack = callback.previous;
		added++;
	}
	location_leave_file(loc);
	return added;
}

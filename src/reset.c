/*
 * reset.c: owns reset => true: remove what the tree builds, keep what the
 * DBA installed, so that the tree then gives the database a fresh build
 * would give.
 *
 * The rule is decided from the tree's own CREATE EXTENSION statements, read
 * in a pre-pass before anything is dropped:
 *  - an extension the tree creates is dropped (the tree creates it again),
 *    unless a kept extension requires it; confiture itself is always kept;
 *  - every other extension is kept, with its objects and its schemas;
 *  - a non-system schema where no kept extension lives is dropped whole;
 *  - a schema where a kept extension is recorded or has objects (pg_cron is
 *    recorded in public, citext's types live there) is emptied instead:
 *    every object in it that is not an extension member is dropped.
 * Everything goes in one deletion (as DROP SCHEMA ... CASCADE would), after
 * the ownership checks DROP makes, as the caller.  If the cascade would still
 * reach a kept extension (an extension member depending on an object of the
 * tree), the reset is refused.  It is part of the build's transaction, so a
 * failed build leaves the old database in place.  Requires the runner's SPI
 * connection.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/scanner.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "reset.h"
#include "script.h"
#include "runner.h"
#include "source.h"

/*
 * Every extension, and whether the reset keeps it: those the tree does not
 * create ($1), confiture, and what kept extensions require, transitively.
 */
static const char *const extensions_query =
"WITH RECURSIVE kept(oid) AS ("
"    SELECT e.oid FROM pg_catalog.pg_extension AS e"
"     WHERE e.extname OPERATOR(pg_catalog.<>) ALL ($1)"
"        OR e.extname OPERATOR(pg_catalog.=) 'confiture'"
"  UNION"
"    SELECT d.refobjid FROM pg_catalog.pg_depend AS d, kept AS k"
"     WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass"
"       AND d.objid OPERATOR(pg_catalog.=) k.oid"
"       AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass)"
"SELECT e.oid, e.extname, e.extowner,"
"       e.oid OPERATOR(pg_catalog.=) ANY (SELECT k.oid FROM kept AS k) AS kept,"
"       e.extname OPERATOR(pg_catalog.=) ANY ($1) AS in_tree,"
"       (SELECT pg_catalog.string_agg(r.extname, ', ' ORDER BY r.extname COLLATE pg_catalog.\"C\")"
"          FROM pg_catalog.pg_depend AS d, pg_catalog.pg_extension AS r"
"         WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass"
"           AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass"
"           AND d.refobjid OPERATOR(pg_catalog.=) e.oid AND r.oid OPERATOR(pg_catalog.=) d.objid"
"           AND r.oid OPERATOR(pg_catalog.=) ANY (SELECT k.oid FROM kept AS k)) AS required_by"
"  FROM pg_catalog.pg_extension AS e"
" ORDER BY e.extname COLLATE pg_catalog.\"C\"";

/*
 * Non-system schemas that are not extension members (those stay, or go with
 * their extension), and whether a kept extension ($1, names) lives in each.
 */
static const char *const schemas_query =
"SELECT n.oid, n.nspname, n.nspowner,"
"       EXISTS (SELECT FROM pg_catalog.pg_extension AS e"
"                WHERE e.extnamespace OPERATOR(pg_catalog.=) n.oid"
"                  AND e.extname OPERATOR(pg_catalog.=) ANY ($1))"
"       OR EXISTS (SELECT FROM pg_catalog.pg_depend AS m, pg_catalog.pg_depend AS o"
"                   WHERE m.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass"
"                     AND m.refobjid OPERATOR(pg_catalog.=) ANY"
"                         (SELECT e.oid FROM pg_catalog.pg_extension AS e"
"                           WHERE e.extname OPERATOR(pg_catalog.=) ANY ($1))"
"                     AND m.deptype OPERATOR(pg_catalog.=) 'e'"
"                     AND o.classid OPERATOR(pg_catalog.=) m.classid"
"                     AND o.objid OPERATOR(pg_catalog.=) m.objid"
"                     AND o.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass"
"                     AND o.refobjid OPERATOR(pg_catalog.=) n.oid) AS holds_kept"
"  FROM pg_catalog.pg_namespace AS n"
" WHERE n.nspname OPERATOR(pg_catalog.<>) ALL"
"       (ARRAY['pg_catalog', 'information_schema', 'pg_toast'])"
"   AND n.nspname OPERATOR(pg_catalog.!~) '^pg_(toast_)?temp_'"
"   AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS d"
"                    WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass"
"                      AND d.objid OPERATOR(pg_catalog.=) n.oid"
"                      AND d.deptype OPERATOR(pg_catalog.=) 'e')"
" ORDER BY n.nspname COLLATE pg_catalog.\"C\"";

/*
 * The objects of a schema ($1) that are not extension members: what DROP
 * SCHEMA would cascade to first, found the way it does (their dependency on
 * the schema).  Extensions are decided apart.
 */
static const char *const schema_objects_query =
"SELECT d.classid, d.objid, d.objsubid"
"  FROM pg_catalog.pg_depend AS d"
" WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass"
"   AND d.refobjid OPERATOR(pg_catalog.=) $1"
"   AND d.deptype OPERATOR(pg_catalog.=) 'n'"
"   AND d.classid OPERATOR(pg_catalog.<>) 'pg_catalog.pg_extension'::pg_catalog.regclass"
"   AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
"                    WHERE e.classid OPERATOR(pg_catalog.=) d.classid"
"                      AND e.objid OPERATOR(pg_catalog.=) d.objid"
"                      AND e.deptype OPERATOR(pg_catalog.=) 'e')";

static const char *const public_exists_query =
"SELECT FROM pg_catalog.pg_namespace WHERE nspname OPERATOR(pg_catalog.=) 'public'";

/* public as initdb makes it, for this server version. */
#if PG_VERSION_NUM >= 150000
static const char *const create_public[] = {
	"CREATE SCHEMA public AUTHORIZATION pg_database_owner",
	"GRANT USAGE ON SCHEMA public TO PUBLIC",
	"COMMENT ON SCHEMA public IS 'standard public schema'",
};
#else
static const char *const create_public[] = {
	"CREATE SCHEMA public",
	"GRANT ALL ON SCHEMA public TO PUBLIC",
	"COMMENT ON SCHEMA public IS 'standard public schema'",
};
#endif

/* What the reset decided and did, for the build's final NOTICE. */
typedef struct ResetReport
{
	StringInfoData dropped_schemas;
	StringInfoData emptied_schemas;
	StringInfoData dropped_extensions;
	StringInfoData kept_extensions;
	StringInfoData required_extensions;
} ResetReport;

static void
append_name(StringInfo list, const char *name)
{
	appendStringInfo(list, "%s%s", list->len > 0 ? ", " : "", name);
}

/*
 * Whether sql contains the keyword EXTENSION, by PostgreSQL's own scanner
 * (so not in a comment, a string or an identifier).  Only such files are
 * parsed: the parse trees of a whole file grow with its statement count,
 * the scanner's tokens here do not keep more than its identifiers.  A file
 * the scanner refuses is left to the parser.
 */
static bool
mentions_extension(const char *sql)
{
	MemoryContext cxt = CurrentMemoryContext;
	ErrorContextCallback *saved_context = error_context_stack;
	int			extension = ScanKeywordTokens[ScanKeywordLookup("extension", &ScanKeywords)];
	volatile bool found = false;

	error_context_stack = NULL;
	PG_TRY();
	{
		core_yy_extra_type yyextra;
		core_yyscan_t scanner = scanner_init(sql, &yyextra, &ScanKeywords, ScanKeywordTokens);
		core_YYSTYPE yylval;
		YYLTYPE		yylloc;
		int			token;

		while ((token = core_yylex(&yylval, &yylloc, scanner)) != 0)
		{
			if (token == extension)
			{
				found = true;
				break;
			}
		}
		scanner_finish(scanner);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		FlushErrorState();
		found = true;
	}
	PG_END_TRY();
	error_context_stack = saved_context;
	return found;
}

/*
 * The pre-pass: the names of the extensions the tree's files create, as
 * top-level CREATE EXTENSION statements.  A file that does not parse is
 * passed over: the build reports it with its file and line moments later,
 * exactly as without reset, and the reset is rolled back with it.
 */
static List *
tree_extensions(const SchemaTree *tree, BuildLocation *loc)
{
	MemoryContext cxt = CurrentMemoryContext;
	MemoryContext filecxt = AllocSetContextCreate(cxt, "confiture reset pre-pass",
												  ALLOCSET_DEFAULT_SIZES);
	List	   *names = NIL;

	for (int i = 0; i < tree->nfiles; i++)
	{
		SourceText	src;
		ListCell   *lc;

		CHECK_FOR_INTERRUPTS();
		location_enter_file(loc, tree->files[i].relpath);
		MemoryContextSwitchTo(filecxt);
		source_read(tree->files[i].abspath, loc, &src);
		foreach(lc, mentions_extension(src.sql) ? script_parse_quietly(src.sql) : NIL)
		{
			Node	   *stmt = lfirst_node(RawStmt, lc)->stmt;

			if (IsA(stmt, CreateExtensionStmt))
			{
				MemoryContextSwitchTo(cxt);
				names = lappend(names, pstrdup(((CreateExtensionStmt *) stmt)->extname));
				MemoryContextSwitchTo(filecxt);
			}
		}
		MemoryContextSwitchTo(cxt);
		MemoryContextReset(filecxt);
	}
	location_leave_file(loc);
	MemoryContextDelete(filecxt);
	return names;
}

/* A column of a query's row that is never NULL. */
static Datum
column(SPITupleTable *table, uint64 row, int col)
{
	bool		isnull;

	return SPI_getbinval(table->vals[row], table->tupdesc, col, &isnull);
}

/* What DROP would check, as the deletion below does not. */
static void
check_owner(Oid owner, const char *kind, const char *name)
{
	if (!has_privs_of_role(GetUserId(), owner))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of %s %s", kind, name)));
}

static void
add_address(ObjectAddresses *addresses, Oid classid, Oid objid, int32 subid)
{
	ObjectAddress address;

	address.classId = classid;
	address.objectId = objid;
	address.objectSubId = subid;
	add_exact_object_address(&address, addresses);
}

/*
 * Decides each extension's fate: dropped ones go in addresses, kept ones in
 * *kept (their oids) and *kept_names.
 */
static void
plan_extensions(List *names, ObjectAddresses *addresses, List **kept, List **kept_names,
				ResetReport *report)
{
	Oid			argtype = TEXTARRAYOID;
	Datum		arg = runner_text_array(names);

	runner_query(extensions_query, 1, &argtype, &arg, NULL, SPI_OK_SELECT);
	for (uint64 row = 0; row < SPI_processed; row++)
	{
		SPITupleTable *t = SPI_tuptable;
		Oid			oid = DatumGetObjectId(column(t, row, 1));
		char	   *name = SPI_getvalue(t->vals[row], t->tupdesc, 2);
		Oid			owner = DatumGetObjectId(column(t, row, 3));
		bool		is_kept = DatumGetBool(column(t, row, 4));
		bool		in_tree = DatumGetBool(column(t, row, 5));
		char	   *required_by = SPI_getvalue(t->vals[row], t->tupdesc, 6);

		if (!is_kept)
		{
			check_owner(owner, "extension", quote_identifier(name));
			add_address(addresses, ExtensionRelationId, oid, 0);
			append_name(&report->dropped_extensions, name);
			continue;
		}
		*kept = lappend_oid(*kept, oid);
		*kept_names = lappend(*kept_names, name);
		if (in_tree && required_by != NULL)
			appendStringInfo(&report->required_extensions, "%s%s (required by %s)",
							 report->required_extensions.len > 0 ? ", " : "", name, required_by);
		else
			append_name(&report->kept_extensions, name);
	}
	SPI_freetuptable(SPI_tuptable);
}

/* Adds the objects of one schema that is emptied rather than dropped. */
static int
add_schema_objects(Oid nspoid, ObjectAddresses *addresses)
{
	Oid			argtype = OIDOID;
	Datum		arg = ObjectIdGetDatum(nspoid);
	int			n;

	runner_query(schema_objects_query, 1, &argtype, &arg, NULL, SPI_OK_SELECT);
	for (uint64 row = 0; row < SPI_processed; row++)
		add_address(addresses,
					DatumGetObjectId(column(SPI_tuptable, row, 1)),
					DatumGetObjectId(column(SPI_tuptable, row, 2)),
					DatumGetInt32(column(SPI_tuptable, row, 3)));
	n = (int) SPI_processed;
	SPI_freetuptable(SPI_tuptable);
	return n;
}

static void
plan_schemas(List *kept_names, ObjectAddresses *addresses, ResetReport *report)
{
	Oid			argtype = TEXTARRAYOID;
	Datum		arg = runner_text_array(kept_names);
	SPITupleTable *schemas;
	uint64		nschemas;

	runner_query(schemas_query, 1, &argtype, &arg, NULL, SPI_OK_SELECT);
	schemas = SPI_tuptable;
	nschemas = SPI_processed;
	for (uint64 row = 0; row < nschemas; row++)
	{
		Oid			oid = DatumGetObjectId(column(schemas, row, 1));
		char	   *name = SPI_getvalue(schemas->vals[row], schemas->tupdesc, 2);
		bool		holds_kept = DatumGetBool(column(schemas, row, 4));

		/* DROP SCHEMA ... CASCADE checks the schema's owner only, and so do we. */
		check_owner(DatumGetObjectId(column(schemas, row, 3)), "schema", quote_identifier(name));
		if (holds_kept)
		{
			int			n = add_schema_objects(oid, addresses);

			appendStringInfo(&report->emptied_schemas, "%s%s (%d %s)",
							 report->emptied_schemas.len > 0 ? ", " : "",
							 name, n, n == 1 ? "object" : "objects");
		}
		else
		{
			add_address(addresses, NamespaceRelationId, oid, 0);
			append_name(&report->dropped_schemas, name);
		}
	}
	SPI_freetuptable(schemas);
}

/* A cascade must not have reached a kept extension: refuse if it did. */
static void
check_kept_extensions(List *kept, List *kept_names)
{
	ListCell   *lc;

	foreach(lc, kept)
	{
		if (get_extension_name(lfirst_oid(lc)) == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
					 errmsg("reset would drop extension \"%s\", which it must keep",
							(char *) list_nth(kept_names, foreach_current_index(lc))),
					 errdetail("An object of a kept extension depends on an object the reset drops, "
							   "so dropping it would drop the whole extension."),
					 errhint("Remove that dependency, or create the extension in the tree so that the reset may drop it.")));
	}
}

static char *
report_text(ResetReport *report)
{
	StringInfoData text;

	initStringInfo(&text);
	if (report->dropped_schemas.len > 0)
		appendStringInfo(&text, "Reset dropped schemas: %s.\n", report->dropped_schemas.data);
	if (report->emptied_schemas.len > 0)
		appendStringInfo(&text, "Reset emptied schemas where kept extensions live: %s.\n",
						 report->emptied_schemas.data);
	if (report->dropped_extensions.len > 0)
		appendStringInfo(&text, "Reset dropped extensions the tree creates: %s.\n",
						 report->dropped_extensions.data);
	if (report->kept_extensions.len > 0)
		appendStringInfo(&text, "Reset kept extensions the tree does not create: %s.\n",
						 report->kept_extensions.data);
	if (report->required_extensions.len > 0)
		appendStringInfo(&text, "Reset kept extensions that kept extensions require: %s.\n",
						 report->required_extensions.data);
	if (text.len > 0)
		text.data[--text.len] = '\0';
	return text.data;
}

char *
reset_database(const SchemaTree *tree, BuildLocation *loc, MemoryContext resultcxt)
{
	List	   *names = tree_extensions(tree, loc);
	ObjectAddresses *addresses = new_object_addresses();
	List	   *kept = NIL;
	List	   *kept_names = NIL;
	ResetReport report;
	int			nestlevel;

	loc->phase = "while resetting the database (reset => true)";
	initStringInfo(&report.dropped_schemas);
	initStringInfo(&report.emptied_schemas);
	initStringInfo(&report.dropped_extensions);
	initStringInfo(&report.kept_extensions);
	initStringInfo(&report.required_extensions);

	nestlevel = runner_pin_settings();
	plan_extensions(names, addresses, &kept, &kept_names, &report);
	plan_schemas(kept_names, addresses, &report);

	/* Quietly: the cascade's list of every dropped object is noise here. */
	performMultipleDeletions(addresses, DROP_CASCADE, PERFORM_DELETION_QUIETLY);
	CommandCounterIncrement();
	check_kept_extensions(kept, kept_names);

	runner_query(public_exists_query, 0, NULL, NULL, NULL, SPI_OK_SELECT);
	if (SPI_processed == 0)
	{
		for (size_t i = 0; i < lengthof(create_public); i++)
			runner_execute(create_public[i]);
	}
	SPI_freetuptable(SPI_tuptable);
	runner_unpin_settings(nestlevel);
	free_object_addresses(addresses);
	loc->phase = NULL;

	return MemoryContextStrdup(resultcxt, report_text(&report));
}

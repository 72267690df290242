/*
 * readside.c: owns the views-only rebuild's two questions: what of the
 * database is the read side (and what depends on it), and which statements
 * of the tree recreate it.
 *
 * Both are answered from catalogs and parse trees, never from file or folder
 * names: a relation is on the read side when its name starts with one of
 * confiture.read_prefixes; a statement is on the read side when a relation it
 * targets is.  Objects outside the read side that depend on it (a view not
 * named v_, a function returning SETOF v_user, a policy, a rule, ...) are
 * dropped and recreated too when the tree creates them; otherwise the rebuild
 * is refused before anything changes.  The drop is one RESTRICT deletion of
 * exactly that set, so nothing can go that is not recreated.
 */
#include "postgres.h"

#include "access/relation.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/policy.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/parsenodes.h"
#include "parser/parse_func.h"
#include "rewrite/rewriteSupport.h"
#include "tcop/utility.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/varlena.h"

#include "readside.h"
#include "runner.h"
#include "settings.h"

/*
 * The read-side relations and, transitively, everything with a normal
 * dependency on them (auto dependencies such as indexes and owned sequences
 * are parts that go with their relation).  A view's dependencies are those of
 * its _RETURN rule; a relation is also depended on through its row type.
 * Runs with search_path pinned to pg_catalog, so names come out qualified.
 */
static const char *const read_side_query =
"WITH RECURSIVE"
" read_side AS ("
"   SELECT c.oid"
"     FROM pg_class AS c"
"     JOIN pg_namespace AS n ON n.oid = c.relnamespace"
"    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')"
"      AND n.nspname <> ALL (ARRAY['pg_catalog', 'information_schema'])"
"      AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'"
"      AND EXISTS (SELECT FROM unnest($1::text[]) AS p(prefix) WHERE starts_with(c.relname, p.prefix))"
"      AND NOT EXISTS (SELECT FROM pg_depend AS e"
"                       WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')),"
" closure(classid, objid) AS ("
"   SELECT 'pg_class'::regclass::oid, oid FROM read_side"
"   UNION"
"   SELECT CASE WHEN r.rulename = '_RETURN' THEN 'pg_class'::regclass::oid ELSE d.classid END,"
"          CASE WHEN r.rulename = '_RETURN' THEN r.ev_class ELSE d.objid END"
"     FROM closure AS c"
"     CROSS JOIN LATERAL ("
"       SELECT c.classid AS classid, c.objid AS objid"
"       UNION ALL"
"       SELECT 'pg_type'::regclass::oid, t.oid"
"         FROM pg_class AS cl JOIN pg_type AS t ON t.oid = cl.reltype"
"        WHERE c.classid = 'pg_class'::regclass AND cl.oid = c.objid"
"       UNION ALL"
"       SELECT 'pg_type'::regclass::oid, t.typarray"
"         FROM pg_class AS cl JOIN pg_type AS t ON t.oid = cl.reltype"
"        WHERE c.classid = 'pg_class'::regclass AND cl.oid = c.objid) AS target"
"     JOIN pg_depend AS d"
"       ON d.refclassid = target.classid AND d.refobjid = target.objid AND d.deptype = 'n'"
"     LEFT JOIN pg_rewrite AS r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid)"
" SELECT * FROM ("
" SELECT c.classid, c.objid,"
"        pg_describe_object(c.classid, c.objid, 0) AS description,"
"        c.classid = 'pg_class'::regclass AND c.objid IN (SELECT oid FROM read_side) AS read_side,"
"        CASE c.classid"
"          WHEN 'pg_class'::regclass THEN (SELECT relkind IN ('v', 'm') FROM pg_class WHERE oid = c.objid)"
"          WHEN 'pg_proc'::regclass THEN true"
"          WHEN 'pg_policy'::regclass THEN true"
"          WHEN 'pg_trigger'::regclass THEN true"
"          WHEN 'pg_rewrite'::regclass THEN true"
"          ELSE false END AS droppable,"
"        CASE c.classid"
"          WHEN 'pg_class'::regclass THEN (SELECT relowner FROM pg_class WHERE oid = c.objid)"
"          WHEN 'pg_proc'::regclass THEN (SELECT proowner FROM pg_proc WHERE oid = c.objid)"
"          WHEN 'pg_policy'::regclass THEN (SELECT t.relowner FROM pg_policy AS p"
"                                             JOIN pg_class AS t ON t.oid = p.polrelid WHERE p.oid = c.objid)"
"          WHEN 'pg_trigger'::regclass THEN (SELECT t.relowner FROM pg_trigger AS g"
"                                              JOIN pg_class AS t ON t.oid = g.tgrelid WHERE g.oid = c.objid)"
"          WHEN 'pg_rewrite'::regclass THEN (SELECT t.relowner FROM pg_rewrite AS w"
"                                              JOIN pg_class AS t ON t.oid = w.ev_class WHERE w.oid = c.objid)"
"        END AS owner,"
"        (SELECT string_agg(DISTINCT pg_describe_object(x.classid, x.objid, 0), ', ')"
"           FROM pg_depend AS d"
"           CROSS JOIN LATERAL ("
"             SELECT CASE WHEN d.refclassid = 'pg_type'::regclass THEN 'pg_class'::regclass::oid"
"                         ELSE d.refclassid END AS classid,"
"                    CASE WHEN d.refclassid = 'pg_type'::regclass"
"                         THEN (SELECT coalesce(nullif(t.typrelid, 0), e.typrelid)"
"                                 FROM pg_type AS t LEFT JOIN pg_type AS e ON e.oid = t.typelem"
"                                WHERE t.oid = d.refobjid)"
"                         ELSE d.refobjid END AS objid) AS x"
"          WHERE d.deptype = 'n'"
"            AND ((d.classid = c.classid AND d.objid = c.objid)"
"                 OR (c.classid = 'pg_class'::regclass AND d.classid = 'pg_rewrite'::regclass"
"                     AND d.objid IN (SELECT oid FROM pg_rewrite"
"                                      WHERE ev_class = c.objid AND rulename = '_RETURN')))"
"            AND (x.classid, x.objid) IN (SELECT classid, objid FROM closure)"
"            AND (x.classid, x.objid) <> (c.classid, c.objid)) AS depends_on"
"   FROM closure AS c) AS s"
"  ORDER BY read_side DESC, description COLLATE \"C\"";

static List *
read_prefixes(void)
{
	char	   *raw = pstrdup(confiture_read_prefixes);
	List	   *names;

	if (!SplitIdentifierString(raw, ',', &names))
		elog(ERROR, "invalid list syntax in \"confiture.read_prefixes\"");
	return names;
}

ReadSide *
readside_load(void)
{
	ReadSide   *rs = palloc0(sizeof(ReadSide));
	MemoryContext cxt = CurrentMemoryContext;
	Datum	   *elems;
	Datum		arg;
	Oid			argtype = TEXTARRAYOID;
	ListCell   *lc;
	int			i = 0;
	int			rc;
	int			nestlevel;

	rs->prefixes = read_prefixes();
	elems = palloc(sizeof(Datum) * list_length(rs->prefixes));
	foreach(lc, rs->prefixes)
		elems[i++] = CStringGetTextDatum((char *) lfirst(lc));
	arg = PointerGetDatum(construct_array(elems, i, TEXTOID, -1, false, TYPALIGN_INT));

	/* Not read-only: a fresh snapshot sees a build we waited for. */
	nestlevel = runner_pin_settings();
	rc = SPI_execute_with_args(read_side_query, 1, &argtype, &arg, NULL, false, 0);
	runner_unpin_settings(nestlevel);
	MemoryContextSwitchTo(cxt);
	if (rc != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not read the read side: %s", SPI_result_code_string(rc))));

	for (uint64 row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[row];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		ReadSideObject *obj = palloc0(sizeof(ReadSideObject));
		bool		isnull;
		char	   *depends_on;

		obj->address.classId = DatumGetObjectId(SPI_getbinval(tuple, desc, 1, &isnull));
		obj->address.objectId = DatumGetObjectId(SPI_getbinval(tuple, desc, 2, &isnull));
		obj->address.objectSubId = 0;
		obj->description = SPI_getvalue(tuple, desc, 3);
		obj->read_side = DatumGetBool(SPI_getbinval(tuple, desc, 4, &isnull));
		obj->droppable = DatumGetBool(SPI_getbinval(tuple, desc, 5, &isnull));
		obj->owner = DatumGetObjectId(SPI_getbinval(tuple, desc, 6, &isnull));
		if (isnull)
			obj->owner = InvalidOid;
		depends_on = SPI_getvalue(tuple, desc, 7);
		obj->depends_on = depends_on ? depends_on : pstrdup("the read side");
		rs->objects = lappend(rs->objects, obj);
		rs->has_dependents |= !obj->read_side;
	}
	SPI_freetuptable(SPI_tuptable);
	return rs;
}

/* The relations a statement targets, as written; NIL when it has none. */
static List *
statement_relations(Node *stmt)
{
	switch (nodeTag(stmt))
	{
		case T_CreateStmt:
			return list_make1(((CreateStmt *) stmt)->relation);
		case T_CreateForeignTableStmt:
			return list_make1(((CreateForeignTableStmt *) stmt)->base.relation);
		case T_ViewStmt:
			return list_make1(((ViewStmt *) stmt)->view);
		case T_CreateTableAsStmt:
			return list_make1(((CreateTableAsStmt *) stmt)->into->rel);
		case T_SelectStmt:
			return ((SelectStmt *) stmt)->intoClause ?
				list_make1(((SelectStmt *) stmt)->intoClause->rel) : NIL;
		case T_InsertStmt:
			return list_make1(((InsertStmt *) stmt)->relation);
		case T_UpdateStmt:
			return list_make1(((UpdateStmt *) stmt)->relation);
		case T_DeleteStmt:
			return list_make1(((DeleteStmt *) stmt)->relation);
#if PG_VERSION_NUM >= 150000
		case T_MergeStmt:
			return list_make1(((MergeStmt *) stmt)->relation);
#endif
		case T_CopyStmt:
			return ((CopyStmt *) stmt)->relation ? list_make1(((CopyStmt *) stmt)->relation) : NIL;
		case T_IndexStmt:
			return list_make1(((IndexStmt *) stmt)->relation);
		case T_AlterTableStmt:
			return list_make1(((AlterTableStmt *) stmt)->relation);
		case T_RenameStmt:
			return ((RenameStmt *) stmt)->relation ? list_make1(((RenameStmt *) stmt)->relation) : NIL;
		case T_AlterObjectSchemaStmt:
			return ((AlterObjectSchemaStmt *) stmt)->relation ?
				list_make1(((AlterObjectSchemaStmt *) stmt)->relation) : NIL;
		case T_RefreshMatViewStmt:
			return list_make1(((RefreshMatViewStmt *) stmt)->relation);
		case T_CreateTrigStmt:
			return list_make1(((CreateTrigStmt *) stmt)->relation);
		case T_RuleStmt:
			return list_make1(((RuleStmt *) stmt)->relation);
		case T_CreatePolicyStmt:
			return list_make1(((CreatePolicyStmt *) stmt)->table);
		case T_AlterPolicyStmt:
			return list_make1(((AlterPolicyStmt *) stmt)->table);
		case T_GrantStmt:
			{
				GrantStmt  *grant = (GrantStmt *) stmt;

				return grant->targtype == ACL_TARGET_OBJECT && grant->objtype == OBJECT_TABLE ?
					list_copy(grant->objects) : NIL;
			}
		case T_CommentStmt:
			{
				CommentStmt *comment = (CommentStmt *) stmt;
				List	   *names;

				switch (comment->objtype)
				{
					case OBJECT_TABLE:
					case OBJECT_VIEW:
					case OBJECT_MATVIEW:
					case OBJECT_FOREIGN_TABLE:
						return list_make1(makeRangeVarFromNameList(castNode(List, comment->object)));
					case OBJECT_COLUMN:
					case OBJECT_TRIGGER:
					case OBJECT_RULE:
					case OBJECT_POLICY:
					case OBJECT_TABCONSTRAINT:
						names = list_copy(castNode(List, comment->object));
						names = list_truncate(names, list_length(names) - 1);
						return names != NIL ? list_make1(makeRangeVarFromNameList(names)) : NIL;
					default:
						return NIL;
				}
			}
		case T_DropStmt:
			{
				DropStmt   *drop = (DropStmt *) stmt;
				List	   *result = NIL;
				ListCell   *lc;

				if (drop->removeType != OBJECT_TABLE && drop->removeType != OBJECT_VIEW &&
					drop->removeType != OBJECT_MATVIEW && drop->removeType != OBJECT_FOREIGN_TABLE)
					return NIL;
				foreach(lc, drop->objects)
					result = lappend(result, makeRangeVarFromNameList(castNode(List, lfirst(lc))));
				return result;
			}
		default:
			return NIL;
	}
}

static bool
is_read_side_name(ReadSide *rs, const char *relname)
{
	ListCell   *lc;

	foreach(lc, rs->prefixes)
	{
		const char *prefix = lfirst(lc);

		if (strncmp(relname, prefix, strlen(prefix)) == 0)
			return true;
	}
	return false;
}

ObjectWithArgs *
readside_function_signature(CreateFunctionStmt *stmt)
{
	ObjectWithArgs *owa = makeNode(ObjectWithArgs);
	ListCell   *lc;

	owa->objname = stmt->funcname;
	foreach(lc, stmt->parameters)
	{
		FunctionParameter *fp = lfirst_node(FunctionParameter, lc);

		if (fp->mode == FUNC_PARAM_IN || fp->mode == FUNC_PARAM_INOUT ||
#if PG_VERSION_NUM >= 140000
			fp->mode == FUNC_PARAM_DEFAULT ||
#endif
			fp->mode == FUNC_PARAM_VARIADIC)
			owa->objargs = lappend(owa->objargs, fp->argType);
	}
#if PG_VERSION_NUM >= 140000
	owa->objfuncargs = stmt->parameters;
#endif
	owa->args_unspecified = false;
	return owa;
}

static Oid
relation_oid(RangeVar *rv)
{
	return RangeVarGetRelid(rv, NoLock, true);
}

static void
add_address(List **addresses, Oid classid, Oid objid)
{
	ObjectAddress *addr;

	if (!OidIsValid(objid))
		return;
	addr = palloc(sizeof(ObjectAddress));
	addr->classId = classid;
	addr->objectId = objid;
	addr->objectSubId = 0;
	*addresses = lappend(*addresses, addr);
}

/*
 * The object of ALTER ... OWNER TO in the form get_object_address expects.
 * ExecAlterOwnerStmt hands most kinds to get_object_address as the grammar
 * built them, but the grammar names a type or a domain by a name list, where
 * get_object_address (like COMMENT ON TYPE, whose grammar builds one) wants a
 * TypeName: core gives that list to AlterTypeOwner instead.  Every other
 * kind ExecAlterOwnerStmt special-cases (database, schema, foreign-data
 * wrapper, server, event trigger, publication, subscription) is a String,
 * which is what get_object_address takes for them too.
 */
static Node *
owner_statement_object(AlterOwnerStmt *stmt)
{
	if (stmt->objectType == OBJECT_TYPE || stmt->objectType == OBJECT_DOMAIN)
		return (Node *) makeTypeNameFromNameList(castNode(List, stmt->object));
	return stmt->object;
}

/*
 * The existing objects a statement creates, alters, comments on or grants
 * on, resolved against the catalogs as they are before the rebuild;
 * relations are statement_relations(stmt).
 */
static List *
statement_objects(Node *stmt, List *relations, bool *creates)
{
	List	   *result = NIL;
	ListCell   *lc;

	*creates = false;
	switch (nodeTag(stmt))
	{
		case T_CreateFunctionStmt:
			{
				CreateFunctionStmt *fn = (CreateFunctionStmt *) stmt;

				*creates = true;
				add_address(&result, ProcedureRelationId,
							LookupFuncWithArgs(fn->is_procedure ? OBJECT_PROCEDURE : OBJECT_FUNCTION,
											   readside_function_signature(fn), true));
				return result;
			}
		case T_AlterFunctionStmt:
			add_address(&result, ProcedureRelationId,
						LookupFuncWithArgs(((AlterFunctionStmt *) stmt)->objtype,
										   ((AlterFunctionStmt *) stmt)->func, true));
			return result;
		case T_ViewStmt:
		case T_CreateTableAsStmt:
			*creates = true;
			break;
		case T_CreatePolicyStmt:
			{
				CreatePolicyStmt *policy = (CreatePolicyStmt *) stmt;
				Oid			relid = relation_oid(policy->table);

				*creates = true;
				if (OidIsValid(relid))
					add_address(&result, PolicyRelationId,
								get_relation_policy_oid(relid, policy->policy_name, true));
				return result;
			}
		case T_CreateTrigStmt:
			{
				CreateTrigStmt *trigger = (CreateTrigStmt *) stmt;
				Oid			relid = relation_oid(trigger->relation);

				*creates = true;
				if (OidIsValid(relid))
					add_address(&result, TriggerRelationId,
								get_trigger_oid(relid, trigger->trigname, true));
				return result;
			}
		case T_RuleStmt:
			{
				RuleStmt   *rule = (RuleStmt *) stmt;
				Oid			relid = relation_oid(rule->relation);

				*creates = true;
				if (OidIsValid(relid))
					add_address(&result, RewriteRelationId,
								get_rewrite_oid(relid, rule->rulename, true));
				return result;
			}
		case T_CommentStmt:
		case T_AlterOwnerStmt:
			{
				ObjectType	objtype;
				Node	   *object;
				Relation	rel = NULL;
				ObjectAddress addr;

				if (IsA(stmt, CommentStmt))
				{
					/* CommentObject passes its object as is. */
					objtype = ((CommentStmt *) stmt)->objtype;
					object = ((CommentStmt *) stmt)->object;
				}
				else
				{
					objtype = ((AlterOwnerStmt *) stmt)->objectType;
					object = owner_statement_object((AlterOwnerStmt *) stmt);
				}
				addr = get_object_address(objtype, object, &rel, AccessShareLock, true);
				if (rel != NULL)
					relation_close(rel, NoLock);
				add_address(&result, addr.classId, addr.objectId);
				return result;
			}
		case T_GrantStmt:
			{
				GrantStmt  *grant = (GrantStmt *) stmt;

				if (grant->targtype == ACL_TARGET_OBJECT &&
					(grant->objtype == OBJECT_FUNCTION || grant->objtype == OBJECT_PROCEDURE ||
					 grant->objtype == OBJECT_ROUTINE))
				{
					foreach(lc, grant->objects)
						add_address(&result, ProcedureRelationId,
									LookupFuncWithArgs(grant->objtype, lfirst_node(ObjectWithArgs, lc), true));
					return result;
				}
				break;
			}
		default:
			break;
	}

	foreach(lc, relations)
		add_address(&result, RelationRelationId, relation_oid(lfirst_node(RangeVar, lc)));
	return result;
}

bool
readside_selects(ReadSide *rs, Node *stmt)
{
	List	   *relations = statement_relations(stmt);
	ListCell   *lc;
	bool		selected = false;
	bool		creates;

	/* Session settings (SET search_path, ...) shape every later statement. */
	if (IsA(stmt, VariableSetStmt))
		return true;
	/* GRANT ... ON ALL TABLES IN SCHEMA reaches recreated relations too. */
	if (IsA(stmt, GrantStmt) && ((GrantStmt *) stmt)->targtype == ACL_TARGET_ALL_IN_SCHEMA &&
		((GrantStmt *) stmt)->objtype == OBJECT_TABLE)
		return true;

	foreach(lc, relations)
	{
		if (is_read_side_name(rs, lfirst_node(RangeVar, lc)->relname))
			return true;
	}

	/* Only then are the statement's targets worth resolving. */
	if (!rs->has_dependents)
		return false;

	foreach(lc, statement_objects(stmt, relations, &creates))
	{
		ObjectAddress *addr = lfirst(lc);
		ListCell   *lc2;

		foreach(lc2, rs->objects)
		{
			ReadSideObject *obj = lfirst(lc2);

			if (!obj->read_side && obj->address.classId == addr->classId &&
				obj->address.objectId == addr->objectId)
			{
				selected = true;
				obj->created_by_tree |= creates;
			}
		}
	}
	return selected;
}

char *
readside_describe_statement(Node *stmt)
{
	const char *tag = GetCommandTagName(CreateCommandTag(stmt));
	List	   *relations = statement_relations(stmt);

	if (relations != NIL)
	{
		RangeVar   *rv = linitial_node(RangeVar, relations);

		return rv->schemaname ? psprintf("%s %s.%s", tag, rv->schemaname, rv->relname)
			: psprintf("%s %s", tag, rv->relname);
	}
	if (IsA(stmt, CreateFunctionStmt))
		return psprintf("%s %s", tag, NameListToString(((CreateFunctionStmt *) stmt)->funcname));
	return pstrdup(tag);
}

void
readside_check_dependents(ReadSide *rs)
{
	StringInfoData detail;
	ListCell   *lc;
	int			refused = 0;

	initStringInfo(&detail);
	foreach(lc, rs->objects)
	{
		ReadSideObject *obj = lfirst(lc);

		if (obj->read_side || (obj->droppable && obj->created_by_tree))
			continue;
		appendStringInfo(&detail, "%s%s depends on %s and %s.",
						 refused++ > 0 ? "\n" : "", obj->description, obj->depends_on,
						 obj->droppable ? "is not defined in the tree"
						 : "is not part of the read side, which confiture never drops");
	}
	if (refused > 0)
		ereport(ERROR,
				(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
				 errmsg("cannot rebuild the read side: %d %s outside it %s on it",
						refused, refused == 1 ? "object" : "objects",
						refused == 1 ? "depends" : "depend"),
				 errdetail("%s", detail.data),
				 errhint("Define these objects in the tree so that they are recreated with the read side, "
						 "or remove their dependency on it.")));
	pfree(detail.data);
}

int
readside_drop(ReadSide *rs)
{
	ObjectAddresses *addresses = new_object_addresses();
	ListCell   *lc;
	int			n = 0;

	foreach(lc, rs->objects)
	{
		ReadSideObject *obj = lfirst(lc);

		/* What DROP would check, as the deletion below does not. */
		if (!OidIsValid(obj->owner) || !has_privs_of_role(GetUserId(), obj->owner))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("must be owner of %s", obj->description)));
		add_exact_object_address(&obj->address, addresses);
		n++;
	}

	/*
	 * RESTRICT: every dependent was checked to be in the set, so anything
	 * else depending on it is an error here, never a silent cascade.
	 */
	if (n > 0)
	{
		performMultipleDeletions(addresses, DROP_RESTRICT, 0);
		CommandCounterIncrement();
	}
	free_object_addresses(addresses);
	return n;
}

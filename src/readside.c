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
 *
 * Write-side data is never touched: a statement whose targets lie on both
 * sides is refused (it cannot run in part), a write through a view is
 * skipped (it writes the table under the view), partitions hang off their
 * parent and are part of the set (refused when not read-side), and a
 * read-side table the tree does not create is refused rather than dropped.
 * The tree's own SET search_path governs how its statements are resolved.
 */
#include "postgres.h"

#include "access/relation.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/index.h"
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
#include "nodes/nodeFuncs.h"
#include "nodes/parsenodes.h"
#include "parser/parse_func.h"
#include "rewrite/rewriteSupport.h"
#include "storage/lmgr.h"
#include "tcop/utility.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/varlena.h"

#include "compat.h"
#include "keeprows.h"
#include "readside.h"
#include "runner.h"
#include "settings.h"

/*
 * The read-side relations and, transitively, everything with a normal
 * dependency on them (auto dependencies such as indexes and owned sequences
 * are parts that go with their relation).  A view's dependencies are those of
 * its _RETURN rule; a relation is also depended on through its row type.  A
 * partition depends on its parent automatically, yet it is a table with rows
 * of its own: it is in the set, so a write-side one is refused.  A
 * relation's own defaults (a generated column's expression) and constraints
 * (a CHECK) depend on it, yet are parts of it that go and come back with it,
 * as are a read-side table's defaults using a sequence the read side owns;
 * so is the foreign key of a read-side table (or of a partition of one) that
 * references another read-side table.
 * Runs with search_path pinned to pg_catalog, so names come out qualified.
 */
#define DEPENDS(d) \
"((" d ".deptype = 'n' OR (" d ".deptype = 'a' AND " d ".classid = 'pg_class'::regclass" \
"  AND " d ".refclassid = 'pg_class'::regclass AND EXISTS (SELECT FROM pg_class AS p" \
"   WHERE p.oid = " d ".objid AND p.relispartition AND p.relkind IN ('r', 'p', 'f'))))" \
" AND NOT (" d ".refclassid = 'pg_class'::regclass AND (" \
"   EXISTS (SELECT FROM pg_attrdef AS a WHERE " d ".classid = 'pg_attrdef'::regclass" \
"            AND a.oid = " d ".objid AND (a.adrelid = " d ".refobjid" \
"                 OR a.adrelid IN (SELECT oid FROM read_side)" \
"                 OR EXISTS (SELECT FROM pg_partition_ancestors(a.adrelid) AS pa" \
"                             WHERE pa.relid IN (SELECT oid FROM read_side))))" \
"   OR EXISTS (SELECT FROM pg_constraint AS k WHERE " d ".classid = 'pg_constraint'::regclass" \
"               AND k.oid = " d ".objid AND (k.conrelid = " d ".refobjid" \
"                    OR k.conrelid IN (SELECT oid FROM read_side)" \
"                    OR EXISTS (SELECT FROM pg_partition_ancestors(k.conrelid) AS pa" \
"                                WHERE pa.relid IN (SELECT oid FROM read_side)))))))"

/*
 * The sequences a relation owns (serial, identity, OWNED BY): they go with
 * it, so what depends on them (a tb_ column's DEFAULT nextval(...) of a
 * tv_ table's sequence) depends on the read side.  The relation's own
 * defaults using them are parts of it (DEPENDS).
 */
#define OWNED_SEQUENCES(o) \
"pg_depend AS " o \
" JOIN pg_class AS " o "s ON " o "s.oid = " o ".objid AND " o "s.relkind = 'S'" \
" AND " o ".classid = 'pg_class'::regclass AND " o ".refclassid = 'pg_class'::regclass" \
" AND " o ".deptype IN ('a', 'i')"

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
"        WHERE c.classid = 'pg_class'::regclass AND cl.oid = c.objid"
"       UNION ALL"
"       SELECT 'pg_class'::regclass::oid, o.objid FROM " OWNED_SEQUENCES("o")
"        WHERE c.classid = 'pg_class'::regclass AND o.refobjid = c.objid) AS target"
"     JOIN pg_depend AS d"
"       ON d.refclassid = target.classid AND d.refobjid = target.objid AND " DEPENDS("d")
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
"          WHERE " DEPENDS("d")
"            AND ((d.classid = c.classid AND d.objid = c.objid)"
"                 OR (c.classid = 'pg_class'::regclass AND d.classid = 'pg_rewrite'::regclass"
"                     AND d.objid IN (SELECT oid FROM pg_rewrite"
"                                      WHERE ev_class = c.objid AND rulename = '_RETURN')))"
"            AND ((x.classid, x.objid) IN (SELECT classid, objid FROM closure)"
"                 OR EXISTS (SELECT FROM " OWNED_SEQUENCES("o") " JOIN closure AS oc"
"                              ON oc.classid = 'pg_class'::regclass AND oc.objid = o.refobjid"
"                             WHERE x.classid = 'pg_class'::regclass AND o.objid = x.objid))"
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

/*
 * Locks an object of the read side as DROP would, then checks that it still
 * exists: another session may have dropped it since the catalogs were read.
 */
static void
lock_object(ReadSideObject *obj)
{
	Relation	catalog;
	bool		exists;

	if (obj->address.classId == RelationRelationId)
		LockRelationOid(obj->address.objectId, AccessExclusiveLock);
	else
		LockDatabaseObject(obj->address.classId, obj->address.objectId, 0, AccessExclusiveLock);

	catalog = table_open(obj->address.classId, AccessShareLock);
	exists = HeapTupleIsValid(get_catalog_object_by_oid(catalog,
														get_object_attnum_oid(obj->address.classId),
														obj->address.objectId));
	table_close(catalog, AccessShareLock);
	if (!exists)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s was dropped by another session during the rebuild", obj->description),
				 errhint("Run the rebuild again.")));
}

ReadSide *
readside_load(bool lock)
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

	rs->cxt = CurrentMemoryContext;
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
		/* What is not droppable is refused before anything is dropped. */
		if (lock && (obj->read_side || obj->droppable))
			lock_object(obj);
		if (obj->address.classId == RelationRelationId)
		{
			obj->relkind = get_rel_relkind(obj->address.objectId);
			obj->relnamespace = get_rel_namespace(obj->address.objectId);
			obj->relname = get_rel_name(obj->address.objectId);
		}
		rs->objects = lappend(rs->objects, obj);
		rs->has_dependents |= !obj->read_side;
	}
	SPI_freetuptable(SPI_tuptable);

	/* The tree's SET search_path applies while it is walked, then is undone. */
	rs->guc_nestlevel = NewGUCNestLevel();
	return rs;
}

void
readside_end_walk(ReadSide *rs)
{
	AtEOXact_GUC(false, rs->guc_nestlevel);
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
		case T_CreateStatsStmt:
			return list_copy(((CreateStatsStmt *) stmt)->relations);
		case T_TruncateStmt:
			return list_copy(((TruncateStmt *) stmt)->relations);
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

				return grant->targtype == ACL_TARGET_OBJECT &&
					(grant->objtype == OBJECT_TABLE || grant->objtype == OBJECT_SEQUENCE) ?
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
					case OBJECT_INDEX:
					case OBJECT_SEQUENCE:
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
		case T_DefineStmt:
			{
				DefineStmt *define = (DefineStmt *) stmt;
				ObjectWithArgs *owa;
				ListCell   *lc2;

				/* CREATE AGGREGATE name (args): old-style ones have no args. */
				if (define->kind != OBJECT_AGGREGATE || define->oldstyle || define->args == NIL)
					return NIL;
				*creates = true;
				owa = makeNode(ObjectWithArgs);
				owa->objname = define->defnames;
				foreach(lc2, (List *) linitial(define->args))
					owa->objargs = lappend(owa->objargs, lfirst_node(FunctionParameter, lc2)->argType);
				add_address(&result, ProcedureRelationId, LookupFuncWithArgs(OBJECT_AGGREGATE, owa, true));
				return result;
			}
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

/* The schema rv names, or those of the search_path in effect, in order. */
static List *
lookup_namespaces(RangeVar *rv)
{
	if (rv->schemaname != NULL)
	{
		Oid			nspid = get_namespace_oid(rv->schemaname, true);

		return OidIsValid(nspid) ? list_make1_oid(nspid) : NIL;
	}
	return fetch_search_path(false);
}

/* The latest statement of the tree so far creating nspid.relname, or NULL. */
static TreeRelation *
tree_relation(ReadSide *rs, Oid nspid, const char *relname)
{
	TreeRelation *found = NULL;
	ListCell   *lc;

	foreach(lc, rs->created)
	{
		TreeRelation *rel = lfirst(lc);

		if (rel->nspid == nspid && strcmp(rel->relname, relname) == 0)
			found = rel;
	}
	return found;
}

/*
 * The kind of relation rv names as the tree's statements so far leave it,
 * else as the catalogs have it (before the rebuild); '\0' when none.  With
 * nspid, also the schema it is in.
 */
static char
resolve_relation(ReadSide *rs, RangeVar *rv, Oid *nspid)
{
	ListCell   *lc;

	foreach(lc, lookup_namespaces(rv))
	{
		TreeRelation *rel = tree_relation(rs, lfirst_oid(lc), rv->relname);
		Oid			relid = get_relname_relid(rv->relname, lfirst_oid(lc));

		if (nspid != NULL)
			*nspid = lfirst_oid(lc);
		if (rel != NULL)
			return rel->relkind;
		if (OidIsValid(relid))
			return get_rel_relkind(relid);
	}
	return '\0';
}

static char
resolve_relkind(ReadSide *rs, RangeVar *rv)
{
	return resolve_relation(rs, rv, NULL);
}

TreeRelation *
readside_tree_relation(ReadSide *rs, Oid nspid, const char *relname)
{
	return tree_relation(rs, nspid, relname);
}

/*
 * Records that the tree writes rows into rv (INSERT, COPY FROM, MERGE, or
 * the query of CREATE TABLE AS): only statements at the top level of a file
 * count, as they are what a views-only rebuild runs again.  Writes made by
 * functions the tree calls are not followed (their bodies are not parsed,
 * and what they write depends on what they are given when called), so a
 * table filled only that way is one whose rows the rebuild keeps.
 */
static void
record_filled(ReadSide *rs, RangeVar *rv)
{
	Oid			nspid = InvalidOid;
	MemoryContext cxt;
	TreeRelation *rel;

	if (resolve_relation(rs, rv, &nspid) == '\0' || !OidIsValid(nspid))
		return;
	cxt = MemoryContextSwitchTo(rs->cxt);
	rel = palloc0(sizeof(TreeRelation));
	rel->nspid = nspid;
	rel->relname = pstrdup(rv->relname);
	rel->relkind = RELKIND_RELATION;
	rs->filled = lappend(rs->filled, rel);
	MemoryContextSwitchTo(cxt);
}

bool
readside_filled(ReadSide *rs, Oid nspid, const char *relname)
{
	ListCell   *lc;

	foreach(lc, rs->filled)
	{
		TreeRelation *rel = lfirst(lc);

		if (rel->nspid == nspid && strcmp(rel->relname, relname) == 0)
			return true;
	}
	return false;
}

/* Records the relation a statement creates, in the schema it goes to. */
static void
record_creation(ReadSide *rs, Node *stmt)
{
	RangeVar   *rv;
	char		relkind = RELKIND_RELATION;
	List	   *namespaces;
	TreeRelation *rel;
	MemoryContext cxt;
	bool		fills = false;

	switch (nodeTag(stmt))
	{
		case T_CreateStmt:
			rv = ((CreateStmt *) stmt)->relation;
			break;
		case T_CreateForeignTableStmt:
			rv = ((CreateForeignTableStmt *) stmt)->base.relation;
			break;
		case T_ViewStmt:
			rv = ((ViewStmt *) stmt)->view;
			relkind = RELKIND_VIEW;
			break;
		case T_CreateTableAsStmt:
			rv = ((CreateTableAsStmt *) stmt)->into->rel;
			if (CTAS_OBJTYPE((CreateTableAsStmt *) stmt) == OBJECT_MATVIEW)
				relkind = RELKIND_MATVIEW;
			fills = !((CreateTableAsStmt *) stmt)->into->skipData;
			break;
		case T_SelectStmt:
			if (((SelectStmt *) stmt)->intoClause == NULL)
				return;
			rv = ((SelectStmt *) stmt)->intoClause->rel;
			fills = true;
			break;
		default:
			return;
	}
	if (rv->relpersistence == RELPERSISTENCE_TEMP)
		return;
	namespaces = lookup_namespaces(rv);
	if (namespaces == NIL)
		return;
	cxt = MemoryContextSwitchTo(rs->cxt);
	rel = palloc0(sizeof(TreeRelation));
	rel->nspid = linitial_oid(namespaces);
	rel->relname = pstrdup(rv->relname);
	rel->relkind = relkind;
	rel->statement = rs->nstatements;
	/* Types resolve with the tree's search_path, so now. */
	if (IsA(stmt, CreateStmt) && is_read_side_name(rs, rv->relname))
		rel->declared = keeprows_declared((CreateStmt *) stmt);
	rs->created = lappend(rs->created, rel);
	if (fills)
		rs->filled = lappend(rs->filled, rel);
	MemoryContextSwitchTo(cxt);
}

/*
 * Records the partition a statement gives a table: kept rows go back once
 * the last one is there (keeprows.c), whether it is created PARTITION OF
 * or, as pg_dump writes it, created alone and attached.
 */
static void
record_partition(ReadSide *rs, Node *stmt)
{
	RangeVar   *parent = NULL;
	RangeVar   *child = NULL;
	Oid			parent_nspid = InvalidOid;
	Oid			nspid = InvalidOid;
	MemoryContext cxt;
	TreePartition *part;
	ListCell   *lc;

	if (IsA(stmt, CreateStmt) && ((CreateStmt *) stmt)->partbound != NULL &&
		list_length(((CreateStmt *) stmt)->inhRelations) == 1)
	{
		parent = linitial_node(RangeVar, ((CreateStmt *) stmt)->inhRelations);
		child = ((CreateStmt *) stmt)->relation;
	}
	else if (IsA(stmt, AlterTableStmt))
	{
		foreach(lc, ((AlterTableStmt *) stmt)->cmds)
		{
			AlterTableCmd *cmd = lfirst_node(AlterTableCmd, lc);

			if (cmd->subtype == AT_AttachPartition)
			{
				parent = ((AlterTableStmt *) stmt)->relation;
				child = ((PartitionCmd *) cmd->def)->name;
			}
		}
	}
	if (parent == NULL || resolve_relation(rs, parent, &parent_nspid) == '\0' ||
		resolve_relation(rs, child, &nspid) == '\0')
		return;
	cxt = MemoryContextSwitchTo(rs->cxt);
	part = palloc0(sizeof(TreePartition));
	part->parent_nspid = parent_nspid;
	part->parent = pstrdup(parent->relname);
	part->nspid = nspid;
	part->relname = pstrdup(child->relname);
	part->statement = rs->nstatements;
	rs->partitions = lappend(rs->partitions, part);
	MemoryContextSwitchTo(cxt);
}

/* The relation a DML statement writes into, or NULL. */
static RangeVar *
written_relation(Node *stmt)
{
	switch (nodeTag(stmt))
	{
		case T_InsertStmt:
			return ((InsertStmt *) stmt)->relation;
		case T_UpdateStmt:
			return ((UpdateStmt *) stmt)->relation;
		case T_DeleteStmt:
			return ((DeleteStmt *) stmt)->relation;
#if PG_VERSION_NUM >= 150000
		case T_MergeStmt:
			return ((MergeStmt *) stmt)->relation;
#endif
		case T_CopyStmt:
			return ((CopyStmt *) stmt)->is_from ? ((CopyStmt *) stmt)->relation : NULL;
		default:
			return NULL;
	}
}

/* A string constant's value, or NULL. */
static const char *
string_constant(Node *node)
{
	A_Const    *c = (A_Const *) node;

	if (node == NULL || !IsA(node, A_Const))
		return NULL;
#if PG_VERSION_NUM >= 150000
	if (c->isnull || !IsA(&c->val, String))
		return NULL;
#else
	if (c->val.type != T_String)
		return NULL;
#endif
	return strVal(&c->val);
}

/*
 * SELECT [pg_catalog.]set_config('name', 'value', ...), as pg_dump writes
 * for search_path: true, with *name and *value when they are constants.
 */
static bool
is_set_config(Node *stmt, const char **name, const char **value)
{
	SelectStmt *select = (SelectStmt *) stmt;
	ResTarget  *target;
	FuncCall   *call;
	char	   *schema;
	char	   *funcname;

	if (!IsA(stmt, SelectStmt) || select->intoClause != NULL || select->fromClause != NIL ||
		list_length(select->targetList) != 1)
		return false;
	target = linitial_node(ResTarget, select->targetList);
	if (!IsA(target->val, FuncCall))
		return false;
	call = (FuncCall *) target->val;
	DeconstructQualifiedName(call->funcname, &schema, &funcname);
	if (strcmp(funcname, "set_config") != 0 || (schema != NULL && strcmp(schema, "pg_catalog") != 0) ||
		list_length(call->args) != 3)
		return false;
	*name = string_constant(linitial(call->args));
	*value = string_constant(lsecond(call->args));
	return true;
}

static bool
is_dependent(ReadSide *rs, Oid classid, Oid objid)
{
	ListCell   *lc;

	foreach(lc, rs->objects)
	{
		ReadSideObject *obj = lfirst(lc);

		if (!obj->read_side && obj->address.classId == classid && obj->address.objectId == objid)
			return true;
	}
	return false;
}

/*
 * A relation of the read side: named with a read prefix, or an index or a
 * sequence of such a table (they go and come back with it), or (dependents)
 * a relation outside that depends on it.
 */
static bool
relation_is_read_side(ReadSide *rs, RangeVar *rv, bool dependents)
{
	Oid			relid;
	Oid			owner = InvalidOid;
	int32		column;

	if (is_read_side_name(rs, rv->relname))
		return true;
	relid = relation_oid(rv);
	if (!OidIsValid(relid))
		return false;
	switch (get_rel_relkind(relid))
	{
		case RELKIND_INDEX:
		case RELKIND_PARTITIONED_INDEX:
			owner = IndexGetRelation(relid, true);
			break;
		case RELKIND_SEQUENCE:
			if (!sequenceIsOwned(relid, DEPENDENCY_AUTO, &owner, &column) &&
				!sequenceIsOwned(relid, DEPENDENCY_INTERNAL, &owner, &column))
				owner = InvalidOid;
			break;
		default:
			break;
	}
	if (OidIsValid(owner) && get_rel_name(owner) != NULL && is_read_side_name(rs, get_rel_name(owner)))
		return true;
	return dependents && rs->has_dependents && is_dependent(rs, RelationRelationId, relid);
}

static char *
range_var_name(RangeVar *rv)
{
	return rv->schemaname ? psprintf("%s.%s", rv->schemaname, rv->relname) : pstrdup(rv->relname);
}

/* A statement runs whole or not at all: one with targets on both sides, never. */
static void
refuse_mixed(Node *stmt, const char *read_target, const char *write_target, bool through_view)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("cannot rebuild the read side: %s targets both read-side and write-side objects",
					GetCommandTagName(CreateCommandTag(stmt))),
			 through_view ?
			 errdetail("\"%s\" is on the read side and \"%s\" is a view its WITH clause writes through, into the table under it; "
					   "a views-only rebuild runs a statement whole or not at all.", read_target, write_target) :
			 errdetail("\"%s\" is on the read side and \"%s\" is not; a views-only rebuild runs a statement whole or not at all.",
					   read_target, write_target),
			 errhint("Split the statement into one for the read side and one for the rest.")));
}

/*
 * Collects the data-modifying statements of WITH clauses, at any depth
 * (INSERT ... WITH ... SELECT puts the clause on the inner SELECT).
 */
static bool
collect_cte_writes(Node *node, void *context)
{
	List	  **writes = context;

	if (node == NULL)
		return false;
	if (IsA(node, CommonTableExpr) && written_relation(((CommonTableExpr *) node)->ctequery) != NULL)
		*writes = lappend(*writes, ((CommonTableExpr *) node)->ctequery);
	return raw_expression_tree_walker(node, collect_cte_writes, context);
}

/*
 * The statements a data-modifying WITH runs along with stmt (WITH d AS
 * (DELETE FROM tb_inbox RETURNING *) INSERT INTO tv_inbox SELECT ...): they
 * are targets of the statement too, and run again whenever it does.
 */
static List *
cte_writes(Node *stmt)
{
	List	   *writes = NIL;
	Node	   *query = stmt;

	if (IsA(stmt, CreateTableAsStmt))
		query = ((CreateTableAsStmt *) stmt)->query;
	switch (nodeTag(query))
	{
		case T_SelectStmt:
		case T_InsertStmt:
		case T_UpdateStmt:
		case T_DeleteStmt:
#if PG_VERSION_NUM >= 150000
		case T_MergeStmt:
#endif
			(void) collect_cte_writes(query, &writes);
			break;
		default:
			break;
	}
	return writes;
}

/* A data-modifying WITH writes the read side: into a read-side table, not through a view. */
static bool
cte_writes_read_side(ReadSide *rs, RangeVar *rv)
{
	char		relkind = resolve_relkind(rs, rv);

	return relkind != RELKIND_VIEW && relkind != RELKIND_MATVIEW && relation_is_read_side(rs, rv, true);
}

/*
 * Statements run whole, so a data-modifying WITH makes its targets those of
 * the statement: one writing a write-side table (or a view, which writes the
 * table under it) beside a read-side target is refused like any statement
 * whose targets lie on both sides.
 */
static void
check_not_mixed(ReadSide *rs, Node *stmt, List *relations, List *writes)
{
	char	   *read_target = NULL;
	char	   *write_target = NULL;
	bool		through_view = false;
	ListCell   *lc;

	foreach(lc, relations)
	{
		RangeVar   *rv = lfirst_node(RangeVar, lc);

		if (relation_is_read_side(rs, rv, true))
			read_target = read_target ? read_target : range_var_name(rv);
		else
			write_target = write_target ? write_target : range_var_name(rv);
	}
	foreach(lc, writes)
	{
		RangeVar   *rv = written_relation(lfirst(lc));
		char		relkind = resolve_relkind(rs, rv);

		if (cte_writes_read_side(rs, rv))
			read_target = read_target ? read_target : range_var_name(rv);
		else if (write_target == NULL)
		{
			write_target = range_var_name(rv);
			through_view = relkind == RELKIND_VIEW || relkind == RELKIND_MATVIEW;
		}
	}
	if (IsA(stmt, GrantStmt) && ((GrantStmt *) stmt)->targtype == ACL_TARGET_OBJECT &&
		(((GrantStmt *) stmt)->objtype == OBJECT_FUNCTION || ((GrantStmt *) stmt)->objtype == OBJECT_PROCEDURE ||
		 ((GrantStmt *) stmt)->objtype == OBJECT_ROUTINE))
	{
		GrantStmt  *grant = (GrantStmt *) stmt;

		foreach(lc, grant->objects)
		{
			ObjectWithArgs *owa = lfirst_node(ObjectWithArgs, lc);

			if (is_dependent(rs, ProcedureRelationId, LookupFuncWithArgs(grant->objtype, owa, true)))
				read_target = read_target ? read_target : NameListToString(owa->objname);
			else
				write_target = write_target ? write_target : NameListToString(owa->objname);
		}
	}
	if (read_target != NULL && write_target != NULL)
		refuse_mixed(stmt, read_target, write_target, through_view);
}

/*
 * The tables a CREATE or ALTER PUBLICATION names.  PostgreSQL 15 made them
 * publication objects (tables or schemas); before, they are a list of tables.
 */
static List *
publication_relations(Node *stmt)
{
#if PG_VERSION_NUM >= 150000
	List	   *objects = IsA(stmt, CreatePublicationStmt) ?
		((CreatePublicationStmt *) stmt)->pubobjects : ((AlterPublicationStmt *) stmt)->pubobjects;
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, objects)
	{
		PublicationObjSpec *spec = lfirst_node(PublicationObjSpec, lc);

		if (spec->pubobjtype == PUBLICATIONOBJ_TABLE && spec->pubtable != NULL)
			result = lappend(result, spec->pubtable->relation);
	}
	return result;
#else
	return list_copy(IsA(stmt, CreatePublicationStmt) ?
					 ((CreatePublicationStmt *) stmt)->tables : ((AlterPublicationStmt *) stmt)->tables);
#endif
}

/* ALTER PUBLICATION ... ADD: the form that puts tables in. */
static bool
publication_adds(AlterPublicationStmt *stmt)
{
#if PG_VERSION_NUM >= 150000
	return stmt->action == AP_AddObjects;
#else
	return stmt->tableAction == DEFELEM_ADD && stmt->tables != NIL;
#endif
}

/*
 * Statements that would restore something of the read side but cannot run
 * again: publications naming write-side tables too, schema elements.
 */
static const char *
unrestorable(ReadSide *rs, Node *stmt)
{
	List	   *relations = NIL;
	ListCell   *lc;
	bool		any_read = false;
	bool		any_write = false;

	switch (nodeTag(stmt))
	{
		case T_CreateSchemaStmt:
			foreach(lc, ((CreateSchemaStmt *) stmt)->schemaElts)
			{
				List	   *inner = statement_relations(lfirst(lc));
				ListCell   *lc2;

				foreach(lc2, inner)
				{
					if (is_read_side_name(rs, lfirst_node(RangeVar, lc2)->relname))
						return "not rerun: the schema exists, so what it creates of the read side is not restored";
				}
			}
			return NULL;
		case T_CreatePublicationStmt:
			relations = publication_relations(stmt);
			foreach(lc, relations)
			{
				if (relation_is_read_side(rs, lfirst_node(RangeVar, lc), false))
					return "not rerun: the publication exists, so its read-side tables are not restored in it";
			}
			return NULL;
		case T_AlterPublicationStmt:
			if (!publication_adds((AlterPublicationStmt *) stmt))
				return NULL;
			relations = publication_relations(stmt);
			foreach(lc, relations)
			{
				if (relation_is_read_side(rs, lfirst_node(RangeVar, lc), false))
					any_read = true;
				else
					any_write = true;
			}
			return any_read && any_write ?
				"not rerun: it adds write-side tables too, so its read-side tables are not restored in the publication" : NULL;
		default:
			return NULL;
	}
}

/*
 * A sequence the rebuild drops, so whose CREATE and ALTER SEQUENCE run again:
 * one a read-side table owns (it goes with the table; pg_dump creates a
 * serial column's sequence apart and gives it to the table with ALTER
 * SEQUENCE ... OWNED BY), or a new one with a read prefix.  Any other
 * sequence stays as it is.
 */
static bool
sequence_goes(ReadSide *rs, RangeVar *rv)
{
	Oid			relid = relation_oid(rv);
	Oid			owner;
	int32		column;

	if (!OidIsValid(relid))
		return is_read_side_name(rs, rv->relname);
	if (get_rel_relkind(relid) != RELKIND_SEQUENCE ||
		(!sequenceIsOwned(relid, DEPENDENCY_AUTO, &owner, &column) &&
		 !sequenceIsOwned(relid, DEPENDENCY_INTERNAL, &owner, &column)))
		return false;
	return get_rel_name(owner) != NULL && is_read_side_name(rs, get_rel_name(owner));
}

bool
readside_selects(ReadSide *rs, Node *stmt, const char **note, bool *lost)
{
	List	   *relations;
	ListCell   *lc;
	bool		selected = false;
	bool		creates;
	const char *name;
	const char *value;
	RangeVar   *written;
	List	   *writes;

	*note = NULL;
	*lost = false;
	rs->nstatements++;

	/*
	 * Session settings (SET search_path, ...) shape every later statement,
	 * and the tree's search_path is the one its names are resolved with.
	 */
	if (IsA(stmt, VariableSetStmt))
	{
		VariableSetStmt *set = (VariableSetStmt *) stmt;

		if (set->name != NULL && strcmp(set->name, "search_path") == 0)
			ExecSetVariableStmt(set, false);
		return true;
	}
	if (is_set_config(stmt, &name, &value))
	{
		if (name != NULL && value != NULL && strcmp(name, "search_path") == 0)
			(void) set_config_option("search_path", value, PGC_USERSET, PGC_S_SESSION,
									 GUC_ACTION_SET, true, 0, false);
		return true;
	}
	/* GRANT ... ON ALL TABLES IN SCHEMA reaches recreated relations too. */
	if (IsA(stmt, GrantStmt) && ((GrantStmt *) stmt)->targtype == ACL_TARGET_ALL_IN_SCHEMA &&
		((GrantStmt *) stmt)->objtype == OBJECT_TABLE)
		return true;

	/* Writing through a view writes the table under it: the write side. */
	written = written_relation(stmt);
	if (written != NULL)
	{
		char		relkind = resolve_relkind(rs, written);

		if (relkind == RELKIND_VIEW || relkind == RELKIND_MATVIEW)
		{
			*note = "writes through a view, so into the write side";
			return false;
		}
		if (!IsA(stmt, UpdateStmt) && !IsA(stmt, DeleteStmt))
			record_filled(rs, written);
	}

	*note = unrestorable(rs, stmt);
	if (*note != NULL)
	{
		*lost = true;
		return false;
	}

	if (IsA(stmt, CreateSeqStmt))
		return sequence_goes(rs, ((CreateSeqStmt *) stmt)->sequence);
	if (IsA(stmt, AlterSeqStmt))
		return sequence_goes(rs, ((AlterSeqStmt *) stmt)->sequence);

	record_creation(rs, stmt);
	record_partition(rs, stmt);
	relations = statement_relations(stmt);
	writes = cte_writes(stmt);
	check_not_mixed(rs, stmt, relations, writes);
	/*
	 * A WITH writing the read side runs again, even under a plain SELECT, and
	 * an INSERT or MERGE in it fills its table.
	 */
	foreach(lc, writes)
	{
		RangeVar   *rv = written_relation(lfirst(lc));

		if (!cte_writes_read_side(rs, rv))
			continue;
		selected = true;
		if (!IsA(lfirst(lc), UpdateStmt) && !IsA(lfirst(lc), DeleteStmt))
			record_filled(rs, rv);
	}

	if (IsA(stmt, AlterPublicationStmt))
		relations = publication_relations(stmt);
	foreach(lc, relations)
	{
		if (relation_is_read_side(rs, lfirst_node(RangeVar, lc), false))
			selected = true;
	}

	/*
	 * Only then are the statement's targets worth resolving, even those of a
	 * statement on the read side: a policy, a trigger or a rule on a tv_
	 * table depends on it through its expressions, like one outside it.
	 */
	if (!rs->has_dependents)
		return selected;

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

bool
readside_recreated(ReadSide *rs, ReadSideObject *obj)
{
	TreeRelation *rel;

	if (obj->created_by_tree)
		return true;
	if (obj->address.classId != RelationRelationId)
		return false;
	rel = tree_relation(rs, obj->relnamespace, obj->relname);
	return rel != NULL;
}

int
readside_not_recreated(ReadSide *rs, StringInfo detail)
{
	ReadSide   *now = readside_load(false);
	ListCell   *lc;
	int			n = 0;

	readside_end_walk(now);
	foreach(lc, rs->objects)
	{
		ReadSideObject *obj = lfirst(lc);
		bool		found = false;
		ListCell   *lc2;

		if (obj->address.classId == RelationRelationId)
			found = OidIsValid(get_relname_relid(obj->relname, obj->relnamespace));
		foreach(lc2, now->objects)
		{
			if (!found && strcmp(((ReadSideObject *) lfirst(lc2))->description, obj->description) == 0)
				found = true;
		}
		if (!found)
			appendStringInfo(detail, "%s%s was dropped and not recreated.", n++ > 0 ? "\n" : "",
							 obj->description);
	}
	foreach(lc, rs->lost)
		appendStringInfo(detail, "%s%s", n++ > 0 ? "\n" : "", (char *) lfirst(lc));
	return n;
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

/* Refuses read-side tables the tree does not create: their rows would go. */
static void
check_tables_created(ReadSide *rs)
{
	StringInfoData detail;
	ListCell   *lc;
	int			refused = 0;

	initStringInfo(&detail);
	foreach(lc, rs->objects)
	{
		ReadSideObject *obj = lfirst(lc);
		TreeRelation *rel;

		if (!obj->read_side || obj->relkind == RELKIND_VIEW || obj->relkind == RELKIND_MATVIEW)
			continue;
		rel = tree_relation(rs, obj->relnamespace, obj->relname);
		if (rel != NULL && rel->relkind == RELKIND_RELATION)
			continue;
		appendStringInfo(&detail, "%s%s is not created by the tree.", refused++ > 0 ? "\n" : "",
						 obj->description);
	}
	if (refused > 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot rebuild the read side: %d read-side %s not created by the tree",
						refused, refused == 1 ? "table is" : "tables are"),
				 errdetail("%s", detail.data),
				 errhint("A views-only rebuild drops only the tables the tree creates again, so that no rows are lost: "
						 "add their CREATE TABLE to the tree, or drop or rename them yourself.")));
	pfree(detail.data);
}

void
readside_check_dependents(ReadSide *rs)
{
	StringInfoData detail;
	ListCell   *lc;
	int			refused = 0;
	bool		definable = false;
	bool		write_side = false;

	check_tables_created(rs);
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
		definable |= obj->droppable;
		write_side |= !obj->droppable;
	}
	if (refused > 0)
		ereport(ERROR,
				(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
				 errmsg("cannot rebuild the read side: %d %s outside it %s on it",
						refused, refused == 1 ? "object" : "objects",
						refused == 1 ? "depends" : "depend"),
				 errdetail("%s", detail.data),
				 errhint("%s%s%s",
						 definable ? "Define in the tree the objects it does not define, so that they are recreated with the read side, "
						 "or remove their dependency on it." : "",
						 definable && write_side ? " " : "",
						 write_side ? "Objects of the write side (tables, constraints, column defaults, ...) are never dropped by a "
						 "views-only rebuild: remove their dependency on the read side, or rebuild the whole database with confiture_build." : "")));
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

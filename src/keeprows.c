/*
 * keeprows.c: owns the rows of read-side tables that a views-only rebuild
 * cannot refill.
 *
 * A tv_ table filled by a statement of the tree (INSERT ... SELECT, COPY
 * FROM, MERGE, CREATE TABLE AS) gets its rows again when that statement runs
 * again.  One filled by functions called at write time (a sync_tv_post()
 * called from mutation functions) would come back empty, so its rows are
 * copied into a temporary table before the drop and back after the
 * statement that recreates the table, by the columns the old and new
 * definitions share (same name; not generated in the new one).  Which tables
 * is decided from parse trees (readside.c records what the tree writes), so
 * the plan shows it before anything runs.
 *
 * Rows that cannot fit the new definition are refused before anything is
 * dropped, from the columns the CREATE TABLE declares: a new NOT NULL column
 * with no default, a shared column whose type has no assignment cast.  What
 * the declaration cannot tell (LIKE, a type the tree creates) is checked the
 * same way against the recreated table; then, as for a value that fails its
 * cast, the error names table and column and the transaction changes
 * nothing.  Sequences of the recreated table's serial and identity columns
 * are moved past both the rows kept and the old sequence's last value, so
 * new rows do not collide with kept ones.
 *
 * The rows go back as a restore puts them back: the triggers and INSERT
 * rules the recreated table has by then are off for the copy (foreign key
 * and deferred unique checks stay on), and the INSERT runs with the tree's
 * search_path.  They are set aside with a snapshot taken after the rebuild's
 * locks were granted, so rows committed since a REPEATABLE READ
 * transaction's snapshot are not dropped with the table.
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/partition.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_coerce.h"
#include "parser/parse_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "keeprows.h"
#include "runner.h"

/* CREATE TABLE's serial pseudo-types: an integer type with a default. */
static Oid
serial_type(TypeName *tn)
{
	static const struct
	{
		const char *name;
		Oid			typid;
	}			serials[] = {
		{"smallserial", INT2OID}, {"serial2", INT2OID},
		{"serial", INT4OID}, {"serial4", INT4OID},
		{"bigserial", INT8OID}, {"serial8", INT8OID},
	};

	if (list_length(tn->names) != 1 || tn->pct_type || tn->arrayBounds != NIL)
		return InvalidOid;
	for (size_t i = 0; i < lengthof(serials); i++)
	{
		if (strcmp(strVal(linitial(tn->names)), serials[i].name) == 0)
			return serials[i].typid;
	}
	return InvalidOid;
}

static KeepColumn *
find_column(List *columns, const char *name)
{
	ListCell   *lc;

	foreach(lc, columns)
	{
		if (strcmp(((KeepColumn *) lfirst(lc))->name, name) == 0)
			return lfirst(lc);
	}
	return NULL;
}

List *
keeprows_declared(CreateStmt *stmt)
{
	List	   *columns = NIL;
	ListCell   *lc;

	foreach(lc, stmt->tableElts)
	{
		Node	   *elt = lfirst(lc);
		ListCell   *lc2;

		if (IsA(elt, ColumnDef))
		{
			ColumnDef  *def = (ColumnDef *) elt;
			KeepColumn *col = palloc0(sizeof(KeepColumn));

			col->name = pstrdup(def->colname);
			col->notnull = def->is_not_null;
			col->valued = def->raw_default != NULL || def->identity != '\0';
			col->typid = def->typeName ? serial_type(def->typeName) : InvalidOid;
			if (OidIsValid(col->typid))
				col->notnull = col->valued = true;
			else if (def->typeName != NULL && !def->typeName->pct_type)
			{
				/*
				 * A type the tree has not created yet is checked once it has
				 * (so is %TYPE, which LookupTypeName would report on).
				 */
				Type		tup = LookupTypeName(NULL, def->typeName, &col->typmod, true);

				if (tup != NULL)
				{
					col->typid = typeTypeId(tup);
					ReleaseSysCache(tup);
				}
			}
			foreach(lc2, def->constraints)
			{
				Constraint *con = lfirst_node(Constraint, lc2);

				switch (con->contype)
				{
					case CONSTR_NOTNULL:
					case CONSTR_PRIMARY:
						col->notnull = true;
						break;
					case CONSTR_DEFAULT:
						col->valued = true;
						break;
					case CONSTR_IDENTITY:
						col->valued = true;
						col->identity_always = con->generated_when == ATTRIBUTE_IDENTITY_ALWAYS;
						break;
					case CONSTR_GENERATED:
						col->valued = col->generated = true;
						break;
					default:
						break;
				}
			}
			columns = lappend(columns, col);
		}
		else if (IsA(elt, Constraint) && ((Constraint *) elt)->contype == CONSTR_PRIMARY)
		{
			foreach(lc2, ((Constraint *) elt)->keys)
			{
				KeepColumn *col = find_column(columns, strVal(lfirst(lc2)));

				if (col != NULL)
					col->notnull = true;
			}
		}
	}
	return columns;
}

static KeepColumn *
find_kept(KeptTable *kt, const char *name)
{
	return find_column(kt->columns, name);
}

static char *
qualified_name(KeptTable *kt)
{
	return quote_qualified_identifier(get_namespace_name(kt->nspid), kt->relname);
}

/* The table's rows, all of them: a partitioned table's are its partitions'. */
static char *
rows_of(KeptTable *kt)
{
	return psprintf("%s%s", kt->partitioned ? "" : "ONLY ", qualified_name(kt));
}

/*
 * Refuses rows that would not fit the new columns.  Generated columns are
 * computed, not copied; a column's type unknown yet is checked later.
 */
static void
check_fit(KeptTable *kt, List *columns)
{
	ListCell   *lc;

	if (!kt->has_rows)
		return;
	foreach(lc, columns)
	{
		KeepColumn *col = lfirst(lc);
		KeepColumn *old = find_kept(kt, col->name);

		if (!col->generated && list_member(kt->unkeepable, makeString(col->name)))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("cannot keep the rows of %s: column \"%s\" holds values of a row type the rebuild drops",
							kt->description, col->name),
					 errdetail("Its type is the row type of a read-side relation (or an array or domain over it), which goes "
							   "with the drop, so its values cannot be set aside; the recreated column would be empty."),
					 errhint("Store the values as another type (jsonb, or a composite type of the write side), set them to NULL "
							 "first, fill the table from the tree with a statement of its own (INSERT ... SELECT), or rebuild "
							 "the whole database with confiture_build.")));
		if (old == NULL && col->notnull && !col->valued)
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("cannot keep the rows of %s: new column \"%s\" is NOT NULL and has no default",
							kt->description, col->name),
					 errdetail("The tree does not fill %s with a statement of its own, so a views-only rebuild keeps its rows, "
							   "and they have no value for this column.", kt->description),
					 errhint("Give column \"%s\" a default, fill the table from the tree with a statement of its own "
							 "(INSERT ... SELECT), or rebuild the whole database with confiture_build.", col->name)));
		if (old == NULL || col->generated || !OidIsValid(col->typid) || old->typid == col->typid)
			continue;
		if (!can_coerce_type(1, &old->typid, &col->typid, COERCION_ASSIGNMENT))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("cannot keep the rows of %s: column \"%s\" changes type from %s to %s, which has no assignment cast",
							kt->description, col->name, format_type_with_typemod(old->typid, old->typmod),
							format_type_with_typemod(col->typid, col->typmod)),
					 errdetail("The tree does not fill %s with a statement of its own, so a views-only rebuild keeps its rows "
							   "by the columns the old and new definitions share.", kt->description),
					 errhint("Keep a type the old values cast to, give the column a new name, fill the table from the tree "
							 "with a statement of its own (INSERT ... SELECT), or rebuild the whole database with confiture_build.")));
	}
}

/* True when typid is the row type of a relation the rebuild drops (or an array or domain of one). */
static bool
type_on_read_side(ReadSide *rs, Oid typid)
{
	Oid			base = getBaseType(typid);
	Oid			elem = get_element_type(base);
	Oid			relid = get_typ_typrelid(OidIsValid(elem) ? getBaseType(elem) : base);
	ListCell   *lc;

	if (!OidIsValid(relid))
		return false;
	foreach(lc, rs->objects)
	{
		ReadSideObject *obj = lfirst(lc);

		if (obj->address.classId == RelationRelationId && obj->address.objectId == relid)
			return true;
	}
	return false;
}

/*
 * The columns of a table; with rs, before the rebuild, leaving out those
 * whose type is a row type the rebuild drops: they cannot be set aside (the
 * copy would depend on what is dropped), so are taken as not shared.
 */
static List *
table_columns(Oid relid, ReadSide *rs)
{
	Relation	rel = table_open(relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	List	   *columns = NIL;

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		KeepColumn *col;

		if (att->attisdropped || (rs != NULL && type_on_read_side(rs, att->atttypid)))
			continue;
		col = palloc0(sizeof(KeepColumn));
		col->name = pstrdup(NameStr(att->attname));
		col->typid = att->atttypid;
		col->typmod = att->atttypmod;
		col->notnull = att->attnotnull;
		col->generated = att->attgenerated != '\0';
		col->valued = att->atthasdef || att->attidentity != '\0' || col->generated;
		col->identity_always = att->attidentity == ATTRIBUTE_IDENTITY_ALWAYS;
		columns = lappend(columns, col);
	}
	table_close(rel, AccessShareLock);
	return columns;
}

/*
 * The columns left out of the copy (a row type the rebuild drops) that hold
 * values: a column of that name in the new definition would come back empty,
 * so check_fit refuses it rather than lose them.
 */
static List *
unkeepable_columns(KeptTable *kt, ReadSide *rs)
{
	Relation	rel = table_open(kt->relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	List	   *names = NIL;

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		bool		isnull;
		bool		used;

		if (att->attisdropped || !type_on_read_side(rs, att->atttypid))
			continue;
		runner_query_latest(psprintf("SELECT EXISTS (SELECT FROM %s WHERE %s IS DISTINCT FROM NULL)",
									 rows_of(kt), quote_identifier(NameStr(att->attname))),
							SPI_OK_SELECT);
		used = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		SPI_freetuptable(SPI_tuptable);
		if (used)
			names = lappend(names, makeString(pstrdup(NameStr(att->attname))));
	}
	table_close(rel, AccessShareLock);
	return names;
}

/* A partition whose rows come with a read-side ancestor's. */
static bool
under_read_side(ReadSide *rs, Oid relid)
{
	ListCell   *lc;
	ListCell   *lc2;

	if (!get_rel_relispartition(relid))
		return false;
	foreach(lc, get_partition_ancestors(relid))
	{
		foreach(lc2, rs->objects)
		{
			ReadSideObject *obj = lfirst(lc2);

			if (obj->read_side && obj->address.classId == RelationRelationId &&
				obj->address.objectId == lfirst_oid(lc))
				return true;
		}
	}
	return false;
}

/* The tree fills the table, or (partitioned) one of its partitions. */
static bool
filled_by_tree(ReadSide *rs, ReadSideObject *obj)
{
	ListCell   *lc;

	if (readside_filled(rs, obj->relnamespace, obj->relname))
		return true;
	if (obj->relkind != RELKIND_PARTITIONED_TABLE)
		return false;
	foreach(lc, find_all_inheritors(obj->address.objectId, NoLock, NULL))
	{
		Oid			relid = lfirst_oid(lc);

		if (readside_filled(rs, get_rel_namespace(relid), get_rel_name(relid)))
			return true;
	}
	return false;
}

/*
 * Where the rows can go back: after the statement creating the table, or
 * for a partitioned one, after the last creating one of its partitions (as
 * they were before the rebuild) or giving it one, at any depth, as the tree
 * has it (PARTITION OF, ATTACH PARTITION), so that every row has one to go
 * to.
 */
static int
restore_point(ReadSide *rs, ReadSideObject *obj, int statement)
{
	List	   *nspids = list_make1_oid(obj->relnamespace);
	List	   *names = list_make1(obj->relname);
	ListCell   *lc;

	foreach(lc, rs->partitions)
	{
		TreePartition *part = lfirst(lc);

		if (part->statement < statement)
			continue;
		for (int i = 0; i < list_length(names); i++)
		{
			if (list_nth_oid(nspids, i) == part->parent_nspid && strcmp(list_nth(names, i), part->parent) == 0)
			{
				nspids = lappend_oid(nspids, part->nspid);
				names = lappend(names, part->relname);
				statement = part->statement;
				break;
			}
		}
	}
	if (obj->relkind != RELKIND_PARTITIONED_TABLE)
		return statement;
	foreach(lc, find_all_inheritors(obj->address.objectId, NoLock, NULL))
	{
		Oid			relid = lfirst_oid(lc);
		TreeRelation *part = readside_tree_relation(rs, get_rel_namespace(relid), get_rel_name(relid));

		if (part != NULL && part->statement > statement)
			statement = part->statement;
	}
	return statement;
}

/*
 * The rows are read and written as their owner sees them, all of them: a
 * table with FORCE ROW LEVEL SECURITY would otherwise show the rebuild only
 * the rows its policies let through, and the others would be lost (the
 * rebuild drops the table, so it runs as its owner).  As PostgreSQL's own
 * foreign key checks do.
 */
static int
all_rows_begin(void)
{
	Oid			userid;
	int			sec_context;

	GetUserIdAndSecContext(&userid, &sec_context);
	SetUserIdAndSecContext(userid, sec_context | SECURITY_NOFORCE_RLS);
	return sec_context;
}

static void
all_rows_end(int sec_context)
{
	SetUserIdAndSecContext(GetUserId(), sec_context);
}

static bool
has_rows(KeptTable *kt)
{
	bool		isnull;
	bool		result;

	runner_query_latest(psprintf("SELECT EXISTS (SELECT FROM %s)", rows_of(kt)), SPI_OK_SELECT);
	result = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_freetuptable(SPI_tuptable);
	return result;
}

List *
keeprows_find(ReadSide *rs)
{
	List	   *kept = NIL;
	ListCell   *lc;
	int			nestlevel = runner_pin_settings();
	int			sec_context = all_rows_begin();

	foreach(lc, rs->objects)
	{
		ReadSideObject *obj = lfirst(lc);
		TreeRelation *rel;
		KeptTable  *kt;

		if (!obj->read_side ||
			(obj->relkind != RELKIND_RELATION && obj->relkind != RELKIND_PARTITIONED_TABLE) ||
			under_read_side(rs, obj->address.objectId) || filled_by_tree(rs, obj))
			continue;
		/* readside_check_dependents refused tables the tree does not create */
		rel = readside_tree_relation(rs, obj->relnamespace, obj->relname);
		if (rel == NULL)
			continue;
		kt = palloc0(sizeof(KeptTable));
		kt->relid = obj->address.objectId;
		kt->nspid = obj->relnamespace;
		kt->relname = obj->relname;
		kt->description = obj->description;
		kt->partitioned = obj->relkind == RELKIND_PARTITIONED_TABLE;
		kt->columns = table_columns(kt->relid, rs);
		kt->statement = rel->statement;
		kt->restore_after = restore_point(rs, obj, rel->statement);
		kt->declared = rel->declared;
		kt->has_rows = has_rows(kt);
		if (kt->has_rows)
			kt->unkeepable = unkeepable_columns(kt, rs);
		kept = lappend(kept, kt);
	}
	all_rows_end(sec_context);
	runner_unpin_settings(nestlevel);
	return kept;
}

void
keeprows_check(KeptTable *kt)
{
	check_fit(kt, kt->declared);
}

/* The last value of each owned sequence, by its column. */
static void
save_sequences(KeptTable *kt)
{
	ListCell   *lc;

	foreach(lc, getOwnedSequences(kt->relid))
	{
		Oid			seqid = lfirst_oid(lc);
		Oid			tableid;
		int32		attnum;
		KeepColumn *col;
		bool		isnull;
		Datum		value;

		if (!sequenceIsOwned(seqid, DEPENDENCY_INTERNAL, &tableid, &attnum) &&
			!sequenceIsOwned(seqid, DEPENDENCY_AUTO, &tableid, &attnum))
			continue;
		col = find_kept(kt, get_attname(kt->relid, attnum, false));
		if (col == NULL)
			continue;
		runner_query(psprintf("SELECT CASE WHEN is_called THEN last_value END FROM %s",
							  quote_qualified_identifier(get_namespace_name(get_rel_namespace(seqid)),
														 get_rel_name(seqid))),
					 0, NULL, NULL, NULL, SPI_OK_SELECT);
		value = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		col->has_last = !isnull;
		if (!isnull)
			col->last_value = DatumGetInt64(value);
		SPI_freetuptable(SPI_tuptable);
	}
}

void
keeprows_save(List *kept)
{
	ListCell   *lc;
	int			nestlevel = runner_pin_settings();
	int			sec_context = all_rows_begin();

	foreach(lc, kept)
	{
		KeptTable  *kt = lfirst(lc);
		StringInfoData sql;
		ListCell   *lc2;

		if (!kt->has_rows)
			continue;
		kt->aside = psprintf("confiture_kept_%d", foreach_current_index(lc) + 1);
		initStringInfo(&sql);
		appendStringInfo(&sql, "CREATE TEMPORARY TABLE %s ON COMMIT DROP AS SELECT ",
						 quote_qualified_identifier("pg_temp", kt->aside));
		foreach(lc2, kt->columns)
			appendStringInfo(&sql, "%s%s", foreach_current_index(lc2) > 0 ? ", " : "",
							 quote_identifier(((KeepColumn *) lfirst(lc2))->name));
		appendStringInfo(&sql, " FROM %s", rows_of(kt));
		runner_query_latest(sql.data, SPI_OK_UTILITY);
		save_sequences(kt);
	}
	all_rows_end(sec_context);
	runner_unpin_settings(nestlevel);
}

/* CONTEXT of an error while the rows go back: which table, which column. */
typedef struct RestoreContext
{
	KeptTable  *kt;
	const char *column;
	ErrorContextCallback callback;
} RestoreContext;

static void
restore_context(void *arg)
{
	RestoreContext *rc = arg;

	if (rc->column != NULL)
		errcontext("while keeping the rows of %s: column \"%s\"", rc->kt->description, rc->column);
	else
		errcontext("while keeping the rows of %s", rc->kt->description);
}

/*
 * Moves the sequences of the serial and identity columns copied back past
 * the rows kept and the old sequence's last value, never backwards.
 */
static void
restore_sequences(KeptTable *kt, Oid relid)
{
	ListCell   *lc;

	foreach(lc, getOwnedSequences(relid))
	{
		Oid			seqid = lfirst_oid(lc);
		Oid			tableid;
		int32		attnum;
		char	   *name;
		KeepColumn *old;
		Oid			types[2] = {OIDOID, INT8OID};
		Datum		values[2];

		if (!sequenceIsOwned(seqid, DEPENDENCY_INTERNAL, &tableid, &attnum) &&
			!sequenceIsOwned(seqid, DEPENDENCY_AUTO, &tableid, &attnum))
			continue;
		name = get_attname(relid, attnum, false);
		old = find_kept(kt, name);
		if (old == NULL || !old->copied)
			continue;
		values[0] = ObjectIdGetDatum(seqid);
		values[1] = Int64GetDatum(old->last_value);
		/* Only forward: the tree may have set it further (ALTER SEQUENCE ... RESTART). */
		runner_query(psprintf("SELECT pg_catalog.setval(q.seqrelid::pg_catalog.regclass, x.m)"
							  "  FROM (SELECT GREATEST(pg_catalog.max(%s)::pg_catalog.int8, $2) AS m FROM %s) AS x"
							  "  JOIN pg_catalog.pg_sequence AS q ON q.seqrelid = $1"
							  "  CROSS JOIN (SELECT last_value, is_called FROM %s) AS s"
							  " WHERE q.seqincrement > 0 AND x.m BETWEEN q.seqmin AND q.seqmax"
							  "   AND x.m::pg_catalog.numeric >= s.last_value::pg_catalog.numeric"
							  "       OPERATOR(pg_catalog.+) CASE WHEN s.is_called THEN q.seqincrement ELSE 0 END",
							  quote_identifier(name), rows_of(kt),
							  quote_qualified_identifier(get_namespace_name(get_rel_namespace(seqid)),
														 get_rel_name(seqid))),
					 2, types, values, old->has_last ? "  " : " n", SPI_OK_SELECT);
		SPI_freetuptable(SPI_tuptable);
	}
}

/*
 * A trigger or rule that would fire on the restore's INSERT, turned off for
 * it and back to its state after: the rows go back as they were, as a
 * restore of a dump puts them back, not as a new write (a trigger writing to
 * a tb_ table, or one returning NULL, would change the write side's data or
 * lose rows).  Foreign key and deferred unique checks stay on.
 */
typedef struct Silenced
{
	char	   *relation;		/* "ONLY name", or the partitioned table the
								 * trigger's clones in its partitions follow */
	const char *kind;			/* TRIGGER or RULE */
	char	   *name;
	char		enabled;		/* O, A or R */
} Silenced;

/*
 * The triggers and rules an INSERT into relid fires: its own and its
 * partitions' triggers (a partition's clone of an ancestor's follows the
 * ancestor), and its own INSERT rules (the rows routed to partitions do not
 * go through theirs).
 */
static List *
silenced_of(Oid relid)
{
	List	   *silenced = NIL;
	ListCell   *lc;

	foreach(lc, find_all_inheritors(relid, NoLock, NULL))
	{
		Oid			rel = lfirst_oid(lc);
		char	   *name = quote_qualified_identifier(get_namespace_name(get_rel_namespace(rel)), get_rel_name(rel));
		Oid			types[2] = {OIDOID, BOOLOID};
		Datum		values[2] = {ObjectIdGetDatum(rel), BoolGetDatum(rel == relid)};

		runner_query("SELECT 'TRIGGER', t.tgname, t.tgenabled FROM pg_catalog.pg_trigger AS t"
					 " WHERE t.tgrelid = $1 AND t.tgenabled OPERATOR(pg_catalog.<>) 'D'"
					 "   AND NOT t.tgisinternal AND t.tgparentid = 0"
					 "   AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint AS c"
					 "                    WHERE c.oid = t.tgconstraint AND c.contype OPERATOR(pg_catalog.<>) 't')"
					 " UNION ALL "
					 "SELECT 'RULE', r.rulename, r.ev_enabled FROM pg_catalog.pg_rewrite AS r"
					 " WHERE $2 AND r.ev_class = $1 AND r.ev_type = '3' AND r.ev_enabled OPERATOR(pg_catalog.<>) 'D'"
					 " ORDER BY 1, 2",
					 2, types, values, NULL, SPI_OK_SELECT);
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			Silenced   *s = palloc(sizeof(Silenced));

			s->kind = strcmp(SPI_getvalue(tuple, desc, 1), "RULE") == 0 ? "RULE" : "TRIGGER";
			/* A partitioned table's trigger: ALTER TABLE takes its clones along. */
			s->relation = rel == relid && strcmp(s->kind, "TRIGGER") == 0 ? name : psprintf("ONLY %s", name);
			s->name = SPI_getvalue(tuple, desc, 2);
			s->enabled = SPI_getvalue(tuple, desc, 3)[0];
			silenced = lappend(silenced, s);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	return silenced;
}

static void
set_silenced(List *silenced, bool off)
{
	ListCell   *lc;

	foreach(lc, silenced)
	{
		Silenced   *s = lfirst(lc);
		const char *how = off ? "DISABLE" : s->enabled == 'A' ? "ENABLE ALWAYS" :
			s->enabled == 'R' ? "ENABLE REPLICA" : "ENABLE";

		runner_query(psprintf("ALTER TABLE %s %s %s %s", s->relation, how, s->kind, quote_identifier(s->name)),
					 0, NULL, NULL, NULL, SPI_OK_UTILITY);
	}
}

/*
 * The deferred checks (INITIALLY DEFERRED foreign keys, unique and exclusion
 * constraints) of the rows put back, run at once: a kept row the new
 * definition refuses then fails the rebuild naming its table, file and line,
 * not the COMMIT after the rebuild said it was done.  Each is deferred again
 * after, for the tree's own statements.
 */
static void
check_deferred_now(Oid relid)
{
	List	   *relids = find_all_inheritors(relid, NoLock, NULL);
	Datum	   *elems = palloc(sizeof(Datum) * list_length(relids));
	ListCell   *lc;
	Oid			types[1] = {OIDARRAYOID};
	Datum		values[1];
	List	   *names = NIL;

	foreach(lc, relids)
		elems[foreach_current_index(lc)] = ObjectIdGetDatum(lfirst_oid(lc));
	values[0] = PointerGetDatum(construct_array(elems, list_length(relids), OIDOID,
												sizeof(Oid), true, TYPALIGN_INT));
	runner_query("SELECT n.nspname, c.conname FROM pg_catalog.pg_constraint AS c"
				 "  JOIN pg_catalog.pg_namespace AS n ON n.oid = c.connamespace"
				 " WHERE c.conrelid OPERATOR(pg_catalog.=) ANY ($1) AND c.condeferred"
				 " ORDER BY 1, 2",
				 1, types, values, NULL, SPI_OK_SELECT);
	for (uint64 i = 0; i < SPI_processed; i++)
		names = lappend(names, quote_qualified_identifier(SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1),
														  SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2)));
	SPI_freetuptable(SPI_tuptable);
	foreach(lc, names)
	{
		runner_query(psprintf("SET CONSTRAINTS %s IMMEDIATE", (char *) lfirst(lc)),
					 0, NULL, NULL, NULL, SPI_OK_UTILITY);
		runner_query(psprintf("SET CONSTRAINTS %s DEFERRED", (char *) lfirst(lc)),
					 0, NULL, NULL, NULL, SPI_OK_UTILITY);
	}
}

/*
 * The INSERT putting the rows back runs with the tree's search_path, as the
 * tree's own statements do: a default, a CHECK or a generated column may
 * call a function whose body names tables unqualified.
 */
static int64
insert_as_tree(const char *sql, const char *search_path)
{
	int			nestlevel = NewGUCNestLevel();

	(void) set_config_option("search_path", search_path,
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	runner_query(sql, 0, NULL, NULL, NULL, SPI_OK_INSERT);
	AtEOXact_GUC(true, nestlevel);
	return (int64) SPI_processed;
}

/* Copies one table's rows back into its new definition; returns how many. */
static int64
restore_table(KeptTable *kt, const char *search_path)
{
	Oid			relid = get_relname_relid(kt->relname, kt->nspid);
	RestoreContext rc;
	List	   *columns;
	List	   *silenced;
	StringInfoData names;
	StringInfoData sql;
	bool		overriding = false;
	ListCell   *lc;
	int64		rows;

	kt->restored = true;
	if (kt->aside == NULL || !OidIsValid(relid))
		return 0;

	rc.kt = kt;
	rc.column = NULL;
	rc.callback.callback = restore_context;
	rc.callback.arg = &rc;
	rc.callback.previous = error_context_stack;
	error_context_stack = &rc.callback;

	columns = table_columns(relid, NULL);
	check_fit(kt, columns);

	/* Each change of type in the copy first, so an error names its column. */
	initStringInfo(&names);
	foreach(lc, columns)
	{
		KeepColumn *col = lfirst(lc);
		KeepColumn *old = find_kept(kt, col->name);

		if (old == NULL || col->generated)
			continue;
		if (old->typid != col->typid || old->typmod != col->typmod)
		{
			rc.column = col->name;
			runner_query(psprintf("ALTER TABLE %s ALTER COLUMN %s TYPE %s",
								  quote_qualified_identifier("pg_temp", kt->aside), quote_identifier(col->name),
								  format_type_extended(col->typid, col->typmod,
													   FORMAT_TYPE_TYPEMOD_GIVEN | FORMAT_TYPE_FORCE_QUALIFY)),
						 0, NULL, NULL, NULL, SPI_OK_UTILITY);
			rc.column = NULL;
		}
		overriding |= col->identity_always;
		old->copied = true;
		appendStringInfo(&names, "%s%s", names.len > 0 ? ", " : "", quote_identifier(col->name));
	}

	initStringInfo(&sql);
	if (names.len > 0)
		appendStringInfo(&sql, "INSERT INTO %s (%s)%s SELECT %s FROM %s",
						 qualified_name(kt), names.data, overriding ? " OVERRIDING SYSTEM VALUE" : "",
						 names.data, quote_qualified_identifier("pg_temp", kt->aside));
	else
		appendStringInfo(&sql, "INSERT INTO %s SELECT FROM %s",
						 qualified_name(kt), quote_qualified_identifier("pg_temp", kt->aside));
	kt->rows_back = true;
	silenced = silenced_of(relid);
	set_silenced(silenced, true);
	rows = insert_as_tree(sql.data, search_path);
	set_silenced(silenced, false);
	check_deferred_now(relid);
	restore_sequences(kt, relid);
	runner_query(psprintf("DROP TABLE %s", quote_qualified_identifier("pg_temp", kt->aside)),
				 0, NULL, NULL, NULL, SPI_OK_UTILITY);
	kt->aside = NULL;

	error_context_stack = rc.callback.previous;
	return rows;
}

int64
keeprows_restore(List *kept, int statement, int *tables)
{
	ListCell   *lc;
	int64		rows = 0;
	int			nestlevel = -1;
	int			sec_context = 0;
	char	   *search_path = NULL;

	foreach(lc, kept)
	{
		KeptTable  *kt = lfirst(lc);

		if (kt->restored || (statement >= 0 && kt->restore_after != statement))
			continue;
		if (nestlevel < 0)
		{
			search_path = GetConfigOptionByName("search_path", NULL, false);
			nestlevel = runner_pin_settings();
			sec_context = all_rows_begin();
		}
		if (kt->aside != NULL)
			(*tables)++;
		rows += restore_table(kt, search_path);
	}
	if (nestlevel >= 0)
	{
		all_rows_end(sec_context);
		runner_unpin_settings(nestlevel);
	}
	return rows;
}

/*
 * Once every statement ran: a sequence the tree gives a kept table after its
 * CREATE TABLE (pg_dump writes ALTER TABLE ... ADD GENERATED AS IDENTITY, and
 * ALTER SEQUENCE ... OWNED BY, after it) starts at 1 and would hand out the
 * ids of the rows kept; moved past them too.
 */
void
keeprows_finish_sequences(List *kept)
{
	ListCell   *lc;
	int			nestlevel = runner_pin_settings();
	int			sec_context = all_rows_begin();

	foreach(lc, kept)
	{
		KeptTable  *kt = lfirst(lc);
		Oid			relid = get_relname_relid(kt->relname, kt->nspid);

		if (kt->rows_back && OidIsValid(relid))
			restore_sequences(kt, relid);
	}
	all_rows_end(sec_context);
	runner_unpin_settings(nestlevel);
}

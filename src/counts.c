/*
 * counts.c: owns the tables, views and functions counts of a build's summary.
 *
 * They count objects, not statements: `CREATE OR REPLACE VIEW v` run twice is
 * one view, as the database has one.  Each statement that creates a table, a
 * view or a function is looked at after it ran, when what it made can be
 * found by the name it gave (resolved as the server resolved it, with the
 * search_path then in effect); the object's kind, schema, name and, for a
 * function, argument types identify it.  Statements that create nothing
 * countable are not looked at, so the cost is one catalog lookup per
 * creating statement.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_proc.h"
#include "common/hashfn.h"
#include "nodes/parsenodes.h"
#include "parser/parse_func.h"
#include "utils/hsearch.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "compat.h"
#include "counts.h"
#include "readside.h"

/* What identifies a created object; zeroed first, compared as bytes. */
typedef struct CountedKey
{
	StatementKind kind;
	Oid			namespace;
	NameData	name;
	uint64		arguments;		/* functions: hash of the argument types */
} CountedKey;

struct ObjectCounts
{
	HTAB	   *seen;			/* CountedKey, nothing else */
};

ObjectCounts *
counts_create(void)
{
	ObjectCounts *counts = palloc(sizeof(ObjectCounts));
	HASHCTL		ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(CountedKey);
	ctl.entrysize = sizeof(CountedKey);
	ctl.hcxt = CurrentMemoryContext;
	counts->seen = hash_create("confiture counted objects", 256, &ctl,
							   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	return counts;
}

/* The relation a statement of kind TABLE or VIEW creates, as written. */
static RangeVar *
created_relation(Node *stmt)
{
	switch (nodeTag(stmt))
	{
		case T_CreateStmt:
			return ((CreateStmt *) stmt)->relation;
		case T_CreateForeignTableStmt:
			return ((CreateForeignTableStmt *) stmt)->base.relation;
		case T_CreateTableAsStmt:
			return ((CreateTableAsStmt *) stmt)->into->rel;
		case T_SelectStmt:
			return ((SelectStmt *) stmt)->intoClause ? ((SelectStmt *) stmt)->intoClause->rel : NULL;
		case T_ViewStmt:
			return ((ViewStmt *) stmt)->view;
		default:
			return NULL;
	}
}

/* Fills key for what stmt created; false when it cannot be found. */
static bool
created_object(Node *stmt, StatementKind kind, CountedKey *key)
{
	memset(key, 0, sizeof(CountedKey));
	key->kind = kind;

	if (IsA(stmt, CreateFunctionStmt))
	{
		CreateFunctionStmt *fn = (CreateFunctionStmt *) stmt;
		Oid			oid = LookupFuncWithArgs(fn->is_procedure ? OBJECT_PROCEDURE : OBJECT_FUNCTION,
											 readside_function_signature(fn), true);
		HeapTuple	tuple;
		Form_pg_proc proc;

		if (!OidIsValid(oid))
			return false;
		tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(oid));
		if (!HeapTupleIsValid(tuple))
			return false;
		proc = (Form_pg_proc) GETSTRUCT(tuple);
		key->namespace = proc->pronamespace;
		key->name = proc->proname;
		key->arguments = hash_bytes_extended((const unsigned char *) proc->proargtypes.values,
											 proc->pronargs * sizeof(Oid), 0);
		ReleaseSysCache(tuple);
		return true;
	}
	else
	{
		RangeVar   *rv = created_relation(stmt);
		Oid			oid = rv ? RangeVarGetRelid(rv, NoLock, true) : InvalidOid;
		char	   *relname;

		if (!OidIsValid(oid) || (relname = get_rel_name(oid)) == NULL)
			return false;
		key->namespace = get_rel_namespace(oid);
		namestrcpy(&key->name, relname);
		return true;
	}
}

StatementKind
counts_note(ObjectCounts *counts, Node *stmt, StatementKind kind)
{
	CountedKey	key;
	bool		found;

	if (kind == STATEMENT_OTHER || !created_object(stmt, kind, &key))
		return STATEMENT_OTHER;
	(void) hash_search(counts->seen, &key, HASH_ENTER, &found);
	return found ? STATEMENT_OTHER : kind;
}

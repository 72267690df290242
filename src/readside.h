/*
 * readside.h: the read side of a database (v_* views, tv_* tables, ...) and
 * of a tree, for confiture_build_views and the views-only plan.
 */
#ifndef CONFITURE_READSIDE_H
#define CONFITURE_READSIDE_H

#include "postgres.h"

#include "catalog/objectaddress.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"

typedef struct ReadSideObject
{
	ObjectAddress address;
	char	   *description;	/* "view public.v_user" */
	bool		read_side;		/* a relation named with a read prefix */
	bool		droppable;		/* outside the read side: a kind confiture
								 * may drop and recreate (view, function,
								 * policy, trigger, rule) */
	Oid			owner;
	char	   *depends_on;		/* outside: what of the read side it needs */
	bool		created_by_tree;	/* outside: a statement of the tree
									 * creates it */
	char		relkind;		/* a relation's relkind, else '\0' */
	Oid			relnamespace;	/* a relation's schema */
	char	   *relname;		/* a relation's name */
} ReadSideObject;

/* A relation a statement of the tree creates, as resolved when walked. */
typedef struct TreeRelation
{
	Oid			nspid;
	char	   *relname;
	char		relkind;		/* 'r' (any table), 'v' or 'm' */
	int			statement;		/* ordinal of the statement creating it */
	List	   *declared;		/* read-side CREATE TABLE: its columns as
								 * declared (KeepColumn, keeprows.h) */
} TreeRelation;

/* A statement of the tree giving a table a partition (PARTITION OF, ATTACH PARTITION). */
typedef struct TreePartition
{
	Oid			parent_nspid;
	char	   *parent;
	Oid			nspid;
	char	   *relname;
	int			statement;		/* ordinal of the statement */
} TreePartition;

typedef struct ReadSide
{
	List	   *prefixes;		/* char *, from confiture.read_prefixes */
	List	   *objects;		/* ReadSideObject *: what will be dropped */
	bool		has_dependents; /* some objects lie outside the read side */
	MemoryContext cxt;			/* where the lists below live */
	List	   *created;		/* TreeRelation: what the tree creates */
	List	   *lost;			/* char *: statements that would restore
								 * part of the read side and cannot run */
	int			guc_nestlevel;	/* the tree's SET search_path, undone by
								 * readside_end_walk */
	int			nstatements;	/* statements walked so far: the ordinal
								 * of the last one */
	List	   *filled;			/* TreeRelation: tables a statement of the
								 * tree writes rows into */
	List	   *partitions;		/* TreePartition, in the tree's order */
} ReadSide;

/*
 * Loads the database's read side and its dependents; needs SPI.  With lock,
 * each object is locked as DROP would and checked to still exist.
 */
extern ReadSide *readside_load(bool lock);

/* Undoes the search_path the tree's statements set while walked. */
extern void readside_end_walk(ReadSide *rs);

/*
 * True when the statement must run in a views-only rebuild: it targets a
 * read-side relation, or an object that depends on one (which it then marks
 * as created by the tree when the statement creates it).  *note says why a
 * statement naming the read side is skipped (or NULL); *lost when it would
 * restore part of the read side but cannot run again.  Raises an error for a
 * statement whose targets lie on both sides.
 */
extern bool readside_selects(ReadSide *rs, Node *parsetree, const char **note, bool *lost);

/* The latest statement of the tree creating nspid.relname, or NULL. */
extern TreeRelation *readside_tree_relation(ReadSide *rs, Oid nspid, const char *relname);

/* True when a statement of the tree writes rows into nspid.relname. */
extern bool readside_filled(ReadSide *rs, Oid nspid, const char *relname);

/* True when the tree creates this dropped object again (as far as known). */
extern bool readside_recreated(ReadSide *rs, ReadSideObject *obj);

/*
 * After the rebuild: appends to detail, one a line, the dropped objects that
 * do not exist again and rs->lost; returns how many.  Needs SPI.
 */
extern int	readside_not_recreated(ReadSide *rs, StringInfo detail);

/* The signature CREATE FUNCTION declares, for LookupFuncWithArgs. */
extern ObjectWithArgs *readside_function_signature(CreateFunctionStmt *stmt);

/* "CREATE VIEW v_user": the command and what it targets, for the plan. */
extern char *readside_describe_statement(Node *parsetree);

/* Refuses, listing them, dependents the rebuild could not recreate. */
extern void readside_check_dependents(ReadSide *rs);

/* Drops everything in rs->objects at once; returns how many. */
extern int	readside_drop(ReadSide *rs);

#endif							/* CONFITURE_READSIDE_H */

/*
 * readside.h: the read side of a database (v_* views, tv_* tables, ...) and
 * of a tree, for confiture_build_views and the views-only plan.
 */
#ifndef CONFITURE_READSIDE_H
#define CONFITURE_READSIDE_H

#include "postgres.h"

#include "catalog/objectaddress.h"
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
} ReadSideObject;

typedef struct ReadSide
{
	List	   *prefixes;		/* char *, from confiture.read_prefixes */
	List	   *objects;		/* ReadSideObject *: what will be dropped */
	bool		has_dependents; /* some objects lie outside the read side */
} ReadSide;

/* Loads the database's read side and its dependents; needs SPI. */
extern ReadSide *readside_load(void);

/*
 * True when the statement must run in a views-only rebuild: it targets a
 * read-side relation, or an object that depends on one (which it then marks
 * as created by the tree when the statement creates it).
 */
extern bool readside_selects(ReadSide *rs, Node *parsetree);

/* The signature CREATE FUNCTION declares, for LookupFuncWithArgs. */
extern ObjectWithArgs *readside_function_signature(CreateFunctionStmt *stmt);

/* "CREATE VIEW v_user": the command and what it targets, for the plan. */
extern char *readside_describe_statement(Node *parsetree);

/* Refuses, listing them, dependents the rebuild could not recreate. */
extern void readside_check_dependents(ReadSide *rs);

/* Drops everything in rs->objects at once; returns how many. */
extern int	readside_drop(ReadSide *rs);

#endif							/* CONFITURE_READSIDE_H */

/*
 * keeprows.h: the rows of read-side tables that the tree does not fill,
 * kept across a views-only rebuild.
 */
#ifndef CONFITURE_KEEPROWS_H
#define CONFITURE_KEEPROWS_H

#include "postgres.h"

#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"

#include "readside.h"

/* A column of a table: before the rebuild, as declared, or as recreated. */
typedef struct KeepColumn
{
	char	   *name;
	Oid			typid;			/* InvalidOid: not known before it runs */
	int32		typmod;
	bool		notnull;
	bool		valued;			/* has a default, is identity or generated */
	bool		generated;
	bool		identity_always;
	bool		has_last;		/* before: its owned sequence had been used */
	int64		last_value;
	bool		copied;			/* its values went back into the new table */
} KeepColumn;

/* A read-side table whose rows a views-only rebuild keeps. */
typedef struct KeptTable
{
	Oid			relid;			/* before the rebuild */
	Oid			nspid;
	char	   *relname;
	char	   *description;	/* "table public.tv_post" */
	bool		partitioned;
	bool		has_rows;
	List	   *columns;		/* KeepColumn, before the rebuild */
	List	   *unkeepable;		/* names of columns holding values of a row
								 * type the rebuild drops */
	int			statement;		/* ordinal of the statement creating it */
	List	   *declared;		/* KeepColumn: what that statement declares */
	int			restore_after;	/* ordinal of the statement after which its
								 * rows go back (partitioned: its partitions
								 * are created) */
	char	   *aside;			/* the temporary table holding its rows */
	bool		restored;
	bool		rows_back;		/* its rows were copied back */
} KeptTable;

/* The columns a CREATE TABLE declares, with what can be resolved now. */
extern List *keeprows_declared(CreateStmt *stmt);

/*
 * After the walk: the read-side tables the tree creates and does not fill,
 * with their columns and whether they have rows.  Needs SPI.
 */
extern List *keeprows_find(ReadSide *rs);

/*
 * Refuses, before anything changes, rows that would not fit the columns the
 * tree declares for their table (what it cannot tell is checked on restore).
 */
extern void keeprows_check(KeptTable *kt);

/* Before the drop: copies the rows of each table aside. */
extern void keeprows_save(List *kept);

/*
 * After the statement of that ordinal ran (-1: every table not yet done):
 * copies back the rows of the tables whose restore_after it is; returns how many rows, and
 * adds to *tables how many tables had rows.
 */
extern int64 keeprows_restore(List *kept, int statement, int *tables);

/*
 * After every statement: moves the sequences the tree gave kept tables after
 * their CREATE TABLE past the rows kept.
 */
extern void keeprows_finish_sequences(List *kept);

#endif							/* CONFITURE_KEEPROWS_H */

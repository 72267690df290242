/*
 * twopass.h: an environment's build.two_pass: the foreign keys of CREATE
 * TABLE statements moved after the last file.
 */
#ifndef CONFITURE_TWOPASS_H
#define CONFITURE_TWOPASS_H

#include "postgres.h"

#include "nodes/pg_list.h"

#include "location.h"

/* A foreign key taken out of its CREATE TABLE, to be added at the end. */
typedef struct DeferredKey
{
	const char *relpath;		/* the file of its CREATE TABLE */
	int			line;			/* the line of the constraint in that file */
	char	   *sql;			/* ALTER TABLE ... ADD CONSTRAINT ... */
	char	   *add;			/* the ADD ... part of it */
	Oid			relid;			/* its table, when resolved */
	char	   *name;			/* its name, when known */
	char	   *search_path;	/* in effect when its table was created */
} DeferredKey;

typedef struct TwoPass
{
	MemoryContext cxt;			/* where the deferred keys live */
	List	   *deferred;		/* DeferredKey, in the order found */
	List	   *pending;		/* the cuts of the statement being run */
	Oid			existing;		/* CREATE TABLE IF NOT EXISTS: the table
								 * there before it ran */
} TwoPass;

extern TwoPass *twopass_create(MemoryContext cxt);

/*
 * The text of a CREATE TABLE without its foreign keys, blanked out so that
 * lines and positions stay those of the file; NULL when the statement is not
 * a CREATE TABLE or has none.  twopass_defer must follow.
 */
extern char *twopass_strip(TwoPass *tp, Node *parsetree, const char *sql,
						   const char *relpath, int line);

/*
 * After the stripped statement ran (resolve) or, for a plan, instead of it:
 * queues its foreign keys.  Resolving qualifies the table and names each
 * unnamed key as PostgreSQL names the inline form.
 */
extern void twopass_defer(TwoPass *tp, Node *parsetree, bool resolve);

/* Adds the queued foreign keys, in order; returns how many. */
extern int	twopass_finish(TwoPass *tp, BuildLocation *loc);

#endif							/* CONFITURE_TWOPASS_H */

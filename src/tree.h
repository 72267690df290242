/*
 * tree.h: finding the SQL files of a schema tree and putting them in build
 * order.
 */
#ifndef CONFITURE_TREE_H
#define CONFITURE_TREE_H

#include "postgres.h"

#include "nodes/pg_list.h"

typedef struct TreeFile
{
	char	   *relpath;		/* relative to the root, '/'-separated */
	char	   *abspath;
} TreeFile;

typedef struct SchemaTree
{
	char	   *root;			/* canonical absolute path */
	int			nfiles;
	TreeFile   *files;			/* in build order */
} SchemaTree;

extern SchemaTree *tree_scan(const char *path);

/* One entry of a directory listed by tree_list_dir. */
typedef struct TreeEntry
{
	char	   *name;
	bool		is_dir;			/* a directory, not a link to one */
} TreeEntry;

/*
 * The entries of a directory, checked against the policy: directories and
 * regular files (or links to them) whose name ends in ".sql", or with
 * everything, all of them, hidden ones and links to nothing included.
 */
extern List *tree_list_dir(const char *dirpath, const char *display, bool is_root, bool everything);

/* The common parent of absolute paths (the path itself when there is one). */
extern char *tree_common_parent(List *paths);

/* Paths compared component by component, each component bytewise. */
extern int	tree_path_compare(const char *a, const char *b);

/* An error unless a file name is valid in the database encoding. */
extern void tree_check_name_encoding(const char *relpath);

#endif							/* CONFITURE_TREE_H */

/*
 * tree.h: finding the SQL files of a schema tree and putting them in build
 * order.
 */
#ifndef CONFITURE_TREE_H
#define CONFITURE_TREE_H

#include "postgres.h"

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

#endif							/* CONFITURE_TREE_H */

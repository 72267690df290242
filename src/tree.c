/*
 * tree.c: owns which files a build reads and in what order.
 *
 * Every regular file ending in ".sql" below the root, recursively.  Hidden
 * entries are skipped; a symlinked file is read, a symlinked directory is not
 * entered, so a symlink loop cannot make the walk endless.  The order is
 * Confiture's: relative paths compared component by component, each component
 * bytewise, independent of locale and of the order the OS lists entries.
 */
#include "postgres.h"

#include <sys/stat.h>
#include <unistd.h>

#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "storage/fd.h"

#include "policy.h"
#include "tree.h"

static bool
is_sql_file_name(const char *name)
{
	size_t		len = strlen(name);

	return len > 4 && strcmp(name + len - 4, ".sql") == 0;
}

/*
 * Comparing with '/' ranked below every other byte is the same as comparing
 * component by component: "a/x.sql" sorts before "a-b/x.sql".
 */
static int
tree_path_compare(const char *a, const char *b)
{
	const unsigned char *pa = (const unsigned char *) a;
	const unsigned char *pb = (const unsigned char *) b;

	for (;; pa++, pb++)
	{
		int			ca = (*pa == '/') ? 1 : (*pa == '\0' ? 0 : *pa + 1);
		int			cb = (*pb == '/') ? 1 : (*pb == '\0' ? 0 : *pb + 1);

		if (ca != cb)
			return ca - cb;
		if (ca == 0)
			return 0;
	}
}

static int
tree_file_compare(const void *a, const void *b)
{
	return tree_path_compare(((const TreeFile *) a)->relpath,
							 ((const TreeFile *) b)->relpath);
}

static void
tree_walk(const char *dirpath, const char *relprefix, List **found)
{
	DIR		   *dir;
	struct dirent *de;

	dir = AllocateDir(dirpath);
	while ((de = ReadDir(dir, dirpath)) != NULL)
	{
		char	   *abspath;
		char	   *relpath;
		struct stat st;

		CHECK_FOR_INTERRUPTS();

		/* ".", ".." and every hidden entry */
		if (de->d_name[0] == '.')
			continue;

		abspath = psprintf("%s/%s", dirpath, de->d_name);
		relpath = relprefix ? psprintf("%s/%s", relprefix, de->d_name)
			: pstrdup(de->d_name);

		if (lstat(abspath, &st) < 0)
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not stat file \"%s\": %m", relpath)));

		if (S_ISDIR(st.st_mode))
		{
			tree_walk(abspath, relpath, found);
			continue;
		}

		if (!is_sql_file_name(de->d_name))
			continue;

		if (S_ISLNK(st.st_mode))
		{
			if (stat(abspath, &st) < 0)
				ereport(ERROR,
						(errcode_for_file_access(),
						 errmsg("could not follow symbolic link \"%s\": %m", relpath)));
			if (!S_ISREG(st.st_mode))
			{
				ereport(DEBUG1,
						(errmsg_internal("confiture: skipping \"%s\": symbolic link to a non-regular file",
										 relpath)));
				continue;
			}
		}
		else if (!S_ISREG(st.st_mode))
			continue;

		{
			TreeFile   *file = palloc(sizeof(TreeFile));

			file->abspath = abspath;
			file->relpath = relpath;
			*found = lappend(*found, file);
		}
	}
	FreeDir(dir);
}

SchemaTree *
tree_scan(const char *path)
{
	SchemaTree *tree = palloc0(sizeof(SchemaTree));
	struct stat st;
	List	   *found = NIL;
	ListCell   *lc;
	int			i = 0;

	if (!is_absolute_path(path))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("schema tree path must be absolute"),
				 errdetail("The path given was \"%s\".", path),
				 errhint("Give the full path of the tree's root directory on the database server.")));

	tree->root = pstrdup(path);
	canonicalize_path(tree->root);

	if (stat(tree->root, &st) < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not access schema tree \"%s\": %m", tree->root)));
	if (!S_ISDIR(st.st_mode))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("schema tree \"%s\" is not a directory", tree->root)));
	(void) access_check_path(tree->root, tree->root);

	tree_walk(tree->root, NULL, &found);

	if (found == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FILE),
				 errmsg("schema tree contains no SQL files"),
				 errdetail("No regular file ending in \".sql\" was found below \"%s\".", tree->root),
				 errhint("Hidden entries and symbolically linked directories are skipped.")));

	tree->nfiles = list_length(found);
	tree->files = palloc(sizeof(TreeFile) * tree->nfiles);
	foreach(lc, found)
		tree->files[i++] = *(TreeFile *) lfirst(lc);
	list_free_deep(found);

	qsort(tree->files, tree->nfiles, sizeof(TreeFile), tree_file_compare);
	return tree;
}

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

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
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
int
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

/*
 * The longest common prefix of absolute paths that ends at a component
 * boundary: their common parent ("/" at least), or the path itself when
 * there is one.
 */
char *
tree_common_parent(List *paths)
{
	char	   *common = NULL;
	ListCell   *lc;

	foreach(lc, paths)
	{
		const char *path = lfirst(lc);
		int			n = 0;

		if (common == NULL)
		{
			common = pstrdup(path);
			continue;
		}
		while (common[n] != '\0' && common[n] == path[n])
			n++;
		if (!((common[n] == '\0' || common[n] == '/') && (path[n] == '\0' || path[n] == '/')))
		{
			while (n > 0 && common[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		}
		common[n] = '\0';
	}
	if (common != NULL && common[0] == '\0')
		strcpy(common, "/");
	return common;
}

static int
tree_file_compare(const void *a, const void *b)
{
	return tree_path_compare(((const TreeFile *) a)->relpath,
							 ((const TreeFile *) b)->relpath);
}


/*
 * A name as messages can show it: bytes outside printable ASCII escaped as
 * \xNN, so a name that is not valid text can still be named.
 */
static char *
escaped_name(const char *name)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (const unsigned char *p = (const unsigned char *) name; *p; p++)
	{
		if (*p < 0x20 || *p >= 0x7f || *p == '\\')
			appendStringInfo(&buf, "\\x%02x", *p);
		else
			appendStringInfoChar(&buf, *p);
	}
	return buf.data;
}

/*
 * Relative paths are returned as text, so every name kept must be valid in
 * the database encoding.
 */
void
tree_check_name_encoding(const char *relpath)
{
	if (!pg_verifymbstr(relpath, strlen(relpath), true))
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("file name \"%s\" is not valid in encoding \"%s\"",
						escaped_name(relpath), GetDatabaseEncodingName()),
				 errdetail("Bytes that are not printable ASCII are shown as \\xNN."),
				 errhint("Rename the file or directory so its name is valid %s.",
						 GetDatabaseEncodingName())));
}

/*
 * Lists the entries of one directory that the walk keeps (directories, and
 * files and symbolic links to regular files whose name ends in ".sql"), then
 * closes it: a walk holds one directory open at a time, however deep the
 * tree.  The directory is checked against the policy and listed through one
 * descriptor; below the root it is opened with O_NOFOLLOW, so a directory
 * swapped for a symbolic link since its parent was listed is not entered.
 */
List *
tree_list_dir(const char *dirpath, const char *display, bool is_root, bool everything)
{
	int			fd;
	int			listfd;
	DIR		   *volatile dir = NULL;
	List	   *volatile entries = NIL;
	int			flags = O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_NOCTTY | PG_BINARY;

	/* The root itself may be reached through a link. */
	fd = OpenTransientFile(dirpath, is_root ? flags : flags | O_NOFOLLOW);
	if (fd < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open directory \"%s\": %m", display)));
	access_check_opened(fd, dirpath, display);

	/* fdopendir takes the descriptor over; the tracked one is closed below. */
	listfd = dup(fd);
	if (listfd < 0 || (dir = fdopendir(listfd)) == NULL)
	{
		if (listfd >= 0)
			close(listfd);
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open directory \"%s\": %m", display)));
	}

	PG_TRY();
	{
		struct dirent *de;

		for (;;)
		{
			struct stat st;
			TreeEntry  *entry;

			errno = 0;
			if ((de = readdir(dir)) == NULL)
			{
				if (errno != 0)
					ereport(ERROR,
							(errcode_for_file_access(),
							 errmsg("could not read directory \"%s\": %m", display)));
				break;
			}

			/* ".", "..", and every hidden entry unless everything */
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
				(!everything && de->d_name[0] == '.'))
				continue;

			if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			{
				if (errno == ENOENT)
					continue;	/* removed since listed */
				ereport(ERROR,
						(errcode_for_file_access(),
						 errmsg("could not stat file \"%s/%s\": %m", display, escaped_name(de->d_name))));
			}

			if (!S_ISDIR(st.st_mode))
			{
				if (!everything && !is_sql_file_name(de->d_name))
					continue;
				if (S_ISLNK(st.st_mode))
				{
					if (fstatat(dirfd(dir), de->d_name, &st, 0) < 0)
					{
						/*
						 * Listing everything (an environment's patterns), a
						 * link to nothing is a name like others: it matters
						 * only if a pattern selects it, and reading it then
						 * fails, as in Confiture.
						 */
						if (!everything || errno != ENOENT)
							ereport(ERROR,
									(errcode_for_file_access(),
									 errmsg("could not follow symbolic link \"%s/%s\": %m",
											display, escaped_name(de->d_name))));
						st.st_mode = S_IFLNK;
					}
					else if (!S_ISREG(st.st_mode))
					{
						ereport(DEBUG1,
								(errmsg_internal("confiture: skipping \"%s/%s\": symbolic link to a non-regular file",
												 display, escaped_name(de->d_name))));
						continue;
					}
				}
				else if (!S_ISREG(st.st_mode))
					continue;
			}

			entry = palloc(sizeof(TreeEntry));
			entry->name = pstrdup(de->d_name);
			entry->is_dir = S_ISDIR(st.st_mode);
			entries = lappend(entries, entry);
		}
	}
	PG_CATCH();
	{
		closedir(dir);
		PG_RE_THROW();
	}
	PG_END_TRY();

	closedir(dir);
	CloseTransientFile(fd);
	return entries;
}

static void
tree_walk(const char *dirpath, const char *relprefix, List **found)
{
	List	   *entries;
	ListCell   *lc;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();

	entries = tree_list_dir(dirpath, relprefix ? relprefix : dirpath, relprefix == NULL, false);

	foreach(lc, entries)
	{
		TreeEntry  *entry = lfirst(lc);
		char	   *abspath = psprintf("%s/%s", dirpath, entry->name);
		char	   *relpath = relprefix ? psprintf("%s/%s", relprefix, entry->name)
			: pstrdup(entry->name);

		tree_check_name_encoding(relpath);

		if (entry->is_dir)
		{
			tree_walk(abspath, relpath, found);
			pfree(abspath);
			pfree(relpath);
		}
		else
		{
			TreeFile   *file = palloc(sizeof(TreeFile));

			file->abspath = abspath;
			file->relpath = relpath;
			*found = lappend(*found, file);
		}
		pfree(entry->name);
	}
	list_free_deep(entries);
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

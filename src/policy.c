/*
 * policy.c: owns the file access policy, in the manner of the server's own
 * pg_read_file: the caller must have the privileges of pg_read_server_files,
 * and, when confiture.allowed_paths is set, every path read must resolve
 * (symbolic links and ".." followed) to a place inside one of its entries.
 */
#include "postgres.h"

#include <limits.h>
#include <stdlib.h>

#include "catalog/pg_authid.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/varlena.h"

#include "policy.h"
#include "compat.h"
#include "settings.h"

void
access_check_role(const char *function)
{
	if (!has_privs_of_role(GetUserId(), CONFITURE_ROLE_READ_SERVER_FILES))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to call %s", function),
				 errdetail("Only roles with privileges of the \"%s\" role may read schema trees on the server.",
						   "pg_read_server_files")));
}

static bool
path_is_inside(const char *dir, const char *path)
{
	return strcmp(dir, "/") == 0 || path_is_prefix_of_path(dir, path);
}

/*
 * Returns the path to open: with no restriction, path itself; otherwise its
 * resolved form, after checking it is allowed.  display names the path in
 * messages (the tree root, or a file relative to it).
 */
char *
access_check_path(const char *path, const char *display)
{
	char	   *rawlist;
	List	   *allowed;
	ListCell   *lc;
	char		resolved[PATH_MAX];

	if (confiture_allowed_paths == NULL || confiture_allowed_paths[0] == '\0')
		return pstrdup(path);

	if (realpath(path, resolved) == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not resolve path \"%s\": %m", display)));

	/* The setting was validated when set; entries are canonical and absolute. */
	rawlist = pstrdup(confiture_allowed_paths);
	if (!SplitDirectoriesString(rawlist, ',', &allowed))
		elog(ERROR, "invalid list syntax in \"confiture.allowed_paths\"");

	foreach(lc, allowed)
	{
		char		dir[PATH_MAX];

		/* An allowed directory may itself be reached through a link. */
		if (realpath((char *) lfirst(lc), dir) != NULL && path_is_inside(dir, resolved))
			return pstrdup(resolved);
	}

	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to read \"%s\"", display),
			 errdetail("It resolves to \"%s\", which is outside the directories of \"confiture.allowed_paths\".",
					   resolved)));
	return NULL;				/* keep the compiler quiet */
}

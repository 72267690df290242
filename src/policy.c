/*
 * policy.c: owns the file access policy, in the manner of the server's own
 * pg_read_file: the caller must have the privileges of pg_read_server_files,
 * and, when confiture.allowed_paths is set, every file and directory read
 * must be, once opened, inside one of its entries.
 *
 * The check is made on the open descriptor, never on the path before opening
 * it: a path checked and then opened can be redirected in between (an
 * intermediate directory swapped for a symbolic link), but what a descriptor
 * refers to cannot change.  So callers open first, check the descriptor, and
 * read or list through that same descriptor.
 */
#include "postgres.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

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
 * The absolute path of what fd refers to, as the kernel knows it (symbolic
 * links and ".." already followed): Linux's /proc/self/fd, macOS's
 * F_GETPATH.  Elsewhere the path is resolved again, which narrows the race
 * to the time between open and this call but cannot close it.
 */
static void
descriptor_path(int fd, const char *path, const char *display, char *resolved)
{
#if defined(__linux__)
	char		link[64];
	ssize_t		len;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, resolved, PATH_MAX - 1);
	if (len < 0 || len >= PATH_MAX - 1)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not resolve path \"%s\": %m", display)));
	resolved[len] = '\0';
#elif defined(F_GETPATH)
	if (fcntl(fd, F_GETPATH, resolved) < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not resolve path \"%s\": %m", display)));
#else
	if (realpath(path, resolved) == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not resolve path \"%s\": %m", display)));
#endif
}

/*
 * Checks that fd, opened from path, is inside confiture.allowed_paths.
 * display names the path in messages (the tree root, or a file relative to
 * it).
 */
void
access_check_opened(int fd, const char *path, const char *display)
{
	char	   *rawlist;
	List	   *allowed;
	ListCell   *lc;
	char		resolved[PATH_MAX];

	if (confiture_allowed_paths == NULL || confiture_allowed_paths[0] == '\0')
		return;

	descriptor_path(fd, path, display, resolved);

	/* The setting was validated when set; entries are canonical and absolute. */
	rawlist = pstrdup(confiture_allowed_paths);
	if (!SplitDirectoriesString(rawlist, ',', &allowed))
		elog(ERROR, "invalid list syntax in \"confiture.allowed_paths\"");

	foreach(lc, allowed)
	{
		char		dir[PATH_MAX];

		/* An allowed directory may itself be reached through a link. */
		if (realpath((char *) lfirst(lc), dir) != NULL && path_is_inside(dir, resolved))
		{
			list_free_deep(allowed);
			pfree(rawlist);
			return;
		}
	}

	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to read \"%s\"", display),
			 errdetail("It resolves to \"%s\", which is outside the directories of \"confiture.allowed_paths\".",
					   resolved)));
}

/*
 * settings.c: owns the definition of confiture's configuration parameters.
 */
#include "postgres.h"

#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/varlena.h"

#include "settings.h"

/*
 * The parser needs the whole file plus a terminator in one allocation, so a
 * file can never be larger than MaxAllocSize - 2 bytes: 1 GB is the ceiling.
 */
#define MAX_FILE_SIZE_CEILING (1024 * 1024 * 1024)

int			confiture_max_file_size = MAX_FILE_SIZE_CEILING;
char	   *confiture_allowed_paths = NULL;
char	   *confiture_read_prefixes = NULL;

/* At least one prefix; each a non-empty identifier-like word. */
static bool
check_read_prefixes(char **newval, void **extra, GucSource source)
{
	char	   *rawlist = pstrdup(*newval);
	List	   *prefixes;
	bool		ok = SplitIdentifierString(rawlist, ',', &prefixes) && prefixes != NIL;

	if (!ok)
		GUC_check_errdetail("Give a comma-separated list of at least one prefix, such as \"v_,tv_\".");
	list_free(prefixes);
	pfree(rawlist);
	return ok;
}

/* Every entry must be an absolute directory path; they are canonicalized. */
static bool
check_allowed_paths(char **newval, void **extra, GucSource source)
{
	char	   *rawlist = pstrdup(*newval);
	List	   *dirs;
	ListCell   *lc;
	bool		ok = true;

	if (!SplitDirectoriesString(rawlist, ',', &dirs))
	{
		GUC_check_errdetail("List syntax is invalid.");
		ok = false;
	}
	else
	{
		foreach(lc, dirs)
		{
			if (!is_absolute_path((char *) lfirst(lc)))
			{
				GUC_check_errdetail("\"%s\" is not an absolute path.", (char *) lfirst(lc));
				ok = false;
				break;
			}
		}
		list_free_deep(dirs);
	}
	pfree(rawlist);
	return ok;
}

void
settings_define(void)
{
	DefineCustomIntVariable("confiture.max_file_size",
							"Largest SQL file a build reads.",
							"A larger file is an error, raised before any of it is read.",
							&confiture_max_file_size,
							MAX_FILE_SIZE_CEILING,
							0,
							MAX_FILE_SIZE_CEILING,
							PGC_SUSET,
							GUC_UNIT_BYTE,
							NULL, NULL, NULL);

	DefineCustomStringVariable("confiture.allowed_paths",
							   "Directories schema trees may be read from.",
							   "A comma-separated list of absolute paths. When set, the tree root and "
							   "every file read must resolve (symbolic links and \"..\" followed) to a "
							   "place inside one of them. Empty means no restriction beyond the role check.",
							   &confiture_allowed_paths,
							   "",
							   PGC_SUSET,
							   GUC_LIST_INPUT,
							   check_allowed_paths, NULL, NULL);

	DefineCustomStringVariable("confiture.read_prefixes",
							   "Name prefixes of read-side relations, for confiture_build_views.",
							   "Views, materialized views and tables whose name starts with one of "
							   "these are dropped and recreated by a views-only rebuild.",
							   &confiture_read_prefixes,
							   "v_,tv_",
							   PGC_USERSET,
							   GUC_LIST_INPUT,
							   check_read_prefixes, NULL, NULL);

#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("confiture");
#else
	EmitWarningsOnPlaceholders("confiture");
#endif
}

/*
 * settings.c: owns the definition of confiture's configuration parameters.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/parallel.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/pg_db_role_setting.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
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

/*
 * At least one prefix; each ends in "_", so that a prefix is a whole word of
 * a name ("v" would take "vendors" for the read side).
 */
static bool
check_read_prefixes(char **newval, void **extra, GucSource source)
{
	char	   *rawlist = pstrdup(*newval);
	List	   *prefixes;
	ListCell   *lc;
	bool		ok = SplitIdentifierString(rawlist, ',', &prefixes) && prefixes != NIL;

	if (!ok)
		GUC_check_errdetail("Give a comma-separated list of at least one prefix, such as \"v_,tv_\".");
	else
	{
		foreach(lc, prefixes)
		{
			const char *prefix = lfirst(lc);
			size_t		len = strlen(prefix);

			if (len < 2 || prefix[len - 1] != '_')
			{
				GUC_check_errdetail("Prefix \"%s\" does not end in \"_\" after at least one character: "
									"each prefix is a whole word of a name, such as \"v_\".", prefix);
				ok = false;
				break;
			}
		}
	}
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

static void
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

/*
 * The settings that bound what a build may read: superuser-only, and never
 * to be loosened from the client side.
 */
static bool
is_guarded_setting(const char *name)
{
	return pg_strcasecmp(name, "confiture.allowed_paths") == 0 ||
		pg_strcasecmp(name, "confiture.max_file_size") == 0;
}

/* The guarded settings of one pg_db_role_setting entry, as core applies them. */
static void
apply_role_settings(Relation rel, Snapshot snapshot, Oid databaseid, Oid roleid, GucSource source)
{
	ScanKeyData keys[2];
	SysScanDesc scan;
	HeapTuple	tuple;

	ScanKeyInit(&keys[0], Anum_pg_db_role_setting_setdatabase,
				BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(databaseid));
	ScanKeyInit(&keys[1], Anum_pg_db_role_setting_setrole,
				BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(roleid));
	scan = systable_beginscan(rel, DbRoleSettingDatidRolidIndexId, true, snapshot, 2, keys);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		bool		isnull;
		Datum		datum = heap_getattr(tuple, Anum_pg_db_role_setting_setconfig,
										 RelationGetDescr(rel), &isnull);
		Datum	   *items;
		bool	   *nulls;
		int			nitems;

		if (isnull)
			continue;
		deconstruct_array(DatumGetArrayTypeP(datum), TEXTOID, -1, false, TYPALIGN_INT,
						  &items, &nulls, &nitems);
		for (int i = 0; i < nitems; i++)
		{
			char	   *name;
			char	   *value;

			if (nulls[i])
				continue;
			ParseLongOption(TextDatumGetCString(items[i]), &name, &value);
			/* Stored by a superuser (or a role granted SET on it): trusted. */
			if (value != NULL && is_guarded_setting(name))
				(void) set_config_option(name, value, PGC_SUSET, source,
										 GUC_ACTION_SET, true, WARNING, false);
		}
	}
	systable_endscan(scan);
}

/*
 * Until the library is loaded, confiture.allowed_paths and max_file_size are
 * placeholders, and a placeholder keeps one value only: the one from the
 * highest-priority source.  A client's PGOPTIONS, startup option or SET
 * before the load thus replaces the administrator's value from the
 * configuration files, ALTER DATABASE or ALTER ROLE; at load, defining the
 * variable refuses the client's value (a WARNING), and the variable is left
 * at its built-in default: no restriction.  So, when loaded after startup,
 * the trusted values are derived again, the way the server derived them at
 * connection time:
 *
 * - the configuration files, read with the server's own parser: postgresql.conf
 *   with its includes, then postgresql.auto.conf, later entries winning, as
 *   ProcessConfigFileInternal reads them (only the administrator can write
 *   them);
 * - then this database's and this role's pg_db_role_setting entries, in the
 *   order postinit.c's process_settings applies them.  A non-superuser cannot
 *   store a superuser-only variable or an unknown placeholder there
 *   (validate_option_array_item), so what is there is trusted.
 *
 * Each is applied with its own source, so priorities are the server's: a value
 * a superuser did set from the client side (accepted when the variable was
 * defined) still wins over them, and lower-priority values only become the
 * reset value.  With shared_preload_libraries none of this is needed: the
 * variables exist before any client value arrives, and a client's value is
 * refused at connection (or SET) time.
 */
static void
settings_rederive(void)
{
	ConfigVariable *head = NULL;
	ConfigVariable *tail = NULL;
	bool		ok;

	/* A parallel worker gets the leader's values restored after the load. */
	if (IsParallelWorker() || DataDir == NULL || ConfigFileName == NULL)
		return;

	ok = ParseConfigFile(ConfigFileName, true, NULL, 0, 0, LOG, &head, &tail);
	if (ok)
		ok = ParseConfigFile(PG_AUTOCONF_FILENAME, false, NULL, 0, 0, LOG, &head, &tail);
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("could not read the settings of confiture from the configuration files"),
				 errhint("Fix the configuration files; the server log names the error.")));
	for (ConfigVariable *item = head; item != NULL; item = item->next)
		if (is_guarded_setting(item->name))
			(void) set_config_option(item->name, item->value, PGC_SIGHUP, PGC_S_FILE,
									 GUC_ACTION_SET, true, WARNING, false);
	FreeConfigVariables(head);

	if (IsNormalProcessingMode() && OidIsValid(MyDatabaseId))
	{
		/* session_preload_libraries loads outside any transaction. */
		bool		own_transaction = !IsTransactionState();
		Relation	rel;
		Snapshot	snapshot;
		Oid			roleid = GetAuthenticatedUserId();

		if (own_transaction)
			StartTransactionCommand();
		rel = table_open(DbRoleSettingRelationId, AccessShareLock);
		snapshot = RegisterSnapshot(GetCatalogSnapshot(DbRoleSettingRelationId));
		apply_role_settings(rel, snapshot, MyDatabaseId, roleid, PGC_S_DATABASE_USER);
		apply_role_settings(rel, snapshot, InvalidOid, roleid, PGC_S_USER);
		apply_role_settings(rel, snapshot, MyDatabaseId, InvalidOid, PGC_S_DATABASE);
		apply_role_settings(rel, snapshot, InvalidOid, InvalidOid, PGC_S_GLOBAL);
		UnregisterSnapshot(snapshot);
		table_close(rel, AccessShareLock);
		if (own_transaction)
			CommitTransactionCommand();
	}
}

void
settings_load(void)
{
	settings_define();
	if (!process_shared_preload_libraries_in_progress)
		settings_rederive();
}

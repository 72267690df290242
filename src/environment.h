/*
 * environment.h: a Confiture project's environments (db/environments/
 * <env>.yaml) and the files each one selects.
 */
#ifndef CONFITURE_ENVIRONMENT_H
#define CONFITURE_ENVIRONMENT_H

#include "postgres.h"

#include "nodes/pg_list.h"

#include "tree.h"

/* One entry of include_dirs, with Confiture's defaults filled in. */
typedef struct IncludeDir
{
	char	   *written;		/* the path as the YAML gives it */
	char	   *abspath;		/* resolved; NULL when it does not exist */
	bool		recursive;
	List	   *include;		/* patterns (char *) */
	List	   *exclude;		/* patterns (char *) */
	bool		auto_discover;
	int			order;
	int			line;			/* in the YAML file */
	int			position;		/* in include_dirs */
} IncludeDir;

typedef struct Environment
{
	char	   *name;
	char	   *config;			/* the YAML file, absolute */
	char	   *config_display; /* db/environments/<name>.yaml */
	List	   *include_dirs;	/* IncludeDir, sorted by order */
	List	   *exclude_dirs;	/* absolute paths (char *) */
	bool		hex_sort;		/* build.sort_mode: hex */
	bool		two_pass;		/* build.two_pass */
	bool		seeds_last;		/* seed.execution_mode: sequential */
	char	   *base_dir;		/* Confiture's base: common parent of the
								 * include directories */
} Environment;

/* Reads <project>/db/environments/<name>.yaml; errors name file and line. */
extern Environment *environment_load(const char *project, const char *name);

/* The names of the project's environments, sorted. */
extern List *environment_names(const char *project);

/*
 * The files an environment selects, as Confiture's find_sql_files finds and
 * sorts them (all), and in build order (schema_only and seed order applied),
 * relative paths being relative to the base directory.
 */
extern SchemaTree *environment_files(Environment *env, bool schema_only, SchemaTree **all);

/* Confiture's seed rule, for a path relative to the base directory. */
extern bool environment_is_seed(const Environment *env, const char *relpath);

#endif							/* CONFITURE_ENVIRONMENT_H */

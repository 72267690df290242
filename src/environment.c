/*
 * environment.c: owns reading a Confiture environment, the file
 * <project>/db/environments/<name>.yaml, with libyaml, into the settings that
 * decide what a build runs: include_dirs (with Confiture 0.44's defaults, as
 * its SchemaBuilder and Environment.load apply them), exclude_dirs,
 * build.sort_mode, build.two_pass and seed.execution_mode.
 *
 * The YAML file is read through the same policy as every SQL file
 * (confiture.allowed_paths, descriptor-checked).  database_url is never used
 * to connect: the build runs in the database of the call, so a URL naming
 * another database only gets a WARNING.  Keys that would change what
 * Confiture's CLI runs and that a build here does not honour get a NOTICE;
 * other keys (migration, lint of migrations, ACLs...) are Confiture's own
 * business and are ignored.
 */
#include "postgres.h"

#include <limits.h>
#include <sys/stat.h>
#include <yaml.h>

#include "commands/dbcommands.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "environment.h"
#include "location.h"
#include "source.h"

/* A parsed YAML document and where it comes from, for error positions. */
typedef struct YamlFile
{
	yaml_document_t *doc;
	const char *display;
} YamlFile;

/*
 * The YAML text as libyaml reads it, a few bytes at a time: libyaml's scanner
 * is quadratic in the nesting depth of flow collections ("[[[[..." or
 * "{a: {a: ..."), so a file of a few hundred kilobytes keeps it busy for
 * minutes without returning.  Each read is a chance to see a cancel or a
 * termination: the read then fails, libyaml unwinds freeing what it holds,
 * and the caller processes the interrupt.
 */
#define YAML_READ_CHUNK 64

typedef struct YamlInput
{
	const char *data;
	size_t		len;
	size_t		done;
	bool		interrupted;
} YamlInput;

static int
yaml_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	YamlInput  *in = data;

	if (QueryCancelPending || ProcDiePending)
	{
		in->interrupted = true;
		return 0;
	}
	*size_read = Min(Min(size, YAML_READ_CHUNK), in->len - in->done);
	memcpy(buffer, in->data + in->done, *size_read);
	in->done += *size_read;
	return 1;
}

/*
 * The next document of the file into doc.  A syntax error names the line and
 * column; loaded, when given, is a document already read, freed with the
 * parser before the error.
 */
static void
load_document(yaml_parser_t *parser, yaml_document_t *doc, const YamlInput *input,
			  const char *display, yaml_document_t *loaded)
{
	char	   *problem;
	char	   *context;
	int			line;
	int			column;

	if (yaml_parser_load(parser, doc))
		return;
	problem = pstrdup(parser->problem ? parser->problem : "syntax error");
	context = parser->context ? pstrdup(parser->context) : NULL;
	line = parser->problem_mark.line + 1;
	column = parser->problem_mark.column + 1;
	if (loaded != NULL)
		yaml_document_delete(loaded);
	yaml_parser_delete(parser);
	if (input->interrupted)
		CHECK_FOR_INTERRUPTS();
	ereport(ERROR,
			(errcode(ERRCODE_CONFIG_FILE_ERROR),
			 errmsg("could not parse environment file \"%s\": %s", display, problem),
			 context ? errdetail("At line %d, column %d, %s.", line, column, context) :
			 errdetail("At line %d, column %d.", line, column)));
}

/* An error at a node of the file: a macro, so that it is seen not to return. */
#define raise_at(yf, node, message) \
	ereport(ERROR, \
			(errcode(ERRCODE_CONFIG_FILE_ERROR), \
			 errmsg("invalid environment file \"%s\": %s", (yf)->display, (message)), \
			 errdetail("At line %d, column %d.", \
					   (int) (node)->start_mark.line + 1, (int) (node)->start_mark.column + 1)))

static char *
scalar(yaml_node_t *node)
{
	return pnstrdup((char *) node->data.scalar.value, node->data.scalar.length);
}

/* A plain ~, null or empty scalar: YAML's null. */
static bool
is_null(yaml_node_t *node)
{
	const char *v;

	if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *) node->data.scalar.value;
	return node->data.scalar.length == 0 || strcmp(v, "~") == 0 ||
		pg_strcasecmp(v, "null") == 0;
}

static char *
string_value(const YamlFile *yf, yaml_node_t *node, const char *key)
{
	if (node->type != YAML_SCALAR_NODE || is_null(node))
		raise_at(yf, node, psprintf("%s must be a string", key));
	return scalar(node);
}

/* Booleans as YAML 1.1 and pydantic read them. */
static bool
bool_value(const YamlFile *yf, yaml_node_t *node, const char *key)
{
	bool		result;

	if (node->type != YAML_SCALAR_NODE || !parse_bool(scalar(node), &result))
		raise_at(yf, node, psprintf("%s must be true or false", key));
	return result;
}

static int
int_value(const YamlFile *yf, yaml_node_t *node, const char *key)
{
	char	   *v;
	char	   *end;
	long		n;

	if (node->type != YAML_SCALAR_NODE)
		raise_at(yf, node, psprintf("%s must be an integer", key));
	v = scalar(node);
	errno = 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < INT_MIN || n > INT_MAX)
		raise_at(yf, node, psprintf("%s must be an integer", key));
	return (int) n;
}

static List *
string_list(const YamlFile *yf, yaml_node_t *node, const char *key)
{
	List	   *result = NIL;

	if (node->type != YAML_SEQUENCE_NODE)
		raise_at(yf, node, psprintf("%s must be a list of strings", key));
	for (yaml_node_item_t *item = node->data.sequence.items.start;
		 item < node->data.sequence.items.top; item++)
		result = lappend(result, string_value(yf, yaml_document_get_node(yf->doc, *item), key));
	return result;
}

/* A plain "<<" key: YAML's merge key, which yaml.safe_load honours. */
static bool
is_merge_key(yaml_node_t *node)
{
	return node->type == YAML_SCALAR_NODE && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		node->data.scalar.length == 2 && memcmp(node->data.scalar.value, "<<", 2) == 0;
}

/*
 * The value of key in a mapping node, or NULL, as the dict yaml.safe_load
 * builds: a key given twice has its last value, and a key of the mapping
 * itself wins over the mappings merged into it with "<<" (a later "<<" over
 * an earlier one, the first of a list of mappings over the next).  chain
 * holds the mappings whose merges lead here: one met again (a mapping merged
 * into itself) adds nothing, as its own keys were looked at already.
 */
static yaml_node_t *
lookup_merged(const YamlFile *yf, yaml_node_t *mapping, const char *key, List *chain)
{
	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (list_member_ptr(chain, mapping))
		return NULL;
	chain = lappend(list_copy(chain), mapping);
	for (yaml_node_pair_t *pair = mapping->data.mapping.pairs.top;
		 pair-- > mapping->data.mapping.pairs.start;)
	{
		yaml_node_t *k = yaml_document_get_node(yf->doc, pair->key);

		if (k->type == YAML_SCALAR_NODE && !is_merge_key(k) && strlen(key) == k->data.scalar.length &&
			memcmp(k->data.scalar.value, key, k->data.scalar.length) == 0)
			return yaml_document_get_node(yf->doc, pair->value);
	}
	for (yaml_node_pair_t *pair = mapping->data.mapping.pairs.top;
		 pair-- > mapping->data.mapping.pairs.start;)
	{
		yaml_node_t *v = yaml_document_get_node(yf->doc, pair->value);
		yaml_node_t *found = NULL;

		if (!is_merge_key(yaml_document_get_node(yf->doc, pair->key)))
			continue;
		if (v->type == YAML_MAPPING_NODE)
			found = lookup_merged(yf, v, key, chain);
		else if (v->type == YAML_SEQUENCE_NODE)
		{
			for (yaml_node_item_t *item = v->data.sequence.items.start;
				 item < v->data.sequence.items.top && found == NULL; item++)
			{
				yaml_node_t *m = yaml_document_get_node(yf->doc, *item);

				if (m->type != YAML_MAPPING_NODE)
					raise_at(yf, m, "a merge key (<<) takes a mapping or a list of mappings");
				found = lookup_merged(yf, m, key, chain);
			}
		}
		else
			raise_at(yf, v, "a merge key (<<) takes a mapping or a list of mappings");
		if (found != NULL)
			return found;
	}
	return NULL;
}

static yaml_node_t *
lookup(const YamlFile *yf, yaml_node_t *mapping, const char *key)
{
	return lookup_merged(yf, mapping, key, NIL);
}

static yaml_node_t *
mapping_value(const YamlFile *yf, yaml_node_t *mapping, const char *key)
{
	yaml_node_t *node = lookup(yf, mapping, key);

	if (node == NULL || is_null(node))
		return NULL;
	if (node->type != YAML_MAPPING_NODE)
		raise_at(yf, node, psprintf("%s must be a mapping", key));
	return node;
}

/*
 * Python's Path.resolve() of a path relative to the project: symbolic links
 * and ".." resolved when it exists; NULL when it does not.
 */
static char *
resolve_path(const char *project, const char *written)
{
	char	   *joined = is_absolute_path(written) ? pstrdup(written) : psprintf("%s/%s", project, written);
	char		resolved[PATH_MAX];

	if (realpath(joined, resolved) == NULL)
		return NULL;
	return pstrdup(resolved);
}

/* A path relative to the project, normalised even when it does not exist. */
static char *
normal_path(const char *project, const char *written)
{
	char	   *path = resolve_path(project, written);

	if (path == NULL)
	{
		path = is_absolute_path(written) ? pstrdup(written) : psprintf("%s/%s", project, written);
		canonicalize_path(path);
	}
	return path;
}

static IncludeDir *
include_dir(const YamlFile *yf, const char *project, yaml_node_t *item)
{
	IncludeDir *dir = palloc0(sizeof(IncludeDir));
	yaml_node_t *v;

	dir->line = item->start_mark.line + 1;
	dir->recursive = true;
	dir->auto_discover = true;
	if (item->type == YAML_SCALAR_NODE && !is_null(item))
	{
		/* A plain string must exist (Environment.load). */
		dir->written = scalar(item);
		dir->abspath = resolve_path(project, dir->written);
		dir->include = list_make1(pstrdup("**/*.sql"));
		dir->auto_discover = false;
	}
	else if (item->type == YAML_MAPPING_NODE)
	{
		v = lookup(yf, item, "path");
		if (v == NULL || is_null(v))
			raise_at(yf, item, "an entry of include_dirs has no path");
		dir->written = string_value(yf, v, "path");
		/* Environment.load: an empty path is a missing one, not the project */
		if (dir->written[0] == '\0')
			raise_at(yf, item, "an entry of include_dirs has no path");
		dir->abspath = resolve_path(project, dir->written);
		if ((v = lookup(yf, item, "recursive")) != NULL)
			dir->recursive = bool_value(yf, v, "recursive");
		if ((v = lookup(yf, item, "include")) != NULL)
			dir->include = string_list(yf, v, "include");
		/*
		 * SchemaBuilder cannot tell the default from the same pattern given:
		 * when not recursive, the recursive default given as the one include
		 * pattern is "*.sql" too.
		 */
		if (v == NULL || (!dir->recursive && list_length(dir->include) == 1 &&
						  strcmp(linitial(dir->include), "**/*.sql") == 0))
			dir->include = list_make1(pstrdup(dir->recursive ? "**/*.sql" : "*.sql"));
		if ((v = lookup(yf, item, "exclude")) != NULL)
			dir->exclude = string_list(yf, v, "exclude");
		if ((v = lookup(yf, item, "auto_discover")) != NULL)
			dir->auto_discover = bool_value(yf, v, "auto_discover");
		if ((v = lookup(yf, item, "order")) != NULL)
			dir->order = int_value(yf, v, "order");
	}
	else
		raise_at(yf, item, "an entry of include_dirs must be a path or a mapping with a path");

	if (dir->abspath != NULL)
	{
		struct stat st;

		if (stat(dir->abspath, &st) == 0 && !S_ISDIR(st.st_mode))
			ereport(ERROR,
					(errcode(ERRCODE_WRONG_OBJECT_TYPE),
					 errmsg("include directory \"%s\" is not a directory", dir->written),
					 errdetail("It is named in \"%s\" line %d.", yf->display, dir->line)));
	}
	else if (!dir->auto_discover)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FILE),
				 errmsg("include directory \"%s\" does not exist", dir->written),
				 errdetail("It is named in \"%s\" line %d, relative to the project directory.",
						   yf->display, dir->line),
				 errhint("Create the directory, or give it as a mapping with auto_discover: true to skip it while it is missing.")));
	return dir;
}

static int
include_dir_order(const ListCell *a, const ListCell *b)
{
	const IncludeDir *da = lfirst(a);
	const IncludeDir *db = lfirst(b);

	/* Python's sort is stable: the order of the file breaks ties. */
	if (da->order != db->order)
		return (da->order > db->order) - (da->order < db->order);
	return (da->position > db->position) - (da->position < db->position);
}

/*
 * The database a postgresql:// URL names: what follows the authority, up to
 * any query string.  A ${VAR} placeholder names nothing yet.
 */
static void
check_database_url(const Environment *env, const char *url)
{
	const char *p = strstr(url, "://");
	const char *slash;
	char	   *dbname;

	if (p == NULL || strstr(url, "${") != NULL)
		return;
	slash = strchr(p + 3, '/');
	if (slash == NULL || slash[1] == '\0')
		return;
	dbname = pnstrdup(slash + 1, strcspn(slash + 1, "?"));
	if (strcmp(dbname, get_database_name(MyDatabaseId)) != 0)
		ereport(WARNING,
				(errmsg("environment \"%s\" names database \"%s\", but the build runs in database \"%s\"",
						env->name, dbname, get_database_name(MyDatabaseId)),
				 errdetail("confiture builds in the database of the call; database_url in \"%s\" is not used to connect.",
						   env->config_display)));
}

/* Keys that change what Confiture's CLI runs and that are not honoured here. */
static void
note_unsupported(const YamlFile *yf, const Environment *env, yaml_node_t *root)
{
	static const char *const keys[][2] = {
		{"build", "validate_comments"},
		{"build", "lint"},
		{"seed", "continue_on_error"},
		{"seed", "transaction_mode"},
		{"seed", "profiles"},
		{"superuser_dirs", NULL},
		{"superuser_post_dirs", NULL},
	};
	StringInfoData found;

	initStringInfo(&found);
	for (int i = 0; i < (int) lengthof(keys); i++)
	{
		yaml_node_t *node = lookup(yf, root, keys[i][0]);

		if (node != NULL && keys[i][1] != NULL)
			node = node->type == YAML_MAPPING_NODE ? lookup(yf, node, keys[i][1]) : NULL;
		if (node == NULL || is_null(node))
			continue;
		appendStringInfo(&found, "%s%s%s%s", found.len > 0 ? ", " : "",
						 keys[i][0], keys[i][1] ? "." : "", keys[i][1] ? keys[i][1] : "");
	}
	if (found.len > 0)
		ereport(NOTICE,
				(errmsg("environment \"%s\": %s not supported, ignored", env->name, found.data),
				 errdetail("These keys of \"%s\" change how Confiture's command line runs a build; a build here "
						   "runs the selected files in one transaction and checks them with the server's own parser.",
						   env->config_display)));
}

static void
read_settings(const YamlFile *yf, Environment *env, const char *project, yaml_node_t *root)
{
	yaml_node_t *node;
	yaml_node_t *section;

	if (root == NULL || root->type != YAML_MAPPING_NODE)
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("invalid environment file \"%s\": it must be a mapping", yf->display),
				 errhint("An environment file holds keys such as include_dirs, build and seed.")));

	node = lookup(yf, root, "include_dirs");
	if (node == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("invalid environment file \"%s\": include_dirs is missing", yf->display),
				 errhint("List the directories to build, for example include_dirs: [db/schema].")));
	if (node->type != YAML_SEQUENCE_NODE)
		raise_at(yf, node, "include_dirs must be a list");
	if (node->data.sequence.items.start == node->data.sequence.items.top)
		raise_at(yf, node, "include_dirs is empty");
	for (yaml_node_item_t *item = node->data.sequence.items.start;
		 item < node->data.sequence.items.top; item++)
	{
		IncludeDir *dir = include_dir(yf, project, yaml_document_get_node(yf->doc, *item));

		dir->position = list_length(env->include_dirs);
		env->include_dirs = lappend(env->include_dirs, dir);
	}
	list_sort(env->include_dirs, include_dir_order);

	if ((node = lookup(yf, root, "exclude_dirs")) != NULL && !is_null(node))
	{
		ListCell   *lc;

		foreach(lc, string_list(yf, node, "exclude_dirs"))
			env->exclude_dirs = lappend(env->exclude_dirs, normal_path(project, lfirst(lc)));
	}

	if ((section = mapping_value(yf, root, "build")) != NULL)
	{
		if ((node = lookup(yf, section, "sort_mode")) != NULL)
		{
			char	   *mode = string_value(yf, node, "build.sort_mode");

			if (strcmp(mode, "hex") == 0)
				env->hex_sort = true;
			else if (strcmp(mode, "alphabetical") != 0)
				raise_at(yf, node, psprintf("build.sort_mode \"%s\" is not \"alphabetical\" or \"hex\"", mode));
		}
		if ((node = lookup(yf, section, "two_pass")) != NULL)
			env->two_pass = bool_value(yf, node, "build.two_pass");
	}
	if ((section = mapping_value(yf, root, "seed")) != NULL &&
		(node = lookup(yf, section, "execution_mode")) != NULL)
	{
		char	   *mode = string_value(yf, node, "seed.execution_mode");

		if (strcmp(mode, "sequential") == 0)
			env->seeds_last = true;
		else if (strcmp(mode, "concatenate") != 0)
			raise_at(yf, node, psprintf("seed.execution_mode \"%s\" is not \"concatenate\" or \"sequential\"", mode));
	}
	if ((node = lookup(yf, root, "database_url")) != NULL && node->type == YAML_SCALAR_NODE && !is_null(node))
		check_database_url(env, scalar(node));
	note_unsupported(yf, env, root);
}

static int
name_order(const ListCell *a, const ListCell *b)
{
	return strcmp(lfirst(a), lfirst(b));
}

static bool
valid_name(const char *name)
{
	return name[0] != '\0' && strchr(name, '/') == NULL &&
		strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

List *
environment_names(const char *project)
{
	char	   *dir = psprintf("%s/db/environments", project);
	List	   *names = NIL;
	ListCell   *lc;
	struct stat st;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return NIL;
	foreach(lc, tree_list_dir(dir, dir, true, true))
	{
		TreeEntry  *entry = lfirst(lc);
		size_t		len = strlen(entry->name);

		if (!entry->is_dir && len > 5 && strcmp(entry->name + len - 5, ".yaml") == 0)
			names = lappend(names, pnstrdup(entry->name, len - 5));
	}
	list_sort(names, name_order);
	return names;
}

Environment *
environment_load(const char *project, const char *name)
{
	Environment *env = palloc0(sizeof(Environment));
	BuildLocation loc;
	SourceText	src;
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_document_t extra;
	YamlInput	input;
	YamlFile	yf;
	struct stat st;
	List	   *paths = NIL;
	ListCell   *lc;

	if (!is_absolute_path(project))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("project path must be absolute"),
				 errdetail("The path given was \"%s\".", project),
				 errhint("With env, the path is the project directory, the one holding db/environments/.")));
	if (!valid_name(name))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid environment name \"%s\"", name),
				 errdetail("An environment is named by its file db/environments/<name>.yaml: the name is not empty, has no \"/\" and is not \".\" or \"..\".")));

	env->name = pstrdup(name);
	env->config_display = psprintf("db/environments/%s.yaml", name);
	env->config = psprintf("%s/%s", project, env->config_display);
	/* A link to nothing is there, and fails to open: not an unknown name. */
	if (lstat(env->config, &st) < 0)
	{
		List	   *names = environment_names(project);
		StringInfoData list;

		initStringInfo(&list);
		foreach(lc, names)
			appendStringInfo(&list, "%s\"%s\"", list.len > 0 ? ", " : "", (char *) lfirst(lc));
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("environment \"%s\" does not exist", name),
				 names != NIL ?
				 errdetail("The project has %s %s.",
						   list_length(names) == 1 ? "the environment" : "the environments", list.data) :
				 errdetail("The project has no file db/environments/*.yaml."),
				 errhint("An environment is the file db/environments/<env>.yaml of the project.")));
	}

	location_push(&loc);
	location_enter_file(&loc, env->config_display);
	source_read(env->config, &loc, &src);
	location_pop(&loc);

	yaml_parser_initialize(&parser);
	input.data = src.raw;
	input.len = src.rawlen;
	input.done = 0;
	input.interrupted = false;
	yaml_parser_set_input(&parser, yaml_read, &input);
	load_document(&parser, &doc, &input, env->config_display, NULL);
	/* yaml.safe_load refuses a stream of several documents: so does a build */
	load_document(&parser, &extra, &input, env->config_display, &doc);
	if (yaml_document_get_root_node(&extra) != NULL)
	{
		int			line = extra.start_mark.line + 1;

		yaml_document_delete(&extra);
		yaml_document_delete(&doc);
		yaml_parser_delete(&parser);
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("invalid environment file \"%s\": it holds more than one document", env->config_display),
				 errdetail("A second document starts at line %d.", line),
				 errhint("Confiture reads one document per environment file: remove the \"---\" line and what follows it.")));
	}
	yaml_document_delete(&extra);
	yf.doc = &doc;
	yf.display = env->config_display;
	PG_TRY();
	{
		read_settings(&yf, env, project, yaml_document_get_root_node(&doc));
	}
	PG_FINALLY();
	{
		yaml_document_delete(&doc);
		yaml_parser_delete(&parser);
	}
	PG_END_TRY();

	foreach(lc, env->include_dirs)
	{
		IncludeDir *dir = lfirst(lc);

		paths = lappend(paths, dir->abspath ? dir->abspath : normal_path(project, dir->written));
	}
	/* Confiture's _find_common_parent: the one directory, or their common parent */
	env->base_dir = tree_common_parent(paths);
	return env;
}

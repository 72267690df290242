/*
 * discover.c: owns which files an environment selects and in what order,
 * as Confiture 0.44's SchemaBuilder.find_sql_files does:
 *
 * - each include directory's patterns are matched as Python's Path.rglob
 *   (recursive) or Path.glob: components matched one by one as Python's
 *   fnmatch matches them (name_matches), "**" standing for any number of
 *   directories; hidden entries are found; symbolically linked directories
 *   are not entered; a directory whose name matches is skipped (Confiture
 *   would fail reading it);
 * - exclude patterns are matched as PurePath.match against the path relative
 *   to the include directory: from the right, one component each ("**" is
 *   one component there);
 * - exclude_dirs are path prefixes;
 * - one sort of all the files by path, component by component, bytewise
 *   (Python's Path ordering), or with build.sort_mode: hex by the file
 *   name's hexadecimal prefix, ties broken by path so that the order is
 *   always the same; a file reached twice is kept once.
 *
 * Every directory is listed through tree.c, so the allowed_paths policy
 * applies to it as to a schema tree.
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"

#include "miscadmin.h"

#include "environment.h"

/*
 * A pattern or a name as Python sees it: code points, each byte that is not
 * valid UTF-8 being one surrogate U+DC80..U+DCFF (os.fsdecode's
 * surrogateescape).
 */
static pg_wchar *
code_points(const char *s, int *n)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + strlen(s);
	pg_wchar   *out = palloc(sizeof(pg_wchar) * (end - p + 1));
	int			k = 0;

	while (p < end)
	{
		int			len = pg_utf_mblen(p);

		if (len <= end - p && pg_utf8_islegal(p, len))
		{
			out[k++] = utf8_to_unicode(p);
			p += len;
		}
		else
			out[k++] = 0xDC00 + *p++;
	}
	*n = k;
	return out;
}

/*
 * The bracket expression of p that starts after the "[" at p[i], as Python's
 * fnmatch.translate reads it, not as fnmatch(3) does: "^" is not a negation
 * and "[:alpha:]" is not a class.  False when the "[" has no closing "]" and
 * is a plain character; otherwise *next is the index after the "]" and
 * *matched whether c is in the set.
 */
static bool
bracket(const pg_wchar *p, int i, int n, pg_wchar c, int *next, bool *matched)
{
	int			j = i;
	int			len = 0;
	pg_wchar   *chars;
	bool	   *range;			/* range[x]: chars[x] to chars[x + 1] */
	bool		negate = false;
	bool		dash = false;
	int			x;

	if (j < n && p[j] == '!')
		j++;
	if (j < n && p[j] == ']')
		j++;
	while (j < n && p[j] != ']')
		j++;
	if (j >= n)
		return false;
	*next = j + 1;

	/*
	 * The characters between the brackets, and the hyphens that join two of
	 * them into a range: Python splits at a hyphen, then looks for the next
	 * one two characters on, so a hyphen first (after "!"), last, or right
	 * after a range is a character.
	 */
	chars = palloc(sizeof(pg_wchar) * (j - i));
	range = palloc0(sizeof(bool) * (j - i));
	for (int k = i; k < j; k++)
		dash = dash || p[k] == '-';
	for (int k = i, skip = (p[i] == '!') ? 2 : 1; k < j; k++)
	{
		if (dash && p[k] == '-' && k >= i + skip && k + 1 < j && len > 0)
		{
			range[len - 1] = true;
			chars[len++] = p[++k];
			skip = k - i + 2;	/* the next hyphen looked for: 3 on */
			continue;
		}
		chars[len++] = p[k];
	}

	/* A reversed range goes, its two ends with it, from the right. */
	for (x = len - 2; x >= 0; x--)
	{
		if (x + 1 < len && range[x] && chars[x] > chars[x + 1])
		{
			bool		joined = (x > 0 && range[x - 1]) || range[x + 1];

			memmove(chars + x, chars + x + 2, sizeof(pg_wchar) * (len - x - 2));
			memmove(range + x, range + x + 2, sizeof(bool) * (len - x - 2));
			len -= 2;
			if (x > 0)
				range[x - 1] = joined && x < len;
		}
	}

	if (len == 0)
	{
		*matched = false;		/* nothing left: matches nothing */
		return true;
	}
	if (len == 1 && chars[0] == '!')
	{
		*matched = true;		/* "[!]": any character */
		return true;
	}
	x = 0;
	*matched = false;
	if (chars[0] == '!')
	{
		/*
		 * A "!" first negates, even one that a removed range left there,
		 * a hyphen after it being then a character.
		 */
		negate = true;
		*matched = range[0] && c == '-';
		x = 1;
	}
	for (; x < len; x++)
	{
		if (range[x] && x + 1 < len)
		{
			if (c >= chars[x] && c <= chars[x + 1])
				*matched = true;
			x++;
		}
		else if (c == chars[x])
			*matched = true;
	}
	*matched = *matched != negate;
	return true;
}

/*
 * Python's fnmatch.fnmatchcase(name, pattern), which Path.glob and
 * PurePath.match apply to each component: "*" any run of characters, "?" one
 * character, "[...]" one of a set, no escapes; characters are code points.
 */
static bool
name_matches(const char *pattern, const char *name)
{
	int			np;
	int			ns;
	pg_wchar   *p = code_points(pattern, &np);
	pg_wchar   *s = code_points(name, &ns);
	int			pi = 0;
	int			si = 0;
	int			star = -1;
	int			star_si = 0;

	while (si < ns)
	{
		bool		matched = false;
		int			next = pi + 1;

		if (pi < np && p[pi] == '*')
		{
			star = ++pi;
			star_si = si;
			continue;
		}
		if (pi < np)
		{
			if (p[pi] == '?')
				matched = true;
			else if (!(p[pi] == '[' && bracket(p, pi + 1, np, s[si], &next, &matched)))
				matched = p[pi] == s[si];
		}
		if (matched)
		{
			pi = next;
			si++;
		}
		else if (star >= 0)
		{
			/* the last "*" takes one more character */
			pi = star;
			si = ++star_si;
		}
		else
			return false;
	}
	while (pi < np && p[pi] == '*')
		pi++;
	return pi == np;
}

static List *
pattern_parts(const char *pattern, bool recursive, const Environment *env, const IncludeDir *dir)
{
	List	   *parts = NIL;
	char	   *copy = pstrdup(pattern);
	char	   *save = NULL;

	if (pattern[0] == '\0' || pattern[0] == '/')
		ereport(ERROR,
				(errcode(ERRCODE_CONFIG_FILE_ERROR),
				 errmsg("invalid environment file \"%s\": include pattern \"%s\" must be a relative pattern",
						env->config_display, pattern),
				 errdetail("It is given for \"%s\", line %d.", dir->written, dir->line)));
	/* Path.rglob(p) is Path.glob("**" / p). */
	if (recursive)
		parts = lappend(parts, "**");
	for (char *part = strtok_r(copy, "/", &save); part != NULL; part = strtok_r(NULL, "/", &save))
	{
		if (strcmp(part, ".") == 0)
			continue;
		/* "**" twice in a row selects what "**" once does */
		if (strcmp(part, "**") == 0 && parts != NIL && strcmp(llast(parts), "**") == 0)
			continue;
		parts = lappend(parts, part);
	}
	return parts;
}

static void glob_dir(const char *dirpath, List *parts, int i, bool is_root, List **found);

/* Matches parts[i...] against the entries of one directory, listed once. */
static void
glob_entries(const char *dirpath, List *entries, List *parts, int i, List **found)
{
	const char *part;
	ListCell   *lc;

	if (i >= list_length(parts))
		return;					/* a pattern ending in "**" names directories */
	part = list_nth(parts, i);

	if (strcmp(part, "**") == 0)
	{
		/* no directory at all: the rest against these same entries */
		glob_entries(dirpath, entries, parts, i + 1, found);
		foreach(lc, entries)
		{
			TreeEntry  *entry = lfirst(lc);

			if (entry->is_dir)
				glob_dir(psprintf("%s/%s", dirpath, entry->name), parts, i, false, found);
		}
		return;
	}

	foreach(lc, entries)
	{
		TreeEntry  *entry = lfirst(lc);

		if (!name_matches(part, entry->name))
			continue;
		if (i == list_length(parts) - 1)
		{
			if (!entry->is_dir)
				*found = lappend(*found, psprintf("%s/%s", dirpath, entry->name));
		}
		else if (entry->is_dir)
			glob_dir(psprintf("%s/%s", dirpath, entry->name), parts, i + 1, false, found);
	}
}

static void
glob_dir(const char *dirpath, List *parts, int i, bool is_root, List **found)
{
	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (i >= list_length(parts))
		return;
	glob_entries(dirpath, tree_list_dir(dirpath, dirpath, is_root, true), parts, i, found);
}

/* PurePath(relpath).match(pattern): the pattern's components from the right. */
static bool
path_matches(const char *relpath, const char *pattern)
{
	List	   *path = NIL;
	List	   *pat = NIL;
	char	   *save = NULL;
	int			np;
	int			nq;

	if (pattern[0] == '/')
		return false;			/* an absolute pattern never matches a relative path */
	for (char *p = strtok_r(pstrdup(relpath), "/", &save); p; p = strtok_r(NULL, "/", &save))
		path = lappend(path, p);
	for (char *p = strtok_r(pstrdup(pattern), "/", &save); p; p = strtok_r(NULL, "/", &save))
		if (strcmp(p, ".") != 0)
			pat = lappend(pat, p);
	np = list_length(path);
	nq = list_length(pat);
	if (nq == 0 || nq > np)
		return false;
	for (int k = 1; k <= nq; k++)
	{
		if (!name_matches(list_nth(pat, nq - k), list_nth(path, np - k)))
			return false;
	}
	return true;
}

static bool
is_below(const char *path, const char *dir)
{
	size_t		len = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

/*
 * Python's _is_hex_prefix: uppercase hexadecimal digits, then "_"; it
 * checks them with int(prefix, 16), which also takes a leading "0X".
 */
static bool
hex_prefix(const char *name, int *len)
{
	const char *stem_end = strrchr(name, '.');
	int			n = (name[0] == '0' && name[1] == 'X') ? 2 : 0;
	int			digits = 0;

	while (name[n] != '\0' && name[n] != '_' && (stem_end == NULL || name + n < stem_end))
	{
		if (!((name[n] >= '0' && name[n] <= '9') || (name[n] >= 'A' && name[n] <= 'F')))
			return false;
		n++;
		digits++;
	}
	*len = n;
	return digits > 0 && name[n] == '_';
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Path.stem: the name without its last suffix. */
static char *
stem(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && dot != name ? pnstrdup(name, dot - name) : pstrdup(name);
}

/* Confiture's _hex_sort_key (hex value, rest) or (inf, stem); then the path. */
static int
hex_compare(const void *a, const void *b)
{
	const TreeFile *fa = a;
	const TreeFile *fb = b;
	char	   *sa = stem(base_name(fa->abspath));
	char	   *sb = stem(base_name(fb->abspath));
	int			la = 0;
	int			lb = 0;
	bool		ha = hex_prefix(sa, &la);
	bool		hb = hex_prefix(sb, &lb);
	int			cmp;

	if (ha != hb)
		return ha ? -1 : 1;
	if (ha)
	{
		const char *da = sa;
		const char *db = sb;
		int			na = la;
		int			nb = lb;

		/* the value: "0X" and leading zeros aside, more digits is more */
		if (na > 2 && da[1] == 'X')
			da += 2, na -= 2;
		if (nb > 2 && db[1] == 'X')
			db += 2, nb -= 2;
		while (na > 1 && *da == '0')
			da++, na--;
		while (nb > 1 && *db == '0')
			db++, nb--;
		if (na != nb)
			return na < nb ? -1 : 1;
		if ((cmp = strncmp(da, db, na)) != 0)
			return cmp;
		if ((cmp = strcmp(sa + la + 1, sb + lb + 1)) != 0)
			return cmp;
	}
	else if ((cmp = strcmp(sa, sb)) != 0)
		return cmp;
	return tree_path_compare(fa->abspath, fb->abspath);
}

static int
path_compare(const void *a, const void *b)
{
	return tree_path_compare(((const TreeFile *) a)->abspath, ((const TreeFile *) b)->abspath);
}

/* A component with "seed" or "seeds" as a whole token: (?:^|[_-])seeds?(?:$|[_-]) */
static bool
is_seed_component(const char *component)
{
	char	   *lower = pstrdup(component);

	for (char *c = lower; *c; c++)
		*c = pg_ascii_tolower((unsigned char) *c);
	for (const char *p = lower; (p = strstr(p, "seed")) != NULL; p++)
	{
		const char *after = p + 4;

		if (p != lower && p[-1] != '_' && p[-1] != '-')
			continue;
		if (*after == 's' && (after[1] == '\0' || after[1] == '_' || after[1] == '-'))
			return true;
		if (*after == '\0' || *after == '_' || *after == '-')
			return true;
	}
	return false;
}

bool
environment_is_seed(const Environment *env, const char *relpath)
{
	char	   *save = NULL;

	/* Anchored at the base's parent: the base's own name counts. */
	if (strcmp(env->base_dir, "/") != 0 && is_seed_component(base_name(env->base_dir)))
		return true;
	for (char *p = strtok_r(pstrdup(relpath), "/", &save); p; p = strtok_r(NULL, "/", &save))
	{
		if (is_seed_component(p))
			return true;
	}
	return false;
}

static SchemaTree *
tree_of(const Environment *env, TreeFile *files, int nfiles)
{
	SchemaTree *tree = palloc0(sizeof(SchemaTree));

	tree->root = env->base_dir;
	tree->nfiles = nfiles;
	tree->files = files;
	return tree;
}

static void
raise_no_files(const Environment *env, const char *what)
{
	StringInfoData dirs;
	ListCell   *lc;

	initStringInfo(&dirs);
	foreach(lc, env->include_dirs)
		appendStringInfo(&dirs, "%s\"%s\"", dirs.len > 0 ? ", " : "", ((IncludeDir *) lfirst(lc))->written);
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_FILE),
			 errmsg("environment \"%s\" selects no %s", env->name, what),
			 errdetail("Its include directories are %s.", dirs.data),
			 errhint("Check the include and exclude patterns and exclude_dirs of \"%s\".", env->config_display)));
}

SchemaTree *
environment_files(Environment *env, bool schema_only, SchemaTree **all)
{
	List	   *found = NIL;
	ListCell   *lc;
	TreeFile   *files;
	TreeFile   *ordered;
	int			n = 0;
	int			kept = 0;
	size_t		baselen = strcmp(env->base_dir, "/") == 0 ? 0 : strlen(env->base_dir);

	foreach(lc, env->include_dirs)
	{
		IncludeDir *dir = lfirst(lc);
		ListCell   *lc2;

		if (dir->abspath == NULL)
			continue;			/* missing, and auto_discover */
		foreach(lc2, dir->include)
		{
			const char *pattern = lfirst(lc2);
			List	   *parts = pattern_parts(pattern, dir->recursive, env, dir);
			List	   *matched = NIL;
			ListCell   *lc3;

			/* Path.glob("x/") selects directories only, so no file */
			if (pattern[strlen(pattern) - 1] != '/')
				glob_dir(dir->abspath, parts, 0, true, &matched);
			foreach(lc3, matched)
			{
				char	   *path = lfirst(lc3);
				const char *rel = path + strlen(dir->abspath) + 1;
				bool		excluded = false;
				ListCell   *lc4;

				foreach(lc4, dir->exclude)
					excluded = excluded || path_matches(rel, lfirst(lc4));
				foreach(lc4, env->exclude_dirs)
					excluded = excluded || is_below(path, lfirst(lc4));
				if (!excluded)
					found = lappend(found, path);
			}
		}
	}
	if (found == NIL)
		raise_no_files(env, "SQL files");

	/* One sort by path, and each file once. */
	files = palloc(sizeof(TreeFile) * list_length(found));
	foreach(lc, found)
	{
		files[n].abspath = lfirst(lc);
		files[n].relpath = files[n].abspath + baselen + 1;
		tree_check_name_encoding(files[n].relpath);
		n++;
	}
	qsort(files, n, sizeof(TreeFile), path_compare);
	for (int i = 0; i < n; i++)
	{
		if (kept == 0 || strcmp(files[kept - 1].abspath, files[i].abspath) != 0)
			files[kept++] = files[i];
	}
	n = kept;
	if (env->hex_sort)
	{
		bool		any_hex = false;

		for (int i = 0; i < n && !any_hex; i++)
		{
			int			len;

			any_hex = hex_prefix(stem(base_name(files[i].abspath)), &len);
		}
		if (any_hex)
			qsort(files, n, sizeof(TreeFile), hex_compare);
	}
	*all = tree_of(env, files, n);

	/* Build order: seeds left out, or after every schema file. */
	ordered = palloc(sizeof(TreeFile) * n);
	kept = 0;
	for (int pass = 0; pass < 2; pass++)
	{
		for (int i = 0; i < n; i++)
		{
			bool		seed = environment_is_seed(env, files[i].relpath);

			if (seed && schema_only)
				continue;
			if (env->seeds_last && !schema_only ? seed == (pass == 1) : pass == 0)
				ordered[kept++] = files[i];
		}
	}
	if (kept == 0)
		raise_no_files(env, "schema files (every file it selects is a seed file)");
	return tree_of(env, ordered, kept);
}

/*
 * confhash.c: owns the two hashes Confiture prints for a schema
 * (`confiture build --show-hash` and the "Schema Hash" of its header), so a
 * project can compare what confiture built with what Confiture would build:
 *
 * - "python", SchemaBuilder.compute_hash: one SHA-256 over, for each file in
 *   order, its path relative to the base directory, a NUL, its bytes, a NUL;
 * - "rust", the compiled extension the published Confiture 0.44 uses when it
 *   is installed (src/hasher.rs): the same path, NUL, bytes, NUL hashed per
 *   file, the path being relative to the common parent of the files
 *   themselves (a single file: its directory), then one SHA-256 over the
 *   32-byte digests in order.
 *
 * Files are read through source.c, so the allowed_paths policy applies.
 */
#include "postgres.h"

#include <limits.h>
#include <stdlib.h>

#include "confhash.h"
#include "location.h"
#include "source.h"

static void
read_file(const TreeFile *file, BuildLocation *loc, SourceText *src)
{
	location_enter_file(loc, file->relpath);
	source_read(file->abspath, loc, src);
	location_leave_file(loc);
}

static void
hash_python(const SchemaTree *files, char hash[SHA256_HEX_LENGTH + 1])
{
	Sha256	   *ctx = sha256_begin();
	BuildLocation loc;

	location_push(&loc);
	for (int i = 0; i < files->nfiles; i++)
	{
		SourceText	src;

		read_file(&files->files[i], &loc, &src);
		sha256_update(ctx, files->files[i].relpath, strlen(files->files[i].relpath) + 1);
		sha256_update(ctx, src.raw, src.rawlen);
		sha256_update(ctx, "", 1);
		pfree(src.raw);
	}
	location_pop(&loc);
	sha256_finish(ctx, hash);
}

/* hasher.rs find_common_parent: one file's directory, or canonical paths' common parent. */
static char *
files_common_parent(const SchemaTree *files)
{
	List	   *paths = NIL;

	if (files->nfiles == 1)
	{
		char	   *parent = pstrdup(files->files[0].abspath);

		*strrchr(parent, '/') = '\0';
		return parent[0] ? parent : pstrdup("/");
	}
	for (int i = 0; i < files->nfiles; i++)
	{
		char		resolved[PATH_MAX];

		paths = lappend(paths, pstrdup(realpath(files->files[i].abspath, resolved) ?
									   resolved : files->files[i].abspath));
	}
	return tree_common_parent(paths);
}

static void
hash_rust(const SchemaTree *files, char hash[SHA256_HEX_LENGTH + 1])
{
	Sha256	   *ctx = sha256_begin();
	char	   *base = files_common_parent(files);
	size_t		baselen = strlen(base);
	BuildLocation loc;

	location_push(&loc);
	for (int i = 0; i < files->nfiles; i++)
	{
		const char *path = files->files[i].abspath;
		const char *rel = path;
		Sha256	   *one = sha256_begin();
		char		hex[SHA256_HEX_LENGTH + 1];
		char		digest[SHA256_HEX_LENGTH / 2];
		SourceText	src;

		/* Path::strip_prefix, or the whole path when it does not apply */
		if (strcmp(base, "/") == 0)
			rel = path + 1;
		else if (strncmp(path, base, baselen) == 0 && path[baselen] == '/')
			rel = path + baselen + 1;
		read_file(&files->files[i], &loc, &src);
		sha256_update(one, rel, strlen(rel) + 1);
		sha256_update(one, src.raw, src.rawlen);
		sha256_update(one, "", 1);
		sha256_finish(one, hex);
		for (int b = 0; b < SHA256_HEX_LENGTH / 2; b++)
			digest[b] = (char) strtol((char[3]) {hex[2 * b], hex[2 * b + 1], '\0'}, NULL, 16);
		sha256_update(ctx, digest, sizeof(digest));
		pfree(src.raw);
	}
	location_pop(&loc);
	sha256_finish(ctx, hash);
}

void
confhash_compute(const SchemaTree *files, const char *variant, char hash[SHA256_HEX_LENGTH + 1])
{
	if (strcmp(variant, "python") == 0)
		hash_python(files, hash);
	else if (strcmp(variant, "rust") == 0)
		hash_rust(files, hash);
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown hash variant \"%s\"", variant),
				 errdetail("The variants are \"python\" (Confiture's SchemaBuilder.compute_hash) and \"rust\" "
						   "(the hash of Confiture's compiled extension).")));
}

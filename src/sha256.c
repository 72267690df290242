/*
 * sha256.c: owns the version differences of the server's SHA-256 API, used
 * for the tree hash and the per-file hashes of the plan.
 */
#include "postgres.h"

#if PG_VERSION_NUM >= 140000
#include "common/cryptohash.h"
#endif
#include "common/sha2.h"

#include "sha256.h"

struct Sha256
{
#if PG_VERSION_NUM >= 140000
	pg_cryptohash_ctx *ctx;
#else
	pg_sha256_ctx ctx;
#endif
};

#if PG_VERSION_NUM >= 140000
/* Only the cryptohash API of PostgreSQL 14 and later can fail. */
static void
sha256_failed(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg("could not compute SHA-256 hash")));
}
#endif

Sha256 *
sha256_begin(void)
{
	Sha256	   *s = palloc0(sizeof(Sha256));

#if PG_VERSION_NUM >= 140000
	/* The context is tracked by the resource owner, so an error frees it. */
	s->ctx = pg_cryptohash_create(PG_SHA256);
	if (s->ctx == NULL || pg_cryptohash_init(s->ctx) < 0)
		sha256_failed();
#else
	pg_sha256_init(&s->ctx);
#endif
	return s;
}

void
sha256_update(Sha256 *s, const void *data, size_t len)
{
#if PG_VERSION_NUM >= 140000
	if (pg_cryptohash_update(s->ctx, data, len) < 0)
		sha256_failed();
#else
	pg_sha256_update(&s->ctx, data, len);
#endif
}

void
sha256_finish(Sha256 *s, char hex[SHA256_HEX_LENGTH + 1])
{
	static const char digits[] = "0123456789abcdef";
	uint8		digest[PG_SHA256_DIGEST_LENGTH];

#if PG_VERSION_NUM >= 150000
	if (pg_cryptohash_final(s->ctx, digest, sizeof(digest)) < 0)
		sha256_failed();
	pg_cryptohash_free(s->ctx);
#elif PG_VERSION_NUM >= 140000
	if (pg_cryptohash_final(s->ctx, digest) < 0)
		sha256_failed();
	pg_cryptohash_free(s->ctx);
#else
	pg_sha256_final(&s->ctx, digest);
#endif
	pfree(s);

	for (int i = 0; i < PG_SHA256_DIGEST_LENGTH; i++)
	{
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 0x0f];
	}
	hex[SHA256_HEX_LENGTH] = '\0';
}

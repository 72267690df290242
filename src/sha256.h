/*
 * sha256.h: SHA-256 through the server's own implementation (OpenSSL when
 * the server was built with it), whatever the server version.
 */
#ifndef CONFITURE_SHA256_H
#define CONFITURE_SHA256_H

#include "postgres.h"

#define SHA256_HEX_LENGTH 64

typedef struct Sha256 Sha256;

extern Sha256 *sha256_begin(void);
extern void sha256_update(Sha256 *ctx, const void *data, size_t len);
/* Writes 64 hex digits and a NUL into hex, and frees ctx. */
extern void sha256_finish(Sha256 *ctx, char hex[SHA256_HEX_LENGTH + 1]);

#endif							/* CONFITURE_SHA256_H */

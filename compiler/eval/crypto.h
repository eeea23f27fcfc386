/* crypto.h - OpenSSL's libcrypto for the sha256 and base64 builtins,
 * loaded the first time one of them runs.
 *
 * Linked the usual way, libcrypto cost every run of stackc 3 ms before
 * main() (mapping 4.7 MB and running its initialisers): nearly half the
 * start-up of checking a small file, for three builtins most programs
 * never call. It is opened with dlopen() on first use instead, once per
 * evaluation, and closed with the evaluation's arena.
 */
#ifndef STACKC_EVAL_CRYPTO_H
#define STACKC_EVAL_CRYPTO_H

#include <openssl/evp.h>

#include "../source/source.h"

struct eval_ctx;

typedef struct crypto_lib {
	void *handle;
	int (*digest)(const void *data, size_t count, unsigned char *md, unsigned int *size,
		const EVP_MD *type, ENGINE *impl);
	const EVP_MD *(*sha256)(void);
	int (*encode_block)(unsigned char *t, const unsigned char *f, int n);
	int (*decode_block)(unsigned char *t, const unsigned char *f, int n);
} crypto_lib;

/* The library, or NULL after an E0311 error at `call` naming the
 * builtin `fn` (libcrypto missing, or without one of the functions). */
const crypto_lib *crypto_get(struct eval_ctx *ev, const char *fn, src_span call);

#endif

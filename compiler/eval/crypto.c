/* crypto.c - libcrypto loaded on first use (see crypto.h). */
#include "crypto.h"

#include <dlfcn.h>
#include <string.h>

#include "../base/xalloc.h"
#include "eval_internal.h"

static void crypto_close(void *data)
{
	crypto_lib *c = data;
	dlclose(c->handle);
}

/* dlsym returns void *, which C cannot convert to a function pointer
 * directly, hence the memcpy (POSIX guarantees the representations
 * agree). */
static int lookup(void *handle, const char *name, void *fn, size_t size)
{
	void *sym = dlsym(handle, name);
	if (!sym)
		return 0;
	memcpy(fn, &sym, size);
	return 1;
}

#define LOOKUP(c, field, name) lookup((c)->handle, name, &(c)->field, sizeof((c)->field))

const crypto_lib *crypto_get(eval_ctx *ev, const char *fn, src_span call)
{
	if (ev->crypto)
		return ev->crypto;
	void *handle = dlopen(STACKC_LIBCRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		const char *why = dlerror();
		eval_error(ev, call, "E0311",
			"'%s' needs OpenSSL's libcrypto, which cannot be loaded: %s", fn,
			why ? why : STACKC_LIBCRYPTO_SONAME);
		return NULL;
	}
	crypto_lib *c = ARENA_NEW(ev->home, crypto_lib);
	c->handle = handle;
	if (!LOOKUP(c, digest, "EVP_Digest") || !LOOKUP(c, sha256, "EVP_sha256") ||
		!LOOKUP(c, encode_block, "EVP_EncodeBlock") ||
		!LOOKUP(c, decode_block, "EVP_DecodeBlock")) {
		dlclose(handle);
		eval_error(ev, call, "E0311", "'%s': %s lacks a function stackc needs", fn,
			STACKC_LIBCRYPTO_SONAME);
		return NULL;
	}
	arena_on_release(ev->home, crypto_close, c);
	ev->crypto = c;
	return c;
}

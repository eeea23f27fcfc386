/* git_diff.c - unified diffs with libgit2, loaded on first use (see
 * git_diff.h for why). */
#include "git_diff.h"

#include <dlfcn.h>
#include <git2.h>
#include <string.h>

#include "../../compiler/base/xalloc.h"

struct git_diff_lib {
	void *handle;
	int (*libgit2_init)(void);
	int (*libgit2_shutdown)(void);
	int (*diff_options_init)(git_diff_options *opts, unsigned int version);
	int (*patch_from_buffers)(git_patch **out, const void *old_buffer, size_t old_len,
		const char *old_as_path, const void *new_buffer, size_t new_len,
		const char *new_as_path, const git_diff_options *opts);
	int (*patch_print)(git_patch *patch, git_diff_line_cb print_cb, void *payload);
	void (*patch_free)(git_patch *patch);
	const git_error *(*error_last)(void);
};

/* Look up one function; dlsym returns void *, which C cannot convert to
 * a function pointer directly, hence the memcpy (POSIX guarantees the
 * representations agree). */
static int lookup(void *handle, const char *name, void *fn, size_t size, strbuf *err)
{
	void *sym = dlsym(handle, name);
	if (!sym) {
		strbuf_addf(err, "%s has no function %s", STACKC_LIBGIT2_SONAME, name);
		return -1;
	}
	memcpy(fn, &sym, size);
	return 0;
}

#define LOOKUP(g, field, name) lookup((g)->handle, name, &(g)->field, sizeof((g)->field), err)

git_diff_lib *git_diff_open(strbuf *err)
{
	void *handle = dlopen(STACKC_LIBGIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		const char *why = dlerror();
		strbuf_addf(err, "cannot load %s: %s", STACKC_LIBGIT2_SONAME,
			why ? why : "unknown error");
		return NULL;
	}
	git_diff_lib *g = xcalloc(1, sizeof(*g));
	g->handle = handle;
	if (LOOKUP(g, libgit2_init, "git_libgit2_init") != 0 ||
		LOOKUP(g, libgit2_shutdown, "git_libgit2_shutdown") != 0 ||
		LOOKUP(g, diff_options_init, "git_diff_options_init") != 0 ||
		LOOKUP(g, patch_from_buffers, "git_patch_from_buffers") != 0 ||
		LOOKUP(g, patch_print, "git_patch_print") != 0 ||
		LOOKUP(g, patch_free, "git_patch_free") != 0 ||
		LOOKUP(g, error_last, "git_error_last") != 0) {
		dlclose(handle);
		xfree(g);
		return NULL;
	}
	g->libgit2_init();
	return g;
}

void git_diff_close(git_diff_lib *g)
{
	if (!g)
		return;
	g->libgit2_shutdown();
	dlclose(g->handle);
	xfree(g);
}

typedef struct diff_print {
	strbuf *out;
	const char *path;
} diff_print;

/* libgit2 hands us the patch line by line. Its file header carries
 * `diff --git` and `index` lines that make no sense outside a
 * repository; we write the plain unified-diff header instead. */
static int diff_print_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
	const git_diff_line *line, void *payload)
{
	diff_print *p = payload;
	(void)delta;
	(void)hunk;
	switch (line->origin) {
	case GIT_DIFF_LINE_FILE_HDR:
		strbuf_addf(p->out, "--- a/%s\n+++ b/%s\n", p->path, p->path);
		return 0;
	case GIT_DIFF_LINE_CONTEXT:
	case GIT_DIFF_LINE_ADDITION:
	case GIT_DIFF_LINE_DELETION:
		strbuf_addch(p->out, line->origin);
		break;
	default:
		break;
	}
	strbuf_add(p->out, line->content, line->content_len);
	return 0;
}

int git_diff_text(git_diff_lib *g, const char *path, const char *old, size_t old_len,
	const char *new_text, size_t new_len, strbuf *out, strbuf *err)
{
	git_diff_options opts;
	git_patch *patch = NULL;
	/* "./a.stack" comes out of a walk of "."; patch tools want "a.stack". */
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	diff_print p = { out, path };

	g->diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	/* Our inputs are valid UTF-8 text (the parser checked), never
	 * binary, whatever libgit2's heuristics would guess. */
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	int rc = g->patch_from_buffers(&patch, old, old_len, path, new_text, new_len, path, &opts);
	if (rc == 0)
		rc = g->patch_print(patch, diff_print_line, &p);
	g->patch_free(patch);
	if (rc != 0) {
		const git_error *e = g->error_last();
		strbuf_adds(err, e && e->message ? e->message : "unknown error");
		return -1;
	}
	return 0;
}

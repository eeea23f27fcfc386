/* k8s_harness.h - compiling a Stack program the way `stackc build` does,
 * for the unit tests of the Kubernetes backend (test_kubernetes.c: the
 * hello example and std/k8s.app; test_kubernetes_objects.c: objects
 * spelled out and the E070x errors).
 *
 * A program is loaded from a temporary directory, checked, then given
 * to cg_kubernetes. Every file written is also read back with
 * value_read_yaml and written again: the round trip must give the same
 * bytes. K8S_TEST_DUMP=1 in the environment prints every generated file
 * and the diagnostics, to review a change.
 */
#ifndef STACKC_TESTS_K8S_HARNESS_H
#define STACKC_TESTS_K8S_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../compiler/eval/value_codec.h"
#include "backend_harness.h"

typedef cg_run k8s_run;

/* Every file must read back as YAML and be written the same again. */
static inline void round_trip(k8s_run *r)
{
	for (uint32_t i = 0; i < r->cg.nfiles; i++) {
		const cg_file *f = &r->cg.files[i];
		strbuf err = STRBUF_INIT, out = STRBUF_INIT;
		value *v = value_read_yaml(&r->a, f->data, f->len, (src_span){ 0 }, &err);
		if (!v)
			fail_msg("%s does not read back: %s", f->path, err.buf);
		assert_int_equal(value_write_yaml(v, &out, &err), 0);
		assert_string_equal(out.buf, f->data);
		strbuf_release(&err);
		strbuf_release(&out);
	}
}

static inline void run_file(k8s_run *r, const char *path, const char *env, int allow_unknown)
{
	cg_run_path(r, path, env, allow_unknown, cg_kubernetes);
	if (getenv("K8S_TEST_DUMP")) {
		for (uint32_t i = 0; i < r->cg.nfiles; i++)
			printf("==> %s\n%s", r->cg.files[i].path, r->cg.files[i].data);
		printf("==> rc %d, diagnostics:\n%s", r->rc, r->rendered.buf);
	}
	round_trip(r);
}

/* Compile `src` as main.stack in a fresh directory, with the --set
 * input of r (if any). */
static inline void run_src(k8s_run *r, const char *src, const char *env, int allow_unknown)
{
	strcpy(r->dir, "/tmp/stackc_k8s_XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/main.stack", r->dir);
	write_file(path, src);
	run_file(r, path, env, allow_unknown);
	unlink(path);
	rmdir(r->dir);
}

/* Compile `src` as main.stack in a fresh directory. */
static inline void run(k8s_run *r, const char *src, const char *env, int allow_unknown)
{
	memset(r, 0, sizeof(*r));
	run_src(r, src, env, allow_unknown);
}

/* The same with --set NAME=VALUE. */
static inline void run_set(k8s_run *r, const char *src, const char *name, const char *text)
{
	memset(r, 0, sizeof(*r));
	r->set_name = name;
	r->set_value = text;
	run_src(r, src, NULL, 0);
}

static inline void done(k8s_run *r)
{
	cg_run_done(r);
}

static inline const char *data_at(const k8s_run *r, const char *path)
{
	const cg_file *f = cg_run_file(r, path);
	if (!f) {
		fail_msg("no file %s", path);
		return NULL;
	}
	assert_string_equal(f->target, "kubernetes");
	return f->data;
}

static inline void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("expected to find\n%s\nin\n%s", needle, haystack);
}

/* The file names, one per line, in the order they were added. */
static inline const char *paths(k8s_run *r)
{
	strbuf sb = STRBUF_INIT;
	for (uint32_t i = 0; i < r->cg.nfiles; i++)
		strbuf_addf(&sb, "%s\n", r->cg.files[i].path);
	char *s = arena_strdup(&r->a, sb.buf);
	strbuf_release(&sb);
	return s;
}

#endif

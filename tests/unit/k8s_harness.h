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

#include "../../compiler/codegen/codegen.h"
#include "../../compiler/eval/value_codec.h"

/* One compilation: the program, its diagnostics, the backend's files. */
typedef struct k8s_run {
	arena a;
	src_map sources;
	diag_list diags;
	program prog;
	cg_ctx cg;
	int rc;          /* cg_kubernetes's result (-2: evaluation failed) */
	strbuf rendered; /* the diagnostics, as text */
	char dir[64];
	const char *set_name, *set_value; /* a --set NAME=VALUE input, if any */
} k8s_run;

static inline void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

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
	arena_init(&r->a);
	src_map_init(&r->sources);
	diag_list_init(&r->diags, &r->a, &r->sources);
	program_init(&r->prog, &r->a, &r->sources, &r->diags);
	strbuf_init(&r->rendered);
	if (env)
		program_select_env(&r->prog, env);
	if (r->set_name)
		program_set(&r->prog, r->set_name, r->set_value);
	r->rc = -2;
	if (program_load(&r->prog, path) == 0 && program_check_inputs(&r->prog) == 0 &&
		program_check(&r->prog) == 0) {
		cg_init(&r->cg, &r->a, &r->diags, &r->prog, env);
		r->cg.allow_unknown = allow_unknown;
		r->rc = cg_kubernetes(&r->cg);
	}
	diag_render_opts o = { 0, 0 };
	strbuf raw = STRBUF_INIT;
	diag_render_text(&r->diags, &o, &raw);
	/* Messages name the file as given: drop the temporary directory. */
	char prefix[80];
	snprintf(prefix, sizeof(prefix), "%s/", r->dir);
	for (const char *p = raw.buf; *p;) {
		if (!r->dir[0] || strncmp(p, prefix, strlen(prefix)) != 0) {
			strbuf_addch(&r->rendered, *p++);
			continue;
		}
		p += strlen(prefix);
	}
	strbuf_release(&raw);
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
	strbuf_release(&r->rendered);
	diag_list_release(&r->diags);
	src_map_release(&r->sources);
	arena_release(&r->a);
}

static inline const char *data_at(const k8s_run *r, const char *path)
{
	for (uint32_t i = 0; i < r->cg.nfiles; i++)
		if (strcmp(r->cg.files[i].path, path) == 0) {
			assert_string_equal(r->cg.files[i].target, "kubernetes");
			return r->cg.files[i].data;
		}
	fail_msg("no file %s", path);
	return NULL;
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

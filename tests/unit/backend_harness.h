/* backend_harness.h - compiling a Stack program the way `stackc build`
 * does, for the unit tests of the code generators (k8s_harness.h for
 * the Kubernetes backend, test_terraform.c for Terraform).
 *
 * The program is a file on disk (the tests write it to a temporary
 * directory): it is loaded, checked as by `stackc check`, and given to
 * one backend. The diagnostics are rendered as text, with the temporary
 * directory taken out of the file names.
 */
#ifndef STACKC_TESTS_BACKEND_HARNESS_H
#define STACKC_TESTS_BACKEND_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/codegen/codegen.h"

/* One compilation: the program, its diagnostics, the backend's files. */
typedef struct cg_run {
	arena a;
	src_map sources;
	diag_list diags;
	program prog;
	cg_ctx cg;
	int rc;                           /* the backend's result (-2: evaluation failed) */
	strbuf rendered;                  /* the diagnostics, as text */
	char dir[64];                     /* the temporary directory, or "" */
	const char *set_name, *set_value; /* a --set NAME=VALUE input, if any */
} cg_run;

static inline void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Compile the program at `path` and run `backend` on it. r->dir and
 * r->set_* are the caller's; the rest is set up here. */
static inline void cg_run_path(
	cg_run *r, const char *path, const char *env, int allow_unknown, int (*backend)(cg_ctx *))
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
		r->rc = backend(&r->cg);
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
}

static inline void cg_run_done(cg_run *r)
{
	strbuf_release(&r->rendered);
	diag_list_release(&r->diags);
	src_map_release(&r->sources);
	arena_release(&r->a);
}

/* The generated file at `path`, or NULL. */
static inline const cg_file *cg_run_file(const cg_run *r, const char *path)
{
	for (uint32_t i = 0; i < r->cg.nfiles; i++)
		if (strcmp(r->cg.files[i].path, path) == 0)
			return &r->cg.files[i];
	return NULL;
}

#endif

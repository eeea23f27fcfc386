/* codegen.h - code generation: from an evaluated program to files.
 *
 * `stackc build` evaluates the program once per environment and hands
 * each backend a cg_ctx. A backend adds files (path relative to the
 * output directory, content) with cg_add_file(); it never writes to disk
 * itself: the caller writes the whole tree at once and atomically, or
 * streams one target to stdout. Errors go to ctx->diags (a backend
 * returns -1 after reporting).
 *
 * Layout of the output directory (documented in docs/cli.md):
 *
 *   ENV/STACK/kubernetes/COMPONENT/NN-KIND-NAME.yaml   one object per file
 *   ENV/STACK/argocd/...                              Applications, app-of-apps
 *   ENV/STACK/terraform/COMPONENT/main.tf.json
 *   ENV/plan.json
 *
 * ENV is the environment's name, or "default" when the module declares
 * none. Paths use '/' and only [a-z0-9._-] characters.
 *
 * The model: program.h's program_component list (every component of a
 * deployed stack, with its kind "MODULE.SCHEMA", its value and its node
 * in the dependency graph, which graph_check has ordered).
 */
#ifndef STACKC_CODEGEN_CODEGEN_H
#define STACKC_CODEGEN_CODEGEN_H

#include "../base/strbuf.h"
#include "../eval/program.h"

typedef struct cg_file {
	const char *path; /* relative to the output directory */
	char *data;       /* in the arena */
	size_t len;
	const char *target; /* "kubernetes", "argocd", "terraform", "plan" */
} cg_file;

typedef struct cg_ctx {
	arena *arena;
	diag_list *diags;
	program *prog;
	const char *env; /* environment name, "default" if none */
	cg_file *files;
	uint32_t nfiles;
	uint32_t cap;
	/* --allow-unknown: values known only after apply are rendered as a
	 * visible placeholder instead of being an error. */
	int allow_unknown;
} cg_ctx;

void cg_init(cg_ctx *c, arena *a, diag_list *d, program *p, const char *env);
/* Add a file; `data` is copied. Adding the same path twice is a
 * programming error (two backends must never collide). */
void cg_add_file(cg_ctx *c, const char *target, const char *path, const char *data, size_t len);

/* The backends, one file each. Each returns 0, or -1 after reporting. */
int cg_kubernetes(cg_ctx *c);
int cg_terraform(cg_ctx *c);
int cg_argocd(cg_ctx *c);
int cg_plan(cg_ctx *c);

/* The Kubernetes-safe name of a component: '_' becomes '-' (LANGUAGE.md,
 * "Names"), unless its value has a `name` field. */
const char *cg_component_name(arena *a, const program_component *pc);

#endif

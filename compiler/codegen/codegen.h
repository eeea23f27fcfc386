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
 * With --layout cnoe the manifests and Applications move (see
 * cg_manifest_dir); Terraform and the plan stay where they are.
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
	/* --layout cnoe: an idpbuilder package directory per environment
	 * (see cg_manifest_dir and argocd.c) instead of stackc's layout. */
	int cnoe_layout;
} cg_ctx;

void cg_init(cg_ctx *c, arena *a, diag_list *d, program *p, const char *env);
/* Add a file; `data` is copied. Adding the same path twice is a
 * programming error (two backends must never collide). */
void cg_add_file(cg_ctx *c, const char *target, const char *path, const char *data, size_t len);
/* Files in the byte order of their paths, the order of the output:
 * sorts them unless they are sorted already (a linear check). */
void cg_sort_files(cg_file *files, size_t n);

/* The backends, one file each. Each returns 0, or -1 after reporting. */
int cg_kubernetes(cg_ctx *c);
int cg_terraform(cg_ctx *c);
int cg_argocd(cg_ctx *c);
int cg_plan(cg_ctx *c);

/* The directory of a component's Kubernetes manifests, without a
 * trailing '/'. `stack` and `name` are Kubernetes names (kubernetes.c).
 *
 *   default layout  ENV/STACK/kubernetes/COMPONENT
 *   cnoe layout     ENV/STACK-COMPONENT/manifests, the content of the
 *                   package whose Application is ENV/STACK-COMPONENT.yaml
 *                   (repoURL cnoe://STACK-COMPONENT/manifests)
 *
 * Every backend names the directory through this function, so the
 * Applications and the plan always point where the manifests are. */
const char *cg_manifest_dir(const cg_ctx *c, const char *stack, const char *name);

/* Does the Kubernetes backend render objects for this component (a
 * non-empty or unknown list of objects, or a record that is an object)?
 * The Argo CD backend gives exactly these components an Application. */
int cg_k8s_renders(const program_component *pc);

/* The namespace of a component's namespaced objects when they name
 * none: the value's `namespace` field, else "argocd" for std/argocd's
 * kinds, else the stack's Kubernetes name `stack`. */
const char *cg_default_namespace(const program_component *pc, const char *stack);

/* Names, shared by the backends. A DNS-1123 label has at most 63
 * characters. */
#define CG_DNS_LABEL_MAX 63
/* A run of n lower-case letters, digits and '-' that starts and ends
 * with a letter or digit: a piece of a DNS-1123 name. */
int cg_dns_piece(const char *s, size_t n);
/* ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$, at most 63 characters. */
int cg_is_dns_label(const char *s);
/* An identifier's Kubernetes form: '_' becomes '-' (LANGUAGE.md,
 * "Names"). */
const char *cg_k8s_ident(arena *a, const char *s);
/* `s` with ASCII capitals in lower case. */
const char *cg_lower(arena *a, const char *s);

/* The Kubernetes-safe name of a component: its value's `name` field,
 * else its path below the root stack with '_' and '.' turned into '-'
 * (LANGUAGE.md, "Names"): `ingress_nginx` is "ingress-nginx", the
 * component `prometheus` of the nested instance `monitoring` is
 * "monitoring-prometheus". */
const char *cg_component_name(arena *a, const program_component *pc);

#endif

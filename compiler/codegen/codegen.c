/* codegen.c - the shared part of code generation (see codegen.h). */
#include "codegen.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void cg_init(cg_ctx *c, arena *a, diag_list *d, program *p, const char *env)
{
	memset(c, 0, sizeof(*c));
	c->arena = a;
	c->diags = d;
	c->prog = p;
	c->env = env ? env : "default";
}

void cg_add_file(cg_ctx *c, const char *target, const char *path, const char *data, size_t len)
{
	for (uint32_t i = 0; i < c->nfiles; i++)
		assert(strcmp(c->files[i].path, path) != 0);
	if (c->nfiles == c->cap) {
		uint32_t cap = c->cap ? c->cap * 2 : 16;
		c->files = arena_grow_array(c->arena, c->files, c->nfiles, cap, sizeof(*c->files));
		c->cap = cap;
	}
	cg_file *f = &c->files[c->nfiles++];
	f->path = arena_strdup(c->arena, path);
	f->data = arena_strndup(c->arena, data, len);
	f->len = len;
	f->target = target;
}

static int cmp_file(const void *x, const void *y)
{
	return strcmp(((const cg_file *)x)->path, ((const cg_file *)y)->path);
}

/* Files come nearly sorted: in component order, where only a few are
 * out of place ("api/..." is rendered before "api-config/...", which
 * sorts first because '-' < '/'). Insertion sort puts those right in a
 * few moves each, without qsort's merge buffer; past a budget of moves
 * (input far from sorted) qsort takes over. Paths are distinct, so the
 * order is the same either way. */
void cg_sort_files(cg_file *files, size_t n)
{
	size_t budget = 4 * n + 64;
	for (size_t i = 1; i < n; i++) {
		if (strcmp(files[i - 1].path, files[i].path) <= 0)
			continue;
		cg_file f = files[i];
		size_t j = i;
		while (j > 0 && strcmp(files[j - 1].path, f.path) > 0) {
			files[j] = files[j - 1];
			j--;
			if (!budget--) {
				files[j] = f;
				qsort(files, n, sizeof(*files), cmp_file);
				return;
			}
		}
		files[j] = f;
	}
}

const char *cg_component_name(arena *a, const program_component *pc)
{
	if (pc->val && pc->val->kind == VAL_MAP) {
		const value *n = vmap_get(pc->val->u.map, "name");
		if (n && n->kind == VAL_STRING)
			return n->u.str.ptr;
	}
	/* The path below the root stack, so that the components of two
	 * instances of one template differ: "api", or "monitoring-prometheus"
	 * for the component prometheus of the instance monitoring. */
	size_t n = strlen(pc->stack);
	const char *below = strncmp(pc->path, pc->stack, n) == 0 && pc->path[n] == '.' ?
		pc->path + n + 1 :
		pc->name;
	char *s = arena_strdup(a, below);
	for (char *p = s; *p; p++)
		if (*p == '_' || *p == '.')
			*p = '-';
	return s;
}

const char *cg_manifest_dir(const cg_ctx *c, const char *stack, const char *name)
{
	if (c->cnoe_layout)
		return arena_concat(c->arena, c->env, "/", stack, "-", name, "/manifests", NULL);
	return arena_concat(c->arena, c->env, "/", stack, "/kubernetes/", name, NULL);
}

#define ARGOCD_MODULE "std/argocd."
#define ARGOCD_NAMESPACE "argocd"

int cg_k8s_renders(const program_component *pc)
{
	int app, single;
	const value *objs = program_component_objects(pc, &app, &single);
	if (!objs)
		return 0;
	/* An empty list: no directory, which an Application cannot point at. */
	return single || objs->kind == VAL_UNKNOWN ||
		(objs->kind == VAL_LIST && objs->u.list.len > 0);
}

const char *cg_default_namespace(const program_component *pc, const char *stack)
{
	const value *ns =
		pc->val && pc->val->kind == VAL_MAP ? vmap_get(pc->val->u.map, "namespace") : NULL;
	if (ns && ns->kind == VAL_STRING)
		return ns->u.str.ptr;
	if (strncmp(pc->kind, ARGOCD_MODULE, strlen(ARGOCD_MODULE)) == 0)
		return ARGOCD_NAMESPACE;
	return stack;
}

static int lower_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

int cg_dns_piece(const char *s, size_t n)
{
	if (n == 0 || !lower_alnum(s[0]) || !lower_alnum(s[n - 1]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!lower_alnum(s[i]) && s[i] != '-')
			return 0;
	return 1;
}

int cg_is_dns_label(const char *s)
{
	size_t n = strlen(s);
	return n <= CG_DNS_LABEL_MAX && cg_dns_piece(s, n);
}

const char *cg_k8s_ident(arena *a, const char *s)
{
	char *r = arena_strdup(a, s);
	for (char *p = r; *p; p++)
		if (*p == '_')
			*p = '-';
	return r;
}

const char *cg_lower(arena *a, const char *s)
{
	char *r = arena_strdup(a, s);
	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

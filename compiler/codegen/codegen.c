/* codegen.c - the shared part of code generation (see codegen.h). */
#include "codegen.h"

#include <assert.h>
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

const char *cg_component_name(arena *a, const program_component *pc)
{
	if (pc->val && pc->val->kind == VAL_MAP) {
		const value *n = vmap_get(pc->val->u.map, "name");
		if (n && n->kind == VAL_STRING)
			return n->u.str.ptr;
	}
	char *s = arena_strdup(a, pc->name);
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = '-';
	return s;
}

const char *cg_manifest_dir(const cg_ctx *c, const char *stack, const char *name)
{
	if (c->cnoe_layout)
		return arena_printf(c->arena, "%s/%s-%s/manifests", c->env, stack, name);
	return arena_printf(c->arena, "%s/%s/kubernetes/%s", c->env, stack, name);
}

#define ARGOCD_MODULE "std/argocd."
#define ARGOCD_NAMESPACE "argocd"

/* Records of the Kubernetes API's and Argo CD's kinds are one object
 * each: a record of std/k8s or std/argocd with a string apiVersion and
 * kind (their schemas fix both). The sub-schemas (ObjectMeta, PodSpec)
 * have neither. */
int cg_record_is_object(const program_component *pc)
{
	const value *v = pc->val;
	if (!v || v->kind != VAL_MAP || !v->u.map->schema)
		return 0;
	if (strncmp(pc->kind, "std/k8s.", 8) != 0 &&
		strncmp(pc->kind, ARGOCD_MODULE, strlen(ARGOCD_MODULE)) != 0)
		return 0;
	const value *api = vmap_get(v->u.map, "apiVersion");
	const value *kind = vmap_get(v->u.map, "kind");
	return api && api->kind == VAL_STRING && kind && kind->kind == VAL_STRING;
}

int cg_k8s_renders(const program_component *pc)
{
	const value *v = pc->val;
	if (!v || v->kind != VAL_MAP)
		return 0;
	const value *m = v->u.map->schema ? vmap_get(v->u.map, "manifests") : NULL;
	if (strcmp(pc->kind, "std/k8s.manifests") == 0 &&
		!(m && (m->kind == VAL_LIST || m->kind == VAL_UNKNOWN)))
		m = vmap_get(v->u.map, "objects");
	if (m && (m->kind == VAL_LIST || m->kind == VAL_UNKNOWN))
		return m->kind == VAL_UNKNOWN || m->u.list.len > 0;
	return cg_record_is_object(pc);
}

const char *cg_default_namespace(const program_component *pc, const char *stack)
{
	const value *ns = pc->val && pc->val->kind == VAL_MAP ?
				  vmap_get(pc->val->u.map, "namespace") :
				  NULL;
	if (ns && ns->kind == VAL_STRING)
		return ns->u.str.ptr;
	if (strncmp(pc->kind, ARGOCD_MODULE, strlen(ARGOCD_MODULE)) == 0)
		return ARGOCD_NAMESPACE;
	return stack;
}

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

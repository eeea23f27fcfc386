/* eval_stack.c - bodies, amending, and instantiating stacks.
 *
 * A body (`{ field = value ... }`) is evaluated into an ordered map of
 * fields. Amending applies a body to a value: a schema is instantiated,
 * a record or map is copied with those fields set (a record is checked
 * against its schema again), a stack is instantiated with the body as
 * its parameters.
 *
 * A stack instance binds its parameters, lets, components and outputs in
 * a new scope; every component becomes a node of the dependency graph
 * (path "stack.component"), and the instance's value is the map of its
 * outputs: a stack's public interface, like a Terraform module's.
 */
#include <string.h>

#include "eval_internal.h"

vmap *eval_body(eval_ctx *ev, scope *s, const ast_list *body)
{
	vmap *m = vmap_new_sized(ev->arena, body->len);
	int ok = 1;
	for (uint32_t i = 0; i < body->len; i++) {
		const ast_node *a = body->items[i];
		if (a->kind != AST_ASSIGN) {
			ok = 0;
			continue;
		}
		const char *key = a->u.binding.name.name;
		src_span kspan = a->u.binding.name.span;
		if (a->u.binding.key) {
			value *k = eval_string(ev, s, a->u.binding.key);
			if (!k || k->kind != VAL_STRING) {
				if (k)
					eval_error(ev, a->u.binding.key->span, "E0201",
						"a field name must be a plain string");
				ok = 0;
				continue;
			}
			key = k->u.str.ptr;
			kspan = a->u.binding.key->span;
		}
		long old = vmap_find(m, key);
		if (old >= 0) {
			eval_error(ev, kspan, "E0102", "field '%s' is set twice", key);
			if (!ev->quiet)
				diag_add_note(
					ev->diags, ev->last, m->key_spans[old], "first set here");
			ok = 0;
			continue;
		}
		int is_deps = strcmp(key, "depends_on") == 0;
		ev->in_depends_on += is_deps;
		value *v = eval_expr(ev, s, a->u.binding.value);
		ev->in_depends_on -= is_deps;
		if (!v) {
			ok = 0;
			continue;
		}
		vmap_set(ev->arena, m, key, v, kspan);
	}
	return ok ? m : NULL;
}

static value *amend(eval_ctx *ev, scope *s, const ast_node *e, int component);

value *record_amend(
	eval_ctx *ev, const value *base, const vmap *fields, src_span at, const char *path)
{
	/* A record is instantiated again from the fields it was given plus
	 * the new ones: defaults that depend on a changed field are
	 * recomputed (url from port), and its checks run again. */
	const vmap *src = base->u.map->given ? base->u.map->given : base->u.map;
	vmap *m = vmap_copy(ev->arena, src);
	for (uint32_t i = 0; i < fields->len; i++)
		vmap_set(ev->arena, m, fields->keys[i], fields->vals[i], fields->key_spans[i]);
	value *sch = (value *)base->u.map->schema;
	m->schema = NULL;
	m->given = NULL;
	if (!sch)
		return value_map(ev->arena, m, at);
	return schema_instantiate(ev, sch, m, at, sch->name ? sch->name : path);
}

value *eval_amend(eval_ctx *ev, scope *s, const ast_node *e)
{
	return amend(ev, s, e, 0);
}

value *eval_component_amend(eval_ctx *ev, scope *s, const ast_node *e)
{
	return amend(ev, s, e, 1);
}

static value *amend(eval_ctx *ev, scope *s, const ast_node *e, int component)
{
	value *base = eval_expr(ev, s, e->u.amend.base);
	vmap *fields = eval_body(ev, s, &e->u.amend.body);
	if (fields && component)
		fields = component_fields(ev, fields, e->span);
	if (!base || !fields)
		return NULL;
	const char *path = base->name ? base->name : "value";
	switch (base->kind) {
	case VAL_SCHEMA:
		return schema_instantiate(ev, base, fields, e->span, base->name);
	case VAL_STACK:
		return stack_instantiate(ev, base, fields, e->span, base->name, -1);
	case VAL_UNKNOWN:
		return value_unknown(
			ev->arena, base->u.unknown.producer, base->u.unknown.path, e->span);
	case VAL_MAP:
		return record_amend(ev, base, fields, e->span, path);
	default:
		return eval_error(ev, e->u.amend.base->span, "E0201",
			"only schemas, stacks, records and maps can be amended, not %s",
			value_type_name(base));
	}
}

/* Fields every component accepts besides its kind's own. */
static int is_component_field(const char *key)
{
	return strcmp(key, "depends_on") == 0;
}

/* depends_on must list components; the edges were recorded while the
 * list was evaluated (eval.c), here only the shape is checked. */
static int check_depends_on(eval_ctx *ev, value *deps, src_span at)
{
	if (deps->kind != VAL_LIST) {
		eval_error(ev, deps->origin.file ? deps->origin : at, "E0402",
			"depends_on must be a list of components, found %s", value_type_name(deps));
		return 0;
	}
	for (uint32_t i = 0; i < deps->u.list.len; i++) {
		value *d = deps->u.list.items[i];
		if (d->kind == VAL_MAP && d->name)
			continue;
		eval_error(ev, d->origin.file ? d->origin : at, "E0402",
			"depends_on lists components, but this is %s", value_type_name(d));
		return 0;
	}
	return 1;
}

/* Component fields without the universal ones, which the kind never
 * sees. Returns NULL after an error. */
vmap *component_fields(eval_ctx *ev, vmap *fields, src_span at)
{
	vmap *out = vmap_new_sized(ev->arena, fields->len);
	for (uint32_t i = 0; i < fields->len; i++) {
		if (is_component_field(fields->keys[i])) {
			if (!check_depends_on(ev, fields->vals[i], fields->key_spans[i]))
				return NULL;
			continue;
		}
		vmap_set(ev->arena, out, fields->keys[i], fields->vals[i], fields->key_spans[i]);
	}
	(void)at;
	return out;
}

/* The kind of a component for code generation: "MODULE.SCHEMA" for
 * schema and stack kinds ("std/k8s.app"), "value" otherwise. */
static const char *component_kind(eval_ctx *ev, const binding *b)
{
	const value *v = b->val;
	const value *sch = v->kind == VAL_MAP ? v->u.map->schema : NULL;
	if (!sch)
		return "value";
	const scope *env = sch->u.env;
	const char *mod = env && env->module ? env->module : "?";
	/* Platforms instantiate one kind thousands of times in a row: the
	 * last answer is kept (its declaration, module and name say which). */
	if (ev->kind_text && ev->kind_decl == sch->u.decl && ev->kind_module == mod &&
		ev->kind_name == sch->name)
		return ev->kind_text;
	ev->kind_decl = sch->u.decl;
	ev->kind_module = mod;
	ev->kind_name = sch->name;
	ev->kind_text = arena_concat(ev->home, mod, ".", sch->name ? sch->name : "?", NULL);
	return ev->kind_text;
}

/* Remember an evaluated component for code generation. Only components
 * of deployed stacks count: `path` then starts with a root stack. */
static void record_component(eval_ctx *ev, const binding *b, const char *stack_path)
{
	program *p = ev->prog;
	/* Doubling, not one more each time: growing by one copied the whole
	 * array per component, quadratic in time and (the old blocks stay in
	 * the arena) in memory. */
	if (p->ncomponents == p->components_cap) {
		uint32_t cap = p->components_cap ? p->components_cap * 2 : 16;
		p->components = arena_grow_array(
			ev->home, p->components, p->ncomponents, cap, sizeof(*p->components));
		p->components_cap = cap;
	}
	program_component *c = &p->components[p->ncomponents++];
	c->path = b->path;
	const char *dot = strchr(stack_path, '.');
	c->stack =
		dot ? arena_strndup(ev->home, stack_path, (size_t)(dot - stack_path)) : stack_path;
	c->name = b->name;
	c->kind = component_kind(ev, b);
	c->val = b->val;
	c->decl = b->def;
	c->node = (uint32_t)b->node;
	c->crd_flags = 0;
	/* Outside every region the value is final already (in a region,
	 * region_close tells when it is copied home). */
	if (!ev->nregions) {
		program_crd_note(c);
		if (p->components_ready)
			p->components_ready(
				p->components_ready_data, p->components, p->ncomponents, 0);
	}
}

static const char *member_kind(const ast_node *m)
{
	if (m->kind == AST_COMPONENT) {
		if (!m->u.component.kind)
			return "value";
		const ast_node *k = m->u.component.kind;
		return k->kind == AST_IDENT   ? k->u.ident.name :
			k->kind == AST_SELECT ? k->u.select.name.name :
						"?";
	}
	return ast_kind_name(m->kind);
}

value *stack_instantiate(
	eval_ctx *ev, value *stk, vmap *args, src_span at, const char *path, int node)
{
	const ast_node *decl = stk->u.decl;
	scope *inner = scope_new(ev, (scope *)stk->u.env);
	inner->component = -1;
	inner->stack_path = path;
	int ok = 1;

	/* Parameters: the body's fields. */
	const ast_list *params = &decl->u.decl.params;
	for (uint32_t i = 0; i < args->len; i++) {
		int known = 0;
		for (uint32_t j = 0; j < params->len; j++)
			if (strcmp(params->items[j]->u.binding.name.name, args->keys[i]) == 0)
				known = 1;
		if (known)
			continue;
		eval_error(ev, args->key_spans[i].file ? args->key_spans[i] : at, "E0205",
			"stack '%s' has no parameter '%s'", stk->name, args->keys[i]);
		if (!ev->quiet) {
			const char **names =
				arena_alloc_array(ev->arena, params->len + 1, sizeof(char *));
			for (uint32_t j = 0; j < params->len; j++)
				names[j] = params->items[j]->u.binding.name.name;
			const char *sug = suggest_name(args->keys[i], names, params->len);
			if (sug)
				diag_add_hint(ev->diags, ev->last, "did you mean '%s'?", sug);
		}
		ok = 0;
	}
	for (uint32_t j = 0; j < params->len && ok; j++) {
		const ast_node *p = params->items[j];
		const char *pname = p->u.binding.name.name;
		long pos = vmap_find(args, pname);
		value *v;
		if (pos >= 0)
			v = args->vals[pos];
		else if (p->u.binding.value)
			v = eval_expr(ev, inner, p->u.binding.value);
		else {
			eval_error(ev, at, "E0206", "stack '%s' needs a value for parameter '%s'",
				stk->name, pname);
			if (!ev->quiet)
				diag_add_note(ev->diags, ev->last, p->span, "'%s' is declared here",
					pname);
			ok = 0;
			continue;
		}
		vpath root = { NULL, VPATH_TEXT, path, NULL, 0 };
		vpath ppath = { &root, VPATH_KEY, pname, NULL, 0 };
		v = conform_at(ev, (scope *)stk->u.env, p->u.binding.type, v, &ppath);
		if (!v) {
			ok = 0;
			continue;
		}
		scope_local(inner, pname, v, p->u.binding.name.span);
	}
	if (!ok)
		return NULL;

	/* Bind every member first (order never matters), then force them
	 * all so that every error is found and every edge recorded. */
	const ast_list *ms = &decl->u.decl.members;
	/* Outputs are the stack's interface, not names inside it: they get a
	 * scope of their own, so `output replicas = replicas` means the
	 * parameter or let of that name, as in Terraform. */
	scope *outputs = scope_new(ev, NULL);
	for (uint32_t i = 0; i < ms->len; i++) {
		const ast_node *m = ms->items[i];
		binding *b = NULL;
		switch (m->kind) {
		case AST_LET:
			b = scope_define(ev, inner, m->u.binding.name.name, BIND_LET, m,
				m->u.binding.name.span);
			break;
		case AST_OUTPUT:
			b = scope_define(ev, outputs, m->u.binding.name.name, BIND_OUTPUT, m,
				m->u.binding.name.span);
			if (b)
				b->env = inner;
			break;
		case AST_COMPONENT:
			b = scope_define(ev, inner, m->u.component.name.name, BIND_COMPONENT, m,
				m->u.component.name.span);
			if (b) {
				b->path = arena_concat(
					ev->home, path, ".", m->u.component.name.name, NULL);
				b->node = (int)graph_add_node(ev->prog->graph, b->path,
					member_kind(m), m->u.component.name.span);
				if (node >= 0)
					graph_add_edge(ev->prog->graph, (uint32_t)node,
						(uint32_t)b->node, GRAPH_EDGE_REF,
						m->u.component.name.span, "contains");
			}
			break;
		default:
			break;
		}
		if (!b && m->kind != AST_ERROR)
			ok = 0;
	}
	for (uint32_t i = 0; i < inner->len; i++) {
		binding *b = inner->items[i];
		if (b->kind != BIND_LOCAL && !eval_binding(ev, b, b->def))
			ok = 0;
		if (b->kind == BIND_COMPONENT && b->val)
			record_component(ev, b, path);
	}
	vmap *outs = vmap_new(ev->arena);
	for (uint32_t i = 0; i < outputs->len; i++) {
		binding *b = outputs->items[i];
		value *v = eval_binding(ev, b, b->def);
		if (!v)
			ok = 0;
		else
			vmap_set(ev->arena, outs, b->name, v, b->def);
	}
	if (!ok)
		return NULL;
	value *res = value_map(ev->arena, outs, at);
	res->name = path;
	return res;
}

/* eval.c - evaluating expressions and declarations.
 *
 * Sits after parsing and binding (program.c) and before code generation.
 * Evaluation is lazy and memoised per binding: a declaration is computed
 * on first use, so declaration order never matters, and meeting a
 * binding that is still being computed is a definition cycle.
 *
 * Errors return NULL. Every construct that receives a NULL operand
 * returns NULL without a new message, so one mistake is reported once
 * however far its value travels (the "error type" of the checker).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eval_internal.h"

value *eval_error(eval_ctx *ev, src_span at, const char *code, const char *fmt, ...)
{
	if (ev->quiet) {
		ev->failed = 1;
		ev->last = &ev->scratch;
		return NULL;
	}
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ev->last = diag_error(ev->diags, code, at, "%s", buf);
	return NULL;
}

diagnostic *eval_last_diag(eval_ctx *ev)
{
	return ev->last;
}

arena *eval_arena(eval_ctx *ev)
{
	return ev->arena;
}

eval_ctx *eval_ctx_new_for_tests(arena *a, diag_list *d)
{
	return eval_ctx_new(a, d, NULL);
}

int eval_enter(eval_ctx *ev, src_span at)
{
	if (ev->depth >= EVAL_MAX_DEPTH) {
		eval_error(ev, at, "E0303", "evaluation nested too deeply (more than %d levels)",
			EVAL_MAX_DEPTH);
		if (!ev->quiet)
			diag_add_hint(ev->diags, ev->last,
				"a function or definition probably calls itself without end");
		return 0;
	}
	ev->depth++;
	return 1;
}

void eval_leave(eval_ctx *ev)
{
	ev->depth--;
}

/* ---- names -------------------------------------------------------------- */

static value *force_decl(eval_ctx *ev, binding *b);
static void inherit_deps(eval_ctx *ev, const binding *b);
static void add_edges(eval_ctx *ev, const binding *b);
static value *force_component(eval_ctx *ev, binding *b, const ast_node *d, scope *inner);

/* The name a binding has in a cycle message: components by path. */
static const char *cycle_name(const binding *b)
{
	return b->kind == BIND_COMPONENT && b->path ? b->path : b->name;
}

/* `b` was reached again while still being evaluated: print the whole
 * cycle, with a note at each reference that closes a link. Between
 * components this is a dependency cycle (E0401); otherwise a definition
 * that needs itself (E0309). */
static void report_cycle(eval_ctx *ev, binding *b, src_span use)
{
	uint32_t first = 0;
	for (uint32_t i = ev->nframes; i-- > 0;)
		if (ev->frames[i].b == b) {
			first = i;
			break;
		}
	int all_components = 1;
	strbuf chain = STRBUF_INIT;
	for (uint32_t i = first; i < ev->nframes; i++) {
		if (ev->frames[i].b->kind != BIND_COMPONENT)
			all_components = 0;
		strbuf_addf(&chain, "%s -> ", cycle_name(ev->frames[i].b));
	}
	strbuf_adds(&chain, cycle_name(b));
	if (all_components)
		eval_error(ev, use, "E0401", "dependency cycle: %s", chain.buf);
	else
		eval_error(ev, use, "E0309", "'%s' depends on itself: %s", b->name, chain.buf);
	strbuf_release(&chain);
	if (ev->quiet)
		return;
	for (uint32_t i = first; i < ev->nframes; i++) {
		const binding *from = ev->frames[i].b;
		const binding *to = i + 1 < ev->nframes ? ev->frames[i + 1].b : b;
		src_span at = i + 1 < ev->nframes ? ev->frames[i + 1].use : use;
		diag_add_note(ev->diags, ev->last, at, "'%s' refers to '%s' here", cycle_name(from),
			cycle_name(to));
	}
	diag_add_hint(ev->diags, ev->last,
		all_components ? "components cannot depend on each other in a circle; "
				 "remove one of these references" :
				 "a value cannot be computed from itself; break the cycle");
}

value *eval_binding(eval_ctx *ev, binding *b, src_span use)
{
	b->used = 1;
	if (b->state == BIND_DONE) {
		if (b->kind != BIND_COMPONENT)
			inherit_deps(ev, b);
		return b->val;
	}
	if (b->state == BIND_EVALUATING) {
		report_cycle(ev, b, use);
		return NULL;
	}
	if (!eval_enter(ev, use))
		return NULL;
	if (ev->nframes == ev->frames_cap) {
		ev->frames_cap = ev->frames_cap ? ev->frames_cap * 2 : 32;
		ev->frames = arena_grow_array(
			ev->home, ev->frames, ev->nframes, ev->frames_cap, sizeof(*ev->frames));
	}
	ev->frames[ev->nframes].b = b;
	ev->frames[ev->nframes].use = use;
	ev->nframes++;
	b->state = BIND_EVALUATING;
	int was_quiet = ev->quiet;
	/* A declaration's own errors are reported even while a union is
	 * being tried: they do not depend on the union. */
	ev->quiet = 0;
	/* Computed where the binding lives: a module-level let first used
	 * inside a component's region must outlive that region. */
	arena *outer = ev->arena;
	ev->arena = b->env->arena;
	value *v = force_decl(ev, b);
	ev->arena = outer;
	ev->quiet = was_quiet;
	b->val = v;
	b->state = BIND_DONE;
	ev->nframes--;
	eval_leave(ev);
	if (b->kind == BIND_COMPONENT)
		add_edges(ev, b);
	else
		inherit_deps(ev, b);
	return v;
}

/* ---- dependencies -----------------------------------------------------------
 * Whatever binding is being evaluated (the top frame) collects the
 * components it names, directly or through lets and functions; a
 * memoised binding hands its collection to everyone who uses it later.
 * When a component's evaluation ends, its collection becomes its edges
 * in the graph. This is why a reference through a let still orders the
 * components (let a = db.outputs.x; env = { DB: a }). */

static void dep_add(binding *owner, const dep *d)
{
	dep_set *set = &owner->deps;
	for (uint32_t i = 0; i < set->len; i++)
		if (set->items[i].node == d->node) {
			set->items[i].depends_on |= d->depends_on;
			return;
		}
	if (set->len == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 4;
		set->items = arena_grow_array(
			owner->env->arena, set->items, set->len, set->cap, sizeof(dep));
	}
	set->items[set->len++] = *d;
}

/* The binding being evaluated, which collects the dependencies. */
static binding *top_frame(eval_ctx *ev)
{
	return ev->nframes ? ev->frames[ev->nframes - 1].b : NULL;
}

/* Code being evaluated names component b. */
static void note_reference(eval_ctx *ev, binding *b, src_span at)
{
	binding *top = top_frame(ev);
	if (!top || b->node < 0)
		return;
	dep d = { b->node, at, ev->in_depends_on, b->path ? b->path : b->name };
	dep_add(top, &d);
}

/* A non-component binding was used: its dependencies are the user's. */
static void inherit_deps(eval_ctx *ev, const binding *b)
{
	binding *top = top_frame(ev);
	if (!top || top == b)
		return;
	for (uint32_t i = 0; i < b->deps.len; i++)
		dep_add(top, &b->deps.items[i]);
}

/* A component's evaluation ended: its dependencies become edges. */
static void add_edges(eval_ctx *ev, const binding *b)
{
	if (b->node < 0)
		return;
	for (uint32_t i = 0; i < b->deps.len; i++) {
		const dep *d = &b->deps.items[i];
		if (d->node == b->node)
			continue;
		graph_add_edge(ev->prog->graph, (uint32_t)b->node, (uint32_t)d->node,
			d->depends_on ? GRAPH_EDGE_DEPENDS_ON : GRAPH_EDGE_REF, d->at, d->name);
	}
}

static value *eval_ident(eval_ctx *ev, scope *s, const ast_node *e)
{
	const char *name = e->u.ident.name;
	const builtin *bi;
	binding *b = scope_lookup_ident(s, e, &bi);
	if (!b) {
		if (bi) {
			value *f = ARENA_NEW(ev->arena, value);
			f->kind = VAL_FUNC;
			f->origin = e->span;
			f->u.decl = bi;
			f->name = name;
			return f;
		}
		eval_error(ev, e->span, "E0101", "undefined name '%s'", name);
		if (!ev->quiet) {
			const char *s2 = scope_suggest(s, name);
			if (!s2) {
				size_t nb;
				const builtin *t = builtin_table(&nb);
				const char **names =
					arena_alloc_array(ev->arena, nb + 1, sizeof(char *));
				for (size_t i = 0; i < nb; i++)
					names[i] = t[i].name;
				s2 = suggest_name(name, names, nb);
			}
			if (s2)
				diag_add_hint(ev->diags, ev->last, "did you mean '%s'?", s2);
		}
		return NULL;
	}
	if (b->kind == BIND_COMPONENT)
		note_reference(ev, b, e->span);
	return eval_binding(ev, b, e->span);
}

/* ---- collections -------------------------------------------------------- */

static value *eval_list(eval_ctx *ev, scope *s, const ast_node *e)
{
	const ast_list *items = &e->u.list.items;
	value **vs = arena_alloc_array(ev->arena, items->len ? items->len : 1, sizeof(value *));
	for (uint32_t i = 0; i < items->len; i++) {
		vs[i] = eval_expr(ev, s, items->items[i]);
		if (!vs[i])
			return NULL;
	}
	return value_list(ev->arena, vs, items->len, e->span);
}

/* The text of a map key: an identifier or a plain string. */
static const char *key_text(eval_ctx *ev, scope *s, const ast_node *key)
{
	if (key->kind == AST_IDENT)
		return key->u.ident.name;
	value *k = eval_expr(ev, s, key);
	if (!k)
		return NULL;
	if (k->kind != VAL_STRING) {
		eval_error(ev, key->span, "E0201", "map keys must be strings, found %s",
			value_type_name(k));
		return NULL;
	}
	return k->u.str.ptr;
}

static value *eval_map(eval_ctx *ev, scope *s, const ast_node *e)
{
	const ast_list *items = &e->u.list.items;
	vmap *m = vmap_new_sized(ev->arena, items->len);
	for (uint32_t i = 0; i < items->len; i++) {
		const ast_node *ent = items->items[i];
		if (ent->kind != AST_MAP_ENTRY)
			return NULL;
		const char *k = key_text(ev, s, ent->u.entry.key);
		if (!k)
			return NULL;
		long old = vmap_find(m, k);
		if (old >= 0) {
			eval_error(
				ev, ent->u.entry.key->span, "E0102", "key '%s' appears twice", k);
			if (!ev->quiet)
				diag_add_note(
					ev->diags, ev->last, m->key_spans[old], "first set here");
			return NULL;
		}
		value *v = eval_expr(ev, s, ent->u.entry.value);
		if (!v)
			return NULL;
		vmap_append(ev->arena, m, k, v, ent->u.entry.key->span);
	}
	return value_map(ev->arena, m, e->span);
}

static value *eval_for(eval_ctx *ev, scope *s, const ast_node *e)
{
	value *coll = eval_expr(ev, s, e->u.comp.collection);
	if (!coll)
		return NULL;
	if (coll->kind == VAL_UNKNOWN)
		return value_unknown(
			ev->arena, coll->u.unknown.producer, coll->u.unknown.path, e->span);
	if (coll->kind != VAL_LIST && coll->kind != VAL_MAP) {
		eval_error(ev, e->u.comp.collection->span, "E0305",
			"'for' needs a list or a map, found %s", value_type_name(coll));
		return NULL;
	}
	int is_map_out = e->kind == AST_FOR_MAP;
	uint32_t n = coll->kind == VAL_LIST ? coll->u.list.len : coll->u.map->len;
	value **out = arena_alloc_array(ev->arena, n ? n : 1, sizeof(value *));
	uint32_t nout = 0;
	vmap *mout = is_map_out ? vmap_new_sized(ev->arena, n) : NULL;
	const ast_ident *kv = &e->u.comp.key_var, *vv = &e->u.comp.value_var;
	for (uint32_t i = 0; i < n; i++) {
		scope *inner = scope_new(ev, s);
		value *key, *val;
		if (coll->kind == VAL_LIST) {
			key = value_int(ev->arena, i, e->u.comp.collection->span);
			val = coll->u.list.items[i];
		} else {
			const char *k = coll->u.map->keys[i];
			key = value_string(ev->arena, k, strlen(k), coll->u.map->key_spans[i]);
			val = coll->u.map->vals[i];
		}
		if (kv->len)
			scope_local(inner, kv->name, key, kv->span);
		scope_local(inner, vv->name, val, vv->span);
		if (e->u.comp.cond) {
			value *c = eval_expr(ev, inner, e->u.comp.cond);
			if (!c)
				return NULL;
			if (c->kind != VAL_BOOL) {
				eval_error(ev, e->u.comp.cond->span, "E0201",
					"the 'if' condition must be a bool, found %s",
					value_type_name(c));
				return NULL;
			}
			if (!c->u.boolean)
				continue;
		}
		value *v = eval_expr(ev, inner, e->u.comp.value);
		if (!v)
			return NULL;
		if (!is_map_out) {
			out[nout++] = v;
			continue;
		}
		value *k = eval_expr(ev, inner, e->u.comp.key);
		if (!k)
			return NULL;
		if (k->kind != VAL_STRING) {
			eval_error(ev, e->u.comp.key->span, "E0201",
				"map keys must be strings, found %s", value_type_name(k));
			return NULL;
		}
		if (vmap_find(mout, k->u.str.ptr) >= 0) {
			eval_error(ev, e->u.comp.key->span, "E0102",
				"the comprehension produces the key '%s' twice", k->u.str.ptr);
			return NULL;
		}
		vmap_set(ev->arena, mout, k->u.str.ptr, v, e->u.comp.key->span);
	}
	if (is_map_out)
		return value_map(ev->arena, mout, e->span);
	return value_list(ev->arena, out, nout, e->span);
}

/* ---- selection, indexing, calls -------------------------------------------- */

static value *select_in_map(eval_ctx *ev, const value *obj, const ast_node *e)
{
	const char *name = e->u.select.name.name;
	const vmap *m = obj->u.map;
	/* Maps read by one expression are mostly built by one expression
	 * (a record of one schema, a map literal): the key is where it was
	 * last time, and after that first time the name is the very string
	 * of the key (see "finding a name" above). */
	uint32_t pos = e->eval_cache;
	if (pos && pos <= m->len &&
		(m->keys[pos - 1] == name || strcmp(m->keys[pos - 1], name) == 0)) {
		/* Not a key made in a region: the syntax tree outlives it. */
		const char *key = m->keys[pos - 1];
		if (key != name && (ev->arena == ev->home || !arena_contains(ev->arena, key)))
			((ast_node *)e)->u.select.name.name = key;
		return m->vals[pos - 1];
	}
	long found = vmap_find(m, name);
	if (found >= 0) {
		((ast_node *)e)->eval_cache = (uint32_t)found + 1;
		return m->vals[found];
	}
	/* An optional field that was not set reads as null. */
	if (m->schema && schema_field_optional(m->schema, name))
		return value_null(ev->arena, e->span);
	eval_error(ev, e->u.select.name.span, "E0106", "%s has no field '%s'",
		m->schema ? value_type_name(obj) : "the map", name);
	if (!ev->quiet) {
		const char *sug = suggest_name(name, m->keys, m->len);
		if (sug)
			diag_add_hint(ev->diags, ev->last, "did you mean '%s'?", sug);
	}
	return NULL;
}

static value *eval_select(eval_ctx *ev, scope *s, const ast_node *e)
{
	value *obj = eval_expr(ev, s, e->u.select.object);
	if (!obj)
		return NULL;
	const char *name = e->u.select.name.name;
	switch (obj->kind) {
	case VAL_MAP:
		return select_in_map(ev, obj, e);
	case VAL_UNKNOWN: {
		const char *path = obj->u.unknown.path && *obj->u.unknown.path ?
			arena_printf(ev->arena, "%s.%s", obj->u.unknown.path, name) :
			name;
		return value_unknown(ev->arena, obj->u.unknown.producer, path, e->span);
	}
	case VAL_MODULE: {
		const module *mod = obj->u.decl;
		binding *b = scope_lookup_here(mod->scope, name);
		if (!b) {
			eval_error(ev, e->u.select.name.span, "E0106",
				"module '%s' has no member '%s'", mod->name, name);
			if (!ev->quiet) {
				const char *sug = scope_suggest(mod->scope, name);
				if (sug)
					diag_add_hint(
						ev->diags, ev->last, "did you mean '%s'?", sug);
			}
			return NULL;
		}
		return eval_binding(ev, b, e->span);
	}
	case VAL_NULL:
		eval_error(
			ev, e->u.select.name.span, "E0106", "cannot take field '%s' of null", name);
		if (!ev->quiet)
			diag_add_hint(ev->diags, ev->last,
				"use '?"
				"?' to provide a default: (x ?"
				"? {}).%s",
				name);
		return NULL;
	default:
		return eval_error(ev, e->u.select.name.span, "E0106",
			"cannot take field '%s' of %s", name, value_type_name(obj));
	}
}

static value *eval_index(eval_ctx *ev, scope *s, const ast_node *e)
{
	value *obj = eval_expr(ev, s, e->u.index.object);
	value *ix = eval_expr(ev, s, e->u.index.index);
	if (!obj || !ix)
		return NULL;
	if (obj->kind == VAL_UNKNOWN)
		return value_unknown(
			ev->arena, obj->u.unknown.producer, obj->u.unknown.path, e->span);
	if (ix->kind == VAL_UNKNOWN)
		return value_unknown(
			ev->arena, ix->u.unknown.producer, ix->u.unknown.path, e->span);
	if (obj->kind == VAL_LIST) {
		if (ix->kind != VAL_INT)
			return eval_error(ev, e->u.index.index->span, "E0201",
				"a list index must be an int, found %s", value_type_name(ix));
		int64_t i = ix->u.integer;
		if (i < 0 || i >= (int64_t)obj->u.list.len)
			return eval_error(ev, e->u.index.index->span, "E0307",
				"index %lld is out of range: the list has %u element%s",
				(long long)i, (unsigned)obj->u.list.len,
				obj->u.list.len == 1 ? "" : "s");
		return obj->u.list.items[i];
	}
	if (obj->kind == VAL_MAP) {
		if (ix->kind != VAL_STRING)
			return eval_error(ev, e->u.index.index->span, "E0201",
				"a map key must be a string, found %s", value_type_name(ix));
		value *v = vmap_get(obj->u.map, ix->u.str.ptr);
		if (!v) {
			eval_error(ev, e->u.index.index->span, "E0307", "the map has no key '%s'",
				ix->u.str.ptr);
			if (!ev->quiet) {
				const char *sug = suggest_name(
					ix->u.str.ptr, obj->u.map->keys, obj->u.map->len);
				if (sug)
					diag_add_hint(
						ev->diags, ev->last, "did you mean '%s'?", sug);
			}
		}
		return v;
	}
	return eval_error(
		ev, e->u.index.object->span, "E0201", "cannot index %s", value_type_name(obj));
}

/* ---- expressions ------------------------------------------------------------ */

static value *eval_ternary(eval_ctx *ev, scope *s, const ast_node *e)
{
	value *c = eval_expr(ev, s, e->u.ternary.cond);
	if (!c)
		return NULL;
	if (c->kind == VAL_UNKNOWN)
		return value_unknown(ev->arena, c->u.unknown.producer, c->u.unknown.path, e->span);
	if (c->kind != VAL_BOOL)
		return eval_error(ev, e->u.ternary.cond->span, "E0201",
			"the condition must be a bool, found %s", value_type_name(c));
	return eval_expr(ev, s, c->u.boolean ? e->u.ternary.then : e->u.ternary.other);
}

static value *eval_logic(eval_ctx *ev, scope *s, const ast_node *e)
{
	ast_op op = e->u.binary.op;
	value *l = eval_expr(ev, s, e->u.binary.lhs);
	if (!l)
		return NULL;
	if (op == OP_COALESCE)
		return l->kind == VAL_NULL ? eval_expr(ev, s, e->u.binary.rhs) : l;
	if (l->kind == VAL_UNKNOWN)
		return value_unknown(ev->arena, l->u.unknown.producer, l->u.unknown.path, e->span);
	if (l->kind != VAL_BOOL)
		return eval_error(ev, e->u.binary.lhs->span, "E0308",
			"'%s' needs bool operands, found %s", ast_op_text(op), value_type_name(l));
	/* Short-circuit: the right side is not evaluated when the left
	 * decides. */
	if ((op == OP_AND && !l->u.boolean) || (op == OP_OR && l->u.boolean))
		return value_bool(ev->arena, l->u.boolean, e->span);
	value *r = eval_expr(ev, s, e->u.binary.rhs);
	if (!r)
		return NULL;
	if (r->kind == VAL_UNKNOWN)
		return value_unknown(ev->arena, r->u.unknown.producer, r->u.unknown.path, e->span);
	if (r->kind != VAL_BOOL)
		return eval_error(ev, e->u.binary.rhs->span, "E0308",
			"'%s' needs bool operands, found %s", ast_op_text(op), value_type_name(r));
	return value_bool(ev->arena, r->u.boolean, e->span);
}

/* The budgets of eval.h: checked on every expression, reported once. */
static int over_budget(eval_ctx *ev, const ast_node *e)
{
	if (ev->exhausted)
		return 1;
	/* Memory held: the home arena and the region being filled (what
	 * earlier regions held was copied home or given back). */
	size_t held = ev->home->total + (ev->arena != ev->home ? ev->arena->total : 0);
	if (++ev->steps <= ev->max_steps && held <= ev->max_memory)
		return 0;
	int quiet = ev->quiet;
	ev->quiet = 0;
	if (ev->steps > ev->max_steps)
		eval_error(ev, e->span, "E0304", "evaluation takes too long: more than %llu steps",
			ev->max_steps);
	else
		eval_error(ev, e->span, "E0304",
			"evaluation needs too much memory: more than %llu MiB",
			ev->max_memory >> 20);
	diag_add_hint(ev->diags, ev->last,
		"a comprehension or recursion probably expands far "
		"more than intended");
	ev->quiet = quiet;
	ev->exhausted = 1;
	return 1;
}

value *eval_expr(eval_ctx *ev, scope *s, const ast_node *e)
{
	if (!e || over_budget(ev, e))
		return NULL;
	switch (e->kind) {
	case AST_INT:
	case AST_FLOAT:
	case AST_BOOL:
	case AST_NULL:
		return eval_literal(ev, e);
	case AST_STRING:
		return eval_string(ev, s, e);
	case AST_IDENT:
		return eval_ident(ev, s, e);
	case AST_LIST:
		return eval_list(ev, s, e);
	case AST_MAP:
		return eval_map(ev, s, e);
	case AST_FOR_LIST:
	case AST_FOR_MAP:
		return eval_for(ev, s, e);
	case AST_PAREN:
		return eval_expr(ev, s, e->u.paren.inner);
	case AST_UNARY: {
		value *x = eval_expr(ev, s, e->u.unary.operand);
		return x ? eval_unary(ev, e, x) : NULL;
	}
	case AST_BINARY: {
		ast_op op = e->u.binary.op;
		if (op == OP_AND || op == OP_OR || op == OP_COALESCE)
			return eval_logic(ev, s, e);
		value *l = eval_expr(ev, s, e->u.binary.lhs);
		value *r = eval_expr(ev, s, e->u.binary.rhs);
		return l && r ? eval_binary(ev, e, op, l, r) : NULL;
	}
	case AST_TERNARY:
		return eval_ternary(ev, s, e);
	case AST_SELECT:
		return eval_select(ev, s, e);
	case AST_INDEX:
		return eval_index(ev, s, e);
	case AST_CALL:
		return eval_call(ev, s, e);
	case AST_AMEND:
		return eval_amend(ev, s, e);
	default:
		return eval_error(ev, e->span, "E0308", "this %s cannot be evaluated here",
			ast_kind_name(e->kind));
	}
}

/* ---- declarations ------------------------------------------------------------ */

static value *decl_value(eval_ctx *ev, binding *b, value_kind k)
{
	value *v = ARENA_NEW(ev->arena, value);
	v->kind = k;
	v->origin = b->def;
	v->u.decl = b->decl;
	v->u.env = b->env;
	v->name = b->name;
	return v;
}

/* Defined in program.c: the value of a root parameter from the inputs,
 * the selected environment or its default. */
value *program_param_value(eval_ctx *ev, binding *b);

static value *force_decl(eval_ctx *ev, binding *b)
{
	const ast_node *d = b->decl;
	switch (b->kind) {
	case BIND_LET:
	case BIND_OUTPUT: {
		value *v = eval_expr(ev, b->env, d->u.binding.value);
		if (v && d->u.binding.type)
			v = conform(ev, b->env, d->u.binding.type, v, b->name);
		return v;
	}
	case BIND_PARAM:
		return program_param_value(ev, b);
	case BIND_FN:
		return decl_value(ev, b, VAL_FUNC);
	case BIND_SCHEMA:
		return decl_value(ev, b, VAL_SCHEMA);
	case BIND_TYPE:
		return decl_value(ev, b, VAL_TYPE);
	case BIND_STACK:
		return decl_value(ev, b, VAL_STACK);
	case BIND_IMPORT: {
		value *v = decl_value(ev, b, VAL_MODULE);
		v->u.decl = b->module;
		v->name = b->module ? b->module->name : b->name;
		return b->module ? v : NULL;
	}
	case BIND_COMPONENT: {
		/* Evaluated with this component as the source of edges, in a
		 * region of its own if it lives in the home arena. */
		uint32_t first = ev->prog ? ev->prog->ncomponents : 0;
		int region = region_open(ev, b);
		scope *inner = scope_new(ev, b->env);
		inner->component = b->node;
		const char *outer_path = ev->component_path;
		ev->component_path = b->path;
		value *v = force_component(ev, b, d, inner);
		ev->component_path = outer_path;
		return region ? region_close(ev, v, first) : v;
	}
	case BIND_LOCAL:
		return b->val;
	}
	return NULL;
}

/* A component's value: its kind instantiated with its body (schema or
 * stack), or the value of `component NAME = EXPR`. The record is tagged
 * with the component's path, which is how depends_on recognises it. */
static value *force_component(eval_ctx *ev, binding *b, const ast_node *d, scope *inner)
{
	value *v;
	if (d->u.component.kind) {
		value *kind = eval_expr(ev, b->env, d->u.component.kind);
		if (!kind)
			return NULL;
		vmap *fields = eval_body(ev, inner, &d->u.component.body);
		if (fields)
			fields = component_fields(ev, fields, d->span);
		if (!fields)
			return NULL;
		if (kind->kind == VAL_SCHEMA)
			v = schema_instantiate(ev, kind, fields, d->span, b->path);
		else if (kind->kind == VAL_STACK)
			v = stack_instantiate(ev, kind, fields, d->span, b->path, b->node);
		else if (kind->kind == VAL_MAP && kind->u.map->schema)
			/* A record of defaults (`let web = k8s.app { ... }`):
			 * the component amends it. */
			v = record_amend(ev, kind, fields, d->span, b->path);
		else
			return eval_error(ev, d->u.component.kind->span, "E0201",
				"a component's kind must be a schema, a stack or a record, found %s",
				value_type_name(kind));
	} else if (d->u.component.value->kind == AST_AMEND) {
		/* `component x = base { ... }`: the body is the component's,
		 * so depends_on works as with `component x: kind { ... }`. */
		v = eval_component_amend(ev, inner, d->u.component.value);
	} else {
		v = eval_expr(ev, inner, d->u.component.value);
	}
	if (v && v->kind == VAL_MAP) {
		v = value_with_origin(ev->arena, v, v->origin);
		v->name = b->path;
	}
	return v;
}

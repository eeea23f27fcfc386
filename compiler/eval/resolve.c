/* resolve.c - the names phase: every identifier of the root module must
 * name something, whether or not evaluation ever reaches it.
 *
 * Evaluation is lazy, so a typo inside a function that no one calls, a
 * check of a schema no one instantiates or a stack that is only a
 * template would otherwise go unnoticed. This pass walks every
 * declaration of the root module once, with the same scoping rules as
 * the evaluator (eval.c, eval_stack.c, eval_types.c), and reports
 * undefined names (E0101) and unused function and stack parameters
 * (W0103). It runs before evaluation; when it finds an error, evaluation
 * does not start (one phase at a time, so no message is given twice).
 */
#include <string.h>

#include "eval_internal.h"

/* Names bound by the construct being walked (parameters, comprehension
 * variables, fields, stack members), innermost last. */
typedef struct local {
	const char *name;
	src_span def;
	int used;
	uint32_t shadowed; /* position + 1 of the local of this name it hides */
} local;

/* `index` maps each name to the position + 1 of its innermost local, so
 * that an identifier is found in constant time: a stack of ten thousand
 * components has ten thousand locals, and searching them linearly for
 * every identifier made this pass quadratic. Leaving a construct pops
 * its locals and restores what they shadowed (pop_to). */
typedef struct resolver {
	eval_ctx *ev;
	scope *s; /* the file scope of the declaration being walked */
	local *locals;
	uint32_t n;
	uint32_t cap;
	map index;
} resolver;

static uint32_t push(resolver *r, const char *name, src_span def)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->locals = arena_grow_array(r->ev->arena, r->locals, r->n, r->cap, sizeof(local));
	}
	r->locals[r->n].name = name;
	r->locals[r->n].def = def;
	r->locals[r->n].used = 0;
	r->locals[r->n].shadowed =
		(uint32_t)(uintptr_t)map_get(&r->index, name, strlen(name), NULL);
	map_put(&r->index, name, strlen(name), (void *)(uintptr_t)(r->n + 1));
	return r->n++;
}

/* Forget the locals from position `mark` on, innermost first. */
static void pop_to(resolver *r, uint32_t mark)
{
	while (r->n > mark) {
		const local *l = &r->locals[--r->n];
		if (l->shadowed)
			map_put(&r->index, l->name, strlen(l->name),
				(void *)(uintptr_t)l->shadowed);
		else
			map_remove(&r->index, l->name, strlen(l->name));
	}
}

static void undefined(resolver *r, const ast_node *id)
{
	eval_ctx *ev = r->ev;
	const char *name = id->u.ident.name;
	eval_error(ev, id->span, "E0101", "undefined name '%s'", name);
	/* Candidates: the locals in scope, then the module's names, then
	 * the builtins. */
	const char **cands = arena_alloc_array(ev->arena, r->n + 1, sizeof(char *));
	for (uint32_t i = 0; i < r->n; i++)
		cands[i] = r->locals[i].name;
	const char *sug = suggest_name(name, cands, r->n);
	if (!sug)
		sug = scope_suggest(r->s, name);
	if (!sug) {
		size_t nb;
		const builtin *t = builtin_table(&nb);
		const char **names = arena_alloc_array(ev->arena, nb + 1, sizeof(char *));
		for (size_t i = 0; i < nb; i++)
			names[i] = t[i].name;
		sug = suggest_name(name, names, nb);
	}
	if (sug)
		diag_add_hint(ev->diags, ev->last, "did you mean '%s'?", sug);
}

static void walk(resolver *r, const ast_node *e);

static void walk_list(resolver *r, const ast_list *l)
{
	for (uint32_t i = 0; i < l->len; i++)
		walk(r, l->items[i]);
}

/* Body entries: the field names are not references, the values are. */
static void walk_body(resolver *r, const ast_list *body)
{
	for (uint32_t i = 0; i < body->len; i++) {
		const ast_node *a = body->items[i];
		if (a->kind != AST_ASSIGN)
			continue;
		if (a->u.binding.key)
			walk(r, a->u.binding.key);
		walk(r, a->u.binding.value);
	}
}

static void walk_ident(resolver *r, const ast_node *e)
{
	const char *name = e->u.ident.name;
	uintptr_t pos = (uintptr_t)map_get(&r->index, name, strlen(name), NULL);
	if (pos) {
		r->locals[pos - 1].used = 1;
		return;
	}
	if (scope_lookup(r->s, name) || builtin_lookup(name))
		return;
	undefined(r, e);
}

static void walk(resolver *r, const ast_node *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case AST_IDENT:
		walk_ident(r, e);
		break;
	case AST_STRING:
		walk_list(r, &e->u.string.parts);
		break;
	case AST_LIST:
		walk_list(r, &e->u.list.items);
		break;
	case AST_MAP:
		for (uint32_t i = 0; i < e->u.list.items.len; i++) {
			const ast_node *ent = e->u.list.items.items[i];
			if (ent->kind != AST_MAP_ENTRY)
				continue;
			if (ent->u.entry.key->kind != AST_IDENT)
				walk(r, ent->u.entry.key);
			walk(r, ent->u.entry.value);
		}
		break;
	case AST_FOR_LIST:
	case AST_FOR_MAP: {
		walk(r, e->u.comp.collection);
		uint32_t mark = r->n;
		if (e->u.comp.key_var.len)
			push(r, e->u.comp.key_var.name, e->u.comp.key_var.span);
		push(r, e->u.comp.value_var.name, e->u.comp.value_var.span);
		walk(r, e->u.comp.key);
		walk(r, e->u.comp.value);
		walk(r, e->u.comp.cond);
		pop_to(r, mark);
		break;
	}
	case AST_UNARY:
		walk(r, e->u.unary.operand);
		break;
	case AST_BINARY:
		walk(r, e->u.binary.lhs);
		walk(r, e->u.binary.rhs);
		break;
	case AST_TERNARY:
		walk(r, e->u.ternary.cond);
		walk(r, e->u.ternary.then);
		walk(r, e->u.ternary.other);
		break;
	case AST_SELECT:
		walk(r, e->u.select.object);
		break;
	case AST_INDEX:
		walk(r, e->u.index.object);
		walk(r, e->u.index.index);
		break;
	case AST_CALL:
		walk(r, e->u.call.callee);
		walk_list(r, &e->u.call.args);
		break;
	case AST_AMEND:
		walk(r, e->u.amend.base);
		walk_body(r, &e->u.amend.body);
		break;
	case AST_PAREN:
		walk(r, e->u.paren.inner);
		break;
	default:
		break; /* literals, types */
	}
}

/* Is `name` already among locals[first..]? Reports E0102 if so. */
static int duplicate(resolver *r, uint32_t first, const char *name, src_span at, const char *what)
{
	for (uint32_t i = first; i < r->n; i++) {
		if (strcmp(r->locals[i].name, name) != 0)
			continue;
		diagnostic *d = diag_error(
			r->ev->diags, "E0102", at, "%s '%s' is declared twice", what, name);
		diag_add_note(r->ev->diags, d, r->locals[i].def, "first declared here");
		return 1;
	}
	return 0;
}

/* Parameters of functions and stacks: their defaults see the earlier
 * parameters; an unused one is worth a warning. */
static uint32_t push_params(resolver *r, const ast_list *params)
{
	uint32_t first = r->n;
	for (uint32_t i = 0; i < params->len; i++) {
		const ast_node *p = params->items[i];
		walk(r, p->u.binding.value);
		if (!duplicate(
			    r, first, p->u.binding.name.name, p->u.binding.name.span, "parameter"))
			push(r, p->u.binding.name.name, p->u.binding.name.span);
	}
	return first;
}

static void warn_unused(
	resolver *r, uint32_t first, uint32_t count, const char *what, const char *owner)
{
	for (uint32_t i = first; i < first + count; i++) {
		if (r->locals[i].used || r->locals[i].name[0] == '_')
			continue;
		diagnostic *w = diag_warning(r->ev->diags, "W0103", r->locals[i].def,
			"parameter '%s' of %s '%s' is never used", r->locals[i].name, what, owner);
		diag_add_hint(r->ev->diags, w, "remove it, or start its name with '_'");
	}
}

static void walk_fn(resolver *r, const ast_node *d)
{
	uint32_t first = push_params(r, &d->u.decl.params);
	walk(r, d->u.decl.body);
	warn_unused(r, first, r->n - first, "function", d->u.decl.name.name);
}

static void walk_schema(resolver *r, const ast_node *d)
{
	/* Defaults and checks see the fields by name. */
	const ast_list *ms = &d->u.decl.members;
	for (uint32_t i = 0; i < ms->len; i++) {
		const ast_node *m = ms->items[i];
		if (m->kind == AST_FIELD_DECL &&
			!duplicate(r, 0, m->u.binding.name.name, m->u.binding.name.span, "field"))
			push(r, m->u.binding.name.name, m->u.binding.name.span);
	}
	for (uint32_t i = 0; i < ms->len; i++) {
		const ast_node *m = ms->items[i];
		if (m->kind == AST_FIELD_DECL) {
			walk(r, m->u.binding.value);
		} else if (m->kind == AST_CHECK) {
			walk(r, m->u.check.cond);
			walk(r, m->u.check.message);
		}
	}
}

static void walk_stack(resolver *r, const ast_node *d)
{
	uint32_t first = push_params(r, &d->u.decl.params);
	uint32_t nparams = r->n - first;
	/* Members see each other (outputs excepted, as in eval_stack.c). */
	const ast_list *ms = &d->u.decl.members;
	for (uint32_t i = 0; i < ms->len; i++) {
		const ast_node *m = ms->items[i];
		if (m->kind == AST_LET)
			push(r, m->u.binding.name.name, m->u.binding.name.span);
		else if (m->kind == AST_COMPONENT)
			push(r, m->u.component.name.name, m->u.component.name.span);
	}
	for (uint32_t i = 0; i < ms->len; i++) {
		const ast_node *m = ms->items[i];
		if (m->kind == AST_LET || m->kind == AST_OUTPUT) {
			walk(r, m->u.binding.value);
		} else if (m->kind == AST_COMPONENT) {
			walk(r, m->u.component.kind);
			walk_body(r, &m->u.component.body);
			walk(r, m->u.component.value);
		}
	}
	warn_unused(r, first, nparams, "stack", d->u.decl.name.name);
}

int resolve_module(eval_ctx *ev, const module *m)
{
	size_t errors = ev->diags->errors;
	resolver r = { ev, NULL, NULL, 0, 0, { 0 } };
	map_init(&r.index);
	for (uint32_t f = 0; f < m->nfiles; f++) {
		r.s = m->file_scopes[f];
		const ast_list *ds = &m->files[f]->decls;
		for (uint32_t i = 0; i < ds->len; i++) {
			const ast_node *d = ds->items[i];
			pop_to(&r, 0);
			switch (d->kind) {
			case AST_LET:
			case AST_PARAM:
				walk(&r, d->u.binding.value);
				break;
			case AST_FN:
				walk_fn(&r, d);
				break;
			case AST_SCHEMA:
				walk_schema(&r, d);
				break;
			case AST_STACK:
				walk_stack(&r, d);
				break;
			case AST_ENV: {
				const ast_list *body = &d->u.decl.members;
				for (uint32_t k = 0; k < body->len; k++) {
					const ast_node *a = body->items[k];
					if (a->kind == AST_ASSIGN &&
						!duplicate(&r, 0, a->u.binding.name.name,
							a->u.binding.name.span, "override of"))
						push(&r, a->u.binding.name.name,
							a->u.binding.name.span);
				}
				walk_body(&r, body);
				break;
			}
			default:
				break;
			}
		}
	}
	map_release(&r.index);
	return ev->diags->errors > errors ? -1 : 0;
}

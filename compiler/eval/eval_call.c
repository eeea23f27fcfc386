/* eval_call.c - calling functions: user functions and builtins.
 *
 * Part of the evaluator (eval.c): arguments are evaluated by the caller,
 * checked against the parameter types here, and results against the
 * result type. Builtins get unknown-after-apply and secret arguments
 * handled uniformly: an unknown argument makes the result unknown, and
 * whatever a builtin derives from a secret is secret again.
 */
#include <string.h>

#include "eval_internal.h"

/* Everything textual inside v, made secret: what a builtin computes from
 * a secret (split, regex captures, ...) is as secret as its input. */
static value *taint(eval_ctx *ev, value *v)
{
	switch (v->kind) {
	case VAL_STRING: {
		value *c = value_with_origin(ev->arena, v, v->origin);
		c->kind = VAL_SECRET;
		return c;
	}
	case VAL_LIST: {
		value **items = arena_alloc_array(
			ev->arena, v->u.list.len ? v->u.list.len : 1, sizeof(value *));
		for (uint32_t i = 0; i < v->u.list.len; i++)
			items[i] = taint(ev, v->u.list.items[i]);
		return value_list(ev->arena, items, v->u.list.len, v->origin);
	}
	case VAL_MAP: {
		vmap *m = vmap_copy(ev->arena, v->u.map);
		for (uint32_t i = 0; i < m->len; i++)
			m->vals[i] = taint(ev, m->vals[i]);
		value *c = value_map(ev->arena, m, v->origin);
		c->name = v->name;
		return c;
	}
	default:
		return v;
	}
}

static value *call_builtin(
	eval_ctx *ev, const builtin *bi, const ast_node *e, value **args, uint32_t n)
{
	const ast_list *argl = &e->u.call.args;
	if ((int)n < bi->min_args || (bi->max_args >= 0 && (int)n > bi->max_args)) {
		eval_error(ev, e->span, "E0207", "'%s' takes %s%d argument%s, %u given", bi->name,
			bi->max_args < 0                     ? "at least " :
				bi->min_args != bi->max_args ? "up to " :
							       "",
			bi->max_args < 0 ? bi->min_args : bi->max_args,
			(bi->max_args < 0 ? bi->min_args : bi->max_args) == 1 ? "" : "s",
			(unsigned)n);
		if (!ev->quiet)
			diag_add_hint(ev->diags, ev->last, "%s", bi->signature);
		return NULL;
	}
	if (!(bi->flags & BUILTIN_SEES_UNKNOWN)) {
		value *u = first_unknown(args, n);
		if (u)
			return value_unknown(
				ev->arena, u->u.unknown.producer, u->u.unknown.path, e->span);
	}
	int secret = !(bi->flags & BUILTIN_SEES_SECRET) && any_secret(args, n);
	value **plain = args;
	if (secret) {
		/* Builtins see secrets as strings; the result is secret again. */
		plain = arena_alloc_array(ev->arena, n, sizeof(value *));
		for (uint32_t i = 0; i < n; i++) {
			plain[i] = args[i];
			if (args[i]->kind == VAL_SECRET) {
				plain[i] = value_with_origin(ev->arena, args[i], args[i]->origin);
				plain[i]->kind = VAL_STRING;
			}
		}
	}
	builtin_call c = { ev, ev->arena, e->span, argl->items, plain, n, ev->component_path };
	diagnostic *before = ev->last;
	value *r = bi->fn(&c);
	if (r && secret)
		r = taint(ev, r);
	if (!r && secret && !ev->quiet && ev->last && ev->last != before &&
		strcmp(bi->name, "fail") != 0) {
		/* The builtin's message may quote its input (a decoder showing
		 * where parsing failed): with a secret among the arguments, say
		 * only that it failed. */
		ev->last->message = arena_printf(ev->diags->arena,
			"'%s' failed on a secret argument (details hidden: "
			"they would reveal the secret)",
			bi->name);
		ev->last->hint_count = 0;
		ev->last->note_count = 0;
	}
	return r;
}

static value *call_user(eval_ctx *ev, value *fn, const ast_node *e, value **args, uint32_t n)
{
	const ast_node *decl = fn->u.decl;
	const ast_list *params = &decl->u.decl.params;
	scope *env = (scope *)fn->u.env;
	if (n > params->len) {
		return eval_error(ev, e->span, "E0207", "'%s' takes %u argument%s, %u given",
			fn->name, (unsigned)params->len, params->len == 1 ? "" : "s", (unsigned)n);
	}
	if (!eval_enter(ev, e->span))
		return NULL;
	scope *call = scope_new_sized(ev, env, params->len);
	value *res = NULL;
	for (uint32_t i = 0; i < params->len; i++) {
		const ast_node *p = params->items[i];
		value *v;
		if (i < n) {
			v = args[i];
		} else if (p->u.binding.value) {
			v = eval_expr(ev, call, p->u.binding.value);
		} else {
			eval_error(ev, e->span, "E0207", "missing argument '%s' of '%s'",
				p->u.binding.name.name, fn->name);
			if (!ev->quiet)
				diag_add_note(
					ev->diags, ev->last, p->span, "parameter declared here");
			goto done;
		}
		if (!v)
			goto done;
		vpath path = { NULL, VPATH_ARG, p->u.binding.name.name, fn->name, 0 };
		v = conform_at(ev, env, p->u.binding.type, v, &path);
		if (!v)
			goto done;
		scope_local(call, p->u.binding.name.name, v, p->u.binding.name.span);
	}
	res = eval_expr(ev, call, decl->u.decl.body);
	/* Whoever uses the result will want to see the call, not the body
	 * of the function, when it is wrong. */
	if (res)
		res = value_with_origin(ev->arena, res, e->span);
	if (res && decl->u.decl.result) {
		vpath path = { NULL, VPATH_RESULT, fn->name, NULL, 0 };
		res = conform_at(ev, env, decl->u.decl.result, res, &path);
	}
done:
	eval_leave(ev);
	return res;
}

/* The arguments of call e, each evaluated (all of them, so that each
 * error is reported); NULL if one failed. */
static value **eval_args(eval_ctx *ev, scope *s, const ast_node *e)
{
	const ast_list *argl = &e->u.call.args;
	value **args = arena_alloc_array(ev->arena, argl->len ? argl->len : 1, sizeof(value *));
	int ok = 1;
	for (uint32_t i = 0; i < argl->len; i++) {
		args[i] = eval_expr(ev, s, argl->items[i]);
		if (!args[i])
			ok = 0;
	}
	return ok ? args : NULL;
}

value *eval_call(eval_ctx *ev, scope *s, const ast_node *e)
{
	uint32_t n = e->u.call.args.len;
	/* A builtin called by name (len, merge, is_null: most calls) needs
	 * no function value made for it first. */
	const ast_node *ce = e->u.call.callee;
	if (ce->kind == AST_IDENT) {
		const builtin *bi;
		if (!scope_lookup_ident(s, ce, &bi) && bi) {
			value **args = eval_args(ev, s, e);
			return args ? call_builtin(ev, bi, e, args, n) : NULL;
		}
	}
	value *callee = eval_expr(ev, s, ce);
	value **args = eval_args(ev, s, e);
	if (!callee || !args)
		return NULL;
	if (callee->kind != VAL_FUNC)
		return eval_error(ev, ce->span, "E0207",
			"cannot call this %s: it is not a function", value_type_name(callee));
	if (!callee->u.env)
		return call_builtin(ev, callee->u.decl, e, args, n);
	return call_user(ev, callee, e, args, n);
}

/* eval_ops.c - arithmetic, comparison, concatenation and interpolation.
 *
 * Integers are 64-bit and never wrap: an overflow is an error (E0301).
 * int op int stays int (division truncates toward zero); a float on
 * either side makes the result a float. `+` also joins strings and
 * lists. An unknown-after-apply operand makes the result unknown (same
 * producer); a secret string operand makes a string result secret.
 * Strings with interpolation ("${x}") are evaluated here too, by the
 * same rules.
 */
#include <math.h>
#include <string.h>

#include "eval_internal.h"

value *first_unknown(value *const *vs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (vs[i]->kind == VAL_UNKNOWN)
			return vs[i];
	return NULL;
}

int any_secret(value *const *vs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (vs[i]->kind == VAL_SECRET)
			return 1;
	return 0;
}

static int is_num(const value *v)
{
	return v->kind == VAL_INT || v->kind == VAL_FLOAT;
}

static double num(const value *v)
{
	return v->kind == VAL_INT ? (double)v->u.integer : v->u.number;
}

value *eval_unary(eval_ctx *ev, const ast_node *e, value *x)
{
	if (x->kind == VAL_UNKNOWN)
		return value_unknown(ev->arena, x->u.unknown.producer, x->u.unknown.path, e->span);
	if (e->u.unary.op == OP_NOT) {
		if (x->kind != VAL_BOOL)
			return eval_error(ev, e->u.unary.operand->span, "E0308",
				"'!' needs a bool, found %s", value_type_name(x));
		return value_bool(ev->arena, !x->u.boolean, e->span);
	}
	if (x->kind == VAL_INT) {
		if (x->u.integer == INT64_MIN)
			return eval_error(ev, e->span, "E0301", "integer overflow in negation");
		return value_int(ev->arena, -x->u.integer, e->span);
	}
	if (x->kind == VAL_FLOAT)
		return value_float(ev->arena, -x->u.number, e->span);
	return eval_error(ev, e->u.unary.operand->span, "E0308", "'-' needs a number, found %s",
		value_type_name(x));
}

static value *type_error(eval_ctx *ev, const ast_node *e, ast_op op, value *l, value *r)
{
	eval_error(ev, e->span, "E0308", "'%s' cannot combine %s and %s", ast_op_text(op),
		value_type_name(l), value_type_name(r));
	if (!ev->quiet && op == OP_ADD && (l->kind == VAL_STRING || r->kind == VAL_STRING))
		diag_add_hint(ev->diags, ev->last,
			"build text with interpolation: \"${a}${b}\" converts numbers");
	return NULL;
}

static value *concat(eval_ctx *ev, const ast_node *e, value *l, value *r)
{
	if ((l->kind == VAL_STRING || l->kind == VAL_SECRET) &&
		(r->kind == VAL_STRING || r->kind == VAL_SECRET)) {
		size_t len = l->u.str.len + r->u.str.len;
		if (len > EVAL_MAX_STRING)
			return eval_error(ev, e->span, "E0304", "string longer than %u bytes",
				EVAL_MAX_STRING);
		strbuf sb = STRBUF_INIT;
		strbuf_add(&sb, l->u.str.ptr, l->u.str.len);
		strbuf_add(&sb, r->u.str.ptr, r->u.str.len);
		value *v = (l->kind == VAL_SECRET || r->kind == VAL_SECRET) ?
			value_secret(ev->arena, sb.buf, sb.len, e->span) :
			value_string(ev->arena, sb.buf, sb.len, e->span);
		strbuf_release(&sb);
		return v;
	}
	if (l->kind == VAL_LIST && r->kind == VAL_LIST) {
		uint64_t n = (uint64_t)l->u.list.len + r->u.list.len;
		if (n > EVAL_MAX_LIST)
			return eval_error(ev, e->span, "E0304", "list longer than %u elements",
				EVAL_MAX_LIST);
		value **items = arena_alloc_array(ev->arena, n ? n : 1, sizeof(value *));
		if (l->u.list.len)
			memcpy(items, l->u.list.items, l->u.list.len * sizeof(value *));
		if (r->u.list.len)
			memcpy(items + l->u.list.len, r->u.list.items,
				r->u.list.len * sizeof(value *));
		return value_list(ev->arena, items, (uint32_t)n, e->span);
	}
	return NULL; /* not reached: eval_binary checked the kinds */
}

static value *arith(eval_ctx *ev, const ast_node *e, ast_op op, value *l, value *r)
{
	if (l->kind == VAL_INT && r->kind == VAL_INT) {
		int64_t a = l->u.integer, b = r->u.integer, res = 0;
		int over = 0;
		switch (op) {
		case OP_ADD:
			over = __builtin_add_overflow(a, b, &res);
			break;
		case OP_SUB:
			over = __builtin_sub_overflow(a, b, &res);
			break;
		case OP_MUL:
			over = __builtin_mul_overflow(a, b, &res);
			break;
		case OP_DIV:
		case OP_MOD:
			if (b == 0)
				return eval_error(
					ev, e->u.binary.rhs->span, "E0302", "division by zero");
			if (a == INT64_MIN && b == -1) {
				over = 1;
				break;
			}
			res = op == OP_DIV ? a / b : a % b;
			break;
		default:
			break;
		}
		if (over)
			return eval_error(ev, e->span, "E0301",
				"integer overflow: %lld %s %lld does not fit in 64 bits",
				(long long)a, ast_op_text(op), (long long)b);
		return value_int(ev->arena, res, e->span);
	}
	if (op == OP_MOD)
		return eval_error(ev, e->span, "E0308", "'%%' needs two ints, found %s and %s",
			value_type_name(l), value_type_name(r));
	double a = num(l), b = num(r), res = 0;
	switch (op) {
	case OP_ADD:
		res = a + b;
		break;
	case OP_SUB:
		res = a - b;
		break;
	case OP_MUL:
		res = a * b;
		break;
	case OP_DIV:
		if (b == 0)
			return eval_error(ev, e->u.binary.rhs->span, "E0302", "division by zero");
		res = a / b;
		break;
	default:
		break;
	}
	if (!isfinite(res))
		return eval_error(ev, e->span, "E0301", "float overflow: the result is not finite");
	return value_float(ev->arena, res, e->span);
}

static value *compare(eval_ctx *ev, const ast_node *e, ast_op op, value *l, value *r)
{
	int c;
	if (is_num(l) && is_num(r))
		c = value_compare(l, r);
	else if (l->kind == VAL_STRING && r->kind == VAL_STRING)
		c = value_compare(l, r);
	else
		return type_error(ev, e, op, l, r);
	int res = op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 : op == OP_GT ? c > 0 : c >= 0;
	return value_bool(ev->arena, res, e->span);
}

value *eval_binary(eval_ctx *ev, const ast_node *e, ast_op op, value *l, value *r)
{
	value *both[2] = { l, r };
	value *u = first_unknown(both, 2);
	if (u)
		return value_unknown(ev->arena, u->u.unknown.producer, u->u.unknown.path, e->span);
	switch (op) {
	case OP_EQ:
	case OP_NE: {
		if (l->kind == VAL_SECRET || r->kind == VAL_SECRET) {
			eval_error(ev, e->span, "E0308", "secrets cannot be compared");
			if (!ev->quiet)
				diag_add_hint(ev->diags, ev->last,
					"a comparison would reveal something about the secret");
			return NULL;
		}
		int eq = value_equal(l, r);
		return value_bool(ev->arena, op == OP_EQ ? eq : !eq, e->span);
	}
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		return compare(ev, e, op, l, r);
	case OP_ADD: {
		if (is_num(l) && is_num(r))
			return arith(ev, e, op, l, r);
		int strs = (l->kind == VAL_STRING || l->kind == VAL_SECRET) &&
			(r->kind == VAL_STRING || r->kind == VAL_SECRET);
		if (strs || (l->kind == VAL_LIST && r->kind == VAL_LIST))
			return concat(ev, e, l, r);
		return type_error(ev, e, op, l, r);
	}
	case OP_SUB:
	case OP_MUL:
	case OP_DIV:
	case OP_MOD:
		if (is_num(l) && is_num(r))
			return arith(ev, e, op, l, r);
		return type_error(ev, e, op, l, r);
	default:
		return type_error(ev, e, op, l, r);
	}
}

/* ---- literals -----------------------------------------------------------------
 * A literal is the same value every time it is evaluated, and values never
 * change once made; so each literal's value is made once per evaluation,
 * in the home arena, and remembered in its syntax node. A component then
 * neither builds it again nor copies it out of its region (value_copy.c
 * shares what lives at home): "apps/v1", 8080, true. The node names its
 * eval_ctx: the tree and the evaluation share the program's arena, so
 * the value lives as long as the node. */
static value *literal_cached(eval_ctx *ev, const ast_value_cache *c)
{
	return c->owner == ev ? c->value : NULL;
}

static value *literal_keep(eval_ctx *ev, const ast_value_cache *c, value *v)
{
	ast_value_cache *w = (ast_value_cache *)c;
	w->owner = ev;
	w->value = v;
	return v;
}

/* Where literal e keeps its value. */
static const ast_value_cache *literal_cache(const ast_node *e)
{
	switch (e->kind) {
	case AST_INT:
		return &e->u.int_lit.cache;
	case AST_FLOAT:
		return &e->u.float_lit.cache;
	case AST_BOOL:
		return &e->u.bool_lit.cache;
	default:
		return &e->u.null_lit.cache;
	}
}

value *eval_literal(eval_ctx *ev, const ast_node *e)
{
	const ast_value_cache *c = literal_cache(e);
	value *v = literal_cached(ev, c);
	if (v)
		return v;
	switch (e->kind) {
	case AST_INT:
		v = value_int(ev->home, e->u.int_lit.value, e->span);
		break;
	case AST_FLOAT:
		v = value_float(ev->home, e->u.float_lit.value, e->span);
		break;
	case AST_BOOL:
		v = value_bool(ev->home, e->u.bool_lit.value, e->span);
		break;
	default:
		v = value_null(ev->home, e->span);
		break;
	}
	return literal_keep(ev, c, v);
}

value *eval_string_literal(eval_ctx *ev, const ast_node *e, const char *text, size_t len)
{
	value *v = literal_cached(ev, &e->u.string.cache);
	return v ?
		v :
		literal_keep(ev, &e->u.string.cache, value_string_of(ev->home, text, len, e->span));
}

/* ---- strings ------------------------------------------------------------ */

value *eval_string(eval_ctx *ev, scope *s, const ast_node *e)
{
	const ast_list *parts = &e->u.string.parts;
	/* A literal without interpolation is its text in the syntax tree,
	 * which lives as long as the program: nothing to build or copy, and
	 * a component's copy (value_copy.c) shares it too. */
	if (parts->len == 1 && parts->items[0]->kind == AST_STR_TEXT) {
		const ast_node *t = parts->items[0];
		return eval_string_literal(ev, e, t->u.str_text.text, t->u.str_text.len);
	}
	if (parts->len == 0)
		return eval_string_literal(ev, e, "", 0);
	strbuf own = STRBUF_INIT;
	strbuf *sb = ev->text_busy ? &own : &ev->text;
	ev->text_busy = 1;
	strbuf_reset(sb);
	int secret = 0;
	value *unknown = NULL;
	int ok = 1;
	for (uint32_t i = 0; i < parts->len && ok; i++) {
		const ast_node *p = parts->items[i];
		if (p->kind == AST_STR_TEXT) {
			strbuf_add(sb, p->u.str_text.text, p->u.str_text.len);
			continue;
		}
		value *v = eval_expr(ev, s, p);
		if (!v) {
			ok = 0;
			break;
		}
		if (v->kind == VAL_UNKNOWN) {
			if (!unknown)
				unknown = v;
			continue;
		}
		if (v->kind == VAL_SECRET)
			secret = 1;
		if (!value_to_text(v, sb)) {
			eval_error(ev, p->span, "E0306", "cannot interpolate %s into a string",
				value_type_name(v));
			if (!ev->quiet)
				diag_add_hint(ev->diags, ev->last,
					v->kind == VAL_LIST ?
						"join(list, \", \") or json_encode(list) "
						"turn a list into text" :
						"json_encode(value) turns it into text");
			ok = 0;
		}
		if (sb->len > EVAL_MAX_STRING) {
			eval_error(ev, e->span, "E0304", "string longer than %u bytes",
				EVAL_MAX_STRING);
			ok = 0;
		}
	}
	value *res = NULL;
	if (ok && unknown)
		res = value_unknown(
			ev->arena, unknown->u.unknown.producer, unknown->u.unknown.path, e->span);
	else if (ok)
		res = secret ? value_secret(ev->arena, sb->buf, sb->len, e->span) :
			       value_string(ev->arena, sb->buf, sb->len, e->span);
	if (sb == &ev->text)
		ev->text_busy = 0;
	strbuf_release(&own);
	return res;
}

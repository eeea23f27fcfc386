/* format_expr.c - the tokens of each node for the formatter (format.c).
 *
 * Part of `stackc fmt`, at the end of the syntax stage. format.c owns the
 * layout: where lines break, indentation, blank lines, comments, and
 * whether a bracketed construct is printed on one line or expanded. This
 * file owns what is printed for each kind of node: declarations and
 * members, expressions, literals and types, with fixed spacing around
 * every token. It never starts a line itself; everything that holds items
 * (bodies, lists, maps, argument and parameter lists) goes back through
 * fmt_block() or fmt_parens(), which print each item with fmt_item().
 *
 * Literal tokens (numbers, strings, regular expressions) are copied from
 * the source text byte for byte, never re-spelled from their values.
 */
#include <stdint.h>

#include "ast.h"
#include "format_internal.h"

static void fmt_expr(fmt_ctx *c, const ast_node *n);

/* ---- declarations and members --------------------------------------------- */

/* A parameter inside `fn f(...)` or `stack s(...)`: no keyword. */
static void fmt_param(fmt_ctx *c, const ast_node *n)
{
	fmt_put_ident(c, &n->u.binding.name);
	fmt_put_str(c, ": ");
	fmt_expr(c, n->u.binding.type);
	if (n->u.binding.value) {
		fmt_put_str(c, " = ");
		fmt_expr(c, n->u.binding.value);
	}
}

/* `[keyword ]name[?][: type][ = value]` */
static void fmt_binding(fmt_ctx *c, const char *keyword, const ast_node *n)
{
	if (keyword) {
		fmt_put_str(c, keyword);
		fmt_put_str(c, " ");
	}
	if (n->u.binding.key)
		fmt_expr(c, n->u.binding.key);
	else
		fmt_put_ident(c, &n->u.binding.name);
	if (n->u.binding.optional)
		fmt_put_str(c, "?");
	if (n->u.binding.type) {
		fmt_put_str(c, ": ");
		fmt_expr(c, n->u.binding.type);
	}
	if (n->u.binding.value) {
		fmt_put_str(c, " = ");
		fmt_expr(c, n->u.binding.value);
	}
}

/* Print any item: a declaration, member or entry, or an expression (list
 * element, argument). */
void fmt_item(fmt_ctx *c, const ast_node *n)
{
	switch (n->kind) {
	case AST_IMPORT:
		fmt_put_str(c, "import ");
		fmt_expr(c, n->u.import.path);
		if (n->u.import.has_alias) {
			fmt_put_str(c, " as ");
			fmt_put_ident(c, &n->u.import.alias);
		}
		break;
	case AST_LET:
		fmt_binding(c, "let", n);
		break;
	case AST_PARAM:
		fmt_binding(c, "param", n);
		break;
	case AST_OUTPUT:
		fmt_binding(c, "output", n);
		break;
	case AST_FIELD_DECL:
	case AST_ASSIGN:
		fmt_binding(c, NULL, n);
		break;
	case AST_TYPE_DECL:
		fmt_put_str(c, "type ");
		fmt_put_ident(c, &n->u.binding.name);
		fmt_put_str(c, " = ");
		fmt_expr(c, n->u.binding.type);
		break;
	case AST_CHECK:
		fmt_put_str(c, "check ");
		fmt_expr(c, n->u.check.cond);
		fmt_put_str(c, ", ");
		fmt_expr(c, n->u.check.message);
		break;
	case AST_SCHEMA:
		fmt_put_str(c, "schema ");
		fmt_put_ident(c, &n->u.decl.name);
		fmt_put_str(c, " ");
		fmt_block(c, n, &n->u.decl.members, STYLE_BODY, fmt_item);
		break;
	case AST_ENV:
		fmt_put_str(c, "env ");
		fmt_put_ident(c, &n->u.decl.name);
		fmt_put_str(c, " ");
		fmt_block(c, n, &n->u.decl.members, STYLE_BODY, fmt_item);
		break;
	case AST_STACK:
		fmt_put_str(c, "stack ");
		fmt_put_ident(c, &n->u.decl.name);
		if (n->u.decl.has_params)
			fmt_parens(c, n, fmt_param);
		fmt_put_str(c, " ");
		fmt_block(c, n, &n->u.decl.members, STYLE_BODY, fmt_item);
		break;
	case AST_FN:
		fmt_put_str(c, "fn ");
		fmt_put_ident(c, &n->u.decl.name);
		fmt_parens(c, n, fmt_param);
		if (n->u.decl.result) {
			fmt_put_str(c, ": ");
			fmt_expr(c, n->u.decl.result);
		}
		fmt_put_str(c, " = ");
		fmt_expr(c, n->u.decl.body);
		break;
	case AST_COMPONENT:
		fmt_put_str(c, "component ");
		fmt_put_ident(c, &n->u.component.name);
		if (n->u.component.kind) {
			fmt_put_str(c, ": ");
			fmt_expr(c, n->u.component.kind);
			fmt_put_str(c, " ");
			fmt_block(c, n, &n->u.component.body, STYLE_BODY, fmt_item);
		} else {
			fmt_put_str(c, " = ");
			fmt_expr(c, n->u.component.value);
		}
		break;
	default:
		fmt_expr(c, n);
		break;
	}
}

/* ---- expressions and types ------------------------------------------------- */

/* The `/.../` token of a string(/re/) type, found in the source: the
 * slash after the '(' up to the first unescaped slash (the scanner's own
 * rule, lexer.l). */
static void fmt_regex(fmt_ctx *c, const ast_node *n)
{
	uint32_t paren = fmt_find_char(c, n->u.type_regex.base.span.end, '(');
	uint32_t start = fmt_find_char(c, paren + 1, '/');
	uint32_t end = start + 1;
	while (end < n->span.end) {
		if (c->text[end] == '\\')
			end += 2;
		else if (c->text[end++] == '/')
			break;
	}
	if (end > n->span.end)
		end = n->span.end;
	fmt_put_ident(c, &n->u.type_regex.base);
	fmt_put_str(c, "(");
	fmt_put_source(c, start, end);
	fmt_put_str(c, ")");
}

static void fmt_comprehension(fmt_ctx *c, const ast_node *n)
{
	int map = n->kind == AST_FOR_MAP;
	fmt_put_str(c, map ? "{for " : "[for ");
	if (n->u.comp.key_var.len) {
		fmt_put_ident(c, &n->u.comp.key_var);
		fmt_put_str(c, ", ");
	}
	fmt_put_ident(c, &n->u.comp.value_var);
	fmt_put_str(c, " in ");
	fmt_expr(c, n->u.comp.collection);
	fmt_put_str(c, " : ");
	if (map) {
		fmt_expr(c, n->u.comp.key);
		fmt_put_str(c, " => ");
	}
	fmt_expr(c, n->u.comp.value);
	if (n->u.comp.cond) {
		fmt_put_str(c, " if ");
		fmt_expr(c, n->u.comp.cond);
	}
	fmt_put_str(c, map ? "}" : "]");
}

static void fmt_separated(fmt_ctx *c, const ast_list *l, const char *sep)
{
	for (uint32_t i = 0; i < l->len; i++) {
		if (i)
			fmt_put_str(c, sep);
		fmt_expr(c, l->items[i]);
	}
}

static void fmt_expr(fmt_ctx *c, const ast_node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case AST_INT:
	case AST_FLOAT:
		fmt_put_source(c, n->span.start, n->span.end);
		break;
	case AST_BOOL:
		fmt_put_str(c, n->u.bool_lit.value ? "true" : "false");
		break;
	case AST_NULL:
		fmt_put_str(c, "null");
		break;
	case AST_STRING:
		fmt_put_string(c, n);
		break;
	case AST_IDENT:
		fmt_put_ident(c, &n->u.ident);
		break;
	case AST_LIST:
		fmt_block(c, n, &n->u.list.items, STYLE_LIST, fmt_item);
		break;
	case AST_MAP:
		fmt_block(c, n, &n->u.list.items, STYLE_MAP, fmt_item);
		break;
	case AST_MAP_ENTRY:
		fmt_expr(c, n->u.entry.key);
		fmt_put_str(c, ": ");
		fmt_expr(c, n->u.entry.value);
		break;
	case AST_FOR_LIST:
	case AST_FOR_MAP:
		fmt_comprehension(c, n);
		break;
	case AST_UNARY:
		fmt_put_str(c, ast_op_text(n->u.unary.op));
		/* `- -x`, not `--x`, which reads like a decrement. */
		if (n->u.unary.op == OP_NEG && n->u.unary.operand->kind == AST_UNARY &&
			n->u.unary.operand->u.unary.op == OP_NEG)
			fmt_put_str(c, " ");
		fmt_expr(c, n->u.unary.operand);
		break;
	case AST_BINARY:
		fmt_expr(c, n->u.binary.lhs);
		fmt_put_str(c, " ");
		fmt_put_str(c, ast_op_text(n->u.binary.op));
		fmt_put_str(c, " ");
		fmt_expr(c, n->u.binary.rhs);
		break;
	case AST_TERNARY:
		fmt_expr(c, n->u.ternary.cond);
		fmt_put_str(c, " ? ");
		fmt_expr(c, n->u.ternary.then);
		fmt_put_str(c, " : ");
		fmt_expr(c, n->u.ternary.other);
		break;
	case AST_SELECT:
		fmt_expr(c, n->u.select.object);
		fmt_put_str(c, ".");
		fmt_put_ident(c, &n->u.select.name);
		break;
	case AST_INDEX:
		fmt_expr(c, n->u.index.object);
		fmt_put_str(c, "[");
		fmt_expr(c, n->u.index.index);
		fmt_put_str(c, "]");
		break;
	case AST_CALL:
		fmt_expr(c, n->u.call.callee);
		fmt_parens(c, n, fmt_item);
		break;
	case AST_AMEND:
		fmt_expr(c, n->u.amend.base);
		fmt_put_str(c, " ");
		fmt_block(c, n, &n->u.amend.body, STYLE_BODY, fmt_item);
		break;
	case AST_PAREN:
	case AST_TYPE_PAREN:
		fmt_put_str(c, "(");
		fmt_expr(c, n->u.paren.inner);
		fmt_put_str(c, ")");
		break;
	case AST_TYPE_OPTIONAL:
		fmt_expr(c, n->u.paren.inner);
		fmt_put_str(c, "?");
		break;
	case AST_TYPE_NAME:
		fmt_expr(c, n->u.type_name.name);
		break;
	case AST_TYPE_GENERIC:
		fmt_put_ident(c, &n->u.type_generic.name);
		fmt_put_str(c, "[");
		fmt_separated(c, &n->u.type_generic.args, ", ");
		fmt_put_str(c, "]");
		break;
	case AST_TYPE_UNION:
		fmt_separated(c, &n->u.type_union.members, " | ");
		break;
	case AST_TYPE_LITERAL:
		fmt_expr(c, n->u.type_literal.value);
		break;
	case AST_TYPE_RANGE:
		fmt_put_ident(c, &n->u.type_range.base);
		fmt_put_str(c, "(");
		fmt_expr(c, n->u.type_range.lo);
		fmt_put_str(c, "..");
		fmt_expr(c, n->u.type_range.hi);
		fmt_put_str(c, ")");
		break;
	case AST_TYPE_REGEX:
		fmt_regex(c, n);
		break;
	default:
		/* Declarations reached through an expression slot, and
		 * AST_ERROR: neither happens in a tree without syntax errors. */
		if (n->kind <= AST_ASSIGN)
			fmt_item(c, n);
		else
			fmt_put_source(c, n->span.start, n->span.end);
		break;
	}
}

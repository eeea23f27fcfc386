/* format.c - print a syntax tree in the canonical layout (see format.h).
 *
 * Sits beside the parser at the end of the syntax stage and is used by
 * `stackc fmt`. It walks the AST and writes tokens with fixed spacing;
 * the only things it takes from the source text are literal tokens
 * (copied byte for byte), comments, and three layout facts: where blank
 * lines were, whether a bracketed construct was written on one line, and
 * where comments sit relative to the nodes.
 *
 * This file owns the layout described below and the entry points; the
 * tokens printed for each kind of node (declarations, expressions,
 * literals, types) are in format_expr.c. The printer state and the
 * functions the two files call across are in format_internal.h.
 *
 * Layout model. Output is a sequence of "items": declarations, members,
 * body entries, map entries, and the elements of expanded lists and
 * argument lists. Each item starts on its own line. Before an item we
 * print the comments that precede it; after it, the comments that follow
 * it on the same source line. A comment anywhere else (inside an
 * expression that is printed on one line) is "hoisted": printed on its own
 * line just before the innermost item that contains it. Every comment is
 * printed exactly once; `done[]` records which ones are out.
 *
 * Line breaks. The scanner treats a line break as a separator only at
 * top level and directly inside `{ }`, after a token that can end an
 * entry (lexer.l). The formatter therefore breaks lines only between
 * items, after an opening bracket and before a closing one; never inside
 * an expression. An expression the user split after an operator is
 * joined onto one line (long lines are not wrapped, as with gofmt).
 *
 * One-line or expanded. A list, map or body that was written on one line
 * and holds no comment stays on one line; otherwise it is expanded, one
 * item per line. Argument and parameter lists are expanded only when the
 * first argument starts on a new line (or a comment sits between the
 * arguments), so `f({` ... `})` keeps hugging its braces. Both rules read
 * the layout the formatter itself produces the same way, which is what
 * makes formatting idempotent.
 */
#include "format.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/xalloc.h"
#include "../source/diag.h"
#include "ast_dump.h"
#include "format_internal.h"
#include "parse.h"

#define FMT_INDENT 2

/* ---- source text queries ---------------------------------------------- */

static size_t comment_count(const fmt_ctx *c)
{
	return c->f->comment_count;
}

static const src_span *comment_span(const fmt_ctx *c, size_t i)
{
	return &c->f->comments[i].span;
}

/* Index of the first comment starting at or after `pos`. */
static size_t first_comment_from(const fmt_ctx *c, uint32_t pos)
{
	size_t lo = 0, hi = comment_count(c);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (comment_span(c, mid)->start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does a comment start in [from, to)? */
static int has_comment_in(const fmt_ctx *c, uint32_t from, uint32_t to)
{
	if (from >= to)
		return 0;
	size_t i = first_comment_from(c, from);
	return i < comment_count(c) && comment_span(c, i)->start < to;
}

static size_t count_newlines(const fmt_ctx *c, uint32_t from, uint32_t to)
{
	size_t n = 0;
	if (to > c->len)
		to = c->len;
	for (uint32_t i = from; i < to; i++)
		n += c->text[i] == '\n';
	return n;
}

static int has_newline(const fmt_ctx *c, uint32_t from, uint32_t to)
{
	if (to > c->len)
		to = c->len;
	return from < to && memchr(c->text + from, '\n', to - from) != NULL;
}

/* Was there an empty line in the source between two items? Only white
 * space and separators can lie between them (comments are printed
 * before we look), so two line breaks mean a line with nothing on it. */
static int gap_has_blank(const fmt_ctx *c, uint32_t from, uint32_t to)
{
	return from < to && count_newlines(c, from, to) >= 2;
}

/* Offset of the first `ch` at or after `pos` that is not inside a
 * comment, or the end of the text. Only used between a node and a bracket
 * that the grammar puts there, where nothing but white space, separators
 * and comments can occur. */
uint32_t fmt_find_char(const fmt_ctx *c, uint32_t pos, char ch)
{
	size_t i = first_comment_from(c, pos);
	while (pos < c->len) {
		if (i < comment_count(c) && comment_span(c, i)->start == pos) {
			pos = comment_span(c, i)->end;
			i++;
			continue;
		}
		if (c->text[pos] == ch)
			return pos;
		pos++;
	}
	return c->len;
}

/* ---- output primitives -------------------------------------------------- */

void fmt_put(fmt_ctx *c, const char *s, size_t n)
{
	if (!n)
		return;
	if (c->bol) {
		strbuf_addchars(c->out, ' ', (size_t)c->indent * FMT_INDENT);
		c->bol = 0;
	}
	strbuf_add(c->out, s, n);
}

void fmt_put_str(fmt_ctx *c, const char *s)
{
	fmt_put(c, s, strlen(s));
}

void fmt_put_ident(fmt_ctx *c, const ast_ident *id)
{
	fmt_put(c, id->name, id->len);
}

/* End the output line. Trailing blanks can only come from our own
 * spacing (tokens, comments and strings never end in one), and are never
 * written. */
static void newline(fmt_ctx *c)
{
	strbuf *o = c->out;
	while (o->len > c->out_start && (o->buf[o->len - 1] == ' ' || o->buf[o->len - 1] == '\t'))
		strbuf_setlen(o, o->len - 1);
	strbuf_addch(o, '\n');
	c->bol = 1;
}

static void ensure_bol(fmt_ctx *c)
{
	if (!c->bol)
		newline(c);
}

/* One empty line, never two, never at the start of the output. */
static void blank_line(fmt_ctx *c)
{
	strbuf *o = c->out;
	ensure_bol(c);
	if (o->len == c->out_start)
		return;
	if (o->len - c->out_start >= 2 && o->buf[o->len - 2] == '\n')
		return;
	strbuf_addch(o, '\n');
}

/* Copy source text verbatim, except that "\r\n" becomes "\n": the
 * output always uses plain line breaks. The string decoder maps "\r\n"
 * to "\n" too (ast.c), so this never changes a string's value. */
void fmt_put_source(fmt_ctx *c, uint32_t from, uint32_t to)
{
	uint32_t run = from;
	for (uint32_t i = from; i < to; i++) {
		if (c->text[i] == '\r' && i + 1 < to && c->text[i + 1] == '\n') {
			fmt_put(c, c->text + run, i - run);
			run = i + 1;
		}
	}
	fmt_put(c, c->text + run, to - run);
}

/* ---- comments ----------------------------------------------------------- */

static int is_trailing_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* Print comment i as written, line by line without trailing blanks. The
 * inner lines of a block comment keep their own indentation: they are
 * copied, not re-indented, so ASCII art and aligned text survive. */
static void put_comment(fmt_ctx *c, size_t i)
{
	const src_span *sp = comment_span(c, i);
	const char *s = c->text + sp->start;
	size_t n = sp->end - sp->start;
	size_t line = 0;

	for (size_t j = 0; j <= n; j++) {
		if (j < n && s[j] != '\n')
			continue;
		size_t e = j;
		while (e > line && is_trailing_blank(s[e - 1]))
			e--;
		fmt_put(c, s + line, e - line);
		if (j < n)
			strbuf_addch(c->out, '\n');
		line = j + 1;
	}
	c->done[i] = 1;
	c->last_end = sp->end;
}

/* Index of the first comment not yet printed. */
static size_t pending(fmt_ctx *c)
{
	while (c->next < comment_count(c) && c->done[c->next])
		c->next++;
	return c->next;
}

/* Print every pending comment that starts before `pos`, each on its own
 * line, keeping one empty line above it if the source had one there. */
static void flush_before(fmt_ctx *c, uint32_t pos)
{
	for (;;) {
		size_t i = pending(c);
		if (i >= comment_count(c) || comment_span(c, i)->start >= pos)
			return;
		ensure_bol(c);
		if (!c->block_start && gap_has_blank(c, c->last_end, comment_span(c, i)->start))
			blank_line(c);
		c->block_start = 0;
		put_comment(c, i);
		newline(c);
	}
}

/* Print the comments that follow the last printed thing on the same
 * source line and start before `limit` (the next item or the closing
 * bracket), after one space. The caller ends the line. */
static void flush_trailing(fmt_ctx *c, uint32_t limit)
{
	for (;;) {
		size_t i = pending(c);
		if (i >= comment_count(c))
			return;
		const src_span *sp = comment_span(c, i);
		if (sp->start >= limit || sp->start < c->last_end)
			return;
		if (memchr(c->text + c->last_end, '\n', sp->start - c->last_end))
			return;
		fmt_put(c, " ", 1);
		put_comment(c, i);
		/* Nothing can follow a line comment on its line. (In the
		 * source something can: a lone '\r' ends a line comment
		 * without ending the line.) */
		if (c->f->comments[i].kind == AST_COMMENT_LINE)
			return;
	}
}

/* Comments inside a string (in an interpolation) are part of the string
 * token, which is copied verbatim: mark them printed. */
void fmt_put_string(fmt_ctx *c, const ast_node *n)
{
	fmt_put_source(c, n->span.start, n->span.end);
	for (size_t i = first_comment_from(c, n->span.start);
		i < comment_count(c) && comment_span(c, i)->start < n->span.end; i++)
		c->done[i] = 1;
}

/* ---- where brackets are ------------------------------------------------- */

/* Offsets of the brackets around a node's block of items ('{' or '['
 * and its closer). Returns 0 for nodes that have no such block. */
static int block_bounds(const fmt_ctx *c, const ast_node *n, uint32_t *open, uint32_t *close)
{
	uint32_t from;
	switch (n->kind) {
	case AST_LIST:
	case AST_MAP:
		*open = n->span.start;
		*close = n->span.end - 1;
		return 1;
	case AST_AMEND:
		from = n->u.amend.base->span.end;
		break;
	case AST_COMPONENT:
		if (!n->u.component.kind)
			return 0;
		from = n->u.component.kind->span.end;
		break;
	case AST_SCHEMA:
	case AST_ENV:
		from = n->u.decl.name.span.end;
		break;
	case AST_STACK:
		from = n->u.decl.name.span.end;
		if (n->u.decl.has_params) {
			/* After the ')' of the parameters, which is found
			 * after the last parameter: a default value may hold
			 * parentheses and braces of its own. */
			const ast_list *l = &n->u.decl.params;
			from = l->len ? l->items[l->len - 1]->span.end :
					fmt_find_char(c, from, '(') + 1;
			from = fmt_find_char(c, from, ')') + 1;
		}
		break;
	default:
		return 0;
	}
	*open = fmt_find_char(c, from, '{');
	*close = n->span.end - 1;
	return *open < *close;
}

/* The parenthesised list of a call, fn or parameterised stack, with the
 * offsets of its parentheses. Returns NULL for other nodes. */
static const ast_list *paren_bounds(
	const fmt_ctx *c, const ast_node *n, uint32_t *open, uint32_t *close)
{
	const ast_list *l;
	uint32_t from;
	switch (n->kind) {
	case AST_CALL:
		l = &n->u.call.args;
		*open = fmt_find_char(c, n->u.call.callee->span.end, '(');
		*close = n->span.end - 1;
		return l;
	case AST_FN:
	case AST_STACK:
		if (!n->u.decl.has_params && n->kind == AST_STACK)
			return NULL;
		l = &n->u.decl.params;
		*open = fmt_find_char(c, n->u.decl.name.span.end, '(');
		from = l->len ? l->items[l->len - 1]->span.end : *open + 1;
		*close = fmt_find_char(c, from, ')');
		return l;
	default:
		return NULL;
	}
}

/* Lists, maps and bodies: expanded unless written on one line without
 * comments (or when the construct always is, like a schema). */
static int block_expanded(const fmt_ctx *c, uint32_t open, uint32_t close, int force)
{
	return force || has_newline(c, open, close) || has_comment_in(c, open + 1, close);
}

/* Argument and parameter lists: expanded when the first item starts on
 * a new line, or when a comment sits between the items. Comments inside
 * an item do not count: they are hoisted or handled by the item's own
 * brackets, as anywhere else. */
static int parens_expanded(const fmt_ctx *c, const ast_list *l, uint32_t open, uint32_t close)
{
	uint32_t from = open + 1;
	if (l->len && has_newline(c, from, l->items[0]->span.start))
		return 1;
	for (uint32_t i = 0; i < l->len; i++) {
		if (has_comment_in(c, from, l->items[i]->span.start))
			return 1;
		from = l->items[i]->span.end;
	}
	return has_comment_in(c, from, close);
}

/* Must the item printer's block for `n` (schema, stack) always expand? */
static int block_forced(const ast_node *n)
{
	return n->kind == AST_SCHEMA || n->kind == AST_STACK;
}

/* ---- hoisting ------------------------------------------------------------ */

typedef struct child_search {
	uint32_t pos;
	const ast_node *found;
} child_search;

static void search_child(child_search *s, const ast_node *n)
{
	if (n && !s->found && n->span.start <= s->pos && s->pos < n->span.end)
		s->found = n;
}

static void search_list(child_search *s, const ast_list *l)
{
	for (uint32_t i = 0; i < l->len && !s->found; i++)
		search_child(s, l->items[i]);
}

/* The child of `n` whose span contains `pos`, or NULL. */
static const ast_node *child_at(const ast_node *n, uint32_t pos)
{
	child_search s = { pos, NULL };
	switch (n->kind) {
	case AST_IMPORT:
		search_child(&s, n->u.import.path);
		break;
	case AST_LET:
	case AST_PARAM:
	case AST_TYPE_DECL:
	case AST_FIELD_DECL:
	case AST_OUTPUT:
	case AST_ASSIGN:
		search_child(&s, n->u.binding.key);
		search_child(&s, n->u.binding.type);
		search_child(&s, n->u.binding.value);
		break;
	case AST_CHECK:
		search_child(&s, n->u.check.cond);
		search_child(&s, n->u.check.message);
		break;
	case AST_FN:
	case AST_SCHEMA:
	case AST_ENV:
	case AST_STACK:
		search_list(&s, &n->u.decl.params);
		search_child(&s, n->u.decl.result);
		search_child(&s, n->u.decl.body);
		search_list(&s, &n->u.decl.members);
		break;
	case AST_COMPONENT:
		search_child(&s, n->u.component.kind);
		search_list(&s, &n->u.component.body);
		search_child(&s, n->u.component.value);
		break;
	case AST_STRING:
		search_list(&s, &n->u.string.parts);
		break;
	case AST_LIST:
	case AST_MAP:
		search_list(&s, &n->u.list.items);
		break;
	case AST_MAP_ENTRY:
		search_child(&s, n->u.entry.key);
		search_child(&s, n->u.entry.value);
		break;
	case AST_FOR_LIST:
	case AST_FOR_MAP:
		search_child(&s, n->u.comp.collection);
		search_child(&s, n->u.comp.key);
		search_child(&s, n->u.comp.value);
		search_child(&s, n->u.comp.cond);
		break;
	case AST_UNARY:
		search_child(&s, n->u.unary.operand);
		break;
	case AST_BINARY:
		search_child(&s, n->u.binary.lhs);
		search_child(&s, n->u.binary.rhs);
		break;
	case AST_TERNARY:
		search_child(&s, n->u.ternary.cond);
		search_child(&s, n->u.ternary.then);
		search_child(&s, n->u.ternary.other);
		break;
	case AST_SELECT:
		search_child(&s, n->u.select.object);
		break;
	case AST_INDEX:
		search_child(&s, n->u.index.object);
		search_child(&s, n->u.index.index);
		break;
	case AST_CALL:
		search_child(&s, n->u.call.callee);
		search_list(&s, &n->u.call.args);
		break;
	case AST_AMEND:
		search_child(&s, n->u.amend.base);
		search_list(&s, &n->u.amend.body);
		break;
	case AST_PAREN:
	case AST_TYPE_PAREN:
	case AST_TYPE_OPTIONAL:
		search_child(&s, n->u.paren.inner);
		break;
	case AST_TYPE_NAME:
		search_child(&s, n->u.type_name.name);
		break;
	case AST_TYPE_GENERIC:
		search_list(&s, &n->u.type_generic.args);
		break;
	case AST_TYPE_UNION:
		search_list(&s, &n->u.type_union.members);
		break;
	case AST_TYPE_LITERAL:
		search_child(&s, n->u.type_literal.value);
		break;
	case AST_TYPE_RANGE:
		search_child(&s, n->u.type_range.lo);
		search_child(&s, n->u.type_range.hi);
		break;
	default:
		break;
	}
	return s.found;
}

/* Will the comment at `pos` (inside item `n`) be printed by a construct
 * nested in `n`, that is, does it lie between the brackets of an
 * expanded list, map, body or argument list, or inside a string? Those
 * constructs treat their contents as items of their own. Walks down the
 * chain of nodes containing `pos`: depth is bounded by the parser. */
static int printed_inside(const fmt_ctx *c, const ast_node *n, uint32_t pos)
{
	for (; n; n = child_at(n, pos)) {
		uint32_t open, close;
		if (n->kind == AST_STRING)
			return 1;
		if (block_bounds(c, n, &open, &close) && open < pos && pos < close)
			return 1; /* a block holding a comment is always expanded */
		const ast_list *l = paren_bounds(c, n, &open, &close);
		if (l && open < pos && pos < close && parens_expanded(c, l, open, close))
			return 1;
	}
	return 0;
}

/* Print, before item `n`, the comments inside it that no nested
 * construct will print: they sit inside an expression that is printed on
 * one line. Moving a comment never changes meaning, since comments are
 * not part of the tree. */
static void hoist_comments(fmt_ctx *c, const ast_node *n)
{
	for (size_t i = first_comment_from(c, n->span.start);
		i < comment_count(c) && comment_span(c, i)->start < n->span.end; i++) {
		if (c->done[i] || printed_inside(c, n, comment_span(c, i)->start))
			continue;
		put_comment(c, i);
		newline(c);
	}
}

/* ---- items and blocks ----------------------------------------------------- */

/* Start item `n` on a line of its own, after the comments before it, with
 * an empty line above if the source had one. */
static void begin_item(fmt_ctx *c, const ast_node *n)
{
	flush_before(c, n->span.start);
	ensure_bol(c);
	if (!c->block_start && gap_has_blank(c, c->last_end, n->span.start))
		blank_line(c);
	c->block_start = 0;
	hoist_comments(c, n);
	c->last_end = n->span.start;
}

/* Finish item `n`: its trailing comments (up to `limit`, where the next
 * item or the closing bracket starts) and the line break. */
static void end_item(fmt_ctx *c, const ast_node *n, uint32_t limit)
{
	if (c->last_end < n->span.end)
		c->last_end = n->span.end;
	flush_trailing(c, limit);
	newline(c);
}

/* Print `items` between the brackets at source offsets `open` and
 * `close`, one-line or expanded. */
static void fmt_items(fmt_ctx *c, const ast_list *items, uint32_t open, uint32_t close,
	fmt_style style, int expanded, fmt_item_fn print)
{
	static const char *const opener[] = { "{", "{", "[", "(" };
	static const char *const closer[] = { "}", "}", "]", ")" };
	int padded = style == STYLE_BODY || style == STYLE_MAP;
	int commas = style == STYLE_LIST || style == STYLE_PARENS;

	fmt_put_str(c, opener[style]);
	if (!expanded) {
		if (padded && items->len)
			fmt_put_str(c, " ");
		for (uint32_t i = 0; i < items->len; i++) {
			if (i)
				fmt_put_str(c, ", ");
			print(c, items->items[i]);
		}
		if (padded && items->len)
			fmt_put_str(c, " ");
		fmt_put_str(c, closer[style]);
		return;
	}

	/* A comment on the line of the opening bracket stays there. */
	c->last_end = open + 1;
	flush_trailing(c, items->len ? items->items[0]->span.start : close);
	newline(c);
	c->indent++;
	c->block_start = 1;
	for (uint32_t i = 0; i < items->len; i++) {
		const ast_node *n = items->items[i];
		begin_item(c, n);
		print(c, n);
		if (commas)
			fmt_put_str(c, ",");
		end_item(c, n, i + 1 < items->len ? items->items[i + 1]->span.start : close);
	}
	flush_before(c, close);
	c->indent--;
	c->block_start = 0;
	ensure_bol(c);
	fmt_put_str(c, closer[style]);
	c->last_end = close + 1;
}

/* A block in braces or brackets belonging to node `n`. */
void fmt_block(
	fmt_ctx *c, const ast_node *n, const ast_list *items, fmt_style style, fmt_item_fn print)
{
	uint32_t open, close;
	if (!block_bounds(c, n, &open, &close)) {
		/* Cannot happen for a tree from parse_file(); keep the text. */
		fmt_put_source(c, n->span.start, n->span.end);
		return;
	}
	int expanded = block_expanded(c, open, close, block_forced(n));
	if (!items->len && !has_comment_in(c, open + 1, close))
		expanded = 0;
	fmt_items(c, items, open, close, style, expanded, print);
}

/* The argument list of a call or the parameter list of a fn or stack. */
void fmt_parens(fmt_ctx *c, const ast_node *n, fmt_item_fn print)
{
	uint32_t open, close;
	const ast_list *l = paren_bounds(c, n, &open, &close);
	if (!l) {
		fmt_put_str(c, "()");
		return;
	}
	fmt_items(c, l, open, close, STYLE_PARENS, parens_expanded(c, l, open, close), print);
}

/* ---- entry points ------------------------------------------------------------ */

int fmt_format(const ast_file *f, strbuf *out)
{
	fmt_ctx c;
	const ast_list *decls = &f->decls;

	memset(&c, 0, sizeof(c));
	c.f = f;
	c.text = f->source->text;
	c.len = f->source->len;
	c.out = out;
	c.out_start = out->len;
	c.bol = 1;
	c.block_start = 1;
	c.done = xcalloc(f->comment_count ? f->comment_count : 1, 1);

	for (uint32_t i = 0; i < decls->len; i++) {
		const ast_node *n = decls->items[i];
		begin_item(&c, n);
		fmt_item(&c, n);
		end_item(&c, n, i + 1 < decls->len ? decls->items[i + 1]->span.start : c.len);
	}
	flush_before(&c, UINT32_MAX);

	/* Exactly one line break at the end, none for an empty file. */
	while (out->len > c.out_start && out->buf[out->len - 1] == '\n')
		strbuf_setlen(out, out->len - 1);
	if (out->len > c.out_start)
		strbuf_addch(out, '\n');
	xfree(c.done);
	return 0;
}

/* Point at the first line where two dumps differ, for the message. */
static void explain_difference(const strbuf *a, const strbuf *b, strbuf *why)
{
	size_t i = 0, line_start = 0, line = 1;
	while (i < a->len && i < b->len && a->buf[i] == b->buf[i]) {
		if (a->buf[i] == '\n') {
			line_start = i + 1;
			line++;
		}
		i++;
	}
	const char *ea = memchr(a->buf + line_start, '\n', a->len - line_start);
	const char *eb = memchr(b->buf + line_start, '\n', b->len - line_start);
	int la = (int)((ea ? (size_t)(ea - a->buf) : a->len) - line_start);
	int lb = (int)((eb ? (size_t)(eb - b->buf) : b->len) - line_start);
	strbuf_addf(why, "syntax tree differs at dump line %zu: '%.*s' became '%.*s'", line, la,
		a->buf + line_start, lb, b->buf + line_start);
}

static int compare_cstr(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Every comment of `f` as the formatter prints it (lines without trailing
 * blanks), sorted, each followed by '\n\0'. Sorted because hoisting may
 * reorder comments within an item; what must hold is that each one is
 * printed exactly once. */
static void comment_signature(const ast_file *f, strbuf *out)
{
	char **texts = xcalloc(f->comment_count ? f->comment_count : 1, sizeof(*texts));
	for (size_t i = 0; i < f->comment_count; i++) {
		strbuf one = STRBUF_INIT;
		const char *s = f->source->text + f->comments[i].span.start;
		size_t n = f->comments[i].span.end - f->comments[i].span.start;
		size_t line = 0;
		for (size_t j = 0; j <= n; j++) {
			if (j < n && s[j] != '\n')
				continue;
			size_t e = j;
			while (e > line && is_trailing_blank(s[e - 1]))
				e--;
			strbuf_add(&one, s + line, e - line);
			strbuf_addch(&one, '\n');
			line = j + 1;
		}
		texts[i] = strbuf_detach(&one, NULL);
	}
	if (f->comment_count)
		qsort(texts, f->comment_count, sizeof(*texts), compare_cstr);
	for (size_t i = 0; i < f->comment_count; i++) {
		strbuf_add(out, texts[i], strlen(texts[i]) + 1);
		xfree(texts[i]);
	}
	xfree(texts);
}

int fmt_check_roundtrip(const ast_file *orig, const char *formatted, size_t len, strbuf *why)
{
	arena a;
	src_map m;
	diag_list d;
	strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	int rc = 0;

	if (len > SRC_MAX_FILE_SIZE) {
		if (why)
			strbuf_adds(why, "formatted text is too big to check");
		return -1;
	}
	arena_init(&a);
	src_map_init(&m);
	diag_list_init(&d, &a, &m);

	const char *name = orig->source && orig->source->name ? orig->source->name : "<formatted>";
	const src_file *sf = src_map_add(&m, name, formatted, len);
	const ast_file *again = parse_file(&a, sf, &d);
	if (d.errors) {
		if (why) {
			const diagnostic *first = d.len ? d.items[0] : NULL;
			strbuf_addf(why, "formatted text does not parse: %s",
				first ? first->message : "syntax error");
		}
		rc = -1;
		goto done;
	}
	ast_dump(orig, &before, 0);
	ast_dump(again, &after, 0);
	if (before.len != after.len || memcmp(before.buf, after.buf, before.len) != 0) {
		if (why)
			explain_difference(&before, &after, why);
		rc = -1;
		goto done;
	}
	strbuf_reset(&before);
	strbuf_reset(&after);
	comment_signature(orig, &before);
	comment_signature(again, &after);
	if (before.len != after.len || memcmp(before.buf, after.buf, before.len) != 0) {
		if (why)
			strbuf_addf(why, "comments differ: %zu before formatting, %zu after",
				orig->comment_count, again->comment_count);
		rc = -1;
	}
done:
	strbuf_release(&before);
	strbuf_release(&after);
	diag_list_release(&d);
	arena_release(&a);
	src_map_release(&m);
	return rc;
}

/* ast.c - AST nodes and the constructors the grammar uses.
 *
 * Sits between the parser (grammar/parser.y), which calls the ast_new_*
 * constructors, and every later phase, which only reads the tree. The one
 * piece of real work here is finishing string literals: decoding escapes
 * and removing the common indentation of multi-line strings, which can
 * only be done once the whole literal has been seen.
 */
#include "ast.h"

#include <stddef.h>

#include <string.h>

#include "../base/strbuf.h"
#include "ast_build.h"

static const char *const kind_names[AST_KIND_COUNT] = {
	[AST_IMPORT] = "import",
	[AST_LET] = "let",
	[AST_PARAM] = "param",
	[AST_TYPE_DECL] = "type",
	[AST_SCHEMA] = "schema",
	[AST_FIELD_DECL] = "field",
	[AST_CHECK] = "check",
	[AST_FN] = "fn",
	[AST_ENV] = "env",
	[AST_STACK] = "stack",
	[AST_COMPONENT] = "component",
	[AST_OUTPUT] = "output",
	[AST_ASSIGN] = "assign",
	[AST_INT] = "int",
	[AST_FLOAT] = "float",
	[AST_BOOL] = "bool",
	[AST_NULL] = "null",
	[AST_STRING] = "string",
	[AST_STR_TEXT] = "text",
	[AST_IDENT] = "ident",
	[AST_LIST] = "list",
	[AST_MAP] = "map",
	[AST_MAP_ENTRY] = "entry",
	[AST_FOR_LIST] = "for-list",
	[AST_FOR_MAP] = "for-map",
	[AST_UNARY] = "unary",
	[AST_BINARY] = "binary",
	[AST_TERNARY] = "ternary",
	[AST_SELECT] = "select",
	[AST_INDEX] = "index",
	[AST_CALL] = "call",
	[AST_AMEND] = "amend",
	[AST_PAREN] = "paren",
	[AST_TYPE_NAME] = "type-name",
	[AST_TYPE_GENERIC] = "type-generic",
	[AST_TYPE_OPTIONAL] = "type-optional",
	[AST_TYPE_UNION] = "type-union",
	[AST_TYPE_LITERAL] = "type-literal",
	[AST_TYPE_RANGE] = "type-range",
	[AST_TYPE_REGEX] = "type-regex",
	[AST_TYPE_PAREN] = "type-paren",
	[AST_ERROR] = "error",
};

const char *ast_kind_name(ast_kind k)
{
	return (unsigned)k < AST_KIND_COUNT && kind_names[k] ? kind_names[k] : "?";
}

const char *ast_op_text(ast_op op)
{
	switch (op) {
	case OP_NOT:
		return "!";
	case OP_NEG:
		return "-";
	case OP_ADD:
		return "+";
	case OP_SUB:
		return "-";
	case OP_MUL:
		return "*";
	case OP_DIV:
		return "/";
	case OP_MOD:
		return "%";
	case OP_EQ:
		return "==";
	case OP_NE:
		return "!=";
	case OP_LT:
		return "<";
	case OP_LE:
		return "<=";
	case OP_GT:
		return ">";
	case OP_GE:
		return ">=";
	case OP_AND:
		return "&&";
	case OP_OR:
		return "||";
	case OP_COALESCE:
		return "??";
	case OP_NONE:
		break;
	}
	return "?";
}

void ast_list_push(arena *a, ast_list *l, ast_node *n)
{
	if (l->len == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 4;
		l->items = arena_grow_array(a, l->items, l->len, cap, sizeof(*l->items));
		l->cap = cap;
	}
	l->items[l->len++] = n;
}

ast_list ast_list_empty(void)
{
	ast_list l = { NULL, 0, 0 };
	return l;
}

ast_ident ast_ident_none(void)
{
	ast_ident id = { "", 0, { 0, 0, 0 } };
	return id;
}

ast_ident ast_ident_make(arena *a, const char *text, size_t len, src_span span)
{
	ast_ident id;
	id.name = arena_strndup(a, text, len);
	id.len = (uint32_t)len;
	id.span = span;
	return id;
}

/* How much of a node each kind uses: its header and its own member of
 * the union. The union is as big as its biggest member (a declaration,
 * 80 bytes), and most nodes are small (an identifier, a piece of a
 * string, an operator): allocating only what the kind uses took the
 * syntax tree of a 10 000-service platform from 16 MB to about half.
 * A node's kind never changes after it is made, and only the member of
 * its kind is ever read (the ASan build, one allocation per node, holds
 * the code to that). */
#define AST_SIZE(member) (offsetof(ast_node, u) + sizeof(((ast_node *)0)->u.member))

static size_t node_size(ast_kind kind)
{
	switch (kind) {
	case AST_IMPORT:
		return AST_SIZE(import);
	case AST_LET:
	case AST_PARAM:
	case AST_TYPE_DECL:
	case AST_FIELD_DECL:
	case AST_OUTPUT:
	case AST_ASSIGN:
		return AST_SIZE(binding);
	case AST_CHECK:
		return AST_SIZE(check);
	case AST_SCHEMA:
	case AST_FN:
	case AST_ENV:
	case AST_STACK:
		return AST_SIZE(decl);
	case AST_COMPONENT:
		return AST_SIZE(component);
	case AST_INT:
		return AST_SIZE(int_lit);
	case AST_FLOAT:
		return AST_SIZE(float_lit);
	case AST_BOOL:
		return AST_SIZE(bool_lit);
	case AST_STRING:
		return AST_SIZE(string);
	case AST_STR_TEXT:
		return AST_SIZE(str_text);
	case AST_IDENT:
		return AST_SIZE(ident);
	case AST_LIST:
	case AST_MAP:
		return AST_SIZE(list);
	case AST_MAP_ENTRY:
		return AST_SIZE(entry);
	case AST_FOR_LIST:
	case AST_FOR_MAP:
		return AST_SIZE(comp);
	case AST_UNARY:
		return AST_SIZE(unary);
	case AST_BINARY:
		return AST_SIZE(binary);
	case AST_TERNARY:
		return AST_SIZE(ternary);
	case AST_SELECT:
		return AST_SIZE(select);
	case AST_INDEX:
		return AST_SIZE(index);
	case AST_CALL:
		return AST_SIZE(call);
	case AST_AMEND:
		return AST_SIZE(amend);
	case AST_PAREN:
	case AST_TYPE_PAREN:
	case AST_TYPE_OPTIONAL:
		return AST_SIZE(paren);
	case AST_TYPE_NAME:
		return AST_SIZE(type_name);
	case AST_TYPE_GENERIC:
		return AST_SIZE(type_generic);
	case AST_TYPE_UNION:
		return AST_SIZE(type_union);
	case AST_TYPE_LITERAL:
		return AST_SIZE(type_literal);
	case AST_TYPE_RANGE:
		return AST_SIZE(type_range);
	case AST_TYPE_REGEX:
		return AST_SIZE(type_regex);
	case AST_NULL:
		return AST_SIZE(null_lit);
	case AST_ERROR:
	case AST_KIND_COUNT:
		break;
	}
	return sizeof(ast_node);
}

ast_node *ast_new(arena *a, ast_kind kind, src_span span)
{
	ast_node *n = arena_alloc(a, node_size(kind));
	n->kind = kind;
	n->span = span;
	n->depth = 1;
	return n;
}

/* Depth bookkeeping: a node is one deeper than its deepest child. */
static void under(ast_node *parent, const ast_node *child)
{
	if (child && child->depth + 1 > parent->depth)
		parent->depth = child->depth + 1;
}

static void under_list(ast_node *parent, const ast_list *l)
{
	for (uint32_t i = 0; i < l->len; i++)
		under(parent, l->items[i]);
}

ast_node *ast_new_import(arena *a, src_span s, ast_node *path, const ast_ident *alias)
{
	ast_node *n = ast_new(a, AST_IMPORT, s);
	n->u.import.path = path;
	if (alias) {
		n->u.import.alias = *alias;
		n->u.import.has_alias = 1;
	}
	under(n, path);
	return n;
}

ast_node *ast_new_binding(
	arena *a, ast_kind kind, src_span s, ast_ident name, ast_node *type, ast_node *value)
{
	ast_node *n = ast_new(a, kind, s);
	n->u.binding.name = name;
	n->u.binding.type = type;
	n->u.binding.value = value;
	under(n, type);
	under(n, value);
	return n;
}

ast_node *ast_new_block(arena *a, ast_kind kind, src_span s, ast_ident name, ast_list members)
{
	ast_node *n = ast_new(a, kind, s);
	n->u.decl.name = name;
	n->u.decl.members = members;
	under_list(n, &members);
	return n;
}

ast_node *ast_new_fn(
	arena *a, src_span s, ast_ident name, ast_list params, ast_node *result, ast_node *body)
{
	ast_node *n = ast_new(a, AST_FN, s);
	n->u.decl.name = name;
	n->u.decl.params = params;
	n->u.decl.has_params = 1;
	n->u.decl.result = result;
	n->u.decl.body = body;
	under_list(n, &params);
	under(n, result);
	under(n, body);
	return n;
}

ast_node *ast_new_stack(
	arena *a, src_span s, ast_ident name, const ast_list *params, ast_list members)
{
	ast_node *n = ast_new(a, AST_STACK, s);
	n->u.decl.name = name;
	if (params) {
		n->u.decl.params = *params;
		n->u.decl.has_params = 1;
		under_list(n, params);
	}
	n->u.decl.members = members;
	under_list(n, &members);
	return n;
}

ast_node *ast_new_field_decl(
	arena *a, src_span s, ast_ident name, int optional, ast_node *type, ast_node *value)
{
	ast_node *n = ast_new_binding(a, AST_FIELD_DECL, s, name, type, value);
	n->u.binding.optional = optional;
	return n;
}

ast_node *ast_new_check(arena *a, src_span s, ast_node *cond, ast_node *message)
{
	ast_node *n = ast_new(a, AST_CHECK, s);
	n->u.check.cond = cond;
	n->u.check.message = message;
	under(n, cond);
	under(n, message);
	return n;
}

ast_node *ast_new_component(
	arena *a, src_span s, ast_ident name, ast_node *kind, ast_list body, ast_node *value)
{
	ast_node *n = ast_new(a, AST_COMPONENT, s);
	n->u.component.name = name;
	n->u.component.kind = kind;
	n->u.component.body = body;
	n->u.component.value = value;
	under(n, kind);
	under_list(n, &body);
	under(n, value);
	return n;
}

ast_node *ast_new_assign(arena *a, src_span s, ast_ident name, ast_node *key, ast_node *value)
{
	ast_node *n = ast_new(a, AST_ASSIGN, s);
	n->u.binding.name = name;
	n->u.binding.key = key;
	n->u.binding.value = value;
	under(n, key);
	under(n, value);
	return n;
}

ast_node *ast_new_ident(arena *a, ast_ident id)
{
	ast_node *n = ast_new(a, AST_IDENT, id.span);
	n->u.ident = id;
	return n;
}

ast_node *ast_new_select(arena *a, src_span s, ast_node *object, ast_ident name)
{
	ast_node *n = ast_new(a, AST_SELECT, s);
	n->u.select.object = object;
	n->u.select.name = name;
	under(n, object);
	return n;
}

ast_node *ast_new_index(arena *a, src_span s, ast_node *object, ast_node *index)
{
	ast_node *n = ast_new(a, AST_INDEX, s);
	n->u.index.object = object;
	n->u.index.index = index;
	under(n, object);
	under(n, index);
	return n;
}

ast_node *ast_new_call(arena *a, src_span s, ast_node *callee, ast_list args)
{
	ast_node *n = ast_new(a, AST_CALL, s);
	n->u.call.callee = callee;
	n->u.call.args = args;
	under(n, callee);
	under_list(n, &args);
	return n;
}

ast_node *ast_new_amend(arena *a, src_span s, ast_node *base, ast_list body)
{
	ast_node *n = ast_new(a, AST_AMEND, s);
	n->u.amend.base = base;
	n->u.amend.body = body;
	under(n, base);
	under_list(n, &body);
	return n;
}

ast_node *ast_new_unary(arena *a, src_span s, ast_op op, ast_node *operand)
{
	ast_node *n = ast_new(a, AST_UNARY, s);
	n->u.unary.op = op;
	n->u.unary.operand = operand;
	under(n, operand);
	return n;
}

ast_node *ast_new_binary(arena *a, src_span s, ast_op op, ast_node *lhs, ast_node *rhs)
{
	ast_node *n = ast_new(a, AST_BINARY, s);
	n->u.binary.op = op;
	n->u.binary.lhs = lhs;
	n->u.binary.rhs = rhs;
	under(n, lhs);
	under(n, rhs);
	return n;
}

ast_node *ast_new_ternary(arena *a, src_span s, ast_node *cond, ast_node *then, ast_node *other)
{
	ast_node *n = ast_new(a, AST_TERNARY, s);
	n->u.ternary.cond = cond;
	n->u.ternary.then = then;
	n->u.ternary.other = other;
	under(n, cond);
	under(n, then);
	under(n, other);
	return n;
}

ast_node *ast_new_paren(arena *a, ast_kind kind, src_span s, ast_node *inner)
{
	ast_node *n = ast_new(a, kind, s);
	n->u.paren.inner = inner;
	under(n, inner);
	return n;
}

ast_node *ast_new_int(arena *a, src_span s, int64_t value)
{
	ast_node *n = ast_new(a, AST_INT, s);
	n->u.int_lit.value = value;
	return n;
}

ast_node *ast_new_float(arena *a, src_span s, double value)
{
	ast_node *n = ast_new(a, AST_FLOAT, s);
	n->u.float_lit.value = value;
	return n;
}

ast_node *ast_new_bool(arena *a, src_span s, int value)
{
	ast_node *n = ast_new(a, AST_BOOL, s);
	n->u.bool_lit.value = value != 0;
	return n;
}

ast_node *ast_new_list(arena *a, ast_kind kind, src_span s, ast_list items)
{
	ast_node *n = ast_new(a, kind, s);
	n->u.list.items = items;
	under_list(n, &items);
	return n;
}

ast_node *ast_new_map_entry(arena *a, src_span s, ast_node *key, ast_node *value)
{
	ast_node *n = ast_new(a, AST_MAP_ENTRY, s);
	n->u.entry.key = key;
	n->u.entry.value = value;
	under(n, key);
	under(n, value);
	return n;
}

ast_node *ast_new_for(arena *a, src_span s, const ast_ident *key_var, const ast_ident *value_var,
	ast_node *collection, ast_node *key, ast_node *value, ast_node *cond)
{
	ast_node *n = ast_new(a, key ? AST_FOR_MAP : AST_FOR_LIST, s);
	n->u.comp.key_var = key_var ? *key_var : ast_ident_none();
	n->u.comp.value_var = *value_var;
	n->u.comp.collection = collection;
	n->u.comp.key = key;
	n->u.comp.value = value;
	n->u.comp.cond = cond;
	under(n, collection);
	under(n, key);
	under(n, value);
	under(n, cond);
	return n;
}

/* ---- strings ---------------------------------------------------------- */

void ast_string_add_text(arena *a, ast_list *parts, src_span raw)
{
	if (parts->len) {
		ast_node *last = parts->items[parts->len - 1];
		if (last->kind == AST_STR_TEXT && last->span.end == raw.start) {
			last->span.end = raw.end;
			return;
		}
	}
	ast_list_push(a, parts, ast_new(a, AST_STR_TEXT, raw));
}

static void put_utf8(strbuf *out, unsigned long cp)
{
	if (cp < 0x80) {
		strbuf_addch(out, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(out, (char)(0xC0 | (cp >> 6)));
		strbuf_addch(out, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addch(out, (char)(0xE0 | (cp >> 12)));
		strbuf_addch(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(out, (char)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(out, (char)(0xF0 | (cp >> 18)));
		strbuf_addch(out, (char)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addch(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(out, (char)(0x80 | (cp & 0x3F)));
	}
}

/* Decode escapes of raw[0..len) into out. The scanner has already
 * reported invalid escapes; they are kept verbatim here. A "\r\n" line
 * break becomes "\n" so that output never depends on how a file was
 * checked out. */
static void unescape(strbuf *out, const char *raw, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = raw[i];
		if (c == '$' && i + 2 < len && raw[i + 1] == '$' && raw[i + 2] == '{') {
			strbuf_add(out, "${", 2);
			i += 2;
			continue;
		}
		if (c == '\r' && i + 1 < len && raw[i + 1] == '\n')
			continue;
		if (c != '\\' || i + 1 >= len) {
			strbuf_addch(out, c);
			continue;
		}
		char e = raw[++i];
		switch (e) {
		case 'n':
			strbuf_addch(out, '\n');
			break;
		case 't':
			strbuf_addch(out, '\t');
			break;
		case 'r':
			strbuf_addch(out, '\r');
			break;
		case '"':
			strbuf_addch(out, '"');
			break;
		case '\\':
			strbuf_addch(out, '\\');
			break;
		case '$':
			strbuf_addch(out, '$');
			break;
		case 'u':
			if (i + 1 < len && raw[i + 1] == '{') {
				size_t j = i + 2;
				unsigned long cp = 0;
				int digits = 0;
				while (j < len && raw[j] != '}' && digits < 8) {
					char h = raw[j];
					int v = h >= '0' && h <= '9' ? h - '0' :
						h >= 'a' && h <= 'f' ? h - 'a' + 10 :
						h >= 'A' && h <= 'F' ? h - 'A' + 10 :
								       -1;
					if (v < 0)
						break;
					cp = cp * 16 + (unsigned long)v;
					digits++;
					j++;
				}
				if (j < len && raw[j] == '}' && digits >= 1 && digits <= 6 &&
					cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
					put_utf8(out, cp);
					i = j;
					break;
				}
			}
			/* invalid: already reported; keep as written */
			strbuf_addch(out, '\\');
			strbuf_addch(out, e);
			break;
		default:
			strbuf_addch(out, '\\');
			strbuf_addch(out, e);
			break;
		}
	}
}

static void set_text(arena *a, ast_node *part, const strbuf *sb)
{
	part->u.str_text.text = arena_strndup(a, sb->buf, sb->len);
	part->u.str_text.len = sb->len;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Common indentation of a multi-line string's lines: the smallest number
 * of leading blanks (spaces and tabs count one each) over the lines that
 * have content, and over the line of the closing quotes when they stand
 * on a line of their own. Blank lines do not count. `first` is where the
 * content starts in the first text part (after the opening line). */
static size_t common_indent(const src_file *f, const ast_list *parts, size_t first)
{
	size_t best = (size_t)-1;
	int at_line_start = 1;
	for (uint32_t p = 0; p < parts->len; p++) {
		const ast_node *part = parts->items[p];
		if (part->kind != AST_STR_TEXT) {
			at_line_start = 0;
			continue;
		}
		const char *raw = f->text + part->span.start;
		size_t len = part->span.end - part->span.start;
		size_t i = p == 0 ? first : 0;
		while (i < len) {
			if (!at_line_start) {
				const char *nl = memchr(raw + i, '\n', len - i);
				if (!nl)
					break;
				i = (size_t)(nl - raw) + 1;
				at_line_start = 1;
				continue;
			}
			size_t run = 0;
			while (i + run < len && is_blank(raw[i + run]))
				run++;
			size_t j = i + run;
			if (j == len) {
				/* The run reaches the end of this part: either the
				 * closing line, or a line that goes on with ${...}.
				 * Both count. */
				if (run < best)
					best = run;
				at_line_start = 0;
				break;
			}
			if (raw[j] == '\n' ||
				(raw[j] == '\r' && j + 1 < len && raw[j + 1] == '\n')) {
				i = j; /* blank line: ignored */
				at_line_start = 0;
				continue;
			}
			if (run < best)
				best = run;
			i = j;
			at_line_start = 0;
		}
	}
	/* Text ending right after a line break: the closing quotes stand at
	 * the start of their line, an indentation of zero. */
	if (at_line_start && parts->len && parts->items[parts->len - 1]->kind == AST_STR_TEXT)
		best = 0;
	return best == (size_t)-1 ? 0 : best;
}

/* Finish a """...""" literal: drop the opening line, strip the common
 * indentation from every line, and drop the line break before a closing
 * line that holds only blanks and the quotes. */
static void finish_multiline(arena *a, diag_list *d, const src_file *f, ast_node *str)
{
	ast_list *parts = &str->u.string.parts;
	/* The text must start on the line after the opening quotes. */
	size_t first = 0;
	int ok = 0;
	if (parts->len && parts->items[0]->kind == AST_STR_TEXT) {
		const ast_node *p0 = parts->items[0];
		const char *raw = f->text + p0->span.start;
		size_t len = p0->span.end - p0->span.start;
		while (first < len && (is_blank(raw[first]) || raw[first] == '\r'))
			first++;
		if (first < len && raw[first] == '\n') {
			first++;
			ok = 1;
		}
	}
	/* An unterminated literal was already reported by the scanner. */
	uint32_t slen = str->span.end - str->span.start;
	int closed = slen >= 6 && f->text[str->span.end - 1] == '"';
	if (!ok && closed) {
		src_span open = src_span_make(str->span.file, str->span.start, str->span.start + 3);
		diagnostic *e = diag_error(
			d, "E0013", open, "a multi-line string must start on a new line");
		diag_add_hint(d, e, "break the line right after the opening '\"\"\"'");
		first = 0;
	}
	size_t indent = common_indent(f, parts, ok ? first : 0);

	strbuf sb = STRBUF_INIT, line = STRBUF_INIT;
	int at_line_start = 1;
	for (uint32_t p = 0; p < parts->len; p++) {
		ast_node *part = parts->items[p];
		if (part->kind != AST_STR_TEXT) {
			at_line_start = 0;
			continue;
		}
		const char *raw = f->text + part->span.start;
		size_t len = part->span.end - part->span.start;
		size_t i = p == 0 ? first : 0;
		strbuf_reset(&sb);
		while (i < len) {
			if (at_line_start) {
				size_t skip = 0;
				while (skip < indent && i < len && is_blank(raw[i])) {
					i++;
					skip++;
				}
				at_line_start = 0;
				continue;
			}
			const char *nl = memchr(raw + i, '\n', len - i);
			size_t stop = nl ? (size_t)(nl - raw) + 1 : len;
			strbuf_add(&sb, raw + i, stop - i);
			i = stop;
			if (nl)
				at_line_start = 1;
		}
		if (p + 1 == parts->len) {
			/* Closing quotes on their own line: drop that line and the
			 * line break before it. */
			size_t end = sb.len;
			while (end > 0 && is_blank(sb.buf[end - 1]))
				end--;
			if (end > 0 && sb.buf[end - 1] == '\n') {
				end--;
				if (end > 0 && sb.buf[end - 1] == '\r')
					end--;
				strbuf_setlen(&sb, end);
			}
		}
		strbuf_reset(&line);
		unescape(&line, sb.buf, sb.len);
		set_text(a, part, &line);
	}
	strbuf_release(&sb);
	strbuf_release(&line);
}

ast_node *ast_new_string(
	arena *a, diag_list *d, const src_file *f, src_span s, ast_list parts, int multiline)
{
	ast_node *n = ast_new(a, AST_STRING, s);
	n->u.string.parts = parts;
	n->u.string.multiline = multiline;
	under_list(n, &parts);
	if (multiline) {
		finish_multiline(a, d, f, n);
		return n;
	}
	strbuf sb = STRBUF_INIT;
	for (uint32_t i = 0; i < parts.len; i++) {
		ast_node *part = parts.items[i];
		if (part->kind != AST_STR_TEXT)
			continue;
		strbuf_reset(&sb);
		unescape(&sb, f->text + part->span.start, part->span.end - part->span.start);
		set_text(a, part, &sb);
	}
	strbuf_release(&sb);
	return n;
}

/* ---- types ------------------------------------------------------------ */

ast_node *ast_new_union(arena *a, src_span s, ast_list members)
{
	if (members.len == 1)
		return members.items[0];
	ast_node *n = ast_new(a, AST_TYPE_UNION, s);
	n->u.type_union.members = members;
	under_list(n, &members);
	return n;
}

ast_node *ast_new_type_name(arena *a, src_span s, ast_node *name)
{
	ast_node *n = ast_new(a, AST_TYPE_NAME, s);
	n->u.type_name.name = name;
	under(n, name);
	return n;
}

ast_node *ast_new_type_generic(arena *a, src_span s, ast_ident name, ast_node *arg)
{
	ast_node *n = ast_new(a, AST_TYPE_GENERIC, s);
	n->u.type_generic.name = name;
	ast_list_push(a, &n->u.type_generic.args, arg);
	under(n, arg);
	return n;
}

ast_node *ast_new_type_range(arena *a, src_span s, ast_ident base, ast_node *lo, ast_node *hi)
{
	ast_node *n = ast_new(a, AST_TYPE_RANGE, s);
	n->u.type_range.base = base;
	n->u.type_range.lo = lo;
	n->u.type_range.hi = hi;
	under(n, lo);
	under(n, hi);
	return n;
}

ast_node *ast_new_type_regex(
	arena *a, const src_file *f, src_span s, ast_ident base, src_span pattern)
{
	ast_node *n = ast_new(a, AST_TYPE_REGEX, s);
	n->u.type_regex.base = base;
	/* Strip the slashes; an unterminated pattern has no closing one. */
	uint32_t start = pattern.start + 1;
	uint32_t end = pattern.end;
	if (end > start && f->text[end - 1] == '/')
		end--;
	if (end < start)
		end = start;
	n->u.type_regex.pattern = arena_strndup(a, f->text + start, end - start);
	n->u.type_regex.len = end - start;
	return n;
}

ast_node *ast_new_type_literal(arena *a, src_span s, ast_node *value)
{
	ast_node *n = ast_new(a, AST_TYPE_LITERAL, s);
	n->u.type_literal.value = value;
	under(n, value);
	return n;
}

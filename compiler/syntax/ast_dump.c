/* ast_dump.c - textual dump of the syntax tree (see ast_dump.h).
 *
 * Sits at the end of the syntax stage: `stackc parse --dump-ast` prints
 * it, and the formatter compares the meaning-only form of a file before
 * and after formatting. That second use is why the two forms are kept
 * strictly apart: anything that formatting may legitimately change
 * (positions, doc comments, which are comments and move with them) must
 * appear only in the with-spans form, and anything that carries meaning
 * must appear in both. When a field is added to ast_node, add it here
 * too, or the formatter's safety net goes blind to it.
 */
#include "ast_dump.h"

#include <stdint.h>
#include <string.h>

typedef struct dump_ctx {
	const src_file *src;
	strbuf *out;
	int with_spans;
} dump_ctx;

static void dump_node(dump_ctx *c, int depth, const char *role, const ast_node *n);

/* Strings are shown between double quotes with C-like escapes, so that a
 * piece of text can never break the one-node-per-line shape. Bytes of
 * multi-byte UTF-8 sequences are kept as they are: the dump is UTF-8. */
static void dump_escaped(strbuf *out, const char *s, size_t len)
{
	strbuf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '"':
			strbuf_adds(out, "\\\"");
			break;
		case '\\':
			strbuf_adds(out, "\\\\");
			break;
		case '\n':
			strbuf_adds(out, "\\n");
			break;
		case '\t':
			strbuf_adds(out, "\\t");
			break;
		case '\r':
			strbuf_adds(out, "\\r");
			break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				strbuf_addf(out, "\\x%02x", ch);
			else
				strbuf_addch(out, (char)ch);
		}
	}
	strbuf_addch(out, '"');
}

static void dump_ident_attr(dump_ctx *c, const char *attr, const ast_ident *id)
{
	strbuf_addf(c->out, " %s=", attr);
	if (id->len)
		strbuf_add(c->out, id->name, id->len);
	else
		strbuf_adds(c->out, "-");
}

static void dump_pos(dump_ctx *c, uint32_t offset)
{
	uint32_t line = 0, col = 0;
	src_line_col(c->src, offset, &line, &col);
	strbuf_addf(c->out, "%u:%u", (unsigned)line, (unsigned)col);
}

static void dump_span(dump_ctx *c, src_span span)
{
	/* A node built without a location (error recovery may do that)
	 * still gets a marker, so every line of the spans form has one. */
	if (!c->src || span.file == 0) {
		strbuf_adds(c->out, " @-");
		return;
	}
	strbuf_adds(c->out, " @");
	dump_pos(c, span.start);
	strbuf_addch(c->out, '-');
	dump_pos(c, span.end);
}

static void dump_list(dump_ctx *c, int depth, const char *role, const ast_list *l)
{
	for (uint32_t i = 0; i < l->len; i++)
		dump_node(c, depth, role, l->items[i]);
}

/* The attributes that fit on the node's own line: names, operators,
 * literal values and flags. */
static void dump_attrs(dump_ctx *c, const ast_node *n)
{
	strbuf *out = c->out;

	switch (n->kind) {
	case AST_IMPORT:
		if (n->u.import.has_alias)
			dump_ident_attr(c, "alias", &n->u.import.alias);
		break;
	case AST_LET:
	case AST_PARAM:
	case AST_TYPE_DECL:
	case AST_OUTPUT:
	case AST_FIELD_DECL:
	case AST_ASSIGN:
		if (!n->u.binding.key)
			dump_ident_attr(c, "name", &n->u.binding.name);
		if (n->u.binding.optional)
			strbuf_adds(out, " optional");
		break;
	case AST_FN:
	case AST_SCHEMA:
	case AST_ENV:
	case AST_STACK:
		dump_ident_attr(c, "name", &n->u.decl.name);
		if (n->u.decl.has_params)
			strbuf_adds(out, " has_params");
		break;
	case AST_COMPONENT:
		dump_ident_attr(c, "name", &n->u.component.name);
		break;
	case AST_INT:
		strbuf_addf(out, " %lld", (long long)n->u.int_lit.value);
		break;
	case AST_FLOAT:
		/* 17 significant digits identify every double exactly. */
		strbuf_addf(out, " %.17g", n->u.float_lit.value);
		break;
	case AST_BOOL:
		strbuf_adds(out, n->u.bool_lit.value ? " true" : " false");
		break;
	case AST_STRING:
		if (n->u.string.multiline)
			strbuf_adds(out, " multiline");
		break;
	case AST_STR_TEXT:
		strbuf_addch(out, ' ');
		dump_escaped(out, n->u.str_text.text, n->u.str_text.len);
		break;
	case AST_IDENT:
		dump_ident_attr(c, "name", &n->u.ident);
		break;
	case AST_FOR_LIST:
	case AST_FOR_MAP:
		if (n->u.comp.key_var.len)
			dump_ident_attr(c, "key_var", &n->u.comp.key_var);
		dump_ident_attr(c, "value_var", &n->u.comp.value_var);
		break;
	case AST_UNARY:
		strbuf_addf(out, " op=%s", ast_op_text(n->u.unary.op));
		break;
	case AST_BINARY:
		strbuf_addf(out, " op=%s", ast_op_text(n->u.binary.op));
		break;
	case AST_SELECT:
		dump_ident_attr(c, "name", &n->u.select.name);
		break;
	case AST_TYPE_GENERIC:
		dump_ident_attr(c, "name", &n->u.type_generic.name);
		break;
	case AST_TYPE_RANGE:
		dump_ident_attr(c, "base", &n->u.type_range.base);
		break;
	case AST_TYPE_REGEX:
		dump_ident_attr(c, "base", &n->u.type_regex.base);
		strbuf_adds(out, " pattern=");
		dump_escaped(out, n->u.type_regex.pattern ? n->u.type_regex.pattern : "",
			n->u.type_regex.pattern ? n->u.type_regex.len : 0);
		break;
	default:
		break;
	}
}

static void dump_children(dump_ctx *c, int depth, const ast_node *n)
{
	switch (n->kind) {
	case AST_IMPORT:
		dump_node(c, depth, "path", n->u.import.path);
		break;
	case AST_LET:
	case AST_PARAM:
	case AST_TYPE_DECL:
	case AST_OUTPUT:
	case AST_FIELD_DECL:
	case AST_ASSIGN:
		dump_node(c, depth, "key", n->u.binding.key);
		dump_node(c, depth, "type", n->u.binding.type);
		dump_node(c, depth, "value", n->u.binding.value);
		break;
	case AST_CHECK:
		dump_node(c, depth, "cond", n->u.check.cond);
		dump_node(c, depth, "message", n->u.check.message);
		break;
	case AST_FN:
	case AST_SCHEMA:
	case AST_ENV:
	case AST_STACK:
		dump_list(c, depth, "param", &n->u.decl.params);
		dump_node(c, depth, "result", n->u.decl.result);
		dump_node(c, depth, "body", n->u.decl.body);
		dump_list(c, depth, "member", &n->u.decl.members);
		break;
	case AST_COMPONENT:
		dump_node(c, depth, "kind", n->u.component.kind);
		dump_list(c, depth, "entry", &n->u.component.body);
		dump_node(c, depth, "value", n->u.component.value);
		break;
	case AST_STRING:
		dump_list(c, depth, "part", &n->u.string.parts);
		break;
	case AST_LIST:
	case AST_MAP:
		dump_list(c, depth, "item", &n->u.list.items);
		break;
	case AST_MAP_ENTRY:
		dump_node(c, depth, "key", n->u.entry.key);
		dump_node(c, depth, "value", n->u.entry.value);
		break;
	case AST_FOR_LIST:
	case AST_FOR_MAP:
		dump_node(c, depth, "in", n->u.comp.collection);
		dump_node(c, depth, "key", n->u.comp.key);
		dump_node(c, depth, "value", n->u.comp.value);
		dump_node(c, depth, "if", n->u.comp.cond);
		break;
	case AST_UNARY:
		dump_node(c, depth, "operand", n->u.unary.operand);
		break;
	case AST_BINARY:
		dump_node(c, depth, "lhs", n->u.binary.lhs);
		dump_node(c, depth, "rhs", n->u.binary.rhs);
		break;
	case AST_TERNARY:
		dump_node(c, depth, "cond", n->u.ternary.cond);
		dump_node(c, depth, "then", n->u.ternary.then);
		dump_node(c, depth, "else", n->u.ternary.other);
		break;
	case AST_SELECT:
		dump_node(c, depth, "object", n->u.select.object);
		break;
	case AST_INDEX:
		dump_node(c, depth, "object", n->u.index.object);
		dump_node(c, depth, "index", n->u.index.index);
		break;
	case AST_CALL:
		dump_node(c, depth, "callee", n->u.call.callee);
		dump_list(c, depth, "arg", &n->u.call.args);
		break;
	case AST_AMEND:
		dump_node(c, depth, "base", n->u.amend.base);
		dump_list(c, depth, "entry", &n->u.amend.body);
		break;
	case AST_PAREN:
	case AST_TYPE_PAREN:
	case AST_TYPE_OPTIONAL:
		dump_node(c, depth, "inner", n->u.paren.inner);
		break;
	case AST_TYPE_NAME:
		dump_node(c, depth, "name", n->u.type_name.name);
		break;
	case AST_TYPE_GENERIC:
		dump_list(c, depth, "arg", &n->u.type_generic.args);
		break;
	case AST_TYPE_UNION:
		dump_list(c, depth, "member", &n->u.type_union.members);
		break;
	case AST_TYPE_LITERAL:
		dump_node(c, depth, "value", n->u.type_literal.value);
		break;
	case AST_TYPE_RANGE:
		dump_node(c, depth, "lo", n->u.type_range.lo);
		dump_node(c, depth, "hi", n->u.type_range.hi);
		break;
	default:
		break;
	}
}

/* One line for the node, then its children one level deeper. A NULL
 * child (an absent optional part) prints nothing: its absence is already
 * visible as a missing role line. */
static void dump_node(dump_ctx *c, int depth, const char *role, const ast_node *n)
{
	if (!n)
		return;
	strbuf_addchars(c->out, ' ', (size_t)depth * 2);
	if (role)
		strbuf_addf(c->out, "%s: ", role);
	strbuf_adds(c->out, ast_kind_name(n->kind));
	dump_attrs(c, n);
	if (c->with_spans) {
		dump_span(c, n->span);
		if (n->doc) {
			strbuf_adds(c->out, " doc=");
			dump_escaped(c->out, n->doc, strlen(n->doc));
		}
	}
	strbuf_addch(c->out, '\n');
	dump_children(c, depth + 1, n);
}

void ast_dump(const ast_file *f, strbuf *out, int with_spans)
{
	dump_ctx c = { f->source, out, with_spans };

	strbuf_adds(out, "file");
	if (with_spans && f->source && f->source->name)
		strbuf_addf(out, " %s", f->source->name);
	strbuf_addch(out, '\n');
	dump_list(&c, 1, NULL, &f->decls);
	/* Comments are not nodes, but the spans form lists them so that the
	 * dump shows everything the parser kept. */
	if (with_spans) {
		for (size_t i = 0; i < f->comment_count; i++) {
			strbuf_adds(out, "  comment ");
			strbuf_adds(
				out, f->comments[i].kind == AST_COMMENT_LINE ? "line" : "block");
			dump_span(&c, f->comments[i].span);
			strbuf_addch(out, '\n');
		}
	}
}

/* parse.c - the parse driver (see parse.h).
 *
 * Checks the encoding, runs the scanner and parser over one file, and
 * attaches doc comments to declarations. The scanner and parser are
 * generated from grammar/lexer.l and grammar/parser.y.
 */
#include "parse.h"

#include <string.h>

#include "parse_ctx.h"
#include "parser.h"

#define YYSTYPE STK_STYPE
#define YYLTYPE STK_LTYPE
#include "lexer.h"

int stk_lex_raw(STK_STYPE *yylval_param, STK_LTYPE *yylloc_param, yyscan_t yyscanner);

/* The parser's view of the scanner: once the parse has been stopped
 * (nesting too deep), every call returns end of input so the parser
 * finishes quickly without reading on. */
int stk_lex(STK_STYPE *yylval, STK_LTYPE *yylloc, yyscan_t scanner)
{
	parse_ctx *c = stk_get_extra(scanner);
	if (c->start_token) {
		int t = c->start_token;
		c->start_token = 0;
		yylloc->start = yylloc->end = c->offset;
		return t;
	}
	if (c->fatal) {
		yylloc->start = yylloc->end = c->offset;
		return 0;
	}
	return stk_lex_raw(yylval, yylloc, scanner);
}

void parse_too_deep(parse_ctx *c, stk_loc where)
{
	if (c->fatal)
		return;
	diagnostic *d = diag_error(c->diags, "E0010", parse_span(c, where),
		"nesting too deep: more than %d levels", PARSE_MAX_DEPTH);
	diag_add_hint(c->diags, d, "split the expression with 'let' bindings");
	c->fatal = 1;
}

void parse_add_comment(parse_ctx *c, ast_comment_kind kind, uint32_t start, uint32_t end)
{
	ast_file *f = c->result;
	if (f->comment_count == c->comment_cap) {
		size_t cap = c->comment_cap ? c->comment_cap * 2 : 16;
		f->comments = arena_grow_array(
			c->arena, f->comments, f->comment_count, cap, sizeof(*f->comments));
		c->comment_cap = cap;
	}
	ast_comment *cm = &f->comments[f->comment_count++];
	cm->kind = kind;
	cm->span = src_span_make(c->file->id, start, end);
}

/* ---- doc comments ------------------------------------------------------
 * Line comments on the lines directly above a declaration or member,
 * each alone on its line, form its documentation. */

static int alone_on_line(const src_file *f, uint32_t start)
{
	while (start > 0 && f->text[start - 1] != '\n') {
		char ch = f->text[start - 1];
		if (ch != ' ' && ch != '\t')
			return 0;
		start--;
	}
	return 1;
}

static const char *doc_for(
	arena *a, const ast_file *af, size_t *cursor, const ast_node *n, uint32_t min_start)
{
	const src_file *f = af->source;
	/* Comments are sorted; advance to the first one at or after n. */
	while (*cursor < af->comment_count && af->comments[*cursor].span.start < n->span.start)
		(*cursor)++;
	size_t i = *cursor;
	uint32_t line, col, want;
	src_line_col(f, n->span.start, &want, &col);
	size_t first = i;
	while (first > 0) {
		const ast_comment *cm = &af->comments[first - 1];
		if (cm->kind != AST_COMMENT_LINE || !alone_on_line(f, cm->span.start) ||
			cm->span.start < min_start)
			break;
		src_line_col(f, cm->span.start, &line, &col);
		if (line + 1 != want)
			break;
		want = line;
		first--;
	}
	if (first == i)
		return NULL;
	strbuf sb = STRBUF_INIT;
	for (size_t k = first; k < i; k++) {
		const ast_comment *cm = &af->comments[k];
		const char *t = f->text + cm->span.start;
		size_t len = cm->span.end - cm->span.start;
		size_t skip = t[0] == '#' ? 1 : 2;
		if (skip < len && t[skip] == ' ')
			skip++;
		if (k > first)
			strbuf_addch(&sb, '\n');
		strbuf_add(&sb, t + skip, len - skip);
	}
	const char *doc = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return doc;
}

/* Members only take comments inside their parent (min_start), never
 * the parent's own documentation. */
static void attach_docs(
	arena *a, ast_file *af, const ast_list *decls, size_t *cursor, uint32_t min_start)
{
	for (uint32_t i = 0; i < decls->len; i++) {
		ast_node *n = decls->items[i];
		if (n->kind == AST_ERROR)
			continue;
		n->doc = doc_for(a, af, cursor, n, min_start);
		if (n->kind == AST_STACK || n->kind == AST_SCHEMA) {
			size_t inner = *cursor;
			attach_docs(a, af, &n->u.decl.members, &inner, n->span.start + 1);
		}
	}
}

/* The size of flex's buffer (lexer.l, YY_INPUT): reused as the scan
 * goes, whatever the size of the file. */
#define PARSE_READ_CHUNK 16384

static ast_file *parse_with(arena *a, const src_file *f, diag_list *diags, int start)
{
	ast_file *res = ARENA_NEW(a, ast_file);
	res->source = f;

	const char *what = NULL;
	long bad = src_find_invalid_utf8(f, &what);
	if (bad >= 0) {
		int nul = what && strstr(what, "NUL") != NULL;
		diagnostic *d = diag_error(diags, nul ? "E0003" : "E0002",
			src_span_make(f->id, (uint32_t)bad, (uint32_t)bad + 1), "%s",
			nul ? "NUL byte in source file" : "invalid UTF-8 in source file");
		diag_add_hint(diags, d,
			"Stack source files must be UTF-8 text; is this a "
			"binary file, or saved in another encoding?");
		return res;
	}

	parse_ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = a;
	ctx.diags = diags;
	ctx.file = f;
	ctx.result = res;
	ctx.offset = f->bom;
	ctx.start_token = start;

	yyscan_t scanner;
	if (stk_lex_init_extra(&ctx, &scanner) != 0)
		return res;
	ctx.input = f->text + f->bom;
	ctx.input_len = f->len - f->bom;
	YY_BUFFER_STATE buf = stk__create_buffer(NULL, PARSE_READ_CHUNK, scanner);
	stk__switch_to_buffer(buf, scanner);
	stk_parse(scanner, &ctx);
	stk__delete_buffer(buf, scanner);
	stk_lex_destroy(scanner);
	return res;
}

ast_file *parse_file_code(arena *a, const src_file *f, diag_list *diags)
{
	return parse_with(a, f, diags, 0);
}

ast_file *parse_file(arena *a, const src_file *f, diag_list *diags)
{
	ast_file *res = parse_with(a, f, diags, 0);
	size_t cursor = 0;
	attach_docs(a, res, &res->decls, &cursor, 0);
	return res;
}

ast_node *parse_expression(arena *a, const src_file *f, diag_list *diags)
{
	size_t errors = diags->errors;
	ast_file *res = parse_with(a, f, diags, START_EXPR);
	return diags->errors > errors ? NULL : res->expr;
}

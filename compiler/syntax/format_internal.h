/* format_internal.h - what format.c and format_expr.c share.
 *
 * Not part of the syntax module's interface: only the two halves of the
 * formatter include it. format.c owns the layout (lines, indentation,
 * blank lines, comments, one-line or expanded blocks) and the entry
 * points of format.h; format_expr.c owns the tokens printed for each kind
 * of node. They meet in the functions below: the node printers write
 * through the output primitives and hand every bracketed list of items
 * back to the layout code, which calls fmt_item() for each item.
 */
#ifndef STACKC_SYNTAX_FORMAT_INTERNAL_H
#define STACKC_SYNTAX_FORMAT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../base/strbuf.h"
#include "ast.h"

/* The printer state of one fmt_format() call; set up there, read and
 * updated by both files. */
typedef struct fmt_ctx {
	const ast_file *f;
	const char *text;
	uint32_t len;
	strbuf *out;
	size_t out_start;    /* out->len when we started: we only append */
	int indent;          /* current indentation level */
	int bol;             /* at the beginning of an output line */
	int block_start;     /* nothing printed yet in the current block */
	uint32_t last_end;   /* source offset where the last printed item or
			      * comment ended, for blank-line detection */
	unsigned char *done; /* per comment: already printed */
	size_t next;         /* every comment before this index is done */
} fmt_ctx;

/* How the items of a bracketed construct are printed. */
typedef enum fmt_style {
	STYLE_BODY,   /* { a = 1, b = 2 }   expanded: no separators */
	STYLE_MAP,    /* { k: v, k2: v2 }   expanded: no separators */
	STYLE_LIST,   /* [a, b]             expanded: a comma after each */
	STYLE_PARENS, /* (a, b)             expanded: a comma after each */
} fmt_style;

typedef void (*fmt_item_fn)(fmt_ctx *c, const ast_node *n);

/* ---- format.c: source text and output primitives -------------------------- */

/* Offset of the first `ch` at or after `pos` that is not inside a
 * comment, or the end of the text. */
uint32_t fmt_find_char(const fmt_ctx *c, uint32_t pos, char ch);

/* Append `n` bytes (or a C string, or an identifier) to the current
 * output line, indenting first at the beginning of a line. */
void fmt_put(fmt_ctx *c, const char *s, size_t n);
void fmt_put_str(fmt_ctx *c, const char *s);
void fmt_put_ident(fmt_ctx *c, const ast_ident *id);

/* Copy source bytes [from, to) verbatim, with "\r\n" turned into "\n". */
void fmt_put_source(fmt_ctx *c, uint32_t from, uint32_t to);

/* Copy a string literal verbatim and mark the comments inside its
 * interpolations as printed. */
void fmt_put_string(fmt_ctx *c, const ast_node *n);

/* ---- format.c: bracketed lists of items ------------------------------------ */

/* The block in braces or brackets that belongs to `n` (a list, map,
 * amendment, component, schema, env or stack), holding `items`, each
 * printed by `print`. */
void fmt_block(
	fmt_ctx *c, const ast_node *n, const ast_list *items, fmt_style style, fmt_item_fn print);

/* The argument list of call `n` or the parameter list of fn or stack `n`,
 * each item printed by `print`. */
void fmt_parens(fmt_ctx *c, const ast_node *n, fmt_item_fn print);

/* ---- format_expr.c: nodes ---------------------------------------------------- */

/* Print any item: a declaration, member or entry, or an expression (list
 * element, argument), on the current line. */
void fmt_item(fmt_ctx *c, const ast_node *n);

#endif

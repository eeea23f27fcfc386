/* parse_ctx.h - state shared by the scanner, the parser and the driver.
 *
 * Internal to compiler/syntax and grammar/: one parse_ctx lives on the
 * driver's stack for the duration of one parse_file() call and is the
 * flex "extra" data and the bison parse parameter.
 */
#ifndef STACKC_SYNTAX_PARSE_CTX_H
#define STACKC_SYNTAX_PARSE_CTX_H

#include <stdint.h>

#include "../source/diag.h"
#include "ast.h"
#include "parse.h"

/* Location type of the bison parser: byte offsets in the current file. */
typedef struct stk_loc {
	uint32_t start;
	uint32_t end;
} stk_loc;

/* What an open bracket on the scanner's stack is. */
enum {
	OPEN_BRACE = '{',
	OPEN_PAREN = '(',
	OPEN_BRACKET = '[',
	OPEN_INTERP = 'I',  /* ${ inside "..." */
	OPEN_MINTERP = 'M', /* ${ inside """...""" */
};

typedef struct parse_ctx {
	arena *arena;
	diag_list *diags;
	const src_file *file;
	ast_file *result;

	/* scanner */
	const char *input; /* the text to scan, handed to flex by YY_INPUT */
	size_t input_len, input_pos;
	uint32_t offset; /* byte offset of the next unread byte */
	int prev;        /* last token handed to the parser (0 at start) */
	int prev_prev;   /* the token before it */
	int sp;          /* open brackets on the stack */
	char open[PARSE_MAX_DEPTH];
	uint32_t open_at[PARSE_MAX_DEPTH]; /* offset of each opening token */
	uint32_t str_start;                /* offset of the current string's opening quote */
	uint32_t rx_start;                 /* offset of the current regex's opening '/' */
	size_t comment_cap;

	/* error handling */
	int fatal;             /* stop parsing: the scanner returns end of input */
	int eof_reported;      /* an unterminated construct was reported at EOF */
	uint32_t bad_char_end; /* end of the last character the scanner refused */
	int tokens_since_bad_char;
	int interp_reported;
	int start_token;
	/* handed to the parser first (START_EXPR), or 0 */ /* a forgotten '}' of ${...} was reported */
} parse_ctx;

/* Span in the current file. */
static inline src_span parse_span(const parse_ctx *c, stk_loc l)
{
	return src_span_make(c->file->id, l.start, l.end);
}

/* Report "nesting too deep" once and stop the parse. */
void parse_too_deep(parse_ctx *c, stk_loc where);
/* Record a comment (called by the scanner). */
void parse_add_comment(parse_ctx *c, ast_comment_kind kind, uint32_t start, uint32_t end);

#endif

/* format.h - the canonical layout of Stack source (`stackc fmt`).
 *
 * fmt_format() prints a parsed file in the one layout stackc accepts as
 * canonical: two-space indentation, fixed spacing around every token,
 * blank lines kept but collapsed to one, every comment kept. Literal
 * tokens (numbers, strings, regular expressions) are copied from the
 * source text byte for byte, so 0x2A stays 0x2A and escapes stay escapes.
 *
 * Two properties are promised and tested over every .stack file in the
 * repository:
 *
 *   idempotent    formatting formatted text changes nothing;
 *   meaning-safe  the formatted text parses to the same tree (compared
 *                 with ast_dump() without spans) and keeps every comment.
 *
 * The second one is also checked at run time by fmt_check_roundtrip(),
 * which the CLI calls before writing anything.
 */
#ifndef STACKC_SYNTAX_FORMAT_H
#define STACKC_SYNTAX_FORMAT_H

#include <stddef.h>

#include "../base/strbuf.h"
#include "ast.h"

/* Append the formatted text of `f` to `out`. `f` must come from a parse
 * without errors (recovered AST_ERROR regions are copied verbatim, which
 * keeps their text but promises nothing). The output is empty for a file
 * without declarations or comments and otherwise ends with exactly one
 * newline. Returns 0. */
int fmt_format(const ast_file *f, strbuf *out);

/* Parse `formatted` (`len` bytes, the output of fmt_format for `orig`)
 * as a new file named like orig's and compare the meaning-only dumps of
 * both trees, and their comments (the same texts, each once, in any
 * order). Returns 0 when both match. Otherwise returns -1 and appends to
 * `why` (may be NULL) a one-line explanation: the first syntax error, the
 * first line where the dumps differ, or the comment counts. Uses its own
 * arena and source map; `orig` is only read. */
int fmt_check_roundtrip(const ast_file *orig, const char *formatted, size_t len, strbuf *why);

#endif

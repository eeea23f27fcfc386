/* ast_dump.h - a textual dump of a syntax tree, for tests and debugging.
 *
 * One node per line, children indented by two spaces under their parent,
 * each child line introduced by its role ("value: int 42"). Every field
 * that carries meaning is printed: kinds, names, operators, literal
 * values, decoded string pieces (escaped), flags.
 *
 * Two forms:
 *
 *   with_spans = 0   the meaning-only form. It contains nothing that
 *                    layout can change (no positions, no doc comments),
 *                    so two files have the same dump exactly when they
 *                    mean the same thing. `stackc fmt` relies on this to
 *                    prove that formatting never changes a program.
 *   with_spans = 1   appends " @L:C-L:C" (1-based, end exclusive) to every
 *                    node and prints doc comments, for `parse --dump-ast`.
 */
#ifndef STACKC_SYNTAX_AST_DUMP_H
#define STACKC_SYNTAX_AST_DUMP_H

#include "../base/strbuf.h"
#include "ast.h"

/* Append the dump of `f` to `out`; every line ends with '\n'. */
void ast_dump(const ast_file *f, strbuf *out, int with_spans);

#endif

/* parse.h - the parse driver: source text to AST.
 *
 * Runs the reentrant flex scanner and the pure bison parser
 * (grammar/lexer.l, grammar/parser.y) over one file. Syntax errors go to
 * the diag_list; the parser recovers at declaration and entry boundaries,
 * so one run reports several independent errors. The returned tree is
 * always usable (recovered regions become AST_ERROR nodes), but callers
 * should not go on to later phases when l->errors grew.
 */
#ifndef STACKC_SYNTAX_PARSE_H
#define STACKC_SYNTAX_PARSE_H

#include "../source/diag.h"
#include "ast.h"

/* Deepest nesting of brackets and expressions accepted. Deeper input is
 * refused with "nesting too deep" (E0010) instead of risking the C stack
 * in the recursive passes that walk the tree. */
#define PARSE_MAX_DEPTH 512

/* Parse `f` (which must stay alive as long as the tree). Never returns
 * NULL. Also checks the file's encoding first (UTF-8, no NUL bytes). */
ast_file *parse_file(arena *a, const src_file *f, diag_list *diags);
/* parse_file without the doc comments (every node's `doc` stays NULL):
 * for evaluation, which never reads them. Finding them took a line
 * lookup per declaration and comment of every file, std/k8s included. */
ast_file *parse_file_code(arena *a, const src_file *f, diag_list *diags);

/* Parse `f` as one expression (`stackc eval PATH EXPR`). Returns NULL
 * after reporting a syntax error. */
ast_node *parse_expression(arena *a, const src_file *f, diag_list *diags);

#endif

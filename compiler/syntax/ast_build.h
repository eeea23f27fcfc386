/* ast_build.h - AST constructors used by the grammar actions.
 *
 * Each constructor allocates one node in the arena, fills it and computes
 * its depth (see ast_node.depth). Lists are passed and returned by value;
 * their items live in the arena. Internal to the parser: other phases
 * read the tree through ast.h and never build one.
 */
#ifndef STACKC_SYNTAX_AST_BUILD_H
#define STACKC_SYNTAX_AST_BUILD_H

#include "../source/diag.h"
#include "ast.h"

ast_list ast_list_empty(void);
ast_ident ast_ident_none(void);

ast_node *ast_new_import(arena *a, src_span s, ast_node *path, const ast_ident *alias);
/* AST_LET, AST_PARAM, AST_TYPE_DECL, AST_OUTPUT. */
ast_node *ast_new_binding(
	arena *a, ast_kind kind, src_span s, ast_ident name, ast_node *type, ast_node *value);
/* AST_SCHEMA, AST_ENV. */
ast_node *ast_new_block(arena *a, ast_kind kind, src_span s, ast_ident name, ast_list members);
ast_node *ast_new_fn(
	arena *a, src_span s, ast_ident name, ast_list params, ast_node *result, ast_node *body);
/* params == NULL: declared without parentheses. */
ast_node *ast_new_stack(
	arena *a, src_span s, ast_ident name, const ast_list *params, ast_list members);
ast_node *ast_new_field_decl(
	arena *a, src_span s, ast_ident name, int optional, ast_node *type, ast_node *value);
ast_node *ast_new_check(arena *a, src_span s, ast_node *cond, ast_node *message);
ast_node *ast_new_component(
	arena *a, src_span s, ast_ident name, ast_node *kind, ast_list body, ast_node *value);
/* key != NULL: a quoted key ("a.b/c" = ...), name is then empty. */
ast_node *ast_new_assign(arena *a, src_span s, ast_ident name, ast_node *key, ast_node *value);

ast_node *ast_new_ident(arena *a, ast_ident id);
ast_node *ast_new_select(arena *a, src_span s, ast_node *object, ast_ident name);
ast_node *ast_new_index(arena *a, src_span s, ast_node *object, ast_node *index);
ast_node *ast_new_call(arena *a, src_span s, ast_node *callee, ast_list args);
ast_node *ast_new_amend(arena *a, src_span s, ast_node *base, ast_list body);
ast_node *ast_new_unary(arena *a, src_span s, ast_op op, ast_node *operand);
ast_node *ast_new_binary(arena *a, src_span s, ast_op op, ast_node *lhs, ast_node *rhs);
ast_node *ast_new_ternary(arena *a, src_span s, ast_node *cond, ast_node *then, ast_node *other);
/* AST_PAREN, AST_TYPE_PAREN, AST_TYPE_OPTIONAL. */
ast_node *ast_new_paren(arena *a, ast_kind kind, src_span s, ast_node *inner);
ast_node *ast_new_int(arena *a, src_span s, int64_t value);
ast_node *ast_new_float(arena *a, src_span s, double value);
ast_node *ast_new_bool(arena *a, src_span s, int value);
/* AST_LIST, AST_MAP. */
ast_node *ast_new_list(arena *a, ast_kind kind, src_span s, ast_list items);
ast_node *ast_new_map_entry(arena *a, src_span s, ast_node *key, ast_node *value);
/* key == NULL: a list comprehension; key_var == NULL: one variable. */
ast_node *ast_new_for(arena *a, src_span s, const ast_ident *key_var, const ast_ident *value_var,
	ast_node *collection, ast_node *key, ast_node *value, ast_node *cond);

/* A piece of literal string text (raw source, escapes still encoded).
 * Adjacent pieces are merged into one AST_STR_TEXT node. */
void ast_string_add_text(arena *a, ast_list *parts, src_span raw);
/* Finish a string: decode escapes in its text parts and, for a
 * multi-line string, remove the common indentation first (see
 * docs/language.md, "Multi-line strings"). */
ast_node *ast_new_string(
	arena *a, diag_list *d, const src_file *f, src_span s, ast_list parts, int multiline);

/* A one-member union is returned as that member. */
ast_node *ast_new_union(arena *a, src_span s, ast_list members);
ast_node *ast_new_type_name(arena *a, src_span s, ast_node *name);
ast_node *ast_new_type_generic(arena *a, src_span s, ast_ident name, ast_node *arg);
ast_node *ast_new_type_range(arena *a, src_span s, ast_ident base, ast_node *lo, ast_node *hi);
/* pattern: the REGEX token's span, slashes included. */
ast_node *ast_new_type_regex(
	arena *a, const src_file *f, src_span s, ast_ident base, src_span pattern);
ast_node *ast_new_type_literal(arena *a, src_span s, ast_node *value);

#endif

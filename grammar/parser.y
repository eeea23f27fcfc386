/* parser.y - the Stack grammar: tokens to AST.
 *
 * A pure (reentrant) LALR(1) parser with byte-offset locations. Actions
 * only build nodes through the ast_new_*() constructors; names are not
 * resolved and nothing is evaluated here.
 *
 * Separators: entries of a block (declarations, stack members, body
 * assignments, map entries, schema members) are separated by NL tokens
 * (see lexer.l for when a line break is one), ',' or ';'. Trailing and
 * repeated separators are accepted.
 *
 * Errors: syntax errors are reported by yyreport_syntax_error with the
 * tokens that were expected (LAC keeps that list exact). Recovery happens
 * at entry boundaries (`error` in each separated list), so one run
 * reports independent mistakes once each and does not cascade.
 *
 * The grammar has no conflicts: %expect 0 keeps it that way.
 */

%code top {
#include <stdint.h>
#include <stdio.h>
#include <string.h>
}

%code requires {
#include "parse_ctx.h"
#include "ast_build.h"
typedef void *yyscan_t;
}

%code provides {
int stk_lex(STK_STYPE *yylval, STK_LTYPE *yylloc, yyscan_t scanner);
}

%define api.prefix {stk_}
%define api.pure full
%define api.location.type {stk_loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0

%param {yyscan_t scanner}
%parse-param {parse_ctx *ctx}

%code {
/* Locations are byte ranges; an empty rule sits at the end of what came
 * before it. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
	do {                                                         \
		if (N) {                                             \
			(Cur).start = YYRHSLOC(Rhs, 1).start;        \
			(Cur).end = YYRHSLOC(Rhs, N).end;            \
		} else {                                             \
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end; \
		}                                                    \
	} while (0)

#define A (ctx->arena)
#define S(loc) parse_span(ctx, (loc))
/* Refuse trees deeper than PARSE_MAX_DEPTH (see parse.h). */
#define DEPTH(node, loc)                                              \
	do {                                                          \
		if ((node)->depth > PARSE_MAX_DEPTH)                  \
			parse_too_deep(ctx, (loc));                   \
	} while (0)

static void stk_error(STK_LTYPE *loc, yyscan_t scanner, parse_ctx *ctx, const char *msg);
}

%union {
	ast_node *node;
	ast_ident ident;
	ast_list list;
	uint64_t u64;
	double f;
}

%token END 0 "end of file"
%token <ident> IDENT "identifier"
%token <u64> INT "integer"
%token <f> FLOAT "number"
%token REGEX "regular expression"
%token STR_BEGIN "string"
%token MSTR_BEGIN "multi-line string"
%token STR_TEXT "string text"
%token INTERP_BEGIN "'${'"
%token INTERP_END "'}' closing the interpolation"
%token STR_END "end of string"
%token NL "line break"
%token START_EXPR "start of expression"
%token IMPORT "'import'" AS "'as'" LET "'let'" PARAM "'param'" TYPE "'type'"
%token SCHEMA "'schema'" FN "'fn'" ENV "'env'" STACK "'stack'"
%token COMPONENT "'component'" OUTPUT "'output'" CHECK "'check'"
%token FOR "'for'" IN "'in'" IF "'if'" TRUE "'true'" FALSE "'false'" NUL "'null'"
%token EQ "'=='" NE "'!='" LE "'<='" GE "'>='" AND "'&&'" OR "'||'"
%token COALESCE "'??'" ARROW "'=>'" DOTDOT "'..'"

%type <node> decl member entry assign expr postfix primary string literal
%type <node> list_lit map_lit map_entry param schema_member type type_postfix
%type <node> type_primary type_literal range_bound qualified opt_default
%type <node> opt_type opt_result
%type <list> decls decls_ne members members_ne entries entries_ne
%type <list> schema_members schema_members_ne map_entries map_entries_ne
%type <list> params params_ne args args_ne items items_ne str_parts union_types
%type <ident> name field_name

%right '?' ':'
%right COALESCE
%left OR
%left AND
%nonassoc EQ NE
%nonassoc '<' LE '>' GE
%left '+' '-'
%left '*' '/' '%'
%precedence UNARY

%%

/* START_EXPR is produced by the driver, never by the scanner: it
 * selects the second start symbol, one expression (`stackc eval`). */
file
	: decls                         { ctx->result->decls = $1; }
	| START_EXPR seps_opt expr seps_opt
	                                { ctx->result->expr = $3; }
	;

/* ---- separated lists -------------------------------------------------
 * Each list X has X (possibly empty, trailing separators allowed) and
 * X_ne (non-empty, no trailing separator). `error` entries let the parser
 * resynchronise at the next separator. */

sep
	: NL | ',' | ';'
	;
seps
	: sep
	| seps sep
	;
seps_opt
	: %empty
	| seps
	;

decls
	: %empty                        { $$ = ast_list_empty(); }
	| decls_ne                      { $$ = $1; }
	| decls_ne seps                 { $$ = $1; }
	| seps                          { $$ = ast_list_empty(); }
	;
decls_ne
	: decl { $$ = ast_list_empty(); ast_list_push(A, &$$, $1); }
	| seps decl { $$ = ast_list_empty(); ast_list_push(A, &$$, $2); }
	| decls_ne seps decl            { $$ = $1; ast_list_push(A, &$$, $3); }
	;

members
	: %empty                        { $$ = ast_list_empty(); }
	| members_ne                    { $$ = $1; }
	| members_ne seps               { $$ = $1; }
	| seps                          { $$ = ast_list_empty(); }
	;
members_ne
	: member { $$ = ast_list_empty(); ast_list_push(A, &$$, $1); }
	| seps member { $$ = ast_list_empty(); ast_list_push(A, &$$, $2); }
	| members_ne seps member        { $$ = $1; ast_list_push(A, &$$, $3); }
	;

entries
	: %empty                        { $$ = ast_list_empty(); }
	| entries_ne                    { $$ = $1; }
	| entries_ne seps               { $$ = $1; }
	| seps                          { $$ = ast_list_empty(); }
	;
entries_ne
	: entry { $$ = ast_list_empty(); ast_list_push(A, &$$, $1); }
	| seps entry { $$ = ast_list_empty(); ast_list_push(A, &$$, $2); }
	| entries_ne seps entry         { $$ = $1; ast_list_push(A, &$$, $3); }
	;

schema_members
	: %empty                        { $$ = ast_list_empty(); }
	| schema_members_ne             { $$ = $1; }
	| schema_members_ne seps        { $$ = $1; }
	| seps                          { $$ = ast_list_empty(); }
	;
schema_members_ne
	: schema_member { $$ = ast_list_empty(); ast_list_push(A, &$$, $1); }
	| seps schema_member { $$ = ast_list_empty(); ast_list_push(A, &$$, $2); }
	| schema_members_ne seps schema_member { $$ = $1; ast_list_push(A, &$$, $3); }
	;

map_entries
	: %empty                        { $$ = ast_list_empty(); }
	| map_entries_ne                { $$ = $1; }
	| map_entries_ne seps           { $$ = $1; }
	| seps                          { $$ = ast_list_empty(); }
	;
map_entries_ne
	: map_entry { $$ = ast_list_empty(); ast_list_push(A, &$$, $1); }
	| seps map_entry { $$ = ast_list_empty(); ast_list_push(A, &$$, $2); }
	| map_entries_ne seps map_entry { $$ = $1; ast_list_push(A, &$$, $3); }
	;

/* Comma lists inside ( ) and [ ]: line breaks are not tokens there. */
params
	: %empty                        { $$ = ast_list_empty(); }
	| params_ne                     { $$ = $1; }
	| params_ne ','                 { $$ = $1; }
	;
params_ne
	: param                         { $$ = ast_list_empty(); ast_list_push(A, &$$, $1); }
	| params_ne ',' param           { $$ = $1; ast_list_push(A, &$$, $3); }
	;
args
	: %empty                        { $$ = ast_list_empty(); }
	| args_ne                       { $$ = $1; }
	| args_ne ','                   { $$ = $1; }
	;
args_ne
	: expr                          { $$ = ast_list_empty(); ast_list_push(A, &$$, $1); }
	| args_ne ',' expr              { $$ = $1; ast_list_push(A, &$$, $3); }
	;
items
	: %empty                        { $$ = ast_list_empty(); }
	| items_ne                      { $$ = $1; }
	| items_ne ','                  { $$ = $1; }
	;
items_ne
	: expr                          { $$ = ast_list_empty(); ast_list_push(A, &$$, $1); }
	| items_ne ',' expr             { $$ = $1; ast_list_push(A, &$$, $3); }
	| error                         { $$ = ast_list_empty(); }
	| items_ne ',' error            { $$ = $1; }
	;

/* ---- declarations ---------------------------------------------------- */

decl
	: IMPORT string                 { $$ = ast_new_import(A, S(@$), $2, NULL); }
	| IMPORT string AS IDENT        { $$ = ast_new_import(A, S(@$), $2, &$4); }
	| LET IDENT opt_type '=' expr   { $$ = ast_new_binding(A, AST_LET, S(@$), $2, $3, $5); }
	| PARAM IDENT ':' type opt_default
	                                { $$ = ast_new_binding(A, AST_PARAM, S(@$), $2, $4, $5); }
	| TYPE IDENT '=' type           { $$ = ast_new_binding(A, AST_TYPE_DECL, S(@$), $2, $4, NULL); }
	| SCHEMA IDENT '{' schema_members '}'
	                                { $$ = ast_new_block(A, AST_SCHEMA, S(@$), $2, $4); }
	| FN IDENT '(' params ')' opt_result '=' expr
	                                { $$ = ast_new_fn(A, S(@$), $2, $4, $6, $8); }
	| ENV IDENT '{' entries '}'     { $$ = ast_new_block(A, AST_ENV, S(@$), $2, $4); }
	| STACK IDENT '{' members '}'   { $$ = ast_new_stack(A, S(@$), $2, NULL, $4); }
	| STACK IDENT '(' params ')' '{' members '}'
	                                { $$ = ast_new_stack(A, S(@$), $2, &$4, $7); }
	| error                         { $$ = ast_new(A, AST_ERROR, S(@$)); }
	;

opt_type
	: %empty                        { $$ = NULL; }
	| ':' type                      { $$ = $2; }
	;
opt_result
	: %empty                        { $$ = NULL; }
	| ':' type                      { $$ = $2; }
	;
opt_default
	: %empty                        { $$ = NULL; }
	| '=' expr                      { $$ = $2; }
	;

param
	: IDENT ':' type opt_default    { $$ = ast_new_binding(A, AST_PARAM, S(@$), $1, $3, $4); }
	;

schema_member
	: field_name ':' type opt_default
	                                { $$ = ast_new_field_decl(A, S(@$), $1, 0, $3, $4); }
	| field_name '?' ':' type opt_default
	                                { $$ = ast_new_field_decl(A, S(@$), $1, 1, $4, $5); }
	| CHECK expr ',' expr           { $$ = ast_new_check(A, S(@$), $2, $4); }
	| error                         { $$ = ast_new(A, AST_ERROR, S(@$)); }
	;

member
	: LET IDENT opt_type '=' expr   { $$ = ast_new_binding(A, AST_LET, S(@$), $2, $3, $5); }
	| COMPONENT IDENT ':' qualified '{' entries '}'
	                                { $$ = ast_new_component(A, S(@$), $2, $4, $6, NULL); }
	| COMPONENT IDENT '=' expr      { $$ = ast_new_component(A, S(@$), $2, NULL, ast_list_empty(), $4); }
	| OUTPUT IDENT opt_type '=' expr
	                                { $$ = ast_new_binding(A, AST_OUTPUT, S(@$), $2, $3, $5); }
	| error                         { $$ = ast_new(A, AST_ERROR, S(@$)); }
	;

/* Body entry: `name = value`, the name may be quoted for keys that are
 * not identifiers. */
entry
	: assign                        { $$ = $1; }
	| error                         { $$ = ast_new(A, AST_ERROR, S(@$)); }
	;
assign
	: field_name '=' expr           { $$ = ast_new_assign(A, S(@$), $1, NULL, $3); }
	| string '=' expr               { $$ = ast_new_assign(A, S(@$), ast_ident_none(), $1, $3); }
	;

/* Field, key and member names may be keywords (`type`, `env`, ...):
 * Kubernetes objects are full of them. Declared names may not. */
field_name
	: IDENT                         { $$ = $1; }
	| IMPORT    { $$ = ast_ident_make(A, "import", 6, S(@1)); }
	| AS        { $$ = ast_ident_make(A, "as", 2, S(@1)); }
	| LET       { $$ = ast_ident_make(A, "let", 3, S(@1)); }
	| PARAM     { $$ = ast_ident_make(A, "param", 5, S(@1)); }
	| TYPE      { $$ = ast_ident_make(A, "type", 4, S(@1)); }
	| SCHEMA    { $$ = ast_ident_make(A, "schema", 6, S(@1)); }
	| FN        { $$ = ast_ident_make(A, "fn", 2, S(@1)); }
	| ENV       { $$ = ast_ident_make(A, "env", 3, S(@1)); }
	| STACK     { $$ = ast_ident_make(A, "stack", 5, S(@1)); }
	| COMPONENT { $$ = ast_ident_make(A, "component", 9, S(@1)); }
	| OUTPUT    { $$ = ast_ident_make(A, "output", 6, S(@1)); }
	| CHECK     { $$ = ast_ident_make(A, "check", 5, S(@1)); }
	| FOR       { $$ = ast_ident_make(A, "for", 3, S(@1)); }
	| IN        { $$ = ast_ident_make(A, "in", 2, S(@1)); }
	| IF        { $$ = ast_ident_make(A, "if", 2, S(@1)); }
	;
name
	: field_name                    { $$ = $1; }
	| TRUE      { $$ = ast_ident_make(A, "true", 4, S(@1)); }
	| FALSE     { $$ = ast_ident_make(A, "false", 5, S(@1)); }
	| NUL       { $$ = ast_ident_make(A, "null", 4, S(@1)); }
	;

qualified
	: IDENT                         { $$ = ast_new_ident(A, $1); }
	| qualified '.' name            { $$ = ast_new_select(A, S(@$), $1, $3); DEPTH($$, @$); }
	;

/* ---- expressions ----------------------------------------------------- */

opt_nl
	: %empty
	| NL
	;

expr
	: postfix                       { $$ = $1; }
	| expr '?' opt_nl expr ':' expr { $$ = ast_new_ternary(A, S(@$), $1, $4, $6); DEPTH($$, @$); }
	| expr COALESCE expr            { $$ = ast_new_binary(A, S(@$), OP_COALESCE, $1, $3); DEPTH($$, @$); }
	| expr OR expr                  { $$ = ast_new_binary(A, S(@$), OP_OR, $1, $3); DEPTH($$, @$); }
	| expr AND expr                 { $$ = ast_new_binary(A, S(@$), OP_AND, $1, $3); DEPTH($$, @$); }
	| expr EQ expr                  { $$ = ast_new_binary(A, S(@$), OP_EQ, $1, $3); DEPTH($$, @$); }
	| expr NE expr                  { $$ = ast_new_binary(A, S(@$), OP_NE, $1, $3); DEPTH($$, @$); }
	| expr '<' expr                 { $$ = ast_new_binary(A, S(@$), OP_LT, $1, $3); DEPTH($$, @$); }
	| expr LE expr                  { $$ = ast_new_binary(A, S(@$), OP_LE, $1, $3); DEPTH($$, @$); }
	| expr '>' expr                 { $$ = ast_new_binary(A, S(@$), OP_GT, $1, $3); DEPTH($$, @$); }
	| expr GE expr                  { $$ = ast_new_binary(A, S(@$), OP_GE, $1, $3); DEPTH($$, @$); }
	| expr '+' expr                 { $$ = ast_new_binary(A, S(@$), OP_ADD, $1, $3); DEPTH($$, @$); }
	| expr '-' expr                 { $$ = ast_new_binary(A, S(@$), OP_SUB, $1, $3); DEPTH($$, @$); }
	| expr '*' expr                 { $$ = ast_new_binary(A, S(@$), OP_MUL, $1, $3); DEPTH($$, @$); }
	| expr '/' expr                 { $$ = ast_new_binary(A, S(@$), OP_DIV, $1, $3); DEPTH($$, @$); }
	| expr '%' expr                 { $$ = ast_new_binary(A, S(@$), OP_MOD, $1, $3); DEPTH($$, @$); }
	| '!' expr %prec UNARY          { $$ = ast_new_unary(A, S(@$), OP_NOT, $2); DEPTH($$, @$); }
	| '-' expr %prec UNARY          { $$ = ast_new_unary(A, S(@$), OP_NEG, $2); DEPTH($$, @$); }
	;

postfix
	: primary                       { $$ = $1; }
	| postfix '.' name              { $$ = ast_new_select(A, S(@$), $1, $3); DEPTH($$, @$); }
	| postfix '[' expr ']'          { $$ = ast_new_index(A, S(@$), $1, $3); DEPTH($$, @$); }
	| postfix '(' args ')'          { $$ = ast_new_call(A, S(@$), $1, $3); DEPTH($$, @$); }
	| postfix '{' entries '}'       { $$ = ast_new_amend(A, S(@$), $1, $3); DEPTH($$, @$); }
	;

primary
	: literal                       { $$ = $1; }
	| IDENT                         { $$ = ast_new_ident(A, $1); }
	| '(' expr ')'                  { $$ = ast_new_paren(A, AST_PAREN, S(@$), $2); DEPTH($$, @$); }
	| list_lit                      { $$ = $1; }
	| map_lit                       { $$ = $1; }
	;

literal
	: INT                           { $$ = ast_new_int(A, S(@$), (int64_t)$1); }
	| FLOAT                         { $$ = ast_new_float(A, S(@$), $1); }
	| TRUE                          { $$ = ast_new_bool(A, S(@$), 1); }
	| FALSE                         { $$ = ast_new_bool(A, S(@$), 0); }
	| NUL                           { $$ = ast_new(A, AST_NULL, S(@$)); }
	| string                        { $$ = $1; }
	;

string
	: STR_BEGIN str_parts STR_END   { $$ = ast_new_string(A, ctx->diags, ctx->file, S(@$), $2, 0); }
	| MSTR_BEGIN str_parts STR_END  { $$ = ast_new_string(A, ctx->diags, ctx->file, S(@$), $2, 1); }
	;
str_parts
	: %empty                        { $$ = ast_list_empty(); }
	| str_parts STR_TEXT            { $$ = $1; ast_string_add_text(A, &$$, S(@2)); }
	| str_parts INTERP_BEGIN expr INTERP_END
	                                { $$ = $1; ast_list_push(A, &$$, $3); }
	| str_parts INTERP_BEGIN error INTERP_END
	                                { $$ = $1; }
	;

list_lit
	: '[' items ']'                 { $$ = ast_new_list(A, AST_LIST, S(@$), $2); DEPTH($$, @$); }
	| '[' FOR IDENT IN expr ':' expr ']'
	                                { $$ = ast_new_for(A, S(@$), NULL, &$3, $5, NULL, $7, NULL); DEPTH($$, @$); }
	| '[' FOR IDENT IN expr ':' expr IF expr ']'
	                                { $$ = ast_new_for(A, S(@$), NULL, &$3, $5, NULL, $7, $9); DEPTH($$, @$); }
	| '[' FOR IDENT ',' IDENT IN expr ':' expr ']'
	                                { $$ = ast_new_for(A, S(@$), &$3, &$5, $7, NULL, $9, NULL); DEPTH($$, @$); }
	| '[' FOR IDENT ',' IDENT IN expr ':' expr IF expr ']'
	                                { $$ = ast_new_for(A, S(@$), &$3, &$5, $7, NULL, $9, $11); DEPTH($$, @$); }
	;

map_lit
	: '{' map_entries '}'           { $$ = ast_new_list(A, AST_MAP, S(@$), $2); DEPTH($$, @$); }
	| '{' FOR IDENT IN expr ':' expr ARROW expr seps_opt '}'
	                                { $$ = ast_new_for(A, S(@$), NULL, &$3, $5, $7, $9, NULL); DEPTH($$, @$); }
	| '{' FOR IDENT IN expr ':' expr ARROW expr IF expr seps_opt '}'
	                                { $$ = ast_new_for(A, S(@$), NULL, &$3, $5, $7, $9, $11); DEPTH($$, @$); }
	| '{' FOR IDENT ',' IDENT IN expr ':' expr ARROW expr seps_opt '}'
	                                { $$ = ast_new_for(A, S(@$), &$3, &$5, $7, $9, $11, NULL); DEPTH($$, @$); }
	| '{' FOR IDENT ',' IDENT IN expr ':' expr ARROW expr IF expr seps_opt '}'
	                                { $$ = ast_new_for(A, S(@$), &$3, &$5, $7, $9, $11, $13); DEPTH($$, @$); }
	;
map_entry
	: field_name ':' expr           { $$ = ast_new_map_entry(A, S(@$), ast_new_ident(A, $1), $3); }
	| string ':' expr               { $$ = ast_new_map_entry(A, S(@$), $1, $3); }
	| error                         { $$ = ast_new(A, AST_ERROR, S(@$)); }
	;

/* ---- types ----------------------------------------------------------- */

type
	: union_types                   { $$ = ast_new_union(A, S(@$), $1); }
	;
union_types
	: type_postfix                  { $$ = ast_list_empty(); ast_list_push(A, &$$, $1); }
	| union_types '|' type_postfix  { $$ = $1; ast_list_push(A, &$$, $3); }
	;
type_postfix
	: type_primary                  { $$ = $1; }
	| type_postfix '?'              { $$ = ast_new_paren(A, AST_TYPE_OPTIONAL, S(@$), $1); DEPTH($$, @$); }
	;
type_primary
	: qualified                     { $$ = ast_new_type_name(A, S(@$), $1); }
	| IDENT '[' type ']'            { $$ = ast_new_type_generic(A, S(@$), $1, $3); DEPTH($$, @$); }
	| IDENT '(' range_bound DOTDOT range_bound ')'
	                                { $$ = ast_new_type_range(A, S(@$), $1, $3, $5); }
	| IDENT '(' REGEX ')'           { $$ = ast_new_type_regex(A, ctx->file, S(@$), $1, S(@3)); }
	| type_literal                  { $$ = ast_new_type_literal(A, S(@$), $1); }
	| '(' type ')'                  { $$ = ast_new_paren(A, AST_TYPE_PAREN, S(@$), $2); DEPTH($$, @$); }
	;
type_literal
	: string                        { $$ = $1; }
	| INT                           { $$ = ast_new_int(A, S(@$), (int64_t)$1); }
	| '-' INT                       { $$ = ast_new_unary(A, S(@$), OP_NEG, ast_new_int(A, S(@2), (int64_t)$2)); }
	| FLOAT                         { $$ = ast_new_float(A, S(@$), $1); }
	| TRUE                          { $$ = ast_new_bool(A, S(@$), 1); }
	| FALSE                         { $$ = ast_new_bool(A, S(@$), 0); }
	| NUL                           { $$ = ast_new(A, AST_NULL, S(@$)); }
	;
range_bound
	: %empty                        { $$ = NULL; }
	| INT                           { $$ = ast_new_int(A, S(@$), (int64_t)$1); }
	| '-' INT                       { $$ = ast_new_unary(A, S(@$), OP_NEG, ast_new_int(A, S(@2), (int64_t)$2)); }
	| FLOAT                         { $$ = ast_new_float(A, S(@$), $1); }
	| '-' FLOAT                     { $$ = ast_new_unary(A, S(@$), OP_NEG, ast_new_float(A, S(@2), $2)); }
	;

%%

#include "parse_errors.inc"

/* ast.h - the syntax tree of a Stack source file.
 *
 * Built by the grammar actions (grammar/parser.y) through the ast_new_*
 * constructors below and nothing else; all meaning is decided later.
 * Every node carries the byte span of the text it came from. Nodes,
 * lists and names are allocated in the compilation's arena.
 *
 * Literal nodes keep their source span so the formatter can print them
 * exactly as written (0x2A stays 0x2A, escapes stay escapes).
 */
#ifndef STACKC_SYNTAX_AST_H
#define STACKC_SYNTAX_AST_H

#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../source/source.h"

typedef struct ast_node ast_node;

typedef struct ast_list {
	ast_node **items;
	uint32_t len;
	uint32_t cap;
} ast_list;

/* The value a literal evaluates to, kept by the evaluator that made it
 * (eval_ops.c, "literals"): a literal's value never changes, so each
 * evaluation of the program makes it once. */
typedef struct ast_value_cache {
	const void *owner; /* the eval_ctx, or NULL */
	void *value;
} ast_value_cache;

typedef struct ast_ident {
	const char *name; /* NUL-terminated, in the arena */
	uint32_t len;
	src_span span;
} ast_ident;

typedef enum ast_kind {
	/* declarations and members */
	AST_IMPORT,     /* import "path" [as alias] */
	AST_LET,        /* let name [: type] = value */
	AST_PARAM,      /* param name : type [= value]; also fn/stack params */
	AST_TYPE_DECL,  /* type name = type */
	AST_SCHEMA,     /* schema name { members } */
	AST_FIELD_DECL, /* schema member: name[?] : type [= value] */
	AST_CHECK,      /* schema member: check cond, "message" */
	AST_FN,         /* fn name(params) [: type] = value */
	AST_ENV,        /* env name { assigns } */
	AST_STACK,      /* stack name [(params)] { members } */
	AST_COMPONENT,  /* component name : kind { assigns } | component name = value */
	AST_OUTPUT,     /* output name = value */
	AST_ASSIGN,     /* body entry: name = value (name may be a quoted key) */

	/* expressions */
	AST_INT,
	AST_FLOAT,
	AST_BOOL,
	AST_NULL,
	AST_STRING,   /* parts: AST_STR_TEXT and interpolated expressions */
	AST_STR_TEXT, /* a literal piece of a string, escapes decoded */
	AST_IDENT,
	AST_LIST,
	AST_MAP,       /* items: AST_MAP_ENTRY */
	AST_MAP_ENTRY, /* key: ident or string, value */
	AST_FOR_LIST,  /* [for k, v in coll : value if cond] */
	AST_FOR_MAP,   /* {for k, v in coll : key => value if cond} */
	AST_UNARY,
	AST_BINARY,
	AST_TERNARY,
	AST_SELECT, /* object.name */
	AST_INDEX,  /* object[index] */
	AST_CALL,   /* callee(args) */
	AST_AMEND,  /* base { assigns } */
	AST_PAREN,  /* ( expr ), kept so the formatter prints it back */

	/* types */
	AST_TYPE_NAME,     /* name: IDENT or SELECT chain (k8s.Deployment) */
	AST_TYPE_GENERIC,  /* list[T], map[T] */
	AST_TYPE_OPTIONAL, /* T? */
	AST_TYPE_UNION,    /* A | B | C */
	AST_TYPE_LITERAL,  /* "dev", 42, true, null as a type */
	AST_TYPE_RANGE,    /* int(1..10), float(..1.0) */
	AST_TYPE_REGEX,    /* string(/re/) */
	AST_TYPE_PAREN,    /* ( T ) */

	AST_ERROR, /* placeholder where a syntax error was recovered */
	AST_KIND_COUNT
} ast_kind;

typedef enum ast_op {
	OP_NONE,
	OP_NOT,
	OP_NEG, /* unary */
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_MOD,
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_AND,
	OP_OR,
	OP_COALESCE,
} ast_op;

struct ast_node {
	ast_kind kind;
	/* Height of the subtree (a leaf is 1). The parser refuses trees
	 * deeper than PARSE_MAX_DEPTH, so every recursive walk is bounded. */
	uint32_t depth;
	src_span span;
	/* Free for the evaluator to remember something about the node
	 * between evaluations (eval.c: where an identifier was found). It
	 * fills what was padding, so the node is no bigger. */
	uint32_t eval_cache;
	/* Comment lines directly above a declaration or member (the text
	 * without comment markers, lines joined by '\n'), else NULL. */
	const char *doc;
	union {
		struct {
			ast_node *path;
			ast_ident alias;
			int has_alias;
		} import;
		/* AST_LET, AST_PARAM, AST_TYPE_DECL (type only), AST_OUTPUT,
		 * AST_FIELD_DECL (optional flag), AST_ASSIGN (name may be quoted:
		 * then key is the AST_STRING). */
		struct {
			ast_ident name;
			ast_node *type;  /* may be NULL */
			ast_node *value; /* may be NULL */
			int optional;    /* FIELD? : T */
			ast_node *key;   /* AST_ASSIGN with a quoted key, else NULL */
		} binding;
		struct {
			ast_node *cond;
			ast_node *message;
		} check;
		struct {
			ast_ident name;
			ast_list params;  /* AST_PARAM */
			int has_params;   /* stack s() vs stack s */
			ast_node *result; /* fn result type, may be NULL */
			ast_node *body;   /* fn body expression */
			ast_list members; /* schema/env/stack members */
		} decl;
		struct {
			ast_ident name;
			ast_node *kind;  /* IDENT/SELECT chain, NULL for `= value` */
			ast_list body;   /* AST_ASSIGN when kind != NULL */
			ast_node *value; /* when kind == NULL */
		} component;

		struct {
			int64_t value;
			ast_value_cache cache;
		} int_lit;
		struct {
			double value;
			ast_value_cache cache;
		} float_lit;
		struct {
			int value;
			ast_value_cache cache;
		} bool_lit;
		struct {
			ast_value_cache cache;
		} null_lit;
		struct {
			ast_list parts;
			int multiline;
			ast_value_cache cache; /* a literal without interpolation */
		} string;
		struct {
			const char *text;
			size_t len;
		} str_text;
		ast_ident ident;
		struct {
			ast_list items;
		} list; /* AST_LIST, AST_MAP */
		struct {
			ast_node *key;
			ast_node *value;
		} entry;
		struct {
			ast_ident key_var; /* first variable (index/key); len 0 if absent */
			ast_ident value_var;
			ast_node *collection;
			ast_node *key; /* AST_FOR_MAP only */
			ast_node *value;
			ast_node *cond; /* may be NULL */
		} comp;
		struct {
			ast_op op;
			ast_node *operand;
		} unary;
		struct {
			ast_op op;
			ast_node *lhs;
			ast_node *rhs;
		} binary;
		struct {
			ast_node *cond;
			ast_node *then;
			ast_node *other;
		} ternary;
		struct {
			ast_node *object;
			ast_ident name;
		} select;
		struct {
			ast_node *object;
			ast_node *index;
		} index;
		struct {
			ast_node *callee;
			ast_list args;
		} call;
		struct {
			ast_node *base;
			ast_list body;
		} amend;
		struct {
			ast_node *inner;
		} paren; /* AST_PAREN, AST_TYPE_PAREN, AST_TYPE_OPTIONAL */

		struct {
			ast_node *name;
			/* Filled by the evaluator on first use (eval_types.c):
			 * which builtin type the name means, if any. */
			int builtin;
		} type_name;
		struct {
			ast_ident name;
			ast_list args;
		} type_generic;
		struct {
			ast_list members;
		} type_union;
		struct {
			ast_node *value;
		} type_literal;
		struct {
			ast_ident base;
			ast_node *lo;
			ast_node *hi;
		} type_range; /* lo/hi may be NULL */
		struct {
			ast_ident base;
			const char *pattern;
			size_t len;
		} type_regex;
	} u;
};

typedef enum ast_comment_kind {
	AST_COMMENT_LINE,  /* # or // to end of line */
	AST_COMMENT_BLOCK, /* slash-star ... star-slash */
} ast_comment_kind;

typedef struct ast_comment {
	ast_comment_kind kind;
	src_span span; /* the whole comment including its markers */
} ast_comment;

typedef struct ast_file {
	const src_file *source;
	ast_list decls;
	ast_comment *comments; /* in source order */
	size_t comment_count;
	ast_node *expr; /* parse_expression() only */
} ast_file;

const char *ast_kind_name(ast_kind k);
const char *ast_op_text(ast_op op); /* "+", "&&", "!", ... */

void ast_list_push(arena *a, ast_list *l, ast_node *n);
ast_node *ast_new(arena *a, ast_kind kind, src_span span);
ast_ident ast_ident_make(arena *a, const char *text, size_t len, src_span span);

#endif

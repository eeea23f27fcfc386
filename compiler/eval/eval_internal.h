/* eval_internal.h - the evaluator's shared state, for the files of compiler/eval.
 *
 * Scopes hold bindings; a binding is either a declaration evaluated on
 * first use (and then remembered) or an already computed value (function
 * parameters, comprehension variables). The program (program.h) owns the
 * module scopes; the evaluator creates the inner ones.
 */
#ifndef STACKC_EVAL_INTERNAL_H
#define STACKC_EVAL_INTERNAL_H

#include "../base/map.h"
#include "../base/strbuf.h"
#include "../syntax/ast.h"
#include "builtins.h"
#include "eval.h"
#include "program.h"

typedef enum binding_kind {
	BIND_LET,
	BIND_PARAM,
	BIND_FN,
	BIND_SCHEMA,
	BIND_TYPE,
	BIND_STACK,
	BIND_IMPORT,
	BIND_COMPONENT,
	BIND_OUTPUT,
	BIND_LOCAL, /* function parameter, comprehension variable, field */
} binding_kind;

typedef enum binding_state {
	BIND_PENDING,
	BIND_EVALUATING, /* on the stack: reaching it again is a cycle */
	BIND_DONE,
} binding_state;

typedef struct scope scope;

/* A component that a binding's value was computed from, and where it was
 * named: the dependency graph's edges come from these. */
typedef struct dep {
	int node;
	src_span at;
	int depends_on; /* named in a depends_on list */
	const char *name;
} dep;

typedef struct dep_set {
	dep *items;
	uint32_t len;
	uint32_t cap;
} dep_set;

typedef struct binding {
	const char *name;
	binding_kind kind;
	binding_state state;
	const ast_node *decl; /* the declaration, NULL for BIND_LOCAL */
	scope *env;           /* where decl is evaluated */
	value *val;           /* once BIND_DONE (NULL: its evaluation failed) */
	src_span def;         /* the name where it is defined */
	int used;
	/* Components: the graph node and the path ("platform.api"). */
	int node;
	const char *path;
	/* Imports: the module it names. */
	struct module *module;
	/* The components its value depends on, directly or through the lets
	 * and functions it uses; filled while it is evaluated. */
	dep_set deps;
} binding;

struct scope {
	scope *parent;
	/* Where the scope and its bindings live: the evaluation's home
	 * arena, or a component's region (see eval_ctx). A binding's value
	 * is computed in its scope's arena. */
	arena *arena;
	binding **items; /* in order of definition */
	uint32_t len;
	uint32_t cap;
	uint32_t *index; /* position + 1 by name hash, once the scope is big */
	uint32_t index_cap;
	/* The component being evaluated in this scope and below (-1 none):
	 * references to other components from here are graph edges. */
	int component;
	const char *stack_path; /* "platform" inside stack platform */
	const char *module;     /* name of the module the scope belongs to */
};

/* How many component regions may be open at once (a component whose
 * evaluation forces another one opens a second); deeper ones are
 * evaluated in the home arena directly. */
#define EVAL_MAX_REGIONS 8

struct eval_ctx {
	/* Where new values go: `home` (the program's arena) or, while a
	 * component of a deployed stack is evaluated, that component's
	 * region. A region holds the garbage of one component's evaluation
	 * (call scopes, intermediate maps, amended records, unfinished
	 * strings); when the component is done its value is copied home
	 * (value_copy.c) and the region is reset for the next one. This
	 * keeps a big platform's memory at the size of its results. */
	arena *arena;
	arena *home;
	arena *regions[EVAL_MAX_REGIONS]; /* made on first use, reused */
	uint32_t nregions;                /* open now */
	struct value_copier *copier;      /* for region_close, reused */
	/* eval_string builds interpolated text here (text_busy: an
	 * interpolation inside one uses a buffer of its own), not in a new
	 * strbuf per string. */
	strbuf text;
	int text_busy;
	/* component_kind's last answer (eval_stack.c): the kind's text for
	 * the schema kind_name declared at kind_decl in module kind_module. */
	const void *kind_decl;
	const char *kind_module, *kind_name;
	const char *kind_text;
	struct crypto_lib *crypto; /* crypto.c, opened on first use */
	diag_list *diags;
	program *prog;
	int depth;  /* nested evaluations, for EVAL_MAX_DEPTH */
	int quiet;  /* > 0: errors are not reported (trying union members) */
	int failed; /* an error happened while quiet */
	diagnostic *last;
	diagnostic scratch;                       /* the diagnostic returned while quiet */
	int in_depends_on;                        /* evaluating a depends_on list */
	unsigned long long steps;                 /* eval_expr calls, for max_steps */
	unsigned long long max_steps, max_memory; /* eval_set_budgets */
	int exhausted;                            /* a budget was exceeded: stop everything */
	const char *component_path;               /* component being evaluated, or NULL */
	/* Bindings being evaluated, outermost first, with where each was
	 * used: a cycle is printed from here. */
	struct eval_frame {
		binding *b;
		src_span use;
	} * frames;
	uint32_t nframes;
	uint32_t frames_cap;
	/* Compiled patterns of string(/RE/) types by their text, made on
	 * first use (eval_types.c): compiling one per check was the most
	 * expensive part of instantiating a record. Freed with the arena. */
	struct regex_cache *regexes;
};

/* Where a codec's error message "line L, column C: WHY" points in `f`
 * (program.c), and WHY in *rest; the start of the file when the message
 * has no position. */
src_span codec_message_span(const src_file *f, const char *msg, const char **rest);

/* ---- scopes (eval_scope.c) ---- */
scope *scope_new(eval_ctx *ev, scope *parent);
/* A scope with room for `n` bindings (a call's parameters, a record's
 * fields), so that it never grows. */
scope *scope_new_sized(eval_ctx *ev, scope *parent, uint32_t n);
/* Add a binding; a name already bound in this very scope is reported
 * (E0102, "first defined here") and the new binding is not added. */
binding *scope_define(eval_ctx *ev, scope *s, const char *name, binding_kind kind,
	const ast_node *decl, src_span def);
binding *scope_local(scope *s, const char *name, value *v, src_span def);
binding *scope_lookup_here(const scope *s, const char *name);
/* scope_lookup_here, also telling the binding's position in s->items. */
binding *scope_find_here(const scope *s, const char *name, uint32_t *pos);
/* The binding an identifier names, or NULL; then *bi is the builtin it
 * names, or NULL. Remembers the answer in the node (eval_scope.c). */
binding *scope_lookup_ident(const scope *s, const ast_node *e, const builtin **bi);
binding *scope_lookup(const scope *s, const char *name);
/* The closest name to `name` visible from s (for "did you mean"). */
const char *scope_suggest(const scope *s, const char *name);
/* The closest of `n` candidate names, or NULL if none is close. */
const char *suggest_name(const char *name, const char *const *cands, size_t n);

/* ---- evaluation (eval.c) ---- */
value *eval_expr(eval_ctx *ev, scope *s, const ast_node *e);
/* Force a binding (lazy declarations); NULL after an error. */
value *eval_binding(eval_ctx *ev, binding *b, src_span use);
/* A call expression (eval_call.c). */
value *eval_call(eval_ctx *ev, scope *s, const ast_node *e);
/* Evaluate a string literal node. */
value *eval_string(eval_ctx *ev, scope *s, const ast_node *e);
/* The value of literal e (int, float, bool, null), and of string literal
 * e without interpolation, whose text is text (eval_ops.c, "literals":
 * made once, kept in the node). */
value *eval_literal(eval_ctx *ev, const ast_node *e);
value *eval_string_literal(eval_ctx *ev, const ast_node *e, const char *text, size_t len);

/* ---- operators (eval_ops.c) ---- */
value *eval_unary(eval_ctx *ev, const ast_node *e, value *x);
value *eval_binary(eval_ctx *ev, const ast_node *e, ast_op op, value *l, value *r);
/* The unknown among vs (first one), or NULL. */
value *first_unknown(value *const *vs, size_t n);
int any_secret(value *const *vs, size_t n);

/* ---- types (eval_types.c) ---- */
/* Check v against the type written at `type` (resolved in s), converting
 * where the language does (a map literal to a schema record, an int to a
 * float, a string to a secret). `path` names the place in messages
 * ("api.env.DB_HOST"). Returns the conforming value or NULL after an
 * error. */
value *conform(eval_ctx *ev, scope *s, const ast_node *type, value *v, const char *path);
/* Where a value sits, for messages: a root (TEXT, ARG "argument 'a' of
 * 'f'", RESULT "result of 'a'") followed by .KEY and [INDEX] steps.
 * Lives on the C stack of whoever descends; vpath_text() writes it out
 * (into the arena) only when a message needs it. */
typedef enum vpath_form {
	VPATH_TEXT,
	VPATH_ARG,
	VPATH_RESULT,
	VPATH_KEY,
	VPATH_INDEX
} vpath_form;
typedef struct vpath {
	const struct vpath *parent; /* NULL for a root */
	vpath_form form;
	const char *a; /* TEXT: the text; ARG: the parameter; RESULT: the function; KEY */
	const char *b; /* ARG: the function */
	uint32_t index;
} vpath;
const char *vpath_text(eval_ctx *ev, const vpath *p);
value *conform_at(eval_ctx *ev, scope *s, const ast_node *type, value *v, const vpath *path);
/* Instantiate schema `sch` from the entries of a body or a map. */
value *schema_instantiate(eval_ctx *ev, value *sch, vmap *fields, src_span at, const char *path);
value *schema_at(eval_ctx *ev, value *sch, vmap *fields, src_span at, const vpath *path);

/* Is `name` an optional field (name?: T) of schema value sch? */
int schema_field_optional(const value *sch, const char *name);

/* ---- stacks and components (eval_stack.c) ---- */
value *stack_instantiate(
	eval_ctx *ev, value *stk, vmap *args, src_span at, const char *path, int node);
/* A component's body without the fields every component has
 * (depends_on), which are checked here. NULL after an error. */
vmap *component_fields(eval_ctx *ev, vmap *fields, src_span at);
/* Evaluate an amend body into a map of field values. */
vmap *eval_body(eval_ctx *ev, scope *s, const ast_list *body);
value *eval_amend(eval_ctx *ev, scope *s, const ast_node *e);
/* The amend of `component NAME = BASE { ... }`: its body may also set
 * the fields every component accepts (depends_on). */
value *eval_component_amend(eval_ctx *ev, scope *s, const ast_node *e);
/* A record amended with `fields` (re-instantiated from the fields it was
 * given plus these; a plain map is merged). */
value *record_amend(
	eval_ctx *ev, const value *base, const vmap *fields, src_span at, const char *path);

/* ---- component regions (eval_region.c) ---- */
/* Open a region for evaluating component binding b if b lives in the
 * home arena (a component of a deployed stack, not one inside another
 * component's evaluation). Returns 1 if one was opened: ev->arena is
 * then the region. */
int region_open(eval_ctx *ev, const binding *b);
/* Close the region opened last: copy v and the values of the components
 * recorded since `first_component` home, reset the region, and return
 * v's copy. If they cannot be copied (a closure over the region), the
 * region's memory is kept instead and v returned as it is. */
value *region_close(eval_ctx *ev, value *v, uint32_t first_component);

/* ---- the names phase (resolve.c) ---- */
/* Check that every identifier in module m's declarations names
 * something; warn about unused function and stack parameters. Returns 0
 * if there were no errors. */
int resolve_module(eval_ctx *ev, const module *m);

/* ---- limits ---- */
int eval_enter(eval_ctx *ev, src_span at);
void eval_leave(eval_ctx *ev);

#endif

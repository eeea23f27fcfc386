/* builtins.h - the builtin functions (len, upper, merge, sha256, ...).
 *
 * A builtin receives its evaluated arguments with the span of each
 * argument expression, and returns a new value or NULL after reporting
 * an error through eval_error() (NULL is the evaluator's "error already
 * reported" value: it absorbs later cascades).
 *
 * Unknown-after-apply arguments: unless a builtin says otherwise, any
 * unknown argument makes the result unknown (same producer), decided by
 * the evaluator before the builtin runs (flag BUILTIN_SEES_UNKNOWN lets a
 * builtin handle them itself). Secret arguments make the result secret
 * when it is a string (flag BUILTIN_SEES_SECRET likewise).
 *
 * The table is documented, one example each, in docs/stdlib.md.
 */
#ifndef STACKC_EVAL_BUILTINS_H
#define STACKC_EVAL_BUILTINS_H

#include <stddef.h>

#include "../syntax/ast.h"
#include "value.h"

struct eval_ctx;

typedef struct builtin_call {
	struct eval_ctx *ev;
	arena *arena;  /* where results are allocated */
	src_span call; /* the whole call expression */
	/* The argument expressions, for where to report a bad one
	 * (builtin_arg_span). */
	struct ast_node *const *arg_nodes;
	value *const *args; /* never NULL entries */
	uint32_t nargs;
	/* Path of the component being evaluated ("platform.db"), or NULL
	 * outside components: known_after_apply() names it as producer. */
	const char *component;
} builtin_call;

/* Where argument i was written. */
static inline src_span builtin_arg_span(const builtin_call *c, uint32_t i)
{
	return c->arg_nodes[i]->span;
}

typedef value *(*builtin_fn)(builtin_call *c);

enum {
	BUILTIN_SEES_UNKNOWN = 1,
	BUILTIN_SEES_SECRET = 2,
};

typedef struct builtin {
	const char *name;
	int min_args;
	int max_args; /* -1: variadic */
	int flags;
	builtin_fn fn;
	const char *signature; /* "split(s: string, sep: string): list[string]" */
	const char *summary;   /* one line for docs and the REPL */
} builtin;

const builtin *builtin_lookup(const char *name);
const builtin *builtin_table(size_t *count);

#endif

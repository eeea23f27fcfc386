/* eval.h - evaluation of Stack modules.
 *
 * The evaluator is lazy: a declaration is evaluated the first time it is
 * needed and then remembered, so declaration order never matters and a
 * definition that needs itself is reported as a cycle. Errors are
 * reported to the diag_list and the failing expression evaluates to NULL,
 * which every operation passes on silently: one mistake, one message.
 */
#ifndef STACKC_EVAL_EVAL_H
#define STACKC_EVAL_EVAL_H

#include "../source/diag.h"
#include "value.h"

typedef struct eval_ctx eval_ctx;

/* Limits that keep evaluation finite and the C stack safe. Checked
 * before allocating. */
#define EVAL_MAX_DEPTH 200         /* nested calls/evaluations */
#define EVAL_MAX_LIST (1u << 24)   /* elements in one list or map */
#define EVAL_MAX_STRING (1u << 28) /* bytes in one string */
/* Budgets for the whole evaluation, so that runaway expansion (nested
 * comprehensions over big ranges) ends with an error instead of
 * exhausting the machine. Both are deterministic: the same program hits
 * them at the same point on every machine. */
#define EVAL_MAX_STEPS 50000000ull   /* expressions evaluated */
#define EVAL_MAX_MEMORY (1ull << 30) /* bytes held by evaluation */
/* ... plus this much per byte of the program's own source (the standard
 * library not counted): a platform of 100 000 services is big, not
 * runaway. */
#define EVAL_STEPS_PER_BYTE 100ull
#define EVAL_MEMORY_PER_BYTE 256ull

/* Report an evaluation error at `at` and return NULL (for
 * `return eval_error(...)`). */
value *eval_error(eval_ctx *ev, src_span at, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The diagnostic created by the last eval_error, to add notes/hints. */
diagnostic *eval_last_diag(eval_ctx *ev);
arena *eval_arena(eval_ctx *ev);
/* The value recorded in state for known_after_apply(path) of a
 * component, or NULL (program_state.c). */
const value *eval_recorded(eval_ctx *ev, const char *component, const char *path);

struct program;
/* Set the budgets for a program of `source_bytes` bytes. */
void eval_set_budgets(eval_ctx *ev, size_t source_bytes);
/* A context allocating in `home`, for `prog` (NULL: no program). */
eval_ctx *eval_ctx_new(arena *home, diag_list *d, struct program *prog);
/* A context with no program, for unit tests of builtins: only error
 * reporting and the arena work. Allocated in `a`. */
eval_ctx *eval_ctx_new_for_tests(arena *a, diag_list *d);

#endif

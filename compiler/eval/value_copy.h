/* value_copy.h - copying values out of a scratch arena.
 *
 * The evaluator computes each component of a deployed stack in a region
 * (a scratch arena, see eval_ctx) and keeps only its value: this copies
 * that value into the long-lived arena. Whatever does not live in the
 * region (strings of the source, values of module-level declarations,
 * schemas) is shared, not copied, and sharing inside the value is kept
 * (a labels map used by a Deployment and its pod template stays one
 * map).
 *
 * A value that holds a function, schema or stack declared inside the
 * region (a closure over the component's scope) cannot be copied: the
 * scope would have to come along. The copy then fails and the caller
 * keeps the whole region instead.
 */
#ifndef STACKC_EVAL_VALUE_COPY_H
#define STACKC_EVAL_VALUE_COPY_H

#include "value.h"

typedef struct value_copier value_copier;

/* A copier from `from` into `to`; its memory (a pointer table) is on the
 * heap, released by value_copier_free. */
value_copier *value_copier_new(const arena *from, arena *to);
void value_copier_free(value_copier *c);
/* Forget what was copied (the region was reset) and copy from `from`. */
void value_copier_reset(value_copier *c, const arena *from);

/* The copy of v in `to`, or NULL if v cannot leave `from` (see above).
 * Several calls on one copier share what the values share. */
value *value_copy_out(value_copier *c, const value *v);

#endif

/* tf_internal.h - the Terraform backend's conversion of values into
 * Terraform JSON (tf_convert.c), shared with the blocks and files of
 * terraform.c. Not used outside the backend.
 */
#ifndef STACKC_CODEGEN_TF_INTERNAL_H
#define STACKC_CODEGEN_TF_INTERNAL_H

#include "../base/strbuf.h"
#include "codegen.h"

/* Nesting limit of the walk over a component's value, as for every
 * recursive walker (reliability.md decision 17). Evaluated values are
 * bounded already; this keeps the C stack safe whatever built them. */
#define TF_MAX_DEPTH 256

/* How Terraform reads a position of the configuration. */
typedef enum tf_pos {
	TF_EXPR,    /* an expression: strings are templates */
	TF_LITERAL, /* taken as it is written: no templates, no references */
} tf_pos;

/* The state of one component's conversion. */
typedef struct tf_gen {
	cg_ctx *c;
	const program_component *pc;
	/* The generated sensitive variables, in the order their secrets were
	 * found, and the user's own variable declarations (resources), whose
	 * names the generated ones must not take. */
	vmap *secret_vars;
	const vmap *user_vars;
	const vmap *rec; /* the component's record */
	/* Path of the value being converted, inside the component's record
	 * ("inputs.password"), for messages and variable names. */
	strbuf path;
	/* Where the innermost key on the path was written, when the user
	 * wrote it (a schema default has no such place): diagnostics point
	 * there, or at the component's name. Pointing at the key, not the
	 * value, keeps a secret's literal text out of the excerpt. */
	src_span at;
	/* How many leading bytes of `path` to leave out of a generated
	 * variable's name ("inputs." for a module: the variable is named
	 * after the input). */
	size_t name_skip;
	int depth;
	int failed;
	const char *out_dir; /* directory of the component's main.tf.json */
} tf_gen;

/* A position on the path, to return to. */
typedef struct tf_mark {
	size_t len;
	src_span at;
} tf_mark;

/* Each is described at its definition in tf_convert.c. */
int tf_check_name(tf_gen *g, const vmap *m, const char *name, const char *what);
value *tf_convert(tf_gen *g, const value *v, tf_pos pos);
value *tf_convert_body(tf_gen *g, const value *body, const char *const *literal);
value *tf_convert_field(tf_gen *g, const value *v, const char *name, tf_pos pos);
const value *tf_field(const vmap *rec, const char *name);
int tf_is_empty_map(const value *v);
value *tf_map_value(tf_gen *g, vmap *m);
src_span tf_no_span(void);
void tf_pop(tf_gen *g, tf_mark saved);
tf_mark tf_push_index(tf_gen *g, uint32_t i);
tf_mark tf_push_key(tf_gen *g, const vmap *m, const char *key);
void tf_report_reserved(tf_gen *g, const vmap *m, const char *name);
int tf_reserved_var_name(const char *name);
void tf_set(tf_gen *g, vmap *m, const char *key, value *v);
value *tf_str(tf_gen *g, const char *s);

#endif

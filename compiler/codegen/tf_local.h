/* tf_local.h - local Terraform module sources copied into the output
 * (see tf_local.c). */
#ifndef STACKC_CODEGEN_TF_LOCAL_H
#define STACKC_CODEGEN_TF_LOCAL_H

#include "codegen.h"

/* Is `s` a local module source ("./x", "../x")? */
int tf_is_local_source(const char *s);

/* Copy the directory a local `source` (a string value) names into
 * OUT_DIR/modules/NAME and return the source that main.tf.json in
 * OUT_DIR uses instead, "./modules/NAME"; NULL after reporting E0716. */
const char *tf_local_module(
	cg_ctx *c, const program_component *pc, const value *source, const char *out_dir);

#endif

/* k8s_gen.h - the Kubernetes backend one component at a time.
 *
 * cg_kubernetes() renders every component of the program in order; the
 * streaming renderer (k8s_stream.c) does the same while evaluation is
 * still producing them. Both go through these three calls, so the two
 * give the same files and messages in the same order.
 */
#ifndef STACKC_CODEGEN_K8S_GEN_H
#define STACKC_CODEGEN_K8S_GEN_H

#include "codegen.h"

typedef struct k8s_gen k8s_gen;

/* Files and messages go to c (its arena, its diag_list). */
k8s_gen *k8s_gen_new(cg_ctx *c);
void k8s_gen_component(k8s_gen *g, const program_component *pc);
/* Returns 0, or -1 if an error was reported. */
int k8s_gen_free(k8s_gen *g);

#endif

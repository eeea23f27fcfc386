/* k8s_stream.h - the Kubernetes backend on a second thread, fed by the
 * evaluator as components become final (see k8s_stream.c).
 *
 *     cg_k8s_stream *s = cg_k8s_stream_start(&c);
 *     p->components_ready = cg_k8s_stream_ready;
 *     p->components_ready_data = s;
 *     int bad = program_check(p) != 0;
 *     p->components_ready = NULL;
 *     rc = cg_k8s_stream_finish(s, &c, !bad);          instead of cg_kubernetes
 */
#ifndef STACKC_CODEGEN_K8S_STREAM_H
#define STACKC_CODEGEN_K8S_STREAM_H

#include "codegen.h"

typedef struct cg_k8s_stream cg_k8s_stream;

/* Rendering with c's settings (environment, layout, --allow-unknown).
 * The thread starts when the first component is ready; without one (no
 * component, or no thread to be had) cg_k8s_stream_finish renders on
 * the caller's thread. */
cg_k8s_stream *cg_k8s_stream_start(const cg_ctx *c);
/* program.h's components_ready callback; `data` is the stream. */
void cg_k8s_stream_ready(void *data, const program_component *comps, uint32_t n, int all);
/* Wait for the thread. keep: render what is left of c->prog's
 * components, add the files and messages to c as cg_kubernetes would
 * have, and return what it would have (0 or -1). Not keep: throw it all
 * away (returns whatever). Frees s. */
int cg_k8s_stream_finish(cg_k8s_stream *s, cg_ctx *c, int keep);

#endif

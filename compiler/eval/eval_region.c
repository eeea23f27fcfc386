/* eval_region.c - evaluating each component in a region of its own.
 *
 * Evaluating a component makes far more than it keeps: call scopes,
 * records amended and instantiated again, maps merged into bigger maps,
 * strings built piece by piece. On a platform of 10 000 services that
 * garbage was nine tenths of the memory, and clearing its fresh pages
 * was a third of the run time. So each component of a deployed stack is
 * evaluated in a region (a scratch arena); when it is done its value,
 * and the values of the components inside it, are copied to the home
 * arena, and the region is reset for the next component, whose
 * allocations then land on the same warm pages.
 *
 * Nothing else may keep a pointer into a region. That is arranged where
 * things are made: a binding is computed in its scope's arena (eval.c),
 * dependencies grow in their binding's arena, and the names, paths and
 * lists the program keeps (components, graph, diagnostics, regex cache)
 * are allocated in the home arena.
 */
#include <stdlib.h>

#include "../base/xalloc.h"
#include "eval_internal.h"
#include "value_copy.h"

static void regions_free(void *data)
{
	eval_ctx *ev = data;
	for (uint32_t i = 0; i < EVAL_MAX_REGIONS; i++)
		if (ev->regions[i]) {
			arena_release(ev->regions[i]);
			free(ev->regions[i]);
		}
	value_copier_free(ev->copier);
	strbuf_release(&ev->text);
}

eval_ctx *eval_ctx_new(arena *home, diag_list *d, struct program *prog)
{
	eval_ctx *ev = ARENA_NEW(home, eval_ctx);
	ev->arena = home;
	ev->home = home;
	ev->diags = d;
	ev->prog = prog;
	strbuf_init(&ev->text);
	eval_set_budgets(ev, 0);
	arena_on_release(home, regions_free, ev);
	return ev;
}

void eval_set_budgets(eval_ctx *ev, size_t source_bytes)
{
	ev->max_steps = EVAL_MAX_STEPS + EVAL_STEPS_PER_BYTE * source_bytes;
	ev->max_memory = EVAL_MAX_MEMORY + EVAL_MEMORY_PER_BYTE * source_bytes;
}

int region_open(eval_ctx *ev, const binding *b)
{
	if (!ev->prog || b->env->arena != ev->home || ev->nregions == EVAL_MAX_REGIONS)
		return 0;
	arena **r = &ev->regions[ev->nregions++];
	if (!*r) {
		*r = xmalloc(sizeof(arena));
		arena_init(*r);
	}
	ev->arena = *r;
	return 1;
}

value *region_close(eval_ctx *ev, value *v, uint32_t first_component)
{
	arena *r = ev->regions[--ev->nregions];
	ev->arena = ev->home;
	program *p = ev->prog;
	uint32_t n = p->ncomponents - first_component;
	if (!ev->copier)
		ev->copier = value_copier_new(r, ev->home);
	else
		value_copier_reset(ev->copier, r);
	/* Copy everything before changing anything: a failure keeps all. */
	value *out = v ? value_copy_out(ev->copier, v) : NULL;
	int ok = out != NULL;
	const value **vals = n ? xmalloc(n * sizeof(*vals)) : NULL;
	for (uint32_t i = 0; i < n && ok; i++) {
		vals[i] = value_copy_out(ev->copier, p->components[first_component + i].val);
		ok = vals[i] != NULL;
	}
	if (ok) {
		for (uint32_t i = 0; i < n; i++) {
			p->components[first_component + i].val = vals[i];
			program_crd_note(&p->components[first_component + i]);
		}
		arena_reset(r);
	} else {
		/* An error (diagnostics may point at nothing in the region,
		 * but the components recorded may) or a closure: keep it all. */
		arena_absorb(ev->home, r);
		out = v;
	}
	free(vals);
	if (!ev->nregions && p->components_ready)
		p->components_ready(p->components_ready_data, p->components, p->ncomponents, 0);
	return out;
}

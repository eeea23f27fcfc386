/* k8s_stream.c - rendering Kubernetes manifests while evaluation runs.
 *
 * Rendering a component needs nothing but its final value, and the
 * evaluator says when values are final (program.h, components_ready).
 * So on a machine with two cores the manifests of the first components
 * are written on the second core while the main one still evaluates
 * the rest: on a platform of 10 000 services rendering was a third of
 * the build.
 *
 * The renderer thread works on a private cg_ctx: its own arena, its own
 * diag_list and file list, reading only values that are final (never
 * written again) and the program's syntax tree. Nothing is shared but
 * the queue below, under a mutex. When evaluation is done the caller
 * either takes the result (cg_k8s_stream_finish with keep: the files,
 * then the messages, appended in component order exactly as
 * cg_kubernetes would have made them, after the evaluation's) or drops
 * it (evaluation failed: a serial build would not have rendered at
 * all).
 */
#include "k8s_stream.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"
#include "k8s_gen.h"

#define STREAM_START_AT 8

struct cg_k8s_stream {
	/* The renderer's own world. */
	cg_ctx ctx;
	arena arena;
	diag_list diags;
	k8s_gen *gen;
	uint32_t rendered; /* how many components the thread has rendered */

	pthread_t thread;
	int started; /* 1: the thread runs (from STREAM_START_AT components on);
		      * -1: it could not be started */
	pthread_mutex_t lock;
	pthread_cond_t more;
	/* Under `lock`: the components that are final, and what to do. */
	const program_component *comps;
	uint32_t ready;
	int all;           /* the evaluator says no more will come */
	int closing;       /* the caller waits for the result */
	int dropped;       /* the result is not wanted: stop early */
	int waiting;       /* the thread sleeps on `more` */
	uint32_t woken_at; /* `ready` when the thread was last woken */
};

/* A sleeping renderer is woken when this many more components are
 * final (or the last ones): each wake is a system call on this thread
 * and a context switch on the other, and one per component was
 * thousands of them, while rendering a few costs less than a wake. */
#define STREAM_WAKE_EVERY 8

static void *render_thread(void *data)
{
	cg_k8s_stream *s = data;
	uint32_t done = 0;
	int dropped = 0;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		while (s->ready == done && !s->all && !s->closing && !s->dropped) {
			s->waiting = 1;
			pthread_cond_wait(&s->more, &s->lock);
			s->waiting = 0;
		}
		const program_component *comps = s->comps;
		uint32_t ready = s->ready;
		int last = s->all || s->closing || s->dropped;
		dropped = s->dropped;
		pthread_mutex_unlock(&s->lock);
		if (dropped)
			break;
		for (; done < ready; done++)
			k8s_gen_component(s->gen, &comps[done]);
		if (last)
			break;
	}
	s->rendered = done;
	/* In output order, while the main thread still checks the graph:
	 * the build's own sort then finds them sorted (a linear check). */
	if (!dropped)
		cg_sort_files(s->ctx.files, s->ctx.nfiles);
	return NULL;
}

cg_k8s_stream *cg_k8s_stream_start(const cg_ctx *c)
{
	cg_k8s_stream *s = xcalloc(1, sizeof(*s));
	arena_init(&s->arena);
	/* Its pages are cleared on this (second) core anyway, and a feeder
	 * would hold a chunk in reserve: peak memory, not time. */
	s->arena.no_feeder = 1;
	diag_list_init(&s->diags, &s->arena, c->diags->sources);
	s->ctx = *c;
	s->ctx.arena = &s->arena;
	s->ctx.diags = &s->diags;
	s->ctx.files = NULL;
	s->ctx.nfiles = s->ctx.cap = 0;
	s->gen = k8s_gen_new(&s->ctx);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->more, NULL);
	return s;
}

void cg_k8s_stream_ready(void *data, const program_component *comps, uint32_t n, int all)
{
	cg_k8s_stream *s = data;
	/* The thread starts once STREAM_START_AT components are final: a
	 * program with fewer (a small file) renders them faster on this
	 * thread than a second one starts and is joined (about 0.2 ms of a
	 * trivial build). Until it starts, or if it cannot start,
	 * cg_k8s_stream_finish renders what is left itself. */
	if (!s->started && n >= STREAM_START_AT)
		s->started = pthread_create(&s->thread, NULL, render_thread, s) == 0 ? 1 : -1;
	if (s->started <= 0)
		return;
	pthread_mutex_lock(&s->lock);
	s->comps = comps;
	s->ready = n;
	s->all = all;
	if (s->waiting && (all || n - s->woken_at >= STREAM_WAKE_EVERY)) {
		s->woken_at = n;
		pthread_cond_signal(&s->more);
	}
	pthread_mutex_unlock(&s->lock);
}

int cg_k8s_stream_finish(cg_k8s_stream *s, cg_ctx *c, int keep)
{
	pthread_mutex_lock(&s->lock);
	if (keep) {
		/* Every component, in case the last ones came without a call. */
		s->comps = c->prog->components;
		s->ready = c->prog->ncomponents;
		s->closing = 1;
	} else {
		s->dropped = 1;
	}
	pthread_cond_signal(&s->more);
	pthread_mutex_unlock(&s->lock);
	if (s->started > 0)
		pthread_join(s->thread, NULL);
	else
		render_thread(s); /* here, on this thread */
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->more);
	if (keep && s->rendered < c->prog->ncomponents) {
		/* Not expected (the evaluator's last call covers them all),
		 * but never lose a component. */
		for (uint32_t i = s->rendered; i < c->prog->ncomponents; i++)
			k8s_gen_component(s->gen, &c->prog->components[i]);
		cg_sort_files(s->ctx.files, s->ctx.nfiles);
	}
	int rc = k8s_gen_free(s->gen);
	if (keep) {
		if (c->nfiles + s->ctx.nfiles > c->cap) {
			/* Once, to the size needed: 30 000 files doubling their
			 * way up left megabytes of old arrays in the arena. */
			uint32_t cap = c->nfiles + s->ctx.nfiles + 16;
			c->files = arena_grow_array(
				c->arena, c->files, c->nfiles, cap, sizeof(*c->files));
			c->cap = cap;
		}
		if (s->ctx.nfiles) /* no files: the arrays may be NULL */
			memcpy(c->files + c->nfiles, s->ctx.files,
				s->ctx.nfiles * sizeof(*c->files));
		c->nfiles += s->ctx.nfiles;
		diag_list_append(c->diags, &s->diags);
		/* What the files and messages point to now lives as long
		 * as the build's arena. */
		diag_list_release(&s->diags);
		arena_absorb(c->arena, &s->arena);
	} else {
		diag_list_release(&s->diags);
		arena_release(&s->arena);
	}
	free(s);
	return rc;
}

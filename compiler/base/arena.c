/* arena.c - bump allocator in growing chunks (see arena.h).
 *
 * Chunks are 64 KiB, 256 KiB, then 4 MiB; an allocation bigger
 * than a quarter of the chunk size gets a chunk of its own so that large
 * arrays do not waste the tail of a chunk.
 *
 * Chunks come from calloc and the bump pointer only moves forward, so
 * every byte handed out is still zero: arena_alloc need not clear it.
 * That matters: the evaluator allocates hundreds of megabytes of small
 * objects on a big platform, and clearing each one again was a third
 * of the run time (large chunks are fresh mmap pages, which the kernel
 * zeroes anyway, so calloc itself does not clear them).
 */
/* madvise() and MAP_ANONYMOUS are not in POSIX.1-2008 alone. */
#define _DEFAULT_SOURCE
#include "arena.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

/* 8, not max_align_t's 16: nothing stackc keeps in an arena needs more
 * than a pointer, an int64_t or a double, and most of what it keeps is
 * small (a 40-byte value, a short string), where rounding to 16 was a
 * tenth of the memory. */
#define ARENA_ALIGN 8
#define CHUNK_MIN (64u * 1024u)
#define CHUNK_MAX (4u * 1024u * 1024u)

struct arena_chunk {
	arena_chunk *next;
	size_t size; /* usable bytes in data[] */
	size_t used;
	size_t mapped; /* from map_chunk(): the length to munmap, else 0 */
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena_cleanup {
	arena_cleanup *next;
	void (*fn)(void *);
	void *data;
};

void arena_init(arena *a)
{
	a->next = a->end = NULL;
	a->chunks = NULL;
	a->cleanups = NULL;
	a->total = 0;
	a->feeder = NULL;
	a->big_chunks = 0;
	a->no_feeder = 0;
	a->expect_big = 0;
}

void arena_expect(arena *a, size_t bytes)
{
	size_t room = a->next ? (size_t)(a->end - a->next) : 0;
	if (bytes > room && bytes > CHUNK_MIN + CHUNK_MIN * 4)
		a->expect_big = 1;
}

static void feeder_stop(arena *a);

int arena_only_range(const arena *a, const unsigned char **lo, const unsigned char **hi)
{
	const arena_chunk *k = a->chunks;
	if (!k || k->next)
		return 0;
	*lo = k->data;
	*hi = k->data + (a->next ? (size_t)(a->next - k->data) : k->used);
	return 1;
}

static void free_chunk(arena_chunk *k);

/* Run and forget every cleanup, newest first. */
static void run_cleanups(arena *a)
{
	arena_cleanup *c = a->cleanups;
	while (c) {
		arena_cleanup *next = c->next;
		c->fn(c->data);
		free(c);
		c = next;
	}
	a->cleanups = NULL;
}

void arena_release(arena *a)
{
	feeder_stop(a);
	run_cleanups(a);
	arena_chunk *k = a->chunks;
	while (k) {
		arena_chunk *next = k->next;
		free_chunk(k);
		k = next;
	}
	arena_init(a);
}

#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(STACKC_DEBUG_ARENA)
/* A full-size chunk (CHUNK_MAX bytes with its header) straight from
 * mmap, aligned to 2 MiB and offered to the kernel for transparent huge
 * pages. A big build fills hundreds of these; with 4 KiB pages every one
 * costs a thousand page faults, which on a virtual machine were a
 * quarter of the run time. NULL if the system says no: the caller then
 * uses calloc. The pages of an anonymous mapping are zero. */
#define HUGE_PAGE (2u * 1024u * 1024u)
static arena_chunk *map_chunk_of(size_t bytes)
{
	size_t chunk = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
	if (chunk < bytes)
		return NULL;
	size_t len = chunk + HUGE_PAGE;
	unsigned char *p =
		mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	unsigned char *aligned = (unsigned char *)start;
	if (aligned > p)
		munmap(p, (size_t)(aligned - p));
	size_t tail = (size_t)(p + len - (aligned + chunk));
	if (tail)
		munmap(aligned + chunk, tail);
	madvise(aligned, chunk, MADV_HUGEPAGE); /* a hint: failure is fine */
	arena_chunk *k = (arena_chunk *)aligned;
	k->size = chunk - sizeof(arena_chunk);
	k->mapped = chunk;
	return k;
}

static arena_chunk *map_chunk(void)
{
	return map_chunk_of(CHUNK_MAX);
}

/* ---- Feeding a big arena ------------------------------------------------
 * The first write to a fresh page makes the kernel clear it, and on a
 * virtual machine that costs up to a millisecond per megabyte: on a
 * platform of 10 000 services a third of the evaluation was spent there,
 * on the thread doing the work. So once an arena has taken FEED_AFTER
 * full-size chunks (it is likely to take more), a helper thread
 * maps and touches the next ones in advance, on the other core, and the
 * arena takes them ready. At most FEED_AHEAD chunk waits (4 MiB), and
 * what they hold is exactly what a fresh mapping would: zeros. Nothing
 * about the result depends on it, only the time. */
/* Chunks an arena takes itself before it is fed: 16 MiB. The feeder
 * always has one chunk touched in advance, and a program that stops
 * soon after it starts wastes that chunk: at 1000 services (three
 * chunks) feeding from the first chunk on cleared 6 MB more and was no
 * faster; from 10 000 services up, the saving is the same either way. */
#define FEED_AFTER 4
#define FEED_AHEAD 1

struct arena_feeder {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	arena_chunk *ready[FEED_AHEAD];
	int nready;
	int stop;
};

static void touch_chunk(arena_chunk *k)
{
	volatile unsigned char *p = (volatile unsigned char *)k;
	for (size_t off = 4096; off < CHUNK_MAX; off += 4096)
		p[off] = 0;
}

static void *feeder_main(void *data)
{
	arena_feeder *f = data;
	pthread_mutex_lock(&f->lock);
	while (!f->stop) {
		if (f->nready == FEED_AHEAD) {
			pthread_cond_wait(&f->wake, &f->lock);
			continue;
		}
		pthread_mutex_unlock(&f->lock);
		arena_chunk *k = map_chunk();
		if (k)
			touch_chunk(k);
		pthread_mutex_lock(&f->lock);
		if (!k)
			break; /* the arena maps its own, as before */
		f->ready[f->nready++] = k;
	}
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

static void feeder_start(arena *a)
{
	arena_feeder *f = xcalloc(1, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->wake, NULL);
	if (pthread_create(&f->thread, NULL, feeder_main, f) != 0) {
		pthread_mutex_destroy(&f->lock);
		pthread_cond_destroy(&f->wake);
		free(f);
		a->no_feeder = 1;
		return;
	}
	a->feeder = f;
}

static void feeder_stop(arena *a)
{
	arena_feeder *f = a->feeder;
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->stop = 1;
	pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	for (int i = 0; i < f->nready; i++)
		munmap(f->ready[i], f->ready[i]->mapped);
	pthread_mutex_destroy(&f->lock);
	pthread_cond_destroy(&f->wake);
	free(f);
	a->feeder = NULL;
}

/* A full-size chunk: a ready one from the feeder, or a fresh mapping. */
static arena_chunk *big_chunk(arena *a)
{
	arena_chunk *k = NULL;
	if (a->feeder) {
		arena_feeder *f = a->feeder;
		pthread_mutex_lock(&f->lock);
		if (f->nready)
			k = f->ready[--f->nready];
		pthread_cond_signal(&f->wake);
		pthread_mutex_unlock(&f->lock);
	} else if (++a->big_chunks == FEED_AFTER && !a->no_feeder) {
		feeder_start(a);
	}
	return k ? k : map_chunk();
}
#else
static void feeder_stop(arena *a)
{
	(void)a;
}
#endif

static arena_chunk *new_chunk(size_t size)
{
	if (size > SIZE_MAX - sizeof(arena_chunk))
		xalloc_too_big();
#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(STACKC_DEBUG_ARENA)
	/* A chunk of CHUNK_MIN or more straight from mmap: its pages are
	 * zero and each is faulted in when first used. calloc cleared the
	 * whole 64 KiB of a first chunk that a small file uses a page of,
	 * a third of the instructions of checking one. */
	if (size >= CHUNK_MIN - sizeof(arena_chunk)) {
		size_t len = (sizeof(arena_chunk) + size + 4095) & ~(size_t)4095;
		void *p =
			mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			arena_chunk *k = p;
			k->size = len - sizeof(arena_chunk);
			k->mapped = len;
			return k;
		}
	}
#endif
	arena_chunk *k = xcalloc(1, sizeof(arena_chunk) + size);
	k->size = size;
	k->used = 0;
	return k;
}

/* The current chunk's `used` from the inline allocator's pointer: every
 * function here that reads `used` calls this first. */
static void sync_used(arena *a)
{
	if (a->chunks && a->next)
		a->chunks->used = (size_t)(a->next - a->chunks->data);
}

/* Make k the current chunk of the inline allocator. */
static void set_current(arena *a, arena_chunk *k)
{
	a->next = k->data + k->used;
	a->end = k->data + k->size;
}

void *arena_alloc_slow(arena *a, size_t size)
{
	_Static_assert(ARENA_ALIGN == 8, "arena.h's arena_alloc rounds to 8");
	sync_used(a);
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < size)
		xalloc_too_big();
	a->total += need;
#ifdef STACKC_DEBUG_ARENA
	/* One chunk per object: ASan then catches any overflow exactly. */
	arena_chunk *k = new_chunk(size ? size : 1);
	k->used = k->size; /* for arena_contains */
	k->next = a->chunks;
	a->chunks = k;
	memset(k->data, 0, k->size);
	return k->data;
#else
	arena_chunk *k = a->chunks;
	if (!k || k->size - k->used < need) {
		/* 64 KiB, 256 KiB, then full-size chunks: a small program stays
		 * small, and a big one reaches the huge-page chunks after
		 * 320 KiB of 4 KiB pages rather than 4 MiB of them (each 4 KiB
		 * page fault costs about 10 us on a virtual machine). */
		size_t last = a->chunks ? a->chunks->size : CHUNK_MIN / 4;
		size_t chunk = last < CHUNK_MIN * 4 && !a->expect_big ? last * 4 : CHUNK_MAX;
		if (chunk > CHUNK_MAX)
			chunk = CHUNK_MAX;
		if (chunk < CHUNK_MIN)
			chunk = CHUNK_MIN;
		if (need > chunk / 4) {
			/* Big object: private chunk, linked behind the current
			 * one so the current chunk's free tail stays usable. */
			arena_chunk *big = NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
			/* A megabyte or more (the component list of a big
			 * platform): huge pages too, not 4 KiB faults. */
			if (need >= HUGE_PAGE / 2)
				big = map_chunk_of(sizeof(arena_chunk) + need);
#endif
			if (!big)
				big = new_chunk(need);
			big->used = need;
			if (a->chunks) {
				big->next = a->chunks->next;
				a->chunks->next = big;
			} else {
				big->next = NULL;
				a->chunks = big;
			}
			return big->data;
		}
		k = NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
		if (chunk == CHUNK_MAX)
			k = big_chunk(a);
#endif
		if (!k)
			k = new_chunk(chunk);
		k->next = a->chunks;
		a->chunks = k;
		a->expect_big = 0;
	}
	void *p = k->data + k->used;
	k->used += need;
	set_current(a, k);
	return p;
#endif
}

void *arena_grow_array(arena *a, void *old, size_t old_count, size_t new_count, size_t size)
{
	void *p = arena_alloc_array(a, new_count, size);
	if (old && old_count)
		memcpy(p, old, old_count * size);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	/* Most results are short: format once into a local buffer and copy,
	 * rather than measuring with one vsnprintf and writing with another. */
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < sizeof(buf))
		return arena_strndup(a, buf, (size_t)n);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *arena_concat(arena *a, const char *first, ...)
{
	va_list ap;
	size_t len = 0;
	va_start(ap, first);
	for (const char *p = first; p; p = va_arg(ap, const char *))
		len += strlen(p);
	va_end(ap);
	char *out = arena_alloc(a, len + 1), *q = out;
	va_start(ap, first);
	for (const char *p = first; p; p = va_arg(ap, const char *)) {
		size_t n = strlen(p);
		memcpy(q, p, n);
		q += n;
	}
	va_end(ap);
	*q = '\0';
	return out;
}

void arena_on_release(arena *a, void (*fn)(void *), void *data)
{
	arena_cleanup *c = xmalloc(sizeof(*c));
	c->fn = fn;
	c->data = data;
	c->next = a->cleanups;
	a->cleanups = c;
}

int arena_contains(const arena *a, const void *p)
{
	const unsigned char *q = p;
	for (const arena_chunk *k = a->chunks; k; k = k->next) {
		/* The current chunk's use is where the inline allocator is. */
		size_t used = k == a->chunks && a->next ? (size_t)(a->next - k->data) : k->used;
		if (q >= k->data && q < k->data + used)
			return 1;
	}
	return 0;
}

static void free_chunk(arena_chunk *k)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(STACKC_DEBUG_ARENA)
	if (k->mapped) {
		munmap(k, k->mapped);
		return;
	}
#endif
	free(k);
}

void arena_reset(arena *a)
{
	sync_used(a);
	arena_chunk *keep = a->chunks;
#ifdef STACKC_DEBUG_ARENA
	keep = NULL; /* one chunk per object: keep none, ASan sees every reuse */
#endif
	run_cleanups(a);
	arena_chunk *k = keep ? keep->next : a->chunks;
	while (k) {
		arena_chunk *next = k->next;
		free_chunk(k);
		k = next;
	}
	a->chunks = keep;
	a->total = 0;
	if (keep) {
		/* arena_alloc hands out zeroed memory without clearing it. */
		memset(keep->data, 0, keep->used);
		keep->used = 0;
		keep->next = NULL;
		set_current(a, keep);
	} else {
		a->next = a->end = NULL;
	}
}

void arena_absorb(arena *into, arena *from)
{
	feeder_stop(from);
	sync_used(from);
	arena_chunk *last = from->chunks;
	if (last) {
		while (last->next)
			last = last->next;
		/* Behind into's current chunk, whose free tail stays in use. */
		if (into->chunks) {
			last->next = into->chunks->next;
			into->chunks->next = from->chunks;
		} else {
			into->chunks = from->chunks;
			into->next = from->next;
			into->end = from->end;
		}
	}
	if (from->cleanups) {
		/* from's are newer: they run first, in their own order. */
		arena_cleanup *c = from->cleanups;
		while (c->next)
			c = c->next;
		c->next = into->cleanups;
		into->cleanups = from->cleanups;
	}
	into->total += from->total;
	arena_init(from);
}

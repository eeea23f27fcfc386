/* arena.h - region allocator: one per compilation (or per plan/step).
 *
 * Everything allocated from an arena is freed at once by arena_release().
 * Tokens, AST nodes, symbols and diagnostics live this way, so no phase
 * has to track individual lifetimes.
 *
 * Non-memory resources tied to the same lifetime (open files, handles)
 * are registered with arena_on_release() and released in reverse order.
 *
 * Built with STACKC_DEBUG_ARENA, every allocation is a separate malloc so
 * that AddressSanitizer sees the exact bounds of each object.
 */
#ifndef STACKC_BASE_ARENA_H
#define STACKC_BASE_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena_cleanup arena_cleanup;

typedef struct arena_feeder arena_feeder;

typedef struct arena {
	/* The free part of the current chunk: arena_alloc below takes from
	 * it without a call (allocating is the commonest thing the
	 * evaluator does). NULL with the debug arena, which allocates every
	 * object on its own. */
	unsigned char *next, *end;
	arena_chunk *chunks;     /* newest first */
	arena_cleanup *cleanups; /* newest first */
	size_t total;            /* bytes handed out, for statistics */
	/* A big arena gets a helper thread that prepares its next chunks
	 * (arena.c, "Feeding a big arena"); NULL until then. */
	arena_feeder *feeder;
	unsigned big_chunks; /* full-size chunks taken so far */
	int no_feeder;       /* starting one failed: do not try again */
	int expect_big;      /* arena_expect: the next chunk is full-size */
} arena;

void arena_init(arena *a);
/* A hint that about `bytes` more will be allocated soon: when that is
 * more than the small first chunks hold, the next chunk is a full-size
 * one (huge pages) at once. On a virtual machine a 4 KiB page fault
 * costs about as much as clearing 10 KiB, so a parse of std/k8s (half a
 * megabyte of syntax tree) was cheaper in one huge page than in the
 * 64 KiB and 256 KiB chunks on the way to it. */
void arena_expect(arena *a, size_t bytes);
/* Frees every allocation and runs every cleanup; `a` may be reused. */
void arena_release(arena *a);

/* Zero-initialised, aligned to 8 bytes: for pointers, 64-bit integers
 * and doubles, not for long double or over-aligned types. Never returns
 * NULL. */
void *arena_alloc_slow(arena *a, size_t size);
static inline void *arena_alloc(arena *a, size_t size)
{
	size_t need = (size + 7) & ~(size_t)7; /* ARENA_ALIGN in arena.c */
	/* need - 1 < room: 0 < need <= room (size 0 takes the slow way). */
	if (need >= size && need - 1 < (size_t)(a->end - a->next)) {
		void *p = a->next;
		a->next += need;
		a->total += need;
		return p;
	}
	return arena_alloc_slow(a, size);
}
/* arena_alloc for `count` objects of `size` bytes, overflow-checked.
 * Inline: every map and list the evaluator makes comes through here. */
_Noreturn void xalloc_too_big(void);
static inline void *arena_alloc_array(arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		xalloc_too_big();
	return arena_alloc(a, count * size);
}
/* Grow an array previously returned by arena_alloc_array (the old block
 * stays in the arena until release). */
void *arena_grow_array(arena *a, void *old, size_t old_count, size_t new_count, size_t size);
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The strings up to the NULL, one after the other: a path or a name
 * built for every object rendered, where arena_printf's format parsing
 * was a tenth of the rendering. */
char *arena_concat(arena *a, const char *first, ...) __attribute__((sentinel));

/* Scratch arenas (the evaluator's per-component regions) ----------------- */

/* Does p point into memory handed out by `a`? Linear in the number of
 * chunks, which a scratch arena keeps small. */
int arena_contains(const arena *a, const void *p);
/* When `a` has one chunk: 1, with [*lo, *hi) the memory handed out from
 * it (arena_contains is then that range check); 0 otherwise. Valid until
 * the next allocation. */
int arena_only_range(const arena *a, const unsigned char **lo, const unsigned char **hi);
/* Free everything but keep the newest chunk, cleared, for the next use:
 * an arena reused for thousands of short evaluations then touches the
 * same warm pages instead of asking the kernel for fresh ones. */
void arena_reset(arena *a);
/* Move every chunk and cleanup of `from` into `into` (released with it);
 * `from` is left empty. For when what was allocated in a scratch arena
 * must live on after all. */
void arena_absorb(arena *into, arena *from);

/* Run fn(data) when the arena is released. */
void arena_on_release(arena *a, void (*fn)(void *), void *data);

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))

#endif

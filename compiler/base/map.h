/* map.h - string-keyed hash map that remembers insertion order.
 *
 * Iteration order is insertion order, never hash order: output built by
 * walking a map is deterministic. Keys are borrowed (the caller keeps
 * them alive, typically in an arena or the source text); values are
 * opaque pointers.
 *
 * Layout follows CPython's compact dict: a dense entries array in
 * insertion order plus a sparse open-addressing index of positions.
 */
#ifndef STACKC_BASE_MAP_H
#define STACKC_BASE_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct map_entry {
	const char *key;
	uint32_t key_len; /* keys are names and paths, never gigabytes */
	uint32_t deleted;
	uint64_t hash;
	void *value;
} map_entry; /* 32 bytes: a platform's maps have tens of thousands */

typedef struct map {
	map_entry *entries;  /* insertion order; deleted entries are tombstones */
	size_t len;          /* entries used (including tombstones) */
	size_t count;        /* live entries */
	size_t cap;          /* entries allocated */
	int32_t *index;      /* -1 empty, -2 deleted, else entry number */
	size_t index_cap;    /* power of two */
	struct arena *arena; /* map_init_in: where the arrays are; else the heap */
} map;

void map_init(map *m);
/* A map whose arrays, while small (up to 256 KiB), come from arena `a`:
 * growing leaves the old ones there, and the arena frees them. For the
 * big maps of a build (a graph's nodes, the objects rendered), where
 * each doubling on the heap landed on fresh pages, and a page fault
 * costs more than copying the page on a virtual machine. Bigger arrays
 * go to the heap (map_release frees those). */
void map_init_in(map *m, struct arena *a);
void map_release(map *m);

uint64_t map_hash(const char *key, size_t len);

/* Value for key, or NULL. `found` (may be NULL) tells a NULL value from
 * an absent key. */
void *map_get(const map *m, const char *key, size_t len, int *found);
/* Insert or replace. Returns 1 if the key was new, 0 if replaced. */
int map_put(map *m, const char *key, size_t len, void *value);
/* Remove the key; returns 1 if it was present. */
int map_remove(map *m, const char *key, size_t len);
size_t map_count(const map *m);

/* Iterate live entries in insertion order:
 *   for (size_t i = 0; map_next(m, &i, &e); ) ...           */
int map_next(const map *m, size_t *cursor, const map_entry **out);

#endif

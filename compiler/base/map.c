/* map.c - insertion-ordered hash map (see map.h).
 *
 * The hash is FNV-1a over 64 bits with a final avalanche step
 * (splitmix64's finaliser), which spreads short identifier keys well
 * across the low bits that the index mask keeps. It is not keyed: inputs
 * are trusted source files, and iteration order never depends on it.
 */
#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

#define SLOT_EMPTY (-1)
#define SLOT_DELETED (-2)

void map_init(map *m)
{
	memset(m, 0, sizeof(*m));
}

void map_init_in(map *m, arena *a)
{
	map_init(m);
	m->arena = a;
}

/* Arrays up to this size grow in the arena of map_init_in; bigger ones
 * on the heap, so that a map of many thousand keys does not leave
 * megabytes of its old arrays in the arena (the peak memory of a
 * platform of 10 000 services is a target too). */
#define MAP_ARENA_MAX (256u << 10)

/* Is an array of `bytes` bytes in the arena rather than on the heap? */
static int in_arena(const map *m, size_t bytes)
{
	return m->arena && bytes <= MAP_ARENA_MAX;
}

/* Room for n items of `size` bytes in place of `old` (old_n items). */
static void *grow(map *m, void *old, size_t old_n, size_t n, size_t size, int keep)
{
	if (in_arena(m, n * size))
		return keep ? arena_grow_array(m->arena, old, old_n, n, size) :
			      arena_alloc_array(m->arena, n, size);
	if (old && in_arena(m, old_n * size)) {
		/* Leaving the arena: the old array stays there. */
		void *p = xreallocarray(NULL, n, size);
		if (keep && old_n)
			memcpy(p, old, old_n * size);
		return p;
	}
	if (!keep) {
		free(old);
		return xreallocarray(NULL, n, size);
	}
	return xreallocarray(old, n, size);
}

void map_release(map *m)
{
	if (!in_arena(m, m->cap * sizeof(map_entry)))
		free(m->entries);
	if (!in_arena(m, m->index_cap * sizeof(int32_t)))
		free(m->index);
	map_init(m);
}

uint64_t map_hash(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h;
}

static int key_eq(const map_entry *e, const char *key, size_t len, uint64_t h)
{
	return e->hash == h && e->key_len == len && (len == 0 || memcmp(e->key, key, len) == 0);
}

/* Slot holding `key`, or -1. */
static long find_slot(const map *m, const char *key, size_t len, uint64_t h)
{
	if (!m->index_cap)
		return -1;
	size_t mask = m->index_cap - 1;
	for (size_t i = h & mask, n = 0; n < m->index_cap; i = (i + 1) & mask, n++) {
		int32_t ix = m->index[i];
		if (ix == SLOT_EMPTY)
			return -1;
		if (ix >= 0 && key_eq(&m->entries[ix], key, len, h))
			return (long)i;
	}
	return -1;
}

/* Rebuild the index at `cap` slots, compacting tombstones out of the
 * entries array (order of live entries is kept). */
static void rebuild(map *m, size_t cap)
{
	size_t j = 0;
	for (size_t i = 0; i < m->len; i++)
		if (!m->entries[i].deleted)
			m->entries[j++] = m->entries[i];
	m->len = j;
	m->index = grow(m, m->index, m->index_cap, cap, sizeof(int32_t), 0);
	for (size_t i = 0; i < cap; i++)
		m->index[i] = SLOT_EMPTY;
	m->index_cap = cap;
	size_t mask = cap - 1;
	for (size_t e = 0; e < m->len; e++) {
		size_t i = m->entries[e].hash & mask;
		while (m->index[i] != SLOT_EMPTY)
			i = (i + 1) & mask;
		m->index[i] = (int32_t)e;
	}
}

void *map_get(const map *m, const char *key, size_t len, int *found)
{
	long s = find_slot(m, key, len, map_hash(key, len));
	if (found)
		*found = s >= 0;
	return s >= 0 ? m->entries[m->index[s]].value : NULL;
}

int map_put(map *m, const char *key, size_t len, void *value)
{
	if (len > UINT32_MAX)
		xalloc_too_big();
	uint64_t h = map_hash(key, len);
	long s = find_slot(m, key, len, h);
	if (s >= 0) {
		m->entries[m->index[s]].value = value;
		return 0;
	}
	/* Keep the index at most half full (tombstones count as full). */
	if ((m->len + 1) * 2 > m->index_cap) {
		size_t cap = m->index_cap ? m->index_cap : 8;
		while ((m->count + 1) * 2 > cap)
			cap *= 2;
		if (m->count + 1 > INT32_MAX)
			xalloc_too_big();
		rebuild(m, cap == m->index_cap && m->len == m->count ? cap * 2 : cap);
	}
	if (m->len == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 8;
		m->entries = grow(m, m->entries, m->cap, cap, sizeof(map_entry), 1);
		m->cap = cap;
	}
	map_entry *e = &m->entries[m->len];
	e->key = key;
	e->key_len = (uint32_t)len;
	e->hash = h;
	e->value = value;
	e->deleted = 0;
	size_t mask = m->index_cap - 1;
	size_t i = h & mask;
	while (m->index[i] >= 0)
		i = (i + 1) & mask;
	m->index[i] = (int32_t)m->len;
	m->len++;
	m->count++;
	return 1;
}

int map_remove(map *m, const char *key, size_t len)
{
	long s = find_slot(m, key, len, map_hash(key, len));
	if (s < 0)
		return 0;
	m->entries[m->index[s]].deleted = 1;
	m->index[s] = SLOT_DELETED;
	m->count--;
	return 1;
}

size_t map_count(const map *m)
{
	return m->count;
}

int map_next(const map *m, size_t *cursor, const map_entry **out)
{
	while (*cursor < m->len) {
		const map_entry *e = &m->entries[(*cursor)++];
		if (!e->deleted) {
			*out = e;
			return 1;
		}
	}
	return 0;
}

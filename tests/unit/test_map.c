/* test_map.c - unit tests for compiler/base/map.
 *
 * Output order of everything the compiler emits comes from walking maps,
 * so insertion order is tested as hard as lookup: after deletes, after
 * re-inserts, and across many index rebuilds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/base/arena.h"
#include "../../compiler/base/map.h"

/* Walk the map and compare keys with `expected` in order. */
static void check_order(const map *m, const char *const *expected, size_t n)
{
	const map_entry *e;
	size_t i = 0;
	for (size_t cur = 0; map_next(m, &cur, &e); i++) {
		assert_true(i < n);
		assert_int_equal(e->key_len, strlen(expected[i]));
		assert_memory_equal(e->key, expected[i], e->key_len);
	}
	assert_int_equal(i, n);
	assert_int_equal(map_count(m), n);
}

static void test_empty(void **state)
{
	map m;
	map_init(&m);
	int found = 1;
	assert_null(map_get(&m, "x", 1, &found));
	assert_false(found);
	assert_int_equal(map_remove(&m, "x", 1), 0);
	assert_int_equal(map_count(&m), 0);
	check_order(&m, NULL, 0);
	map_release(&m);
	map_release(&m); /* releasing twice is harmless */
}

static void test_put_get_replace(void **state)
{
	map m;
	map_init(&m);
	int one = 1, two = 2;
	assert_int_equal(map_put(&m, "a", 1, &one), 1);
	assert_int_equal(map_put(&m, "b", 1, NULL), 1);
	assert_ptr_equal(map_get(&m, "a", 1, NULL), &one);

	/* A NULL value is told apart from an absent key by `found`. */
	int found = 0;
	assert_null(map_get(&m, "b", 1, &found));
	assert_true(found);
	assert_null(map_get(&m, "c", 1, &found));
	assert_false(found);

	assert_int_equal(map_put(&m, "a", 1, &two), 0);
	assert_ptr_equal(map_get(&m, "a", 1, NULL), &two);
	assert_int_equal(map_count(&m), 2);
	/* Replacing keeps the original position. */
	const char *order[] = { "a", "b" };
	check_order(&m, order, 2);
	map_release(&m);
}

static void test_keys_by_length(void **state)
{
	map m;
	map_init(&m);
	int v1 = 1, v2 = 2, v3 = 3;
	/* Keys are (ptr, len): prefixes and embedded NULs are distinct keys. */
	map_put(&m, "abc", 2, &v1);
	map_put(&m, "abc", 3, &v2);
	map_put(&m, "a\0c", 3, &v3);
	map_put(&m, "", 0, NULL);
	assert_ptr_equal(map_get(&m, "ab", 2, NULL), &v1);
	assert_ptr_equal(map_get(&m, "abc", 3, NULL), &v2);
	assert_ptr_equal(map_get(&m, "a\0c", 3, NULL), &v3);
	int found = 0;
	map_get(&m, "", 0, &found);
	assert_true(found);
	assert_int_equal(map_count(&m), 4);
	assert_int_equal(map_hash("ab", 2), map_hash("abc", 2));
	map_release(&m);
}

static void test_order_after_deletes(void **state)
{
	map m;
	map_init(&m);
	const char *keys[] = { "zeta", "alpha", "mid", "beta", "omega" };
	for (size_t i = 0; i < 5; i++)
		map_put(&m, keys[i], strlen(keys[i]), NULL);
	check_order(&m, keys, 5);

	assert_int_equal(map_remove(&m, "alpha", 5), 1);
	assert_int_equal(map_remove(&m, "alpha", 5), 0);
	assert_int_equal(map_remove(&m, "omega", 5), 1);
	const char *after_remove[] = { "zeta", "mid", "beta" };
	check_order(&m, after_remove, 3);

	/* A re-inserted key goes to the end, as in a fresh insertion. */
	map_put(&m, "alpha", 5, NULL);
	const char *after_reinsert[] = { "zeta", "mid", "beta", "alpha" };
	check_order(&m, after_reinsert, 4);
	int found = 0;
	map_get(&m, "omega", 5, &found);
	assert_false(found);
	map_release(&m);
}

static void test_delete_everything_then_reuse(void **state)
{
	map m;
	map_init(&m);
	char keys[64][8];
	/* Repeated fill/empty cycles create many tombstones; the index
	 * must be compacted instead of filling up. */
	for (int round = 0; round < 50; round++) {
		for (int i = 0; i < 64; i++) {
			snprintf(keys[i], sizeof(keys[i]), "k%d", i);
			map_put(&m, keys[i], strlen(keys[i]), NULL);
		}
		assert_int_equal(map_count(&m), 64);
		for (int i = 0; i < 64; i++)
			assert_int_equal(map_remove(&m, keys[i], strlen(keys[i])), 1);
		assert_int_equal(map_count(&m), 0);
	}
	const map_entry *e;
	size_t cur = 0;
	assert_false(map_next(&m, &cur, &e));
	map_release(&m);
}

/* Puts, gets, removes and iteration order over N keys, in map `m` as
 * initialised by the caller (on the heap or in an arena). */
static void many_keys(map *mp)
{
	enum {
		N = 100000
	};
	char(*keys)[16] = malloc(sizeof(*keys) * N);
	assert_non_null(keys);
	map m = *mp;

	for (size_t i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "key%zu", i);
		assert_int_equal(
			map_put(&m, keys[i], strlen(keys[i]), (void *)(uintptr_t)(i + 1)), 1);
	}
	assert_int_equal(map_count(&m), N);
	for (size_t i = 0; i < N; i++)
		assert_int_equal((uintptr_t)map_get(&m, keys[i], strlen(keys[i]), NULL), i + 1);

	/* Remove every odd key, then check order and lookups survive the
	 * rebuilds that the following inserts trigger. */
	for (size_t i = 1; i < N; i += 2)
		assert_int_equal(map_remove(&m, keys[i], strlen(keys[i])), 1);
	assert_int_equal(map_count(&m), N / 2);
	for (size_t i = 1; i < N; i += 2)
		assert_int_equal(
			map_put(&m, keys[i], strlen(keys[i]), (void *)(uintptr_t)(i + 1)), 1);
	assert_int_equal(map_count(&m), N);

	/* Expected order: even keys ascending, then odd keys ascending. */
	const map_entry *e;
	size_t cur = 0, seen = 0;
	while (map_next(&m, &cur, &e)) {
		size_t want = seen < N / 2 ? seen * 2 : (seen - N / 2) * 2 + 1;
		assert_int_equal(e->key_len, strlen(keys[want]));
		assert_memory_equal(e->key, keys[want], e->key_len);
		assert_int_equal((uintptr_t)e->value, want + 1);
		seen++;
	}
	assert_int_equal(seen, N);
	for (size_t i = 0; i < N; i++)
		assert_int_equal((uintptr_t)map_get(&m, keys[i], strlen(keys[i]), NULL), i + 1);
	int found = 1;
	map_get(&m, "key100000", 9, &found);
	assert_false(found);

	map_release(&m);
	free(keys);
}

static void test_many_keys(void **state)
{
	(void)state;
	map m;
	map_init(&m);
	many_keys(&m);
}

/* The same in an arena's memory: growing leaves the old arrays in the
 * arena, and map_release leaves the arena's memory to the arena. */
static void test_many_keys_in_arena(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	map m;
	map_init_in(&m, &a);
	many_keys(&m);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_put_get_replace),
		cmocka_unit_test(test_keys_by_length),
		cmocka_unit_test(test_order_after_deletes),
		cmocka_unit_test(test_delete_everything_then_reuse),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_many_keys_in_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

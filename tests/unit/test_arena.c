/* test_arena.c - unit tests for compiler/base/arena.
 *
 * The arena backs every compilation, so these pin down the promises the
 * rest of the compiler relies on: zeroed and aligned memory, big objects,
 * growing arrays, and cleanups run in reverse order on release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/base/arena.h"

static void test_alloc_zeroed_and_aligned(void **state)
{
	arena a;
	arena_init(&a);
	for (size_t size = 0; size < 200; size++) {
		unsigned char *p = arena_alloc(&a, size);
		assert_non_null(p);
		/* Pointers, int64_t and doubles must fit (arena.h). */
		assert_int_equal((uintptr_t)p % _Alignof(void *), 0);
		assert_int_equal((uintptr_t)p % _Alignof(int64_t), 0);
		assert_int_equal((uintptr_t)p % _Alignof(double), 0);
		for (size_t i = 0; i < size; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAB, size);
	}
	arena_release(&a);
}

static void test_many_small_allocations_are_distinct(void **state)
{
	arena a;
	arena_init(&a);
	/* Enough to cross several chunk boundaries (64 KiB and up). */
	enum {
		N = 50000
	};
	static uint32_t *ptrs[N];
	for (uint32_t i = 0; i < N; i++) {
		ptrs[i] = ARENA_NEW(&a, uint32_t);
		*ptrs[i] = i;
	}
	for (uint32_t i = 0; i < N; i++)
		assert_int_equal(*ptrs[i], i);
	assert_true(a.total >= N * sizeof(uint32_t));
	arena_release(&a);
}

static void test_big_allocation_keeps_small_ones_valid(void **state)
{
	arena a;
	arena_init(&a);
	char *small = arena_strdup(&a, "before");
	/* Bigger than any chunk: gets a private chunk. */
	size_t big_size = 8u * 1024u * 1024u;
	unsigned char *big = arena_alloc(&a, big_size);
	assert_int_equal(big[0], 0);
	assert_int_equal(big[big_size - 1], 0);
	memset(big, 0xFF, big_size);
	char *after = arena_strdup(&a, "after");
	assert_string_equal(small, "before");
	assert_string_equal(after, "after");
	assert_int_equal(big[big_size / 2], 0xFF);
	arena_release(&a);
}

static void test_strings(void **state)
{
	arena a;
	arena_init(&a);
	char *s = arena_strndup(&a, "hello world", 5);
	assert_string_equal(s, "hello");
	char *e = arena_strndup(&a, "", 0);
	assert_string_equal(e, "");
	assert_string_equal(arena_strdup(&a, "dup"), "dup");
	assert_string_equal(arena_printf(&a, "%s-%d-%05.1f", "x", 42, 3.14159), "x-42-003.1");
	/* Longer than any fixed buffer a careless printf would use. */
	char *long_s = arena_printf(&a, "%0*d", 10000, 7);
	assert_int_equal(strlen(long_s), 10000);
	assert_int_equal(long_s[9999], '7');
	arena_release(&a);
}

static void test_arrays(void **state)
{
	arena a;
	arena_init(&a);
	int *arr = arena_alloc_array(&a, 4, sizeof(int));
	for (int i = 0; i < 4; i++)
		arr[i] = i + 1;
	int *grown = arena_grow_array(&a, arr, 4, 100, sizeof(int));
	for (int i = 0; i < 4; i++)
		assert_int_equal(grown[i], i + 1);
	for (int i = 4; i < 100; i++)
		assert_int_equal(grown[i], 0);
	/* Growing from nothing is allowed. */
	int *fresh = arena_grow_array(&a, NULL, 0, 3, sizeof(int));
	assert_int_equal(fresh[2], 0);
	arena_release(&a);
}

typedef struct log_entry {
	int *log;
	int *n;
	int id;
} log_entry;

static void log_cleanup(void *data)
{
	log_entry *e = data;
	e->log[(*e->n)++] = e->id;
}

static void test_cleanups_run_in_reverse_order(void **state)
{
	arena a;
	arena_init(&a);
	int log[3] = { 0 };
	int n = 0;
	log_entry e1 = { log, &n, 1 }, e2 = { log, &n, 2 }, e3 = { log, &n, 3 };
	arena_on_release(&a, log_cleanup, &e1);
	arena_on_release(&a, log_cleanup, &e2);
	arena_on_release(&a, log_cleanup, &e3);
	arena_release(&a);
	assert_int_equal(n, 3);
	assert_int_equal(log[0], 3);
	assert_int_equal(log[1], 2);
	assert_int_equal(log[2], 1);
	/* Released arenas are empty and reusable; releasing twice is a no-op. */
	arena_release(&a);
	assert_int_equal(n, 3);
	assert_null(a.chunks);
	char *p = arena_strdup(&a, "again");
	assert_string_equal(p, "again");
	arena_release(&a);
}

/* A scratch arena: what it handed out is recognised, reset gives zeroed
 * memory again, absorbing moves everything (cleanups too) to another. */
static void test_scratch_contains_reset_absorb(void **state)
{
	(void)state;
	arena home, scratch;
	arena_init(&home);
	arena_init(&scratch);
	char *h = arena_strdup(&home, "home");
	char *s = arena_strdup(&scratch, "scratch");
	char *big = arena_alloc(&scratch, 1u << 20);
	assert_true(arena_contains(&scratch, s));
	assert_true(arena_contains(&scratch, s + 3)); /* inside an object */
	assert_true(arena_contains(&scratch, big + 12345));
	assert_false(arena_contains(&scratch, h));
	assert_false(arena_contains(&home, s));
	assert_false(arena_contains(&scratch, "literal"));

	memset(big, 0xab, 1u << 20);
	arena_reset(&scratch);
	assert_false(arena_contains(&scratch, s));
	assert_int_equal(scratch.total, 0);
	unsigned char *again = arena_alloc(&scratch, 4096);
	for (size_t i = 0; i < 4096; i++)
		assert_int_equal(again[i], 0);
	memset(again, 0xcd, 4096);
	arena_reset(&scratch);
	unsigned char *third = arena_alloc(&scratch, 4096);
	for (size_t i = 0; i < 4096; i++)
		assert_int_equal(third[i], 0);

	int log[2] = { 0 };
	int n = 0;
	log_entry e1 = { log, &n, 1 }, e2 = { log, &n, 2 };
	arena_on_release(&home, log_cleanup, &e1);
	arena_on_release(&scratch, log_cleanup, &e2);
	char *kept = arena_strdup(&scratch, "kept");
	size_t total = home.total + scratch.total;
	arena_absorb(&home, &scratch);
	assert_null(scratch.chunks);
	assert_int_equal(scratch.total, 0);
	assert_int_equal(home.total, total);
	assert_true(arena_contains(&home, kept));
	assert_true(arena_contains(&home, h));
	assert_string_equal(kept, "kept");
	/* Home still allocates into its own chunk. */
	assert_string_equal(arena_strdup(&home, "more"), "more");
	arena_release(&scratch);
	assert_int_equal(n, 0);
	arena_release(&home);
	assert_int_equal(n, 2);
	assert_int_equal(log[0], 2); /* the absorbed (newer) cleanup first */
	assert_int_equal(log[1], 1);
}

static void test_concat(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	assert_string_equal(arena_concat(&a, "prod", "/", "web", "/kubernetes/", "api", NULL),
		"prod/web/kubernetes/api");
	assert_string_equal(arena_concat(&a, "", NULL), "");
	assert_string_equal(arena_concat(&a, "only", NULL), "only");
	arena_release(&a);
}

static void test_expect(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	/* Small hints change nothing; a big one makes the next chunk a
	 * full-size one, and allocations stay zeroed and usable. */
	arena_expect(&a, 1000);
	char *p = arena_alloc(&a, 100);
	assert_int_equal(p[0], 0);
	arena_expect(&a, 8u << 20);
	for (int i = 0; i < 100000; i++) {
		char *q = arena_alloc(&a, 24);
		assert_int_equal(q[23], 0);
		q[0] = 1;
	}
	assert_true(arena_contains(&a, p));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_zeroed_and_aligned),
		cmocka_unit_test(test_many_small_allocations_are_distinct),
		cmocka_unit_test(test_big_allocation_keeps_small_ones_valid),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_cleanups_run_in_reverse_order),
		cmocka_unit_test(test_scratch_contains_reset_absorb),
		cmocka_unit_test(test_concat),
		cmocka_unit_test(test_expect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

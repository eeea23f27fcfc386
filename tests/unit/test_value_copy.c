/* test_value_copy.c - unit tests for compiler/eval/value_copy.
 *
 * The evaluator keeps a component's value by copying it out of the
 * component's region and then resetting the region: a pointer the copy
 * left behind would dangle (AddressSanitizer would see it in `make
 * asan`). These pin down what is copied, what is shared, and when a copy
 * must refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/eval/value_copy.h"

static value *str(arena *a, const char *s)
{
	return value_string(a, s, strlen(s), (src_span){ 0 });
}

static void test_copy_survives_reset_and_keeps_sharing(void **state)
{
	(void)state;
	arena home, region;
	arena_init(&home);
	arena_init(&region);
	src_span none = { 0 };
	value *long_lived = str(&home, "from home");

	vmap *labels = vmap_new(&region);
	vmap_set(&region, labels, "app", str(&region, "web"), none);
	value *lv = value_map(&region, labels, none);
	vmap *obj = vmap_new(&region);
	vmap_set(&region, obj, "labels", lv, none);
	vmap_set(&region, obj, "again", lv, none); /* the same map twice */
	vmap_set(&region, obj, "shared", long_lived, none);
	value *items[2] = { value_int(&region, 42, none), str(&region, "x") };
	vmap_set(&region, obj, "list", value_list(&region, items, 2, none), none);
	/* Past the size where a map gets a hash index. */
	for (int i = 0; i < 20; i++) {
		char key[16];
		snprintf(key, sizeof(key), "k%02d", i);
		vmap_set(&region, obj, arena_strdup(&region, key), value_int(&region, i, none),
			none);
	}
	/* A string too big for the region's chunk gets a chunk of its own:
	 * the region is then more than one chunk, and still all of it is
	 * "in the region". */
	char *big = arena_alloc(&region, 300000);
	memset(big, 'b', 299999);
	vmap_set(&region, obj, "big", value_string(&region, big, 299999, none), none);
	value *v = value_map(&region, obj, none);
	v->name = arena_strdup(&region, "platform.web");

	value_copier *c = value_copier_new(&region, &home);
	value *out = value_copy_out(c, v);
	assert_non_null(out);
	arena_reset(&region);
	/* Scribble over the region: the copy must not notice. */
	memset(arena_alloc(&region, 1u << 16), 0x5a, 1u << 16);

	assert_string_equal(out->name, "platform.web");
	const vmap *m = out->u.map;
	assert_int_equal(m->len, 25);
	const value *b = vmap_get(m, "big");
	assert_int_equal(b->u.str.len, 299999);
	assert_true(b->u.str.ptr[0] == 'b' && b->u.str.ptr[299998] == 'b');
	assert_true(arena_contains(&home, b->u.str.ptr));
	const value *l1 = vmap_get(m, "labels");
	assert_ptr_equal(l1, vmap_get(m, "again"));
	assert_string_equal(vmap_get(l1->u.map, "app")->u.str.ptr, "web");
	assert_ptr_equal(vmap_get(m, "shared"), long_lived);
	const value *list = vmap_get(m, "list");
	assert_int_equal(list->u.list.len, 2);
	assert_int_equal(list->u.list.items[0]->u.integer, 42);
	assert_string_equal(list->u.list.items[1]->u.str.ptr, "x");
	assert_int_equal(vmap_get(m, "k17")->u.integer, 17);
	assert_true(arena_contains(&home, out));
	assert_false(arena_contains(&region, out->u.map->keys));

	/* A closure over the region cannot leave it. */
	value_copier_reset(c, &region);
	value *fn = value_null(&region, none);
	fn->kind = VAL_FUNC;
	fn->u.env = arena_alloc(&region, 64);
	vmap *holder = vmap_new(&region);
	vmap_set(&region, holder, "f", fn, none);
	assert_null(value_copy_out(c, value_map(&region, holder, none)));
	/* ... one over a long-lived scope can. */
	value_copier_reset(c, &region);
	fn->u.env = arena_alloc(&home, 64);
	assert_non_null(value_copy_out(c, value_map(&region, holder, none)));

	value_copier_free(c);
	arena_release(&region);
	arena_release(&home);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_survives_reset_and_keeps_sharing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_strbuf.c - unit tests for compiler/base/strbuf.
 *
 * The contract under test is git's: buf is never NULL and always
 * NUL-terminated, whatever sequence of operations got it there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/base/strbuf.h"

/* Checks the invariants every strbuf must satisfy at all times. */
static void check_invariants(const strbuf *sb)
{
	assert_non_null(sb->buf);
	assert_int_equal(sb->buf[sb->len], '\0');
	if (sb->cap)
		assert_true(sb->len < sb->cap);
	else
		assert_int_equal(sb->len, 0);
}

static void test_empty(void **state)
{
	strbuf sb = STRBUF_INIT;
	check_invariants(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	check_invariants(&sb);

	strbuf sb2;
	strbuf_init(&sb2);
	check_invariants(&sb2);
	/* Operations that add nothing must not allocate or break anything. */
	strbuf_add(&sb2, "x", 0);
	strbuf_addchars(&sb2, 'x', 0);
	strbuf_setlen(&sb2, 5);
	strbuf_reset(&sb2);
	check_invariants(&sb2);
	assert_int_equal(sb2.cap, 0);
	strbuf_release(&sb2);
}

static void test_add_variants(void **state)
{
	strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "abc");
	strbuf_addch(&sb, '-');
	strbuf_add(&sb, "xyz", 2);
	strbuf_addchars(&sb, '=', 3);
	strbuf_addf(&sb, "[%d:%s]", 7, "q");
	check_invariants(&sb);
	assert_string_equal(sb.buf, "abc-xy===[7:q]");
	assert_int_equal(sb.len, 14);
	strbuf_release(&sb);
}

static void test_embedded_nul(void **state)
{
	strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "a\0b", 3);
	check_invariants(&sb);
	assert_int_equal(sb.len, 3);
	assert_memory_equal(sb.buf, "a\0b", 4);
	strbuf_release(&sb);
}

static void test_growth(void **state)
{
	strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 10000; i++) {
		strbuf_addch(&sb, (char)('a' + i % 26));
		check_invariants(&sb);
	}
	assert_int_equal(sb.len, 10000);
	assert_int_equal(sb.buf[26], 'a');
	assert_int_equal(sb.buf[9999], 'a' + 9999 % 26);

	/* A formatted append longer than the current capacity. */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%0*d", 5000, 1);
	check_invariants(&sb);
	assert_int_equal(sb.len, 5000);
	assert_int_equal(sb.buf[4999], '1');
	strbuf_grow(&sb, 100000);
	assert_true(sb.cap >= sb.len + 100001);
	check_invariants(&sb);
	strbuf_release(&sb);
}

static void test_setlen_and_reset(void **state)
{
	strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "hello world");
	strbuf_setlen(&sb, 5);
	check_invariants(&sb);
	assert_string_equal(sb.buf, "hello");
	/* setlen never extends: the bytes past len are not defined. */
	strbuf_setlen(&sb, 100);
	assert_string_equal(sb.buf, "hello");
	strbuf_reset(&sb);
	check_invariants(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_adds(&sb, "again");
	assert_string_equal(sb.buf, "again");
	strbuf_release(&sb);
}

static void test_detach(void **state)
{
	strbuf sb = STRBUF_INIT;
	size_t len = 99;
	/* Detaching an empty strbuf still yields a freeable string. */
	char *s = strbuf_detach(&sb, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);

	strbuf_adds(&sb, "owned");
	s = strbuf_detach(&sb, &len);
	assert_string_equal(s, "owned");
	assert_int_equal(len, 5);
	check_invariants(&sb);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, 0);
	free(s);
	strbuf_release(&sb);
}

static void test_add_int(void **state)
{
	(void)state;
	const int64_t cases[] = { 0, 7, -7, 8080, 1000000, INT64_MAX, INT64_MIN, -1 };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[32];
		snprintf(want, sizeof(want), "%" PRId64, cases[i]);
		strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, "x=");
		strbuf_add_int(&sb, cases[i]);
		assert_int_equal(sb.len, 2 + strlen(want));
		assert_string_equal(sb.buf + 2, want);
		strbuf_release(&sb);
	}
}

static void test_vaddf_helper(strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void test_vaddf_helper(strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

static void test_vaddf(void **state)
{
	strbuf sb = STRBUF_INIT;
	test_vaddf_helper(&sb, "%s=%u", "n", 3u);
	test_vaddf_helper(&sb, "%s", "");
	assert_string_equal(sb.buf, "n=3");
	strbuf_release(&sb);
}

static void test_strview(void **state)
{
	strview a = strview_of("abcdef", 3);
	strview b = strview_of("abcxyz", 3);
	assert_true(strview_eq(a, b));
	assert_false(strview_eq(a, strview_of("abcd", 4)));
	assert_true(strview_eq_cstr(a, "abc"));
	assert_false(strview_eq_cstr(a, "ab"));
	assert_true(strview_eq(strview_of(NULL, 0), strview_of("", 0)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_add_variants),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_setlen_and_reset),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_add_int),
		cmocka_unit_test(test_vaddf),
		cmocka_unit_test(test_strview),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

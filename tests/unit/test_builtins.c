/* test_builtins.c - unit tests for compiler/eval/builtins*.c: the table,
 * the string, list and map builtins. Numbers, encodings, fail() and
 * values known after apply are in test_builtins_values.c; the harness
 * (calling builtins as the evaluator does) is builtins_harness.h.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "builtins_harness.h"

/* ---- the table ------------------------------------------------------------------- */

static void test_table(void **state)
{
	(void)state;
	size_t n;
	const builtin *t = builtin_table(&n);
	assert_true(n >= 40);
	for (size_t i = 0; i < n; i++) {
		/* bsearch in builtin_lookup depends on the order. */
		if (i)
			assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
		assert_non_null(t[i].fn);
		assert_true(t[i].min_args >= 1);
		assert_true(t[i].max_args == -1 || t[i].max_args >= t[i].min_args);
		assert_true(strncmp(t[i].signature, t[i].name, strlen(t[i].name)) == 0);
		assert_int_equal(t[i].signature[strlen(t[i].name)], '(');
		assert_true(strlen(t[i].summary) > 0);
		assert_ptr_equal(builtin_lookup(t[i].name), &t[i]);
	}
	assert_null(builtin_lookup("nope"));
	assert_null(builtin_lookup(""));
	assert_null(builtin_lookup("len2"));
}

/* ---- strings --------------------------------------------------------------------- */

static void test_len(void **state)
{
	fx *f = *state;
	EXPECT(CALL("len", S("h\xC3\xA9llo")), "5");
	EXPECT(CALL("len", S("")), "0");
	EXPECT(CALL("len", L(I(1), I(2), I(3))), "3");
	EXPECT(CALL("len", M(KV("a", I(1)), KV("b", I(2)))), "2");
	expect_error(f, CALL("len", I(1)), "E0201", 0,
		"argument 1 of 'len': expected string, list or map, found int");
}

static void test_case(void **state)
{
	fx *f = *state;
	EXPECT(CALL("upper", S("abc-\xC3\xA9-Z")), "\"ABC-\xC3\xA9-Z\"");
	EXPECT(CALL("lower",
		       S("\xC3\x80"
			 "BC-a")),
		"\"\xC3\x80"
		"bc-a\"");
	expect_error(f, CALL("upper", I(1)), "E0201", 0, "expected string, found int");
	expect_error(f, CALL("lower", NUL), "E0201", 0, "found null");
}

static void test_trim(void **state)
{
	fx *f = *state;
	EXPECT(CALL("trim", S(" \t a b \r\n")), "\"a b\"");
	EXPECT(CALL("trim", S("   ")), "\"\"");
	EXPECT(CALL("trim", S("x")), "\"x\"");
	expect_error(f, CALL("trim", L0), "E0201", 0, "found list");
}

static void test_replace(void **state)
{
	fx *f = *state;
	EXPECT(CALL("replace", S("a.b.c"), S("."), S("-")), "\"a-b-c\"");
	EXPECT(CALL("replace", S("aaa"), S("aa"), S("b")), "\"ba\"");
	EXPECT(CALL("replace", S("abc"), S("b"), S("")), "\"ac\"");
	EXPECT(CALL("replace", S("abc"), S("x"), S("y")), "\"abc\"");
	EXPECT(CALL("replace", S("xx"), S("x"), S("<x>")), "\"<x><x>\"");
	expect_error(f, CALL("replace", S("abc"), S(""), S("y")), "E0311", 1, "empty");
	expect_error(f, CALL("replace", S("abc"), S("b"), I(1)), "E0201", 2,
		"argument 3 of 'replace': expected string, found int");
}

static void test_split(void **state)
{
	fx *f = *state;
	EXPECT(CALL("split", S("a,b,c"), S(",")), "[\"a\", \"b\", \"c\"]");
	EXPECT(CALL("split", S(""), S(",")), "[\"\"]");
	EXPECT(CALL("split", S(",a,"), S(",")), "[\"\", \"a\", \"\"]");
	EXPECT(CALL("split", S("a::b"), S("::")), "[\"a\", \"b\"]");
	EXPECT(CALL("split", S("abc"), S(",")), "[\"abc\"]");
	expect_error(f, CALL("split", S("abc"), S("")), "E0311", 1, "the separator is empty");
	expect_error(f, CALL("split", I(1), S(",")), "E0201", 0,
		"argument 1 of 'split': expected string, found int");
}

static void test_join(void **state)
{
	fx *f = *state;
	EXPECT(CALL("join", L(S("a"), S("b")), S(", ")), "\"a, b\"");
	EXPECT(CALL("join", L0, S(",")), "\"\"");
	EXPECT(CALL("join", L(I(1), F(2.5), B(1), NUL), S("-")), "\"1-2.5-true-null\"");
	expect_error(f, CALL("join", L(S("a"), L0), S(",")), "E0201", 0, "element 2");
	expect_error(f, CALL("join", S("a"), S(",")), "E0201", 0, "expected list, found string");
	expect_error(f, CALL("join", L0, I(1)), "E0201", 1, "expected string");

	/* A secret inside the list: the evaluator only sees top-level
	 * secrets, so join must mark its result itself. */
	value *r = CALL("join", L(SECRET("pw"), S("x")), S(":"));
	assert_int_equal(r->kind, VAL_SECRET);
	EXPECT(r, "\"pw:x\"");
	assert_int_equal(CALL("join", L(S("a")), S(":"))->kind, VAL_STRING);
}

static void test_contains(void **state)
{
	fx *f = *state;
	EXPECT(CALL("contains", S("hello"), S("ell")), "true");
	EXPECT(CALL("contains", S("hello"), S("")), "true");
	EXPECT(CALL("contains", S("hello"), S("xyz")), "false");
	EXPECT(CALL("contains", S("he"), S("hello")), "false");
	EXPECT(CALL("contains", L(I(1), S("a")), S("a")), "true");
	EXPECT(CALL("contains", L(I(1)), F(1.0)), "true");
	EXPECT(CALL("contains", L(I(1)), I(2)), "false");
	EXPECT(CALL("contains", L(L(I(1))), L(I(1))), "true");
	EXPECT(CALL("contains", L0, NUL), "false");
	expect_error(f, CALL("contains", S("abc"), I(1)), "E0201", 1, "expected string, found int");
	expect_error(f, CALL("contains", I(5), I(1)), "E0201", 0, "expected string or list");
}

static void test_affixes(void **state)
{
	fx *f = *state;
	EXPECT(CALL("has_prefix", S("hello"), S("he")), "true");
	EXPECT(CALL("has_prefix", S("hello"), S("")), "true");
	EXPECT(CALL("has_prefix", S("hello"), S("lo")), "false");
	EXPECT(CALL("has_prefix", S("he"), S("hello")), "false");
	EXPECT(CALL("has_suffix", S("hello"), S("lo")), "true");
	EXPECT(CALL("has_suffix", S("hello"), S("he")), "false");
	EXPECT(CALL("has_suffix", S("o"), S("hello")), "false");
	expect_error(f, CALL("has_prefix", I(1), S("x")), "E0201", 0, "'has_prefix'");
	expect_error(f, CALL("has_suffix", S("x"), NUL), "E0201", 1, "'has_suffix'");
}

static void test_format(void **state)
{
	fx *f = *state;
	EXPECT(CALL("format", S("%s-%d-%f-%v-%%"), S("a"), I(3), F(1.5), L(I(1), S("x"))),
		"\"a-3-1.5-[1,\\\"x\\\"]-%\"");
	EXPECT(CALL("format", S("%f"), I(2)), "\"2.0\"");
	EXPECT(CALL("format", S("%s %s %s"), B(0), NUL, F(0.1)), "\"false null 0.1\"");
	EXPECT(CALL("format", S("%v|%v"), S("s"), M(KV("a", I(1)))), "\"s|{\\\"a\\\":1}\"");
	EXPECT(CALL("format", S("no verbs")), "\"no verbs\"");
	EXPECT(CALL("format", S("\xC3\xA9%s\xC3\xA9"), S("x")), "\"\xC3\xA9x\xC3\xA9\"");

	expect_error(f, CALL("format", S("%d"), S("x")), "E0201", 1,
		"argument 2 of 'format': expected int for %d, found string");
	expect_error(f, CALL("format", S("%d"), F(1.0)), "E0201", 1, "found float");
	expect_error(f, CALL("format", S("%f"), S("1")), "E0201", 1, "int or float for %f");
	expect_error(f, CALL("format", S("%s"), L0), "E0201", 1, "for %s, found list");
	expect_error(f, CALL("format", S("%s %s"), S("a")), "E0311", 0,
		"the format has 2 verbs but 1 argument follows it");
	expect_error(f, CALL("format", S("%s"), S("a"), S("b")), "E0311", 2, "not used");
	expect_error(f, CALL("format", S("%x"), I(1)), "E0311", 0, "unknown verb '%x'");
	expect_error(f, CALL("format", S("%\xC3\xA9")), "E0311", 0, "unknown verb '%\xC3\xA9'");
	expect_error(f, CALL("format", S("50%")), "E0311", 0, "lone '%'");
	expect_error(f, CALL("format", I(1)), "E0201", 0, "expected string");

	value *r = CALL("format", S("%v"), L(SECRET("pw")));
	assert_int_equal(r->kind, VAL_SECRET);
	EXPECT(r, "\"[\\\"pw\\\"]\"");
}

static void test_regex_match(void **state)
{
	fx *f = *state;
	EXPECT(CALL("regex_match", S("abc123"), S("[0-9]+")), "true");
	EXPECT(CALL("regex_match", S("abc"), S("^b")), "false");
	EXPECT(CALL("regex_match", S("h\xC3\xA9llo"), S("^h.llo$")), "true");
	EXPECT(CALL("regex_match", S(""), S("")), "true");
	EXPECT(CALL("regex_match", S("ABC"), S("(?i)abc")), "true");
	expect_error(f, CALL("regex_match", S("a"), S("a(b")), "E0311", 1,
		"argument 2 of 'regex_match': invalid regular expression: missing closing parenthesis");
	expect_error(
		f, CALL("regex_match", S("a"), S("\\C")), "E0311", 1, "invalid regular expression");
	expect_error(f,
		CALL("regex_match", S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), S("^(a+)+$")),
		"E0311", 1, "regular expression too expensive");
	expect_error(f, CALL("regex_match", S("a"), I(1)), "E0201", 1, "expected string");
	expect_error(f, CALL("regex_match", I(1), S("a")), "E0201", 0, "expected string");
}

static void test_regex_replace(void **state)
{
	fx *f = *state;
	EXPECT(CALL("regex_replace", S("a1b22"), S("[0-9]+"), S("#")), "\"a#b#\"");
	EXPECT(CALL("regex_replace", S("john smith"), S("(\\w+) (\\w+)"), S("$2 $1")),
		"\"smith john\"");
	EXPECT(CALL("regex_replace", S("v1.2"), S("v(?<major>\\d+)"), S("${major}!")), "\"1!.2\"");
	EXPECT(CALL("regex_replace", S("a"), S("a"), S("$$")), "\"$\"");
	EXPECT(CALL("regex_replace", S("abc"), S("x*"), S("-")), "\"-a-b-c-\"");
	EXPECT(CALL("regex_replace", S("abc"), S("(x)?b"), S("[$1]")), "\"a[]c\"");
	EXPECT(CALL("regex_replace", S("none"), S("z"), S("y")), "\"none\"");
	EXPECT(CALL("regex_replace", S("\xC3\xA9t\xC3\xA9"), S("\xC3\xA9"), S("e")), "\"ete\"");
	/* Longer than the first buffer guess: the second attempt. */
	EXPECT(CALL("regex_replace", S("aaaa"), S("a"),
		       S("0123456789012345678901234567890123456789")),
		"\"0123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789\"");
	expect_error(f, CALL("regex_replace", S("a"), S("a"), S("$9")), "E0311", 2, NULL);
	expect_error(f, CALL("regex_replace", S("a"), S("a"), S("${x")), "E0311", 2, NULL);
	expect_error(f, CALL("regex_replace", S("a"), S("["), S("x")), "E0311", 1,
		"invalid regular expression");
	expect_error(f,
		CALL("regex_replace", S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), S("^(a+)+$"),
			S("x")),
		"E0311", 1, "too expensive");
	expect_error(f, CALL("regex_replace", S("a"), S("a"), NUL), "E0201", 2, NULL);
}

/* ---- lists -------------------------------------------------------------------- */

static void test_sort(void **state)
{
	fx *f = *state;
	EXPECT(CALL("sort", L(I(3), F(1.5), I(2))), "[1.5, 2, 3]");
	EXPECT(CALL("sort", L(S("b"), S("a"), S("B"), S(""))), "[\"\", \"B\", \"a\", \"b\"]");
	EXPECT(CALL("sort", L(B(1), B(0))), "[false, true]");
	EXPECT(CALL("sort", L0), "[]");
	/* Stable: equal numbers keep their order. */
	EXPECT(CALL("sort", L(F(1.0), I(1), I(0))), "[0, 1.0, 1]");
	EXPECT(CALL("sort", L(I(1), F(1.0), I(0))), "[0, 1, 1.0]");
	expect_error(f, CALL("sort", L(I(1), S("a"))), "E0201", 0,
		"element 2 is a string but element 1 is a number");
	expect_error(f, CALL("sort", L(M0)), "E0201", 0,
		"element 1: expected int, float, string or bool, found map");
	expect_error(f, CALL("sort", L(S("a"), SECRET("b"))), "E0201", 0, "found secret");
	expect_error(f, CALL("sort", S("x")), "E0201", 0, "expected list");

	/* Larger input: the merge sort across many levels. */
	value *items[1000];
	for (int i = 0; i < 1000; i++)
		items[i] = I((i * 7919) % 1000);
	value *r = CALL("sort", mk_list(f, 1000, items));
	for (int i = 0; i < 1000; i++)
		assert_int_equal(r->u.list.items[i]->u.integer, i);
}

static void test_unique(void **state)
{
	fx *f = *state;
	EXPECT(CALL("unique",
		       L(I(1), I(2), I(1), F(1.0), S("a"), S("a"), L(I(1)), L(I(1)),
			       M(KV("a", I(1))), M(KV("a", F(1.0))), NUL, NUL)),
		"[1, 2, \"a\", [1], {\"a\": 1}, null]");
	EXPECT(CALL("unique", L0), "[]");
	/* Key order does not matter for equal maps. */
	EXPECT(CALL("unique", L(M(KV("a", I(1)), KV("b", I(2))), M(KV("b", I(2)), KV("a", I(1))))),
		"[{\"a\": 1, \"b\": 2}]");
	/* Secrets are never equal to anything, so all are kept. */
	assert_int_equal(CALL("unique", L(SECRET("x"), SECRET("x")))->u.list.len, 2);
	expect_error(f, CALL("unique", M0), "E0201", 0, "expected list, found map");

	/* Many elements, few distinct values, first occurrences in order. */
	value *items[5000];
	for (int i = 0; i < 5000; i++)
		items[i] = I(i % 7);
	EXPECT(CALL("unique", mk_list(f, 5000, items)), "[0, 1, 2, 3, 4, 5, 6]");
}

static void test_flatten_reverse(void **state)
{
	fx *f = *state;
	EXPECT(CALL("flatten", L(L(I(1), I(2)), I(3), L(L(I(4))), L0)), "[1, 2, 3, [4]]");
	EXPECT(CALL("flatten", L0), "[]");
	expect_error(f, CALL("flatten", I(1)), "E0201", 0, "expected list");
	EXPECT(CALL("reverse", L(I(1), I(2), I(3))), "[3, 2, 1]");
	EXPECT(CALL("reverse", L(I(1), I(2))), "[2, 1]");
	EXPECT(CALL("reverse", L0), "[]");
	expect_error(f, CALL("reverse", S("abc")), "E0201", 0, "expected list, found string");

	/* The argument is not changed. */
	value *xs = L(I(1), I(2));
	CALL("reverse", xs);
	EXPECT(xs, "[1, 2]");
}

static void test_range(void **state)
{
	fx *f = *state;
	EXPECT(CALL("range", I(3)), "[0, 1, 2]");
	EXPECT(CALL("range", I(0)), "[]");
	EXPECT(CALL("range", I(-3)), "[]");
	EXPECT(CALL("range", I(2), I(5)), "[2, 3, 4]");
	EXPECT(CALL("range", I(5), I(2)), "[]");
	EXPECT(CALL("range", I(0), I(10), I(3)), "[0, 3, 6, 9]");
	EXPECT(CALL("range", I(5), I(0), I(-2)), "[5, 3, 1]");
	EXPECT(CALL("range", I(INT64_MAX - 1), I(INT64_MAX)), "[9223372036854775806]");
	/* No overflow past the last element. */
	EXPECT(CALL("range", I(INT64_MIN), I(INT64_MAX), I(INT64_MAX)),
		"[-9223372036854775808, -1, 9223372036854775806]");
	EXPECT(CALL("range", I(INT64_MAX), I(INT64_MIN), I(INT64_MIN)),
		"[9223372036854775807, -1]");
	expect_error(f, CALL("range", I(0), I(10), I(0)), "E0311", 2, "the step is 0");
	expect_error(f, CALL("range", I(0), I(1 << 25)), "E0311", -1, "16777216");
	expect_error(f, CALL("range", I(INT64_MIN), I(INT64_MAX)), "E0311", -1,
		"18446744073709551615 elements");
	expect_error(f, CALL("range", F(1.5)), "E0201", 0, "expected int, found float");
	expect_error(f, CALL("range", I(1), S("2")), "E0201", 1, "expected int");
}

static void test_index_of(void **state)
{
	fx *f = *state;
	EXPECT(CALL("index_of", L(I(1), S("a"), S("a")), S("a")), "1");
	EXPECT(CALL("index_of", L(I(1)), S("z")), "-1");
	EXPECT(CALL("index_of", L(I(1)), F(1.0)), "0");
	EXPECT(CALL("index_of", L0, NUL), "-1");
	expect_error(f, CALL("index_of", S("ab"), S("a")), "E0201", 0, "expected list");
}

static void test_slice(void **state)
{
	fx *f = *state;
	value *xs = L(I(1), I(2), I(3), I(4));
	EXPECT(CALL("slice", xs, I(1), I(3)), "[2, 3]");
	EXPECT(CALL("slice", xs, I(2)), "[3, 4]");
	EXPECT(CALL("slice", xs, I(4)), "[]");
	EXPECT(CALL("slice", xs, I(0), I(0)), "[]");
	EXPECT(CALL("slice", L0, I(0)), "[]");
	EXPECT(CALL("slice", S("h\xC3\xA9llo"), I(1), I(3)), "\"\xC3\xA9l\"");
	EXPECT(CALL("slice", S("h\xC3\xA9llo"), I(5)), "\"\"");
	EXPECT(CALL("slice", S("abc"), I(0)), "\"abc\"");
	expect_error(f, CALL("slice", L(I(1), I(2), I(3)), I(-1)), "E0311", 1,
		"argument 2 of 'slice': index -1 is out of range for a list of length 3");
	expect_error(f, CALL("slice", L(I(1), I(2), I(3)), I(0), I(4)), "E0311", 2,
		"index 4 is out of range for a list of length 3");
	expect_error(f, CALL("slice", S("h\xC3\xA9"), I(3)), "E0311", 1,
		"out of range for a string of length 2");
	expect_error(f, CALL("slice", S("abc"), I(2), I(1)), "E0311", 2, "end 1 is before start 2");
	expect_error(f, CALL("slice", I(1), I(0)), "E0201", 0, "expected list or string");
	expect_error(f, CALL("slice", L(I(1)), S("0")), "E0201", 1, "expected int");
}

/* ---- maps ---------------------------------------------------------------------- */

static void test_keys_values_has(void **state)
{
	fx *f = *state;
	value *m = M(KV("b", I(1)), KV("a", I(2)));
	EXPECT(CALL("keys", m), "[\"b\", \"a\"]");
	EXPECT(CALL("values", m), "[1, 2]");
	EXPECT(CALL("keys", M0), "[]");
	EXPECT(CALL("values", M0), "[]");
	EXPECT(CALL("has", m, S("a")), "true");
	EXPECT(CALL("has", m, S("z")), "false");
	expect_error(f, CALL("keys", L0), "E0201", 0, "expected map, found list");
	expect_error(f, CALL("values", S("x")), "E0201", 0, "expected map");
	expect_error(f, CALL("has", m, I(1)), "E0201", 1, "expected string");
	expect_error(f, CALL("has", L0, S("a")), "E0201", 0, "expected map");
}

static void test_merge(void **state)
{
	fx *f = *state;
	value *a = M(KV("x", I(1)), KV("nested", M(KV("p", I(1)), KV("q", L(I(1), I(2))))),
		KV("l", L(I(1))));
	value *b =
		M(KV("nested", M(KV("q", L(I(3))), KV("r", I(2)))), KV("y", NUL), KV("l", L(I(9))));
	EXPECT(CALL("merge", a, b),
		"{\"x\": 1, \"nested\": {\"p\": 1, \"q\": [3], \"r\": 2}, \"l\": [9], \"y\": null}");
	/* The arguments are not changed. */
	EXPECT(a, "{\"x\": 1, \"nested\": {\"p\": 1, \"q\": [1, 2]}, \"l\": [1]}");
	EXPECT(b, "{\"nested\": {\"q\": [3], \"r\": 2}, \"y\": null, \"l\": [9]}");

	EXPECT(CALL("merge", M(KV("a", I(1))), M(KV("a", NUL))), "{\"a\": null}");
	EXPECT(CALL("merge", M(KV("a", M(KV("b", I(1))))), M(KV("a", I(2)))), "{\"a\": 2}");
	EXPECT(CALL("merge", M(KV("a", I(1))), M(KV("a", M(KV("b", I(1)))))),
		"{\"a\": {\"b\": 1}}");
	EXPECT(CALL("merge", M(KV("a", I(1))), M(KV("b", I(2))), M(KV("a", I(3)), KV("c", I(4)))),
		"{\"a\": 3, \"b\": 2, \"c\": 4}");
	EXPECT(CALL("merge", M(KV("a", I(1)))), "{\"a\": 1}");
	EXPECT(CALL("merge", M0, M0), "{}");

	/* A record merged with a map gives a plain map. */
	value schema = { 0 };
	schema.kind = VAL_SCHEMA;
	schema.name = "Service";
	value *rec = M(KV("port", I(80)));
	rec->u.map->schema = &schema;
	value *r = CALL("merge", rec, M(KV("extra", B(1))));
	assert_null(r->u.map->schema);
	assert_ptr_equal(rec->u.map->schema, &schema);

	expect_error(f, CALL("merge", I(1)), "E0201", 0,
		"argument 1 of 'merge': expected map, found int");
	expect_error(f, CALL("merge", M0, L(I(1))), "E0201", 1, "expected map, found list");
	expect_error(f, CALL("merge", rec, I(1)), "E0201", 1, NULL);
}

static void test_remove(void **state)
{
	fx *f = *state;
	value *m = M(KV("a", I(1)), KV("b", I(2)), KV("c", I(3)));
	EXPECT(CALL("remove", m, S("b"), S("z")), "{\"a\": 1, \"c\": 3}");
	EXPECT(CALL("remove", m, S("a"), S("c"), S("b")), "{}");
	EXPECT(CALL("remove", m), "{\"a\": 1, \"b\": 2, \"c\": 3}");
	EXPECT(m, "{\"a\": 1, \"b\": 2, \"c\": 3}");
	expect_error(f, CALL("remove", m, S("a"), I(1)), "E0201", 2, "expected string");
	expect_error(f, CALL("remove", L0, S("a")), "E0201", 0, "expected map");
}

static void test_entries(void **state)
{
	fx *f = *state;
	value *m = M(KV("a", I(1)), KV("b", L0));
	EXPECT(CALL("to_entries", m),
		"[{\"key\": \"a\", \"value\": 1}, {\"key\": \"b\", \"value\": []}]");
	EXPECT(CALL("to_entries", M0), "[]");
	EXPECT(CALL("from_entries", CALL("to_entries", m)), "{\"a\": 1, \"b\": []}");
	EXPECT(CALL("from_entries",
		       L(M(KV("value", I(1)), KV("key", S("a"))), L(S("b"), I(2)),
			       L(S("a"), I(3)))),
		"{\"a\": 3, \"b\": 2}");
	EXPECT(CALL("from_entries", L0), "{}");
	expect_error(f, CALL("to_entries", L0), "E0201", 0, "expected map");
	expect_error(f, CALL("from_entries", M0), "E0201", 0, "expected list");
	expect_error(f, CALL("from_entries", L(I(1))), "E0201", 0,
		"element 1: expected a {key, value} map or a [key, value] list, found int");
	expect_error(f, CALL("from_entries", L(M(KV("key", S("a"))))), "E0311", 0,
		"exactly the fields 'key' and 'value'");
	expect_error(f,
		CALL("from_entries", L(M(KV("key", S("a")), KV("value", I(1)), KV("x", I(1))))),
		"E0311", 0, "element 1");
	expect_error(f, CALL("from_entries", L(L(S("a"), I(1)), L(S("a")))), "E0311", 0,
		"element 2: a [key, value] pair has 2 elements, found 1");
	expect_error(f, CALL("from_entries", L(L(I(1), I(2)))), "E0201", 0,
		"element 1: expected a string key, found int");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_table),
		T(test_len),
		T(test_case),
		T(test_trim),
		T(test_replace),
		T(test_split),
		T(test_join),
		T(test_contains),
		T(test_affixes),
		T(test_format),
		T(test_regex_match),
		T(test_regex_replace),
		T(test_sort),
		T(test_unique),
		T(test_flatten_reverse),
		T(test_range),
		T(test_index_of),
		T(test_slice),
		T(test_keys_values_has),
		T(test_merge),
		T(test_remove),
		T(test_entries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

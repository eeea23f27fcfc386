/* test_builtins_values.c - unit tests for compiler/eval/builtins*.c:
 * numbers, encodings (base64, JSON, YAML, sha256), fail() and values
 * known after apply. The harness is builtins_harness.h; strings, lists
 * and maps are in test_builtins.c.
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

/* ---- numbers -------------------------------------------------------------------- */

static void test_min_max(void **state)
{
	fx *f = *state;
	EXPECT(CALL("max", I(1), F(2.5), I(2)), "2.5");
	EXPECT(CALL("min", I(3), I(1), I(2)), "1");
	EXPECT(CALL("max", L(I(4), I(9), I(2))), "9");
	EXPECT(CALL("min", L(F(0.5))), "0.5");
	EXPECT(CALL("max", I(5)), "5");
	EXPECT(CALL("min", I(1), F(1.0)), "1");
	EXPECT(CALL("min", F(1.0), I(1)), "1.0");
	EXPECT(CALL("max", I(INT64_MAX), I(INT64_MAX - 1)), "9223372036854775807");
	expect_error(f, CALL("max", L0), "E0311", 0, "argument 1 of 'max': the list is empty");
	expect_error(
		f, CALL("max", I(1), S("a")), "E0201", 1, "expected int or float, found string");
	expect_error(
		f, CALL("min", L(I(1), S("a"))), "E0201", 0, "element 2: expected int or float");
	expect_error(f, CALL("max", S("a")), "E0201", 0, "expected int, float or list");
	expect_error(
		f, CALL("max", L(I(1)), I(2)), "E0201", 0, "expected int or float, found list");
}

static void test_abs(void **state)
{
	fx *f = *state;
	EXPECT(CALL("abs", I(-3)), "3");
	EXPECT(CALL("abs", I(3)), "3");
	EXPECT(CALL("abs", F(-2.5)), "2.5");
	EXPECT(CALL("abs", I(INT64_MIN + 1)), "9223372036854775807");
	expect_error(f, CALL("abs", I(INT64_MIN)), "E0301", -1, "integer overflow");
	expect_error(f, CALL("abs", S("1")), "E0201", 0, "expected int or float, found string");
}

static void test_to_int(void **state)
{
	fx *f = *state;
	EXPECT(CALL("to_int", I(7)), "7");
	EXPECT(CALL("to_int", F(2.9)), "2");
	EXPECT(CALL("to_int", F(-2.9)), "-2");
	EXPECT(CALL("to_int", F(-9223372036854775808.0)), "-9223372036854775808");
	EXPECT(CALL("to_int", S("42")), "42");
	EXPECT(CALL("to_int", S("+7")), "7");
	EXPECT(CALL("to_int", S("-0")), "0");
	EXPECT(CALL("to_int", S("007")), "7");
	EXPECT(CALL("to_int", S("9223372036854775807")), "9223372036854775807");
	EXPECT(CALL("to_int", S("-9223372036854775808")), "-9223372036854775808");
	expect_error(
		f, CALL("to_int", S("9223372036854775808")), "E0311", 0, "does not fit in an int");
	expect_error(f, CALL("to_int", S("-99999999999999999999")), "E0311", 0, "does not fit");
	expect_error(f, CALL("to_int", S(" 1")), "E0311", 0,
		"argument 1 of 'to_int': \" 1\" is not a decimal integer");
	expect_error(f, CALL("to_int", S("1.0")), "E0311", 0, "not a decimal integer");
	expect_error(f, CALL("to_int", S("")), "E0311", 0, "not a decimal integer");
	expect_error(f, CALL("to_int", S("-")), "E0311", 0, "not a decimal integer");
	expect_error(f, CALL("to_int", S("1_000")), "E0311", 0, "not a decimal integer");
	expect_error(f, CALL("to_int", F(1e300)), "E0311", 0, "1e+300 does not fit in an int");
	expect_error(f, CALL("to_int", F(9223372036854775808.0)), "E0311", 0, "does not fit");
	expect_error(f, CALL("to_int", F(NAN)), "E0311", 0, "does not fit");
	expect_error(
		f, CALL("to_int", B(1)), "E0201", 0, "expected int, float or string, found bool");
	/* to_int sees secrets (BUILTIN_SEES_SECRET): its message hides them. */
	assert_true(builtin_lookup("to_int")->flags & BUILTIN_SEES_SECRET);
	expect_error(f, CALL("to_int", SECRET("hunter2")), "E0311", 0, "(sensitive value)");
	assert_null(strstr(f->diags.items[f->diags.len - 1]->message, "hunter2"));
	EXPECT(CALL("to_int", SECRET("12")), "12");
}

static void test_to_float(void **state)
{
	fx *f = *state;
	EXPECT(CALL("to_float", I(1)), "1.0");
	EXPECT(CALL("to_float", F(0.25)), "0.25");
	EXPECT(CALL("to_float", S("2.5")), "2.5");
	EXPECT(CALL("to_float", S("-2.5e-1")), "-0.25");
	assert_true(CALL("to_float", S("+1E2"))->u.number == 100.0);
	EXPECT(CALL("to_float", S(".5")), "0.5");
	EXPECT(CALL("to_float", S("1.")), "1.0");
	EXPECT(CALL("to_float", S("7")), "7.0");
	EXPECT(CALL("to_float", S("1e-400")), "0.0");
	expect_error(f, CALL("to_float", S("1e400")), "E0311", 0, "does not fit in a float");
	expect_error(f, CALL("to_float", S("abc")), "E0311", 0, "\"abc\" is not a decimal number");
	expect_error(f, CALL("to_float", S("0x10")), "E0311", 0, "not a decimal number");
	expect_error(f, CALL("to_float", S("inf")), "E0311", 0, "not a decimal number");
	expect_error(f, CALL("to_float", S(" 1")), "E0311", 0, "not a decimal number");
	expect_error(f, CALL("to_float", S("1e")), "E0311", 0, "not a decimal number");
	expect_error(f, CALL("to_float", S(".")), "E0311", 0, "not a decimal number");
	expect_error(f, CALL("to_float", B(0)), "E0201", 0, "found bool");
	expect_error(f, CALL("to_float", SECRET("pw")), "E0311", 0, "(sensitive value)");
}

static void test_to_string(void **state)
{
	fx *f = *state;
	EXPECT(CALL("to_string", I(-1)), "\"-1\"");
	EXPECT(CALL("to_string", F(1.5)), "\"1.5\"");
	EXPECT(CALL("to_string", F(2.0)), "\"2.0\"");
	EXPECT(CALL("to_string", B(1)), "\"true\"");
	EXPECT(CALL("to_string", NUL), "\"null\"");
	EXPECT(CALL("to_string", S("s")), "\"s\"");
	expect_error(f, CALL("to_string", L0), "E0201", 0, "found list");
}

/* ---- encodings ------------------------------------------------------------------ */

static void test_base64(void **state)
{
	fx *f = *state;
	EXPECT(CALL("base64_encode", S("")), "\"\"");
	EXPECT(CALL("base64_encode", S("f")), "\"Zg==\"");
	EXPECT(CALL("base64_encode", S("fo")), "\"Zm8=\"");
	EXPECT(CALL("base64_encode", S("foo")), "\"Zm9v\"");
	EXPECT(CALL("base64_encode", S("h\xC3\xA9llo")), "\"aMOpbGxv\"");
	EXPECT(CALL("base64_decode", S("")), "\"\"");
	EXPECT(CALL("base64_decode", S("Zg==")), "\"f\"");
	EXPECT(CALL("base64_decode", S("Zm8=")), "\"fo\"");
	EXPECT(CALL("base64_decode", S("Zm9v")), "\"foo\"");
	EXPECT(CALL("base64_decode", S("aMOpbGxv")), "\"h\xC3\xA9llo\"");
	EXPECT(CALL("base64_decode", S("YS9iK2M/")), "\"a/b+c?\"");
	expect_error(f, CALL("base64_decode", S("Zg")), "E0311", 0, "not a multiple of 4");
	expect_error(f, CALL("base64_decode", S("Zm9v!A==")), "E0311", 0,
		"unexpected character at position 5");
	expect_error(f, CALL("base64_decode", S("Zg=a")), "E0311", 0, "position 3");
	expect_error(f, CALL("base64_decode", S("Z===")), "E0311", 0, "position 2");
	expect_error(f, CALL("base64_decode", S("Zm9v\nZm9v")), "E0311", 0, NULL);
	expect_error(f, CALL("base64_decode", S("AA==")), "E0311", 0, "not UTF-8 text");
	expect_error(f, CALL("base64_decode", S("/w==")), "E0311", 0, "not UTF-8 text");
	expect_error(f, CALL("base64_encode", I(1)), "E0201", 0, "expected string");
}

static void test_json(void **state)
{
	fx *f = *state;
	EXPECT(CALL("json_encode", M(KV("a", L(I(1), S("x"), NUL, B(1), F(0.5))))),
		"\"{\\\"a\\\":[1,\\\"x\\\",null,true,0.5]}\"");
	EXPECT(CALL("json_encode", S("q\"")), "\"\\\"q\\\\\\\"\\\"\"");
	EXPECT(CALL("json_decode", S("{\"a\": [1, 2.5, \"x\"], \"b\": null}")),
		"{\"a\": [1, 2.5, \"x\"], \"b\": null}");
	EXPECT(CALL("json_decode", S("3")), "3");
	expect_error(f, CALL("json_decode", S("[1,")), "E0311", 0,
		"argument 1 of 'json_decode': not valid JSON: line 1");
	expect_error(f, CALL("json_decode", I(1)), "E0201", 0, "expected string");

	value fn = { 0 };
	fn.kind = VAL_FUNC;
	fn.name = "f";
	expect_error(f, CALL("json_encode", L(&fn)), "E0311", 0, "argument 1 of 'json_encode': ");

	/* Secrets inside: written in clear, and the result is a secret. */
	value *r = CALL("json_encode", M(KV("pw", SECRET("hunter2"))));
	assert_int_equal(r->kind, VAL_SECRET);
	EXPECT(r, "\"{\\\"pw\\\":\\\"hunter2\\\"}\"");
}

static void test_yaml(void **state)
{
	fx *f = *state;
	value *v = M(KV("name", S("api")), KV("ports", L(I(80), I(443))), KV("on", S("yes")),
		KV("ratio", F(0.5)), KV("none", NUL));
	value *text = CALL("yaml_encode", v);
	assert_int_equal(text->kind, VAL_STRING);
	assert_int_equal(text->u.str.ptr[text->u.str.len - 1], '\n');
	/* "yes" must be quoted, or a YAML 1.1 reader takes it for true. */
	assert_null(strstr(text->u.str.ptr, ": yes"));
	EXPECT(CALL("yaml_decode", text), render(f, v));
	EXPECT(CALL("yaml_decode", S("a: 1\nb: [x, 2.5]\n")), "{\"a\": 1, \"b\": [\"x\", 2.5]}");
	expect_error(f, CALL("yaml_decode", S("a: [1\n")), "E0311", 0,
		"argument 1 of 'yaml_decode': not valid YAML: line ");
	expect_error(f, CALL("yaml_decode", B(1)), "E0201", 0, "expected string");

	value *r = CALL("yaml_encode", L(SECRET("hunter2")));
	assert_int_equal(r->kind, VAL_SECRET);
	assert_non_null(strstr(r->u.str.ptr, "hunter2"));
}

static void test_sha256(void **state)
{
	fx *f = *state;
	EXPECT(CALL("sha256", S("")),
		"\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"");
	EXPECT(CALL("sha256", S("abc")),
		"\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
	expect_error(f, CALL("sha256", I(1)), "E0201", 0, "expected string");
}

static void test_fail(void **state)
{
	fx *f = *state;
	expect_error(f, CALL("fail", S("boom: it broke")), "E0310", -1, NULL);
	assert_string_equal(f->diags.items[f->diags.len - 1]->message, "boom: it broke");
	expect_error(f, CALL("fail", SECRET("hunter2")), "E0310", -1, NULL);
	assert_string_equal(f->diags.items[f->diags.len - 1]->message, VALUE_SECRET_MARK);
	expect_error(f, CALL("fail", I(1)), "E0201", 0, "argument 1 of 'fail': expected string");
}

static void test_known_after_apply(void **state)
{
	fx *f = *state;
	expect_error(f, CALL("known_after_apply", S("outputs.address")), "E0311", -1,
		"only be used inside a component");
	f->component = "platform.database";
	value *r = CALL("known_after_apply", S("outputs.address"));
	assert_int_equal(r->kind, VAL_UNKNOWN);
	assert_string_equal(r->u.unknown.producer, "platform.database");
	assert_string_equal(r->u.unknown.path, "outputs.address");
	expect_error(f, CALL("known_after_apply", S("")), "E0311", 0, "the path is empty");
	expect_error(f, CALL("known_after_apply", I(1)), "E0201", 0, "expected string");
}

/* Unknown values inside lists and maps reach the builtins (the evaluator
 * handles unknown arguments only): results that depend on them are
 * unknown, naming the same producer. */
static void test_unknown_inside(void **state)
{
	fx *f = *state;
	value *u = value_unknown(&f->a, "platform.db", "outputs.address", nowhere());
#define EXPECT_UNKNOWN(call)                                                \
	do {                                                                \
		value *r_ = (call);                                         \
		assert_int_equal(r_->kind, VAL_UNKNOWN);                    \
		assert_string_equal(r_->u.unknown.producer, "platform.db"); \
		assert_string_equal(r_->u.unknown.path, "outputs.address"); \
	} while (0)
	EXPECT_UNKNOWN(CALL("join", L(S("a"), u), S(",")));
	EXPECT_UNKNOWN(CALL("format", S("%v"), L(u)));
	EXPECT_UNKNOWN(CALL("json_encode", M(KV("a", L(u)))));
	EXPECT_UNKNOWN(CALL("yaml_encode", M(KV("a", u))));
	EXPECT_UNKNOWN(CALL("sort", L(I(2), u)));
	EXPECT_UNKNOWN(CALL("unique", L(I(2), u)));
	EXPECT_UNKNOWN(CALL("max", L(I(2), u)));
	EXPECT_UNKNOWN(CALL("contains", L(u), I(1)));
	EXPECT_UNKNOWN(CALL("contains", L(I(1)), L(u)));
	EXPECT(CALL("contains", L(u, I(1)), I(1)), "true");
	EXPECT(CALL("index_of", L(I(1), u), I(1)), "0");
	EXPECT_UNKNOWN(CALL("index_of", L(u, I(1)), I(1)));
	EXPECT_UNKNOWN(CALL("from_entries", L(L(u, I(1)))));
	EXPECT_UNKNOWN(CALL("from_entries", L(u)));
	value *m = CALL("from_entries", L(L(S("a"), u)));
	assert_int_equal(vmap_get(m->u.map, "a")->kind, VAL_UNKNOWN);
	EXPECT_UNKNOWN(vmap_get(CALL("merge", M(KV("a", u)), M(KV("a", M0)))->u.map, "a"));
	EXPECT(CALL("merge", M(KV("a", M0)), M(KV("a", I(1)))), "{\"a\": 1}");
	assert_int_equal(vmap_get(CALL("merge", M(KV("a", M0)), M(KV("a", u)))->u.map, "a")->kind,
		VAL_UNKNOWN);
	/* What does not depend on the unknown element stays known. */
	EXPECT(CALL("len", L(u, u)), "2");
	EXPECT(CALL("reverse", L(I(1), NUL)), "[null, 1]");
	assert_int_equal(CALL("flatten", L(L(u)))->u.list.items[0]->kind, VAL_UNKNOWN);
#undef EXPECT_UNKNOWN
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_min_max),
		T(test_abs),
		T(test_to_int),
		T(test_to_float),
		T(test_to_string),
		T(test_base64),
		T(test_json),
		T(test_yaml),
		T(test_sha256),
		T(test_known_after_apply),
		T(test_unknown_inside),
		T(test_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

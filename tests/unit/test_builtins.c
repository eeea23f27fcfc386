/* test_builtins.c - unit tests for compiler/eval/builtins*.c.
 *
 * Each builtin is called the way the evaluator calls it: looked up by
 * name, with evaluated arguments, a span per argument and an evaluation
 * context from eval_ctx_new_for_tests(). Results are compared through a
 * small renderer of our own (not the JSON codec, so that these tests do
 * not depend on it), in the notation of docs/stdlib.md: ["a", 1.0],
 * {"k": null}. Errors are checked for their code, their span (which
 * argument, or the call) and a part of their message.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/eval/builtins.h"
#include "../../compiler/eval/eval.h"

typedef struct fx {
	arena a;
	src_map sources;
	diag_list diags;
	eval_ctx *ev;
	uint32_t base;         /* spans of the next call start here */
	const char *component; /* builtin_call.component of the next calls */
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	src_map_init(&f->sources);
	diag_list_init(&f->diags, &f->a, &f->sources);
	f->ev = eval_ctx_new_for_tests(&f->a, &f->diags);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	diag_list_release(&f->diags);
	src_map_release(&f->sources);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* ---- calling ------------------------------------------------------------------ */

/* Every call gets fresh spans: the call is [base, base+100) and argument
 * i is [base+10+10i, base+15+10i). Fresh positions keep the diagnostic
 * list from merging two errors of the same code at the same place. */
static src_span call_span(const fx *f)
{
	return src_span_make(1, f->base, f->base + 100);
}

static src_span arg_span(const fx *f, uint32_t i)
{
	return src_span_make(1, f->base + 10 + 10 * i, f->base + 15 + 10 * i);
}

static value *call_v(fx *f, const char *name, uint32_t n, value **args)
{
	const builtin *b = builtin_lookup(name);
	assert_non_null(b);
	/* The evaluator checks the count; tests must respect it too. */
	assert_true((int)n >= b->min_args && (b->max_args < 0 || (int)n <= b->max_args));
	src_span spans[16];
	assert_true(n <= 16);
	f->base += 1000;
	for (uint32_t i = 0; i < n; i++)
		spans[i] = arg_span(f, i);
	builtin_call c = { f->ev, &f->a, call_span(f), spans, args, n, f->component };
	size_t before = f->diags.len;
	value *r = b->fn(&c);
	/* NULL exactly when one error was reported. */
	assert_int_equal(f->diags.len, before + (r == NULL));
	if (r) {
		assert_int_equal(r->origin.start, call_span(f).start);
		assert_int_equal(r->origin.end, call_span(f).end);
	}
	return r;
}

#define NARGS(...) ((uint32_t)(sizeof((value *[]){ __VA_ARGS__ }) / sizeof(value *)))
#define CALL(name, ...) call_v(f, name, NARGS(__VA_ARGS__), (value *[]){ __VA_ARGS__ })

/* The last error has this code, is at argument `arg` (or at the call if
 * arg < 0) and its message contains `part`. */
static void expect_error(fx *f, value *r, const char *code, int arg, const char *part)
{
	assert_null(r);
	assert_true(f->diags.len > 0);
	const diagnostic *d = f->diags.items[f->diags.len - 1];
	assert_string_equal(d->code, code);
	src_span want = arg < 0 ? call_span(f) : arg_span(f, (uint32_t)arg);
	assert_int_equal(d->span.start, want.start);
	assert_int_equal(d->span.end, want.end);
	if (part && !strstr(d->message, part))
		fail_msg("message \"%s\" does not contain \"%s\"", d->message, part);
}

/* ---- building values ------------------------------------------------------------ */

static src_span nowhere(void)
{
	return src_span_make(0, 0, 0);
}

typedef struct kv {
	const char *k;
	value *v;
} kv;

static value *mk_list(fx *f, uint32_t n, value **items)
{
	return value_list(&f->a, items, n, nowhere());
}

static value *mk_map(fx *f, uint32_t n, const kv *entries)
{
	vmap *m = vmap_new(&f->a);
	for (uint32_t i = 0; i < n; i++)
		vmap_set(&f->a, m, entries[i].k, entries[i].v, nowhere());
	return value_map(&f->a, m, nowhere());
}

#define S(s) value_string(&f->a, (s), strlen(s), nowhere())
#define SECRET(s) value_secret(&f->a, (s), strlen(s), nowhere())
#define I(i) value_int(&f->a, (i), nowhere())
#define F(x) value_float(&f->a, (x), nowhere())
#define B(b) value_bool(&f->a, (b), nowhere())
#define NUL value_null(&f->a, nowhere())
#define L(...) mk_list(f, NARGS(__VA_ARGS__), (value *[]){ __VA_ARGS__ })
#define L0 mk_list(f, 0, NULL)
#define KV(k, v)         \
	{                \
		(k), (v) \
	}
#define M(...) \
	mk_map(f, (uint32_t)(sizeof((kv[]){ __VA_ARGS__ }) / sizeof(kv)), (kv[]){ __VA_ARGS__ })
#define M0 mk_map(f, 0, NULL)

/* ---- rendering ------------------------------------------------------------------ */

static void render_to(const value *v, strbuf *out)
{
	switch (v->kind) {
	case VAL_STRING:
	case VAL_SECRET:
		strbuf_addch(out, '"');
		for (size_t i = 0; i < v->u.str.len; i++) {
			char ch = v->u.str.ptr[i];
			if (ch == '"' || ch == '\\')
				strbuf_addch(out, '\\');
			if (ch == '\n')
				strbuf_adds(out, "\\n");
			else
				strbuf_addch(out, ch);
		}
		strbuf_addch(out, '"');
		break;
	case VAL_LIST:
		strbuf_addch(out, '[');
		for (uint32_t i = 0; i < v->u.list.len; i++) {
			if (i)
				strbuf_adds(out, ", ");
			render_to(v->u.list.items[i], out);
		}
		strbuf_addch(out, ']');
		break;
	case VAL_MAP:
		strbuf_addch(out, '{');
		for (uint32_t i = 0; i < v->u.map->len; i++) {
			if (i)
				strbuf_adds(out, ", ");
			strbuf_addf(out, "\"%s\": ", v->u.map->keys[i]);
			render_to(v->u.map->vals[i], out);
		}
		strbuf_addch(out, '}');
		break;
	default:
		if (!value_to_text(v, out))
			strbuf_addf(out, "<%s>", value_kind_name(v->kind));
		break;
	}
}

static const char *render(fx *f, const value *v)
{
	assert_non_null(v);
	strbuf sb = STRBUF_INIT;
	render_to(v, &sb);
	char *s = arena_strdup(&f->a, sb.buf);
	strbuf_release(&sb);
	return s;
}

#define EXPECT(call, text) assert_string_equal(render(f, (call)), (text))

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

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

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

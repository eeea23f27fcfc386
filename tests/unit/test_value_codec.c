/* test_value_codec.c - unit tests for compiler/eval/value_json.c,
 * value_yaml.c and value_yaml_read.c (contract: value_codec.h).
 *
 * What is pinned here: the exact text both writers produce (key order,
 * indentation, number spellings, scalar styles), the YAML 1.1 quoting
 * rule on the strings that break real deployments ("NO", "0x1", "12:30"),
 * the readers' schema (YAML 1.2 core) and their refusals (aliases,
 * second documents, unknown tags, duplicate keys) with line and column.
 *
 * The last test writes a corpus of awkward strings as YAML and JSON into
 * the working directory; tests/unit/yaml_corpus_check.py (ctest
 * unit.value_codec_pyyaml) reads both with PyYAML and json and checks
 * that a YAML 1.1 reader sees every string as the same string.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/eval/value_codec.h"

static const src_span nospan = { 0, 0, 0 };

/* ---- building values ----------------------------------------------------- */

static value *str(arena *a, const char *s)
{
	return value_string(a, s, strlen(s), nospan);
}

static value *num(arena *a, int64_t i)
{
	return value_int(a, i, nospan);
}

static value *flt(arena *a, double f)
{
	return value_float(a, f, nospan);
}

/* list(a, n, v1, ..., vn) */
static value *list(arena *a, int n, ...)
{
	value *items[32];
	assert_true(n <= 32);
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		items[i] = va_arg(ap, value *);
	va_end(ap);
	return value_list(a, items, (uint32_t)n, nospan);
}

/* map(a, n, "k1", v1, ..., "kn", vn) */
static value *map(arena *a, int n, ...)
{
	vmap *m = vmap_new(a);
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *k = va_arg(ap, const char *);
		value *v = va_arg(ap, value *);
		vmap_set(a, m, k, v, nospan);
	}
	va_end(ap);
	return value_map(a, m, nospan);
}

/* A function value, as far as the codec can tell. */
static value *func(arena *a, const char *name)
{
	value *v = ARENA_NEW(a, value);
	v->kind = VAL_FUNC;
	v->name = name;
	return v;
}

/* Same kinds, same data, same key order; floats compared exactly.
 * Stricter than value_equal (which equates 1 and 1.0). */
static int same(const value *x, const value *y)
{
	if (x->kind != y->kind)
		return 0;
	switch (x->kind) {
	case VAL_NULL:
		return 1;
	case VAL_BOOL:
		return x->u.boolean == y->u.boolean;
	case VAL_INT:
		return x->u.integer == y->u.integer;
	case VAL_FLOAT:
		return memcmp(&x->u.number, &y->u.number, sizeof(double)) == 0;
	case VAL_STRING:
		return x->u.str.len == y->u.str.len &&
			memcmp(x->u.str.ptr, y->u.str.ptr, x->u.str.len) == 0;
	case VAL_LIST:
		if (x->u.list.len != y->u.list.len)
			return 0;
		for (uint32_t i = 0; i < x->u.list.len; i++)
			if (!same(x->u.list.items[i], y->u.list.items[i]))
				return 0;
		return 1;
	case VAL_MAP:
		if (x->u.map->len != y->u.map->len)
			return 0;
		for (uint32_t i = 0; i < x->u.map->len; i++)
			if (strcmp(x->u.map->keys[i], y->u.map->keys[i]) != 0 ||
				!same(x->u.map->vals[i], y->u.map->vals[i]))
				return 0;
		return 1;
	default:
		return 0;
	}
}

static void check_json(const value *v, int pretty, const char *expected)
{
	strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(value_write_json(v, pretty, &out, &err), 0);
	assert_string_equal(out.buf, expected);
	assert_int_equal(err.len, 0);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void check_yaml(const value *v, const char *expected)
{
	strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(value_write_yaml(v, &out, &err), 0);
	assert_string_equal(out.buf, expected);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* ---- JSON writing ---------------------------------------------------------- */

static value *sample(arena *a)
{
	value *inner = map(a, 1, "z", str(a, "\xc3\xa9\n\t\"\\\x01/"));
	return map(a, 11, "name", str(a, "web"), "replicas", num(a, 3), "ratio", flt(a, 0.5), "big",
		flt(a, 1e30), "two", flt(a, 2.0), "on", value_bool(a, 1, nospan), "none",
		value_null(a, nospan), "tags", list(a, 2, str(a, "a"), str(a, "b")), "empty",
		map(a, 0), "nothing", list(a, 0), "nested",
		map(a, 1, "x", map(a, 1, "y", list(a, 2, num(a, -1), inner))));
}

static void test_json_compact(void **state)
{
	arena a;
	arena_init(&a);
	check_json(sample(&a), 0,
		"{\"name\":\"web\",\"replicas\":3,\"ratio\":0.5,\"big\":1e+30,\"two\":2.0,"
		"\"on\":true,\"none\":null,\"tags\":[\"a\",\"b\"],\"empty\":{},\"nothing\":[],"
		"\"nested\":{\"x\":{\"y\":[-1,{\"z\":\"\xc3\xa9\\n\\t\\\"\\\\\\u0001/\"}]}}}");
	check_json(str(&a, ""), 0, "\"\"");
	check_json(num(&a, INT64_MIN), 0, "-9223372036854775808");
	check_json(flt(&a, -0.0), 0, "-0.0");
	check_json(flt(&a, 1e-7), 0, "1e-07");
	arena_release(&a);
}

static void test_json_pretty(void **state)
{
	arena a;
	arena_init(&a);
	check_json(sample(&a), 1,
		"{\n"
		"  \"name\": \"web\",\n"
		"  \"replicas\": 3,\n"
		"  \"ratio\": 0.5,\n"
		"  \"big\": 1e+30,\n"
		"  \"two\": 2.0,\n"
		"  \"on\": true,\n"
		"  \"none\": null,\n"
		"  \"tags\": [\n"
		"    \"a\",\n"
		"    \"b\"\n"
		"  ],\n"
		"  \"empty\": {},\n"
		"  \"nothing\": [],\n"
		"  \"nested\": {\n"
		"    \"x\": {\n"
		"      \"y\": [\n"
		"        -1,\n"
		"        {\n"
		"          \"z\": \"\xc3\xa9\\n\\t\\\"\\\\\\u0001/\"\n"
		"        }\n"
		"      ]\n"
		"    }\n"
		"  }\n"
		"}\n");
	check_json(num(&a, 7), 1, "7\n");
	check_json(map(&a, 0), 1, "{}\n");
	arena_release(&a);
}

static void test_json_secret_and_unknown(void **state)
{
	arena a;
	arena_init(&a);
	value *v = list(&a, 3, value_secret(&a, "hunter2", 7, nospan),
		value_unknown(&a, "platform.db", "outputs.address", nospan),
		value_unknown(&a, "net", NULL, nospan));
	check_json(v, 0,
		"[\"(sensitive value)\",\"(known after apply: platform.db.outputs.address)\","
		"\"(known after apply: net)\"]");
	arena_release(&a);
}

static void test_json_write_errors(void **state)
{
	arena a;
	arena_init(&a);
	strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_adds(&out, "kept");

	/* A function deep inside: error names the place, output untouched. */
	value *v = map(&a, 1, "spec", map(&a, 1, "my key", list(&a, 2, num(&a, 1), func(&a, "f"))));
	assert_int_equal(value_write_json(v, 1, &out, &err), -1);
	assert_string_equal(err.buf, "cannot write function 'f' as JSON (at spec[\"my key\"][1])");
	assert_string_equal(out.buf, "kept");

	strbuf_reset(&err);
	assert_int_equal(value_write_json(str(&a, "ok\xff"), 0, &out, &err), -1);
	assert_string_equal(err.buf, "string is not valid UTF-8 (byte 0xFF at offset 2)");
	assert_string_equal(out.buf, "kept");

	/* Nesting: 512 levels are fine, 513 are not. */
	value *deep = num(&a, 0);
	for (int i = 0; i < 512; i++)
		deep = list(&a, 1, deep);
	strbuf_reset(&err);
	assert_int_equal(value_write_json(deep, 0, &out, &err), 0);
	deep = list(&a, 1, deep);
	strbuf_reset(&out);
	assert_int_equal(value_write_json(deep, 0, &out, &err), -1);
	assert_non_null(strstr(err.buf, "nested deeper than 512 levels"));
	assert_int_equal(out.len, 0);

	strbuf_release(&out);
	strbuf_release(&err);
	arena_release(&a);
}

/* ---- JSON reading ---------------------------------------------------------- */

static value *read_json(arena *a, const char *text, strbuf *err)
{
	strbuf_reset(err);
	return value_read_json(a, text, strlen(text), nospan, err);
}

static void test_json_read_values(void **state)
{
	arena a;
	arena_init(&a);
	strbuf err = STRBUF_INIT;
	value *v = read_json(&a,
		"{\"z\": 1, \"a\": [true, false, null, 1.5, \"\\u00e9\\n\"], \"m\": {},"
		" \"min\": -9223372036854775808, \"max\": 9223372036854775807,"
		" \"over\": 9223372036854775808, \"under\": -9223372036854775809,"
		" \"huge\": [123456789012345678901234567890, 1]}",
		&err);
	assert_non_null(v);
	value *expected = map(&a, 8, "z", num(&a, 1), "a",
		list(&a, 5, value_bool(&a, 1, nospan), value_bool(&a, 0, nospan),
			value_null(&a, nospan), flt(&a, 1.5), str(&a, "\xc3\xa9\n")),
		"m", map(&a, 0), "min", num(&a, INT64_MIN), "max", num(&a, INT64_MAX), "over",
		flt(&a, 9223372036854775808.0), "under", flt(&a, -9223372036854775809.0), "huge",
		list(&a, 2, flt(&a, 123456789012345678901234567890.0), num(&a, 1)));
	assert_true(same(v, expected));

	/* Any value at the top; a byte order mark is skipped. */
	assert_true(same(read_json(&a, " 42 ", &err), num(&a, 42)));
	assert_true(same(read_json(&a, "\"s\"", &err), str(&a, "s")));
	assert_true(same(read_json(&a, "\xef\xbb\xbf[1]", &err), list(&a, 1, num(&a, 1))));

	/* Values carry the origin they were given. */
	src_span origin = { 3, 10, 20 };
	v = value_read_json(&a, "[1]", 3, origin, &err);
	assert_int_equal(v->origin.file, 3);
	assert_int_equal(v->u.list.items[0]->origin.start, 10);
	strbuf_release(&err);
	arena_release(&a);
}

static void test_json_read_errors(void **state)
{
	static const struct {
		const char *text;
		const char *err;
	} cases[] = {
		{ "{\"a\": 1, \"a\": 2}", "line 1, column 12: duplicate object key near '\"a\"'" },
		{ "[1,\n  2,]", "line 2, column 5: unexpected token near ']'" },
		{ "", "line 1, column 1: unexpected token near end of file" },
		{ "[1, 2", "line 1, column 5: ']' expected near end of file" },
		{ "1 2", "line 1, column 3: end of file expected near '2'" },
		{ "[\"\xc3\xa9\", x]", "line 1, column 7: invalid token near 'x'" },
		/* Columns stay right after a too-big integer was rewritten. */
		{ "[12345678901234567890, x]", "line 1, column 24: invalid token near 'x'" },
		{ "\"a\\u0000b\"",
			"line 1, column 10: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"a\\u0000b\"'" },
		{ "1e400", "line 1, column 5: real number overflow near '1e400'" },
	};
	arena a;
	arena_init(&a);
	strbuf err = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_null(read_json(&a, cases[i].text, &err));
		assert_string_equal(err.buf, cases[i].err);
	}

	/* Deep nesting is refused before jansson walks it. */
	strbuf deep = STRBUF_INIT;
	strbuf_addchars(&deep, '[', 600);
	assert_null(read_json(&a, deep.buf, &err));
	assert_string_equal(err.buf, "line 1, column 513: nesting deeper than 512 levels");
	strbuf_release(&deep);
	strbuf_release(&err);
	arena_release(&a);
}

/* ---- YAML quoting ------------------------------------------------------------ */

static void test_yaml_needs_quotes(void **state)
{
	static const char *const quoted[] = { /* YAML 1.1 booleans and null */
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
		"false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null",
		"NULL", "~", "", "yEs", "nULL",
		/* numbers: ints in every base, underscores, base 60, floats */
		"0", "12", "-1", "+1", "0x1", "0x1F", "0X1f", "0o17", "017", "0b101", "1_000",
		"12:30", "1:20:30", "190:20:30.15", "1e3", "1E3", "1.5", ".5", "1.", "-.5", "+.5",
		"1.5e-3", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".NAN", "0x1p-2", "1.25.0",
		/* timestamps */
		"2024-01-01", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
		"2002-12-14", "2001-12-15T02:59:43.1Z", "2024-01-01-backup", "2024-1-2 x",
		/* merge and value keys */
		"<<", "=",
		/* blanks at either end */
		" lead", "trail ", "\tx", "x\t", " ",
		/* leading indicators */
		"-", "- item", "-x", "?", "? x", ":", ":x", ",", "[a]", "]", "{a}", "}", "#c",
		"&anc", "*ref", "!tag", "|", ">", "'q'", "\"q\"", "%x", "@x", "`x`", "---", "...",
		"...x",
		/* values, comments, keys inside */
		"a: b", "a #c", "key:", "a:\tb",
		/* control and invisible characters */
		"a\nb", "a\rb", "a\x01", "a\x7f", "a\tb", "a\xc2\x85", "a\xe2\x80\xa8",
		"\xef\xbb\xbfx",
		/* not UTF-8 */
		"a\xff"
	};
	static const char *const plain[] = { "hello", "web-1", "nginx:1.25",
		"http://example.com/a?b=c#frag", "a:b", "a#b", "hello world", "512Mi", "2Gi",
		"100m", "3s", "1 apple", "v1.2.3", "app.kubernetes.io/name", "(sensitive value)",
		"caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "a,b", "x[0]", "yess", "noo", "Norway",
		"nil", "None", ".bashrc", "_x", "a-b_c.d/e", "~x", "<", "a=b", "$HOME", "50%",
		"a'b", "a\"b", "C:\\path" };
	for (size_t i = 0; i < sizeof(quoted) / sizeof(quoted[0]); i++) {
		if (!yaml_needs_quotes(quoted[i], strlen(quoted[i])))
			fail_msg("expected quotes for \"%s\"", quoted[i]);
	}
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (yaml_needs_quotes(plain[i], strlen(plain[i])))
			fail_msg("expected plain for \"%s\"", plain[i]);
	}
	/* A NUL inside the length is a control character. */
	assert_true(yaml_needs_quotes("a\0b", 3));

	/* The manifest writer decides with its own fast path (eight bytes
	 * at a time): it must quote exactly what yaml_needs_quotes quotes,
	 * as a value and as a key, wherever in a long string the byte that
	 * matters is. */
	static const char *const written[] = { "abcdefgh:ijk", "abcdefg: x", "abcdefghijklm #x",
		"abcdefghijklmno#", "abcdefghi\x01jk", "abcdefghij\x7fk", "abcdefghijklmnop: q",
		"12345678", "abcdefghijklmnopqrstuvwxyz0123456789", "abcdefgh ", "abcdefgh\t",
		"abcdefghijklmnopq:", "http://svc-00001.example.com:8080/healthz", "-abcdefghij",
		"abcdefghijklmnop#q r", "abcdefghijklmno #", "registry.example.com/acme/svc:1.0.0",
		"2024-01-01T00:00:00Z", "abcdefgh\x1fijklmnop", "truefalse", "0123456789abcdef" };
	arena a;
	arena_init(&a);
	for (size_t set = 0; set < 3; set++) {
		const char *const *strs = set == 0 ? quoted : set == 1 ? plain : written;
		size_t n = set == 0 ? sizeof(quoted) / sizeof(quoted[0]) :
			set == 1    ? sizeof(plain) / sizeof(plain[0]) :
				      sizeof(written) / sizeof(written[0]);
		for (size_t i = 0; i < n; i++) {
			const char *t = strs[i];
			size_t len = strlen(t);
			int ascii = 1;
			for (size_t j = 0; j < len; j++)
				ascii &= (unsigned char)t[j] < 0x80 && t[j] != '\n';
			if (!ascii || !len)
				continue; /* libyaml writes those */
			int want = yaml_needs_quotes(t, len);
			strbuf out = STRBUF_INIT, err = STRBUF_INIT;
			assert_int_equal(
				value_write_yaml(map(&a, 1, "k", str(&a, t)), &out, &err), 0);
			if ((out.buf[3] == '"') != want)
				fail_msg("value \"%s\" written as %s", t, out.buf);
			strbuf_reset(&out);
			assert_int_equal(
				value_write_yaml(map(&a, 1, t, num(&a, 1)), &out, &err), 0);
			if ((out.buf[0] == '"') != want)
				fail_msg("key \"%s\" written as %s", t, out.buf);
			strbuf_release(&out);
			strbuf_release(&err);
		}
	}
	arena_release(&a);
}

/* ---- YAML writing ------------------------------------------------------------ */

/* value_write_yaml_cached writes what value_write_yaml writes, the first
 * time a string is met and each time after (from its cache), also for
 * strings that share a slot: same length, same first and last eight
 * bytes, one of them to be quoted. */
static void test_yaml_quote_cache(void **state)
{
	(void)state;
	static const char *const strs[] = { "abcdefgh: z12345678", "abcdefghxzz12345678",
		"abcdefgh#z12345678", "abcdefghzz12345678", "yes", "yez", "no", "on", "1.0", "1.x",
		"apps/v1", "app.kubernetes.io/name", "svc-00001", "- x", "-x", "x:", "x",
		"abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz0123456",
		"abcdefghijklmnopqrstuvwxyz01234:", "abcdefghijklmnopqrstuvwxyz012345:",
		"\"quoted\"", "a\tb", "" };
	size_t n = sizeof(strs) / sizeof(strs[0]);
	arena a;
	arena_init(&a);
	yaml_quote_cache *qc = calloc(1, sizeof(*qc));
	assert_non_null(qc);
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < n; i++) {
			/* As a key and as a value; the third round in reverse. */
			const char *t = strs[round == 2 ? n - 1 - i : i];
			const value *docs[] = { map(&a, 1, t, str(&a, t)),
				list(&a, 1, str(&a, t)) };
			for (size_t d = 0; d < 2; d++) {
				strbuf want = STRBUF_INIT, got = STRBUF_INIT, err = STRBUF_INIT;
				assert_int_equal(value_write_yaml(docs[d], &want, &err), 0);
				assert_int_equal(
					value_write_yaml_cached(docs[d], &got, &err, qc), 0);
				assert_string_equal(got.buf, want.buf);
				strbuf_release(&want);
				strbuf_release(&got);
				strbuf_release(&err);
			}
		}
	/* Keys are found by address: the same address with other text (a
	 * longer one, a shorter one, one to be quoted) is not taken for
	 * the text cached there. */
	static const char *const texts[] = { "name", "names", "nam", "yes", "yesno", "y", "name" };
	char key[40];
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		strcpy(key, texts[i]);
		const value *doc = map(&a, 1, key, num(&a, 1));
		strbuf want = STRBUF_INIT, got = STRBUF_INIT, err = STRBUF_INIT;
		assert_int_equal(value_write_yaml(doc, &want, &err), 0);
		assert_int_equal(value_write_yaml_cached(doc, &got, &err, qc), 0);
		assert_string_equal(got.buf, want.buf);
		strbuf_release(&want);
		strbuf_release(&got);
		strbuf_release(&err);
	}
	free(qc);
	arena_release(&a);
}

static void test_yaml_write_document(void **state)
{
	arena a;
	arena_init(&a);
	value *v = map(&a, 19, "name", str(&a, "web"), "replicas", num(&a, 3), "ratio",
		flt(&a, 0.5), "big", flt(&a, 1e30), "small", flt(&a, 1e-7), "two", flt(&a, 2.0),
		"enabled", value_bool(&a, 1, nospan), "none", value_null(&a, nospan), "country",
		str(&a, "NO"), "version", str(&a, "1.25.0"), "memory", str(&a, "512Mi"), "empty",
		str(&a, ""), "empty_map", map(&a, 0), "empty_list", list(&a, 0), "tags",
		list(&a, 3, str(&a, "a"), str(&a, "yes"), str(&a, "caf\xc3\xa9")), "script",
		str(&a, "echo hi\nexit 0\n"), "nofinal", str(&a, "a\nb"), " lead",
		str(&a, "tab\there"), "nested",
		map(&a, 2, "list",
			list(&a, 2, map(&a, 2, "k", str(&a, "v"), "j", num(&a, 1)),
				list(&a, 2, num(&a, 1), num(&a, 2))),
			"0x1", str(&a, "  indented\nblock\n")));
	check_yaml(v,
		"name: web\n"
		"replicas: 3\n"
		"ratio: 0.5\n"
		"big: 1.0e+30\n"
		"small: 1.0e-07\n"
		"two: 2.0\n"
		"enabled: true\n"
		"none: null\n"
		"country: \"NO\"\n"
		"version: \"1.25.0\"\n"
		"memory: 512Mi\n"
		"empty: \"\"\n"
		"empty_map: {}\n"
		"empty_list: []\n"
		"tags:\n"
		"- a\n"
		"- \"yes\"\n"
		"- caf\xc3\xa9\n"
		"script: |\n"
		"  echo hi\n"
		"  exit 0\n"
		"nofinal: |-\n"
		"  a\n"
		"  b\n"
		"\" lead\": \"tab\\there\"\n"
		"nested:\n"
		"  list:\n"
		"  - k: v\n"
		"    j: 1\n"
		"  - - 1\n"
		"    - 2\n"
		"  \"0x1\": \"  indented\\nblock\\n\"\n");
	arena_release(&a);
}

static void test_yaml_write_roots(void **state)
{
	arena a;
	arena_init(&a);
	check_yaml(str(&a, "foo"), "foo\n");
	check_yaml(str(&a, "on"), "\"on\"\n");
	check_yaml(num(&a, -42), "-42\n");
	check_yaml(value_null(&a, nospan), "null\n");
	check_yaml(value_bool(&a, 0, nospan), "false\n");
	check_yaml(map(&a, 0), "{}\n");
	check_yaml(list(&a, 0), "[]\n");
	check_yaml(value_secret(&a, "pw", 2, nospan), "(sensitive value)\n");
	check_yaml(value_unknown(&a, "db", "port", nospan), "\"(known after apply: db.port)\"\n");
	/* Multi-line keys are double-quoted; libyaml still writes them as
	 * explicit "? " keys (a simple key must fit on one line). */
	check_yaml(map(&a, 1, "a\nb", num(&a, 1)), "? \"a\\nb\"\n: 1\n");
	/* A line break other than \n is escaped, not put in a block. */
	check_yaml(str(&a, "a\r\nb"), "\"a\\r\\nb\"\n");
	arena_release(&a);
}

static void test_yaml_write_errors(void **state)
{
	arena a;
	arena_init(&a);
	strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_adds(&out, "---\n");
	value *v = map(&a, 1, "x", list(&a, 1, func(&a, NULL)));
	assert_int_equal(value_write_yaml(v, &out, &err), -1);
	assert_string_equal(err.buf, "cannot write a function as YAML (at x[0])");
	assert_string_equal(out.buf, "---\n");
	strbuf_reset(&err);
	assert_int_equal(value_write_yaml(map(&a, 1, "k\xc3", num(&a, 1)), &out, &err), -1);
	assert_string_equal(
		err.buf, "string is not valid UTF-8 (byte 0xC3 at offset 1) (at [\"k\xc3\"])");
	strbuf_release(&out);
	strbuf_release(&err);
	arena_release(&a);
}

/* ---- YAML reading ------------------------------------------------------------ */

static value *read_yaml(arena *a, const char *text, strbuf *err)
{
	strbuf_reset(err);
	return value_read_yaml(a, text, strlen(text), nospan, err);
}

static void test_yaml_read_core_schema(void **state)
{
	arena a;
	arena_init(&a);
	strbuf err = STRBUF_INIT;
	struct {
		const char *text;
		value *expected;
	} cases[] = {
		{ "true", value_bool(&a, 1, nospan) },
		{ "True", value_bool(&a, 1, nospan) },
		{ "FALSE", value_bool(&a, 0, nospan) },
		{ "yes", str(&a, "yes") },
		{ "NO", str(&a, "NO") },
		{ "on", str(&a, "on") },
		{ "~", value_null(&a, nospan) },
		{ "null", value_null(&a, nospan) },
		{ "NULL", value_null(&a, nospan) },
		{ "nULL", str(&a, "nULL") },
		{ "", value_null(&a, nospan) },
		{ "# only a comment\n", value_null(&a, nospan) },
		{ "---\n", value_null(&a, nospan) },
		{ "12", num(&a, 12) },
		{ "+12", num(&a, 12) },
		{ "-12", num(&a, -12) },
		{ "007", num(&a, 7) },
		{ "0o17", num(&a, 15) },
		{ "0x1F", num(&a, 31) },
		{ "0x7FFFFFFFFFFFFFFF", num(&a, INT64_MAX) },
		{ "0x8000000000000000", flt(&a, 9223372036854775808.0) },
		{ "9223372036854775807", num(&a, INT64_MAX) },
		{ "-9223372036854775808", num(&a, INT64_MIN) },
		{ "9223372036854775808", flt(&a, 9223372036854775808.0) },
		{ "0b101", str(&a, "0b101") },
		{ "1_000", str(&a, "1_000") },
		{ "12:30", str(&a, "12:30") },
		{ "2024-01-01", str(&a, "2024-01-01") },
		{ "1.5", flt(&a, 1.5) },
		{ ".5", flt(&a, 0.5) },
		{ "1.", flt(&a, 1.0) },
		{ "1e3", flt(&a, 1000.0) },
		{ "-1.5E-3", flt(&a, -1.5e-3) },
		{ "1.0e+30", flt(&a, 1e30) },
		{ ".", str(&a, ".") },
		{ "1e", str(&a, "1e") },
		{ "'yes'", str(&a, "yes") },
		{ "\"12\"", str(&a, "12") },
		{ "''", str(&a, "") },
		{ "|\n  a\n  b\n", str(&a, "a\nb\n") },
		{ "!!str 12", str(&a, "12") },
		{ "! 12", str(&a, "12") },
		{ "!!int \"12\"", num(&a, 12) },
		{ "!!float 1", flt(&a, 1.0) },
		{ "!!bool true", value_bool(&a, 1, nospan) },
		{ "!!null ''", value_null(&a, nospan) },
		{ "!!map {a: 1}", map(&a, 1, "a", num(&a, 1)) },
		{ "!!seq [1]", list(&a, 1, num(&a, 1)) },
		{ "%YAML 1.2\n---\na", str(&a, "a") },
		{ "\xef\xbb\xbfk: v", map(&a, 1, "k", str(&a, "v")) },
		{ "8080: http\ntrue: x\n~: y\n",
			map(&a, 3, "8080", str(&a, "http"), "true", str(&a, "x"), "~",
				str(&a, "y")) },
		{ "z: 1\na:\n  - x\n  - {b: [], c: {}}\nm: |-\n  l1\n  l2\n",
			map(&a, 3, "z", num(&a, 1), "a",
				list(&a, 2, str(&a, "x"),
					map(&a, 2, "b", list(&a, 0), "c", map(&a, 0))),
				"m", str(&a, "l1\nl2")) },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		value *v = read_yaml(&a, cases[i].text, &err);
		if (!v)
			fail_msg("'%s': %s", cases[i].text, err.buf);
		if (!same(v, cases[i].expected))
			fail_msg("'%s' read as something else", cases[i].text);
	}
	strbuf_release(&err);
	arena_release(&a);
}

static void test_yaml_read_errors(void **state)
{
	static const struct {
		const char *text;
		const char *err;
	} cases[] = {
		{ "a: &x 1\nb: *x\n", "line 1, column 4: anchors are not supported (&x)" },
		{ "*x", "line 1, column 1: aliases are not supported (*x)" },
		{ "a: 1\n*x : 2\n", "line 2, column 1: aliases are not supported" },
		{ "&l [1]", "line 1, column 1: anchors are not supported (&l)" },
		{ "a: 1\n---\nb: 2\n",
			"line 2, column 1: a second document; only one is allowed here" },
		{ "a: 1\nb: 2\na: 3\n", "line 3, column 1: duplicate key 'a'" },
		{ "? [a]\n: 1\n", "line 1, column 3: map keys must be strings, not lists or maps" },
		{ "!foo x", "line 1, column 1: unsupported tag '!foo'" },
		{ "!!binary aGk=", "line 1, column 1: unsupported tag 'tag:yaml.org,2002:binary'" },
		{ "!!seq {a: 1}", "line 1, column 1: unsupported tag 'tag:yaml.org,2002:seq'" },
		{ "!!int abc", "line 1, column 1: 'abc' is not a valid tag:yaml.org,2002:int" },
		{ "x: .inf",
			"line 1, column 4: '.inf': infinite and NaN numbers are not supported" },
		{ "- .NaN",
			"line 1, column 3: '.NaN': infinite and NaN numbers are not supported" },
		{ "1e400", "line 1, column 1: number '1e400' is too large" },
		{ "\"a\\0b\"", "line 1, column 1: strings may not contain NUL characters" },
		{ "a: [1, 2\nb: 3\n",
			"line 2, column 2: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4)" },
		{ "a: b: c", "line 1, column 5: mapping values are not allowed in this context" },
		{ "a: 1\n\xff", "line 2, column 1: invalid leading UTF-8 octet (byte 0xFF)" },
	};
	arena a;
	arena_init(&a);
	strbuf err = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (read_yaml(&a, cases[i].text, &err))
			fail_msg("'%s' was accepted", cases[i].text);
		assert_string_equal(err.buf, cases[i].err);
	}
	strbuf deep = STRBUF_INIT;
	strbuf_addchars(&deep, '[', 600);
	assert_null(read_yaml(&a, deep.buf, &err));
	assert_string_equal(err.buf, "line 1, column 513: nesting deeper than 512 levels");
	strbuf_release(&deep);
	strbuf_release(&err);
	arena_release(&a);
}

/* ---- the corpus: awkward strings through both writers and back ----------- */

/* Pieces that make readers trip, glued together at random. */
static const char *const pieces[] = { " ", "\t", "\n", "\r", "\r\n", ":", ": ", "#", " #", "-",
	"- ", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "~",
	".", "..", "...", "---", "0", "1", "7", "9", "00", "_", "+", "e", "E", "x", "o", "b", "y",
	"n", "Y", "N", "t", "T", "Z", "<<", "=", "\\", "/", "a", "z", "\xc3\xa9", "\xe2\x80\xa8",
	"\xc2\x85", "\xef\xbb\xbf", "\x01", "\x7f", "\xc2\xa0", "yes", "no", "on", "off", "null",
	"true", "False", "inf", "nan", ".inf", "2024-01-01", "12:30", "0x1F", "0o17", "1e3",
	"1_000", "1.5", "Mi", "\n\n", "  " };

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64: fixed seed, so the corpus is the same on every run. */
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static value *corpus(arena *a)
{
	enum {
		COUNT = 20000
	};
	static const char *const fixed[] = { "yes", "no", "NO", "on", "off", "y", "n", "~", "null",
		"true", "0x1", "0o17", "017", "1e3", "1_000", "2024-01-01", ".inf", "12:30", "<<",
		"=", "", " lead", "trail ", "- item", "a: b", "#c", "&anc", "*ref", "!tag", "%x",
		"@x", "`x", "ctrl\x01x", "multi\nline\n", "multi\nline", "trailing\n\n\n", "\n",
		"\nlead", "sp \nx", "tab\tx", "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac",
		"(sensitive value)" };
	uint64_t seed = 0x9E3779B97F4A7C15u;
	size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
	value **strings = arena_alloc_array(a, COUNT + nfixed, sizeof(value *));
	vmap *keys = vmap_new(a);
	for (size_t i = 0; i < COUNT + nfixed; i++) {
		strbuf sb = STRBUF_INIT;
		if (i < nfixed) {
			strbuf_adds(&sb, fixed[i]);
		} else {
			size_t n = 1 + rng_next(&seed) % 5;
			for (size_t k = 0; k < n; k++)
				strbuf_adds(&sb, pieces[rng_next(&seed) % npieces]);
		}
		strings[i] = value_string(a, sb.buf, sb.len, nospan);
		if (!vmap_get(keys, strings[i]->u.str.ptr))
			vmap_set(a, keys, strings[i]->u.str.ptr, num(a, (int64_t)i), nospan);
		strbuf_release(&sb);
	}
	value *floats =
		list(a, 9, flt(a, 1e30), flt(a, 1e-7), flt(a, 0.1), flt(a, -0.0), flt(a, 2.0),
			flt(a, 123456789.0), flt(a, 1.5e300), flt(a, -2.5e-300), flt(a, 4.9e-324));
	value *ints = list(a, 4, num(a, INT64_MIN), num(a, INT64_MAX), num(a, 0), num(a, -1));
	value *misc = list(a, 6, value_bool(a, 1, nospan), value_bool(a, 0, nospan),
		value_null(a, nospan), map(a, 0), list(a, 0), list(a, 1, list(a, 1, map(a, 0))));
	return map(a, 5, "values", value_list(a, strings, COUNT + (uint32_t)nfixed, nospan), "keys",
		value_map(a, keys, nospan), "floats", floats, "ints", ints, "misc", misc);
}

static void write_file(const char *name, const strbuf *sb)
{
	FILE *f = fopen(name, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(sb->buf, 1, sb->len, f), sb->len);
	assert_int_equal(fclose(f), 0);
}

static void test_corpus_round_trip(void **state)
{
	arena a;
	arena_init(&a);
	value *v = corpus(&a);
	strbuf yaml = STRBUF_INIT, json = STRBUF_INIT, pretty = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(value_write_yaml(v, &yaml, &err), 0);
	assert_int_equal(value_write_json(v, 0, &json, &err), 0);
	assert_int_equal(value_write_json(v, 1, &pretty, &err), 0);

	/* Our own readers give back exactly what was written. */
	value *back = value_read_yaml(&a, yaml.buf, yaml.len, nospan, &err);
	if (!back)
		fail_msg("reading our YAML: %s", err.buf);
	assert_true(same(back, v));
	back = value_read_json(&a, json.buf, json.len, nospan, &err);
	assert_non_null(back);
	assert_true(same(back, v));
	back = value_read_json(&a, pretty.buf, pretty.len, nospan, &err);
	assert_non_null(back);
	assert_true(same(back, v));

	/* And a YAML 1.1 reader: yaml_corpus_check.py, run next by ctest. */
	write_file("value_codec_corpus.yaml", &yaml);
	write_file("value_codec_corpus.json", &json);
	strbuf_release(&yaml);
	strbuf_release(&json);
	strbuf_release(&pretty);
	strbuf_release(&err);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_compact),
		cmocka_unit_test(test_json_pretty),
		cmocka_unit_test(test_json_secret_and_unknown),
		cmocka_unit_test(test_json_write_errors),
		cmocka_unit_test(test_json_read_values),
		cmocka_unit_test(test_json_read_errors),
		cmocka_unit_test(test_yaml_needs_quotes),
		cmocka_unit_test(test_yaml_quote_cache),
		cmocka_unit_test(test_yaml_write_document),
		cmocka_unit_test(test_yaml_write_roots),
		cmocka_unit_test(test_yaml_write_errors),
		cmocka_unit_test(test_yaml_read_core_schema),
		cmocka_unit_test(test_yaml_read_errors),
		cmocka_unit_test(test_corpus_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_diag.c - unit tests for compiler/source/diag.
 *
 * The text renderer's output is compared byte for byte: golden tests all
 * over the tree depend on it, so any change here should be deliberate.
 * JSON is parsed back with jansson and checked field by field, plus one
 * exact dump that pins the key order. GitHub commands are compared
 * exactly, escaping included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "span_find.h"
#include <jansson.h>

#include "../../compiler/source/diag.h"
#include "span_find.h"

typedef struct fixture {
	arena arena;
	src_map sources;
	diag_list diags;
	strbuf out;
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	arena_init(&fx->arena);
	src_map_init(&fx->sources);
	diag_list_init(&fx->diags, &fx->arena, &fx->sources);
	strbuf_init(&fx->out);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	strbuf_release(&fx->out);
	diag_list_release(&fx->diags);
	src_map_release(&fx->sources);
	arena_release(&fx->arena);
	free(fx);
	return 0;
}

static const src_file *add_file(fixture *fx, const char *name, const char *text)
{
	return src_map_add(&fx->sources, name, text, strlen(text));
}

static const char *render_text(fixture *fx, int color, size_t max_errors)
{
	diag_render_opts o = { color, max_errors };
	strbuf_reset(&fx->out);
	diag_render_text(&fx->diags, &o, &fx->out);
	return fx->out.buf;
}

static const char *render_github(fixture *fx, size_t max_errors)
{
	diag_render_opts o = { 0, max_errors };
	strbuf_reset(&fx->out);
	diag_render_github(&fx->diags, &o, &fx->out);
	return fx->out.buf;
}

static const char APP_STACK[] = "# app.stack\n"
				"redis = {\n"
				"  port = 6379\n"
				"}\n"
				"\n"
				"a6 = 6\n"
				"a7 = 7\n"
				"a8 = 8\n"
				"a9 = 9\n"
				"a10 = 10\n"
				"service = {\n"
				"  port = redis_port + 1\n"
				"}\n";

/* The example from STYLE.md. Its header says 12:11, but in its own
 * excerpt the name starts in column 10 ("  port = " is 9 characters);
 * the renderer computes the column, so the header reads 12:10 here. */
static void test_text_style_example(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "app.stack", APP_STACK);
	diagnostic *d = diag_error(
		&fx->diags, "E0102", find(f, "redis_port"), "undefined name '%s'", "redis_port");
	diag_add_note(&fx->diags, d, find(f, "port"), "did you mean 'redis.port'?");
	diag_add_hint(&fx->diags, d, "declare it with `param redis_port: int`");
	assert_string_equal(render_text(fx, 0, 0),
		"app.stack:12:10: error[E0102]: undefined name 'redis_port'\n"
		"   12 |   port = redis_port + 1\n"
		"      |          ^~~~~~~~~~\n"
		"app.stack:3:3: note: did you mean 'redis.port'?\n"
		"    3 |   port = 6379\n"
		"      |   ^~~~\n"
		"   = hint: declare it with `param redis_port: int`\n");
}

static void test_text_unlocated_note_and_hints(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "app.stack", APP_STACK);
	diagnostic *d = diag_error(
		&fx->diags, "E0102", find(f, "redis_port"), "undefined name 'redis_port'");
	diag_add_note(&fx->diags, d, src_span_make(0, 0, 0), "names are resolved per file");
	/* More than the initial capacity of the hint array. */
	for (int i = 1; i <= 6; i++)
		diag_add_hint(&fx->diags, d, "hint %d", i);
	assert_int_equal(d->hint_count, 6);
	assert_string_equal(render_text(fx, 0, 0),
		"app.stack:12:10: error[E0102]: undefined name 'redis_port'\n"
		"   12 |   port = redis_port + 1\n"
		"      |          ^~~~~~~~~~\n"
		"   = note: names are resolved per file\n"
		"   = hint: hint 1\n"
		"   = hint: hint 2\n"
		"   = hint: hint 3\n"
		"   = hint: hint 4\n"
		"   = hint: hint 5\n"
		"   = hint: hint 6\n");
}

/* The gutter is as wide as the largest line number in the diagnostic,
 * so bars line up between the error and its notes. */
static void test_text_gutter_width_from_notes(void **state)
{
	fixture *fx = *state;
	strbuf text = STRBUF_INIT;
	for (int i = 1; i < 120; i++)
		strbuf_addf(&text, "v%d = %d\n", i, i);
	const src_file *f = add_file(fx, "long.stack", text.buf);
	strbuf_release(&text);
	diagnostic *d = diag_error(&fx->diags, "E0201", find(f, "v7 "), "duplicate 'v7'");
	diag_add_note(&fx->diags, d, find(f, "v107"), "also here");
	assert_string_equal(render_text(fx, 0, 0),
		"long.stack:7:1: error[E0201]: duplicate 'v7'\n"
		"     7 | v7 = 7\n"
		"       | ^~~\n"
		"long.stack:107:1: note: also here\n"
		"   107 | v107 = 107\n"
		"       | ^~~~\n");
}

static void test_text_caret_under_tabs(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "t.stack", "\tx =\t\tfoo\n");
	diag_error(&fx->diags, "E0102", find(f, "foo"), "undefined name 'foo'");
	assert_string_equal(render_text(fx, 0, 0),
		"t.stack:1:7: error[E0102]: undefined name 'foo'\n"
		"   1 | \tx =\t\tfoo\n"
		"     | \t   \t\t^~~\n");
}

static void test_text_multibyte_columns(void **state)
{
	fixture *fx = *state;
	const src_file *f =
		add_file(fx, "u.stack", "s = \"\xE6\x97\xA5\xE6\x9C\xAC\" + \xC3\xA9t\xC3\xA9\n");
	diag_error(&fx->diags, "E0102", find(f, "\xC3\xA9t\xC3\xA9"), "undefined name");
	/* 4 + 4 + 3 code points before the name, 3 code points in it. */
	assert_string_equal(render_text(fx, 0, 0),
		"u.stack:1:12: error[E0102]: undefined name\n"
		"   1 | s = \"\xE6\x97\xA5\xE6\x9C\xAC\" + \xC3\xA9t\xC3\xA9\n"
		"     |            ^~~\n");
}

static void test_text_bom_and_crlf(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "b.stack", "\xEF\xBB\xBFx = y\r\nz = w\r\n");
	diag_error(&fx->diags, "E0102", find(f, "y"), "undefined name 'y'");
	diag_error(&fx->diags, "E0102", find(f, "w"), "undefined name 'w'");
	/* Neither the BOM nor the '\r' reach the terminal. */
	assert_string_equal(render_text(fx, 0, 0),
		"b.stack:1:5: error[E0102]: undefined name 'y'\n"
		"   1 | x = y\n"
		"     |     ^\n"
		"b.stack:2:5: error[E0102]: undefined name 'w'\n"
		"   2 | z = w\n"
		"     |     ^\n");
}

static void test_text_eof_span(void **state)
{
	fixture *fx = *state;
	/* With and without a final newline, with CRLF: the caret sits just
	 * past the last character of the last line. */
	const src_file *a = add_file(fx, "a.stack", "x = 1 +\n");
	const src_file *b = add_file(fx, "b.stack", "x = 1 +");
	const src_file *c = add_file(fx, "c.stack", "y = 2\r\nx = 1 +\r\n");
	const src_file *e = add_file(fx, "e.stack", "");
	diag_error(&fx->diags, "E0001", src_span_make(a->id, a->len, a->len),
		"unexpected end of file");
	diag_error(&fx->diags, "E0001", src_span_make(b->id, b->len, b->len),
		"unexpected end of file");
	diag_error(&fx->diags, "E0001", src_span_make(c->id, c->len, c->len),
		"unexpected end of file");
	diag_error(&fx->diags, "E0001", src_span_make(e->id, 0, 0), "empty");
	assert_string_equal(render_text(fx, 0, 0),
		"a.stack:1:8: error[E0001]: unexpected end of file\n"
		"   1 | x = 1 +\n"
		"     |        ^\n"
		"b.stack:1:8: error[E0001]: unexpected end of file\n"
		"   1 | x = 1 +\n"
		"     |        ^\n"
		"c.stack:2:8: error[E0001]: unexpected end of file\n"
		"   2 | x = 1 +\n"
		"     |        ^\n"
		"e.stack:1:1: error[E0001]: empty\n"
		"   1 |\n"
		"     | ^\n");
}

static void test_text_zero_width_and_multiline(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "m.stack", "foo = bar(\n  1,\n  2)\nq = 1\n");
	src_span call = find(f, "bar(");
	call.end = find(f, "2)").end;
	diag_error(&fx->diags, "E0301", call, "wrong number of arguments");
	diag_error(&fx->diags, "E0302", src_span_make(f->id, call.start, call.start), "zero width");
	/* A span starting on the newline itself points after the text. */
	src_span nl = find(f, "\n");
	diag_error(&fx->diags, "E0303", nl, "unexpected newline");
	assert_string_equal(render_text(fx, 0, 0),
		"m.stack:1:7: error[E0301]: wrong number of arguments\n"
		"   1 | foo = bar(\n"
		"     |       ^~~~\n"
		"m.stack:1:7: error[E0302]: zero width\n"
		"   1 | foo = bar(\n"
		"     |       ^\n"
		"m.stack:1:11: error[E0303]: unexpected newline\n"
		"   1 | foo = bar(\n"
		"     |           ^\n");
}

static void test_text_unsafe_bytes(void **state)
{
	fixture *fx = *state;
	/* ESC, a C1 control (U+009B, CSI), an invalid byte and a stray
	 * continuation byte before the span. */
	const src_file *f = add_file(fx, "x.stack", "\x1b[2J\xC2\x9B\xFF\x80 = bad\n");
	diag_error(&fx->diags, "E0401", find(f, "bad"), "bad value '%s'", "\x1b]0;pwned\x07");
	assert_string_equal(render_text(fx, 0, 0),
		"x.stack:1:10: error[E0401]: bad value ' ]0;pwned '\n"
		"   1 |  [2J \xEF\xBF\xBD = bad\n"
		"     |          ^~~\n");
}

static void test_text_without_location(void **state)
{
	fixture *fx = *state;
	diag_error_path(&fx->diags, "E0001", "missing.stack", "cannot read file: %s",
		"No such file or directory");
	diag_error(&fx->diags, "E0002", src_span_make(0, 0, 0), "no input files");
	diag_warning(&fx->diags, "W0001", src_span_make(0, 0, 0), "nothing to do");
	assert_int_equal(fx->diags.errors, 2);
	assert_int_equal(fx->diags.warnings, 1);
	assert_string_equal(render_text(fx, 0, 0),
		"missing.stack: error[E0001]: cannot read file: No such file or directory\n"
		"stackc: error[E0002]: no input files\n"
		"stackc: warning[W0001]: nothing to do\n");
}

static void test_text_warning(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "w.stack", "old_name = 1\n");
	diag_warning(&fx->diags, "W0101", find(f, "old_name"), "'old_name' is deprecated");
	assert_int_equal(fx->diags.errors, 0);
	assert_int_equal(fx->diags.warnings, 1);
	assert_string_equal(render_text(fx, 0, 0),
		"w.stack:1:1: warning[W0101]: 'old_name' is deprecated\n"
		"   1 | old_name = 1\n"
		"     | ^~~~~~~~\n");
}

static void test_text_color(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "a.stack", "x = y\nw = 1\n");
	diagnostic *d = diag_error(&fx->diags, "E0102", find(f, "y"), "undefined");
	diag_add_note(&fx->diags, d, find(f, "x"), "here");
	diag_add_hint(&fx->diags, d, "h");
	diag_warning(&fx->diags, "W0001", find(f, "w"), "unused");
	assert_string_equal(render_text(fx, 1, 0),
		"a.stack:1:5: \033[1;31merror[E0102]\033[0m: \033[1mundefined\033[0m\n"
		"   \033[1;34m1 |\033[0m x = y\n"
		"   \033[1;34m  |\033[0m     \033[1;31m^\033[0m\n"
		"a.stack:1:1: \033[1;36mnote\033[0m: here\n"
		"   \033[1;34m1 |\033[0m x = y\n"
		"   \033[1;34m  |\033[0m \033[1;36m^\033[0m\n"
		"   = \033[1;36mhint\033[0m: h\n"
		"a.stack:2:1: \033[1;33mwarning[W0001]\033[0m: \033[1munused\033[0m\n"
		"   \033[1;34m2 |\033[0m w = 1\n"
		"   \033[1;34m  |\033[0m \033[1;33m^\033[0m\n");
	/* Without colour not a single escape sequence. */
	assert_null(strchr(render_text(fx, 0, 0), '\033'));
}

static void test_text_cap(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "c.stack", "a b c d e f\n");
	const char *names[] = { "a", "b", "c", "d", "e" };
	diag_warning(&fx->diags, "W0001", find(f, "f"), "first warning");
	for (int i = 0; i < 5; i++) {
		diagnostic *d = diag_error(
			&fx->diags, "E0102", find(f, names[i]), "undefined '%s'", names[i]);
		diag_add_hint(&fx->diags, d, "hint for %s", names[i]);
	}
	diag_warning(&fx->diags, "W0002", find(f, "f"), "late warning");
	assert_int_equal(fx->diags.errors, 5);

	/* Warnings past the cap still print, in emission order; hidden
	 * errors take their hints and notes with them. */
	assert_string_equal(render_text(fx, 0, 2),
		"c.stack:1:11: warning[W0001]: first warning\n"
		"   1 | a b c d e f\n"
		"     |           ^\n"
		"c.stack:1:1: error[E0102]: undefined 'a'\n"
		"   1 | a b c d e f\n"
		"     | ^\n"
		"   = hint: hint for a\n"
		"c.stack:1:3: error[E0102]: undefined 'b'\n"
		"   1 | a b c d e f\n"
		"     |   ^\n"
		"   = hint: hint for b\n"
		"c.stack:1:11: warning[W0002]: late warning\n"
		"   1 | a b c d e f\n"
		"     |           ^\n"
		"stackc: and 3 more errors\n");

	const char *one_more = render_text(fx, 0, 4);
	const char *tail = "stackc: and 1 more error\n";
	assert_true(strlen(one_more) > strlen(tail));
	assert_string_equal(one_more + strlen(one_more) - strlen(tail), tail);
	assert_null(strstr(one_more, "undefined 'e'"));

	/* A cap that is not reached prints no trailer. */
	assert_null(strstr(render_text(fx, 0, 5), "more error"));
	assert_null(strstr(render_text(fx, 0, 0), "more error"));
}

static void test_duplicate_suppression(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "d.stack", "x = (1 + )\ny = 2\n");
	src_span bad = find(f, ")");
	diagnostic *first = diag_error(&fx->diags, "E0001", bad, "unexpected ')'");
	diagnostic *dup = diag_error(&fx->diags, "E0001", bad, "unexpected ')'");
	assert_non_null(dup);
	assert_ptr_not_equal(first, dup);
	/* The duplicate is usable but neither listed nor counted. */
	diag_add_note(&fx->diags, dup, bad, "ignored");
	diag_add_hint(&fx->diags, dup, "ignored");
	assert_int_equal(fx->diags.len, 1);
	assert_int_equal(fx->diags.errors, 1);

	/* A different end does not matter: same start, same code. */
	src_span longer = bad;
	longer.end++;
	diag_error(&fx->diags, "E0001", longer, "unexpected ')'");
	assert_int_equal(fx->diags.errors, 1);

	/* Only errors are compared, so a warning in between changes nothing. */
	diag_warning(&fx->diags, "W0001", find(f, "y"), "unused");
	diag_error(&fx->diags, "E0001", bad, "unexpected ')'");
	assert_int_equal(fx->diags.errors, 1);
	assert_int_equal(fx->diags.len, 2);

	/* A different code or position is a different error. */
	diag_error(&fx->diags, "E0002", bad, "other code");
	diag_error(&fx->diags, "E0002", find(f, "("), "other position");
	assert_int_equal(fx->diags.errors, 3);

	/* So are different words at one place (two failed checks of one
	 * record). */
	diag_error(&fx->diags, "E0002", find(f, "("), "another message");
	assert_int_equal(fx->diags.errors, 4);
	/* Only the previous error is compared. */
	diag_error(&fx->diags, "E0001", bad, "unexpected ')'");
	assert_int_equal(fx->diags.errors, 5);

	/* Errors without a location are never merged. */
	diag_error(&fx->diags, "E0009", src_span_make(0, 0, 0), "one");
	diag_error(&fx->diags, "E0009", src_span_make(0, 0, 0), "one");
	assert_int_equal(fx->diags.errors, 7);

	assert_null(strstr(render_text(fx, 0, 0), "again"));
	assert_null(strstr(fx->out.buf, "ignored"));
}

static void test_github(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "dir/a,b:c.stack", "x = y\nfoo = bar(\n  1)\n");
	diagnostic *d = diag_error(&fx->diags, "E0102", find(f, "y"), "50%% done\r\nnext");
	diag_add_note(&fx->diags, d, find(f, "x"), "see: here, 100%%");
	diag_add_note(&fx->diags, d, src_span_make(0, 0, 0), "unlocated notes are dropped");
	diag_add_hint(&fx->diags, d, "hints are dropped");
	src_span call = find(f, "bar(");
	call.end = find(f, "1)").end;
	diag_warning(&fx->diags, "W0001", call, "spans lines");
	diag_error_path(&fx->diags, "E0001", "missing.stack", "cannot read");
	diag_error(&fx->diags, NULL, src_span_make(0, 0, 0), "no code, no location");
	diag_error(&fx->diags, "E0001", src_span_make(f->id, f->len, f->len),
		"unexpected end of file");
	assert_string_equal(render_github(fx, 0),
		"::error file=dir/a%2Cb%3Ac.stack,line=1,col=5,endLine=1,endColumn=6,title=E0102::50%25 done%0D%0Anext\n"
		"::notice file=dir/a%2Cb%3Ac.stack,line=1,col=1,endLine=1,endColumn=2::see: here, 100%25\n"
		"::warning file=dir/a%2Cb%3Ac.stack,line=2,col=7,endLine=3,endColumn=5,title=W0001::spans lines\n"
		"::error file=missing.stack,title=E0001::cannot read\n"
		"::error::no code, no location\n"
		"::error file=dir/a%2Cb%3Ac.stack,line=3,col=5,endLine=3,endColumn=5,title=E0001::unexpected end of file\n");

	/* Capped like the text form, warnings exempt, and no trailer line
	 * (the text form prints it). */
	assert_string_equal(render_github(fx, 1),
		"::error file=dir/a%2Cb%3Ac.stack,line=1,col=5,endLine=1,endColumn=6,title=E0102::50%25 done%0D%0Anext\n"
		"::notice file=dir/a%2Cb%3Ac.stack,line=1,col=1,endLine=1,endColumn=2::see: here, 100%25\n"
		"::warning file=dir/a%2Cb%3Ac.stack,line=2,col=7,endLine=3,endColumn=5,title=W0001::spans lines\n");
}

static const char *render_json(fixture *fx)
{
	strbuf_reset(&fx->out);
	diag_render_json(&fx->diags, &fx->out);
	return fx->out.buf;
}

/* The whole document for one small case: pins key order and layout. */
static void test_json_exact(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "a.stack", "x = y\n");
	diagnostic *d = diag_error(&fx->diags, "E0102", find(f, "y"), "undefined name 'y'");
	diag_add_hint(&fx->diags, d, "h1");
	diag_add_hint(&fx->diags, d, "h2");
	diag_add_note(&fx->diags, d, src_span_make(0, 0, 0), "n1");
	assert_string_equal(render_json(fx),
		"{\n"
		"  \"format_version\": \"1.0\",\n"
		"  \"valid\": false,\n"
		"  \"error_count\": 1,\n"
		"  \"warning_count\": 0,\n"
		"  \"diagnostics\": [\n"
		"    {\n"
		"      \"severity\": \"error\",\n"
		"      \"code\": \"E0102\",\n"
		"      \"summary\": \"undefined name 'y'\",\n"
		"      \"detail\": \"h1\\nh2\",\n"
		"      \"range\": {\n"
		"        \"filename\": \"a.stack\",\n"
		"        \"start\": {\n"
		"          \"line\": 1,\n"
		"          \"column\": 5,\n"
		"          \"byte\": 4\n"
		"        },\n"
		"        \"end\": {\n"
		"          \"line\": 1,\n"
		"          \"column\": 6,\n"
		"          \"byte\": 5\n"
		"        }\n"
		"      },\n"
		"      \"snippet\": {\n"
		"        \"context\": null,\n"
		"        \"code\": \"x = y\",\n"
		"        \"start_line\": 1,\n"
		"        \"highlight_start_offset\": 4,\n"
		"        \"highlight_end_offset\": 5,\n"
		"        \"values\": []\n"
		"      },\n"
		"      \"notes\": [\n"
		"        {\n"
		"          \"summary\": \"n1\"\n"
		"        }\n"
		"      ]\n"
		"    }\n"
		"  ]\n"
		"}\n");
}

static void test_json_empty(void **state)
{
	fixture *fx = *state;
	json_error_t jerr;
	json_t *root = json_loads(render_json(fx), 0, &jerr);
	assert_non_null(root);
	assert_true(json_is_true(json_object_get(root, "valid")));
	assert_int_equal(json_integer_value(json_object_get(root, "error_count")), 0);
	assert_int_equal(json_array_size(json_object_get(root, "diagnostics")), 0);
	json_decref(root);
}

static json_int_t jint(json_t *o, const char *path1, const char *path2, const char *key)
{
	json_t *v = o;
	if (path1)
		v = json_object_get(v, path1);
	if (path2)
		v = json_object_get(v, path2);
	v = json_object_get(v, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static void test_json_parsed(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "app.stack", APP_STACK);
	/* A 1-char invalid byte in a second file checks U+FFFD replacement
	 * and that highlight offsets refer to the emitted code string. */
	const src_file *g = add_file(fx, "g.stack", "\xFF\xC3\xA9 = bad\n");
	diagnostic *d = diag_error(
		&fx->diags, "E0102", find(f, "redis_port"), "undefined name 'redis_port'");
	diag_add_note(&fx->diags, d, find(f, "port"), "did you mean 'redis.port'?");
	diag_add_hint(&fx->diags, d, "declare it");
	diag_warning(&fx->diags, "W0001", find(g, "bad"), "bad \xFE value");
	diag_error_path(&fx->diags, "E0001", "missing.stack", "cannot read");
	diag_error(&fx->diags, "E0002", src_span_make(0, 0, 0), "no input");
	/* APP_STACK has nine "="; 8 more errors. */
	for (int i = 0; i < 8; i++)
		diag_error(&fx->diags, "E0003", find_nth(f, "=", i), "error %d", i);
	diag_error(&fx->diags, "E0004", src_span_make(f->id, f->len, f->len),
		"unexpected end of file");

	json_error_t jerr;
	json_t *root = json_loads(render_json(fx), 0, &jerr);
	if (!root)
		fail_msg("invalid JSON: %s", jerr.text);
	assert_string_equal(jstr(root, "format_version"), "1.0");
	assert_true(json_is_false(json_object_get(root, "valid")));
	assert_int_equal(jint(root, NULL, NULL, "error_count"), 12);
	assert_int_equal(jint(root, NULL, NULL, "warning_count"), 1);
	json_t *diags = json_object_get(root, "diagnostics");
	/* JSON is never capped. */
	assert_int_equal(json_array_size(diags), 13);

	json_t *e = json_array_get(diags, 0);
	assert_string_equal(jstr(e, "severity"), "error");
	assert_string_equal(jstr(e, "code"), "E0102");
	assert_string_equal(jstr(e, "summary"), "undefined name 'redis_port'");
	assert_string_equal(jstr(e, "detail"), "declare it");
	json_t *range = json_object_get(e, "range");
	assert_string_equal(jstr(range, "filename"), "app.stack");
	assert_int_equal(jint(range, "start", NULL, "line"), 12);
	assert_int_equal(jint(range, "start", NULL, "column"), 10);
	assert_int_equal(jint(range, "start", NULL, "byte"), find(f, "redis_port").start);
	assert_int_equal(jint(range, "end", NULL, "line"), 12);
	assert_int_equal(jint(range, "end", NULL, "column"), 20);
	assert_int_equal(jint(range, "end", NULL, "byte"), find(f, "redis_port").end);
	json_t *snip = json_object_get(e, "snippet");
	assert_true(json_is_null(json_object_get(snip, "context")));
	assert_string_equal(jstr(snip, "code"), "  port = redis_port + 1");
	assert_int_equal(jint(snip, NULL, NULL, "start_line"), 12);
	assert_int_equal(jint(snip, NULL, NULL, "highlight_start_offset"), 9);
	assert_int_equal(jint(snip, NULL, NULL, "highlight_end_offset"), 19);
	assert_true(json_is_array(json_object_get(snip, "values")));
	json_t *notes = json_object_get(e, "notes");
	assert_int_equal(json_array_size(notes), 1);
	json_t *note = json_array_get(notes, 0);
	assert_string_equal(jstr(note, "summary"), "did you mean 'redis.port'?");
	assert_int_equal(jint(note, "range", "start", "line"), 3);
	assert_int_equal(jint(note, "range", "start", "column"), 3);

	json_t *w = json_array_get(diags, 1);
	assert_string_equal(jstr(w, "severity"), "warning");
	assert_string_equal(jstr(w, "summary"), "bad \xEF\xBF\xBD value");
	assert_string_equal(jstr(w, "detail"), "");
	assert_int_equal(json_array_size(json_object_get(w, "notes")), 0);
	snip = json_object_get(w, "snippet");
	const char *code = jstr(snip, "code");
	assert_string_equal(code, "\xEF\xBF\xBD\xC3\xA9 = bad");
	json_int_t hs = jint(snip, NULL, NULL, "highlight_start_offset");
	json_int_t he = jint(snip, NULL, NULL, "highlight_end_offset");
	assert_int_equal(he - hs, 3);
	assert_memory_equal(code + hs, "bad", 3);
	/* Columns count code points in the file; bytes are file offsets. */
	assert_int_equal(jint(w, "range", "start", "column"), 6);
	assert_int_equal(jint(w, "range", "start", "byte"), 6);

	/* Path-only: a range with just the file name, no snippet. */
	json_t *p = json_array_get(diags, 2);
	range = json_object_get(p, "range");
	assert_string_equal(jstr(range, "filename"), "missing.stack");
	assert_int_equal(json_object_size(range), 1);
	assert_null(json_object_get(p, "snippet"));

	/* No location at all: neither range nor snippet. */
	json_t *n = json_array_get(diags, 3);
	assert_null(json_object_get(n, "range"));
	assert_null(json_object_get(n, "snippet"));

	/* End of file is anchored after the last character of "}". */
	json_t *eof = json_array_get(diags, 12);
	assert_int_equal(jint(eof, "range", "start", "line"), 13);
	assert_int_equal(jint(eof, "range", "start", "column"), 2);
	snip = json_object_get(eof, "snippet");
	assert_string_equal(jstr(snip, "code"), "}");
	assert_int_equal(jint(snip, NULL, NULL, "highlight_start_offset"), 1);
	assert_int_equal(jint(snip, NULL, NULL, "highlight_end_offset"), 1);

	json_decref(root);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_text_style_example),
		T(test_text_unlocated_note_and_hints),
		T(test_text_gutter_width_from_notes),
		T(test_text_caret_under_tabs),
		T(test_text_multibyte_columns),
		T(test_text_bom_and_crlf),
		T(test_text_eof_span),
		T(test_text_zero_width_and_multiline),
		T(test_text_unsafe_bytes),
		T(test_text_without_location),
		T(test_text_warning),
		T(test_text_color),
		T(test_text_cap),
		T(test_duplicate_suppression),
		T(test_github),
		T(test_json_exact),
		T(test_json_empty),
		T(test_json_parsed),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

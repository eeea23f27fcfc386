/* test_source.c - unit tests for compiler/source/source.
 *
 * Lines and columns are what users see in every diagnostic; these tests
 * fix the rules from source.h (code-point columns, BOM skipped, "\r\n"
 * and "\n" line ends) and the strict UTF-8 check the lexer relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../compiler/source/source.h"

static const src_file *add(src_map *m, const char *text)
{
	return src_map_add(m, "t.stack", text, strlen(text));
}

static void check_lc(const src_file *f, uint32_t offset, uint32_t want_line, uint32_t want_col)
{
	uint32_t line = 0, col = 0;
	src_line_col(f, offset, &line, &col);
	if (line != want_line || col != want_col)
		fail_msg("offset %u: got %u:%u, want %u:%u", (unsigned)offset, (unsigned)line,
			(unsigned)col, (unsigned)want_line, (unsigned)want_col);
}

static void check_range(const src_file *f, uint32_t line, uint32_t want_start, uint32_t want_end)
{
	uint32_t s = 99, e = 99;
	src_line_range(f, line, &s, &e);
	if (s != want_start || e != want_end)
		fail_msg("line %u: got [%u,%u), want [%u,%u)", (unsigned)line, (unsigned)s,
			(unsigned)e, (unsigned)want_start, (unsigned)want_end);
}

static void test_ids_and_get(void **state)
{
	src_map m;
	src_map_init(&m);
	assert_null(src_map_get(&m, 0));
	assert_null(src_map_get(&m, 1));
	const src_file *a = add(&m, "a");
	const src_file *b = add(&m, "b");
	assert_int_equal(a->id, 1);
	assert_int_equal(b->id, 2);
	assert_ptr_equal(src_map_get(&m, 1), a);
	assert_ptr_equal(src_map_get(&m, 2), b);
	assert_null(src_map_get(&m, 0));
	assert_null(src_map_get(&m, 3));
	assert_string_equal(a->name, "t.stack");
	/* Many files: the table grows and earlier pointers stay valid. */
	for (int i = 0; i < 100; i++)
		add(&m, "x");
	assert_ptr_equal(src_map_get(&m, 1), a);
	assert_int_equal(src_map_get(&m, 102)->id, 102);
	src_map_release(&m);
	src_map_release(&m);
}

static void test_add_copies_and_terminates(void **state)
{
	src_map m;
	src_map_init(&m);
	char buf[] = "ab\0cd";
	const src_file *f = src_map_add(&m, "mem", buf, 5);
	buf[0] = 'X';
	assert_int_equal(f->len, 5);
	assert_memory_equal(f->text, "ab\0cd", 6);
	const src_file *e = src_map_add(&m, "empty", NULL, 0);
	assert_int_equal(e->len, 0);
	assert_string_equal(e->text, "");
	assert_int_equal(e->line_count, 1);
	check_lc(e, 0, 1, 1);
	check_range(e, 1, 0, 0);
	src_map_release(&m);
}

static void test_line_col_basic(void **state)
{
	src_map m;
	src_map_init(&m);
	const src_file *f = add(&m, "ab\ncd\n\nef");
	assert_int_equal(f->line_count, 4);
	check_lc(f, 0, 1, 1);
	check_lc(f, 1, 1, 2);
	check_lc(f, 2, 1, 3); /* the '\n' itself ends line 1 */
	check_lc(f, 3, 2, 1);
	check_lc(f, 5, 2, 3);
	check_lc(f, 6, 3, 1);
	check_lc(f, 7, 4, 1);
	check_lc(f, 9, 4, 3);   /* end of file */
	check_lc(f, 500, 4, 3); /* past the end clamps to the end */
	check_range(f, 1, 0, 2);
	check_range(f, 2, 3, 5);
	check_range(f, 3, 6, 6);
	check_range(f, 4, 7, 9);
	/* Out-of-range lines clamp instead of reading outside the table. */
	check_range(f, 0, 0, 2);
	check_range(f, 99, 7, 9);
	src_map_release(&m);
}

static void test_trailing_newline_opens_empty_line(void **state)
{
	src_map m;
	src_map_init(&m);
	const src_file *f = add(&m, "x = 1\n");
	assert_int_equal(f->line_count, 2);
	check_lc(f, 5, 1, 6);
	check_lc(f, 6, 2, 1);
	check_range(f, 2, 6, 6);
	src_map_release(&m);
}

static void test_crlf(void **state)
{
	src_map m;
	src_map_init(&m);
	const src_file *f = add(&m, "ab\r\ncd\r\n\r\nx");
	assert_int_equal(f->line_count, 4);
	check_lc(f, 4, 2, 1);
	check_lc(f, 5, 2, 2);
	check_lc(f, 10, 4, 1);
	check_range(f, 1, 0, 2);
	check_range(f, 2, 4, 6);
	check_range(f, 3, 8, 8);
	check_range(f, 4, 10, 11);
	/* A lone '\r' does not end a line, and one that is not followed by
	 * '\n' is part of the line's text. */
	const src_file *g = add(&m, "a\rb\nc\r");
	assert_int_equal(g->line_count, 2);
	check_lc(g, 2, 1, 3);
	check_range(g, 1, 0, 3);
	check_range(g, 2, 4, 6);
	src_map_release(&m);
}

static void test_bom(void **state)
{
	src_map m;
	src_map_init(&m);
	const src_file *f = add(&m,
		"\xEF\xBB\xBF"
		"ab\ncd");
	assert_int_equal(f->bom, 3);
	/* The BOM is not a column: the first real character is 1:1. */
	check_lc(f, 0, 1, 1);
	check_lc(f, 2, 1, 1);
	check_lc(f, 3, 1, 1);
	check_lc(f, 4, 1, 2);
	check_lc(f, 6, 2, 1);
	check_range(f, 1, 3, 5);
	check_range(f, 2, 6, 8);

	const src_file *g = add(&m, "\xEF\xBB\xBF");
	assert_int_equal(g->bom, 3);
	check_lc(g, 3, 1, 1);
	check_range(g, 1, 3, 3);
	/* Too short, or only a prefix of the BOM: no BOM. */
	assert_int_equal(add(&m, "\xEF\xBB")->bom, 0);
	assert_int_equal(add(&m, "a\xEF\xBB\xBF")->bom, 0);
	src_map_release(&m);
}

static void test_multibyte_and_tabs(void **state)
{
	src_map m;
	src_map_init(&m);
	/* é is 2 bytes, 日 and 本 3 bytes each, 😀 4 bytes. */
	const src_file *f =
		add(&m, "\xC3\xA9=1\n\xE6\x97\xA5\xE6\x9C\xAC x\n\xF0\x9F\x98\x80!\n\tv\t= 1");
	check_lc(f, 2, 1, 2); /* '=' after é */
	check_lc(f, 3, 1, 3);
	check_lc(f, 11, 2, 3); /* ' ' after 日本 */
	check_lc(f, 12, 2, 4); /* 'x' */
	check_lc(f, 18, 3, 2); /* '!' after the emoji */
	/* A tab is one code point, hence one column; the renderer deals
	 * with display width by copying tabs into the caret line. */
	check_lc(f, 20, 4, 1);
	check_lc(f, 21, 4, 2);
	check_lc(f, 23, 4, 4);
	src_map_release(&m);
}

static void test_many_lines_binary_search(void **state)
{
	src_map m;
	src_map_init(&m);
	/* Lines of varying length; every offset is checked against a
	 * straightforward linear computation. */
	size_t n = 0;
	char *text = malloc(200000);
	assert_non_null(text);
	for (int i = 0; n < 199000; i++) {
		int len = i % 17;
		for (int j = 0; j < len; j++)
			text[n++] = 'a';
		text[n++] = '\n';
	}
	const src_file *f = src_map_add(&m, "big", text, n);
	uint32_t line = 1, col = 1;
	for (uint32_t off = 0; off <= n; off++) {
		check_lc(f, off, line, col);
		if (off < n && text[off] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	free(text);
	src_map_release(&m);
}

static void check_invalid(const char *text, size_t len, long want_offset, const char *want_what)
{
	src_map m;
	src_map_init(&m);
	const src_file *f = src_map_add(&m, "u", text, len);
	const char *what = NULL;
	long off = src_find_invalid_utf8(f, &what);
	if (off != want_offset)
		fail_msg("got offset %ld, want %ld", off, want_offset);
	if (want_what)
		assert_string_equal(what, want_what);
	src_map_release(&m);
}

#define VALID(s) check_invalid((s), sizeof(s) - 1, -1, NULL)
#define INVALID(s, off) check_invalid((s), sizeof(s) - 1, (off), "invalid UTF-8")

static void test_utf8_valid(void **state)
{
	VALID("");
	VALID("plain ascii\n\t~\x7F");
	VALID("\xEF\xBB\xBF"
	      "bom");
	VALID("\xC2\x80 \xDF\xBF");                 /* 2-byte bounds */
	VALID("\xE0\xA0\x80 \xEF\xBF\xBF");         /* 3-byte bounds */
	VALID("\xED\x9F\xBF \xEE\x80\x80");         /* around the surrogates */
	VALID("\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"); /* U+10000, U+10FFFF */
}

static void test_utf8_invalid(void **state)
{
	INVALID("ab\x80", 2);       /* lone continuation byte */
	INVALID("\xC0\x80", 0);     /* overlong NUL */
	INVALID("x\xC1\xBF", 1);    /* overlong 2-byte */
	INVALID("\xE0\x80\x80", 0); /* overlong 3-byte */
	INVALID("\xE0\x9F\xBF", 0);
	INVALID("\xF0\x80\x80\x80", 0); /* overlong 4-byte */
	INVALID("\xF0\x8F\xBF\xBF", 0);
	INVALID("ok \xED\xA0\x80", 3);  /* U+D800 */
	INVALID("\xED\xBF\xBF", 0);     /* U+DFFF */
	INVALID("\xF4\x90\x80\x80", 0); /* U+110000 */
	INVALID("\xF5\x80\x80\x80", 0);
	INVALID("\xFF", 0);
	INVALID("\xFE", 0);
	INVALID("abc\xE2\x82", 3); /* truncated at end of file */
	INVALID("\xE2\x82"
		"A",
		0); /* truncated mid-text */
	INVALID("\xF0\x9F\x98", 0);
	INVALID("\xC3", 0);
	INVALID("\xC3\xA9\xC3", 2); /* valid é, then truncated */
}

static void test_utf8_nul(void **state)
{
	check_invalid("ab\0cd", 5, 2, "NUL byte");
	check_invalid("\0", 1, 0, "NUL byte");
	/* The first problem wins, whichever kind it is. */
	check_invalid("\x80\0", 2, 0, "invalid UTF-8");
	check_invalid("a\0\x80", 3, 1, "NUL byte");
}

/* Long ASCII runs are checked eight bytes at a time: a problem at any
 * place in or after such a run is still found at its exact offset. */
static void test_utf8_long_runs(void **state)
{
	(void)state;
	char text[64];
	for (size_t at = 0; at < 40; at++) {
		memset(text, 'a', sizeof(text));
		text[at] = '\0';
		check_invalid(text, sizeof(text), (long)at, "NUL byte");
		memset(text, 'a', sizeof(text));
		text[at] = (char)0x80;
		check_invalid(text, sizeof(text), (long)at, "invalid UTF-8");
		/* A valid two-byte character there, then an invalid byte later. */
		memset(text, 'a', sizeof(text));
		text[at] = (char)0xC3;
		text[at + 1] = (char)0xA9;
		text[at + 20] = (char)0xFF;
		check_invalid(text, sizeof(text), (long)(at + 20), "invalid UTF-8");
	}
	memset(text, 'a', sizeof(text));
	check_invalid(text, sizeof(text), -1, NULL);
	check_invalid(text, 13, -1, NULL); /* a tail shorter than eight bytes */
	text[12] = (char)0x7F;
	check_invalid(text, 13, -1, NULL);
}

static void test_utf8_decode(void **state)
{
	uint32_t cp = 0;
	assert_int_equal(src_utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(src_utf8_decode("\xC3\xA9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(src_utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
	assert_int_equal(src_utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	/* The length bound is honoured even if more bytes follow. */
	assert_int_equal(src_utf8_decode("\xE2\x82\xAC", 2, &cp), 0);
	assert_int_equal(src_utf8_decode("", 0, &cp), 0);
	assert_int_equal(src_utf8_decode("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
}

/* A private temp directory per test run. */
static char *make_tmpdir(void)
{
	char tmpl[] = "/tmp/stackc-test-source-XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return strdup(d);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void test_load(void **state)
{
	char *dir = make_tmpdir();
	char *path = join(dir, "a.stack");
	write_file(path, "x = 1\0y\n", 8);

	src_map m;
	src_map_init(&m);
	const src_file *f = NULL;
	int err = -1;
	assert_int_equal(src_map_load(&m, path, &f, &err), SRC_OK);
	assert_non_null(f);
	assert_int_equal(f->id, 1);
	assert_string_equal(f->name, path);
	/* NUL bytes are kept; len is the file size. */
	assert_int_equal(f->len, 8);
	assert_memory_equal(f->text, "x = 1\0y\n", 9);
	assert_int_equal(f->line_count, 2);

	/* A bigger file, larger than the read probe and the first chunk. */
	char *big_path = join(dir, "big.stack");
	size_t big_len = 300000;
	char *big = malloc(big_len);
	assert_non_null(big);
	for (size_t i = 0; i < big_len; i++)
		big[i] = i % 80 == 79 ? '\n' : (char)('a' + i % 26);
	write_file(big_path, big, big_len);
	assert_int_equal(src_map_load(&m, big_path, &f, NULL), SRC_OK);
	assert_int_equal(f->id, 2);
	assert_int_equal(f->len, big_len);
	assert_memory_equal(f->text, big, big_len);
	assert_int_equal(f->text[big_len], '\0');
	assert_int_equal(f->line_count, big_len / 80 + 1);

	src_map_release(&m);
	unlink(big_path);
	unlink(path);
	rmdir(dir);
	free(big);
	free(big_path);
	free(path);
	free(dir);
}

static void test_load_errors(void **state)
{
	char *dir = make_tmpdir();
	char *missing = join(dir, "missing.stack");
	char *huge = join(dir, "huge.stack");
	src_map m;
	src_map_init(&m);
	static const src_file dummy;
	const src_file *f = &dummy; /* must be reset to NULL */
	int err = 0;

	assert_int_equal(src_map_load(&m, missing, &f, &err), SRC_ERR_NOT_FOUND);
	assert_null(f);
	assert_int_equal(err, ENOENT);

	assert_int_equal(src_map_load(&m, dir, &f, &err), SRC_ERR_IS_DIR);
	assert_int_equal(err, EISDIR);

	/* A sparse file just over the limit costs no disk space. */
	int fd = open(huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)SRC_MAX_FILE_SIZE + 1), 0);
	close(fd);
	assert_int_equal(src_map_load(&m, huge, &f, &err), SRC_ERR_TOO_BIG);
	assert_int_equal(err, EFBIG);

	/* Failures add nothing: the next file still gets id 1. */
	assert_null(src_map_get(&m, 1));
	assert_int_equal(src_map_load(&m, missing, NULL, NULL), SRC_ERR_NOT_FOUND);

	src_map_release(&m);
	unlink(huge);
	rmdir(dir);
	free(huge);
	free(missing);
	free(dir);
}

static void test_span_join(void **state)
{
	src_span a = src_span_make(1, 10, 20);
	src_span b = src_span_make(1, 5, 12);
	src_span j = src_span_join(a, b);
	assert_int_equal(j.file, 1);
	assert_int_equal(j.start, 5);
	assert_int_equal(j.end, 20);
	j = src_span_join(b, src_span_make(1, 30, 40));
	assert_int_equal(j.start, 5);
	assert_int_equal(j.end, 40);
	/* Joining with "no location" keeps the real span. */
	j = src_span_join(src_span_make(0, 0, 0), a);
	assert_int_equal(j.file, 1);
	assert_int_equal(j.start, 10);
	j = src_span_join(a, src_span_make(0, 0, 0));
	assert_int_equal(j.start, 10);
	assert_int_equal(j.end, 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_get),
		cmocka_unit_test(test_add_copies_and_terminates),
		cmocka_unit_test(test_line_col_basic),
		cmocka_unit_test(test_trailing_newline_opens_empty_line),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_multibyte_and_tabs),
		cmocka_unit_test(test_many_lines_binary_search),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_nul),
		cmocka_unit_test(test_utf8_long_runs),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_span_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

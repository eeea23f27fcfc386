/* fuzz_parse.c - libFuzzer target for the scanner, parser and formatter.
 *
 * Each input is one source file. It goes through the same path as
 * `stackc parse`: encoding check, scanner, parser, then all three
 * diagnostic renderers; when it parsed cleanly it is also formatted, and
 * the formatted text must parse cleanly again and format to itself (the
 * formatter's contract: it never breaks or changes a valid program).
 *
 * Built twice (tests/fuzz/tests.cmake): with clang and -fsanitize=fuzzer
 * as `fuzz_parse`, and with any compiler plus replay_main.c as
 * `fuzz_parse_replay`, which the test suite runs over the seed corpus.
 * A crash found by fuzzing becomes a file in tests/fuzz/corpus/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/base/arena.h"
#include "../../compiler/base/strbuf.h"
#include "../../compiler/source/diag.h"
#include "../../compiler/source/source.h"
#include "../../compiler/syntax/parse.h"
#ifdef STACKC_FUZZ_FORMAT
#include "../../compiler/syntax/format.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs past this size only slow the fuzzer down; the scanner's and
 * parser's limits are exercised by the golden tests instead. */
#define FUZZ_MAX_INPUT (1u << 20)

static void render_all(const diag_list *diags)
{
	diag_render_opts opts = { 0, 20 };
	strbuf out = STRBUF_INIT;

	diag_render_text(diags, &opts, &out);
	opts.color = 1;
	opts.max_errors = 0;
	diag_render_text(diags, &opts, &out);
	diag_render_github(diags, &opts, &out);
	diag_render_json(diags, &out);
	strbuf_release(&out);
}

#ifdef STACKC_FUZZ_FORMAT
/* Parse `text` as a new file of `map`; aborts if it has errors. */
static ast_file *reparse(const char *text, size_t len, src_map *map, arena *a)
{
	diag_list diags;
	diag_list_init(&diags, a, map);
	const src_file *f = src_map_add(map, "formatted.stack", text, len);
	ast_file *file = parse_file(a, f, &diags);
	if (diags.errors) {
		strbuf msg = STRBUF_INIT;
		diag_render_opts opts = { 0, 5 };
		diag_render_text(&diags, &opts, &msg);
		fprintf(stderr, "formatted text does not parse:\n%s--- text ---\n%.*s\n", msg.buf,
			(int)len, text);
		abort();
	}
	diag_list_release(&diags);
	return file;
}

/* The formatter's two promises (format.h): the output means the same as
 * the input, and formatting it again changes nothing. */
static void check_format(const ast_file *file, src_map *map, arena *a)
{
	strbuf once = STRBUF_INIT, twice = STRBUF_INIT, why = STRBUF_INIT;

	fmt_format(file, &once);
	if (fmt_check_roundtrip(file, once.buf, once.len, &why) != 0) {
		fprintf(stderr, "formatting changed the meaning: %s\n--- formatted ---\n%s\n",
			why.buf, once.buf);
		abort();
	}
	fmt_format(reparse(once.buf, once.len, map, a), &twice);
	if (once.len != twice.len || memcmp(once.buf, twice.buf, once.len) != 0) {
		fprintf(stderr, "formatter is not idempotent:\n--- once ---\n%s--- twice ---\n%s\n",
			once.buf, twice.buf);
		abort();
	}
	strbuf_release(&once);
	strbuf_release(&twice);
	strbuf_release(&why);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_MAX_INPUT)
		return -1; /* do not add to the corpus */

	src_map map;
	arena a;
	diag_list diags;

	src_map_init(&map);
	arena_init(&a);
	diag_list_init(&diags, &a, &map);

	const src_file *f = src_map_add(&map, "fuzz.stack", (const char *)data, size);
	ast_file *file = parse_file(&a, f, &diags);
	render_all(&diags);
#ifdef STACKC_FUZZ_FORMAT
	if (diags.errors == 0)
		check_format(file, &map, &a);
#else
	(void)file;
#endif

	diag_list_release(&diags);
	arena_release(&a);
	src_map_release(&map);
	return 0;
}

/* span_find.h - spans of text in a test's source file, for unit tests
 * that point diagnostics or graph edges at known places (test_diag.c,
 * test_graph.c). Include after <cmocka.h>. */
#ifndef STACKC_TESTS_SPAN_FIND_H
#define STACKC_TESTS_SPAN_FIND_H

#include <stdint.h>
#include <string.h>

#include "../../compiler/source/source.h"

/* Span of the n-th (0-based) occurrence of `needle` in the file. */
static inline src_span find_nth(const src_file *f, const char *needle, int n)
{
	const char *p = f->text;
	for (;;) {
		p = strstr(p, needle);
		if (!p)
			fail_msg("'%s' not found in %s", needle, f->name);
		if (n-- == 0)
			break;
		p++;
	}
	uint32_t start = (uint32_t)(p - f->text);
	return src_span_make(f->id, start, start + (uint32_t)strlen(needle));
}

static inline src_span find(const src_file *f, const char *needle)
{
	return find_nth(f, needle, 0);
}

#endif

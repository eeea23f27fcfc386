/* stdlib.c - finding the embedded standard library modules.
 *
 * The table itself is generated at build time (cmake/EmbedStdlib.cmake
 * writes stdlib_files() into the build tree); this file only searches it.
 * Module loading (import "std/...") sits above, in the evaluator, which
 * adds each file to the src_map and parses it like a file on disk.
 *
 * The generator sorts entries by module and then file name with the same
 * byte order as strcmp; test_stdlib checks that, because the binary
 * search below silently misses modules if the order is ever different.
 */
#include <string.h>

#include "stdlib.h"

/* Index of the first entry whose module is not less than `module`
 * (lower bound), so that the files of a module start there. */
static size_t stdlib_lower_bound(const stdlib_file *files, size_t n, const char *module)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(files[mid].module, module) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int stdlib_module_files(const char *module, const stdlib_file **first, size_t *count)
{
	size_t n = 0;
	const stdlib_file *files = stdlib_files(&n);
	size_t lo = stdlib_lower_bound(files, n, module);
	size_t hi = lo;
	while (hi < n && strcmp(files[hi].module, module) == 0)
		hi++;
	if (hi == lo) {
		*first = NULL;
		*count = 0;
		return -1;
	}
	*first = &files[lo];
	*count = hi - lo;
	return 0;
}

int stdlib_has_module(const char *module)
{
	const stdlib_file *first;
	size_t count;
	return stdlib_module_files(module, &first, &count) == 0;
}

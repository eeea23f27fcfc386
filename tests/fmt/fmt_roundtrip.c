/* fmt_roundtrip.c - check the formatter's two promises on real files.
 *
 *   fmt_roundtrip [--print] PATH...
 *
 * For every file named, and every *.stack file under every directory
 * named (recursively, sorted, hidden directories skipped), that parses
 * without errors:
 *
 *   meaning-safe  fmt_check_roundtrip(): the formatted text parses to the
 *                 same tree (ast_dump without spans);
 *   idempotent    formatting the formatted text gives the same text.
 *
 * Files with syntax errors are counted as skipped: the repository holds
 * intentionally invalid inputs (tests/golden). Prints one line per
 * failure and "N passed, N failed, N skipped"; exits 1 if any failed or
 * if nothing at all was checked (a wrong path must not pass silently).
 * --print writes the formatted text of each file to stdout instead, which
 * is handy when a case fails.
 *
 * Linked against stackc_syntax only, so it tests the library the CLI
 * uses without going through the CLI.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../compiler/base/arena.h"
#include "../../compiler/base/strbuf.h"
#include "../../compiler/base/xalloc.h"
#include "../../compiler/source/diag.h"
#include "../../compiler/syntax/format.h"
#include "../../compiler/syntax/parse.h"

typedef struct counts {
	int passed;
	int failed;
	int skipped;
	int print;
} counts;

static void fail(counts *n, const char *path, const char *what)
{
	printf("FAIL %s: %s\n", path, what);
	n->failed++;
}

/* Format `text` as file `name`; 0 and the result in `out`, or -1 when it
 * does not parse. `tree` (may be NULL) receives the parsed tree, alive
 * until the arena is released. */
static int format_text(arena *a, src_map *m, const char *name, const char *text, size_t len,
	strbuf *out, const ast_file **tree)
{
	diag_list d;
	diag_list_init(&d, a, m);
	const src_file *f = src_map_add(m, name, text, len);
	const ast_file *ast = parse_file(a, f, &d);
	int rc = d.errors ? -1 : 0;
	if (!rc)
		fmt_format(ast, out);
	if (tree)
		*tree = ast;
	diag_list_release(&d);
	return rc;
}

static void check_file(counts *n, const char *path)
{
	arena a;
	src_map m;
	diag_list d;
	strbuf first = STRBUF_INIT, second = STRBUF_INIT, why = STRBUF_INIT;
	const src_file *f = NULL;
	int err = 0;

	arena_init(&a);
	src_map_init(&m);
	diag_list_init(&d, &a, &m);
	if (src_map_load(&m, path, &f, &err) < 0) {
		fail(n, path, "cannot read");
		goto done;
	}
	const ast_file *ast = parse_file(&a, f, &d);
	if (d.errors) {
		n->skipped++;
		goto done;
	}
	fmt_format(ast, &first);
	if (n->print) {
		fwrite(first.buf, 1, first.len, stdout);
		n->passed++;
		goto done;
	}
	if (fmt_check_roundtrip(ast, first.buf, first.len, &why) != 0) {
		fail(n, path, why.buf);
		goto done;
	}
	if (format_text(&a, &m, path, first.buf, first.len, &second, NULL) != 0) {
		fail(n, path, "formatted text does not parse");
		goto done;
	}
	if (first.len != second.len || memcmp(first.buf, second.buf, first.len) != 0) {
		fail(n, path, "not idempotent: formatting the output changes it again");
		goto done;
	}
	n->passed++;
done:
	strbuf_release(&first);
	strbuf_release(&second);
	strbuf_release(&why);
	diag_list_release(&d);
	arena_release(&a);
	src_map_release(&m);
}

static int compare_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lf = strlen(suffix);
	return ls >= lf && strcmp(s + ls - lf, suffix) == 0;
}

static void walk(counts *n, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fail(n, dir, "cannot open directory");
		return;
	}
	char **names = NULL;
	size_t len = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[len++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (len)
		qsort(names, len, sizeof(*names), compare_names);

	strbuf path = STRBUF_INIT;
	for (size_t i = 0; i < len; i++) {
		struct stat st;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		/* lstat: symbolic links are not followed, so a link cycle
		 * cannot trap the walk. */
		if (lstat(path.buf, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk(n, path.buf);
			else if (S_ISREG(st.st_mode) && has_suffix(names[i], ".stack"))
				check_file(n, path.buf);
		}
		xfree(names[i]);
	}
	strbuf_release(&path);
	xfree(names);
}

int main(int argc, char **argv)
{
	counts n = { 0, 0, 0, 0 };
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (strcmp(argv[i], "--print") == 0) {
			n.print = 1;
			continue;
		}
		if (stat(argv[i], &st) != 0) {
			/* A directory that does not exist yet (stdlib/ before
			 * anything is in it) is not an error. */
			continue;
		}
		if (S_ISDIR(st.st_mode))
			walk(&n, argv[i]);
		else
			check_file(&n, argv[i]);
	}
	if (n.print)
		return n.failed ? 1 : 0;
	printf("%d passed, %d failed, %d skipped\n", n.passed, n.failed, n.skipped);
	return n.failed || n.passed == 0 ? 1 : 0;
}

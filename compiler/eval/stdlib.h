/* stdlib.h - the standard library modules embedded in the binary.
 *
 * The modules imported as "std/..." are Stack source files under stdlib/
 * in the repository. At build time cmake/EmbedStdlib.cmake turns them into
 * a constant table (generated/stdlib_data.c in the build tree), so stackc
 * never reads them from disk. Two layouts give a module name:
 *
 *   stdlib/k8s.stack      the module "std/k8s", one file "k8s.stack"
 *   stdlib/k8s/F.stack    the module "std/k8s", one entry per file F
 *                         (a directory module, like any other; not
 *                         recursive: stdlib/a/b/F.stack is in "std/a/b")
 *
 * The table is sorted by module, then by file name, both in strcmp order;
 * the files of one module are therefore adjacent. Everything returned is
 * static and read-only: callers never free it.
 *
 * A file's display name in diagnostics is MODULE "/" NAME, for example
 * "std/k8s/k8s.stack" (pass it to src_map_add with text and len).
 *
 * Note the file name: compiler/eval must never be an include directory,
 * or this header would shadow <stdlib.h>. Include it by relative path.
 */
#ifndef STACKC_EVAL_STDLIB_H
#define STACKC_EVAL_STDLIB_H

#include <stddef.h>

typedef struct stdlib_file {
	const char *module; /* "std/k8s" */
	const char *name;   /* "k8s.stack": the file name, for messages */
	const char *text;   /* the file's bytes, followed by a NUL */
	size_t len;         /* bytes in text, without the NUL */
} stdlib_file;

/* Every embedded file, sorted as described above; *n gets the count.
 * (Defined in the generated source.) */
const stdlib_file *stdlib_files(size_t *n);

/* 1 if `module` (e.g. "std/k8s") is an embedded module, else 0. */
int stdlib_has_module(const char *module);

/* The files of `module`: *first points at the first of *count adjacent
 * table entries. Returns 0, or -1 (with *first NULL and *count 0) when
 * there is no such module. */
int stdlib_module_files(const char *module, const stdlib_file **first, size_t *count);

#endif

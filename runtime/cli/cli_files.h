/* cli_files.h - turning command-line paths into source files.
 *
 * Shared by the subcommands that read .stack files (parse, check, fmt):
 * loading a file with a located error when it cannot be read, and
 * expanding directories into their .stack files in a stable order.
 */
#ifndef STACKC_CLI_FILES_H
#define STACKC_CLI_FILES_H

#include <stddef.h>

#include "../../compiler/source/diag.h"

/* Read `path` into `m`. On failure reports E0001 (naming the path and
 * the reason) and returns NULL. */
const src_file *cli_load_source(src_map *m, diag_list *d, const char *path);

typedef struct cli_paths {
	char **items; /* xmalloc'd strings */
	size_t len;
	size_t cap;
} cli_paths;

void cli_paths_release(cli_paths *p);

/* Append the files named by `path`: a file as given, a directory as its
 * *.stack files sorted by name (descending into subdirectories when
 * `recursive`, skipping hidden ones). A missing path is reported (E0001)
 * and 0 returned; otherwise 1. */
int cli_expand_path(const char *path, int recursive, diag_list *d, cli_paths *out);

#endif

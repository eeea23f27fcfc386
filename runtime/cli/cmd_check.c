/* cmd_check.c - `stackc check [PATH...]`: run every check there is and
 * report every error, writing nothing.
 *
 * For now that is the front end (encoding, syntax); the semantic checker
 * plugs in here as it grows. Files are checked in a stable order (paths
 * as given, directory contents sorted), so output is deterministic.
 */
#include <stdio.h>

#include "../../compiler/syntax/parse.h"
#include "cli.h"
#include "cli_files.h"

int cmd_check(cli_invocation *inv)
{
	arena a;
	arena_init(&a);
	src_map sources;
	src_map_init(&sources);
	diag_list diags;
	diag_list_init(&diags, &a, &sources);

	cli_paths files = { 0 };
	int nargs = inv->nargs;
	const char *dot = ".";
	for (int i = 0; i < (nargs ? nargs : 1); i++) {
		const char *path = nargs ? inv->args[i] : dot;
		size_t before = files.len;
		/* A directory without .stack files is most likely the wrong
		 * directory: say so rather than report silent success. */
		if (cli_expand_path(path, 0, &diags, &files) && files.len == before) {
			diagnostic *w = diag_warning(&diags, "W0001", src_span_make(0, 0, 0),
				"no .stack files in '%s'", path);
			w->path = path;
		}
	}
	for (size_t i = 0; i < files.len; i++) {
		const src_file *f = cli_load_source(&sources, &diags, files.items[i]);
		if (f)
			parse_file(&a, f, &diags);
	}
	cli_report(inv, &diags);
	int rc = diags.errors ? EXIT_INPUT_ERROR : EXIT_OK;
	cli_paths_release(&files);
	diag_list_release(&diags);
	src_map_release(&sources);
	arena_release(&a);
	return rc;
}

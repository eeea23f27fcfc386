/* cmd_parse.c - `stackc parse [--dump-ast] FILE`: parse one file, report
 * syntax errors, optionally print the syntax tree with locations. */
#include <stdio.h>

#include "../../compiler/syntax/ast_dump.h"
#include "../../compiler/syntax/parse.h"
#include "cli.h"
#include "cli_files.h"

int cmd_parse(cli_invocation *inv)
{
	arena a;
	arena_init(&a);
	src_map sources;
	src_map_init(&sources);
	diag_list diags;
	diag_list_init(&diags, &a, &sources);

	const src_file *f = cli_load_source(&sources, &diags, inv->args[0]);
	if (f) {
		ast_file *tree = parse_file(&a, f, &diags);
		if (inv->set[OPT_DUMP_AST]) {
			strbuf out = STRBUF_INIT;
			ast_dump(tree, &out, 1);
			fwrite(out.buf, 1, out.len, inv->out);
			strbuf_release(&out);
		}
	}
	cli_report(inv, &diags);
	int rc = diags.errors ? EXIT_INPUT_ERROR : EXIT_OK;
	diag_list_release(&diags);
	src_map_release(&sources);
	arena_release(&a);
	return rc;
}

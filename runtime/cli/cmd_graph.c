/* cmd_graph.c - `stackc graph [PATH]`: the components' dependency graph
 * as Graphviz DOT or JSON, in a deterministic order. */
#include <stdio.h>
#include <string.h>

#include "cli_program.h"

int cmd_graph(cli_invocation *inv)
{
	const char *fmt = inv->value[OPT_FORMAT] ? inv->value[OPT_FORMAT] : "dot";
	if (strcmp(fmt, "dot") != 0 && strcmp(fmt, "json") != 0) {
		fprintf(inv->err, "stackc: --format must be 'dot' or 'json', not '%s'\n", fmt);
		return EXIT_USAGE;
	}
	cli_program cp;
	int rc = cli_program_load(inv, &cp, inv->nargs ? inv->args[0] : ".");
	if (rc == EXIT_OK && program_check(&cp.prog) == 0 && inv->format == DIAG_FORMAT_JSON &&
		strcmp(fmt, "json") == 0) {
		/* --output json and --format json: stdout carries exactly one
		 * document, the graph; warnings go with it only in text. */
		strbuf out = STRBUF_INIT;
		graph_write_json(cp.prog.graph, &cp.sources, &out);
		fwrite(out.buf, 1, out.len, inv->out);
		strbuf_release(&out);
		inv->format = DIAG_FORMAT_TEXT;
		return cli_program_finish(inv, &cp, rc);
	}
	if (rc == EXIT_OK && cp.diags.errors == 0) {
		strbuf out = STRBUF_INIT;
		if (strcmp(fmt, "json") == 0)
			graph_write_json(cp.prog.graph, &cp.sources, &out);
		else
			graph_write_dot(cp.prog.graph, &out);
		fwrite(out.buf, 1, out.len, inv->out);
		strbuf_release(&out);
	}
	return cli_program_finish(inv, &cp, rc);
}

/* cmd_eval.c - `stackc eval PATH [EXPR]`: print a value.
 *
 * Without EXPR the value is every stack's outputs. The value goes to
 * stdout as YAML or JSON; secrets are redacted and unknown-after-apply
 * values named by the codec (compiler/eval/value_codec.h). Nothing is
 * printed when there are errors.
 */
#include <stdio.h>

#include "../../compiler/eval/value_codec.h"
#include "cli_program.h"

int cmd_eval(cli_invocation *inv)
{
	cli_program cp;
	int rc = cli_program_load(inv, &cp, inv->args[0]);
	value *v = NULL;
	if (rc == EXIT_OK && program_check_inputs(&cp.prog) == 0)
		v = inv->nargs > 1 ? program_eval_text(&cp.prog, inv->args[1]) :
				     program_outputs(&cp.prog);
	if (rc == EXIT_OK && v && cp.diags.errors == 0) {
		strbuf out = STRBUF_INIT, err = STRBUF_INIT;
		int json = inv->format == DIAG_FORMAT_JSON;
		int w = json ? value_write_json(v, 1, &out, &err) : value_write_yaml(v, &out, &err);
		if (w != 0) {
			diag_error(&cp.diags, "E0306", v->origin, "cannot print this value: %s",
				err.buf);
		} else if (json) {
			/* JSON mode: the value is the document; diagnostics, if
			 * any, would have replaced it. */
			fwrite(out.buf, 1, out.len, inv->out);
			strbuf_release(&out);
			strbuf_release(&err);
			diag_list_release(&cp.diags);
			src_map_release(&cp.sources);
			arena_release(&cp.arena);
			return EXIT_OK;
		} else {
			fwrite(out.buf, 1, out.len, inv->out);
		}
		strbuf_release(&out);
		strbuf_release(&err);
	}
	return cli_program_finish(inv, &cp, rc);
}

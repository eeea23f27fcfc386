/* cmd_check.c - `stackc check [PATH]`: every check short of code
 * generation, every error reported, nothing written.
 *
 * Syntax first (a module with syntax errors goes no further), then
 * names, types, schemas, parameters and environments, and the
 * dependency graph (program_check in compiler/eval/program_run.c).
 */
#include "cli_program.h"

int cmd_check(cli_invocation *inv)
{
	cli_program cp;
	int rc = cli_program_load(inv, &cp, inv->nargs ? inv->args[0] : ".");
	if (rc == EXIT_OK && cp.prog.root && cp.prog.root->nfiles)
		program_check(&cp.prog);
	return cli_program_finish(inv, &cp, rc);
}

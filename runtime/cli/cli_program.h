/* cli_program.h - loading a program the way eval, check and graph do.
 *
 * One place turns --env, --set and --values into program inputs and
 * loads the module, so the three commands cannot drift apart.
 */
#ifndef STACKC_CLI_PROGRAM_H
#define STACKC_CLI_PROGRAM_H

#include "../../compiler/eval/program.h"
#include "cli.h"

typedef struct cli_program {
	arena arena;
	src_map sources;
	diag_list diags;
	program prog;
} cli_program;

/* Set up and load the module at `path`, with the invocation's inputs.
 * Returns EXIT_OK, EXIT_INPUT_ERROR (diagnostics reported later by
 * cli_program_finish) or EXIT_USAGE (already printed). */
int cli_program_load(cli_invocation *inv, cli_program *cp, const char *path);
/* After program_load: the recorded state, from --state or, when it
 * exists, ROOT/.stackc/state.json. Returns 0, or -1 after reporting. */
int cli_program_state(cli_invocation *inv, program *p);
/* Report diagnostics and release everything; returns rc, or
 * EXIT_INPUT_ERROR if there were errors and rc was EXIT_OK. */
int cli_program_finish(cli_invocation *inv, cli_program *cp, int rc);

#endif

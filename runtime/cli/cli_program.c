/* cli_program.c - shared set-up of eval, check and graph (see
 * cli_program.h). */
#include "cli_program.h"

#include <string.h>
#include <sys/stat.h>

/* Where the runtime records state, under the module root. */
#define DEFAULT_STATE_FILE ".stackc/state.json"

int cli_program_state(cli_invocation *inv, program *p)
{
	const char *path = inv->value[OPT_STATE];
	if (!path) {
		struct stat st;
		path = arena_printf(p->arena, "%s/%s", p->root_dir, DEFAULT_STATE_FILE);
		if (!p->root_dir || stat(path, &st) != 0)
			return 0;
	}
	return program_state_file(p, path);
}

int cli_program_load(cli_invocation *inv, cli_program *cp, const char *path)
{
	arena_init(&cp->arena);
	src_map_init(&cp->sources);
	diag_list_init(&cp->diags, &cp->arena, &cp->sources);
	program_init(&cp->prog, &cp->arena, &cp->sources, &cp->diags);
	program_select_env(&cp->prog, inv->value[OPT_ENV]);
	if (inv->value[OPT_VALUES] && program_values_file(&cp->prog, inv->value[OPT_VALUES]) != 0)
		return EXIT_INPUT_ERROR;
	for (int i = 0; i < inv->nsets; i++) {
		const char *eq = strchr(inv->sets[i], '=');
		if (!eq || eq == inv->sets[i]) {
			fprintf(inv->err, "stackc: --set needs NAME=VALUE, not '%s'\n",
				inv->sets[i]);
			return EXIT_USAGE;
		}
		char *name = arena_strndup(&cp->arena, inv->sets[i], (size_t)(eq - inv->sets[i]));
		program_set(&cp->prog, name, eq + 1);
	}
	if (program_load(&cp->prog, path) != 0 || cli_program_state(inv, &cp->prog) != 0)
		return EXIT_INPUT_ERROR;
	return EXIT_OK;
}

int cli_program_finish(cli_invocation *inv, cli_program *cp, int rc)
{
	if (rc != EXIT_USAGE)
		cli_report(inv, &cp->diags);
	if (rc == EXIT_OK && cp->diags.errors)
		rc = EXIT_INPUT_ERROR;
	diag_list_release(&cp->diags);
	src_map_release(&cp->sources);
	arena_release(&cp->arena);
	return rc;
}

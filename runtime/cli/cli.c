/* cli.c - the command table, argument parsing, help and reporting.
 *
 * Everything the user can type is declared in the two tables below:
 * options (with their help text) and subcommands (with the options they
 * take). Parsing, `stackc --help`, `stackc help COMMAND` and usage errors
 * are all driven by them, so a command cannot exist without its help.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../compiler/base/strbuf.h"

#ifndef STACKC_VERSION
#define STACKC_VERSION "0.0.0"
#endif

static const cli_option options[OPT_COUNT] = {
	[OPT_HELP] = { OPT_HELP, "help", NULL, "show help for the command and exit" },
	[OPT_OUTPUT] = { OPT_OUTPUT, "output", "text|json",
		"how to report diagnostics: text on stderr (default) or a JSON "
		"document on stdout" },
	[OPT_COLOR] = { OPT_COLOR, "color", "auto|always|never",
		"colour diagnostics (default auto: only on a terminal, never with "
		"NO_COLOR set)" },
	[OPT_ANNOTATIONS] = { OPT_ANNOTATIONS, "annotations", "github|none",
		"also print GitHub/Forgejo Actions annotations (default: github "
		"when GITHUB_ACTIONS=true)" },
	[OPT_MAX_ERRORS] = { OPT_MAX_ERRORS, "max-errors", "N",
		"show at most N errors, then 'and N more' (default 20, 0 = all)" },
	[OPT_DUMP_AST] = { OPT_DUMP_AST, "dump-ast", NULL,
		"print the syntax tree with the location of every node" },
	[OPT_CHECK] = { OPT_CHECK, "check", NULL,
		"write nothing; list the files that are not formatted and exit 1 if "
		"there are any" },
	[OPT_ENV] = { OPT_ENV, "env", "NAME",
		"evaluate with the overrides of environment NAME (env NAME { ... })" },
	[OPT_SET] = { OPT_SET, "set", "NAME=VALUE",
		"give parameter NAME a value, typed by its declared type (repeatable; "
		"strongest source)" },
	[OPT_VALUES] = { OPT_VALUES, "values", "FILE",
		"parameter values from a YAML or JSON file (a map of names)" },
	[OPT_FORMAT] = { OPT_FORMAT, "format", "dot|json",
		"graph output: Graphviz DOT (default) or JSON" },
	[OPT_DIFF] = { OPT_DIFF, "diff", NULL,
		"write nothing; print what would change as a unified diff and exit 1 "
		"if anything would" },
	[OPT_OUT_DIR] = { OPT_OUT_DIR, "out-dir", "DIR",
		"write the output tree to DIR, replacing it as a whole (default out)", 'o' },
	[OPT_STDOUT] = { OPT_STDOUT, "stdout", NULL,
		"write nothing to disk; print the files of one target on stdout" },
	[OPT_TARGET] = { OPT_TARGET, "target", "kubernetes|argocd|terraform|plan",
		"with --stdout: the target whose files are printed (default kubernetes)" },
	[OPT_ALLOW_UNKNOWN] = { OPT_ALLOW_UNKNOWN, "allow-unknown", NULL,
		"write values known only after apply as visible placeholders instead "
		"of failing" },
	[OPT_STATE] = { OPT_STATE, "state", "FILE",
		"values known only after apply from this recorded state (default "
		"PATH/.stackc/state.json when it exists)" },
	[OPT_LAYOUT] = { OPT_LAYOUT, "layout", "default|cnoe",
		"output layout: stackc's (default) or an idpbuilder/CNOE package "
		"directory" },
};

static const cli_opt_id global_opts[] = { OPT_HELP, OPT_OUTPUT, OPT_COLOR, OPT_ANNOTATIONS,
	OPT_MAX_ERRORS, OPT_COUNT };
static const cli_opt_id parse_opts[] = { OPT_DUMP_AST, OPT_COUNT };
static const cli_opt_id check_opts[] = { OPT_ENV, OPT_SET, OPT_VALUES, OPT_COUNT };
static const cli_opt_id eval_opts[] = { OPT_ENV, OPT_SET, OPT_VALUES, OPT_STATE, OPT_COUNT };
static const cli_opt_id graph_opts[] = { OPT_ENV, OPT_SET, OPT_VALUES, OPT_FORMAT, OPT_COUNT };
static const cli_opt_id fmt_opts[] = { OPT_CHECK, OPT_DIFF, OPT_COUNT };
static const cli_opt_id build_opts[] = { OPT_ENV, OPT_SET, OPT_VALUES, OPT_OUT_DIR, OPT_STDOUT,
	OPT_TARGET, OPT_ALLOW_UNKNOWN, OPT_STATE, OPT_LAYOUT, OPT_COUNT };
static const cli_opt_id no_opts[] = { OPT_COUNT };

static int cmd_help(cli_invocation *inv);
static int cmd_version(cli_invocation *inv);

static const cli_command commands[] = {
	{ "check", "stackc check [--env NAME] [--set NAME=VALUE]... [--values FILE] [PATH]",
		"check a module for errors",
		"Loads the module at PATH (a directory of .stack files, or one file; default\n"
		"the current directory) and everything it imports, and runs every check short\n"
		"of code generation: syntax, names, types, schema checks, parameters and\n"
		"environments, and the dependency graph. Reports every error found and\n"
		"writes nothing. Exit status 0 when there are no errors, 1 when there are.",
		check_opts, 0, 1, cmd_check },
	{ "eval",
		"stackc eval [--env NAME] [--set NAME=VALUE]... [--values FILE] "
		"[--output yaml|json] PATH [EXPR]",
		"print the value of an expression, or every stack's outputs",
		"Evaluates EXPR in the module at PATH (its declarations, and each stack's\n"
		"outputs under the stack's name, are in scope) and prints the value as YAML\n"
		"(default) or JSON. Without EXPR, prints every stack's outputs:\n"
		"{ STACK: { OUTPUT: value } }. Secrets print as \"(sensitive value)\"; values\n"
		"known only after apply print as \"(known after apply: COMPONENT.PATH)\".",
		eval_opts, 1, 2, cmd_eval },
	{ "graph", "stackc graph [--env NAME] [--format dot|json] [PATH]",
		"print the dependency graph of the components",
		"Evaluates the module at PATH and prints the graph of its components: an edge\n"
		"A -> B means A depends on B (A refers to B, or lists it in depends_on).\n"
		"DOT for Graphviz (default), or JSON with each component's depth and a\n"
		"topological order. A dependency cycle is an error.",
		graph_opts, 0, 1, cmd_graph },
	{ "build",
		"stackc build [--env NAME] [--set NAME=VALUE]... [--values FILE] [-o DIR] "
		"[--stdout [--target kubernetes|argocd|terraform|plan]] [--allow-unknown] [PATH]",
		"generate Kubernetes, ArgoCD and Terraform files and the plan",
		"Evaluates the module at PATH (default the current directory) once per\n"
		"environment - every declared environment, or only NAME with --env; a module\n"
		"without env blocks builds one called \"default\" - and writes the output tree\n"
		"to DIR (default out): ENV/STACK/kubernetes/..., ENV/STACK/argocd/...,\n"
		"ENV/STACK/terraform/... and ENV/plan.json (see docs/build.md). DIR is replaced\n"
		"as a whole and atomically, so files no longer produced disappear; it must be\n"
		"missing, empty or an earlier build's output. Nothing is written when any\n"
		"environment has an error. With --stdout, nothing is written to disk: the\n"
		"files of one target are printed, YAML documents separated by '---' or JSON\n"
		"documents one after another.\n"
		"Exit status: 0 success, 1 errors in the input or DIR refused, 3 writing\n"
		"failed (the previous output is left as it was), 64 usage error.",
		build_opts, 0, 1, cmd_build },
	{ "fmt", "stackc fmt [--check] [--diff] [PATH...]", "format .stack files",
		"Rewrites each file in the one canonical layout, keeping every comment.\n"
		"Directories are searched recursively for .stack files (hidden ones are\n"
		"skipped); without a PATH, the current directory; '-' formats standard\n"
		"input to standard output. Formatting never changes meaning: the result is\n"
		"re-parsed and compared before anything is written. A file with syntax\n"
		"errors is reported and left untouched.",
		fmt_opts, 0, -1, cmd_fmt },
	{ "parse", "stackc parse [--dump-ast] FILE", "parse one file and report syntax errors",
		"Parses FILE and reports syntax errors; with --dump-ast prints the syntax tree,\n"
		"one node per line with its kind, fields and location (line:column ranges).\n"
		"Meant for debugging the compiler and for bug reports.",
		parse_opts, 1, 1, cmd_parse },
	{ "help", "stackc help [COMMAND]", "show help for stackc or for one command",
		"Without COMMAND lists the commands; with COMMAND explains it and its options.",
		no_opts, 0, 1, cmd_help },
	{ "version", "stackc version", "print the version",
		"Prints 'stackc VERSION'. Same as 'stackc --version'.", no_opts, 0, 0,
		cmd_version },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const cli_command *cli_commands(size_t *count)
{
	*count = N_COMMANDS;
	return commands;
}

const cli_command *cli_find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* ---- help ---------------------------------------------------------------- */

static void print_option(FILE *out, cli_opt_id id)
{
	const cli_option *o = &options[id];
	strbuf left = STRBUF_INIT;
	if (o->short_name)
		strbuf_addf(&left, "-%c, ", o->short_name);
	strbuf_addf(&left, "--%s", o->name);
	if (o->arg)
		strbuf_addf(&left, " %s", o->arg);
	fprintf(out, "  %-28s %s\n", left.buf, o->help);
	strbuf_release(&left);
}

static void print_main_help(FILE *out)
{
	fprintf(out,
		"stackc - compiler for the Stack platform description language\n\n"
		"Usage: stackc [OPTIONS] COMMAND [ARGS...]\n\nCommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nOptions (accepted by every command):\n");
	for (const cli_opt_id *o = global_opts; *o != OPT_COUNT; o++)
		print_option(out, *o);
	fprintf(out, "  %-28s %s\n", "--version", "print the version and exit");
	fprintf(out,
		"\nExit status: 0 success, 1 errors in the input, 64 usage error.\n"
		"Run 'stackc help COMMAND' for more about a command.\n");
}

static void print_command_help(FILE *out, const cli_command *c)
{
	fprintf(out, "Usage: %s\n\n%s\n", c->usage, c->description);
	if (c->options[0] != OPT_COUNT) {
		fprintf(out, "\nOptions:\n");
		for (const cli_opt_id *o = c->options; *o != OPT_COUNT; o++)
			print_option(out, *o);
	}
	fprintf(out,
		"\nGlobal options: --output text|json, --color auto|always|never,\n"
		"--annotations github|none, --max-errors N (see 'stackc --help').\n");
}

static int cmd_help(cli_invocation *inv)
{
	if (inv->nargs == 0) {
		print_main_help(inv->out);
		return EXIT_OK;
	}
	const cli_command *c = cli_find_command(inv->args[0]);
	if (!c) {
		fprintf(inv->err,
			"stackc: unknown command '%s'\nRun 'stackc --help' for the list "
			"of commands.\n",
			inv->args[0]);
		return EXIT_USAGE;
	}
	print_command_help(inv->out, c);
	return EXIT_OK;
}

static int cmd_version(cli_invocation *inv)
{
	fprintf(inv->out, "stackc %s\n", STACKC_VERSION);
	return EXIT_OK;
}

/* ---- argument parsing ----------------------------------------------------- */

static int accepts(const cli_command *c, cli_opt_id id)
{
	for (const cli_opt_id *o = global_opts; *o != OPT_COUNT; o++)
		if (*o == id)
			return 1;
	if (!c)
		return 0;
	for (const cli_opt_id *o = c->options; *o != OPT_COUNT; o++)
		if (*o == id)
			return 1;
	return 0;
}

__attribute__((format(printf, 3, 4))) static int usage_error(
	FILE *err, const cli_command *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(err, "stackc: ");
	vfprintf(err, fmt, ap);
	fprintf(err, "\n");
	va_end(ap);
	if (c)
		fprintf(err, "Usage: %s\nRun 'stackc help %s' for more.\n", c->usage, c->name);
	else
		fprintf(err, "Run 'stackc --help' for usage.\n");
	return EXIT_USAGE;
}

/* Parse one "--name[=value]" at argv[*i]. */
static int parse_option(cli_invocation *inv, int argc, char **argv, int *i)
{
	const char *arg = argv[*i] + 2;
	const char *eq = strchr(arg, '=');
	size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
	for (int id = 0; id < OPT_COUNT; id++) {
		const cli_option *o = &options[id];
		if (strlen(o->name) != name_len || strncmp(o->name, arg, name_len) != 0)
			continue;
		if (!accepts(inv->cmd, (cli_opt_id)id))
			return usage_error(
				inv->err, inv->cmd, "option '%s' does not apply here", argv[*i]);
		if (o->arg) {
			if (eq) {
				inv->value[id] = eq + 1;
			} else if (*i + 1 < argc) {
				inv->value[id] = argv[++*i];
			} else {
				return usage_error(
					inv->err, inv->cmd, "option '%s' needs a value", argv[*i]);
			}
		} else if (eq) {
			return usage_error(
				inv->err, inv->cmd, "option '%s' takes no value", argv[*i]);
		}
		inv->set[id] = 1;
		if (id == OPT_SET) {
			/* Repeatable: keep every occurrence in order. */
			inv->sets = realloc(inv->sets, (size_t)(inv->nsets + 1) * sizeof(char *));
			if (!inv->sets)
				abort();
			inv->sets[inv->nsets++] = inv->value[id];
		}
		return EXIT_OK;
	}
	return usage_error(inv->err, inv->cmd, "unknown option '%s'", argv[*i]);
}

/* Parse one short option "-X", "-X VALUE" or "-XVALUE" at argv[*i]. */
static int parse_short_option(cli_invocation *inv, int argc, char **argv, int *i)
{
	char c = argv[*i][1];
	for (int id = 0; id < OPT_COUNT; id++) {
		const cli_option *o = &options[id];
		if (!o->short_name || o->short_name != c || !accepts(inv->cmd, (cli_opt_id)id))
			continue;
		if (o->arg) {
			if (argv[*i][2])
				inv->value[id] = argv[*i] + 2;
			else if (*i + 1 < argc)
				inv->value[id] = argv[++*i];
			else
				return usage_error(
					inv->err, inv->cmd, "option '%s' needs a value", argv[*i]);
		} else if (argv[*i][2]) {
			break;
		}
		inv->set[id] = 1;
		return EXIT_OK;
	}
	return usage_error(inv->err, inv->cmd, "unknown option '%s'", argv[*i]);
}

/* Turn the global options into settings; checks their values. */
static int resolve_globals(cli_invocation *inv)
{
	const char *v;
	inv->format = DIAG_FORMAT_TEXT;
	if ((v = inv->value[OPT_OUTPUT])) {
		int is_eval = inv->cmd && strcmp(inv->cmd->name, "eval") == 0;
		if (strcmp(v, "json") == 0)
			inv->format = DIAG_FORMAT_JSON;
		else if (is_eval && strcmp(v, "yaml") == 0)
			inv->yaml = 1; /* eval's value as YAML: its default */
		else if (strcmp(v, "text") != 0)
			return usage_error(inv->err, inv->cmd,
				"--output must be 'text' or 'json'%s, not '%s'",
				is_eval ? " or 'yaml'" : "", v);
	}
	const char *ga = getenv("GITHUB_ACTIONS");
	inv->github_annotations = ga && strcmp(ga, "true") == 0;
	if ((v = inv->value[OPT_ANNOTATIONS])) {
		if (strcmp(v, "github") == 0)
			inv->github_annotations = 1;
		else if (strcmp(v, "none") == 0)
			inv->github_annotations = 0;
		else
			return usage_error(inv->err, inv->cmd,
				"--annotations must be 'github' or 'none', not '%s'", v);
	}
	/* Colour only on a terminal, and never when NO_COLOR is set to
	 * anything non-empty (no-color.org). --color=always overrides. */
	const char *nc = getenv("NO_COLOR");
	int allowed = !(nc && *nc);
	inv->color_stderr = allowed && isatty(fileno(inv->err));
	inv->color_stdout = allowed && isatty(fileno(inv->out));
	if ((v = inv->value[OPT_COLOR])) {
		if (strcmp(v, "always") == 0) {
			inv->color_stderr = inv->color_stdout = 1;
		} else if (strcmp(v, "never") == 0) {
			inv->color_stderr = inv->color_stdout = 0;
		} else if (strcmp(v, "auto") != 0) {
			return usage_error(inv->err, inv->cmd,
				"--color must be 'auto', 'always' or 'never', not '%s'", v);
		}
	}
	inv->max_errors = 20;
	if ((v = inv->value[OPT_MAX_ERRORS])) {
		char *end;
		long n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || n < 0)
			return usage_error(inv->err, inv->cmd,
				"--max-errors needs a number >= 0, not '%s'", v);
		inv->max_errors = (size_t)n;
	}
	return EXIT_OK;
}

void cli_report(cli_invocation *inv, const diag_list *diags)
{
	strbuf out = STRBUF_INIT;
	if (inv->format == DIAG_FORMAT_JSON) {
		diag_render_json(diags, &out);
		fwrite(out.buf, 1, out.len, inv->out);
		fflush(inv->out);
	} else if (diags->len) {
		diag_render_opts o = { inv->color_stderr, inv->max_errors };
		diag_render_text(diags, &o, &out);
		if (inv->github_annotations) {
			diag_render_opts g = { 0, inv->max_errors };
			diag_render_github(diags, &g, &out);
		}
		fwrite(out.buf, 1, out.len, inv->err);
		fflush(inv->err);
	}
	strbuf_release(&out);
}

int cli_main(int argc, char **argv)
{
	cli_invocation inv;
	memset(&inv, 0, sizeof(inv));
	inv.out = stdout;
	inv.err = stderr;

	/* Global options may come before the command. */
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-' && argv[i][2]; i++) {
		if (strcmp(argv[i], "--version") == 0)
			return cmd_version(&inv);
		int rc = parse_option(&inv, argc, argv, &i);
		if (rc != EXIT_OK)
			return rc;
	}
	if (i < argc && strcmp(argv[i], "-h") == 0)
		inv.set[OPT_HELP] = 1, i++;
	if (i >= argc) {
		if (inv.set[OPT_HELP]) {
			print_main_help(inv.out);
			return EXIT_OK;
		}
		print_main_help(inv.err);
		return EXIT_USAGE;
	}
	inv.cmd = cli_find_command(argv[i]);
	if (!inv.cmd)
		return usage_error(inv.err, NULL, "unknown command '%s'", argv[i]);
	i++;

	/* Options and positional arguments may be mixed; "--" ends options
	 * and a lone "-" is an argument (standard input). */
	char **args = calloc((size_t)argc + 1, sizeof(char *));
	if (!args)
		abort();
	int nargs = 0, rc = EXIT_OK, only_args = 0;
	for (; i < argc && rc == EXIT_OK; i++) {
		const char *a = argv[i];
		if (!only_args && strcmp(a, "--") == 0)
			only_args = 1;
		else if (!only_args && strcmp(a, "-h") == 0)
			inv.set[OPT_HELP] = 1;
		else if (!only_args && strcmp(a, "--version") == 0) {
			free(args);
			free(inv.sets);
			return cmd_version(&inv);
		} else if (!only_args && a[0] == '-' && a[1] == '-')
			rc = parse_option(&inv, argc, argv, &i);
		else if (!only_args && a[0] == '-' && a[1] != '\0')
			rc = parse_short_option(&inv, argc, argv, &i);
		else
			args[nargs++] = argv[i];
	}
	if (rc == EXIT_OK && inv.set[OPT_HELP]) {
		print_command_help(inv.out, inv.cmd);
	} else if (rc == EXIT_OK) {
		inv.args = args;
		inv.nargs = nargs;
		if (nargs < inv.cmd->min_args)
			rc = usage_error(inv.err, inv.cmd, "%s: missing argument", inv.cmd->name);
		else if (inv.cmd->max_args >= 0 && nargs > inv.cmd->max_args)
			rc = usage_error(inv.err, inv.cmd, "%s: too many arguments", inv.cmd->name);
		else if ((rc = resolve_globals(&inv)) == EXIT_OK)
			rc = inv.cmd->run(&inv);
	}
	free(args);
	free(inv.sets);
	return rc;
}

/* cli.h - the command table and what each subcommand receives.
 *
 * Subcommands and their options are declared as data in cli.c; one
 * table drives argument parsing, `--help`, `stackc help COMMAND` and
 * (later) shell completion. A subcommand's run() gets a cli_invocation
 * with its options parsed and returns the process exit code.
 */
#ifndef STACKC_CLI_CLI_H
#define STACKC_CLI_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "../../compiler/source/diag.h"

/* Exit codes shared by every command (see docs/cli.md). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT_ERROR = 1,
	EXIT_CHANGES = 2,
	EXIT_RUNTIME = 3,
	EXIT_LOCKED = 4,
	EXIT_PARTIAL = 5,
	EXIT_USAGE = 64,
	EXIT_INTERRUPTED = 130,
};

/* Every option of every command has one id; a command lists the ones it
 * accepts. Global options are accepted everywhere. */
typedef enum cli_opt_id {
	OPT_HELP,
	OPT_OUTPUT,      /* --output text|json */
	OPT_COLOR,       /* --color auto|always|never */
	OPT_ANNOTATIONS, /* --annotations github|none */
	OPT_MAX_ERRORS,  /* --max-errors N */
	OPT_DUMP_AST,    /* parse --dump-ast */
	OPT_CHECK,       /* fmt --check */
	OPT_DIFF,        /* fmt --diff */
	OPT_ENV,         /* --env NAME */
	OPT_SET,         /* --set NAME=VALUE (repeatable) */
	OPT_VALUES,      /* --values FILE */
	OPT_FORMAT,      /* graph --format dot|json */
	OPT_OUT_DIR,     /* build -o, --out-dir DIR */
	OPT_STDOUT,      /* build --stdout */
	OPT_TARGET,      /* build --target kubernetes|argocd|terraform|plan */
	/* build --allow-unknown */
	OPT_ALLOW_UNKNOWN,
	OPT_STATE,  /* build/eval --state FILE */
	OPT_LAYOUT, /* build --layout default|cnoe */
	OPT_COUNT
} cli_opt_id;

typedef struct cli_option {
	cli_opt_id id;
	const char *name; /* long name without "--" */
	const char *arg;  /* metavariable if it takes a value, else NULL */
	const char *help;
	char short_name; /* '-X' form ('o' for -o), or 0 */
} cli_option;

struct cli_invocation;

typedef struct cli_command {
	const char *name;
	const char *usage;         /* "stackc fmt [--check] [--diff] [PATH...]" */
	const char *summary;       /* one line for the command list */
	const char *description;   /* paragraph(s) for `stackc help NAME` */
	const cli_opt_id *options; /* terminated by OPT_COUNT */
	int min_args;
	int max_args; /* -1: unlimited */
	int (*run)(struct cli_invocation *inv);
} cli_command;

typedef struct cli_invocation {
	const cli_command *cmd;
	int set[OPT_COUNT];           /* option given? */
	const char *value[OPT_COUNT]; /* its value, for options that take one */
	char **args;                  /* positional arguments */
	int nargs;
	const char **sets; /* every --set, in order */
	int nsets;

	/* Resolved global settings. */
	diag_format format; /* text or json; github annotations are extra */
	int yaml;           /* --output yaml (eval): values as YAML */
	int github_annotations;
	int color_stderr; /* colours on stderr (a terminal, no NO_COLOR) */
	int color_stdout;
	size_t max_errors;
	FILE *out;
	FILE *err;
} cli_invocation;

/* Print diagnostics the way the invocation asked for: text (+ GitHub
 * annotations) on stderr, or the JSON document on stdout. */
void cli_report(cli_invocation *inv, const diag_list *diags);

/* The command table, for help and tests. */
const cli_command *cli_commands(size_t *count);
const cli_command *cli_find_command(const char *name);

/* Entry point used by main(): parse argv, run, return the exit code. */
int cli_main(int argc, char **argv);

/* Subcommands, one file each (cmd_*.c). */
int cmd_parse(cli_invocation *inv);
int cmd_check(cli_invocation *inv);
int cmd_fmt(cli_invocation *inv);
int cmd_eval(cli_invocation *inv);
int cmd_graph(cli_invocation *inv);
int cmd_build(cli_invocation *inv);

#endif

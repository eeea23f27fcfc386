/* program.h - a loaded Stack program: its modules, inputs and results.
 *
 * program_load() reads the root module (a directory of .stack files, or
 * one file) and every module it imports, parses them and binds their
 * declarations. Nothing is evaluated until asked: program_outputs()
 * evaluates every stack of the root module, program_eval_text() one
 * expression. Parameters take their values, strongest first, from
 * --set, the --values file, the selected environment's overrides and
 * their declared defaults.
 *
 * Everything is allocated in the arena given to program_init; errors go
 * to its diag_list.
 */
#ifndef STACKC_EVAL_PROGRAM_H
#define STACKC_EVAL_PROGRAM_H

#include "../check/graph.h"
#include "../source/diag.h"
#include "../syntax/ast.h"
#include "value.h"

struct scope;
struct eval_ctx;

typedef struct module {
	const char *name; /* as imported ("./lib", "std/k8s") or the root path */
	const char *dir;  /* absolute directory of its files */
	ast_file **files;
	uint32_t nfiles;
	struct scope *scope;        /* module-level declarations */
	struct scope **file_scopes; /* per file: its imports, parent = scope */
	int loading;                /* on the import stack: a cycle if seen again */
} module;

/* A parameter value given on the command line or in a values file. */
typedef struct program_input {
	const char *name;
	const char *text;   /* --set: the text after '=' */
	value *val;         /* --values: the decoded value */
	const char *source; /* "--set" or the values file's path */
	int used;
} program_input;

/* A component of a deployed stack, after evaluation (program_outputs or
 * program_check): what code generation works from. */
typedef struct program_component {
	const char *path;   /* "platform.api" */
	const char *stack;  /* the root stack it belongs to: "platform" */
	const char *name;   /* "api" */
	const char *kind;   /* "std/k8s.app", "./lib.web_service", "value" */
	const value *val;   /* its value (a record for schema kinds) */
	src_span decl;      /* its name in the declaration */
	uint32_t node;      /* its node in the dependency graph */
	unsigned crd_flags; /* PROGRAM_CRD_*, from program_crd_note; 0: not noted */
} program_component;

/* What a component's objects mean for the CRD edges (program_crd_edges),
 * noted when its value became final, while it was still in the cache:
 * a later pass over every object of a big platform was mostly cache
 * misses, and almost no component has anything to do with CRDs. */
enum {
	PROGRAM_CRD_NOTED = 1,    /* the other two bits are set */
	PROGRAM_CRD_INSTALLS = 2, /* a `crds` field or a CustomResourceDefinition */
	PROGRAM_CRD_CUSTOM = 4,   /* an object of an API group not Kubernetes' own */
};

typedef struct program {
	arena *arena;
	diag_list *diags;
	src_map *sources;
	const char *root_dir; /* imports never leave this directory */
	module *root;
	module **modules;
	uint32_t nmodules;
	graph *graph;
	struct eval_ctx *ev;

	const char *env_name; /* --env, or NULL */
	const ast_node *env;  /* the selected env declaration */
	program_input *inputs;
	uint32_t ninputs;

	value *outputs; /* program_outputs(), once computed */
	int outputs_done;

	/* Every component instantiated by program_outputs, in the order
	 * they were declared (root stacks sorted by name). */
	program_component *components;
	uint32_t ncomponents;
	uint32_t components_cap; /* grown by doubling: a platform has thousands */
	/* Called whenever more of `components` are final (their values
	 * will not change or move), with the array and how many are: code
	 * generation may start on them while evaluation goes on; `all` is
	 * 1 on the last call, when program_check has evaluated everything
	 * (no component comes after). NULL: no one is listening. */
	void (*components_ready)(void *data, const program_component *c, uint32_t n, int all);
	void *components_ready_data;

	/* Recorded values of the selected environment (program_state.c):
	 * component path -> { known_after_apply path -> value }, or NULL. */
	const value *state;
} program;

void program_init(program *p, arena *a, src_map *sources, diag_list *diags);
/* Parameter inputs; call before program_load. */
void program_set(program *p, const char *name, const char *text);
/* Read a YAML or JSON values file (a map of parameter names). Returns 0,
 * or -1 after reporting the problem. */
int program_values_file(program *p, const char *path);
void program_select_env(program *p, const char *env);
/* Read the recorded state (program_state.c) for the selected
 * environment; call after program_select_env. Returns 0, or -1 after
 * reporting (E0506). */
int program_state_file(program *p, const char *path);

/* Load and bind the module at `path`. Returns 0 if there were no errors. */
int program_load(program *p, const char *path);
/* Check the inputs against the root module's parameters and the chosen
 * environment (unknown names, types). Returns 0 if all is well. */
int program_check_inputs(program *p);
/* Evaluate every declaration of the root module and every stack
 * (`stackc check`). Returns 0 if there were no errors. */
int program_check(program *p);
/* { stack: { output: value } } for every stack of the root module. */
value *program_outputs(program *p);
/* The objects of a component (program_objects.c): a list (*app: from a
 * `manifests` field) or the record itself (*single), or NULL if it has
 * no Kubernetes objects. */
const value *program_component_objects(const program_component *pc, int *app, int *single);
/* Is the component's record itself one object (a record of one of
 * std/k8s's or std/argocd's object kinds)? */
int program_record_is_object(const program_component *pc);
/* Add the edges from custom resources to the components that install
 * their CRDs; E0708 for one whose CRD nobody installs. Run by
 * program_check before graph_check. */
void program_crd_edges(program *p);
/* Note pc->crd_flags; call when pc->val is final. */
void program_crd_note(program_component *pc);

/* Is `name` one of the root module's parameters that the code
 * generators read (gitops_repo, argocd_prune, ...; docs/build.md)? They
 * are never reported as unused. */
int is_generator_param(const char *name);
/* Evaluate an expression in the root module's scope. */
value *program_eval_text(program *p, const char *text);

#endif

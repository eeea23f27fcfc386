/* program_run.c - parameters, environments, and evaluating a program.
 *
 * A root parameter takes its value, strongest first, from --set, the
 * values file, the selected environment's override, and its default.
 * Inputs are typed by the parameter's declared type: "--set replicas=3"
 * is the int 3 because replicas is an int. Parameters of imported
 * modules always use their defaults.
 */
#include <stdlib.h>
#include <string.h>

#include "../syntax/parse.h"
#include "eval_internal.h"
#include "value_codec.h"

value *program_param_value(eval_ctx *ev, binding *b);

static int is_root_binding(const program *p, const binding *b)
{
	return p->root && b->env && (b->env == p->root->scope || b->env->parent == p->root->scope);
}

static const char *type_source(program *p, const ast_node *type)
{
	const src_file *f = src_map_get(p->sources, type->span.file);
	return f ? arena_strndup(p->arena, f->text + type->span.start,
			   type->span.end - type->span.start) :
		   "?";
}

/* Conform an input without reporting; NULL if it does not fit. */
static value *try_conform(eval_ctx *ev, binding *b, value *v)
{
	ev->quiet++;
	int before = ev->failed;
	ev->failed = 0;
	value *c = conform(ev, b->env, b->decl->u.binding.type, v, b->name);
	int failed = ev->failed;
	ev->failed = before;
	ev->quiet--;
	return failed ? NULL : c;
}

static value *input_value(eval_ctx *ev, binding *b, program_input *in)
{
	program *p = ev->prog;
	const ast_node *type = b->decl->u.binding.type;
	in->used = 1;
	value *v = in->val;
	value *c = NULL;
	if (in->text) {
		/* The text is read as a YAML scalar or flow collection (3 is an
		 * int, true a bool, [a, b] a list); if that does not fit the
		 * type but the plain text does, the text is a string. */
		strbuf err = STRBUF_INIT;
		src_span none = src_span_make(0, 0, 0);
		v = value_read_yaml(p->arena, in->text, strlen(in->text), none, &err);
		strbuf_release(&err);
		if (v)
			c = try_conform(ev, b, v);
		if (!c) {
			v = value_string(p->arena, in->text, strlen(in->text), none);
			c = try_conform(ev, b, v);
		}
	} else {
		c = try_conform(ev, b, v);
	}
	if (c)
		return c;
	strbuf d = STRBUF_INIT;
	if (in->text)
		strbuf_addf(&d, "'%s'", in->text);
	else
		value_describe(v, &d);
	diagnostic *e = diag_error_path(p->diags, "E0503", in->source,
		"parameter '%s': %s is not a valid %s", b->name, d.buf, type_source(p, type));
	diag_add_note(p->diags, e, b->decl->span, "'%s' is declared here", b->name);
	strbuf_release(&d);
	return NULL;
}

/* The override of `name` in the selected environment, or NULL. */
static const ast_node *env_override(program *p, const char *name)
{
	if (!p->env)
		return NULL;
	const ast_list *body = &p->env->u.decl.members;
	for (uint32_t i = 0; i < body->len; i++) {
		const ast_node *a = body->items[i];
		if (a->kind == AST_ASSIGN && strcmp(a->u.binding.name.name, name) == 0)
			return a;
	}
	return NULL;
}

/* The file scope an env declaration was written in. */
static scope *env_scope(program *p, const ast_node *env)
{
	for (uint32_t i = 0; i < p->root->nfiles; i++)
		if (p->root->files[i]->source->id == env->span.file)
			return p->root->file_scopes[i];
	return p->root->scope;
}

value *program_param_value(eval_ctx *ev, binding *b)
{
	program *p = ev->prog;
	const ast_node *d = b->decl;
	if (is_root_binding(p, b)) {
		/* --set beats the values file: search from the last input,
		 * --set inputs are added after the file's. */
		for (uint32_t pass = 0; pass < 2; pass++) {
			for (uint32_t i = p->ninputs; i-- > 0;) {
				program_input *in = &p->inputs[i];
				if ((pass == 0) != (in->text != NULL))
					continue;
				if (strcmp(in->name, b->name) == 0)
					return input_value(ev, b, in);
			}
		}
		const ast_node *o = env_override(p, b->name);
		if (o) {
			value *v = eval_expr(ev, env_scope(p, p->env), o->u.binding.value);
			char *path = arena_printf(p->arena, "%s (env %s)", b->name, p->env_name);
			return conform(ev, b->env, d->u.binding.type, v, path);
		}
	}
	if (d->u.binding.value) {
		value *v = eval_expr(ev, b->env, d->u.binding.value);
		return conform(ev, b->env, d->u.binding.type, v, b->name);
	}
	/* An optional parameter without a default is null. */
	if (d->u.binding.type && d->u.binding.type->kind == AST_TYPE_OPTIONAL)
		return value_null(p->arena, b->def);
	diagnostic *e =
		diag_error(p->diags, "E0504", b->def, "parameter '%s' has no value", b->name);
	diag_add_hint(p->diags, e,
		"give it a default, set it in an env block, or pass --set %s=...", b->name);
	return NULL;
}

/* ---- inputs and environments --------------------------------------------- */

static const char *param_suggestion(program *p, const char *name)
{
	scope *s = p->root->scope;
	const char **names = arena_alloc_array(p->arena, s->len + 1, sizeof(char *));
	size_t n = 0;
	for (uint32_t i = 0; i < s->len; i++)
		if (s->items[i]->kind == BIND_PARAM)
			names[n++] = s->items[i]->name;
	return suggest_name(name, names, n);
}

int program_check_inputs(program *p)
{
	size_t errors = p->diags->errors;
	scope *ms = p->root->scope;
	/* Environments: unique names, overrides of real parameters. */
	const ast_node **envs = NULL;
	uint32_t nenvs = 0;
	for (uint32_t i = 0; i < p->root->nfiles; i++) {
		const ast_list *ds = &p->root->files[i]->decls;
		for (uint32_t j = 0; j < ds->len; j++) {
			const ast_node *d = ds->items[j];
			if (d->kind != AST_ENV)
				continue;
			for (uint32_t k = 0; k < nenvs; k++) {
				if (strcmp(envs[k]->u.decl.name.name, d->u.decl.name.name) == 0) {
					diagnostic *e =
						diag_error(p->diags, "E0102", d->u.decl.name.span,
							"environment '%s' is defined twice",
							d->u.decl.name.name);
					diag_add_note(p->diags, e, envs[k]->u.decl.name.span,
						"first defined here");
				}
			}
			envs = arena_grow_array(p->arena, envs, nenvs, nenvs + 1, sizeof(*envs));
			envs[nenvs++] = d;
			const ast_list *body = &d->u.decl.members;
			for (uint32_t k = 0; k < body->len; k++) {
				const ast_node *a = body->items[k];
				if (a->kind != AST_ASSIGN)
					continue;
				const char *name = a->u.binding.name.name;
				binding *b = scope_lookup_here(ms, name);
				if (b && b->kind == BIND_PARAM)
					continue;
				diagnostic *e = diag_error(p->diags, "E0502",
					a->u.binding.name.span,
					b ? "'%s' is not a parameter" : "unknown parameter '%s'",
					a->u.binding.key ? "(quoted)" : name);
				const char *sug = param_suggestion(p, name);
				if (sug)
					diag_add_hint(p->diags, e, "did you mean '%s'?", sug);
				else
					diag_add_hint(p->diags, e,
						"an env block can only set the "
						"module's parameters");
			}
		}
	}
	if (p->env_name) {
		p->env = NULL;
		const char **names = arena_alloc_array(p->arena, nenvs + 1, sizeof(char *));
		for (uint32_t k = 0; k < nenvs; k++) {
			names[k] = envs[k]->u.decl.name.name;
			if (strcmp(names[k], p->env_name) == 0)
				p->env = envs[k];
		}
		if (!p->env) {
			diagnostic *e = diag_error_path(p->diags, "E0501", "--env",
				"unknown environment '%s'", p->env_name);
			const char *sug = suggest_name(p->env_name, names, nenvs);
			if (sug)
				diag_add_hint(p->diags, e, "did you mean '%s'?", sug);
			else if (nenvs == 0)
				diag_add_hint(p->diags, e, "this module declares no environments");
		}
	}
	for (uint32_t i = 0; i < p->ninputs; i++) {
		program_input *in = &p->inputs[i];
		binding *b = scope_lookup_here(ms, in->name);
		if (b && b->kind == BIND_PARAM) {
			/* Type-check every input now, so that all bad inputs are
			 * reported together. Forcing is not a use. */
			int used = b->used;
			eval_binding(p->ev, b, b->def);
			b->used = used;
			continue;
		}
		diagnostic *e = diag_error_path(
			p->diags, "E0502", in->source, "unknown parameter '%s'", in->name);
		const char *sug = param_suggestion(p, in->name);
		if (sug)
			diag_add_hint(p->diags, e, "did you mean '%s'?", sug);
	}
	return p->diags->errors > errors ? -1 : 0;
}

/* ---- evaluation --------------------------------------------------------------- */

static int cmp_binding_name(const void *a, const void *b)
{
	return strcmp((*(binding *const *)a)->name, (*(binding *const *)b)->name);
}

/* A stack with a parameter that has no default is a template: it is
 * deployed only as a component of another stack, never on its own. */
static int is_template(const binding *b)
{
	const ast_list *ps = &b->decl->u.decl.params;
	for (uint32_t i = 0; i < ps->len; i++)
		if (!ps->items[i]->u.binding.value)
			return 1;
	return 0;
}

/* The root stacks that are deployed, sorted by name: output must not
 * depend on which file declared what. */
static binding **root_stacks(program *p, uint32_t *n)
{
	scope *ms = p->root->scope;
	binding **out = arena_alloc_array(p->arena, ms->len + 1, sizeof(binding *));
	*n = 0;
	for (uint32_t i = 0; i < ms->len; i++)
		if (ms->items[i]->kind == BIND_STACK && !is_template(ms->items[i]))
			out[(*n)++] = ms->items[i];
	qsort(out, *n, sizeof(binding *), cmp_binding_name);
	return out;
}

value *program_outputs(program *p)
{
	/* Once per program: instantiating again would repeat every error. */
	if (p->outputs_done)
		return p->outputs;
	p->outputs_done = 1;
	eval_ctx *ev = p->ev;
	uint32_t n;
	binding **stacks = root_stacks(p, &n);
	vmap *all = vmap_new(p->arena);
	int ok = 1;
	for (uint32_t i = 0; i < n; i++) {
		int used = stacks[i]->used;
		value *stk = eval_binding(ev, stacks[i], stacks[i]->def);
		stacks[i]->used = used;
		if (!stk) {
			ok = 0;
			continue;
		}
		value *inst = stack_instantiate(
			ev, stk, vmap_new(p->arena), stacks[i]->def, stacks[i]->name, -1);
		if (!inst) {
			ok = 0;
			continue;
		}
		vmap_set(p->arena, all, stacks[i]->name, inst, stacks[i]->def);
	}
	p->outputs = ok ? value_map(p->arena, all, src_span_make(0, 0, 0)) : NULL;
	return p->outputs;
}

/* The overrides of every environment other than the selected one are
 * type-checked too (the selected one's are, when its parameters are
 * evaluated): `check` finds the mistake in prod while working in dev. */
static void check_env_overrides(program *p)
{
	eval_ctx *ev = p->ev;
	for (uint32_t i = 0; i < p->root->nfiles; i++) {
		const ast_list *ds = &p->root->files[i]->decls;
		for (uint32_t j = 0; j < ds->len; j++) {
			const ast_node *env = ds->items[j];
			if (env->kind != AST_ENV || env == p->env)
				continue;
			const ast_list *body = &env->u.decl.members;
			for (uint32_t k = 0; k < body->len; k++) {
				const ast_node *a = body->items[k];
				if (a->kind != AST_ASSIGN)
					continue;
				binding *b =
					scope_lookup_here(p->root->scope, a->u.binding.name.name);
				if (!b || b->kind != BIND_PARAM)
					continue;
				value *v =
					eval_expr(ev, p->root->file_scopes[i], a->u.binding.value);
				char *path = arena_printf(
					p->arena, "%s (env %s)", b->name, env->u.decl.name.name);
				conform(ev, b->env, b->decl->u.binding.type, v, path);
			}
		}
	}
}

int program_check(program *p)
{
	size_t errors = p->diags->errors;
	eval_ctx *ev = p->ev;
	if (program_check_inputs(p) != 0)
		return -1;
	/* Every declaration of the root module, whether used or not: check
	 * means every error. Forcing is not a use. */
	scope *ms = p->root->scope;
	for (uint32_t i = 0; i < ms->len; i++) {
		binding *b = ms->items[i];
		int used = b->used;
		eval_binding(ev, b, b->def);
		b->used = used;
	}
	check_env_overrides(p);
	program_outputs(p);
	/* Every component is evaluated: the graph checks below need no
	 * new ones (code generation may finish its part meanwhile). */
	if (p->components_ready)
		p->components_ready(p->components_ready_data, p->components, p->ncomponents, 1);
	if (p->diags->errors == errors)
		program_crd_edges(p);
	if (p->diags->errors == errors)
		graph_check(p->graph, p->diags);
	/* Unused imports and parameters. */
	for (uint32_t f = 0; f < p->root->nfiles; f++) {
		scope *fs = p->root->file_scopes[f];
		for (uint32_t i = 0; i < fs->len; i++)
			if (fs->items[i]->kind == BIND_IMPORT && !fs->items[i]->used) {
				diagnostic *w = diag_warning(p->diags, "W0101", fs->items[i]->def,
					"unused import '%s'", fs->items[i]->name);
				diag_add_hint(p->diags, w, "remove the import");
			}
	}
	for (uint32_t i = 0; i < ms->len; i++) {
		binding *b = ms->items[i];
		if (b->kind == BIND_PARAM && !b->used && !is_generator_param(b->name))
			diag_warning(
				p->diags, "W0102", b->def, "parameter '%s' is never used", b->name);
	}
	return p->diags->errors > errors ? -1 : 0;
}

int is_generator_param(const char *name)
{
	/* The root module's parameters that the code generators read
	 * (docs/build.md, "Build settings"): used even when no expression
	 * names them. */
	static const char *const params[] = { "gitops_repo", "argocd_project", "argocd_prune",
		"argocd_self_heal", "argocd_create_namespace", "preinstalled_crds" };
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		if (strcmp(name, params[i]) == 0)
			return 1;
	return 0;
}

value *program_eval_text(program *p, const char *text)
{
	eval_ctx *ev = p->ev;
	const src_file *f = src_map_add(p->sources, "<expr>", text, strlen(text));
	const ast_node *e = parse_expression(p->arena, f, p->diags);
	if (!e)
		return NULL;
	/* The root stacks are visible by name as their outputs, so that
	 * `stackc eval . platform.url` works. */
	scope *s = scope_new(ev,
		p->root->file_scopes && p->root->nfiles ? p->root->file_scopes[0] : p->root->scope);
	uint32_t n;
	binding **stacks = root_stacks(p, &n);
	value *outs = program_outputs(p);
	if (!outs)
		return NULL;
	for (uint32_t i = 0; i < n; i++)
		scope_local(
			s, stacks[i]->name, vmap_get(outs->u.map, stacks[i]->name), stacks[i]->def);
	return eval_expr(ev, s, e);
}

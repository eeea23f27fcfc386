/* terraform.c - the Terraform backend: std/terraform components as
 * Terraform JSON configuration (*.tf.json).
 *
 * Runs after evaluation, beside the Kubernetes and Argo CD backends (see
 * codegen.h). Every component of kind std/terraform.module or
 * std/terraform.resources becomes one root module of its own,
 *
 *   ENV/STACK/terraform/COMPONENT/main.tf.json
 *
 * which the runtime runs with the terraform or tofu CLI. The component's
 * record is rebuilt as a value tree in Terraform's JSON shapes and
 * written by value_write_json() (keys in insertion order, two-space
 * indentation, a trailing newline, one canonical form per number).
 *
 * Three kinds of leaves need care on the way (docs/stdlib-modules.md,
 * section 4, "What the generator writes"):
 *
 *   strings   Terraform reads a JSON string in an expression position
 *             as a template: "${...}" and "%{...}" would be evaluated
 *             (template injection, reliability.md decision 8). There
 *             they are escaped as "$${" and "%%{", in values and in
 *             object keys alike (Terraform templates keys of an object
 *             expression too). Positions Terraform reads literally
 *             (the terraform block, variable declarations, descriptions,
 *             module source and version) are written unchanged: an
 *             escape there would survive as two characters.
 *   secrets   never written: each becomes a sensitive input variable of
 *             the generated root module, referred to as "${var.NAME}";
 *             the runtime supplies the value as TF_VAR_NAME.
 *   unknowns  a value known only after apply of another component cannot
 *             be written into this file: an error, or with
 *             --allow-unknown a visible placeholder string.
 *
 * Errors (docs/diagnostics.md), each at the key where the value was set
 * when the user wrote one, else at the component's name:
 *
 *   E0711  a value known only after apply, without --allow-unknown
 *   E0712  a secret in a position Terraform reads literally
 *   E0713  a block label or declared name that is not a Terraform name,
 *          or a module input named like a reserved meta-argument
 *   E0714  a value that cannot be written as JSON (function, schema,
 *          too deep, non-finite number, invalid UTF-8)
 *   E0715  two components whose output files would be the same
 *
 * This file: the blocks, the two kinds and the files; tf_convert.c
 * converts values (escaping, secrets, unknowns, names).
 */
#include "codegen.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "../eval/value_codec.h"
#include "tf_internal.h"
#include "tf_local.h"

#define TF_KIND_MODULE "std/terraform.module"
#define TF_KIND_RESOURCES "std/terraform.resources"

/* ---- blocks ----------------------------------------------------------- */

/* Literal arguments per block type (platforms.md 3.4). Arguments that
 * are references (provider, depends_on, lifecycle.ignore_changes) are
 * parsed as traversals, not templates; escaping leaves a valid reference
 * unchanged, so they need no entry. */
static const char *const tf_module_literal[] = { "source", "version", NULL };
static const char *const tf_output_literal[] = { "description", "sensitive", NULL };
static const char *const tf_provider_literal[] = { "alias", "version", NULL };
/* A variable declaration is literal throughout (its default is a JSON
 * value whose strings Terraform never templates), except the conditions
 * and messages of its validation blocks. */
static const char *const tf_variable_literal[] = { "type", "default", "description", "sensitive",
	"nullable", "ephemeral", NULL };

/* { NAME: BODY } with NAME checked; `literal` as for tf_convert_body. */
static value *tf_named_blocks(
	tf_gen *g, const value *v, const char *field, const char *what, const char *const *literal)
{
	/* Conforming lets a value known after apply stand for any type, so
	 * a map of blocks may be one: reported, or a placeholder. */
	if (v->kind != VAL_MAP)
		return tf_convert_field(g, v, field, TF_EXPR);
	tf_mark saved = tf_push_key(g, g->rec, field);
	vmap *out = vmap_new(g->c->arena);
	const vmap *m = v->u.map;
	for (uint32_t i = 0; i < m->len; i++) {
		tf_check_name(g, m, m->keys[i], what);
		tf_mark s2 = tf_push_key(g, m, m->keys[i]);
		value *body;
		if (m->vals[i]->kind == VAL_LIST) {
			/* Several configurations of one provider (with alias). */
			uint32_t n = m->vals[i]->u.list.len;
			value **items = arena_alloc_array(g->c->arena, n ? n : 1, sizeof(*items));
			for (uint32_t j = 0; j < n; j++) {
				tf_mark s3 = tf_push_index(g, j);
				items[j] = tf_convert_body(g, m->vals[i]->u.list.items[j], literal);
				tf_pop(g, s3);
				if (!items[j])
					items[j] = tf_map_value(g, vmap_new(g->c->arena));
			}
			body = value_list(g->c->arena, items, n, m->vals[i]->origin);
		} else {
			body = tf_convert_body(g, m->vals[i], literal);
		}
		tf_pop(g, s2);
		if (body)
			tf_set(g, out, m->keys[i], body);
	}
	tf_pop(g, saved);
	return tf_map_value(g, out);
}

/* { TYPE: { NAME: BODY } } for resource and data. */
static value *tf_typed_blocks(tf_gen *g, const value *v, const char *field, const char *what)
{
	static const char *const none[] = { NULL };
	if (v->kind != VAL_MAP) /* known after apply, as in tf_named_blocks */
		return tf_convert_field(g, v, field, TF_EXPR);
	tf_mark saved = tf_push_key(g, g->rec, field);
	vmap *out = vmap_new(g->c->arena);
	const vmap *types = v->u.map;
	for (uint32_t i = 0; i < types->len; i++) {
		tf_check_name(g, types, types->keys[i], arena_printf(g->c->arena, "%s type", what));
		tf_mark s2 = tf_push_key(g, types, types->keys[i]);
		if (types->vals[i]->kind != VAL_MAP) {
			value *blocks = tf_convert(g, types->vals[i], TF_EXPR);
			tf_pop(g, s2);
			if (blocks)
				tf_set(g, out, types->keys[i], blocks);
			continue;
		}
		const vmap *names = types->vals[i]->u.map;
		vmap *by_name = vmap_new(g->c->arena);
		for (uint32_t j = 0; j < names->len; j++) {
			tf_check_name(g, names, names->keys[j],
				arena_printf(g->c->arena, "%s name", what));
			tf_mark s3 = tf_push_key(g, names, names->keys[j]);
			value *body = tf_convert_body(g, names->vals[j], none);
			tf_pop(g, s3);
			if (body)
				tf_set(g, by_name, names->keys[j], body);
		}
		tf_pop(g, s2);
		tf_set(g, out, types->keys[i], tf_map_value(g, by_name));
	}
	tf_pop(g, saved);
	return tf_map_value(g, out);
}

/* ---- the two kinds ---------------------------------------------------- */

static void tf_comment(tf_gen *g, vmap *root)
{
	/* "//" is a comment in any block body of Terraform JSON, the root
	 * included. */
	tf_set(g, root, "//",
		tf_str(g,
			arena_printf(g->c->arena, "generated by stackc from %s (%s); do not edit",
				g->pc->path, g->pc->kind)));
}

/* std/terraform.module: one module block named after the component, its
 * inputs as arguments; and one root output, "outputs", holding the whole
 * module object (every output of the module, by name), which the runtime
 * reads with `terraform output -json outputs` to learn the component's
 * `outputs`. The module's output names are not declared anywhere, so a
 * whole-module reference is the only way to export all of them; it is
 * marked sensitive because Terraform refuses a root output that may
 * contain a sensitive module output otherwise. */
static vmap *tf_module(tf_gen *g, const vmap *rec)
{
	vmap *call = vmap_new(g->c->arena);
	const value *v;
	value *arg;

	g->name_skip = 0;
	if ((v = tf_field(rec, "source")) && (arg = tf_convert_field(g, v, "source", TF_LITERAL))) {
		/* A local directory travels with the output (tf_local.c). */
		if (v->kind == VAL_STRING && tf_is_local_source(v->u.str.ptr)) {
			const char *moved = tf_local_module(g->c, g->pc, v, g->out_dir);
			if (!moved)
				g->failed = 1;
			else
				arg = value_string(g->c->arena, moved, strlen(moved), v->origin);
		}
		tf_set(g, call, "source", arg);
	}
	if ((v = tf_field(rec, "version")) && (arg = tf_convert_field(g, v, "version", TF_LITERAL)))
		tf_set(g, call, "version", arg);
	if ((v = tf_field(rec, "providers")) && !tf_is_empty_map(v) &&
		(arg = tf_convert_field(g, v, "providers", TF_LITERAL)))
		tf_set(g, call, "providers", arg);
	if ((v = tf_field(rec, "inputs")) && v->kind == VAL_MAP) {
		/* Inputs are arguments of the module block itself: the secret
		 * variables are named after the input ("password"), not after
		 * "inputs.password". */
		g->name_skip = strlen("inputs.");
		tf_mark saved = tf_push_key(g, rec, "inputs");
		for (uint32_t i = 0; i < v->u.map->len; i++) {
			const char *key = v->u.map->keys[i];
			if (tf_check_name(g, v->u.map, key, "module input name") == 0 &&
				tf_reserved_var_name(key))
				tf_report_reserved(g, v->u.map, key);
			tf_mark s2 = tf_push_key(g, v->u.map, key);
			arg = tf_convert(g, v->u.map->vals[i], TF_EXPR);
			tf_pop(g, s2);
			if (arg)
				tf_set(g, call, key, arg);
		}
		tf_pop(g, saved);
		g->name_skip = 0;
	} else if (v) {
		/* An unknown `inputs` (the whole map from another component). */
		if ((arg = tf_convert_field(g, v, "inputs", TF_EXPR)))
			tf_set(g, call, "inputs", arg);
	}

	vmap *modules = vmap_new(g->c->arena);
	tf_set(g, modules, g->pc->name, tf_map_value(g, call));

	vmap *out = vmap_new(g->c->arena);
	tf_set(g, out, "value", tf_str(g, arena_printf(g->c->arena, "${module.%s}", g->pc->name)));
	tf_set(g, out, "sensitive", value_bool(g->c->arena, 1, tf_no_span()));
	tf_set(g, out, "description", tf_str(g, "every output of the module, by name (stackc)"));
	vmap *outputs = vmap_new(g->c->arena);
	tf_set(g, outputs, "outputs", tf_map_value(g, out));

	vmap *root = vmap_new(g->c->arena);
	tf_comment(g, root);
	if (g->secret_vars->len)
		tf_set(g, root, "variable", tf_map_value(g, g->secret_vars));
	tf_set(g, root, "module", tf_map_value(g, modules));
	tf_set(g, root, "output", tf_map_value(g, outputs));
	return root;
}

/* Mark output declarations whose value holds a generated secret variable
 * as sensitive, unless the user said otherwise: Terraform refuses a root
 * output that refers to a sensitive value without it. */
static void tf_outputs_sensitive(tf_gen *g, const value *decls, value *converted)
{
	if (!converted || decls->kind != VAL_MAP || converted->kind != VAL_MAP)
		return;
	const vmap *in = decls->u.map;
	vmap *out = converted->u.map;
	for (uint32_t i = 0; i < in->len; i++) {
		const value *body = in->vals[i];
		value *conv = vmap_get(out, in->keys[i]);
		if (!conv || body->kind != VAL_MAP || conv->kind != VAL_MAP)
			continue;
		const value *val = vmap_get(body->u.map, "value");
		if (val && value_contains_secret(val) && !vmap_get(body->u.map, "sensitive"))
			tf_set(g, conv->u.map, "sensitive",
				value_bool(g->c->arena, 1, tf_no_span()));
	}
}

/* std/terraform.resources: each field is the top-level block of the same
 * name, in the order of platforms.md 3.3; empty blocks are left out. */
static vmap *tf_resources(tf_gen *g, const vmap *rec)
{
	const value *v;
	value *blk;
	vmap *tf = vmap_new(g->c->arena);

	g->name_skip = 0;
	if ((v = tf_field(rec, "variable")) && v->kind == VAL_MAP)
		g->user_vars = v->u.map;

	/* The terraform block is read before anything is evaluated:
	 * everything in it is literal. */
	if ((v = tf_field(rec, "required_version")))
		if ((blk = tf_convert_field(g, v, "required_version", TF_LITERAL)))
			tf_set(g, tf, "required_version", blk);
	if ((v = tf_field(rec, "required_providers")) && !tf_is_empty_map(v)) {
		for (uint32_t i = 0; v->kind == VAL_MAP && i < v->u.map->len; i++) {
			tf_mark saved = tf_push_key(g, rec, "required_providers");
			tf_check_name(g, v->u.map, v->u.map->keys[i], "provider name");
			tf_pop(g, saved);
		}
		if ((blk = tf_convert_field(g, v, "required_providers", TF_LITERAL)))
			tf_set(g, tf, "required_providers", blk);
	}
	if ((v = tf_field(rec, "backend")) && !tf_is_empty_map(v)) {
		for (uint32_t i = 0; v->kind == VAL_MAP && i < v->u.map->len; i++) {
			tf_mark saved = tf_push_key(g, rec, "backend");
			tf_check_name(g, v->u.map, v->u.map->keys[i], "backend type");
			tf_pop(g, saved);
		}
		if ((blk = tf_convert_field(g, v, "backend", TF_LITERAL)))
			tf_set(g, tf, "backend", blk);
	}

	vmap *root = vmap_new(g->c->arena);
	tf_comment(g, root);
	if (tf->len)
		tf_set(g, root, "terraform", tf_map_value(g, tf));

	/* Converted in file order; the variable block, which collects the
	 * generated secret variables, is put in place once all are known. */
	value *provider = NULL, *variable = NULL, *locals = NULL, *data = NULL, *resource = NULL,
	      *modules = NULL, *output = NULL;
	if ((v = tf_field(rec, "provider")) && !tf_is_empty_map(v))
		provider = tf_named_blocks(g, v, "provider", "provider name", tf_provider_literal);
	if ((v = tf_field(rec, "variable")) && !tf_is_empty_map(v))
		variable = tf_named_blocks(g, v, "variable", "variable name", tf_variable_literal);
	if ((v = tf_field(rec, "locals")) && !tf_is_empty_map(v)) {
		for (uint32_t i = 0; v->kind == VAL_MAP && i < v->u.map->len; i++) {
			tf_mark saved = tf_push_key(g, rec, "locals");
			tf_check_name(g, v->u.map, v->u.map->keys[i], "local value name");
			tf_pop(g, saved);
		}
		locals = tf_convert_field(g, v, "locals", TF_EXPR);
	}
	if ((v = tf_field(rec, "data")) && !tf_is_empty_map(v))
		data = tf_typed_blocks(g, v, "data", "data source");
	if ((v = tf_field(rec, "resource")) && !tf_is_empty_map(v))
		resource = tf_typed_blocks(g, v, "resource", "resource");
	if ((v = tf_field(rec, "module")) && !tf_is_empty_map(v))
		modules = tf_named_blocks(g, v, "module", "module name", tf_module_literal);
	if ((v = tf_field(rec, "output")) && !tf_is_empty_map(v)) {
		output = tf_named_blocks(g, v, "output", "output name", tf_output_literal);
		tf_outputs_sensitive(g, v, output);
	}

	if (provider)
		tf_set(g, root, "provider", provider);
	if (variable && variable->kind != VAL_MAP && !g->secret_vars->len) {
		/* A placeholder (--allow-unknown) for the whole block. */
		tf_set(g, root, "variable", variable);
	} else if (variable || g->secret_vars->len) {
		vmap *all = variable && variable->kind == VAL_MAP ?
			vmap_copy(g->c->arena, variable->u.map) :
			vmap_new(g->c->arena);
		for (uint32_t i = 0; i < g->secret_vars->len; i++)
			tf_set(g, all, g->secret_vars->keys[i], g->secret_vars->vals[i]);
		tf_set(g, root, "variable", tf_map_value(g, all));
	}
	if (locals)
		tf_set(g, root, "locals", locals);
	if (data)
		tf_set(g, root, "data", data);
	if (resource)
		tf_set(g, root, "resource", resource);
	if (modules)
		tf_set(g, root, "module", modules);
	if (output)
		tf_set(g, root, "output", output);
	return root;
}

/* ---- files ------------------------------------------------------------ */

/* One path segment from a name: lower case, '_' as '-', anything else
 * outside [a-z0-9.-] as '-' (codegen.h: paths use only [a-z0-9._-]).
 * Identifiers differing only in case map to one segment; cg_terraform
 * reports that collision rather than overwrite a file. */
static void tf_add_segment(strbuf *sb, const char *s)
{
	for (; *s; s++) {
		char ch = *s;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
				 ch == '-'))
			ch = '-';
		strbuf_addch(sb, ch);
	}
}

/* ENV/STACK/terraform/COMPONENT/main.tf.json. COMPONENT is the path
 * below the stack ("database", or "infra.database" for a component of a
 * nested stack instance), so two components of the same name in
 * different instances get different directories. */
static const char *tf_file_path(cg_ctx *c, const program_component *pc)
{
	strbuf sb;
	strbuf_init(&sb);
	tf_add_segment(&sb, c->env);
	strbuf_addch(&sb, '/');
	tf_add_segment(&sb, pc->stack);
	strbuf_adds(&sb, "/terraform/");
	size_t slen = strlen(pc->stack);
	const char *below = strncmp(pc->path, pc->stack, slen) == 0 && pc->path[slen] == '.' ?
		pc->path + slen + 1 :
		pc->name;
	tf_add_segment(&sb, below);
	strbuf_adds(&sb, "/main.tf.json");
	const char *path = arena_strndup(c->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return path;
}

static int tf_component(cg_ctx *c, const program_component *pc, int is_module)
{
	assert(pc->val && pc->val->kind == VAL_MAP);
	tf_gen g;
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.pc = pc;
	g.secret_vars = vmap_new(c->arena);
	g.rec = pc->val->u.map;
	strbuf_init(&g.path);
	const char *path = tf_file_path(c, pc);
	g.out_dir = arena_strndup(c->arena, path, strlen(path) - strlen("/main.tf.json"));
	/* Before anything is added under out_dir (a local module's copy). */
	for (uint32_t i = 0; i < c->nfiles; i++) {
		if (strcmp(c->files[i].path, path) == 0) {
			diag_error(c->diags, "E0715", pc->decl,
				"component '%s' would be written to '%s', like another component "
				"whose name differs only in case",
				pc->path, path);
			strbuf_release(&g.path);
			return -1;
		}
	}

	/* A failed component adds no file, not even its local module's. */
	uint32_t mark = c->nfiles;
	vmap *root = is_module ? tf_module(&g, pc->val->u.map) : tf_resources(&g, pc->val->u.map);
	strbuf_release(&g.path);
	if (g.failed) {
		c->nfiles = mark;
		return -1;
	}

	strbuf out, err;
	strbuf_init(&out);
	strbuf_init(&err);
	int rc = 0;
	if (value_write_json(tf_map_value(&g, root), 1, &out, &err) < 0) {
		/* Invalid UTF-8 or a non-finite number: the path in the
		 * message is the position in the generated file. */
		diag_error(c->diags, "E0714", pc->decl,
			"component '%s' cannot be written as Terraform JSON: %s", pc->path,
			err.buf);
		c->nfiles = mark;
		rc = -1;
	} else {
		cg_add_file(c, "terraform", path, out.buf, out.len);
	}
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}

int cg_terraform(cg_ctx *c)
{
	int rc = 0;
	for (uint32_t i = 0; i < c->prog->ncomponents; i++) {
		const program_component *pc = &c->prog->components[i];
		if (!pc->kind)
			continue;
		int is_module = strcmp(pc->kind, TF_KIND_MODULE) == 0;
		if (!is_module && strcmp(pc->kind, TF_KIND_RESOURCES) != 0)
			continue;
		if (tf_component(c, pc, is_module) < 0)
			rc = -1;
	}
	return rc;
}

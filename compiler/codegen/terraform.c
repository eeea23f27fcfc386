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
 */
#include "codegen.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "../eval/value_codec.h"
#include "tf_local.h"

#define TF_KIND_MODULE "std/terraform.module"
#define TF_KIND_RESOURCES "std/terraform.resources"

/* Nesting limit of the walk over a component's value, as for every
 * recursive walker (reliability.md decision 17). Evaluated values are
 * bounded already; this keeps the C stack safe whatever built them. */
#define TF_MAX_DEPTH 256

/* How Terraform reads a position of the configuration. */
typedef enum tf_pos {
	TF_EXPR,    /* an expression: strings are templates */
	TF_LITERAL, /* taken as it is written: no templates, no references */
} tf_pos;

/* The state of one component's conversion. */
typedef struct tf_gen {
	cg_ctx *c;
	const program_component *pc;
	/* The generated sensitive variables, in the order their secrets were
	 * found, and the user's own variable declarations (resources), whose
	 * names the generated ones must not take. */
	vmap *secret_vars;
	const vmap *user_vars;
	const vmap *rec; /* the component's record */
	/* Path of the value being converted, inside the component's record
	 * ("inputs.password"), for messages and variable names. */
	strbuf path;
	/* Where the innermost key on the path was written, when the user
	 * wrote it (a schema default has no such place): diagnostics point
	 * there, or at the component's name. Pointing at the key, not the
	 * value, keeps a secret's literal text out of the excerpt. */
	src_span at;
	/* How many leading bytes of `path` to leave out of a generated
	 * variable's name ("inputs." for a module: the variable is named
	 * after the input). */
	size_t name_skip;
	int depth;
	int failed;
	const char *out_dir; /* directory of the component's main.tf.json */
} tf_gen;

static value *tf_convert(tf_gen *g, const value *v, tf_pos pos);

/* ---- small helpers ---------------------------------------------------- */

static src_span tf_no_span(void)
{
	src_span s = { 0, 0, 0 };
	return s;
}

static value *tf_str(tf_gen *g, const char *s)
{
	return value_string(g->c->arena, s, strlen(s), tf_no_span());
}

static void tf_set(tf_gen *g, vmap *m, const char *key, value *v)
{
	vmap_set(g->c->arena, m, key, v, tf_no_span());
}

static value *tf_map_value(tf_gen *g, vmap *m)
{
	return value_map(g->c->arena, m, tf_no_span());
}

/* A field of the component's record; NULL when absent or null (optional
 * fields that were not set are absent, but an explicit null means the
 * same to Terraform). */
static const value *tf_field(const vmap *rec, const char *name)
{
	const value *v = vmap_get(rec, name);
	return v && v->kind != VAL_NULL ? v : NULL;
}

static int tf_is_empty_map(const value *v)
{
	return !v || (v->kind == VAL_MAP && v->u.map->len == 0);
}

/* A position on the path, to return to. */
typedef struct tf_mark {
	size_t len;
	src_span at;
} tf_mark;

/* Path steps, in the form messages use: .key for identifier-like keys,
 * ["key"] for others, [i] for list items. A key step also moves g->at
 * to where `m` (the map holding the key) says the key was set. */
static tf_mark tf_push_key(tf_gen *g, const vmap *m, const char *key)
{
	tf_mark saved = { g->path.len, g->at };
	long pos = m && m->key_spans ? vmap_find(m, key) : -1;
	if (pos >= 0 && m->key_spans[pos].file)
		g->at = m->key_spans[pos];
	int ident = *key != '\0';
	for (const char *p = key; *p && ident; p++) {
		unsigned char ch = (unsigned char)*p;
		ident = ch == '_' || ch == '-' || (ch >= '0' && ch <= '9') ||
			(ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
	}
	if (ident) {
		if (g->path.len)
			strbuf_addch(&g->path, '.');
		strbuf_adds(&g->path, key);
	} else {
		strbuf_adds(&g->path, "[\"");
		for (const char *p = key; *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_addch(&g->path, '\\');
			strbuf_addch(&g->path, (unsigned char)*p < 0x20 ? '?' : *p);
		}
		strbuf_adds(&g->path, "\"]");
	}
	return saved;
}

static tf_mark tf_push_index(tf_gen *g, uint32_t i)
{
	tf_mark saved = { g->path.len, g->at };
	strbuf_addf(&g->path, "[%lu]", (unsigned long)i);
	return saved;
}

static void tf_pop(tf_gen *g, tf_mark saved)
{
	strbuf_setlen(&g->path, saved.len);
	g->at = saved.at;
}

/* Where to report a problem at the current position: the key the user
 * wrote, else the component's name. Diagnostics with the same code at
 * the same place are merged (diag.h), so the key's own place also keeps
 * two problems of one component apart. */
static src_span tf_where(const tf_gen *g)
{
	if (!g->at.file)
		return g->pc->decl;
	const src_file *f = src_map_get(g->c->prog->sources, g->at.file);
	if (!f || strncmp(f->name, "std/", 4) == 0)
		return g->pc->decl;
	return g->at;
}

static const char *tf_path_or_root(const tf_gen *g)
{
	return g->path.len ? g->path.buf : "(the component)";
}

/* Report an error at `at` about the component being converted. When
 * `at` is not the component's name, a note points there too, as the
 * Kubernetes backend does. */
static diagnostic *tf_report(tf_gen *g, const char *code, src_span at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static diagnostic *tf_report(tf_gen *g, const char *code, src_span at, const char *fmt, ...)
{
	strbuf msg;
	strbuf_init(&msg);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diagnostic *d = diag_error(g->c->diags, code, at, "%s", msg.buf);
	strbuf_release(&msg);
	if (at.file != g->pc->decl.file || at.start != g->pc->decl.start)
		diag_add_note(g->c->diags, d, g->pc->decl, "component '%s' is declared here",
			g->pc->path);
	g->failed = 1;
	return d;
}

/* Is `s` a Terraform identifier (block labels, variable and output
 * names)? HCL allows letters, digits, '_' and '-', not starting with a
 * digit or '-'. HCL also takes non-ASCII letters; bytes >= 0x80 are let
 * through rather than decoding Unicode classes here: Terraform itself
 * judges those, and nothing we accept can open a template. */
static int tf_valid_name(const char *s)
{
	unsigned char first = (unsigned char)s[0];
	if (!(first == '_' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') ||
		    first >= 0x80))
		return 0;
	for (const char *p = s + 1; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (!(ch == '_' || ch == '-' || (ch >= '0' && ch <= '9') ||
			    (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80))
			return 0;
	}
	return 1;
}

/* A block label or declared name, a key of `m` (the map at g->path):
 * report it unless it is a Terraform identifier. `what` says which
 * ("resource name", "variable name"). */
static int tf_check_name(tf_gen *g, const vmap *m, const char *name, const char *what)
{
	if (tf_valid_name(name))
		return 0;
	tf_mark saved = tf_push_key(g, m, name);
	src_span at = tf_where(g);
	tf_pop(g, saved);
	diagnostic *d = tf_report(g, "E0713", at,
		"%s '%s' in '%s' of component '%s' is not a Terraform name", what, name,
		tf_path_or_root(g), g->pc->path);
	diag_add_hint(g->c->diags, d,
		"Terraform names are letters, digits, '_' and '-', starting with a letter or '_'");
	return -1;
}

/* Names Terraform refuses for a variable (its meta-arguments). */
static int tf_reserved_var_name(const char *name)
{
	static const char *const reserved[] = { "source", "version", "providers", "count",
		"for_each", "lifecycle", "depends_on", "locals", NULL };
	for (const char *const *r = reserved; *r; r++)
		if (strcmp(name, *r) == 0)
			return 1;
	return 0;
}

/* A module input named like a meta-argument: the module can have no such
 * variable, and Terraform would read the argument as the meta-argument.
 * (std/terraform's own check covers source, version, providers, count,
 * for_each and depends_on; this catches the rest.) */
static void tf_report_reserved(tf_gen *g, const vmap *m, const char *name)
{
	tf_mark saved = tf_push_key(g, m, name);
	src_span at = tf_where(g);
	tf_pop(g, saved);
	tf_report(g, "E0713", at,
		"module input name '%s' in '%s' of component '%s' is reserved by Terraform", name,
		tf_path_or_root(g), g->pc->path);
}

/* ---- leaves ----------------------------------------------------------- */

/* "$${" for "${" and "%%{" for "%{": the escapes of Terraform's template
 * syntax. Every other byte, a lone '$' or '%' included, is literal in a
 * template already. The escape is injective, so two distinct keys stay
 * distinct. */
static value *tf_escape(tf_gen *g, const char *s, size_t len, src_span origin)
{
	if (!memchr(s, '{', len))
		return value_string(g->c->arena, s, len, origin);
	strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < len; i++) {
		if ((s[i] == '$' || s[i] == '%') && i + 1 < len && s[i + 1] == '{')
			strbuf_addch(&sb, s[i]);
		strbuf_addch(&sb, s[i]);
	}
	value *v = value_string(g->c->arena, sb.buf, sb.len, origin);
	strbuf_release(&sb);
	return v;
}

static const char *tf_escape_key(tf_gen *g, const char *key, tf_pos pos)
{
	if (pos == TF_LITERAL || (!strstr(key, "${") && !strstr(key, "%{")))
		return key;
	return tf_escape(g, key, strlen(key), tf_no_span())->u.str.ptr;
}

/* The name of the variable that carries the secret at g->path: the path
 * (less name_skip) with every character other than letters, digits and
 * '_' turned into '_', so that TF_VAR_NAME is a portable environment
 * variable name; "_" in front of a leading digit; "_2", "_3"... after a
 * name already taken or reserved. Deterministic: the walk order is the
 * record's. */
static const char *tf_secret_var_name(tf_gen *g)
{
	const char *p = g->path.buf + (g->name_skip <= g->path.len ? g->name_skip : g->path.len);
	strbuf sb;
	strbuf_init(&sb);
	if (*p >= '0' && *p <= '9')
		strbuf_addch(&sb, '_');
	for (; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		int keep = ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
			(ch >= 'A' && ch <= 'Z');
		if (keep)
			strbuf_addch(&sb, (char)ch);
		else if (sb.len && sb.buf[sb.len - 1] != '_')
			strbuf_addch(&sb, '_'); /* one '_' per run: a["b"] is a_b */
	}
	while (sb.len > 1 && sb.buf[sb.len - 1] == '_')
		strbuf_setlen(&sb, sb.len - 1);
	if (sb.len == 0)
		strbuf_adds(&sb, "secret");
	size_t base = sb.len;
	for (unsigned n = 2;; n++) {
		int taken = vmap_find(g->secret_vars, sb.buf) >= 0 ||
			(g->user_vars && vmap_find(g->user_vars, sb.buf) >= 0) ||
			tf_reserved_var_name(sb.buf);
		if (!taken)
			break;
		strbuf_setlen(&sb, base);
		strbuf_addf(&sb, "_%u", n);
	}
	const char *name = arena_strndup(g->c->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return name;
}

/* A secret in an expression position: declare a sensitive variable and
 * refer to it. The description records where the value comes from, so
 * the runtime (and a reader) can tell which value to pass as
 * TF_VAR_NAME; it is literal text, never evaluated. */
static value *tf_secret(tf_gen *g, const value *v)
{
	const char *name = tf_secret_var_name(g);
	vmap *decl = vmap_new(g->c->arena);
	tf_set(g, decl, "type", tf_str(g, "string"));
	tf_set(g, decl, "sensitive", value_bool(g->c->arena, 1, tf_no_span()));
	tf_set(g, decl, "description",
		tf_str(g,
			arena_printf(
				g->c->arena, "stackc secret: %s.%s", g->pc->path, g->path.buf)));
	tf_set(g, g->secret_vars, name, tf_map_value(g, decl));
	const char *ref = arena_printf(g->c->arena, "${var.%s}", name);
	return value_string(g->c->arena, ref, strlen(ref), v->origin);
}

static value *tf_unknown(tf_gen *g, const value *v)
{
	const char *producer = v->u.unknown.producer ? v->u.unknown.producer : "?";
	const char *upath = v->u.unknown.path;
	const char *what =
		upath && *upath ? arena_printf(g->c->arena, "%s.%s", producer, upath) : producer;
	if (g->c->allow_unknown)
		return tf_str(g, arena_printf(g->c->arena, "(known after apply: %s)", what));
	diagnostic *d = tf_report(g, "E0711", tf_where(g),
		"'%s' of component '%s' is known only after apply of '%s' (%s)", tf_path_or_root(g),
		g->pc->path, producer, upath && *upath ? upath : "its value");
	/* Point at the expression that made the value too, unless that is
	 * the standard library's known_after_apply() default: the user
	 * wrote nothing there. */
	const src_file *f =
		v->origin.file ? src_map_get(g->c->prog->sources, v->origin.file) : NULL;
	if (f && strncmp(f->name, "std/", 4) != 0)
		diag_add_note(g->c->diags, d, v->origin, "the value '%s' comes from here", what);
	diag_add_hint(g->c->diags, d,
		"run `stackc build --state` after applying '%s', or pass --allow-unknown to "
		"render a placeholder",
		producer);
	return NULL;
}

/* ---- the walk --------------------------------------------------------- */

static value *tf_convert_map(tf_gen *g, const value *v, tf_pos pos)
{
	const vmap *m = v->u.map;
	vmap *out = vmap_new(g->c->arena);
	for (uint32_t i = 0; i < m->len; i++) {
		tf_mark saved = tf_push_key(g, m, m->keys[i]);
		value *item = tf_convert(g, m->vals[i], pos);
		tf_pop(g, saved);
		if (item)
			tf_set(g, out, tf_escape_key(g, m->keys[i], pos), item);
	}
	return value_map(g->c->arena, out, v->origin);
}

static value *tf_convert_list(tf_gen *g, const value *v, tf_pos pos)
{
	uint32_t n = v->u.list.len;
	value **items = arena_alloc_array(g->c->arena, n ? n : 1, sizeof(*items));
	for (uint32_t i = 0; i < n; i++) {
		tf_mark saved = tf_push_index(g, i);
		items[i] = tf_convert(g, v->u.list.items[i], pos);
		tf_pop(g, saved);
		if (!items[i])
			items[i] = value_null(g->c->arena, tf_no_span());
	}
	return value_list(g->c->arena, items, n, v->origin);
}

/* The value to write for `v` at g->path, or NULL after reporting (the
 * caller then leaves the entry out and carries on, so one build reports
 * every problem of the component). */
static value *tf_convert(tf_gen *g, const value *v, tf_pos pos)
{
	switch (v->kind) {
	case VAL_NULL:
	case VAL_BOOL:
	case VAL_INT:
	case VAL_FLOAT:
		return value_with_origin(g->c->arena, v, v->origin);
	case VAL_STRING:
		if (pos == TF_EXPR)
			return tf_escape(g, v->u.str.ptr, v->u.str.len, v->origin);
		return value_with_origin(g->c->arena, v, v->origin);
	case VAL_SECRET:
		if (pos == TF_EXPR)
			return tf_secret(g, v);
		diagnostic *d = tf_report(g, "E0712", tf_where(g),
			"'%s' of component '%s' is a secret, and Terraform reads this position "
			"literally: it would be written into the file",
			tf_path_or_root(g), g->pc->path);
		if (strncmp(g->path.buf, "backend.", 8) == 0)
			diag_add_hint(g->c->diags, d,
				"a backend reads its credentials from its own environment "
				"variables or from `terraform init -backend-config`");
		else
			diag_add_hint(g->c->diags, d,
				"a secret can stand where Terraform evaluates expressions: module "
				"inputs, provider, resource and data arguments, locals, output "
				"values");
		return NULL;
	case VAL_UNKNOWN:
		return tf_unknown(g, v);
	case VAL_LIST:
	case VAL_MAP: {
		if (g->depth >= TF_MAX_DEPTH) {
			tf_report(g, "E0714", tf_where(g),
				"'%s' of component '%s' is nested deeper than %d levels",
				tf_path_or_root(g), g->pc->path, TF_MAX_DEPTH);
			return NULL;
		}
		g->depth++;
		value *out = v->kind == VAL_LIST ? tf_convert_list(g, v, pos) :
						   tf_convert_map(g, v, pos);
		g->depth--;
		return out;
	}
	default:
		break;
	}
	tf_report(g, "E0714", tf_where(g),
		"'%s' of component '%s' is a %s, which cannot be written as Terraform JSON",
		tf_path_or_root(g), g->pc->path, value_type_name(v));
	return NULL;
}

/* Convert the field `name` of the record, with the path set to it. */
static value *tf_convert_field(tf_gen *g, const value *v, const char *name, tf_pos pos)
{
	tf_mark saved = tf_push_key(g, g->rec, name);
	value *out = tf_convert(g, v, pos);
	tf_pop(g, saved);
	return out;
}

/* A block body in which some arguments are literal and the rest are
 * expressions: `literal` lists the literal ones, NULL-terminated. */
static value *tf_convert_body(tf_gen *g, const value *body, const char *const *literal)
{
	if (body->kind != VAL_MAP)
		return tf_convert(g, body, TF_EXPR);
	vmap *out = vmap_new(g->c->arena);
	const vmap *m = body->u.map;
	for (uint32_t i = 0; i < m->len; i++) {
		tf_pos pos = TF_EXPR;
		for (const char *const *l = literal; *l; l++)
			if (strcmp(m->keys[i], *l) == 0)
				pos = TF_LITERAL;
		tf_mark saved = tf_push_key(g, m, m->keys[i]);
		value *item = tf_convert(g, m->vals[i], pos);
		tf_pop(g, saved);
		if (item)
			tf_set(g, out, tf_escape_key(g, m->keys[i], pos), item);
	}
	return value_map(g->c->arena, out, body->origin);
}

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

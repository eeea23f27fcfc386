/* tf_convert.c - values into Terraform JSON, for terraform.c: escaping
 * of user strings, secrets as sensitive variables, values known only
 * after apply, names Terraform accepts, and the path of the value being
 * converted for messages (see terraform.c for the rules and errors).
 */
#include <stdarg.h>
#include <string.h>

#include "../eval/value_codec.h"
#include "tf_internal.h"

/* ---- small helpers ---------------------------------------------------- */

src_span tf_no_span(void)
{
	src_span s = { 0, 0, 0 };
	return s;
}

value *tf_str(tf_gen *g, const char *s)
{
	return value_string(g->c->arena, s, strlen(s), tf_no_span());
}

void tf_set(tf_gen *g, vmap *m, const char *key, value *v)
{
	vmap_set(g->c->arena, m, key, v, tf_no_span());
}

value *tf_map_value(tf_gen *g, vmap *m)
{
	return value_map(g->c->arena, m, tf_no_span());
}

/* A field of the component's record; NULL when absent or null (optional
 * fields that were not set are absent, but an explicit null means the
 * same to Terraform). */
const value *tf_field(const vmap *rec, const char *name)
{
	const value *v = vmap_get(rec, name);
	return v && v->kind != VAL_NULL ? v : NULL;
}

int tf_is_empty_map(const value *v)
{
	return !v || (v->kind == VAL_MAP && v->u.map->len == 0);
}

/* Path steps, in the form messages use: .key for identifier-like keys,
 * ["key"] for others, [i] for list items. A key step also moves g->at
 * to where `m` (the map holding the key) says the key was set. */
tf_mark tf_push_key(tf_gen *g, const vmap *m, const char *key)
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

tf_mark tf_push_index(tf_gen *g, uint32_t i)
{
	tf_mark saved = { g->path.len, g->at };
	strbuf_addf(&g->path, "[%lu]", (unsigned long)i);
	return saved;
}

void tf_pop(tf_gen *g, tf_mark saved)
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
int tf_check_name(tf_gen *g, const vmap *m, const char *name, const char *what)
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
int tf_reserved_var_name(const char *name)
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
void tf_report_reserved(tf_gen *g, const vmap *m, const char *name)
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
value *tf_convert(tf_gen *g, const value *v, tf_pos pos)
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
value *tf_convert_field(tf_gen *g, const value *v, const char *name, tf_pos pos)
{
	tf_mark saved = tf_push_key(g, g->rec, name);
	value *out = tf_convert(g, v, pos);
	tf_pop(g, saved);
	return out;
}

/* A block body in which some arguments are literal and the rest are
 * expressions: `literal` lists the literal ones, NULL-terminated. */
value *tf_convert_body(tf_gen *g, const value *body, const char *const *literal)
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

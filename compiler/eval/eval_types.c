/* eval_types.c - checking values against types, and schema instances.
 *
 * conform() is where "a value of this type is expected" happens: for
 * parameters, let annotations, function arguments and results, schema
 * fields. It also performs the conversions the language defines: a map
 * becomes a record of the expected schema (filling defaults, rejecting
 * unknown fields), an int becomes a float, a string becomes a secret.
 *
 * Messages name the path inside the value ("api.env.DB_HOST") and point
 * at the expression that produced the bad value, with a note at the
 * type that was expected.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "eval_internal.h"

/* ---- paths for messages ------------------------------------------------------ */

/* A path is written out only when a message needs it. Building the text
 * of every field's path as conform descends ("platform.api.env.HOME")
 * cost an allocation and a printf per field and per argument, most of
 * the work of checking a record that is fine. */
static void vpath_write(const vpath *p, strbuf *out)
{
	if (p->parent)
		vpath_write(p->parent, out);
	switch (p->form) {
	case VPATH_TEXT:
		strbuf_adds(out, p->a);
		break;
	case VPATH_ARG:
		strbuf_addf(out, "argument '%s' of '%s'", p->a, p->b);
		break;
	case VPATH_RESULT:
		strbuf_addf(out, "result of '%s'", p->a);
		break;
	case VPATH_KEY:
		strbuf_addf(out, ".%s", p->a);
		break;
	case VPATH_INDEX:
		strbuf_addf(out, "[%u]", (unsigned)p->index);
		break;
	}
}

const char *vpath_text(eval_ctx *ev, const vpath *p)
{
	if (!p->parent && p->form == VPATH_TEXT)
		return p->a;
	strbuf sb = STRBUF_INIT;
	vpath_write(p, &sb);
	char *t = arena_strndup(ev->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return t;
}

value *conform(eval_ctx *ev, scope *s, const ast_node *type, value *v, const char *path)
{
	vpath p = { NULL, VPATH_TEXT, path, NULL, 0 };
	return conform_at(ev, s, type, v, &p);
}

value *schema_instantiate(eval_ctx *ev, value *sch, vmap *fields, src_span at, const char *path)
{
	vpath p = { NULL, VPATH_TEXT, path, NULL, 0 };
	return schema_at(ev, sch, fields, at, &p);
}

/* The type as the user wrote it, for messages. */
static const char *type_text(eval_ctx *ev, const ast_node *type)
{
	const src_file *f = src_map_get(ev->prog->sources, type->span.file);
	if (!f)
		return "?";
	return arena_strndup(
		ev->arena, f->text + type->span.start, type->span.end - type->span.start);
}

static value *mismatch(eval_ctx *ev, const ast_node *type, value *v, const vpath *path)
{
	eval_error(ev, v->origin.file ? v->origin : type->span, "E0201",
		"%s: expected %s, found %s", vpath_text(ev, path), type_text(ev, type),
		value_type_name(v));
	if (!ev->quiet && v->origin.file)
		diag_add_note(ev->diags, ev->last, type->span, "the type is declared here");
	return NULL;
}

/* The builtin types, as cached in an AST_TYPE_NAME node. */
enum {
	TYPE_UNRESOLVED = 0, /* not looked at yet */
	TYPE_USER,           /* a name the program defines, or a qualified one */
	TYPE_ANY,
	TYPE_STRING,
	TYPE_INT,
	TYPE_BOOL,
	TYPE_FLOAT,
	TYPE_SECRET,
};

static int builtin_type_code(const char *n)
{
	static const char *const names[] = { "any", "string", "int", "bool", "float", "secret" };
	for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (strcmp(n, names[i]) == 0)
			return TYPE_ANY + i;
	return TYPE_USER;
}

/* Which builtin type a type name means (TYPE_USER if none). A program may
 * define its own `string`; whether it does is a question about the
 * scopes around the place the type is written, and those are lexical:
 * their names never change between evaluations. So the answer is found
 * once per type in the source and kept in its node; conforming a value
 * to `map[any]` was a scope search per entry before. */
static int type_builtin(const ast_node *type, const scope *s)
{
	int code = type->u.type_name.builtin;
	if (code != TYPE_UNRESOLVED)
		return code;
	const ast_node *name = type->u.type_name.name;
	code = TYPE_USER;
	if (name->kind == AST_IDENT && !scope_lookup(s, name->u.ident.name))
		code = builtin_type_code(name->u.ident.name);
	((ast_node *)type)->u.type_name.builtin = code;
	return code;
}

static value *conform_builtin(
	eval_ctx *ev, int code, const ast_node *type, value *v, const vpath *path)
{
	switch (code) {
	case TYPE_ANY:
		return v;
	case TYPE_STRING:
		return v->kind == VAL_STRING || v->kind == VAL_SECRET ? v :
									mismatch(ev, type, v, path);
	case TYPE_INT:
		return v->kind == VAL_INT ? v : mismatch(ev, type, v, path);
	case TYPE_BOOL:
		return v->kind == VAL_BOOL ? v : mismatch(ev, type, v, path);
	case TYPE_FLOAT:
		if (v->kind == VAL_FLOAT)
			return v;
		if (v->kind == VAL_INT)
			return value_float(ev->arena, (double)v->u.integer, v->origin);
		return mismatch(ev, type, v, path);
	default:
		break;
	}
	/* secret: a plain string given where a secret is expected becomes
	 * one; from here on it is never shown. */
	if (v->kind == VAL_SECRET)
		return v;
	if (v->kind == VAL_STRING) {
		value *s = value_with_origin(ev->arena, v, v->origin);
		s->kind = VAL_SECRET;
		return s;
	}
	return mismatch(ev, type, v, path);
}

static value *conform_named(
	eval_ctx *ev, scope *s, const ast_node *type, value *v, const vpath *path)
{
	const ast_node *name = type->u.type_name.name;
	int code = type_builtin(type, s);
	if (code != TYPE_USER)
		return conform_builtin(ev, code, type, v, path);
	int was_quiet = ev->quiet;
	ev->quiet = 0; /* an undefined type name is an error in any case */
	if (name->kind == AST_IDENT && !scope_lookup(s, name->u.ident.name)) {
		static const char *const builtins[] = { "string", "int", "float", "bool", "any",
			"secret" };
		eval_error(ev, name->span, "E0208", "unknown type '%s'", name->u.ident.name);
		const char *sug = suggest_name(name->u.ident.name, builtins, 6);
		if (!sug)
			sug = scope_suggest(s, name->u.ident.name);
		if (sug)
			diag_add_hint(ev->diags, ev->last, "did you mean '%s'?", sug);
		ev->quiet = was_quiet;
		return NULL;
	}
	value *t = eval_expr(ev, s, name);
	ev->quiet = was_quiet;
	if (!t)
		return NULL;
	switch (t->kind) {
	case VAL_TYPE: {
		const ast_node *d = t->u.decl;
		return conform_at(ev, (scope *)t->u.env, d->u.binding.type, v, path);
	}
	case VAL_SCHEMA:
		if (v->kind == VAL_MAP && v->u.map->schema) {
			if (value_equal(v->u.map->schema, t))
				return v;
			return mismatch(ev, type, v, path);
		}
		if (v->kind != VAL_MAP)
			return mismatch(ev, type, v, path);
		return schema_at(ev, t, v->u.map, v->origin, path);
	default:
		return eval_error(ev, name->span, "E0208", "'%s' is not a type: it is %s %s",
			type_text(ev, name),
			strchr("aeiou", value_kind_name(t->kind)[0]) ? "an" : "a",
			value_kind_name(t->kind));
	}
}

static value *conform_generic(
	eval_ctx *ev, scope *s, const ast_node *type, value *v, const vpath *path)
{
	const char *g = type->u.type_generic.name.name;
	const ast_node *arg = type->u.type_generic.args.items[0];
	/* list[any] and map[any] check only the outer kind. */
	int any = arg->kind == AST_TYPE_NAME && type_builtin(arg, s) == TYPE_ANY;
	/* The first byte before strcmp: every value checked against a
	 * list or map type comes here. */
	if (g[0] == 'l' && strcmp(g, "list") == 0) {
		if (v->kind != VAL_LIST)
			return mismatch(ev, type, v, path);
		if (any)
			return v;
		value **items = NULL;
		for (uint32_t i = 0; i < v->u.list.len; i++) {
			vpath p = { path, VPATH_INDEX, NULL, NULL, i };
			value *c = conform_at(ev, s, arg, v->u.list.items[i], &p);
			if (!c)
				return NULL;
			if (c != v->u.list.items[i] && !items) {
				items = arena_alloc_array(
					ev->arena, v->u.list.len, sizeof(value *));
				memcpy(items, v->u.list.items, v->u.list.len * sizeof(value *));
			}
			if (items)
				items[i] = c;
		}
		return items ? value_list(ev->arena, items, v->u.list.len, v->origin) : v;
	}
	if (g[0] == 'm' && strcmp(g, "map") == 0) {
		if (v->kind != VAL_MAP || v->u.map->schema)
			return mismatch(ev, type, v, path);
		if (any)
			return v;
		vmap *out = NULL;
		const vmap *m = v->u.map;
		for (uint32_t i = 0; i < m->len; i++) {
			vpath p = { path, VPATH_KEY, m->keys[i], NULL, 0 };
			value *c = conform_at(ev, s, arg, m->vals[i], &p);
			if (!c)
				return NULL;
			if (c != m->vals[i] && !out)
				out = vmap_copy(ev->arena, m);
			if (out)
				out->vals[i] = c;
		}
		return out ? value_map(ev->arena, out, v->origin) : v;
	}
	return eval_error(ev, type->u.type_generic.name.span, "E0208",
		"unknown type '%s': the generic types are list[T] and map[T]", g);
}

static value *conform_range(
	eval_ctx *ev, scope *s, const ast_node *type, value *v, const vpath *path)
{
	const char *base = type->u.type_range.base.name;
	if (strcmp(base, "int") != 0 && strcmp(base, "float") != 0)
		return eval_error(
			ev, type->span, "E0208", "a range refines int or float, not '%s'", base);
	v = conform_builtin(ev, builtin_type_code(base), type, v, path);
	if (!v)
		return NULL;
	value *lo = type->u.type_range.lo ? eval_expr(ev, s, type->u.type_range.lo) : NULL;
	value *hi = type->u.type_range.hi ? eval_expr(ev, s, type->u.type_range.hi) : NULL;
	int below = lo && value_compare(v, lo) < 0;
	int above = hi && value_compare(v, hi) > 0;
	if (below || above) {
		strbuf d = STRBUF_INIT;
		value_describe(v, &d);
		eval_error(ev, v->origin.file ? v->origin : type->span, "E0202",
			"%s: %s is out of range: expected %s", vpath_text(ev, path), d.buf,
			type_text(ev, type));
		strbuf_release(&d);
		if (!ev->quiet && v->origin.file)
			diag_add_note(
				ev->diags, ev->last, type->span, "the range is declared here");
		return NULL;
	}
	return v;
}

/* How many recent short subjects a pattern remembers the answer for. */
#define REGEX_MEMO 4
#define REGEX_MEMO_LEN 24

/* One compiled pattern, and the match data sized for it. */
typedef struct regex_entry {
	pcre2_code *re;
	pcre2_match_data *md;
	const char *pattern; /* its text */
	size_t len;
	uint32_t number; /* its place in regex_cache.list, from 1 */
	/* The last few short strings matched, with the answers: a label
	 * value or a quantity ("backend", "128Mi") is the same on most
	 * services of a platform, and comparing it costs a tenth of a
	 * match. Copies, not pointers: a region's memory is reused. */
	struct {
		char text[REGEX_MEMO_LEN];
		uint32_t len; /* 0: empty slot (an empty string is not kept) */
		int match;
	} memo[REGEX_MEMO];
	unsigned memo_next;
} regex_entry;

struct regex_cache {
	map by_text; /* pattern text -> regex_entry (in the arena) */
	pcre2_match_context *mc;
	/* Every entry by number: a type node remembers its entry's number
	 * in eval_cache, so a pattern checked for every object's name is
	 * not hashed again each time. */
	regex_entry **list;
	uint32_t len;
};

static void regex_cache_free(void *data)
{
	struct regex_cache *c = data;
	const map_entry *e;
	for (size_t i = 0; map_next(&c->by_text, &i, &e);) {
		regex_entry *r = e->value;
		pcre2_match_data_free(r->md);
		pcre2_code_free(r->re);
	}
	map_release(&c->by_text);
	pcre2_match_context_free(c->mc);
}

/* The compiled pattern of a regex type, compiled once per evaluation;
 * NULL after reporting an invalid pattern (not cached: every use
 * reports it, as before there was a cache). */
static regex_entry *regex_get(eval_ctx *ev, const ast_node *type)
{
	const char *text = type->u.type_regex.pattern;
	size_t len = type->u.type_regex.len;
	if (!ev->regexes) {
		ev->regexes = ARENA_NEW(ev->home, struct regex_cache);
		map_init(&ev->regexes->by_text);
		ev->regexes->mc = pcre2_match_context_create(NULL);
		pcre2_set_match_limit(ev->regexes->mc, 1000000);
		arena_on_release(ev->home, regex_cache_free, ev->regexes);
	}
	struct regex_cache *c = ev->regexes;
	uint32_t known = type->eval_cache;
	/* The number is checked against the entry's text: a node seen by
	 * another evaluation (another cache) falls back to the map. */
	if (known && known <= c->len && c->list[known - 1]->len == len &&
		memcmp(c->list[known - 1]->pattern, text, len) == 0)
		return c->list[known - 1];
	regex_entry *r = map_get(&c->by_text, text, len, NULL);
	if (r) {
		((ast_node *)type)->eval_cache = r->number;
		return r;
	}
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)text, len, PCRE2_UTF, &errcode, &erroff, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		eval_error(ev, type->span, "E0203",
			"invalid regular expression: %s (at offset %zu)", (const char *)msg,
			(size_t)erroff);
		return NULL;
	}
	/* Compiled to machine code where PCRE2 can: a pattern type such as
	 * k8s.dns_label is matched for every name of every object, and the
	 * interpreter took a twentieth of a build. Without JIT support the
	 * interpreter is used; the match limit holds for both. */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	r = ARENA_NEW(ev->home, regex_entry);
	r->re = re;
	r->md = pcre2_match_data_create_from_pattern(re, NULL);
	r->pattern = text;
	r->len = len;
	map_put(&c->by_text, text, len, r);
	c->list = arena_grow_array(ev->home, c->list, c->len, c->len + 1, sizeof(*c->list));
	c->list[c->len++] = r;
	r->number = c->len;
	((ast_node *)type)->eval_cache = r->number;
	return r;
}

/* PCRE2 with a match limit: a pathological pattern fails instead of
 * hanging the build. */
static int regex_matches(eval_ctx *ev, const ast_node *type, const value *v, int *ok)
{
	*ok = 1;
	regex_entry *r = regex_get(ev, type);
	if (!r) {
		*ok = 0;
		return 0;
	}
	const char *text = v->u.str.ptr;
	size_t len = v->u.str.len;
	int short_text = len > 0 && len <= REGEX_MEMO_LEN;
	if (short_text)
		for (unsigned i = 0; i < REGEX_MEMO; i++)
			if (r->memo[i].len == len && memcmp(r->memo[i].text, text, len) == 0)
				return r->memo[i].match;
	int rc = pcre2_match(r->re, (PCRE2_SPTR)text, len, 0, 0, r->md, ev->regexes->mc);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
		eval_error(ev, type->span, "E0203",
			"the regular expression is too expensive to match (error %d)", rc);
		*ok = 0;
		return 0;
	}
	if (short_text) {
		unsigned i = r->memo_next++ % REGEX_MEMO;
		memcpy(r->memo[i].text, text, len);
		r->memo[i].len = (uint32_t)len;
		r->memo[i].match = rc >= 0;
	}
	return rc >= 0;
}

static value *conform_regex(eval_ctx *ev, const ast_node *type, value *v, const vpath *path)
{
	const char *base = type->u.type_regex.base.name;
	if (base[0] != 's' || strcmp(base, "string") != 0)
		return eval_error(ev, type->span, "E0208", "a pattern refines string, not '%s'",
			type->u.type_regex.base.name);
	if (v->kind != VAL_STRING && v->kind != VAL_SECRET)
		return mismatch(ev, type, v, path);
	int ok;
	int m = regex_matches(ev, type, v, &ok);
	if (!ok)
		return NULL;
	if (!m) {
		strbuf d = STRBUF_INIT;
		value_describe(v, &d);
		eval_error(ev, v->origin.file ? v->origin : type->span, "E0203",
			"%s: %s does not match /%s/", vpath_text(ev, path), d.buf,
			type->u.type_regex.pattern);
		strbuf_release(&d);
		if (!ev->quiet && v->origin.file)
			diag_add_note(
				ev->diags, ev->last, type->span, "the pattern is declared here");
		return NULL;
	}
	return v;
}

static value *conform_union(
	eval_ctx *ev, scope *s, const ast_node *type, value *v, const vpath *path)
{
	const ast_list *ms = &type->u.type_union.members;
	/* Try each member without reporting; the first that accepts wins. */
	for (uint32_t i = 0; i < ms->len; i++) {
		ev->quiet++;
		int failed_before = ev->failed;
		ev->failed = 0;
		value *c = conform_at(ev, s, ms->items[i], v, path);
		int failed = ev->failed;
		ev->failed = failed_before;
		ev->quiet--;
		if (c && !failed)
			return c;
	}
	strbuf d = STRBUF_INIT;
	value_describe(v, &d);
	eval_error(ev, v->origin.file ? v->origin : type->span, "E0201",
		"%s: expected %s, found %s", vpath_text(ev, path), type_text(ev, type), d.buf);
	strbuf_release(&d);
	if (!ev->quiet && v->origin.file)
		diag_add_note(ev->diags, ev->last, type->span, "the type is declared here");
	return NULL;
}

value *conform_at(eval_ctx *ev, scope *s, const ast_node *type, value *v, const vpath *path)
{
	if (!v || !type)
		return v;
	/* Known only after apply: checked when the value is known. */
	if (v->kind == VAL_UNKNOWN)
		return v;
	switch (type->kind) {
	case AST_TYPE_NAME:
		return conform_named(ev, s, type, v, path);
	case AST_TYPE_GENERIC:
		return conform_generic(ev, s, type, v, path);
	case AST_TYPE_OPTIONAL:
		return v->kind == VAL_NULL ? v : conform_at(ev, s, type->u.paren.inner, v, path);
	case AST_TYPE_PAREN:
		return conform_at(ev, s, type->u.paren.inner, v, path);
	case AST_TYPE_UNION:
		return conform_union(ev, s, type, v, path);
	case AST_TYPE_LITERAL: {
		value *lit = eval_expr(ev, s, type->u.type_literal.value);
		if (!lit)
			return NULL;
		if (value_equal(lit, v))
			return v;
		strbuf d = STRBUF_INIT;
		value_describe(v, &d);
		eval_error(ev, v->origin.file ? v->origin : type->span, "E0201",
			"%s: expected %s, found %s", vpath_text(ev, path), type_text(ev, type),
			d.buf);
		strbuf_release(&d);
		return NULL;
	}
	case AST_TYPE_RANGE:
		return conform_range(ev, s, type, v, path);
	case AST_TYPE_REGEX:
		return conform_regex(ev, type, v, path);
	default:
		return eval_error(ev, type->span, "E0208", "not a type");
	}
}

/* ---- schemas ----------------------------------------------------------------- */

static const ast_node *schema_field(const ast_node *sch, const char *name)
{
	const ast_list *ms = &sch->u.decl.members;
	for (uint32_t i = 0; i < ms->len; i++) {
		const ast_node *m = ms->items[i];
		if (m->kind == AST_FIELD_DECL && strcmp(m->u.binding.name.name, name) == 0)
			return m;
	}
	return NULL;
}

int schema_field_optional(const value *sch, const char *name)
{
	const ast_node *f = schema_field(sch->u.decl, name);
	return f && f->u.binding.optional;
}

value *schema_at(eval_ctx *ev, value *sch, vmap *fields, src_span at, const vpath *path)
{
	const ast_node *decl = sch->u.decl;
	scope *env = (scope *)sch->u.env;
	const ast_list *ms = &decl->u.decl.members;
	int ok = 1;

	/* Unknown fields first: a typo is the likeliest mistake. */
	for (uint32_t i = 0; i < fields->len; i++) {
		if (schema_field(decl, fields->keys[i]))
			continue;
		src_span where = fields->key_spans[i].file ? fields->key_spans[i] : at;
		eval_error(ev, where, "E0205", "%s has no field '%s'", sch->name, fields->keys[i]);
		if (!ev->quiet) {
			const char **names =
				arena_alloc_array(ev->arena, ms->len + 1, sizeof(char *));
			size_t n = 0;
			for (uint32_t j = 0; j < ms->len; j++)
				if (ms->items[j]->kind == AST_FIELD_DECL)
					names[n++] = ms->items[j]->u.binding.name.name;
			const char *sug = suggest_name(fields->keys[i], names, n);
			if (sug)
				diag_add_hint(ev->diags, ev->last, "did you mean '%s'?", sug);
			else
				diag_add_note(ev->diags, ev->last, decl->u.decl.name.span,
					"schema '%s' is declared here", sch->name);
		}
		ok = 0;
	}

	/* Fields in declaration order; defaults may use the fields before
	 * them, which are in scope by name. */
	uint32_t nfields = 0;
	for (uint32_t i = 0; i < ms->len; i++)
		nfields += ms->items[i]->kind == AST_FIELD_DECL;
	vmap *rec = vmap_new_sized(ev->arena, nfields);
	rec->schema = sch;
	rec->given = fields;
	scope *fs = scope_new_sized(ev, env, nfields);
	/* The null every absent optional field is bound to: values never
	 * change, so one per record serves them all (a k8s.app has a dozen). */
	value *absent = NULL;
	for (uint32_t i = 0; i < ms->len && ok; i++) {
		const ast_node *m = ms->items[i];
		if (m->kind != AST_FIELD_DECL)
			continue;
		const char *fname = m->u.binding.name.name;
		vpath fpath = { path, VPATH_KEY, fname, NULL, 0 };
		long pos = vmap_find(fields, fname);
		value *v;
		src_span kspan = at;
		if (pos >= 0 && m->u.binding.optional && fields->vals[pos]->kind == VAL_NULL) {
			/* `field?: T` may be null or absent: null given is absent. */
			scope_local(fs, fname, fields->vals[pos], m->u.binding.name.span);
			continue;
		}
		if (pos >= 0) {
			v = fields->vals[pos];
			kspan = fields->key_spans[pos];
		} else if (m->u.binding.value) {
			v = eval_expr(ev, fs, m->u.binding.value);
		} else if (m->u.binding.optional) {
			/* Not set: absent from the record, but null by name in the
			 * defaults and checks that follow. */
			if (!absent)
				absent = value_null(ev->arena, at);
			scope_local(fs, fname, absent, m->u.binding.name.span);
			continue;
		} else {
			const char *ptext = vpath_text(ev, path);
			if (strcmp(ptext, sch->name) == 0)
				eval_error(ev, at, "E0206", "missing required field '%s' of %s",
					fname, sch->name);
			else
				eval_error(ev, at, "E0206", "%s: missing required field '%s' of %s",
					ptext, fname, sch->name);
			if (!ev->quiet)
				diag_add_note(ev->diags, ev->last, m->span, "'%s' is declared here",
					fname);
			ok = 0;
			continue;
		}
		v = conform_at(ev, env, m->u.binding.type, v, &fpath);
		if (!v) {
			ok = 0;
			continue;
		}
		/* Field names are distinct (the names phase checks): no search. */
		vmap_append(ev->arena, rec, fname, v, kspan);
		scope_local(fs, fname, v, m->u.binding.name.span);
	}
	if (!ok)
		return NULL;

	/* check constraints, with every field in scope. */
	for (uint32_t i = 0; i < ms->len; i++) {
		const ast_node *m = ms->items[i];
		if (m->kind != AST_CHECK)
			continue;
		value *c = eval_expr(ev, fs, m->u.check.cond);
		if (!c) {
			ok = 0;
			continue;
		}
		if (c->kind == VAL_UNKNOWN)
			continue;
		if (c->kind != VAL_BOOL) {
			eval_error(ev, m->u.check.cond->span, "E0201",
				"a check must be a bool, found %s", value_type_name(c));
			ok = 0;
			continue;
		}
		if (c->u.boolean)
			continue;
		value *msg = eval_expr(ev, fs, m->u.check.message);
		const char *text = msg && msg->kind == VAL_STRING ? msg->u.str.ptr : "check failed";
		eval_error(ev, at, "E0204", "%s: %s", vpath_text(ev, path), text);
		if (!ev->quiet)
			diag_add_note(ev->diags, ev->last, m->span, "the check is declared here");
		ok = 0;
	}
	return ok ? value_map(ev->arena, rec, at) : NULL;
}

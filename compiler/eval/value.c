/* value.c - constructors, ordered maps, equality and text of values.
 *
 * The data layer under the evaluator (eval.c) and the builtins: nothing
 * here reports diagnostics; callers check limits and kinds first.
 */
#include "value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/map.h"

static const char *const kind_names[VAL_KIND_COUNT] = {
	[VAL_NULL] = "null",
	[VAL_BOOL] = "bool",
	[VAL_INT] = "int",
	[VAL_FLOAT] = "float",
	[VAL_STRING] = "string",
	[VAL_LIST] = "list",
	[VAL_MAP] = "map",
	[VAL_FUNC] = "function",
	[VAL_SCHEMA] = "schema",
	[VAL_STACK] = "stack",
	[VAL_TYPE] = "type",
	[VAL_MODULE] = "module",
	[VAL_SECRET] = "secret",
	[VAL_UNKNOWN] = "unknown",
};

const char *value_kind_name(value_kind k)
{
	return (unsigned)k < VAL_KIND_COUNT ? kind_names[k] : "?";
}

const char *value_type_name(const value *v)
{
	if (v->kind == VAL_MAP && v->u.map->schema && v->u.map->schema->name)
		return v->u.map->schema->name;
	return value_kind_name(v->kind);
}

static value *make(arena *a, value_kind k, src_span origin)
{
	value *v = ARENA_NEW(a, value);
	v->kind = k;
	v->origin = origin;
	return v;
}

value *value_null(arena *a, src_span origin)
{
	return make(a, VAL_NULL, origin);
}

value *value_bool(arena *a, int b, src_span origin)
{
	value *v = make(a, VAL_BOOL, origin);
	v->u.boolean = b != 0;
	return v;
}

value *value_int(arena *a, int64_t i, src_span origin)
{
	value *v = make(a, VAL_INT, origin);
	v->u.integer = i;
	return v;
}

value *value_float(arena *a, double f, src_span origin)
{
	value *v = make(a, VAL_FLOAT, origin);
	v->u.number = f;
	return v;
}

value *value_string(arena *a, const char *s, size_t len, src_span origin)
{
	value *v = make(a, VAL_STRING, origin);
	v->u.str.ptr = arena_strndup(a, s, len);
	v->u.str.len = len;
	return v;
}

value *value_string_of(arena *a, const char *s, size_t len, src_span origin)
{
	value *v = make(a, VAL_STRING, origin);
	v->u.str.ptr = s;
	v->u.str.len = len;
	return v;
}

value *value_secret(arena *a, const char *s, size_t len, src_span origin)
{
	value *v = value_string(a, s, len, origin);
	v->kind = VAL_SECRET;
	return v;
}

value *value_unknown(arena *a, const char *producer, const char *path, src_span origin)
{
	value *v = make(a, VAL_UNKNOWN, origin);
	v->u.unknown.producer = producer;
	v->u.unknown.path = path;
	return v;
}

value *value_list(arena *a, value **items, uint32_t len, src_span origin)
{
	value *v = make(a, VAL_LIST, origin);
	if (len) {
		v->u.list.items = arena_alloc_array(a, len, sizeof(value *));
		memcpy(v->u.list.items, items, len * sizeof(value *));
	}
	v->u.list.len = len;
	return v;
}

value *value_map(arena *a, vmap *m, src_span origin)
{
	value *v = make(a, VAL_MAP, origin);
	v->u.map = m;
	return v;
}

value *value_with_origin(arena *a, const value *v, src_span origin)
{
	value *c = ARENA_NEW(a, value);
	*c = *v;
	c->origin = origin;
	return c;
}

/* ---- ordered maps ---------------------------------------------------------
 * Small maps (the vast majority: record fields, labels) are searched
 * linearly; past VMAP_INDEX_AT keys an open-addressing index of positions
 * is kept so that big maps stay O(1) per lookup. A record of a score of
 * fields (std/k8s.app has 17) is searched faster by its keys' first
 * bytes than by hashing, and building its index on each record and each
 * copy cost more than all its lookups. */

#define VMAP_INDEX_AT 24

vmap *vmap_new(arena *a)
{
	return ARENA_NEW(a, vmap);
}

vmap *vmap_new_sized(arena *a, uint32_t n)
{
	vmap *m = ARENA_NEW(a, vmap);
	if (n) {
		m->keys = arena_alloc_array(a, n, sizeof(*m->keys));
		m->vals = arena_alloc_array(a, n, sizeof(*m->vals));
		m->key_spans = arena_alloc_array(a, n, sizeof(*m->key_spans));
		m->cap = n;
	}
	return m;
}

static void index_insert(vmap *m, uint32_t pos)
{
	uint32_t mask = m->index_cap - 1;
	const char *k = m->keys[pos];
	uint32_t i = (uint32_t)map_hash(k, strlen(k)) & mask;
	while (m->index[i])
		i = (i + 1) & mask;
	m->index[i] = pos + 1;
}

static void index_build(arena *a, vmap *m, uint32_t cap)
{
	m->index = arena_alloc_array(a, cap, sizeof(uint32_t));
	m->index_cap = cap;
	for (uint32_t p = 0; p < m->len; p++)
		index_insert(m, p);
}

long vmap_find(const vmap *m, const char *key)
{
	if (m->index) {
		uint32_t mask = m->index_cap - 1;
		uint32_t i = (uint32_t)map_hash(key, strlen(key)) & mask;
		while (m->index[i]) {
			uint32_t p = m->index[i] - 1;
			if (strcmp(m->keys[p], key) == 0)
				return (long)p;
			i = (i + 1) & mask;
		}
		return -1;
	}
	/* Comparing the first byte before calling strcmp: most keys of a
	 * small map differ there, and this loop is hot. */
	for (uint32_t p = 0; p < m->len; p++)
		if (m->keys[p][0] == key[0] && strcmp(m->keys[p], key) == 0)
			return (long)p;
	return -1;
}

value *vmap_get(const vmap *m, const char *key)
{
	long p = vmap_find(m, key);
	return p < 0 ? NULL : m->vals[p];
}

void vmap_set(arena *a, vmap *m, const char *key, value *v, src_span key_span)
{
	long p = vmap_find(m, key);
	if (p >= 0) {
		m->vals[p] = v;
		m->key_spans[p] = key_span;
		return;
	}
	vmap_append(a, m, key, v, key_span);
}

void vmap_append(arena *a, vmap *m, const char *key, value *v, src_span key_span)
{
	if (m->len == m->cap) {
		uint32_t cap = m->cap ? m->cap * 2 : 4;
		m->keys = arena_grow_array(a, m->keys, m->len, cap, sizeof(*m->keys));
		m->vals = arena_grow_array(a, m->vals, m->len, cap, sizeof(*m->vals));
		m->key_spans =
			arena_grow_array(a, m->key_spans, m->len, cap, sizeof(*m->key_spans));
		m->cap = cap;
	}
	m->keys[m->len] = key;
	m->vals[m->len] = v;
	m->key_spans[m->len] = key_span;
	m->len++;
	if (m->len > VMAP_INDEX_AT) {
		/* Keep the index at most half full. */
		if (!m->index || m->len * 2 > m->index_cap) {
			uint32_t cap = 32;
			while (cap < m->len * 4)
				cap *= 2;
			index_build(a, m, cap);
		} else {
			index_insert(m, m->len - 1);
		}
	}
}

vmap *vmap_copy(arena *a, const vmap *m)
{
	return vmap_copy_room(a, m, 0);
}

vmap *vmap_copy_exact(arena *a, const vmap *m)
{
	/* One block: the map, then its values, keys and key spans (pointers
	 * first, so that every part is aligned). */
	size_t n = m->len;
	size_t bytes = sizeof(vmap) + n * (sizeof(value *) + sizeof(char *) + sizeof(src_span));
	unsigned char *p = arena_alloc(a, bytes);
	vmap *c = (vmap *)p;
	c->schema = m->schema;
	c->given = m->given;
	c->len = c->cap = m->len;
	if (!n)
		return c;
	c->vals = (value **)(p + sizeof(vmap));
	c->keys = (const char **)(c->vals + n);
	c->key_spans = (src_span *)(c->keys + n);
	memcpy(c->vals, m->vals, n * sizeof(*c->vals));
	memcpy(c->keys, m->keys, n * sizeof(*c->keys));
	memcpy(c->key_spans, m->key_spans, n * sizeof(*c->key_spans));
	if (m->index)
		index_build(a, c, m->index_cap);
	return c;
}

vmap *vmap_copy_room(arena *a, const vmap *m, uint32_t room)
{
	vmap *c = vmap_new(a);
	c->schema = m->schema;
	if (!m->len && !room)
		return c;
	uint32_t cap = m->len + room;
	c->cap = cap;
	c->len = m->len;
	c->keys = arena_alloc_array(a, cap, sizeof(*c->keys));
	c->vals = arena_alloc_array(a, cap, sizeof(*c->vals));
	c->key_spans = arena_alloc_array(a, cap, sizeof(*c->key_spans));
	if (m->len) { /* an empty map may have no arrays: no memcpy from NULL */
		memcpy(c->keys, m->keys, m->len * sizeof(*c->keys));
		memcpy(c->vals, m->vals, m->len * sizeof(*c->vals));
		memcpy(c->key_spans, m->key_spans, m->len * sizeof(*c->key_spans));
	}
	if (m->index) {
		/* The copy will grow: give it room, as vmap_set would. */
		uint32_t slots = 32;
		while (slots < c->len * 4)
			slots *= 2;
		index_build(a, c, slots);
	}
	return c;
}

vmap *vmap_without(arena *a, const vmap *m, const char *key)
{
	vmap *c = vmap_new(a);
	c->schema = m->schema;
	for (uint32_t p = 0; p < m->len; p++)
		if (strcmp(m->keys[p], key) != 0)
			vmap_set(a, c, m->keys[p], m->vals[p], m->key_spans[p]);
	return c;
}

/* ---- comparison ----------------------------------------------------------- */

static int is_number(const value *v)
{
	return v->kind == VAL_INT || v->kind == VAL_FLOAT;
}

static double as_double(const value *v)
{
	return v->kind == VAL_INT ? (double)v->u.integer : v->u.number;
}

int value_equal(const value *a, const value *b)
{
	if (a == b && a->kind != VAL_UNKNOWN && a->kind != VAL_SECRET)
		return 1;
	if (is_number(a) && is_number(b)) {
		if (a->kind == VAL_INT && b->kind == VAL_INT)
			return a->u.integer == b->u.integer;
		return as_double(a) == as_double(b);
	}
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case VAL_NULL:
		return 1;
	case VAL_BOOL:
		return a->u.boolean == b->u.boolean;
	case VAL_STRING:
		return a->u.str.len == b->u.str.len &&
			memcmp(a->u.str.ptr, b->u.str.ptr, a->u.str.len) == 0;
	case VAL_LIST:
		if (a->u.list.len != b->u.list.len)
			return 0;
		for (uint32_t i = 0; i < a->u.list.len; i++)
			if (!value_equal(a->u.list.items[i], b->u.list.items[i]))
				return 0;
		return 1;
	case VAL_MAP: {
		/* Key order does not matter for equality. */
		const vmap *ma = a->u.map, *mb = b->u.map;
		if (ma->len != mb->len)
			return 0;
		for (uint32_t i = 0; i < ma->len; i++) {
			const value *o = vmap_get(mb, ma->keys[i]);
			if (!o || !value_equal(ma->vals[i], o))
				return 0;
		}
		return 1;
	}
	case VAL_FUNC:
	case VAL_SCHEMA:
	case VAL_STACK:
	case VAL_TYPE:
	case VAL_MODULE:
		return a->u.decl == b->u.decl && a->u.env == b->u.env;
	default:
		return 0;
	}
}

int value_compare(const value *a, const value *b)
{
	if (is_number(a) && is_number(b)) {
		if (a->kind == VAL_INT && b->kind == VAL_INT)
			return (a->u.integer > b->u.integer) - (a->u.integer < b->u.integer);
		double x = as_double(a), y = as_double(b);
		return (x > y) - (x < y);
	}
	if (a->kind != b->kind)
		return (a->kind > b->kind) - (a->kind < b->kind);
	switch (a->kind) {
	case VAL_BOOL:
		return a->u.boolean - b->u.boolean;
	case VAL_STRING: {
		size_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
		int c = memcmp(a->u.str.ptr, b->u.str.ptr, n);
		if (c)
			return c < 0 ? -1 : 1;
		return (a->u.str.len > b->u.str.len) - (a->u.str.len < b->u.str.len);
	}
	case VAL_LIST: {
		uint32_t n = a->u.list.len < b->u.list.len ? a->u.list.len : b->u.list.len;
		for (uint32_t i = 0; i < n; i++) {
			int c = value_compare(a->u.list.items[i], b->u.list.items[i]);
			if (c)
				return c;
		}
		return (a->u.list.len > b->u.list.len) - (a->u.list.len < b->u.list.len);
	}
	default:
		return 0;
	}
}

static int contains_kind(const value *v, value_kind k)
{
	if (v->kind == k)
		return 1;
	if (v->kind == VAL_LIST) {
		for (uint32_t i = 0; i < v->u.list.len; i++)
			if (contains_kind(v->u.list.items[i], k))
				return 1;
	} else if (v->kind == VAL_MAP) {
		for (uint32_t i = 0; i < v->u.map->len; i++)
			if (contains_kind(v->u.map->vals[i], k))
				return 1;
	}
	return 0;
}

int value_contains_unknown(const value *v)
{
	return contains_kind(v, VAL_UNKNOWN);
}

int value_contains_secret(const value *v)
{
	return contains_kind(v, VAL_SECRET);
}

/* ---- text ------------------------------------------------------------------ */

void value_format_float(double f, strbuf *out)
{
	/* The shortest digits that read back as the same double, laid out
	 * like Python's repr: fixed notation for exponents -4..15, else
	 * scientific. Output is then identical on every machine and exact. */
	char buf[64];
	int prec = 1;
	for (; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, f);
		if (strtod(buf, NULL) == f)
			break;
	}
	const char *e = strchr(buf, 'e');
	int exp10 = e ? atoi(e + 1) : 0;
	if (f != 0 && (exp10 < -4 || exp10 >= 16)) {
		/* buf holds "%.*e": d.ddde+XX, exactly the shortest digits. */
		strbuf_adds(out, buf);
		return;
	}
	int decimals = prec - 1 - exp10;
	if (decimals < 1)
		decimals = 1; /* keep floats recognisable: 2 prints as 2.0 */
	snprintf(buf, sizeof(buf), "%.*f", decimals, f);
	/* Drop zeros the shortest form does not need, keeping one decimal. */
	size_t len = strlen(buf);
	while (len > 2 && buf[len - 1] == '0' && buf[len - 2] != '.')
		buf[--len] = '\0';
	strbuf_adds(out, buf);
}

int value_to_text(const value *v, strbuf *out)
{
	switch (v->kind) {
	case VAL_STRING:
	case VAL_SECRET:
		strbuf_add(out, v->u.str.ptr, v->u.str.len);
		return 1;
	case VAL_INT:
		strbuf_add_int(out, v->u.integer);
		return 1;
	case VAL_FLOAT:
		value_format_float(v->u.number, out);
		return 1;
	case VAL_BOOL:
		strbuf_adds(out, v->u.boolean ? "true" : "false");
		return 1;
	case VAL_NULL:
		strbuf_adds(out, "null");
		return 1;
	default:
		return 0;
	}
}

static void describe_string(const char *s, size_t len, strbuf *out)
{
	strbuf_addch(out, '"');
	size_t shown = len > 40 ? 37 : len;
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			strbuf_addf(out, "\\%c", c);
		else if (c == '\n')
			strbuf_adds(out, "\\n");
		else if (c < 0x20)
			strbuf_addf(out, "\\u{%X}", c);
		else
			strbuf_addch(out, (char)c);
	}
	if (shown < len)
		strbuf_adds(out, "...");
	strbuf_addch(out, '"');
}

void value_describe(const value *v, strbuf *out)
{
	switch (v->kind) {
	case VAL_STRING:
		describe_string(v->u.str.ptr, v->u.str.len, out);
		break;
	case VAL_SECRET:
		strbuf_adds(out, VALUE_SECRET_MARK);
		break;
	case VAL_UNKNOWN:
		strbuf_addf(out, "(known after apply: %s%s%s)", v->u.unknown.producer,
			v->u.unknown.path && *v->u.unknown.path ? "." : "",
			v->u.unknown.path ? v->u.unknown.path : "");
		break;
	case VAL_LIST:
		strbuf_addf(out, "a list of %u element%s", (unsigned)v->u.list.len,
			v->u.list.len == 1 ? "" : "s");
		break;
	case VAL_MAP:
		if (v->u.map->schema)
			strbuf_addf(out, "a %s", value_type_name(v));
		else
			strbuf_addf(out, "a map of %u key%s", (unsigned)v->u.map->len,
				v->u.map->len == 1 ? "" : "s");
		break;
	case VAL_FUNC:
	case VAL_SCHEMA:
	case VAL_STACK:
	case VAL_TYPE:
	case VAL_MODULE:
		strbuf_addf(out, "%s '%s'", value_kind_name(v->kind), v->name ? v->name : "?");
		break;
	default:
		value_to_text(v, out);
		break;
	}
}

/* builtins_coll.c - list and map builtins: flatten, reverse, sort, unique,
 * range, index_of, slice, keys, values, has, merge, remove, to_entries,
 * from_entries.
 *
 * Values are immutable, so results share elements with their arguments:
 * only the new list or map is allocated, never copies of what it holds.
 * Every result size is checked against EVAL_MAX_LIST before the result
 * is allocated.
 */
#include <math.h>
#include <string.h>

#include "../base/xalloc.h"
#include "builtins_internal.h"

/* A list result from a temporary array of `n` items (copied into the
 * arena by value_list). */
static value *builtin_list(builtin_call *c, value **items, uint32_t n)
{
	return value_list(c->arena, items, n, c->call);
}

/* ---- flatten, reverse ---------------------------------------------------- */

value *builtin_fn_flatten(builtin_call *c)
{
	const value *xs = builtin_arg_list(c, "flatten", 0);
	if (!xs)
		return NULL;
	uint64_t total = 0;
	for (uint32_t i = 0; i < xs->u.list.len; i++) {
		const value *e = xs->u.list.items[i];
		total += e->kind == VAL_LIST ? e->u.list.len : 1;
	}
	if (!builtin_check_list_len(c, "flatten", total))
		return NULL;
	value **items = xmalloc((size_t)(total ? total : 1) * sizeof(*items));
	uint32_t n = 0;
	/* One level only: [[1, [2]], 3] gives [1, [2], 3]. */
	for (uint32_t i = 0; i < xs->u.list.len; i++) {
		value *e = xs->u.list.items[i];
		if (e->kind == VAL_LIST) {
			for (uint32_t j = 0; j < e->u.list.len; j++)
				items[n++] = e->u.list.items[j];
		} else {
			items[n++] = e;
		}
	}
	value *r = builtin_list(c, items, n);
	xfree(items);
	return r;
}

value *builtin_fn_reverse(builtin_call *c)
{
	const value *xs = builtin_arg_list(c, "reverse", 0);
	if (!xs)
		return NULL;
	value *r = builtin_list(c, xs->u.list.items, xs->u.list.len);
	for (uint32_t i = 0, j = r->u.list.len; i + 1 < j; i++, j--) {
		value *t = r->u.list.items[i];
		r->u.list.items[i] = r->u.list.items[j - 1];
		r->u.list.items[j - 1] = t;
	}
	return r;
}

/* ---- sort ------------------------------------------------------------------- */

/* What sort() can order: 1 numbers (ints and floats together), 2
 * strings, 3 bools; 0 anything else. Secrets are not strings here:
 * sorting them would tell their order. */
static int builtin_sort_class(const value *v)
{
	switch (v->kind) {
	case VAL_INT:
	case VAL_FLOAT:
		return 1;
	case VAL_STRING:
		return 2;
	case VAL_BOOL:
		return 3;
	default:
		return 0;
	}
}

/* Merge sort: stable, so equal elements (1 and 1.0, or NaN, which
 * value_compare calls equal to everything) keep their order and the
 * result never depends on the C library's qsort. */
static void builtin_merge_sort(value **a, value **tmp, uint32_t n)
{
	if (n < 2)
		return;
	uint32_t mid = n / 2;
	builtin_merge_sort(a, tmp, mid);
	builtin_merge_sort(a + mid, tmp, n - mid);
	uint32_t i = 0, j = mid, k = 0;
	while (i < mid && j < n)
		tmp[k++] = value_compare(a[j], a[i]) < 0 ? a[j++] : a[i++];
	while (i < mid)
		tmp[k++] = a[i++];
	/* a[j..n) is already in place. */
	memcpy(a, tmp, k * sizeof(*a));
}

value *builtin_fn_sort(builtin_call *c)
{
	static const char *const class_names[] = { "", "number", "string", "bool" };
	const value *xs = builtin_arg_list(c, "sort", 0);
	if (!xs)
		return NULL;
	value *u = builtin_unknown_inside(c);
	if (u)
		return u;
	uint32_t n = xs->u.list.len;
	for (uint32_t i = 0; i < n; i++) {
		const value *e = xs->u.list.items[i];
		int k = builtin_sort_class(e);
		if (!k)
			return eval_error(c->ev, builtin_arg_span(c, 0), "E0201",
				"argument 1 of 'sort': element %u: expected int, float, string or bool, found %s",
				(unsigned)i + 1, value_type_name(e));
		int k0 = builtin_sort_class(xs->u.list.items[0]);
		if (k != k0)
			return eval_error(c->ev, builtin_arg_span(c, 0), "E0201",
				"argument 1 of 'sort': element %u is a %s but element 1 is a %s; a sorted list holds only numbers, only strings or only bools",
				(unsigned)i + 1, class_names[k], class_names[k0]);
	}
	value *r = builtin_list(c, xs->u.list.items, n);
	value **tmp = xmalloc((n ? n : 1) * sizeof(*tmp));
	builtin_merge_sort(r->u.list.items, tmp, n);
	xfree(tmp);
	return r;
}

/* ---- unique, index_of ---------------------------------------------------- */

static uint64_t builtin_mix(uint64_t h, uint64_t x)
{
	/* splitmix64's finaliser: cheap, and good enough to spread keys. */
	h ^= x + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 27;
	return h;
}

/* A hash that agrees with value_equal: equal values hash alike. Numbers
 * hash by their double value because value_equal compares an int and a
 * float that way (1 == 1.0); two different big ints may then collide,
 * which only costs a comparison. Map entries are combined with a sum, as
 * value_equal ignores key order. */
static uint64_t builtin_hash(const value *v)
{
	uint64_t h = (uint64_t)v->kind;
	switch (v->kind) {
	case VAL_INT:
	case VAL_FLOAT: {
		double d = v->kind == VAL_INT ? (double)v->u.integer : v->u.number;
		uint64_t bits;
		if (d == 0)
			d = 0; /* -0.0 == 0.0 */
		memcpy(&bits, &d, sizeof(bits));
		return builtin_mix(VAL_FLOAT, bits);
	}
	case VAL_BOOL:
		return builtin_mix(h, (uint64_t)v->u.boolean);
	case VAL_STRING:
		for (size_t i = 0; i < v->u.str.len; i++)
			h = h * 0x100000001B3ull ^ (unsigned char)v->u.str.ptr[i];
		return builtin_mix(h, v->u.str.len);
	case VAL_LIST:
		for (uint32_t i = 0; i < v->u.list.len; i++)
			h = builtin_mix(h, builtin_hash(v->u.list.items[i]));
		return h;
	case VAL_MAP: {
		uint64_t sum = 0;
		for (uint32_t i = 0; i < v->u.map->len; i++) {
			uint64_t kh = 0xCBF29CE484222325ull;
			for (const char *k = v->u.map->keys[i]; *k; k++)
				kh = (kh ^ (unsigned char)*k) * 0x100000001B3ull;
			sum += builtin_mix(kh, builtin_hash(v->u.map->vals[i]));
		}
		return builtin_mix(h, sum);
	}
	default:
		/* null is equal to null; functions compare by identity, and
		 * hashing their kind alone keeps the hash independent of
		 * addresses. Secrets and unknowns equal nothing. */
		return h;
	}
}

value *builtin_fn_unique(builtin_call *c)
{
	const value *xs = builtin_arg_list(c, "unique", 0);
	if (!xs)
		return NULL;
	/* Whether an unknown element repeats another is not known. */
	value *u = builtin_unknown_inside(c);
	if (u)
		return u;
	uint32_t n = xs->u.list.len;
	/* Open addressing over positions in `out` (slot value = position +
	 * 1), at most half full: linear in the list's length, where the
	 * obvious pairwise comparison would be quadratic. */
	size_t cap = 16;
	while (cap < (size_t)n * 2)
		cap *= 2;
	uint32_t *slots = xcalloc(cap, sizeof(*slots));
	value **out = xmalloc((n ? n : 1) * sizeof(*out));
	uint32_t len = 0;
	for (uint32_t i = 0; i < n; i++) {
		value *e = xs->u.list.items[i];
		size_t s = (size_t)builtin_hash(e) & (cap - 1);
		int seen = 0;
		while (slots[s] && !seen) {
			seen = value_equal(out[slots[s] - 1], e);
			s = (s + 1) & (cap - 1);
		}
		if (!seen) {
			out[len] = e;
			slots[s] = ++len;
		}
	}
	value *r = builtin_list(c, out, len);
	xfree(out);
	xfree(slots);
	return r;
}

value *builtin_fn_index_of(builtin_call *c)
{
	const value *xs = builtin_arg_list(c, "index_of", 0);
	if (!xs)
		return NULL;
	/* An unknown element, or needle, might be equal: once one is met
	 * before a known match, the position is not known. */
	const value *u = builtin_find_unknown(c->args[1]);
	for (uint32_t i = 0; i < xs->u.list.len; i++) {
		if (!u)
			u = builtin_find_unknown(xs->u.list.items[i]);
		if (u)
			return builtin_unknown_of(c, u);
		if (value_equal(xs->u.list.items[i], c->args[1]))
			return value_int(c->arena, i, c->call);
	}
	return value_int(c->arena, -1, c->call);
}

/* ---- range, slice ------------------------------------------------------------ */

value *builtin_fn_range(builtin_call *c)
{
	int64_t start = 0, end, step = 1;
	if (c->nargs == 1) {
		if (!builtin_arg_int(c, "range", 0, &end))
			return NULL;
	} else if (!builtin_arg_int(c, "range", 0, &start) ||
		!builtin_arg_int(c, "range", 1, &end) ||
		(c->nargs == 3 && !builtin_arg_int(c, "range", 2, &step))) {
		return NULL;
	}
	if (step == 0)
		return builtin_arg_error(c, "range", 2, "the step is 0");

	/* The count is computed in unsigned arithmetic, where end - start
	 * cannot overflow, and checked before anything is allocated. */
	uint64_t count = 0;
	if (step > 0 && start < end)
		count = ((uint64_t)end - (uint64_t)start - 1) / (uint64_t)step + 1;
	else if (step < 0 && start > end)
		count = ((uint64_t)start - (uint64_t)end - 1) / (0 - (uint64_t)step) + 1;
	if (!builtin_check_list_len(c, "range", count))
		return NULL;

	value **items = xmalloc((size_t)(count ? count : 1) * sizeof(*items));
	int64_t x = start;
	for (uint64_t i = 0; i < count; i++) {
		items[i] = value_int(c->arena, x, c->call);
		/* Not after the last one: start + count * step may overflow. */
		if (i + 1 < count)
			x += step;
	}
	value *r = builtin_list(c, items, (uint32_t)count);
	xfree(items);
	return r;
}

/* Byte offset of code point `index` in valid UTF-8 text. */
static size_t builtin_utf8_offset(const char *s, size_t len, size_t index)
{
	size_t i = 0;
	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && index-- == 0)
			break;
	return i;
}

value *builtin_fn_slice(builtin_call *c)
{
	const value *x = c->args[0];
	int is_string = builtin_is_string(x);
	if (!is_string && x->kind != VAL_LIST)
		return builtin_type_error(c, "slice", 0, "list or string");
	int64_t n = is_string ? (int64_t)builtin_utf8_count(x->u.str.ptr, x->u.str.len) :
				(int64_t)x->u.list.len;
	const char *what = is_string ? "a string" : "a list";
	int64_t start, end = n;
	if (!builtin_arg_int(c, "slice", 1, &start) ||
		(c->nargs == 3 && !builtin_arg_int(c, "slice", 2, &end)))
		return NULL;
	/* No negative indices and no clamping: either would turn an
	 * off-by-one in a configuration into silently wrong output. */
	if (start < 0 || start > n)
		return builtin_arg_error(c, "slice", 1,
			"index %lld is out of range for %s of length %lld", (long long)start, what,
			(long long)n);
	if (end < 0 || end > n)
		return builtin_arg_error(c, "slice", 2,
			"index %lld is out of range for %s of length %lld", (long long)end, what,
			(long long)n);
	if (end < start)
		return builtin_arg_error(c, "slice", 2, "end %lld is before start %lld",
			(long long)end, (long long)start);
	if (!is_string)
		/* items may be NULL for an empty list: no pointer arithmetic on it. */
		return builtin_list(
			c, end > start ? x->u.list.items + start : NULL, (uint32_t)(end - start));
	size_t from = builtin_utf8_offset(x->u.str.ptr, x->u.str.len, (size_t)start);
	size_t to = builtin_utf8_offset(x->u.str.ptr, x->u.str.len, (size_t)end);
	return value_string(c->arena, x->u.str.ptr + from, to - from, c->call);
}

/* ---- keys, values, has, remove ----------------------------------------- */

value *builtin_fn_keys(builtin_call *c)
{
	const vmap *m = builtin_arg_map(c, "keys", 0);
	if (!m)
		return NULL;
	value **items = xmalloc((m->len ? m->len : 1) * sizeof(*items));
	for (uint32_t i = 0; i < m->len; i++)
		items[i] = value_string(c->arena, m->keys[i], strlen(m->keys[i]), c->call);
	value *r = builtin_list(c, items, m->len);
	xfree(items);
	return r;
}

value *builtin_fn_values(builtin_call *c)
{
	const vmap *m = builtin_arg_map(c, "values", 0);
	if (!m)
		return NULL;
	return builtin_list(c, m->vals, m->len);
}

value *builtin_fn_has(builtin_call *c)
{
	const vmap *m = builtin_arg_map(c, "has", 0);
	strview key;
	if (!m || !builtin_arg_string(c, "has", 1, &key))
		return NULL;
	/* Keys cannot contain NUL, so the C string is the whole key. */
	return value_bool(c->arena, vmap_find(m, key.ptr) >= 0, c->call);
}

/* Sees unknown and secret arguments itself: either is a value that is
 * set, so the answer is known, and it reveals nothing of the secret. */
value *builtin_fn_is_null(builtin_call *c)
{
	return value_bool(c->arena, c->args[0]->kind == VAL_NULL, c->call);
}

value *builtin_fn_remove(builtin_call *c)
{
	const vmap *m = builtin_arg_map(c, "remove", 0);
	if (!m)
		return NULL;
	for (uint32_t i = 1; i < c->nargs; i++) {
		strview key;
		if (!builtin_arg_string(c, "remove", i, &key))
			return NULL;
	}
	/* A plain map: without some of its fields a record may no longer
	 * satisfy its schema. Keys that are not there are ignored. */
	vmap *r = vmap_new(c->arena);
	for (uint32_t k = 0; k < m->len; k++) {
		int drop = 0;
		for (uint32_t i = 1; i < c->nargs && !drop; i++)
			drop = strcmp(m->keys[k], c->args[i]->u.str.ptr) == 0;
		if (!drop)
			vmap_set(c->arena, r, m->keys[k], m->vals[k], m->key_spans[k]);
	}
	return value_map(c->arena, r, c->call);
}

/* ---- merge ---------------------------------------------------------------- */

/* Deeper maps than this are refused rather than risking the C stack on a
 * decoded document; no configuration nests anywhere near it. */
#define BUILTIN_MERGE_MAX_DEPTH 1000

/* Merges src into dst (a fresh plain map owned by this call). Returns 0
 * after reporting. */
static int builtin_merge_into(builtin_call *c, vmap *dst, const vmap *src, int depth)
{
	if (depth > BUILTIN_MERGE_MAX_DEPTH) {
		eval_error(c->ev, c->call, "E0311",
			"'merge': maps nested more than %d levels deep cannot be merged",
			BUILTIN_MERGE_MAX_DEPTH);
		return 0;
	}
	for (uint32_t i = 0; i < src->len; i++) {
		value *old = vmap_get(dst, src->keys[i]);
		value *v = src->vals[i];
		/* Maps on both sides merge key by key; anything else, lists
		 * included, replaces the earlier value (null too: it sets
		 * the key to null, it does not delete it). */
		/* An unknown earlier value may turn out to be a map that
		 * this one would merge into: the merged value is unknown. */
		if (old && old->kind == VAL_UNKNOWN && v->kind == VAL_MAP) {
			v = builtin_unknown_of(c, old);
		} else if (old && old->kind == VAL_MAP && v->kind == VAL_MAP) {
			vmap *m = vmap_copy(c->arena, old->u.map);
			m->schema = NULL;
			if (!builtin_merge_into(c, m, v->u.map, depth + 1))
				return 0;
			v = value_map(c->arena, m, c->call);
		}
		vmap_set(c->arena, dst, src->keys[i], v, src->key_spans[i]);
	}
	return 1;
}

value *builtin_fn_merge(builtin_call *c)
{
	for (uint32_t i = 0; i < c->nargs; i++)
		if (!builtin_arg_map(c, "merge", i))
			return NULL;
	/* The result is a plain map even when the first argument is a
	 * record: merged keys may not belong to its schema. Keys keep the
	 * first map's order; new keys follow in the order they appear. */
	/* Room for every key of the other maps: the result never grows. */
	uint64_t room = 0;
	for (uint32_t i = 1; i < c->nargs; i++)
		room += c->args[i]->u.map->len;
	vmap *r = vmap_copy_room(
		c->arena, c->args[0]->u.map, room < UINT32_MAX / 2 ? (uint32_t)room : 0);
	r->schema = NULL;
	for (uint32_t i = 1; i < c->nargs; i++) {
		if (!builtin_merge_into(c, r, c->args[i]->u.map, 1))
			return NULL;
		if (!builtin_check_list_len(c, "merge", r->len))
			return NULL;
	}
	return value_map(c->arena, r, c->call);
}

/* ---- to_entries, from_entries ---------------------------------------------- */

value *builtin_fn_to_entries(builtin_call *c)
{
	const vmap *m = builtin_arg_map(c, "to_entries", 0);
	if (!m)
		return NULL;
	value **items = xmalloc((m->len ? m->len : 1) * sizeof(*items));
	for (uint32_t i = 0; i < m->len; i++) {
		vmap *e = vmap_new(c->arena);
		vmap_set(c->arena, e, "key",
			value_string(c->arena, m->keys[i], strlen(m->keys[i]), c->call), c->call);
		vmap_set(c->arena, e, "value", m->vals[i], c->call);
		items[i] = value_map(c->arena, e, c->call);
	}
	value *r = builtin_list(c, items, m->len);
	xfree(items);
	return r;
}

/* Key and value of entry i: a map with exactly the fields key and value,
 * or a two-element list. Returns 0 after reporting. */
static int builtin_entry(builtin_call *c, uint32_t i, const value *e, const value **k, value **v)
{
	if (e->kind == VAL_MAP) {
		const vmap *m = e->u.map;
		*k = vmap_get(m, "key");
		*v = vmap_get(m, "value");
		if (!*k || !*v || m->len != 2) {
			builtin_arg_error(c, "from_entries", 0,
				"element %u: an entry map has exactly the fields 'key' and 'value'",
				(unsigned)i + 1);
			return 0;
		}
	} else if (e->kind == VAL_LIST) {
		if (e->u.list.len != 2) {
			builtin_arg_error(c, "from_entries", 0,
				"element %u: a [key, value] pair has 2 elements, found %u",
				(unsigned)i + 1, (unsigned)e->u.list.len);
			return 0;
		}
		*k = e->u.list.items[0];
		*v = e->u.list.items[1];
	} else {
		eval_error(c->ev, builtin_arg_span(c, 0), "E0201",
			"argument 1 of 'from_entries': element %u: expected a {key, value} map or a [key, value] list, found %s",
			(unsigned)i + 1, value_type_name(e));
		return 0;
	}
	/* A secret cannot be a key: keys are printed everywhere. */
	if ((*k)->kind != VAL_STRING && (*k)->kind != VAL_UNKNOWN) {
		eval_error(c->ev, builtin_arg_span(c, 0), "E0201",
			"argument 1 of 'from_entries': element %u: expected a string key, found %s",
			(unsigned)i + 1, value_type_name(*k));
		return 0;
	}
	return 1;
}

value *builtin_fn_from_entries(builtin_call *c)
{
	const value *xs = builtin_arg_list(c, "from_entries", 0);
	if (!xs)
		return NULL;
	/* A repeated key keeps its first position and takes the last value,
	 * as it would with vmap_set in a loop over the entries. */
	vmap *m = vmap_new(c->arena);
	for (uint32_t i = 0; i < xs->u.list.len; i++) {
		const value *e = xs->u.list.items[i];
		const value *k;
		value *v;
		/* Unknown values are carried into the map, but without all
		 * of its keys the map itself is not known. */
		if (e->kind == VAL_UNKNOWN)
			return builtin_unknown_of(c, e);
		if (!builtin_entry(c, i, e, &k, &v))
			return NULL;
		if (k->kind == VAL_UNKNOWN)
			return builtin_unknown_of(c, k);
		vmap_set(c->arena, m, k->u.str.ptr, v, k->origin);
	}
	return value_map(c->arena, m, c->call);
}

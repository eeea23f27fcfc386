/* builtins.c - the table of builtin functions, the argument helpers they
 * share, the numeric builtins (min, max, abs), known_after_apply() and
 * fail().
 *
 * The evaluator calls builtin_lookup() for a name that no declaration
 * binds, checks the argument count against min_args/max_args, settles
 * unknown and secret arguments (builtins.h), and calls the function. The
 * functions themselves live in builtins_*.c by theme; they are pure: the
 * same arguments always give the same result, and nothing reads the
 * clock, the environment or the file system.
 */
#include "builtins.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "builtins_internal.h"

/* Sorted by name (strcmp order): builtin_lookup() searches it with
 * bsearch, and test_builtins checks the order. docs/stdlib.md documents
 * every entry. */
static const builtin builtin_entries[] = {
	{ "abs", 1, 1, 0, builtin_fn_abs, "abs(x: int | float): int | float",
		"absolute value of a number" },
	{ "base64_decode", 1, 1, 0, builtin_fn_base64_decode, "base64_decode(s: string): string",
		"decode standard, padded base64 into UTF-8 text" },
	{ "base64_encode", 1, 1, 0, builtin_fn_base64_encode, "base64_encode(s: string): string",
		"encode text as standard, padded base64" },
	{ "contains", 2, 2, 0, builtin_fn_contains,
		"contains(haystack: string | list, needle: any): bool",
		"substring test for strings, membership test for lists" },
	/* Sees secrets so that its message never prints a secret's text. */
	{ "fail", 1, 1, BUILTIN_SEES_SECRET, builtin_fn_fail, "fail(message: string): any",
		"stop evaluation with an error (E0310) carrying the message" },
	{ "flatten", 1, 1, 0, builtin_fn_flatten, "flatten(xs: list): list",
		"splice the elements of nested lists, one level deep" },
	{ "format", 1, -1, 0, builtin_fn_format, "format(fmt: string, args: any...): string",
		"printf-like formatting with %s, %d, %f, %v and %%" },
	{ "from_entries", 1, 1, 0, builtin_fn_from_entries, "from_entries(entries: list): map",
		"build a map from {key, value} maps or [key, value] pairs" },
	{ "has", 2, 2, 0, builtin_fn_has, "has(m: map, key: string): bool",
		"whether a map has a key" },
	{ "has_prefix", 2, 2, 0, builtin_fn_has_prefix,
		"has_prefix(s: string, prefix: string): bool",
		"whether a string starts with a prefix" },
	{ "has_suffix", 2, 2, 0, builtin_fn_has_suffix,
		"has_suffix(s: string, suffix: string): bool",
		"whether a string ends with a suffix" },
	{ "index_of", 2, 2, 0, builtin_fn_index_of, "index_of(xs: list, x: any): int",
		"position of the first element equal to x, or -1" },
	{ "is_null", 1, 1, BUILTIN_SEES_UNKNOWN | BUILTIN_SEES_SECRET, builtin_fn_is_null,
		"is_null(v: any?): bool",
		"whether a value is null; false for a secret or unknown value" },
	{ "join", 2, 2, 0, builtin_fn_join, "join(xs: list, sep: string): string",
		"concatenate the elements' text with a separator" },
	{ "json_decode", 1, 1, 0, builtin_fn_json_decode, "json_decode(s: string): any",
		"parse a JSON document" },
	{ "json_encode", 1, 1, 0, builtin_fn_json_encode, "json_encode(v: any): string",
		"compact JSON text of a value" },
	{ "keys", 1, 1, 0, builtin_fn_keys, "keys(m: map): list[string]",
		"the keys of a map, in order" },
	{ "known_after_apply", 1, 1, 0, builtin_fn_known_after_apply,
		"known_after_apply(path: string): any",
		"a value the current component produces only when it is applied" },
	{ "len", 1, 1, 0, builtin_fn_len, "len(x: string | list | map): int",
		"code points of a string, elements of a list, keys of a map" },
	{ "lower", 1, 1, 0, builtin_fn_lower, "lower(s: string): string",
		"ASCII letters to lower case" },
	{ "max", 1, -1, 0, builtin_fn_max,
		"max(x: int | float | list[int | float], more: int | float...): int | float",
		"the largest of some numbers, or of a list of numbers" },
	{ "merge", 1, -1, 0, builtin_fn_merge, "merge(m: map, more: map...): map",
		"deep merge of maps; later maps win, lists are replaced" },
	{ "min", 1, -1, 0, builtin_fn_min,
		"min(x: int | float | list[int | float], more: int | float...): int | float",
		"the smallest of some numbers, or of a list of numbers" },
	{ "range", 1, 3, 0, builtin_fn_range,
		"range(end: int) | range(start: int, end: int, step: int = 1): list[int]",
		"the integers from start (0) up to but not including end" },
	{ "regex_match", 2, 2, 0, builtin_fn_regex_match,
		"regex_match(s: string, re: string): bool",
		"whether a regular expression matches anywhere in a string" },
	{ "regex_replace", 3, 3, 0, builtin_fn_regex_replace,
		"regex_replace(s: string, re: string, replacement: string): string",
		"replace every match of a regular expression ($1, ${name} in the replacement)" },
	{ "remove", 1, -1, 0, builtin_fn_remove, "remove(m: map, keys: string...): map",
		"a copy of a map without some keys" },
	{ "replace", 3, 3, 0, builtin_fn_replace,
		"replace(s: string, old: string, new: string): string",
		"replace every occurrence of a substring" },
	{ "reverse", 1, 1, 0, builtin_fn_reverse, "reverse(xs: list): list",
		"the elements of a list in reverse order" },
	{ "sha256", 1, 1, 0, builtin_fn_sha256, "sha256(s: string): string",
		"SHA-256 digest of a string's UTF-8 bytes, as lower-case hex" },
	{ "slice", 2, 3, 0, builtin_fn_slice,
		"slice(x: list | string, start: int, end: int = len(x)): list | string",
		"the elements (or code points) from start up to but not including end" },
	{ "sort", 1, 1, 0, builtin_fn_sort, "sort(xs: list): list",
		"numbers, strings or bools in ascending order" },
	{ "split", 2, 2, 0, builtin_fn_split, "split(s: string, sep: string): list[string]",
		"the parts of a string between separators" },
	{ "to_entries", 1, 1, 0, builtin_fn_to_entries, "to_entries(m: map): list[map]",
		"a map as a list of {key, value} maps" },
	/* to_int and to_float see secrets so that their messages, which
	 * quote the text, redact it; their results are not strings. */
	{ "to_float", 1, 1, BUILTIN_SEES_SECRET, builtin_fn_to_float,
		"to_float(x: int | float | string): float",
		"convert a number or decimal text to a float" },
	{ "to_int", 1, 1, BUILTIN_SEES_SECRET, builtin_fn_to_int,
		"to_int(x: int | float | string): int",
		"convert a number (truncating) or decimal text to an int" },
	{ "to_string", 1, 1, 0, builtin_fn_to_string,
		"to_string(x: string | int | float | bool | null): string",
		"the text of a value, as in string interpolation" },
	{ "trim", 1, 1, 0, builtin_fn_trim, "trim(s: string): string",
		"remove ASCII white space from both ends" },
	{ "unique", 1, 1, 0, builtin_fn_unique, "unique(xs: list): list",
		"the list without repeated elements, first occurrences kept" },
	{ "upper", 1, 1, 0, builtin_fn_upper, "upper(s: string): string",
		"ASCII letters to upper case" },
	{ "values", 1, 1, 0, builtin_fn_values, "values(m: map): list",
		"the values of a map, in key order" },
	{ "yaml_decode", 1, 1, 0, builtin_fn_yaml_decode, "yaml_decode(s: string): any",
		"parse a single YAML document" },
	{ "yaml_encode", 1, 1, 0, builtin_fn_yaml_encode, "yaml_encode(v: any): string",
		"YAML text of a value, one document ending in a newline" },
};

#define BUILTIN_COUNT (sizeof(builtin_entries) / sizeof(builtin_entries[0]))

static int builtin_cmp_name(const void *key, const void *entry)
{
	return strcmp((const char *)key, ((const builtin *)entry)->name);
}

const builtin *builtin_lookup(const char *name)
{
	return bsearch(name, builtin_entries, BUILTIN_COUNT, sizeof(builtin), builtin_cmp_name);
}

const builtin *builtin_table(size_t *count)
{
	*count = BUILTIN_COUNT;
	return builtin_entries;
}

/* ---- argument helpers -------------------------------------------------------- */

value *builtin_type_error(builtin_call *c, const char *fn, uint32_t i, const char *expected)
{
	return eval_error(c->ev, builtin_arg_span(c, i), "E0201",
		"argument %u of '%s': expected %s, found %s", (unsigned)i + 1, fn, expected,
		value_type_name(c->args[i]));
}

value *builtin_arg_error(builtin_call *c, const char *fn, uint32_t i, const char *fmt, ...)
{
	strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	eval_error(c->ev, builtin_arg_span(c, i), "E0311", "argument %u of '%s': %s",
		(unsigned)i + 1, fn, msg.buf);
	strbuf_release(&msg);
	return NULL;
}

int builtin_is_string(const value *v)
{
	return v->kind == VAL_STRING || v->kind == VAL_SECRET;
}

int builtin_arg_string(builtin_call *c, const char *fn, uint32_t i, strview *out)
{
	const value *v = c->args[i];
	if (!builtin_is_string(v)) {
		builtin_type_error(c, fn, i, "string");
		return 0;
	}
	*out = strview_of(v->u.str.ptr, v->u.str.len);
	return 1;
}

int builtin_arg_int(builtin_call *c, const char *fn, uint32_t i, int64_t *out)
{
	const value *v = c->args[i];
	if (v->kind != VAL_INT) {
		builtin_type_error(c, fn, i, "int");
		return 0;
	}
	*out = v->u.integer;
	return 1;
}

const value *builtin_arg_list(builtin_call *c, const char *fn, uint32_t i)
{
	if (c->args[i]->kind != VAL_LIST)
		return builtin_type_error(c, fn, i, "list");
	return c->args[i];
}

const vmap *builtin_arg_map(builtin_call *c, const char *fn, uint32_t i)
{
	if (c->args[i]->kind != VAL_MAP) {
		builtin_type_error(c, fn, i, "map");
		return NULL;
	}
	return c->args[i]->u.map;
}

int builtin_check_string_len(builtin_call *c, const char *fn, size_t len)
{
	if (len <= EVAL_MAX_STRING)
		return 1;
	eval_error(c->ev, c->call, "E0311",
		"the result of '%s' would be longer than the limit of %u bytes", fn,
		(unsigned)EVAL_MAX_STRING);
	return 0;
}

int builtin_check_list_len(builtin_call *c, const char *fn, uint64_t count)
{
	if (count <= EVAL_MAX_LIST)
		return 1;
	eval_error(c->ev, c->call, "E0311",
		"the result of '%s' would have %llu elements; the limit is %u", fn,
		(unsigned long long)count, (unsigned)EVAL_MAX_LIST);
	return 0;
}

value *builtin_string(builtin_call *c, const char *fn, const char *s, size_t len)
{
	if (!builtin_check_string_len(c, fn, len))
		return NULL;
	return value_string(c->arena, s, len, c->call);
}

value *builtin_string_take(builtin_call *c, const char *fn, strbuf *sb)
{
	value *v = builtin_string(c, fn, sb->buf, sb->len);
	strbuf_release(sb);
	return v;
}

size_t builtin_utf8_count(const char *s, size_t len)
{
	/* Strings are valid UTF-8 (the lexer and every decoder check), so
	 * counting the bytes that do not continue a sequence counts code
	 * points. */
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

const value *builtin_find_unknown(const value *v)
{
	if (v->kind == VAL_UNKNOWN)
		return v;
	if (v->kind == VAL_LIST) {
		for (uint32_t i = 0; i < v->u.list.len; i++) {
			const value *u = builtin_find_unknown(v->u.list.items[i]);
			if (u)
				return u;
		}
	} else if (v->kind == VAL_MAP) {
		for (uint32_t i = 0; i < v->u.map->len; i++) {
			const value *u = builtin_find_unknown(v->u.map->vals[i]);
			if (u)
				return u;
		}
	}
	return NULL;
}

value *builtin_unknown_of(builtin_call *c, const value *u)
{
	return value_unknown(c->arena, u->u.unknown.producer, u->u.unknown.path, c->call);
}

value *builtin_unknown_inside(builtin_call *c)
{
	for (uint32_t i = 0; i < c->nargs; i++) {
		const value *u = builtin_find_unknown(c->args[i]);
		if (u)
			return builtin_unknown_of(c, u);
	}
	return NULL;
}

value *builtin_secret_if_nested(builtin_call *c, value *r)
{
	if (!r || r->kind != VAL_STRING)
		return r;
	for (uint32_t i = 0; i < c->nargs; i++) {
		if (value_contains_secret(c->args[i])) {
			r->kind = VAL_SECRET; /* r is new, made by this call */
			break;
		}
	}
	return r;
}

const value *builtin_reveal(arena *a, const value *v)
{
	if (!value_contains_secret(v))
		return v;
	if (v->kind == VAL_SECRET)
		return value_string(a, v->u.str.ptr, v->u.str.len, v->origin);
	if (v->kind == VAL_LIST) {
		value *copy = value_list(a, v->u.list.items, v->u.list.len, v->origin);
		for (uint32_t i = 0; i < copy->u.list.len; i++)
			copy->u.list.items[i] = (value *)builtin_reveal(a, copy->u.list.items[i]);
		return copy;
	}
	/* Only lists and maps can hold a secret inside. */
	vmap *m = vmap_copy(a, v->u.map);
	for (uint32_t i = 0; i < m->len; i++)
		m->vals[i] = (value *)builtin_reveal(a, m->vals[i]);
	return value_map(a, m, v->origin);
}

/* ---- numbers ------------------------------------------------------------------ */

/* min and max share everything but the direction: `sign` is -1 for min,
 * 1 for max. Ints and floats compare by numeric value (value_compare);
 * the result is the winning argument itself, so max(1, 2.0) is the float
 * 2.0 and max(2, 2.0) is the int 2 (the first of equals wins). */
static value *builtin_extreme(builtin_call *c, const char *fn, int sign)
{
	value *const *items = c->args;
	uint32_t n = c->nargs;
	int from_list = 0;
	value *u = builtin_unknown_inside(c);
	if (u)
		return u;

	if (c->nargs == 1 && c->args[0]->kind == VAL_LIST) {
		items = c->args[0]->u.list.items;
		n = c->args[0]->u.list.len;
		from_list = 1;
		if (n == 0)
			return builtin_arg_error(c, fn, 0, "the list is empty");
	}
	const value *best = NULL;
	for (uint32_t i = 0; i < n; i++) {
		const value *v = items[i];
		if (v->kind != VAL_INT && v->kind != VAL_FLOAT) {
			if (!from_list)
				return builtin_type_error(c, fn, i,
					c->nargs == 1 ? "int, float or list" : "int or float");
			return eval_error(c->ev, builtin_arg_span(c, 0), "E0201",
				"argument 1 of '%s': element %u: expected int or float, found %s",
				fn, (unsigned)i + 1, value_type_name(v));
		}
		/* NaN compares equal to everything in value_compare, so it
		 * would win or lose by position; instead any number beats
		 * it, and a NaN is the result only when every value is NaN. */
		if (!best || (best->kind == VAL_FLOAT && isnan(best->u.number)) ||
			value_compare(v, best) * sign > 0)
			best = v;
	}
	return value_with_origin(c->arena, best, c->call);
}

value *builtin_fn_min(builtin_call *c)
{
	return builtin_extreme(c, "min", -1);
}

value *builtin_fn_max(builtin_call *c)
{
	return builtin_extreme(c, "max", 1);
}

value *builtin_fn_abs(builtin_call *c)
{
	const value *x = c->args[0];
	if (x->kind == VAL_FLOAT)
		return value_float(c->arena, fabs(x->u.number), c->call);
	if (x->kind != VAL_INT)
		return builtin_type_error(c, "abs", 0, "int or float");
	/* -INT64_MIN does not exist in two's complement. */
	if (x->u.integer == INT64_MIN)
		return eval_error(c->ev, c->call, "E0301",
			"integer overflow: the absolute value of %lld does not fit in 64 bits",
			(long long)x->u.integer);
	return value_int(c->arena, x->u.integer < 0 ? -x->u.integer : x->u.integer, c->call);
}

/* ---- fail ------------------------------------------------------------------- */

value *builtin_fn_fail(builtin_call *c)
{
	const value *m = c->args[0];
	if (!builtin_is_string(m))
		return builtin_type_error(c, "fail", 0, "string");
	/* fail() sees secrets (see the table): a secret message must not
	 * reach the diagnostics, which are printed and logged. */
	if (m->kind == VAL_SECRET)
		return eval_error(c->ev, c->call, "E0310", "%s", VALUE_SECRET_MARK);
	return eval_error(c->ev, c->call, "E0310", "%s", m->u.str.ptr);
}

/* ---- known_after_apply --------------------------------------------------------- */

value *builtin_fn_known_after_apply(builtin_call *c)
{
	strview path;
	if (!builtin_arg_string(c, "known_after_apply", 0, &path))
		return NULL;
	/* The producer is the component being evaluated: that is what the
	 * plan must apply before the value exists. Elsewhere there is no
	 * producer to name and nothing that would ever make it known. */
	if (!c->component)
		return eval_error(c->ev, c->call, "E0311",
			"'known_after_apply' can only be used inside a component");
	if (path.len == 0)
		return builtin_arg_error(c, "known_after_apply", 0, "the path is empty");
	/* Applied already: the value the runtime recorded (--state). */
	const char *key = arena_strndup(c->arena, path.ptr, path.len);
	const value *recorded = eval_recorded(c->ev, c->component, key);
	if (recorded)
		return (value *)recorded;
	return value_unknown(c->arena, arena_strdup(c->arena, c->component),
		arena_strndup(c->arena, path.ptr, path.len), c->call);
}

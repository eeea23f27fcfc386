/* builtins_str.c - string builtins: len, upper, lower, trim, replace,
 * split, join, contains, has_prefix, has_suffix, format, and the regular
 * expression builtins regex_match and regex_replace (PCRE2).
 *
 * Strings are valid UTF-8 without NUL bytes (the lexer and every decoder
 * guarantee it), and every function here keeps them so: they cut text
 * only at the boundaries of whole matches of valid UTF-8 needles, and
 * upper/lower touch ASCII letters only.
 */
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../base/xalloc.h"
#include "builtins_internal.h"
#include "value_codec.h"

/* Position of needle in hay at or after `from`, or -1. The search is the
 * plain one (memchr for the first byte, then memcmp): O(n*m) in the
 * worst case, which configuration-sized strings never reach in practice.
 * needle.len must be at least 1. */
static long builtin_find(strview hay, strview needle, size_t from)
{
	if (needle.len > hay.len)
		return -1;
	size_t last = hay.len - needle.len;
	while (from <= last) {
		const char *p = memchr(hay.ptr + from, needle.ptr[0], last - from + 1);
		if (!p)
			return -1;
		size_t at = (size_t)(p - hay.ptr);
		if (memcmp(p, needle.ptr, needle.len) == 0)
			return (long)at;
		from = at + 1;
	}
	return -1;
}

/* ---- len, upper, lower, trim --------------------------------------------- */

value *builtin_fn_len(builtin_call *c)
{
	const value *x = c->args[0];
	size_t n;
	if (builtin_is_string(x))
		n = builtin_utf8_count(x->u.str.ptr, x->u.str.len);
	else if (x->kind == VAL_LIST)
		n = x->u.list.len;
	else if (x->kind == VAL_MAP)
		n = x->u.map->len;
	else
		return builtin_type_error(c, "len", 0, "string, list or map");
	return value_int(c->arena, (int64_t)n, c->call);
}

/* Case mapping is ASCII only: full Unicode case mapping needs tables
 * (and can change a string's length, as "ß" -> "SS" does); names, labels
 * and hosts, which is what configurations change the case of, are
 * ASCII. */
static value *builtin_map_case(builtin_call *c, const char *fn, int to_upper)
{
	strview s;
	if (!builtin_arg_string(c, fn, 0, &s))
		return NULL;
	value *r = value_string(c->arena, s.ptr, s.len, c->call);
	char *p = (char *)r->u.str.ptr;
	for (size_t i = 0; i < s.len; i++) {
		if (to_upper && p[i] >= 'a' && p[i] <= 'z')
			p[i] = (char)(p[i] - 'a' + 'A');
		else if (!to_upper && p[i] >= 'A' && p[i] <= 'Z')
			p[i] = (char)(p[i] - 'A' + 'a');
	}
	return r;
}

value *builtin_fn_upper(builtin_call *c)
{
	return builtin_map_case(c, "upper", 1);
}

value *builtin_fn_lower(builtin_call *c)
{
	return builtin_map_case(c, "lower", 0);
}

static int builtin_is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

value *builtin_fn_trim(builtin_call *c)
{
	strview s;
	if (!builtin_arg_string(c, "trim", 0, &s))
		return NULL;
	size_t start = 0, end = s.len;
	while (start < end && builtin_is_space(s.ptr[start]))
		start++;
	while (end > start && builtin_is_space(s.ptr[end - 1]))
		end--;
	return value_string(c->arena, s.ptr + start, end - start, c->call);
}

/* ---- replace, split, join ------------------------------------------------ */

value *builtin_fn_replace(builtin_call *c)
{
	strview s, old, new;
	if (!builtin_arg_string(c, "replace", 0, &s) ||
		!builtin_arg_string(c, "replace", 1, &old) ||
		!builtin_arg_string(c, "replace", 2, &new))
		return NULL;
	/* An empty `old` matches between every two characters; Go inserts
	 * `new` there, Python too, but it is almost always a mistake in a
	 * configuration, so it is refused. */
	if (old.len == 0)
		return builtin_arg_error(c, "replace", 1, "the string to replace is empty");

	/* Count first, so that the size is checked before anything is
	 * built: "a" * 2^28 with every "a" replaced by a long string would
	 * otherwise grow without bound. */
	size_t count = 0;
	for (long at = builtin_find(s, old, 0); at >= 0;
		at = builtin_find(s, old, (size_t)at + old.len))
		count++;
	if (count == 0)
		return value_string(c->arena, s.ptr, s.len, c->call);
	size_t rest = s.len - count * old.len;
	size_t size;
	if (rest > EVAL_MAX_STRING || (new.len &&count > (EVAL_MAX_STRING - rest) / new.len))
		size = (size_t)EVAL_MAX_STRING + 1; /* the product could overflow: say "too long" */
	else
		size = rest + count * new.len;
	if (!builtin_check_string_len(c, "replace", size))
		return NULL;

	strbuf out = STRBUF_INIT;
	strbuf_grow(&out, size);
	size_t from = 0;
	for (long at = builtin_find(s, old, 0); at >= 0; at = builtin_find(s, old, from)) {
		strbuf_add(&out, s.ptr + from, (size_t)at - from);
		strbuf_add(&out, new.ptr, new.len);
		from = (size_t)at + old.len;
	}
	strbuf_add(&out, s.ptr + from, s.len - from);
	return builtin_string_take(c, "replace", &out);
}

value *builtin_fn_split(builtin_call *c)
{
	strview s, sep;
	if (!builtin_arg_string(c, "split", 0, &s) || !builtin_arg_string(c, "split", 1, &sep))
		return NULL;
	if (sep.len == 0)
		return builtin_arg_error(c, "split", 1, "the separator is empty");

	uint64_t parts = 1;
	for (long at = builtin_find(s, sep, 0); at >= 0;
		at = builtin_find(s, sep, (size_t)at + sep.len))
		parts++;
	if (!builtin_check_list_len(c, "split", parts))
		return NULL;

	/* Like Go's strings.Split: n separators give n + 1 parts, so ""
	 * gives [""] and ",a," gives ["", "a", ""]. */
	value **items = xmalloc((size_t)parts * sizeof(*items));
	size_t from = 0;
	uint32_t n = 0;
	for (long at = builtin_find(s, sep, 0); at >= 0; at = builtin_find(s, sep, from)) {
		items[n++] = value_string(c->arena, s.ptr + from, (size_t)at - from, c->call);
		from = (size_t)at + sep.len;
	}
	items[n++] = value_string(c->arena, s.ptr + from, s.len - from, c->call);
	value *r = value_list(c->arena, items, n, c->call);
	xfree(items);
	return r;
}

value *builtin_fn_join(builtin_call *c)
{
	const value *xs = builtin_arg_list(c, "join", 0);
	strview sep;
	if (!xs || !builtin_arg_string(c, "join", 1, &sep))
		return NULL;
	value *u = builtin_unknown_inside(c);
	if (u)
		return u;

	strbuf out = STRBUF_INIT;
	for (uint32_t i = 0; i < xs->u.list.len; i++) {
		const value *e = xs->u.list.items[i];
		/* Strings are the only big pieces: check them before they
		 * are copied; numbers and bools add a few bytes at most. */
		size_t piece = builtin_is_string(e) ? e->u.str.len : 32;
		if (!builtin_check_string_len(c, "join", out.len + sep.len + piece)) {
			strbuf_release(&out);
			return NULL;
		}
		if (i)
			strbuf_add(&out, sep.ptr, sep.len);
		/* The same text as "${e}": numbers, bools and null join too. */
		if (!value_to_text(e, &out)) {
			strbuf_release(&out);
			return eval_error(c->ev, builtin_arg_span(c, 0), "E0201",
				"argument 1 of 'join': element %u: expected string, number, bool or null, found %s",
				(unsigned)i + 1, value_type_name(e));
		}
	}
	return builtin_secret_if_nested(c, builtin_string_take(c, "join", &out));
}

/* ---- contains, has_prefix, has_suffix -------------------------------------- */

value *builtin_fn_contains(builtin_call *c)
{
	const value *h = c->args[0];
	const value *needle = c->args[1];
	int found = 0;

	if (builtin_is_string(h)) {
		strview n;
		if (!builtin_arg_string(c, "contains", 1, &n))
			return NULL;
		found = n.len == 0 ||
			builtin_find(strview_of(h->u.str.ptr, h->u.str.len), n, 0) >= 0;
	} else if (h->kind == VAL_LIST) {
		/* value_equal: 1 and 1.0 are equal; secrets and unknowns are
		 * never equal to anything. An unknown element (or needle)
		 * might be equal, so without a known match the answer is
		 * unknown too. */
		const value *u = builtin_find_unknown(needle);
		for (uint32_t i = 0; i < h->u.list.len && !found; i++) {
			found = value_equal(h->u.list.items[i], needle);
			if (!u)
				u = builtin_find_unknown(h->u.list.items[i]);
		}
		if (!found && u)
			return builtin_unknown_of(c, u);
	} else {
		return builtin_type_error(c, "contains", 0, "string or list");
	}
	return value_bool(c->arena, found, c->call);
}

static value *builtin_affix(builtin_call *c, const char *fn, int suffix)
{
	strview s, a;
	if (!builtin_arg_string(c, fn, 0, &s) || !builtin_arg_string(c, fn, 1, &a))
		return NULL;
	int yes =
		a.len <= s.len && memcmp(suffix ? s.ptr + s.len - a.len : s.ptr, a.ptr, a.len) == 0;
	return value_bool(c->arena, yes, c->call);
}

value *builtin_fn_has_prefix(builtin_call *c)
{
	return builtin_affix(c, "has_prefix", 0);
}

value *builtin_fn_has_suffix(builtin_call *c)
{
	return builtin_affix(c, "has_suffix", 1);
}

/* ---- format ---------------------------------------------------------------- */

/* Bytes of the UTF-8 sequence starting at s[0] (1 for a stray byte), so
 * that a message quoting an unknown verb like "%é" quotes all of it. */
static size_t builtin_char_len(const char *s, size_t len)
{
	int n = src_utf8_decode(s, len, NULL);
	return n > 0 ? (size_t)n : 1;
}

/* Checks the verbs of a format string and counts those that take an
 * argument. Returns -1 after reporting a bad verb. */
static long builtin_format_count(builtin_call *c, strview f)
{
	long verbs = 0;
	for (size_t i = 0; i < f.len; i++) {
		if (f.ptr[i] != '%')
			continue;
		if (++i == f.len) {
			builtin_arg_error(c, "format", 0,
				"the format ends with a lone '%%'; write %%%% for a percent sign");
			return -1;
		}
		switch (f.ptr[i]) {
		case '%':
			break;
		case 's':
		case 'd':
		case 'f':
		case 'v':
			verbs++;
			break;
		default:
			builtin_arg_error(c, "format", 0,
				"unknown verb '%%%.*s'; the verbs are %%s, %%d, %%f, %%v and %%%%",
				(int)builtin_char_len(f.ptr + i, f.len - i), f.ptr + i);
			return -1;
		}
	}
	return verbs;
}

/* Appends one argument for one verb; 0 after reporting. */
static int builtin_format_arg(builtin_call *c, char verb, uint32_t ai, strbuf *out)
{
	const value *v = c->args[ai];
	switch (verb) {
	case 's':
		if (value_to_text(v, out))
			return 1;
		builtin_type_error(c, "format", ai, "string, number, bool or null for %s");
		return 0;
	case 'd':
		if (v->kind == VAL_INT) {
			value_to_text(v, out);
			return 1;
		}
		builtin_type_error(c, "format", ai, "int for %d");
		return 0;
	case 'f':
		/* An int is shown as the float it converts to: 3 -> "3.0". */
		if (v->kind == VAL_INT || v->kind == VAL_FLOAT) {
			value_format_float(
				v->kind == VAL_INT ? (double)v->u.integer : v->u.number, out);
			return 1;
		}
		builtin_type_error(c, "format", ai, "int or float for %f");
		return 0;
	default: /* 'v' */
		if (v->kind == VAL_LIST || v->kind == VAL_MAP) {
			strbuf err = STRBUF_INIT;
			int rc = value_write_json(builtin_reveal(c->arena, v), 0, out, &err);
			if (rc < 0)
				builtin_arg_error(c, "format", ai, "%s", err.buf);
			strbuf_release(&err);
			return rc >= 0;
		}
		if (value_to_text(v, out))
			return 1;
		builtin_type_error(c, "format", ai, "a value that can be printed for %v");
		return 0;
	}
}

value *builtin_fn_format(builtin_call *c)
{
	strview f;
	if (!builtin_arg_string(c, "format", 0, &f))
		return NULL;
	long verbs = builtin_format_count(c, f);
	if (verbs < 0)
		return NULL;
	value *u = builtin_unknown_inside(c);
	if (u)
		return u;
	if ((unsigned long)verbs > c->nargs - 1u)
		return builtin_arg_error(c, "format", 0,
			"the format has %ld verb%s but %u argument%s follow%s it", verbs,
			verbs == 1 ? "" : "s", c->nargs - 1u, c->nargs == 2 ? "" : "s",
			c->nargs == 2 ? "s" : "");
	if ((unsigned long)verbs < c->nargs - 1u)
		return builtin_arg_error(c, "format", (uint32_t)verbs + 1,
			"not used: the format has only %ld verb%s", verbs, verbs == 1 ? "" : "s");

	strbuf out = STRBUF_INIT;
	uint32_t ai = 1;
	for (size_t i = 0; i < f.len; i++) {
		if (f.ptr[i] != '%') {
			strbuf_addch(&out, f.ptr[i]);
			continue;
		}
		char verb = f.ptr[++i];
		if (verb == '%') {
			strbuf_addch(&out, '%');
		} else if (!builtin_format_arg(c, verb, ai++, &out)) {
			strbuf_release(&out);
			return NULL;
		}
		if (!builtin_check_string_len(c, "format", out.len)) {
			strbuf_release(&out);
			return NULL;
		}
	}
	return builtin_secret_if_nested(c, builtin_string_take(c, "format", &out));
}

/* ---- regular expressions ----------------------------------------------------
 * PCRE2 in UTF mode, Perl syntax. Patterns come from configuration and
 * may come from a library the user did not write, so matching is bounded:
 * a pattern like (a+)+$ backtracks exponentially, and without limits one
 * regex_match call could hang a build. PCRE2 counts the work and stops;
 * the limits are far above what any sensible pattern needs on
 * configuration-sized strings. Nothing is cached between calls (no
 * global state): a pattern is compiled for every call. */

#define BUILTIN_REGEX_MATCH_LIMIT 1000000u
#define BUILTIN_REGEX_DEPTH_LIMIT 100000u

typedef struct builtin_regex {
	pcre2_general_context *gen;
	pcre2_compile_context *cctx;
	pcre2_match_context *mctx;
	pcre2_code *code;
	pcre2_match_data *md;
} builtin_regex;

/* PCRE2's allocations go through the xmalloc family like everything
 * else (STYLE.md): out-of-memory aborts instead of surfacing as a
 * confusing match error. */
static void *builtin_pcre2_malloc(size_t size, void *data)
{
	(void)data;
	return xmalloc(size ? size : 1);
}

static void builtin_pcre2_free(void *p, void *data)
{
	(void)data;
	xfree(p);
}

static void builtin_regex_release(builtin_regex *rx)
{
	pcre2_match_data_free(rx->md);
	pcre2_code_free(rx->code);
	pcre2_match_context_free(rx->mctx);
	pcre2_compile_context_free(rx->cctx);
	pcre2_general_context_free(rx->gen);
}

/* Compiles argument `ai` of c as a pattern. Returns 0 after reporting
 * (the caller still releases rx). */
static int builtin_regex_compile(builtin_call *c, const char *fn, uint32_t ai, builtin_regex *rx)
{
	strview re;
	if (!builtin_arg_string(c, fn, ai, &re))
		return 0;
	rx->gen = pcre2_general_context_create(builtin_pcre2_malloc, builtin_pcre2_free, NULL);
	rx->cctx = pcre2_compile_context_create(rx->gen);
	rx->mctx = pcre2_match_context_create(rx->gen);
	pcre2_set_match_limit(rx->mctx, BUILTIN_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(rx->mctx, BUILTIN_REGEX_DEPTH_LIMIT);

	int code;
	PCRE2_SIZE offset;
	/* \C matches one byte and could split a UTF-8 sequence: strings
	 * must stay valid UTF-8, so it is refused at compile time. */
	rx->code = pcre2_compile((PCRE2_SPTR)re.ptr, re.len, PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C,
		&code, &offset, rx->cctx);
	if (!rx->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		/* PCRE2 counts bytes; people count characters. */
		builtin_arg_error(c, fn, ai, "invalid regular expression: %s (at character %zu)",
			(const char *)msg, builtin_utf8_count(re.ptr, offset) + 1);
		return 0;
	}
	rx->md = pcre2_match_data_create_from_pattern(rx->code, rx->gen);
	return 1;
}

/* Reports a failed match or substitution (rc < 0, not "no match"). */
static value *builtin_regex_error(builtin_call *c, const char *fn, uint32_t ai, int rc)
{
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		rc == PCRE2_ERROR_HEAPLIMIT)
		return builtin_arg_error(c, fn, ai,
			"regular expression too expensive: matching it against this string passed the backtracking limit");
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return builtin_arg_error(c, fn, ai, "%s", (const char *)msg);
}

value *builtin_fn_regex_match(builtin_call *c)
{
	strview s;
	if (!builtin_arg_string(c, "regex_match", 0, &s))
		return NULL;
	builtin_regex rx = { 0 };
	value *result = NULL;
	if (!builtin_regex_compile(c, "regex_match", 1, &rx))
		goto done;
	/* Search, not anchored, like Go's MatchString: write ^...$ to match
	 * the whole string. */
	int rc = pcre2_match(rx.code, (PCRE2_SPTR)s.ptr, s.len, 0, 0, rx.md, rx.mctx);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		builtin_regex_error(c, "regex_match", 1, rc);
	else
		result = value_bool(c->arena, rc >= 0, c->call);
done:
	builtin_regex_release(&rx);
	return result;
}

/* Substitution errors that are about the replacement text rather than
 * the pattern, so that the caret points at the right argument. */
static int builtin_is_replacement_error(int rc)
{
	return rc == PCRE2_ERROR_BADREPLACEMENT || rc == PCRE2_ERROR_BADREPESCAPE ||
		rc == PCRE2_ERROR_REPMISSINGBRACE || rc == PCRE2_ERROR_BADSUBSTITUTION ||
		rc == PCRE2_ERROR_BADSUBSPATTERN || rc == PCRE2_ERROR_NOSUBSTRING ||
		rc == PCRE2_ERROR_UNSET;
}

value *builtin_fn_regex_replace(builtin_call *c)
{
	strview s, rep;
	if (!builtin_arg_string(c, "regex_replace", 0, &s) ||
		!builtin_arg_string(c, "regex_replace", 2, &rep))
		return NULL;
	builtin_regex rx = { 0 };
	value *result = NULL;
	char *buf = NULL;
	if (!builtin_regex_compile(c, "regex_replace", 1, &rx))
		goto done;

	/* Standard PCRE2 replacement syntax: $1, ${1}, ${name}, $$ for a
	 * dollar sign; an unset group gives the empty string; a group that
	 * does not exist is an error. */
	uint32_t opts = PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH |
		PCRE2_SUBSTITUTE_UNSET_EMPTY;
	PCRE2_SIZE cap = s.len + rep.len + 64;
	for (int attempt = 0; attempt < 2; attempt++) {
		PCRE2_SIZE outlen = cap;
		buf = xrealloc(buf, cap);
		int rc = pcre2_substitute(rx.code, (PCRE2_SPTR)s.ptr, s.len, 0, opts, rx.md,
			rx.mctx, (PCRE2_SPTR)rep.ptr, rep.len, (PCRE2_UCHAR *)buf, &outlen);
		if (rc >= 0) {
			result = builtin_string(c, "regex_replace", buf, outlen);
			goto done;
		}
		/* Too small: outlen is now the size needed, terminating NUL
		 * included. Check it against the limit before allocating;
		 * the second attempt cannot fail for lack of room. */
		if (rc == PCRE2_ERROR_NOMEMORY && attempt == 0) {
			if (!builtin_check_string_len(c, "regex_replace", outlen - 1))
				goto done;
			cap = outlen;
			continue;
		}
		builtin_regex_error(
			c, "regex_replace", builtin_is_replacement_error(rc) ? 2 : 1, rc);
		goto done;
	}
done:
	xfree(buf);
	builtin_regex_release(&rx);
	return result;
}

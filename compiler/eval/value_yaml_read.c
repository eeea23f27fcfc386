/* value_yaml_read.c - YAML text as values (`--values FILE.yaml`, the
 * yaml_decode builtin).
 *
 * libyaml's parser delivers events; this file builds values from them
 * with one recursive walk, bounded by CODEC_MAX_DEPTH. What it refuses
 * and why:
 *   - anchors and aliases: an alias is a pointer, and pointers to
 *     pointers are how "billion laughs" documents blow up a reader
 *     (CVE-2019-11253). Values files have no use for them.
 *   - more than one document: a value is one document.
 *   - tags other than YAML's core ones (!!str, !!int, ...): they name
 *     types that Stack does not have.
 *   - duplicate keys: a later key silently winning hides mistakes.
 *
 * Plain scalars are resolved with the YAML 1.2 core schema: `yes`, `on`
 * and `NO` are strings, `0o17` and `0x1F` are integers, `017` is 17.
 * The writer (value_yaml.c) quotes for the stricter 1.1 readers, so our
 * own output always reads back as what was written.
 */
#include "value_codec.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../base/xalloc.h"
#include "value_codec_internal.h"

typedef struct yaml_reader {
	yaml_parser_t parser;
	arena *a;
	src_span origin;
	strbuf *err;
	const char *text;
	size_t len;
	unsigned depth;
} yaml_reader;

static value *yr_fail(yaml_reader *r, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* libyaml marks are 0-based and count characters, as our columns do. */
static value *yr_fail(yaml_reader *r, yaml_mark_t m, const char *fmt, ...)
{
	strbuf_addf(r->err, "line %lu, column %lu: ", (unsigned long)m.line + 1,
		(unsigned long)m.column + 1);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(r->err, fmt, ap);
	va_end(ap);
	return NULL;
}

/* Text quoted in a message: cut long ones, never inside a character. */
static void yr_quote(strbuf *out, const char *s, size_t len)
{
	size_t n = len;
	if (n > 60) {
		n = 57;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	strbuf_addch(out, '\'');
	for (size_t i = 0; i < n; i++)
		strbuf_addch(out, (unsigned char)s[i] < 0x20 ? '?' : s[i]);
	strbuf_adds(out, n < len ? "...'" : "'");
}

/* The next event, or -1 with the parser's message in r->err. */
static int yr_next(yaml_reader *r, yaml_event_t *ev)
{
	if (yaml_parser_parse(&r->parser, ev))
		return 0;
	yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	unsigned long line, col;
	if (p->error == YAML_MEMORY_ERROR) {
		strbuf_adds(r->err, "line 1, column 1: out of memory");
		return -1;
	}
	if (p->error == YAML_READER_ERROR) {
		/* Encoding problems carry a byte offset, not a mark. */
		codec_line_col(r->text, r->len, p->problem_offset, &line, &col);
		strbuf_addf(r->err, "line %lu, column %lu: %s", line, col, problem);
		if (p->problem_value != -1)
			strbuf_addf(r->err, " (byte 0x%02X)", (unsigned)p->problem_value);
		return -1;
	}
	strbuf_addf(r->err, "line %lu, column %lu: %s", (unsigned long)p->problem_mark.line + 1,
		(unsigned long)p->problem_mark.column + 1, problem);
	if (p->context)
		strbuf_addf(r->err, " (%s at line %lu, column %lu)", p->context,
			(unsigned long)p->context_mark.line + 1,
			(unsigned long)p->context_mark.column + 1);
	return -1;
}

/* ---- scalars: the YAML 1.2 core schema --------------------------------- */

static int yr_is(const char *s, const char *a, const char *b, const char *c)
{
	return strcmp(s, a) == 0 || strcmp(s, b) == 0 || strcmp(s, c) == 0;
}

static int yr_core_null(const char *s, size_t len)
{
	return len == 0 || strcmp(s, "~") == 0 || yr_is(s, "null", "Null", "NULL");
}

/* 1 for true, 0 for false, -1 if not a core boolean. */
static int yr_core_bool(const char *s)
{
	if (yr_is(s, "true", "True", "TRUE"))
		return 1;
	if (yr_is(s, "false", "False", "FALSE"))
		return 0;
	return -1;
}

/* Value of digit c in base 8, 10 or 16, or -1. */
static int yr_digit(char c, int base)
{
	int d;
	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < base ? d : -1;
}

static int yr_all_digits(const char *s, size_t len, int base)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (yr_digit(s[i], base) < 0)
			return 0;
	return 1;
}

/* Core ints: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+. Returns the base,
 * or 0 if s is not one. */
static int yr_core_int(const char *s, size_t len)
{
	if (len > 2 && s[0] == '0' && s[1] == 'o' && yr_all_digits(s + 2, len - 2, 8))
		return 8;
	if (len > 2 && s[0] == '0' && s[1] == 'x' && yr_all_digits(s + 2, len - 2, 16))
		return 16;
	size_t i = s[0] == '-' || s[0] == '+';
	return yr_all_digits(s + i, len - i, 10) ? 10 : 0;
}

/* Core floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
 * Infinities and NaN are recognised separately (yr_core_special). */
static int yr_core_float(const char *s, size_t len)
{
	size_t i = 0, digits = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		i++;
		digits++;
	}
	if (i < len && s[i] == '.') {
		size_t frac = 0;
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			i++;
			frac++;
		}
		/* "1." is a float, "." and ".e1" are not. */
		if (!digits && !frac)
			return 0;
	} else if (!digits) {
		return 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t exp = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			i++;
			exp++;
		}
		if (!exp)
			return 0;
	}
	return i == len;
}

/* [-+]?\.(inf|Inf|INF) and \.(nan|NaN|NAN) */
static int yr_core_special(const char *s)
{
	const char *t = s[0] == '-' || s[0] == '+' ? s + 1 : s;
	return yr_is(t, ".inf", ".Inf", ".INF") || yr_is(s, ".nan", ".NaN", ".NAN");
}

/* An int of the given base. Too big for int64: a float, as the
 * contract says (JSON numbers behave the same way). */
static value *yr_int(yaml_reader *r, const yaml_event_t *ev, const char *s, int base)
{
	if (base == 10) {
		errno = 0;
		long long n = strtoll(s, NULL, 10);
		if (errno != ERANGE)
			return value_int(r->a, (int64_t)n, r->origin);
		return value_float(r->a, strtod(s, NULL), r->origin);
	}
	uint64_t n = 0;
	double d = 0;
	int big = 0;
	for (const char *p = s + 2; *p; p++) {
		int dig = yr_digit(*p, base);
		d = d * base + dig;
		if (!big && n <= ((uint64_t)INT64_MAX - (uint64_t)dig) / (uint64_t)base)
			n = n * (uint64_t)base + (uint64_t)dig;
		else
			big = 1;
	}
	if (big) {
		if (!isfinite(d))
			return yr_fail(r, ev->start_mark, "number '%s' is too large", s);
		return value_float(r->a, d, r->origin);
	}
	return value_int(r->a, (int64_t)n, r->origin);
}

static value *yr_float(yaml_reader *r, const yaml_event_t *ev, const char *s)
{
	errno = 0;
	double d = strtod(s, NULL);
	/* Underflow (1e-400) quietly gives 0 or a subnormal, as JSON does;
	 * overflow has no value to give. */
	if (!isfinite(d))
		return yr_fail(r, ev->start_mark, "number '%s' is too large", s);
	return value_float(r->a, d, r->origin);
}

static value *yr_plain(yaml_reader *r, const yaml_event_t *ev, const char *s, size_t len)
{
	if (yr_core_null(s, len))
		return value_null(r->a, r->origin);
	int b = yr_core_bool(s);
	if (b >= 0)
		return value_bool(r->a, b, r->origin);
	int base = yr_core_int(s, len);
	if (base)
		return yr_int(r, ev, s, base);
	if (yr_core_float(s, len))
		return yr_float(r, ev, s);
	if (yr_core_special(s))
		return yr_fail(
			r, ev->start_mark, "'%s': infinite and NaN numbers are not supported", s);
	return value_string(r->a, s, len, r->origin);
}

/* A scalar with an explicit core tag must be what the tag says. */
static value *yr_tagged(
	yaml_reader *r, const yaml_event_t *ev, const char *tag, const char *s, size_t len)
{
	if (strcmp(tag, "!") == 0 || strcmp(tag, YAML_STR_TAG) == 0)
		return value_string(r->a, s, len, r->origin);
	if (strcmp(tag, YAML_NULL_TAG) == 0) {
		if (yr_core_null(s, len))
			return value_null(r->a, r->origin);
	} else if (strcmp(tag, YAML_BOOL_TAG) == 0) {
		int b = yr_core_bool(s);
		if (b >= 0)
			return value_bool(r->a, b, r->origin);
	} else if (strcmp(tag, YAML_INT_TAG) == 0) {
		int base = yr_core_int(s, len);
		if (base)
			return yr_int(r, ev, s, base);
	} else if (strcmp(tag, YAML_FLOAT_TAG) == 0) {
		if (yr_core_float(s, len))
			return yr_float(r, ev, s);
		if (yr_core_special(s))
			return yr_fail(r, ev->start_mark,
				"'%s': infinite and NaN numbers are not supported", s);
	} else {
		return yr_fail(r, ev->start_mark, "unsupported tag '%s'", tag);
	}
	strbuf q = STRBUF_INIT;
	yr_quote(&q, s, len);
	yr_fail(r, ev->start_mark, "%s is not a valid %s", q.buf, tag);
	strbuf_release(&q);
	return NULL;
}

static value *yr_scalar(yaml_reader *r, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	/* "\0" in a double-quoted scalar; strings of values are C strings. */
	if (memchr(s, '\0', len))
		return yr_fail(r, ev->start_mark, "strings may not contain NUL characters");
	const char *tag = (const char *)ev->data.scalar.tag;
	if (tag)
		return yr_tagged(r, ev, tag, s, len);
	/* Quoted and block scalars are strings whatever they contain. */
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return value_string(r->a, s, len, r->origin);
	return yr_plain(r, ev, s, len);
}

/* ---- collections ------------------------------------------------------- */

static value *yr_node(yaml_reader *r, yaml_event_t *ev);

/* Items go to a heap scratch array (value_list copies them into the
 * arena), freed on every path out, error or not. */
static value *yr_sequence(yaml_reader *r)
{
	value **items = NULL;
	size_t n = 0, cap = 0;
	value *result = NULL;
	for (;;) {
		yaml_event_t ev;
		if (yr_next(r, &ev) < 0)
			goto done;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (n == UINT32_MAX) {
			yr_fail(r, ev.start_mark, "too many list items");
			yaml_event_delete(&ev);
			goto done;
		}
		value *item = yr_node(r, &ev);
		if (!item)
			goto done;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			items = xreallocarray(items, cap, sizeof(*items));
		}
		items[n++] = item;
	}
	result = value_list(r->a, items, (uint32_t)n, r->origin);
done:
	xfree(items);
	return result;
}

/* Keys are copied into the arena before their event is deleted: the
 * event owns the bytes libyaml decoded. */
static value *yr_mapping(yaml_reader *r)
{
	vmap *m = vmap_new(r->a);
	for (;;) {
		yaml_event_t ev;
		if (yr_next(r, &ev) < 0)
			return NULL;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		yaml_mark_t at = ev.start_mark;
		const char *why = NULL;
		if (ev.type == YAML_ALIAS_EVENT)
			why = "aliases are not supported";
		else if (ev.type != YAML_SCALAR_EVENT)
			why = "map keys must be strings, not lists or maps";
		else if (ev.data.scalar.anchor)
			why = "anchors are not supported";
		else if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length))
			why = "keys may not contain NUL characters";
		if (why) {
			yaml_event_delete(&ev);
			return yr_fail(r, at, "%s", why);
		}
		/* Keys are taken as written, tag or not: "8080: http" and
		 * "true: x" give keys "8080" and "true". */
		const char *key = (const char *)ev.data.scalar.value;
		size_t klen = ev.data.scalar.length;
		if (vmap_find(m, key) >= 0) {
			strbuf q = STRBUF_INIT;
			yr_quote(&q, key, klen);
			yr_fail(r, at, "duplicate key %s", q.buf);
			strbuf_release(&q);
			yaml_event_delete(&ev);
			return NULL;
		}
		char *owned = arena_strndup(r->a, key, klen);
		yaml_event_delete(&ev);
		if (yr_next(r, &ev) < 0)
			return NULL;
		value *v = yr_node(r, &ev);
		if (!v)
			return NULL;
		vmap_set(r->a, m, owned, v, r->origin);
	}
	return value_map(r->a, m, r->origin);
}

/* Tags allowed on a collection: none, the non-specific "!", or its own
 * core tag. */
static int yr_collection_tag_ok(const char *tag, const char *core)
{
	return !tag || strcmp(tag, "!") == 0 || strcmp(tag, core) == 0;
}

/* Builds the node that starts with *ev, consuming the events up to its
 * end; *ev is deleted. NULL with r->err set on failure. */
static value *yr_node(yaml_reader *r, yaml_event_t *ev)
{
	value *v = NULL;
	yaml_mark_t at = ev->start_mark;
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		yr_fail(r, at, "aliases are not supported (*%s)",
			(const char *)ev->data.alias.anchor);
		break;
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor)
			yr_fail(r, at, "anchors are not supported (&%s)",
				(const char *)ev->data.scalar.anchor);
		else
			v = yr_scalar(r, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int seq = ev->type == YAML_SEQUENCE_START_EVENT;
		const yaml_char_t *anchor =
			seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
		const char *tag = (const char *)(seq ? ev->data.sequence_start.tag :
						       ev->data.mapping_start.tag);
		if (anchor) {
			yr_fail(r, at, "anchors are not supported (&%s)", (const char *)anchor);
		} else if (!yr_collection_tag_ok(tag, seq ? YAML_SEQ_TAG : YAML_MAP_TAG)) {
			yr_fail(r, at, "unsupported tag '%s'", tag);
		} else if (r->depth >= CODEC_MAX_DEPTH) {
			yr_fail(r, at, "nesting deeper than %d levels", CODEC_MAX_DEPTH);
		} else {
			r->depth++;
			v = seq ? yr_sequence(r) : yr_mapping(r);
			r->depth--;
		}
		break;
	}
	default:
		/* The parser only hands out nodes here. */
		yr_fail(r, at, "unexpected YAML event");
		break;
	}
	yaml_event_delete(ev);
	return v;
}

/* ---- documents ----------------------------------------------------------- */

/* stream-start, [document-start node document-end], stream-end. Events
 * are pulled one at a time, so a second document is refused as soon as
 * it starts, before any of it is built; and a syntax error after the
 * first document is still reported (libyaml finds it when asked for the
 * event that would follow). */
static value *yr_stream(yaml_reader *r)
{
	yaml_event_t ev;
	if (yr_next(r, &ev) < 0) /* stream start */
		return NULL;
	yaml_event_delete(&ev);
	if (yr_next(r, &ev) < 0)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		/* Nothing but comments or blanks: like an empty document. */
		yaml_event_delete(&ev);
		return value_null(r->a, r->origin);
	}
	yaml_event_delete(&ev); /* document start; directives are fine */
	if (yr_next(r, &ev) < 0)
		return NULL;
	value *v = yr_node(r, &ev);
	if (!v)
		return NULL;
	if (yr_next(r, &ev) < 0) /* document end */
		return NULL;
	yaml_event_delete(&ev);
	if (yr_next(r, &ev) < 0)
		return NULL;
	if (ev.type != YAML_STREAM_END_EVENT) {
		yaml_mark_t at = ev.start_mark;
		yaml_event_delete(&ev);
		return yr_fail(r, at, "a second document; only one is allowed here");
	}
	yaml_event_delete(&ev);
	return v;
}

/* The input need not be NUL-terminated. libyaml detects a BOM and the
 * encoding (UTF-8, or UTF-16 with a BOM) and refuses invalid bytes and
 * control characters itself (a YAML_READER_ERROR). */
value *value_read_yaml(arena *a, const char *text, size_t len, src_span origin, strbuf *err)
{
	yaml_reader r;
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.origin = origin;
	r.err = err;
	r.text = text;
	r.len = len;
	if (!yaml_parser_initialize(&r.parser)) {
		strbuf_adds(err, "line 1, column 1: out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
	value *v = yr_stream(&r);
	yaml_parser_delete(&r.parser);
	return v;
}

/* value_json.c - values as JSON text, and JSON text as values.
 *
 * Used by `stackc eval --output json`, the json_encode/json_decode
 * builtins and `--values FILE.json` (see value_codec.h). Also holds the
 * helpers both codecs share (value_codec_internal.h).
 *
 * Writing is done by hand rather than through jansson: jansson prints
 * reals with "%.17g", which is exact but not the shortest form, and the
 * contract is one canonical spelling per number (value_format_float).
 * A direct writer also keeps the output byte-for-byte deterministic: keys
 * in insertion order, one escape for each character.
 *
 * Reading goes through jansson, which checks the grammar, UTF-8 and
 * duplicate keys. One thing it does not do the way we want: an integer
 * too big for 64 bits is a hard error there, while the contract makes it
 * a float. A small pre-scan finds such integers and rewrites them as
 * reals ("…0" becomes "…0.0") before jansson sees the text.
 */
#include "value_codec.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../base/xalloc.h"
#include "value_codec_internal.h"

/* ---- helpers shared with value_yaml.c and value_yaml_read.c ----------- */

void codec_writer_init(codec_writer *w, const char *format, strbuf *out, strbuf *err)
{
	w->out = out;
	w->err = err;
	w->out_start = out->len;
	strbuf_init(&w->path);
	w->format = format;
	w->depth = 0;
}

int codec_writer_finish(codec_writer *w, int ok)
{
	if (!ok)
		strbuf_setlen(w->out, w->out_start);
	strbuf_release(&w->path);
	return ok ? 0 : -1;
}

int codec_fail(codec_writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(w->err, fmt, ap);
	va_end(ap);
	if (w->path.len)
		strbuf_addf(w->err, " (at %s)", w->path.buf);
	return -1;
}

/* A key that reads well after a dot is shown as .key, anything else as
 * ["key"]; very long keys are cut, the message only has to locate. */
size_t codec_path_key(codec_writer *w, const char *key)
{
	size_t saved = w->path.len;
	size_t len = strlen(key);
	int ident = len > 0 && len <= 64;
	for (size_t i = 0; i < len && ident; i++) {
		unsigned char c = (unsigned char)key[i];
		ident = c == '_' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			(c >= 'A' && c <= 'Z');
	}
	if (ident) {
		if (w->path.len)
			strbuf_addch(&w->path, '.');
		strbuf_add(&w->path, key, len);
		return saved;
	}
	size_t shown = len;
	if (shown > 64) {
		/* Cut at a character boundary: the message stays UTF-8. */
		shown = 64;
		while (shown > 0 && ((unsigned char)key[shown] & 0xC0) == 0x80)
			shown--;
	}
	strbuf_adds(&w->path, "[\"");
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)key[i];
		if (c == '"' || c == '\\')
			strbuf_addch(&w->path, '\\');
		strbuf_addch(&w->path, c < 0x20 ? '?' : (char)c);
	}
	strbuf_adds(&w->path, shown < len ? "...\"]" : "\"]");
	return saved;
}

size_t codec_path_index(codec_writer *w, uint32_t i)
{
	size_t saved = w->path.len;
	strbuf_addf(&w->path, "[%" PRIu32 "]", i);
	return saved;
}

void codec_path_pop(codec_writer *w, size_t saved)
{
	strbuf_setlen(&w->path, saved);
}

int codec_enter(codec_writer *w)
{
	if (w->depth >= CODEC_MAX_DEPTH)
		return codec_fail(w, "value nested deeper than %d levels", CODEC_MAX_DEPTH);
	w->depth++;
	return 0;
}

void codec_leave(codec_writer *w)
{
	w->depth--;
}

long codec_invalid_utf8(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		int n = src_utf8_decode(s + i, len - i, NULL);
		if (n == 0)
			return (long)i;
		i += (size_t)n;
	}
	return -1;
}

int codec_check_utf8(codec_writer *w, const char *s, size_t len)
{
	long bad = codec_invalid_utf8(s, len);
	if (bad < 0)
		return 0;
	return codec_fail(w, "string is not valid UTF-8 (byte 0x%02X at offset %ld)",
		(unsigned char)s[bad], bad);
}

int codec_not_data(codec_writer *w, const value *v)
{
	if (v->name)
		return codec_fail(w, "cannot write %s '%s' as %s", value_kind_name(v->kind),
			v->name, w->format);
	return codec_fail(w, "cannot write a %s as %s", value_kind_name(v->kind), w->format);
}

void codec_unknown_text(const value *v, strbuf *out)
{
	const char *producer = v->u.unknown.producer ? v->u.unknown.producer : "?";
	const char *path = v->u.unknown.path;
	if (path && *path)
		strbuf_addf(out, "(known after apply: %s.%s)", producer, path);
	else
		strbuf_addf(out, "(known after apply: %s)", producer);
}

void codec_line_col(
	const char *text, size_t len, size_t offset, unsigned long *line, unsigned long *col)
{
	unsigned long l = 1, c = 1;
	if (offset > len)
		offset = len;
	/* Back to the first byte of the character. */
	while (offset > 0 && offset < len && ((unsigned char)text[offset] & 0xC0) == 0x80)
		offset--;
	for (size_t i = 0; i < offset; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			/* Continuation bytes belong to the code point before. */
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* ---- writing ------------------------------------------------------------ */

/* RFC 8259 strings: the two mandatory escapes, the short forms for the
 * usual control characters, \u00XX for the others; everything else,
 * non-ASCII included, is copied as UTF-8 (already checked valid). */
static int json_write_string(codec_writer *w, const char *s, size_t len)
{
	if (codec_check_utf8(w, s, len) < 0)
		return -1;
	strbuf *out = w->out;
	strbuf_addch(out, '"');
	size_t run = 0; /* start of the bytes not yet copied */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc;
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			if (c >= 0x20)
				continue;
			esc = NULL;
		}
		strbuf_add(out, s + run, i - run);
		run = i + 1;
		if (esc)
			strbuf_adds(out, esc);
		else
			strbuf_addf(out, "\\u%04x", c);
	}
	strbuf_add(out, s + run, len - run);
	strbuf_addch(out, '"');
	return 0;
}

/* Pretty output puts every element on its own line, indented two spaces
 * per open bracket (the writer's depth); compact output has no
 * whitespace at all, so that equal values give equal bytes. */
static void json_newline(codec_writer *w, int pretty)
{
	if (!pretty)
		return;
	strbuf_addch(w->out, '\n');
	strbuf_addchars(w->out, ' ', 2 * (size_t)w->depth);
}

static int json_write_value(codec_writer *w, const value *v, int pretty);

/* Empty collections stay on one line ("[]", "{}") in both forms; the
 * depth check comes before the bracket so a refused value adds nothing. */
static int json_write_list(codec_writer *w, const value *v, int pretty)
{
	if (v->u.list.len == 0) {
		strbuf_adds(w->out, "[]");
		return 0;
	}
	if (codec_enter(w) < 0)
		return -1;
	strbuf_addch(w->out, '[');
	for (uint32_t i = 0; i < v->u.list.len; i++) {
		if (i)
			strbuf_addch(w->out, ',');
		json_newline(w, pretty);
		size_t saved = codec_path_index(w, i);
		if (json_write_value(w, v->u.list.items[i], pretty) < 0)
			return -1;
		codec_path_pop(w, saved);
	}
	codec_leave(w);
	json_newline(w, pretty);
	strbuf_addch(w->out, ']');
	return 0;
}

static int json_write_map(codec_writer *w, const vmap *m, int pretty)
{
	if (m->len == 0) {
		strbuf_adds(w->out, "{}");
		return 0;
	}
	if (codec_enter(w) < 0)
		return -1;
	strbuf_addch(w->out, '{');
	for (uint32_t i = 0; i < m->len; i++) {
		if (i)
			strbuf_addch(w->out, ',');
		json_newline(w, pretty);
		size_t saved = codec_path_key(w, m->keys[i]);
		if (json_write_string(w, m->keys[i], strlen(m->keys[i])) < 0)
			return -1;
		strbuf_adds(w->out, pretty ? ": " : ":");
		if (json_write_value(w, m->vals[i], pretty) < 0)
			return -1;
		codec_path_pop(w, saved);
	}
	codec_leave(w);
	json_newline(w, pretty);
	strbuf_addch(w->out, '}');
	return 0;
}

static int json_write_value(codec_writer *w, const value *v, int pretty)
{
	switch (v->kind) {
	case VAL_NULL:
		strbuf_adds(w->out, "null");
		return 0;
	case VAL_BOOL:
		strbuf_adds(w->out, v->u.boolean ? "true" : "false");
		return 0;
	case VAL_INT:
		strbuf_add_int(w->out, v->u.integer);
		return 0;
	case VAL_FLOAT:
		/* JSON has no spelling for these; the language never makes
		 * them, but a builtin bug must not produce invalid JSON. */
		if (!isfinite(v->u.number))
			return codec_fail(w, "cannot write a non-finite number as JSON");
		/* "%g" forms ("1.5", "1e+30", "2.0") are all JSON numbers. */
		value_format_float(v->u.number, w->out);
		return 0;
	case VAL_STRING:
		return json_write_string(w, v->u.str.ptr, v->u.str.len);
	case VAL_SECRET:
		return json_write_string(w, VALUE_SECRET_MARK, strlen(VALUE_SECRET_MARK));
	case VAL_UNKNOWN: {
		strbuf text = STRBUF_INIT;
		codec_unknown_text(v, &text);
		int rc = json_write_string(w, text.buf, text.len);
		strbuf_release(&text);
		return rc;
	}
	case VAL_LIST:
		return json_write_list(w, v, pretty);
	case VAL_MAP:
		return json_write_map(w, v->u.map, pretty);
	default:
		return codec_not_data(w, v);
	}
}

/* The pretty form ends in a newline like a file; the compact form does
 * not, so it can be embedded (json_encode results, one-line logs). */
int value_write_json(const value *v, int pretty, strbuf *out, strbuf *err)
{
	codec_writer w;
	codec_writer_init(&w, "JSON", out, err);
	int ok = json_write_value(&w, v, pretty) == 0;
	if (ok && pretty)
		strbuf_addch(out, '\n');
	return codec_writer_finish(&w, ok);
}

/* ---- reading ------------------------------------------------------------ */

/* What the pre-scan found outside string literals. */
typedef struct json_scan {
	size_t *big_ends; /* offset just past each integer too big for int64 */
	size_t nbig;
	size_t cap;
	long deep_at; /* offset of the first bracket past CODEC_MAX_DEPTH, or -1 */
} json_scan;

/* Does the integer literal s[0..len) ("-"? digits) fit in int64? */
static int json_int_fits(const char *s, size_t len)
{
	int neg = s[0] == '-';
	/* INT64_MAX, or its magnitude plus one for INT64_MIN. */
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t n = 0;
	for (size_t i = (size_t)neg; i < len; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');
		if (n > (limit - d) / 10)
			return 0;
		n = n * 10 + d;
	}
	return 1;
}

/* One linear pass with just enough lexing to skip strings. On malformed
 * text it may find nothing or too much: harmless, jansson then reports
 * the real error. */
static void json_prescan(const char *t, size_t len, json_scan *sc)
{
	unsigned depth = 0;
	size_t i = 0;
	while (i < len) {
		char c = t[i];
		if (c == '"') {
			for (i++; i < len && t[i] != '"'; i++)
				if (t[i] == '\\')
					i++;
			i++;
		} else if (c == '[' || c == '{') {
			if (++depth > CODEC_MAX_DEPTH) {
				sc->deep_at = (long)i;
				return;
			}
			i++;
		} else if (c == ']' || c == '}') {
			if (depth)
				depth--;
			i++;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			size_t start = i;
			if (c == '-')
				i++;
			while (i < len && t[i] >= '0' && t[i] <= '9')
				i++;
			int digits = i > start + (c == '-');
			if (i < len && (t[i] == '.' || t[i] == 'e' || t[i] == 'E')) {
				/* A real: jansson handles those (overflow is an
				 * error there, and rightly: no double holds it). */
				while (i < len && t[i] && strchr("0123456789.eE+-", t[i]))
					i++;
			} else if (digits && !json_int_fits(t + start, i - start)) {
				if (sc->nbig == sc->cap) {
					sc->cap = sc->cap ? 2 * sc->cap : 8;
					sc->big_ends = xreallocarray(
						sc->big_ends, sc->cap, sizeof(*sc->big_ends));
				}
				sc->big_ends[sc->nbig++] = i;
			}
		} else {
			i++;
		}
	}
}

static value *json_fail_at(
	strbuf *err, const char *text, size_t len, size_t offset, const char *msg)
{
	unsigned long line, col;
	codec_line_col(text, len, offset, &line, &col);
	strbuf_addf(err, "line %lu, column %lu: %s", line, col, msg);
	return NULL;
}

/* jansson's tree to values. Recursion is bounded: the pre-scan refused
 * anything deeper than CODEC_MAX_DEPTH. Every value gets the caller's
 * origin, since a span of the JSON text would point into a file the
 * diagnostics do not know. */
static value *json_to_value(arena *a, json_t *j, src_span origin)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		vmap *m = vmap_new(a);
		/* jansson (>= 2.8) iterates in insertion order, i.e. the
		 * order of the text, and duplicates were refused. */
		for (void *it = json_object_iter(j); it; it = json_object_iter_next(j, it)) {
			value *iv = json_to_value(a, json_object_iter_value(it), origin);
			vmap_set(a, m, arena_strdup(a, json_object_iter_key(it)), iv, origin);
		}
		return value_map(a, m, origin);
	}
	case JSON_ARRAY: {
		/* A heap scratch array: value_list copies into the arena. */
		size_t n = json_array_size(j);
		value **items = xreallocarray(NULL, n ? n : 1, sizeof(*items));
		for (size_t i = 0; i < n; i++)
			items[i] = json_to_value(a, json_array_get(j, i), origin);
		value *v = value_list(a, items, (uint32_t)n, origin);
		xfree(items);
		return v;
	}
	case JSON_STRING:
		return value_string(a, json_string_value(j), json_string_length(j), origin);
	case JSON_INTEGER:
		return value_int(a, (int64_t)json_integer_value(j), origin);
	case JSON_REAL:
		return value_float(a, json_real_value(j), origin);
	case JSON_TRUE:
		return value_bool(a, 1, origin);
	case JSON_FALSE:
		return value_bool(a, 0, origin);
	case JSON_NULL:
	default:
		return value_null(a, origin);
	}
}

value *value_read_json(arena *a, const char *text, size_t len, src_span origin, strbuf *err)
{
	/* A UTF-8 byte order mark is not JSON, but editors on some
	 * systems write one; skip it as source files do (source.h).
	 * Columns then count from after it, as they do there. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	json_scan sc = { NULL, 0, 0, -1 };
	json_prescan(text, len, &sc);
	if (sc.deep_at >= 0) {
		strbuf msg = STRBUF_INIT;
		strbuf_addf(&msg, "nesting deeper than %d levels", CODEC_MAX_DEPTH);
		json_fail_at(err, text, len, (size_t)sc.deep_at, msg.buf);
		strbuf_release(&msg);
		xfree(sc.big_ends);
		return NULL;
	}

	/* Rewrite too-big integers as reals: each gains ".0", so offsets in
	 * the rewritten text are 2 bytes later per earlier insertion. */
	strbuf fixed = STRBUF_INIT;
	const char *src = text;
	size_t srclen = len;
	if (sc.nbig) {
		size_t from = 0;
		for (size_t k = 0; k < sc.nbig; k++) {
			strbuf_add(&fixed, text + from, sc.big_ends[k] - from);
			strbuf_adds(&fixed, ".0");
			from = sc.big_ends[k];
		}
		strbuf_add(&fixed, text + from, len - from);
		src = fixed.buf;
		srclen = fixed.len;
	}

	json_error_t je;
	/* DECODE_ANY: RFC 8259 allows any value at the top ("42").
	 * NUL in strings stays refused (no JSON_ALLOW_NUL): strings of
	 * values are C strings. */
	json_t *root = json_loadb(src, srclen, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	value *v = NULL;
	if (!root) {
		/* je.position counts bytes into the text jansson read, up to
		 * the end of the offending token; map it back through the
		 * insertions, then compute line and column on the original. */
		size_t pos = (size_t)je.position;
		size_t shift = 0;
		for (size_t k = 0; k < sc.nbig; k++) {
			size_t at = sc.big_ends[k] + 2 * k; /* where ".0" went */
			if (pos <= at)
				break;
			shift += pos - at < 2 ? pos - at : 2;
		}
		pos -= shift;
		/* position is one past the token; point at its last byte. */
		json_fail_at(err, text, len, pos ? pos - 1 : 0, je.text);
	} else {
		v = json_to_value(a, root, origin);
		json_decref(root);
	}
	strbuf_release(&fixed);
	xfree(sc.big_ends);
	return v;
}

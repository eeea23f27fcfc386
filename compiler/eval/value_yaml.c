/* value_yaml.c - values as YAML text, and which strings must be quoted.
 *
 * Used by `stackc eval --output yaml` and the yaml_encode builtin; the
 * manifest generator relies on the same quoting rule (yaml_needs_quotes).
 * Reading YAML is in value_yaml_read.c.
 *
 * libyaml's emitter does the writing, fed with events whose scalar style
 * is always chosen here. Left to itself (style ANY) it emits `yes`, `0x1`,
 * `12:30` or the empty string unquoted: it protects YAML syntax, not
 * types, and the consumers that matter (Kubernetes through go-yaml v2,
 * PyYAML) read YAML 1.1, where those are booleans, numbers and null.
 * See reference/reliability.md, section 2.2.
 *
 * Output shape: block maps and lists, "{}" and "[]" for empty ones,
 * 2-space indent, no line folding, UTF-8 kept as is, no document marker,
 * no anchors, aliases or tags.
 */
#include "value_codec.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "value_codec_internal.h"

/* ---- which strings must be quoted -------------------------------------- */

/* s[0..len) lowered, equal to the lower-case word w of that length? */
static int yaml_word_is(const char *s, const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char a = s[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != w[i])
			return 0;
	}
	return 1;
}

/* Is s a word a YAML 1.1 resolver (go-yaml v2, PyYAML) reads as a
 * boolean or null: y n yes no true false on off null ~, compared without
 * regard to case so that odd spellings ("yEs") are quoted too (quoting
 * is never wrong, only less pretty); or "<<", the merge key, or "=", the
 * 1.1 value key, both special to some readers? */
static int yaml_is_keyword(const char *s, size_t len)
{
	/* By length, then only the words of that length: every key and
	 * value of every object written comes through here, and most are
	 * settled without a comparison. */
	switch (len) {
	case 1:
		return s[0] == 'y' || s[0] == 'Y' || s[0] == 'n' || s[0] == 'N' || s[0] == '~' ||
			s[0] == '=';
	case 2:
		return yaml_word_is(s, "no", 2) || yaml_word_is(s, "on", 2) ||
			(s[0] == '<' && s[1] == '<');
	case 3:
		return yaml_word_is(s, "yes", 3) || yaml_word_is(s, "off", 3);
	case 4:
		return yaml_word_is(s, "true", 4) || yaml_word_is(s, "null", 4);
	case 5:
		return yaml_word_is(s, "false", 5);
	default:
		return 0;
	}
}

/* Could a resolver take s for a number or a date? Rather than mirror
 * every regular expression of every reader (1.1 ints with 0b/0x/0o,
 * legacy octal, underscores and base 60; floats with exponents, .inf and
 * .nan; timestamps "2001-12-14 21:59:43.10 -5"; Go's strconv forms), we
 * quote any string that starts like a number (a digit, after an optional
 * sign and dot) and uses only characters those forms are made of, and
 * anything that starts like a date ("2024-01-01-backup"). That
 * quotes "1.25.0" and "10d" needlessly, and leaves "512Mi", "3s" and
 * "1 apple" plain, which no reader takes for anything but a string. */
static int yaml_looks_numeric(const char *s, size_t len)
{
	size_t i = 0;
	int dot = 0;
	if (s[i] == '+' || s[i] == '-')
		i++;
	if (i < len && s[i] == '.') {
		dot = 1;
		i++;
	}
	if (i == len)
		return i > 0; /* "+", "-", ".", "+.": odd enough to quote */
	if (dot && len - i == 3) {
		/* .inf .Inf .INF .nan ...: any case, any sign. */
		char w[4];
		for (int k = 0; k < 3; k++) {
			char c = s[i + (size_t)k];
			w[k] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
		w[3] = '\0';
		if (strcmp(w, "inf") == 0 || strcmp(w, "nan") == 0)
			return 1;
	}
	if (s[i] < '0' || s[i] > '9')
		return 0;
	/* Every timestamp form starts "YYYY-", and go-yaml tries a date
	 * parse on anything that does; what follows may be letters. */
	if (i == 0 && len >= 5 && s[4] == '-' && strspn(s, "0123456789") == 4)
		return 1;
	/* Digits, hex digits (with e/E exponents and b/B), the x/o/b
	 * prefixes, p for Go's hex floats, t/T/z/Z and space for timestamps,
	 * i/n for inf/nan, and the separators. */
	static const char numeric[] = "0123456789abcdefABCDEFxXoOpPtTzZiInN_.:+- ";
	for (size_t k = i; k < len; k++)
		if (!s[k] || !strchr(numeric, s[k]))
			return 0;
	return 1;
}

/* Bytes that need a closer look in yaml_needs_quotes: controls, DEL,
 * everything from 0x80 up, ':' and '#'. The rest (letters, digits and
 * most punctuation) are plain anywhere but first, and a key or a value
 * is checked byte by byte for every object written. */
static int yaml_byte_special(unsigned char c)
{
	return c < 0x20 || c >= 0x7F || c == ':' || c == '#';
}

/* What quoting depends on apart from the bytes inside: the ends, the
 * document markers, the keywords and the look of a number. For a
 * non-empty string without a byte yaml_byte_special picks out, this is
 * yaml_needs_quotes. */
static int yaml_needs_quotes_plain(const char *s, size_t len)
{
	unsigned char first = (unsigned char)s[0];
	unsigned char last = (unsigned char)s[len - 1];
	/* Indicators that start YAML syntax (sequence entry, key, value,
	 * flow collections, comment, anchor, alias, tag, block scalars,
	 * quotes, directive, reserved) and leading/trailing blanks, which a
	 * plain scalar cannot keep. A trailing ':' makes a key. */
	switch (first) {
	case '-':
	case '?':
	case ':':
	case ',':
	case '[':
	case ']':
	case '{':
	case '}':
	case '#':
	case '&':
	case '*':
	case '!':
	case '|':
	case '>':
	case '\'':
	case '"':
	case '%':
	case '@':
	case '`':
		return 1;
	default:
		break;
	}
	if (first == ' ' || first == '\t' || last == ' ' || last == '\t' || last == ':')
		return 1;
	/* "---" and "..." at the start of a line end or start a document. */
	if (len >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
		return 1;
	return yaml_is_keyword(s, len) || yaml_looks_numeric(s, len);
}

/* Whether any of the eight bytes at p is one yaml_byte_special picks
 * out (a control, DEL or above, ':' or '#'), with the usual bit tricks
 * on a 64-bit word: a byte below 0x20, and a byte equal to 0x7F, ':' or
 * '#' (found as a zero byte after an XOR); the high bit covers 0x80 up.
 * The tricks can only err towards "special" (a borrow), which then
 * costs the byte-by-byte look, never a wrong answer. */
static int yaml_word_special(const char *p)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t w;
	memcpy(&w, p, sizeof(w));
#define HAS_ZERO(x) (((x)-ones) & ~(x)&highs)
	uint64_t below = (w - ones * 0x20) & ~w & highs;
	uint64_t hit = below | (w & highs) | HAS_ZERO(w ^ (ones * 0x7F)) |
		HAS_ZERO(w ^ (ones * ':')) | HAS_ZERO(w ^ (ones * '#'));
#undef HAS_ZERO
	return hit != 0;
}

int yaml_needs_quotes(const char *s, size_t len)
{
	if (len == 0)
		return 1; /* empty plain is null */
	if (yaml_needs_quotes_plain(s, len))
		return 1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!yaml_byte_special(c))
			continue;
		/* Control characters (tab and newline included): a plain
		 * scalar would fold or lose them. */
		if (c < 0x20 || c == 0x7F)
			return 1;
		if (c >= 0x80) {
			uint32_t cp;
			int n = src_utf8_decode(s + i, len - i, &cp);
			if (n == 0)
				return 1;
			/* C1 controls (NEL is a line break in YAML 1.1), the
			 * Unicode line and paragraph separators, the BOM and
			 * the non-characters: not printable in plain style. */
			if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
				cp == 0xFFFE || cp == 0xFFFF)
				return 1;
			i += (size_t)n - 1;
			continue;
		}
		/* ": " starts a value and " #" a comment, anywhere. */
		if (c == ':' && i + 1 < len && s[i + 1] == ' ')
			return 1;
		if (c == '#' && i > 0 && s[i - 1] == ' ')
			return 1;
	}
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

typedef struct yaml_writer {
	codec_writer w;
	yaml_emitter_t em;
} yaml_writer;

static int yaml_write_handler(void *data, unsigned char *buffer, size_t size)
{
	strbuf_add(data, buffer, size);
	return 1;
}

/* yaml_emitter_emit() takes the event over, also when it fails. */
static int yaml_emit(yaml_writer *y, yaml_event_t *ev)
{
	if (yaml_emitter_emit(&y->em, ev))
		return 0;
	return codec_fail(&y->w, "YAML emitter: %s", y->em.problem ? y->em.problem : "failed");
}

/* May a multi-line string be a literal block ("|", "|-", "|+")? Only
 * when a reader gets the same bytes back: "\n" is the only line break
 * (a literal turns "\r\n" into "\n"), no other control character (tabs
 * are legal but libyaml refuses them in blocks), and the first line
 * does not start with a blank or a break, which would need an
 * indentation indicator. libyaml itself falls back to double quotes for
 * the rest (trailing spaces on a line). */
static int yaml_literal_ok(const char *s, size_t len)
{
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n')
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7F)
			return 0;
		if (c >= 0x80) {
			uint32_t cp;
			int n = src_utf8_decode(s + i, len - i, &cp);
			if (n == 0 || cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
				return 0;
			i += (size_t)n - 1;
		}
	}
	return 1;
}

static int yaml_scalar(yaml_writer *y, const char *s, size_t len, yaml_scalar_style_t style)
{
	if (len > INT_MAX)
		return codec_fail(&y->w, "string too long for YAML (%zu bytes)", len);
	yaml_event_t ev;
	/* plain_implicit and quoted_implicit both 1: no tag is written,
	 * the style alone says what the scalar is. */
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1, style))
		return codec_fail(&y->w, "YAML emitter: cannot build a scalar");
	return yaml_emit(y, &ev);
}

/* Strings and keys. Multi-line keys are double-quoted rather than
 * literal blocks: libyaml writes any multi-line key as an explicit
 * "? " key, and `? "a\nb"` is easier to read than a block there. */
static int yaml_string(yaml_writer *y, const char *s, size_t len, int is_key)
{
	if (codec_check_utf8(&y->w, s, len) < 0)
		return -1;
	yaml_scalar_style_t style;
	if (len && memchr(s, '\n', len))
		style = !is_key && yaml_literal_ok(s, len) ? YAML_LITERAL_SCALAR_STYLE :
							     YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	else
		style = yaml_needs_quotes(s, len) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
						    YAML_PLAIN_SCALAR_STYLE;
	return yaml_scalar(y, s, len, style);
}

/* value_format_float gives "%g" forms. "1e+30" is a float in YAML 1.2
 * and to go-yaml, but PyYAML's 1.1 resolver wants a dot in the mantissa
 * and would read a string; "1.0e+30" is a float to all of them. */
static void yaml_float_text(double f, strbuf *out)
{
	strbuf text = STRBUF_INIT;
	value_format_float(f, &text);
	char *e = strpbrk(text.buf, "eE");
	if (e && !memchr(text.buf, '.', (size_t)(e - text.buf))) {
		size_t at = (size_t)(e - text.buf);
		strbuf_add(out, text.buf, at);
		strbuf_adds(out, ".0");
		strbuf_adds(out, text.buf + at);
	} else {
		strbuf_add(out, text.buf, text.len);
	}
	strbuf_release(&text);
}

static int yaml_float(yaml_writer *y, double f)
{
	if (!isfinite(f))
		return codec_fail(&y->w, "cannot write a non-finite number as YAML");
	strbuf text = STRBUF_INIT;
	yaml_float_text(f, &text);
	int rc = yaml_scalar(y, text.buf, text.len, YAML_PLAIN_SCALAR_STYLE);
	strbuf_release(&text);
	return rc;
}

static int yaml_value(yaml_writer *y, const value *v);

static int yaml_list(yaml_writer *y, const value *v)
{
	yaml_event_t ev;
	uint32_t n = v->u.list.len;
	if (codec_enter(&y->w) < 0)
		return -1;
	/* Empty collections have no block form. */
	yaml_sequence_start_event_initialize(
		&ev, NULL, NULL, 1, n ? YAML_BLOCK_SEQUENCE_STYLE : YAML_FLOW_SEQUENCE_STYLE);
	if (yaml_emit(y, &ev) < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		size_t saved = codec_path_index(&y->w, i);
		if (yaml_value(y, v->u.list.items[i]) < 0)
			return -1;
		codec_path_pop(&y->w, saved);
	}
	yaml_sequence_end_event_initialize(&ev);
	codec_leave(&y->w);
	return yaml_emit(y, &ev);
}

static int yaml_map(yaml_writer *y, const vmap *m)
{
	yaml_event_t ev;
	if (codec_enter(&y->w) < 0)
		return -1;
	yaml_mapping_start_event_initialize(
		&ev, NULL, NULL, 1, m->len ? YAML_BLOCK_MAPPING_STYLE : YAML_FLOW_MAPPING_STYLE);
	if (yaml_emit(y, &ev) < 0)
		return -1;
	for (uint32_t i = 0; i < m->len; i++) {
		size_t saved = codec_path_key(&y->w, m->keys[i]);
		if (yaml_string(y, m->keys[i], strlen(m->keys[i]), 1) < 0)
			return -1;
		if (yaml_value(y, m->vals[i]) < 0)
			return -1;
		codec_path_pop(&y->w, saved);
	}
	yaml_mapping_end_event_initialize(&ev);
	codec_leave(&y->w);
	return yaml_emit(y, &ev);
}

static int yaml_value(yaml_writer *y, const value *v)
{
	char buf[32];
	switch (v->kind) {
	case VAL_NULL:
		return yaml_scalar(y, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	case VAL_BOOL:
		return v->u.boolean ? yaml_scalar(y, "true", 4, YAML_PLAIN_SCALAR_STYLE) :
				      yaml_scalar(y, "false", 5, YAML_PLAIN_SCALAR_STYLE);
	case VAL_INT: {
		int n = snprintf(buf, sizeof(buf), "%" PRId64, v->u.integer);
		return yaml_scalar(y, buf, (size_t)n, YAML_PLAIN_SCALAR_STYLE);
	}
	case VAL_FLOAT:
		return yaml_float(y, v->u.number);
	case VAL_STRING:
		return yaml_string(y, v->u.str.ptr, v->u.str.len, 0);
	case VAL_SECRET:
		return yaml_string(y, VALUE_SECRET_MARK, strlen(VALUE_SECRET_MARK), 0);
	case VAL_UNKNOWN: {
		strbuf text = STRBUF_INIT;
		codec_unknown_text(v, &text);
		int rc = yaml_string(y, text.buf, text.len, 0);
		strbuf_release(&text);
		return rc;
	}
	case VAL_LIST:
		return yaml_list(y, v);
	case VAL_MAP:
		return yaml_map(y, v->u.map);
	default:
		return codec_not_data(&y->w, v);
	}
}

static int yaml_document(yaml_writer *y, const value *v)
{
	yaml_event_t ev;
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (yaml_emit(y, &ev) < 0)
		return -1;
	/* implicit = 1: no "---"; a caller joining documents adds it. */
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (yaml_emit(y, &ev) < 0)
		return -1;
	if (yaml_value(y, v) < 0)
		return -1;
	yaml_document_end_event_initialize(&ev, 1);
	if (yaml_emit(y, &ev) < 0)
		return -1;
	yaml_stream_end_event_initialize(&ev);
	return yaml_emit(y, &ev);
}

/* ---- the direct writer ---------------------------------------------------- */

/* Rendering a platform writes tens of megabytes of YAML, and going
 * through libyaml's event emitter was a third of the whole build. The
 * direct writer below produces the same bytes for the documents that
 * make up nearly all of that output: block maps and lists of ASCII
 * strings on one line, numbers, bools and null. The scalar styles are
 * chosen by the same rule (yaml_needs_quotes); the layout is libyaml's
 * (2-space indent, lists in a map not indented, "{}"/"[]" for empty
 * collections, no line folding). Anything else - a multi-line string,
 * non-ASCII text, a key longer than libyaml's 128-byte simple-key
 * limit, a value that is not data, nesting past CODEC_MAX_DEPTH - makes
 * it give up, and the whole document goes through libyaml, which also
 * produces every error message. The golden suite, with the case
 * yaml-direct-writer for the quoting edge cases, holds both writers
 * to the same bytes. */

/* Where a node starts: right after "key:", or after "- ". */
enum {
	AFTER_KEY,
	AFTER_DASH
};

static void direct_indent(strbuf *out, unsigned col)
{
	static const char spaces[] = "                                ";
	while (col > sizeof(spaces) - 1) {
		strbuf_add(out, spaces, sizeof(spaces) - 1);
		col -= (unsigned)(sizeof(spaces) - 1);
	}
	strbuf_add(out, spaces, col);
}

/* A string libyaml would double-quote, with its escapes (ASCII only). */
static void direct_quoted(strbuf *out, const char *s, size_t len)
{
	strbuf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		static const char esc[] = { ['\0'] = '0',
			['\a'] = 'a',
			['\b'] = 'b',
			['\t'] = 't',
			[0x0B] = 'v',
			[0x0C] = 'f',
			['\r'] = 'r',
			[0x1B] = 'e' };
		if (c == '"' || c == '\\') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, (char)c);
		} else if (c < 0x20 && c < sizeof(esc) && esc[c]) {
			strbuf_addch(out, '\\');
			strbuf_addch(out, esc[c]);
		} else if (c < 0x20 || c == 0x7F) {
			static const char hex[] = "0123456789ABCDEF";
			strbuf_adds(out, "\\x");
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		} else {
			strbuf_addch(out, (char)c);
		}
	}
	strbuf_addch(out, '"');
}

/* 1 to double-quote s, 0 to write it plain, -1 when only libyaml can
 * write it. */
static int direct_quote(const char *s, size_t len, int is_key)
{
	if (is_key && len > 128)
		return -1;
	/* One pass over the bytes: what libyaml must write (non-ASCII, line
	 * breaks), and whether any byte needs yaml_needs_quotes's closer
	 * look; most keys and values need neither. */
	int special = 0;
	size_t at = 0;
	/* Eight bytes at a time while none of them is special (the usual
	 * name, label or image), then byte by byte. */
	while (at + 8 <= len && !yaml_word_special(s + at))
		at += 8;
	for (; at < len; at++) {
		unsigned char c = (unsigned char)s[at];
		if (c >= 0x80 || c == '\n')
			return -1;
		special |= yaml_byte_special(c);
	}
	return special || !len ? yaml_needs_quotes(s, len) : yaml_needs_quotes_plain(s, len);
}

/* What a direct write is done with: the cache of quoting answers (may
 * be NULL) and the depth at which it gives up. */
typedef struct direct_opts {
	yaml_quote_cache *qc;
	unsigned max_depth;
} direct_opts;

/* Where a string's answer is kept in the cache: by its length and its
 * first and last eight bytes (the same name is written from many
 * copies, so not by address); the slot's copy of the text decides. */
static yaml_quote_slot *quote_slot(yaml_quote_cache *qc, const char *s, size_t len)
{
	uint64_t a = 0, b = 0;
	if (len >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + len - 8, 8);
	} else {
		for (size_t i = 0; i < len; i++)
			a = a << 8 | (unsigned char)s[i];
	}
	uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ len) * 0xBF58476D1CE4E5B9ull;
	return &qc->slot[(h >> 40) % YAML_QUOTE_SLOTS];
}

/* direct_quote, answered from the cache (qc) for a short string met
 * before, by a comparison with the slot's copy. */
static int direct_decide(const char *s, size_t len, int is_key, yaml_quote_cache *qc)
{
	yaml_quote_slot *slot = NULL;
	if (qc && len && len <= YAML_QUOTE_TEXT) {
		slot = quote_slot(qc, s, len);
		if (slot->len == len && memcmp(slot->text, s, len) == 0)
			return slot->quote;
	}
	int quote = direct_quote(s, len, is_key);
	if (slot && quote >= 0) {
		memcpy(slot->text, s, len);
		slot->len = (uint8_t)len;
		slot->quote = (uint8_t)quote;
	}
	return quote;
}

static void direct_write(strbuf *out, const char *s, size_t len, int quote)
{
	if (quote)
		direct_quoted(out, s, len);
	else
		strbuf_add(out, s, len);
}

/* A string as a plain or double-quoted scalar; -1 to give up. */
static int direct_string(strbuf *out, const char *s, size_t len, int is_key, yaml_quote_cache *qc)
{
	int quote = direct_decide(s, len, is_key, qc);
	if (quote < 0)
		return -1;
	direct_write(out, s, len, quote);
	return 0;
}

/* A map key (NUL-terminated). Keys mostly come from the program's text
 * or the renderer's constants, the same few addresses again and again:
 * a slot found by the address, whose copy of the text is equal up to
 * the key's end, answers without measuring the key or hashing it. */
static int direct_key(strbuf *out, const char *s, yaml_quote_cache *qc)
{
	yaml_key_slot *k = NULL;
	if (qc) {
		uintptr_t h = (uintptr_t)s;
		h = (h ^ (h >> 17)) * 0x9E3779B97F4A7C15ull;
		k = &qc->key[(h >> 40) % YAML_QUOTE_SLOTS];
		/* strncmp, not memcmp: it stops at s's end if s is shorter. */
		if (k->ptr == s && k->len && strncmp(k->text, s, k->len) == 0 &&
			s[k->len] == '\0') {
			direct_write(out, s, k->len, k->quote);
			return 0;
		}
	}
	size_t len = strlen(s);
	int quote = direct_decide(s, len, 1, qc);
	if (quote < 0)
		return -1;
	if (k && len && len <= YAML_QUOTE_TEXT) {
		k->ptr = s;
		memcpy(k->text, s, len);
		k->len = (uint8_t)len;
		k->quote = (uint8_t)quote;
	}
	direct_write(out, s, len, quote);
	return 0;
}

static int direct_node(
	strbuf *out, const value *v, unsigned col, int where, unsigned depth, const direct_opts *o);

/* A scalar (or empty collection) after "key:" gets a space first. */
static void direct_scalar_start(strbuf *out, int where)
{
	if (where == AFTER_KEY)
		strbuf_addch(out, ' ');
}

static int direct_map(
	strbuf *out, const vmap *m, unsigned col, int where, unsigned depth, const direct_opts *o)
{
	/* After "- " the first key goes on the same line. */
	unsigned kcol = col + 2;
	if (where == AFTER_KEY)
		strbuf_addch(out, '\n');
	for (uint32_t i = 0; i < m->len; i++) {
		if (where == AFTER_KEY || i > 0)
			direct_indent(out, kcol);
		if (direct_key(out, m->keys[i], o->qc) < 0)
			return -1;
		strbuf_addch(out, ':');
		if (direct_node(out, m->vals[i], kcol, AFTER_KEY, depth + 1, o) < 0)
			return -1;
	}
	return 0;
}

static int direct_list(
	strbuf *out, const value *v, unsigned col, int where, unsigned depth, const direct_opts *o)
{
	/* In a map a list is not indented ("key:\n- a"); in a list it is
	 * ("- - a\n  - b"). */
	unsigned icol = where == AFTER_KEY ? col : col + 2;
	if (where == AFTER_KEY)
		strbuf_addch(out, '\n');
	for (uint32_t i = 0; i < v->u.list.len; i++) {
		if (where == AFTER_KEY || i > 0)
			direct_indent(out, icol);
		strbuf_add(out, "- ", 2);
		if (direct_node(out, v->u.list.items[i], icol, AFTER_DASH, depth + 1, o) < 0)
			return -1;
	}
	return 0;
}

static int direct_node(
	strbuf *out, const value *v, unsigned col, int where, unsigned depth, const direct_opts *o)
{
	if (depth >= o->max_depth)
		return -1;
	switch (v->kind) {
	case VAL_NULL:
		direct_scalar_start(out, where);
		strbuf_adds(out, "null\n");
		return 0;
	case VAL_BOOL:
		direct_scalar_start(out, where);
		strbuf_adds(out, v->u.boolean ? "true\n" : "false\n");
		return 0;
	case VAL_INT:
		direct_scalar_start(out, where);
		strbuf_add_int(out, v->u.integer);
		strbuf_addch(out, '\n');
		return 0;
	case VAL_FLOAT:
		if (!isfinite(v->u.number))
			return -1;
		direct_scalar_start(out, where);
		yaml_float_text(v->u.number, out);
		strbuf_addch(out, '\n');
		return 0;
	case VAL_STRING:
		direct_scalar_start(out, where);
		if (direct_string(out, v->u.str.ptr, v->u.str.len, 0, o->qc) < 0)
			return -1;
		strbuf_addch(out, '\n');
		return 0;
	case VAL_LIST:
		if (!v->u.list.len) {
			direct_scalar_start(out, where);
			strbuf_adds(out, "[]\n");
			return 0;
		}
		return direct_list(out, v, col, where, depth, o);
	case VAL_MAP:
		if (!v->u.map->len) {
			direct_scalar_start(out, where);
			strbuf_adds(out, "{}\n");
			return 0;
		}
		return direct_map(out, v->u.map, col, where, depth, o);
	default:
		/* Secrets, unknowns and non-data: libyaml's path says what
		 * to write or what is wrong. */
		return -1;
	}
}

/* A non-empty map or list at the root, written directly; -1 (with out
 * as it was) when the document needs libyaml. */
static int yaml_write_direct(const value *v, strbuf *out, const direct_opts *o)
{
	size_t start = out->len;
	int rc = -1;
	if (v->kind == VAL_MAP && v->u.map->len) {
		/* The root map's keys are at column 0: as if after "- " at -2. */
		const vmap *m = v->u.map;
		rc = 0;
		for (uint32_t i = 0; i < m->len && rc == 0; i++) {
			if (direct_key(out, m->keys[i], o->qc) < 0) {
				rc = -1;
				break;
			}
			strbuf_addch(out, ':');
			rc = direct_node(out, m->vals[i], 0, AFTER_KEY, 1, o);
		}
	} else if (v->kind == VAL_LIST && v->u.list.len) {
		rc = 0;
		for (uint32_t i = 0; i < v->u.list.len && rc == 0; i++) {
			strbuf_add(out, "- ", 2);
			rc = direct_node(out, v->u.list.items[i], 0, AFTER_DASH, 1, o);
		}
	}
	if (rc < 0)
		strbuf_setlen(out, start);
	return rc;
}

static int value_write_libyaml(const value *v, strbuf *out, strbuf *err)
{
	yaml_writer y;
	codec_writer_init(&y.w, "YAML", out, err);
	if (!yaml_emitter_initialize(&y.em)) {
		codec_fail(&y.w, "YAML emitter: cannot initialise");
		return codec_writer_finish(&y.w, 0);
	}
	yaml_emitter_set_output(&y.em, yaml_write_handler, out);
	yaml_emitter_set_encoding(&y.em, YAML_UTF8_ENCODING);
	yaml_emitter_set_unicode(&y.em, 1);
	yaml_emitter_set_width(&y.em, -1);
	yaml_emitter_set_indent(&y.em, 2);
	yaml_emitter_set_break(&y.em, YAML_LN_BREAK);
	int ok = yaml_document(&y, v) == 0;
	/* The emitter buffers; stream end flushed it on success. */
	yaml_emitter_delete(&y.em);
	return codec_writer_finish(&y.w, ok);
}

int value_write_yaml_simple(const value *v, strbuf *out, yaml_quote_cache *qc, unsigned max_depth)
{
	direct_opts o = { qc, max_depth < CODEC_MAX_DEPTH ? max_depth : CODEC_MAX_DEPTH };
	return yaml_write_direct(v, out, &o);
}

int value_write_yaml_cached(const value *v, strbuf *out, strbuf *err, yaml_quote_cache *qc)
{
	direct_opts o = { qc, CODEC_MAX_DEPTH };
	if (yaml_write_direct(v, out, &o) == 0)
		return 0;
	return value_write_libyaml(v, out, err);
}

int value_write_yaml(const value *v, strbuf *out, strbuf *err)
{
	return value_write_yaml_cached(v, out, err, NULL);
}

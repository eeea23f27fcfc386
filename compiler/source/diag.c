/* diag.c - collecting and rendering user diagnostics (see diag.h).
 *
 * Every phase from the lexer to the evaluator reports problems in the
 * user's input here; the CLI, the REPL and the tests then print the list
 * through one of the three renderers, so a message looks the same
 * wherever it surfaces. The text renderer is below; the JSON and GitHub
 * renderers are in diag_json.c and diag_github.c, and share the position
 * and cleaning helpers of this file through diag_internal.h.
 *
 * Diagnostics and their strings live in the compilation's arena; only the
 * list's pointer array is on the heap (it grows while the arena cannot
 * give memory back).
 *
 * Positions: a span whose start is at end of file in a file that ends in
 * a newline would, taken literally, sit on an empty line after the last
 * one ("app.stack:13:1"). Every renderer instead anchors such an offset
 * just past the last character of the last line, where the user expects
 * "unexpected end of file" to point (see diag_anchor).
 */
#include "diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"
#include "diag_internal.h"

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"
#define ANSI_ERROR "\033[1;31m"
#define ANSI_WARNING "\033[1;33m"
#define ANSI_NOTE "\033[1;36m"
#define ANSI_GUTTER "\033[1;34m"

/* Every excerpt and "= note:" line starts with this indent; the line
 * number follows, right-aligned to the widest line number shown by the
 * same diagnostic, then " | ". For line 12 that is "   12 | ". */
#define DIAG_INDENT "   "

/* UTF-8 for U+FFFD REPLACEMENT CHARACTER. */
#define DIAG_REPLACEMENT "\xEF\xBF\xBD"

/* ---- collecting ------------------------------------------------------- */

void diag_list_init(diag_list *l, arena *a, const src_map *sources)
{
	l->arena = a;
	l->sources = sources;
	l->items = NULL;
	l->len = 0;
	l->cap = 0;
	l->errors = 0;
	l->warnings = 0;
}

void diag_list_release(diag_list *l)
{
	/* The diagnostics themselves belong to the arena. */
	free(l->items);
	l->items = NULL;
	l->len = 0;
	l->cap = 0;
	l->errors = 0;
	l->warnings = 0;
}

static void diag_list_push(diag_list *l, diagnostic *d);

void diag_list_append(diag_list *into, const diag_list *from)
{
	for (size_t i = 0; i < from->len; i++)
		diag_list_push(into, from->items[i]);
}

/* Formatting helpers are declared first so they can carry the format
 * attribute: -Wformat=2 then checks every caller's format string. */
static char *diag_vformat(arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static diagnostic *diag_vnew(diag_list *l, diag_severity sev, const char *code, src_span span,
	const char *path, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

static char *diag_vformat(arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return arena_strdup(a, "");
	char *s = arena_alloc(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static void diag_list_push(diag_list *l, diagnostic *d)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	l->items[l->len++] = d;
	if (d->severity == DIAG_ERROR)
		l->errors++;
	else
		l->warnings++;
}

static int diag_same_code(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Parser error recovery can re-report the token it is stuck on (once
 * from the failed rule, once from the resynchronisation), and the checker
 * can reach the same bad expression twice. Comparing with the most recent
 * error only is enough for both and keeps this O(1) in practice.
 * Location-less errors are never merged: without a position there is no
 * evidence that two of them are the same mistake. */
static int diag_is_duplicate(
	const diag_list *l, const char *code, src_span span, const char *message)
{
	if (span.file == 0)
		return 0;
	for (size_t i = l->len; i-- > 0;) {
		const diagnostic *p = l->items[i];
		if (p->severity != DIAG_ERROR)
			continue;
		/* Same place, same code, same words: one mistake reached twice
		 * (error recovery, a value used in two places). Different
		 * words at one place are different mistakes (two failed
		 * checks of one record) and are all shown. */
		return p->span.file == span.file && p->span.start == span.start &&
			diag_same_code(p->code, code) && strcmp(p->message, message) == 0;
	}
	return 0;
}

static diagnostic *diag_vnew(diag_list *l, diag_severity sev, const char *code, src_span span,
	const char *path, const char *fmt, va_list ap)
{
	diagnostic *d = ARENA_NEW(l->arena, diagnostic);
	d->severity = sev;
	d->code = code;
	d->span = span;
	d->path = path ? arena_strdup(l->arena, path) : NULL;
	d->message = diag_vformat(l->arena, fmt, ap);
	return d;
}

diagnostic *diag_error(diag_list *l, const char *code, src_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diagnostic *d = diag_vnew(l, DIAG_ERROR, code, span, NULL, fmt, ap);
	va_end(ap);
	/* The duplicate is still a valid object so callers can attach notes
	 * without checking; it just never reaches a renderer. */
	if (!diag_is_duplicate(l, code, span, d->message))
		diag_list_push(l, d);
	return d;
}

diagnostic *diag_warning(diag_list *l, const char *code, src_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diagnostic *d = diag_vnew(l, DIAG_WARNING, code, span, NULL, fmt, ap);
	va_end(ap);
	diag_list_push(l, d);
	return d;
}

diagnostic *diag_error_path(diag_list *l, const char *code, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diagnostic *d = diag_vnew(l, DIAG_ERROR, code, src_span_make(0, 0, 0), path, fmt, ap);
	va_end(ap);
	diag_list_push(l, d);
	return d;
}

/* Notes and hints are arrays in the arena without a stored capacity: the
 * capacity is implied by the count (4, then powers of two), so growing
 * happens exactly when the count reaches one of those sizes. */
static int diag_array_full(size_t count)
{
	return count == 0 || (count >= 4 && (count & (count - 1)) == 0);
}

void diag_add_note(diag_list *l, diagnostic *d, src_span span, const char *fmt, ...)
{
	if (diag_array_full(d->note_count))
		d->notes = arena_grow_array(l->arena, d->notes, d->note_count,
			d->note_count ? d->note_count * 2 : 4, sizeof(diag_note));
	diag_note *n = &d->notes[d->note_count++];
	va_list ap;
	va_start(ap, fmt);
	n->span = span;
	n->message = diag_vformat(l->arena, fmt, ap);
	va_end(ap);
}

void diag_add_hint(diag_list *l, diagnostic *d, const char *fmt, ...)
{
	if (diag_array_full(d->hint_count))
		d->hints = arena_grow_array(l->arena, d->hints, d->hint_count,
			d->hint_count ? d->hint_count * 2 : 4, sizeof(char *));
	va_list ap;
	va_start(ap, fmt);
	d->hints[d->hint_count++] = diag_vformat(l->arena, fmt, ap);
	va_end(ap);
}

/* ---- positions shared by all renderers --------------------------------- */

const src_file *diag_file(const diag_list *l, src_span span)
{
	if (span.file == 0 || !l->sources)
		return NULL;
	return src_map_get(l->sources, span.file);
}

/* Move an end-of-file offset in a file ending with "\n" (or "\r\n") back
 * onto that line terminator, i.e. just past the last character of the
 * last line. Every other offset is only clamped to the file. */
static uint32_t diag_anchor(const src_file *f, uint32_t off)
{
	if (off < f->len)
		return off;
	off = f->len;
	if (off > f->bom && f->text[off - 1] == '\n') {
		off--;
		if (off > f->bom && f->text[off - 1] == '\r')
			off--;
	}
	return off;
}

/* The anchored byte range of a span, with end never before start. */
void diag_span_bytes(const src_file *f, src_span span, uint32_t *start, uint32_t *end)
{
	*start = diag_anchor(f, span.start);
	*end = diag_anchor(f, span.end);
	if (*end < *start)
		*end = *start;
}

static uint32_t diag_count_cps(const char *text, uint32_t from, uint32_t to)
{
	uint32_t n = 0;
	for (uint32_t i = from; i < to; i++)
		n += ((unsigned char)text[i] & 0xC0) != 0x80;
	return n;
}

/* Byte offset `n` code points after `from`, stopping at `limit`. */
uint32_t diag_skip_cps(const char *text, uint32_t from, uint32_t limit, uint32_t n)
{
	uint32_t i = from;
	while (i < limit) {
		if (((unsigned char)text[i] & 0xC0) != 0x80) {
			if (n == 0)
				break;
			n--;
		}
		i++;
	}
	return i;
}

static int diag_digits(uint32_t n)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* Append bytes made safe for the given consumer.
 *
 * For a terminal (terminal != 0): control characters other than tab
 * (C0, DEL, C1) become a space, so a hostile file cannot move the cursor
 * or change colours; an invalid lead byte becomes U+FFFD and a stray
 * continuation byte is dropped. Each code point as counted by
 * diag_count_cps() (non-continuation bytes) thus prints as exactly one
 * character, which keeps the caret line aligned with the source line.
 *
 * For JSON (terminal == 0): jansson escapes control characters itself but
 * refuses invalid UTF-8, so each invalid byte becomes U+FFFD. */
void diag_add_clean(strbuf *out, const char *s, size_t len, int terminal)
{
	size_t i = 0;
	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x20 && b < 0x7F) {
			size_t j = i + 1;
			while (j < len && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7F)
				j++;
			strbuf_add(out, s + i, j - i);
			i = j;
			continue;
		}
		uint32_t cp;
		int n = src_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (!terminal || (b & 0xC0) != 0x80)
				strbuf_adds(out, DIAG_REPLACEMENT);
			i++;
			continue;
		}
		if (terminal && cp != '\t' && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)))
			strbuf_addch(out, ' ');
		else
			strbuf_add(out, s + i, (size_t)n);
		i += (size_t)n;
	}
}

static void diag_add_term(strbuf *out, const char *s)
{
	diag_add_clean(out, s, strlen(s), 1);
}

/* ---- text ----------------------------------------------------------- */

typedef struct diag_text {
	strbuf *out;
	const diag_list *list;
	int color;
	int width; /* digits of the widest line number in this diagnostic */
} diag_text;

static void diag_paint_on(diag_text *t, const char *ansi)
{
	if (t->color)
		strbuf_adds(t->out, ansi);
}

static void diag_paint_off(diag_text *t)
{
	if (t->color)
		strbuf_adds(t->out, ANSI_RESET);
}

static void diag_paint(diag_text *t, const char *ansi, const char *s)
{
	diag_paint_on(t, ansi);
	strbuf_adds(t->out, s);
	diag_paint_off(t);
}

/* "app.stack:12:11: " for the anchored start of a located span. */
static void diag_text_location(diag_text *t, const src_file *f, src_span span)
{
	uint32_t line, col;
	src_line_col(f, diag_anchor(f, span.start), &line, &col);
	diag_add_term(t->out, f->name);
	strbuf_addf(t->out, ":%u:%u: ", (unsigned)line, (unsigned)col);
}

/* The source line holding the span's start and a caret line under it:
 *
 *    12 |   port = redis_port + 1
 *       |          ^~~~~~~~~~
 *
 * Tabs before the span are copied so the caret lands under the same
 * terminal column whatever the tab width; every other code point becomes
 * one space. The underline stops at the end of the first line. */
static void diag_text_excerpt(
	diag_text *t, const src_file *f, src_span span, const char *caret_ansi)
{
	strbuf *out = t->out;
	uint32_t p, q, line, col, ls, le;

	diag_span_bytes(f, span, &p, &q);
	src_line_col(f, p, &line, &col);
	src_line_range(f, line, &ls, &le);

	/* Choose the window [ws, we) of the line to show. */
	uint32_t ws = ls, we = le;
	if (le > ls && diag_count_cps(f->text, ls, le) > DIAG_MAX_EXCERPT) {
		uint32_t at = p < le ? p : le;
		if (diag_count_cps(f->text, ls, at) > DIAG_CONTEXT_BEFORE) {
			/* Start DIAG_CONTEXT_BEFORE code points before the span. */
			uint32_t back = at, n = 0;
			while (back > ls && n < DIAG_CONTEXT_BEFORE) {
				back--;
				if (((unsigned char)f->text[back] & 0xC0) != 0x80)
					n++;
			}
			ws = back;
		}
		we = diag_skip_cps(f->text, ws, le, DIAG_MAX_EXCERPT);
	}

	strbuf_adds(out, DIAG_INDENT);
	diag_paint_on(t, ANSI_GUTTER);
	strbuf_addf(out, "%*u |", t->width, (unsigned)line);
	diag_paint_off(t);
	/* No trailing blank after the bar on an empty line: golden files
	 * and editors that strip trailing whitespace would disagree. */
	if (le > ls) {
		strbuf_addch(out, ' ');
		if (ws > ls)
			strbuf_adds(out, "...");
		diag_add_clean(out, f->text + ws, we - ws, 1);
		if (we < le)
			strbuf_adds(out, "...");
	}
	strbuf_addch(out, '\n');

	strbuf_adds(out, DIAG_INDENT);
	diag_paint_on(t, ANSI_GUTTER);
	strbuf_addf(out, "%*s |", t->width, "");
	diag_paint_off(t);
	strbuf_addch(out, ' ');
	if (ws > ls)
		strbuf_adds(out, "   ");
	/* p can lie past le when the span starts on the "\r" or "\n" that
	 * ends the line; those bytes then count as one column each, which
	 * puts the caret right after the visible text. */
	for (uint32_t i = ws; i < p; i++) {
		unsigned char b = (unsigned char)f->text[i];
		if (b == '\t')
			strbuf_addch(out, '\t');
		else if ((b & 0xC0) != 0x80)
			strbuf_addch(out, ' ');
	}
	uint32_t hl_end = q < we ? q : we;
	if (we == le && q > le)
		hl_end = le;
	uint32_t n = hl_end > p ? diag_count_cps(f->text, p, hl_end) : 0;
	diag_paint_on(t, caret_ansi);
	strbuf_addch(out, '^');
	if (n > 1)
		strbuf_addchars(out, '~', n - 1);
	diag_paint_off(t);
	strbuf_addch(out, '\n');
}

static uint32_t diag_text_line_of(const src_file *f, src_span span)
{
	uint32_t line, col;
	src_line_col(f, diag_anchor(f, span.start), &line, &col);
	return line;
}

static void diag_text_one(diag_text *t, const diagnostic *d)
{
	strbuf *out = t->out;
	const src_file *f = diag_file(t->list, d->span);
	int is_error = d->severity == DIAG_ERROR;
	const char *sev_ansi = is_error ? ANSI_ERROR : ANSI_WARNING;

	/* One gutter width for the whole diagnostic, so the bars of the
	 * primary excerpt and of its notes line up. */
	uint32_t max_line = f ? diag_text_line_of(f, d->span) : 1;
	for (size_t i = 0; i < d->note_count; i++) {
		const src_file *nf = diag_file(t->list, d->notes[i].span);
		if (nf) {
			uint32_t nl = diag_text_line_of(nf, d->notes[i].span);
			if (nl > max_line)
				max_line = nl;
		}
	}
	t->width = diag_digits(max_line);

	if (f) {
		diag_text_location(t, f, d->span);
	} else if (d->path) {
		diag_add_term(out, d->path);
		strbuf_adds(out, ": ");
	} else {
		strbuf_adds(out, "stackc: ");
	}
	diag_paint_on(t, sev_ansi);
	strbuf_adds(out, is_error ? "error" : "warning");
	if (d->code)
		strbuf_addf(out, "[%s]", d->code);
	diag_paint_off(t);
	strbuf_adds(out, ": ");
	diag_paint_on(t, ANSI_BOLD);
	diag_add_term(out, d->message);
	diag_paint_off(t);
	strbuf_addch(out, '\n');
	if (f)
		diag_text_excerpt(t, f, d->span, sev_ansi);

	for (size_t i = 0; i < d->note_count; i++) {
		const diag_note *n = &d->notes[i];
		const src_file *nf = diag_file(t->list, n->span);
		if (nf)
			diag_text_location(t, nf, n->span);
		else
			strbuf_adds(out, DIAG_INDENT "= ");
		diag_paint(t, ANSI_NOTE, "note");
		strbuf_adds(out, ": ");
		diag_add_term(out, n->message);
		strbuf_addch(out, '\n');
		if (nf)
			diag_text_excerpt(t, nf, n->span, ANSI_NOTE);
	}
	for (size_t i = 0; i < d->hint_count; i++) {
		strbuf_adds(out, DIAG_INDENT "= ");
		diag_paint(t, ANSI_NOTE, "hint");
		strbuf_adds(out, ": ");
		diag_add_term(out, d->hints[i]);
		strbuf_addch(out, '\n');
	}
}

/* Whether the next error is past the cap. Warnings are never capped:
 * they are few, and hiding them would hide why a build is noisy. */
int diag_capped(const diag_render_opts *o, size_t errors_shown)
{
	return o && o->max_errors && errors_shown >= o->max_errors;
}

void diag_render_text(const diag_list *l, const diag_render_opts *o, strbuf *out)
{
	diag_text t = { out, l, o ? o->color : 0, 1 };
	size_t shown = 0, hidden = 0;

	for (size_t i = 0; i < l->len; i++) {
		const diagnostic *d = l->items[i];
		if (d->severity == DIAG_ERROR) {
			if (diag_capped(o, shown)) {
				hidden++;
				continue;
			}
			shown++;
		}
		diag_text_one(&t, d);
	}
	if (hidden)
		strbuf_addf(out, "stackc: and %zu more error%s\n", hidden, hidden == 1 ? "" : "s");
}

/* diag_json.c - diagnostics as JSON (`stackc --output json`).
 *
 * The "json" form of diag_render_json() (see diag.h), modelled on
 * `terraform validate -json` so that editors and CI tools that read that
 * format can read ours. Built with jansson; user text goes through
 * diag_add_clean() first because jansson refuses invalid UTF-8. Ranges
 * and snippets use the span helpers shared with the text renderer
 * (diag_internal.h), so all three forms agree on positions.
 */
#include "diag.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag_internal.h"

/* ---- JSON ---------------------------------------------------------- */

static json_t *diag_json_string(const char *s, size_t len)
{
	strbuf sb = STRBUF_INIT;
	diag_add_clean(&sb, s, len, 0);
	json_t *j = json_stringn(sb.buf, sb.len);
	strbuf_release(&sb);
	return j;
}

static json_t *diag_json_cstr(const char *s)
{
	return diag_json_string(s, strlen(s));
}

static json_t *diag_json_pos(const src_file *f, uint32_t off)
{
	uint32_t line, col;
	src_line_col(f, off, &line, &col);
	json_t *o = json_object();
	json_object_set_new(o, "line", json_integer(line));
	json_object_set_new(o, "column", json_integer(col));
	json_object_set_new(o, "byte", json_integer(off));
	return o;
}

/* Terraform's Range: filename, then start and end positions with 1-based
 * line and column (code points) and a 0-based byte offset into the file;
 * end is exclusive, so a one-character span ends at column + 1. */
static json_t *diag_json_range(const src_file *f, src_span span)
{
	uint32_t p, q;
	diag_span_bytes(f, span, &p, &q);
	json_t *o = json_object();
	json_object_set_new(o, "filename", diag_json_cstr(f->name));
	json_object_set_new(o, "start", diag_json_pos(f, p));
	json_object_set_new(o, "end", diag_json_pos(f, q));
	return o;
}

/* Terraform's snippet, limited to the line holding the span's start (as
 * the text excerpt is). The highlight offsets are byte offsets into
 * "code" as emitted, i.e. after invalid bytes were replaced, and stop at
 * the end of the line for multi-line spans. */
static json_t *diag_json_snippet(const src_file *f, src_span span)
{
	uint32_t p, q, line, col, ls, le;
	diag_span_bytes(f, span, &p, &q);
	src_line_col(f, p, &line, &col);
	src_line_range(f, line, &ls, &le);
	uint32_t a = p < le ? p : le;
	uint32_t b = q < le ? q : le;
	if (b < a)
		b = a;
	/* Same window rule as the text excerpt: never copy a huge line. */
	if (le - ls > 4 * DIAG_MAX_EXCERPT) {
		uint32_t back = a > ls + DIAG_CONTEXT_BEFORE ? a - DIAG_CONTEXT_BEFORE : ls;
		while (back > ls && ((unsigned char)f->text[back] & 0xC0) == 0x80)
			back--;
		ls = back;
		le = diag_skip_cps(f->text, ls, le, DIAG_MAX_EXCERPT);
		if (a > le)
			a = le;
		if (b > le)
			b = le;
	}

	strbuf code = STRBUF_INIT;
	diag_add_clean(&code, f->text + ls, a - ls, 0);
	size_t hl_start = code.len;
	diag_add_clean(&code, f->text + a, b - a, 0);
	size_t hl_end = code.len;
	diag_add_clean(&code, f->text + b, le - b, 0);

	json_t *o = json_object();
	json_object_set_new(o, "context", json_null());
	json_object_set_new(o, "code", json_stringn(code.buf, code.len));
	json_object_set_new(o, "start_line", json_integer(line));
	json_object_set_new(o, "highlight_start_offset", json_integer((json_int_t)hl_start));
	json_object_set_new(o, "highlight_end_offset", json_integer((json_int_t)hl_end));
	json_object_set_new(o, "values", json_array());
	strbuf_release(&code);
	return o;
}

static json_t *diag_json_one(const diag_list *l, const diagnostic *d)
{
	const src_file *f = diag_file(l, d->span);
	json_t *o = json_object();

	json_object_set_new(
		o, "severity", json_string(d->severity == DIAG_ERROR ? "error" : "warning"));
	json_object_set_new(o, "code", d->code ? diag_json_cstr(d->code) : json_null());
	json_object_set_new(o, "summary", diag_json_cstr(d->message));

	strbuf detail = STRBUF_INIT;
	for (size_t i = 0; i < d->hint_count; i++) {
		if (i)
			strbuf_addch(&detail, '\n');
		strbuf_adds(&detail, d->hints[i]);
	}
	json_object_set_new(o, "detail", diag_json_string(detail.buf, detail.len));
	strbuf_release(&detail);

	if (f) {
		json_object_set_new(o, "range", diag_json_range(f, d->span));
		json_object_set_new(o, "snippet", diag_json_snippet(f, d->span));
	} else if (d->path) {
		json_t *r = json_object();
		json_object_set_new(r, "filename", diag_json_cstr(d->path));
		json_object_set_new(o, "range", r);
	}

	json_t *notes = json_array();
	for (size_t i = 0; i < d->note_count; i++) {
		const diag_note *n = &d->notes[i];
		const src_file *nf = diag_file(l, n->span);
		json_t *jn = json_object();
		json_object_set_new(jn, "summary", diag_json_cstr(n->message));
		if (nf)
			json_object_set_new(jn, "range", diag_json_range(nf, n->span));
		json_array_append_new(notes, jn);
	}
	json_object_set_new(o, "notes", notes);
	return o;
}

void diag_render_json(const diag_list *l, strbuf *out)
{
	json_t *root = json_object();
	json_object_set_new(root, "format_version", json_string("1.0"));
	json_object_set_new(root, "valid", json_boolean(l->errors == 0));
	json_object_set_new(root, "error_count", json_integer((json_int_t)l->errors));
	json_object_set_new(root, "warning_count", json_integer((json_int_t)l->warnings));
	json_t *arr = json_array();
	for (size_t i = 0; i < l->len; i++)
		json_array_append_new(arr, diag_json_one(l, l->items[i]));
	json_object_set_new(root, "diagnostics", arr);

	/* Key order is insertion order (JSON_PRESERVE_ORDER), which is the
	 * fixed order written above; consumers and golden files rely on it. */
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!s) {
		/* jansson only fails here when out of memory; fail the way
		 * every other allocation does (see xalloc.h). */
		fputs("stackc: out of memory (rendering JSON diagnostics)\n", stderr);
		abort();
	}
	strbuf_adds(out, s);
	strbuf_addch(out, '\n');
	free(s);
}

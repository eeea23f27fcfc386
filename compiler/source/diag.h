/* diag.h - user diagnostics: collection and rendering.
 *
 * Every error about the user's input goes through a diag_list, never to
 * stderr directly. A diagnostic has a stable code (documented in
 * docs/diagnostics.md), a lower-case message, an optional primary span,
 * notes with their own locations, and hints ("did you mean ...").
 *
 * One renderer serves the CLI, the REPL and the tests, in three forms:
 *
 *   text     file:line:col: error[CODE]: message, the source line and a
 *            caret/underline under the span; colour only when asked.
 *   json     modelled on `terraform validate -json`.
 *   github   GitHub/Forgejo Actions workflow commands (::error ...).
 *
 * Memory: diagnostics live in the arena given to diag_list_init.
 */
#ifndef STACKC_SOURCE_DIAG_H
#define STACKC_SOURCE_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/strbuf.h"
#include "source.h"

typedef enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
} diag_severity;

typedef struct diag_note {
	src_span span; /* span.file == 0: a note without a location */
	char *message;
} diag_note;

typedef struct diagnostic {
	diag_severity severity;
	const char *code; /* "E0101"; static storage */
	char *message;
	src_span span;    /* span.file == 0: no location in a file */
	const char *path; /* for location-less file errors, else NULL */
	diag_note *notes;
	size_t note_count;
	char **hints;
	size_t hint_count;
} diagnostic;

typedef struct diag_list {
	arena *arena;
	const src_map *sources;
	diagnostic **items;
	size_t len;
	size_t cap;
	size_t errors;
	size_t warnings;
} diag_list;

void diag_list_init(diag_list *l, arena *a, const src_map *sources);
void diag_list_release(diag_list *l);
/* Add the diagnostics of `from`, in order (they stay in from's arena,
 * which must live as long as `into`'s). */
void diag_list_append(diag_list *into, const diag_list *from);

/* Add an error at `span`. The returned diagnostic may be given notes and
 * hints. An error with the same code, position and message as the
 * previous error is counted once only (the duplicate is returned but not
 * listed), so error recovery never reports one mistake twice. */
diagnostic *diag_error(diag_list *l, const char *code, src_span span, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
diagnostic *diag_warning(diag_list *l, const char *code, src_span span, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* An error about a whole file or path (cannot read, is a directory). */
diagnostic *diag_error_path(diag_list *l, const char *code, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

void diag_add_note(diag_list *l, diagnostic *d, src_span span, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_add_hint(diag_list *l, diagnostic *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

typedef enum diag_format {
	DIAG_FORMAT_TEXT,
	DIAG_FORMAT_JSON,
	DIAG_FORMAT_GITHUB,
} diag_format;

typedef struct diag_render_opts {
	int color;         /* ANSI colours in text output */
	size_t max_errors; /* errors shown before "and N more"; 0 = no cap */
} diag_render_opts;

/* Text form: each diagnostic with its source excerpt, then, past the
 * cap, "and N more errors". */
void diag_render_text(const diag_list *l, const diag_render_opts *o, strbuf *out);
/* One workflow command per diagnostic (and per located note), escaped as
 * GitHub's toolkit does; appended after the text form by the CLI. */
void diag_render_github(const diag_list *l, const diag_render_opts *o, strbuf *out);
/* A JSON object modelled on `terraform validate -json`:
 * {"format_version":"1.0","valid":...,"error_count":N,"warning_count":N,
 *  "diagnostics":[{"severity","code","summary","detail","range":{...},
 *  "snippet":{...}}...]} followed by a newline. */
void diag_render_json(const diag_list *l, strbuf *out);

#endif

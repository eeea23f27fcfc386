/* diag_internal.h - what the diagnostic renderers share.
 *
 * Not part of the source module's interface: only diag.c (collecting and
 * the text renderer), diag_json.c and diag_github.c include it. The
 * helpers live in diag.c so that every renderer places a span and cleans
 * user text the same way.
 */
#ifndef STACKC_SOURCE_DIAG_INTERNAL_H
#define STACKC_SOURCE_DIAG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../base/strbuf.h"
#include "diag.h"
#include "source.h"

/* Lines longer than this many code points are shown as a window around
 * the span, with "..." marking what was cut: a 10 MB one-line file must
 * not produce a 10 MB diagnostic. */
#define DIAG_MAX_EXCERPT 120
#define DIAG_CONTEXT_BEFORE 40

/* The file a span lies in, or NULL for a span without a location (or a
 * list without a source map). Borrowed from the list's source map. */
const src_file *diag_file(const diag_list *l, src_span span);

/* The byte range of a span, both ends anchored (an end-of-file offset in
 * a file ending with a newline moves back onto that line terminator; see
 * diag.c) and clamped to the file, with end never before start. */
void diag_span_bytes(const src_file *f, src_span span, uint32_t *start, uint32_t *end);

/* Byte offset `n` code points after `from`, stopping at `limit`. */
uint32_t diag_skip_cps(const char *text, uint32_t from, uint32_t limit, uint32_t n);

/* Append `len` bytes of user text to `out`, made safe for a terminal
 * (terminal != 0: control characters become a space, invalid UTF-8 is
 * replaced or dropped one code point per column) or for jansson
 * (terminal == 0: each invalid byte becomes U+FFFD). */
void diag_add_clean(strbuf *out, const char *s, size_t len, int terminal);

/* Whether the next error is past the cap of `o` (NULL: no cap), with
 * `errors_shown` errors already rendered. Warnings are never capped. */
int diag_capped(const diag_render_opts *o, size_t errors_shown);

#endif

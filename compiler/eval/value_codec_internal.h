/* value_codec_internal.h - helpers shared by the JSON and YAML codecs.
 *
 * Not part of the contract (that is value_codec.h): these keep
 * value_json.c, value_yaml.c and value_yaml_read.c in agreement about
 * the nesting limit, the wording of errors and what non-data values
 * turn into. Implemented in value_json.c.
 */
#ifndef STACKC_EVAL_VALUE_CODEC_INTERNAL_H
#define STACKC_EVAL_VALUE_CODEC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "value.h"

/* Deepest nesting of lists and maps read or written. The same number as
 * PARSE_MAX_DEPTH: a document deeper than any Stack expression can be is
 * refused rather than walked recursively on the C stack. */
#define CODEC_MAX_DEPTH 512

/* State of one value_write_json/value_write_yaml call. */
typedef struct codec_writer {
	strbuf *out;
	strbuf *err;
	size_t out_start;   /* out->len on entry: restored on failure */
	strbuf path;        /* where the walk is, "spec.ports[0]", for errors */
	const char *format; /* "JSON" or "YAML", for errors */
	uint32_t depth;
} codec_writer;

void codec_writer_init(codec_writer *w, const char *format, strbuf *out, strbuf *err);
/* Ends a write: on failure (ok == 0) truncates out back to where it
 * was, so a caller never sees half a document. Returns 0 or -1. */
int codec_writer_finish(codec_writer *w, int ok);
/* Puts "message (at PATH)" in *err. Returns -1 for `return codec_fail()`. */
int codec_fail(codec_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Path segments: each returns the previous length of w->path, which the
 * caller passes to codec_path_pop() when it leaves the element. */
size_t codec_path_key(codec_writer *w, const char *key);
size_t codec_path_index(codec_writer *w, uint32_t i);
void codec_path_pop(codec_writer *w, size_t saved);

/* Depth bookkeeping around each list and map: codec_enter fails past
 * CODEC_MAX_DEPTH (returns -1 with the message set). */
int codec_enter(codec_writer *w);
void codec_leave(codec_writer *w);

/* Fails unless s[0..len) is valid UTF-8 (both formats are UTF-8 only). */
int codec_check_utf8(codec_writer *w, const char *s, size_t len);
/* The error for functions, schemas and other values that are not data. */
int codec_not_data(codec_writer *w, const value *v);
/* The text written for a VAL_UNKNOWN: "(known after apply: P.PATH)". */
void codec_unknown_text(const value *v, strbuf *out);

/* Offset of the first byte of s[0..len) that does not start a valid
 * UTF-8 sequence, or -1. */
long codec_invalid_utf8(const char *s, size_t len);
/* 1-based line and column (in code points, like source.h) of the
 * character whose bytes include text[offset]. */
void codec_line_col(
	const char *text, size_t len, size_t offset, unsigned long *line, unsigned long *col);

#endif

/* value_codec.h - values to and from JSON and YAML.
 *
 * Used by `stackc eval --output json|yaml`, the json_/yaml_ encode and
 * decode builtins and `--values FILE`.
 *
 * Writing: maps keep their insertion order; secrets are written as the
 * redaction marker VALUE_SECRET_MARK; unknown-after-apply values as
 * "(known after apply: PRODUCER.PATH)". Floats use value_format_float().
 * YAML goes through libyaml's emitter with explicitly chosen scalar
 * styles: any string a YAML 1.1 reader could take for something else
 * (yes, no, on, off, y, n, ~, null, true, 0x1, 0o17, 017, 1e3, 1_000,
 * .inf, 12:30, 2024-01-01, <<, empty, leading/trailing space, leading
 * indicator characters, control characters...) is double-quoted;
 * multi-line strings are block literals; no anchors, aliases or tags.
 * Functions, schemas and other non-data values cannot be written:
 * those functions return -1 and put a message in *err.
 *
 * Reading: JSON through jansson, YAML through libyaml (aliases refused,
 * one document); integers that fit int64 become VAL_INT, other numbers
 * VAL_FLOAT; duplicate keys are an error. On failure NULL is returned
 * and *err holds "line L, column C: message" (1-based).
 */
#ifndef STACKC_EVAL_VALUE_CODEC_H
#define STACKC_EVAL_VALUE_CODEC_H

#include "value.h"

int value_write_json(const value *v, int pretty, strbuf *out, strbuf *err);
/* A YAML document (no leading "---"), ending in a newline. */
int value_write_yaml(const value *v, strbuf *out, strbuf *err);

/* How value_write_yaml_cached wrote recent short strings: plain or
 * double-quoted. Rendering thousands of objects writes the same keys
 * and many of the same values ("apiVersion", "app.kubernetes.io/name",
 * "TCP") again and again, and deciding how to write one took longer
 * than comparing it with a copy. The answer comes from the slot's copy
 * of the text. Start it zeroed. */
#define YAML_QUOTE_SLOTS 256
#define YAML_QUOTE_TEXT 32
typedef struct yaml_quote_slot {
	char text[YAML_QUOTE_TEXT];
	uint8_t len; /* 0: empty */
	uint8_t quote;
} yaml_quote_slot;
typedef struct yaml_key_slot {
	const char *ptr; /* the key's address, which only picks the slot */
	char text[YAML_QUOTE_TEXT];
	uint8_t len; /* 0: empty */
	uint8_t quote;
} yaml_key_slot;
typedef struct yaml_quote_cache {
	yaml_quote_slot slot[YAML_QUOTE_SLOTS];
	yaml_key_slot key[YAML_QUOTE_SLOTS]; /* map keys, found by address */
} yaml_quote_cache;

/* value_write_yaml with a cache kept between calls (same bytes). */
int value_write_yaml_cached(const value *v, strbuf *out, strbuf *err, yaml_quote_cache *qc);
/* The same bytes when the document is simple, 0; else -1 with out as it
 * was. Simple: no secret, no unknown, nothing that is not data, no node
 * at depth max_depth or more (the root's entries are at depth 1), no
 * text that only libyaml writes (multi-line, non-ASCII, a key over 128
 * bytes), and a non-empty map or list at the root. */
int value_write_yaml_simple(const value *v, strbuf *out, yaml_quote_cache *qc, unsigned max_depth);
/* Would a YAML 1.1 reader read this plain scalar as something other
 * than the string itself? */
int yaml_needs_quotes(const char *s, size_t len);

value *value_read_json(arena *a, const char *text, size_t len, src_span origin, strbuf *err);
value *value_read_yaml(arena *a, const char *text, size_t len, src_span origin, strbuf *err);

#endif

/* value.h - runtime values of the Stack language.
 *
 * Values are immutable once built and live in the evaluation's arena.
 * Every value remembers the source expression that produced it
 * (`origin`), so that an error found later - a type mismatch deep inside
 * a component's fields - can point at the expression the user wrote.
 *
 * Maps keep insertion order: output never depends on hashing. Records
 * (schema and kind instances) are maps that also name their schema.
 *
 * Two kinds are special:
 *   VAL_SECRET   a string that must never be shown: printing it gives a
 *                redaction marker; anything built from it (interpolation,
 *                concatenation) is a secret too.
 *   VAL_UNKNOWN  a value known only after apply (a Terraform output,
 *                a generated ID). It names the component that produces it
 *                and the path of the value; operations on it give unknown
 *                values that still name the producer.
 */
#ifndef STACKC_EVAL_VALUE_H
#define STACKC_EVAL_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/strbuf.h"
#include "../source/source.h"

typedef struct value value;
typedef struct vmap vmap;

typedef enum value_kind {
	VAL_NULL,
	VAL_BOOL,
	VAL_INT,
	VAL_FLOAT,
	VAL_STRING,
	VAL_LIST,
	VAL_MAP,    /* also records: u.map->schema != NULL */
	VAL_FUNC,   /* user function or builtin */
	VAL_SCHEMA, /* a schema or library kind, instantiated by amending */
	VAL_STACK,  /* a stack declaration, instantiated as a component */
	VAL_TYPE,   /* a named type (type NAME = T) */
	VAL_MODULE, /* an imported module's namespace */
	VAL_SECRET,
	VAL_UNKNOWN,
	VAL_KIND_COUNT
} value_kind;

/* An ordered map. Keys are NUL-terminated strings in the arena. */
struct vmap {
	const char **keys;
	value **vals;
	src_span *key_spans; /* where each key was set (0 if unknown) */
	uint32_t len;
	uint32_t cap;
	const struct value *schema; /* VAL_SCHEMA for records, else NULL */
	/* Records: the fields that were given explicitly (the rest came from
	 * defaults), so that amending recomputes the defaults. */
	const struct vmap *given;
	/* Hash index (key -> position + 1) built once the map grows past
	 * a handful of keys; linear search is faster below that. */
	uint32_t *index;
	uint32_t index_cap;
};

/* Who produces an unknown-after-apply value. */
typedef struct val_unknown {
	const char *producer; /* component path, e.g. "platform.database" */
	const char *path;     /* value path inside it, e.g. "outputs.address" */
} val_unknown;

struct value {
	value_kind kind;
	src_span origin;
	union {
		int boolean;
		int64_t integer;
		double number;
		struct {
			const char *ptr; /* NUL-terminated; may contain no NUL */
			size_t len;
		} str; /* VAL_STRING and VAL_SECRET */
		struct {
			value **items;
			uint32_t len;
		} list;
		vmap *map;
		val_unknown unknown;
		/* VAL_FUNC, VAL_SCHEMA, VAL_STACK, VAL_TYPE, VAL_MODULE:
		 * what they are is the evaluator's business (eval.c), and
		 * the environment the declaration was evaluated in. */
		struct {
			const void *decl;
			const void *env;
		};
	} u;
	/* A printable name: of a declaration's value, or the path of the
	 * component or stack instance a map is. */
	const char *name;
};

const char *value_kind_name(value_kind k); /* "string", "list", ... */
/* Name for messages: the schema name for records, else the kind. */
const char *value_type_name(const value *v);

value *value_null(arena *a, src_span origin);
value *value_bool(arena *a, int b, src_span origin);
value *value_int(arena *a, int64_t i, src_span origin);
value *value_float(arena *a, double f, src_span origin);
value *value_string(arena *a, const char *s, size_t len, src_span origin);
/* A string value of `s` itself, not a copy: `s` must be NUL-terminated
 * and live at least as long as the value (the syntax tree's text). */
value *value_string_of(arena *a, const char *s, size_t len, src_span origin);
value *value_secret(arena *a, const char *s, size_t len, src_span origin);
value *value_unknown(arena *a, const char *producer, const char *path, src_span origin);
/* items are copied into the arena. */
value *value_list(arena *a, value **items, uint32_t len, src_span origin);
value *value_map(arena *a, vmap *m, src_span origin);
/* Same value, other origin (a shallow copy). */
value *value_with_origin(arena *a, const value *v, src_span origin);

vmap *vmap_new(arena *a);
/* An empty map with room for `n` keys: a map literal, a body or a record
 * knows its size, and growing 4, 8, 16 left the smaller arrays behind in
 * the arena (a fifth of the memory of a big build). */
vmap *vmap_new_sized(arena *a, uint32_t n);
vmap *vmap_copy(arena *a, const vmap *m);
/* A copy with room for `room` more keys (merge knows how many may come). */
vmap *vmap_copy_room(arena *a, const vmap *m, uint32_t room);
/* Insert or replace (a replaced key keeps its position). */
void vmap_set(arena *a, vmap *m, const char *key, value *v, src_span key_span);
/* vmap_set for a key the caller knows is not in m yet (it has just
 * looked, or the keys are a record's distinct fields): no search. */
void vmap_append(arena *a, vmap *m, const char *key, value *v, src_span key_span);
value *vmap_get(const vmap *m, const char *key);
/* Position of key, or -1. */
long vmap_find(const vmap *m, const char *key);
/* A copy of exactly its size, in one allocation, with the same schema
 * and given fields: for a map that will not grow (value_copy.c). */
vmap *vmap_copy_exact(arena *a, const vmap *m);
/* A copy without `key`. */
vmap *vmap_without(arena *a, const vmap *m, const char *key);

/* Structural equality (ints and floats compare by numeric value;
 * functions and declarations by identity). Unknowns and secrets are
 * never equal to anything: the answer is not known or not to be told. */
int value_equal(const value *a, const value *b);
/* Total order for sort(): by kind, then value. */
int value_compare(const value *a, const value *b);

/* True if v or anything inside it is VAL_UNKNOWN / VAL_SECRET. */
int value_contains_unknown(const value *v);
int value_contains_secret(const value *v);

/* Shortest round-tripping decimal form of a float ("1.5", "1e+30",
 * "2.0" for integral values). */
void value_format_float(double f, strbuf *out);
/* Text of a value inside "${...}": strings as they are, numbers and
 * bools in their literal form, null as "null". Returns 0 if the value
 * cannot be interpolated (lists, maps, functions...). Secrets give the
 * secret's text: the caller marks the result secret. */
int value_to_text(const value *v, strbuf *out);

/* A short rendering for diagnostics: literals as written, long strings
 * and collections abbreviated, secrets redacted. */
void value_describe(const value *v, strbuf *out);

#define VALUE_SECRET_MARK "(sensitive value)"

#endif

/* builtins_internal.h - shared by the builtins_*.c files, nowhere else.
 *
 * The builtins are split by theme: builtins.c (the table, argument
 * helpers, numbers, known_after_apply, fail), builtins_str.c (strings,
 * format, regular expressions), builtins_coll.c (lists and maps),
 * builtins_enc.c (conversions, base64, JSON, YAML, sha256). Each implementation is a
 * builtin_fn named builtin_fn_<name>; the table in builtins.c is the only
 * place that refers to them.
 *
 * Error conventions, fixed for every builtin (docs/stdlib.md):
 *   E0201  an argument has the wrong type, reported at the argument:
 *          "argument 1 of 'split': expected string, found int"
 *   E0301  integer overflow, reported at the call
 *   E0310  fail(), reported at the call
 *   E0311  an argument has the right type but a bad value (a regular
 *          expression that does not compile, an index out of range,
 *          text that does not decode), reported at the argument; results
 *          over a limit are reported at the call
 * Every helper that reports returns 0 or NULL, so implementations read
 * `if (!builtin_arg_string(...)) return NULL;`.
 */
#ifndef STACKC_EVAL_BUILTINS_INTERNAL_H
#define STACKC_EVAL_BUILTINS_INTERNAL_H

#include <stdint.h>

#include "../base/strbuf.h"
#include "builtins.h"
#include "eval.h"

/* ---- argument helpers (builtins.c) ---- */

/* Reports E0201 at argument i (0-based; messages count from 1). */
value *builtin_type_error(builtin_call *c, const char *fn, uint32_t i, const char *expected);
/* Reports E0311 at argument i: "argument N of 'fn': <message>". */
value *builtin_arg_error(builtin_call *c, const char *fn, uint32_t i, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Strings: VAL_STRING, and VAL_SECRET (its text; the evaluator marks the
 * result). */
int builtin_is_string(const value *v);
int builtin_arg_string(builtin_call *c, const char *fn, uint32_t i, strview *out);
int builtin_arg_int(builtin_call *c, const char *fn, uint32_t i, int64_t *out);
/* The list or map argument, or NULL after reporting. */
const value *builtin_arg_list(builtin_call *c, const char *fn, uint32_t i);
const vmap *builtin_arg_map(builtin_call *c, const char *fn, uint32_t i);

/* Reports E0311 at the call and returns 0 if a result of `len` bytes
 * would pass EVAL_MAX_STRING. Checked before the bytes are built. */
int builtin_check_string_len(builtin_call *c, const char *fn, size_t len);
/* Reports E0311 at the call and returns 0 if a list or map of `count`
 * elements would pass EVAL_MAX_LIST. Checked before allocating. */
int builtin_check_list_len(builtin_call *c, const char *fn, uint64_t count);
/* A string result (origin: the call), checked against EVAL_MAX_STRING. */
value *builtin_string(builtin_call *c, const char *fn, const char *s, size_t len);
/* Same from a strbuf, which is released. */
value *builtin_string_take(builtin_call *c, const char *fn, strbuf *sb);
/* Number of code points in valid UTF-8 text. */
size_t builtin_utf8_count(const char *s, size_t len);

/* The evaluator unwraps secret arguments and marks a string result
 * secret again, but only for secrets passed directly. Builtins that turn
 * the contents of lists and maps into text (join, format, json_encode,
 * yaml_encode) pass their result through this: it is made a secret when
 * any argument holds one inside. NULL passes through. */
value *builtin_secret_if_nested(builtin_call *c, value *r);

/* Unknown-after-apply values inside lists and maps. The evaluator makes
 * the result unknown when an argument itself is unknown; one inside a
 * list or map reaches the builtin. A builtin whose result depends on
 * such an element (join, sort, json_encode...) returns an unknown value
 * naming the same producer: builtin_unknown_inside() gives it (origin:
 * the call) for the first unknown found in the arguments, in order,
 * depth first, or NULL if there is none. */
const value *builtin_find_unknown(const value *v);
value *builtin_unknown_of(builtin_call *c, const value *u);
value *builtin_unknown_inside(builtin_call *c);

/* A copy of v in which every secret is an ordinary string, for the
 * encoders, which write secrets as a redaction marker. The evaluator marks
 * the encoded text secret because the argument contained a secret, so
 * the real text is never shown. Returns v itself when it holds no secret. */
const value *builtin_reveal(arena *a, const value *v);

/* ---- implementations ---- */

/* builtins.c: numbers, known_after_apply, fail */
value *builtin_fn_abs(builtin_call *c);
value *builtin_fn_fail(builtin_call *c);
value *builtin_fn_known_after_apply(builtin_call *c);
value *builtin_fn_max(builtin_call *c);
value *builtin_fn_min(builtin_call *c);

/* builtins_str.c */
value *builtin_fn_contains(builtin_call *c);
value *builtin_fn_format(builtin_call *c);
value *builtin_fn_has_prefix(builtin_call *c);
value *builtin_fn_has_suffix(builtin_call *c);
value *builtin_fn_join(builtin_call *c);
value *builtin_fn_len(builtin_call *c);
value *builtin_fn_lower(builtin_call *c);
value *builtin_fn_regex_match(builtin_call *c);
value *builtin_fn_regex_replace(builtin_call *c);
value *builtin_fn_replace(builtin_call *c);
value *builtin_fn_split(builtin_call *c);
value *builtin_fn_trim(builtin_call *c);
value *builtin_fn_upper(builtin_call *c);

/* builtins_coll.c */
value *builtin_fn_flatten(builtin_call *c);
value *builtin_fn_from_entries(builtin_call *c);
value *builtin_fn_has(builtin_call *c);
value *builtin_fn_is_null(builtin_call *c);
value *builtin_fn_index_of(builtin_call *c);
value *builtin_fn_keys(builtin_call *c);
value *builtin_fn_merge(builtin_call *c);
value *builtin_fn_range(builtin_call *c);
value *builtin_fn_remove(builtin_call *c);
value *builtin_fn_reverse(builtin_call *c);
value *builtin_fn_slice(builtin_call *c);
value *builtin_fn_sort(builtin_call *c);
value *builtin_fn_to_entries(builtin_call *c);
value *builtin_fn_unique(builtin_call *c);
value *builtin_fn_values(builtin_call *c);

/* builtins_enc.c */
value *builtin_fn_base64_decode(builtin_call *c);
value *builtin_fn_base64_encode(builtin_call *c);
value *builtin_fn_json_decode(builtin_call *c);
value *builtin_fn_json_encode(builtin_call *c);
value *builtin_fn_sha256(builtin_call *c);
value *builtin_fn_to_float(builtin_call *c);
value *builtin_fn_to_int(builtin_call *c);
value *builtin_fn_to_string(builtin_call *c);
value *builtin_fn_yaml_decode(builtin_call *c);
value *builtin_fn_yaml_encode(builtin_call *c);

#endif

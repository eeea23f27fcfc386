/* builtins_enc.c - conversions and encodings: to_int, to_float,
 * to_string, base64_encode/decode, json_encode/decode,
 * yaml_encode/decode and sha256.
 *
 * Text parsing here is strict and locale-free: a configuration that
 * builds on to_int(" 42") or base64 with a missing "=" would work today
 * and break with the next tool that reads the same data more carefully.
 * Decoders must also keep the string invariant (valid UTF-8, no NUL), so
 * decoded bytes are checked before they become a string.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "crypto.h"

#include "../base/xalloc.h"
#include "builtins_internal.h"
#include "value_codec.h"

/* The argument as it appears in messages: value_describe quotes and
 * abbreviates strings and never shows a secret. */
static const char *builtin_describe(builtin_call *c, const value *v)
{
	strbuf sb = STRBUF_INIT;
	value_describe(v, &sb);
	char *s = arena_strndup(c->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

/* ---- to_int, to_float, to_string ------------------------------------------ */

/* Strict decimal: an optional sign and at least one digit, nothing else
 * (no spaces, no "_", no "0x"): the form JSON, YAML and environment
 * variables agree on. Returns 0 for bad syntax, -1 for out of range. */
static int builtin_parse_int(strview s, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-'))
		neg = s.ptr[i++] == '-';
	if (i == s.len)
		return 0;
	/* Accumulate negatively: the range of int64 is one larger on that
	 * side, so INT64_MIN parses without overflow. */
	int64_t x = 0;
	int range_ok = 1;
	for (; i < s.len; i++) {
		if (s.ptr[i] < '0' || s.ptr[i] > '9')
			return 0;
		int d = s.ptr[i] - '0';
		if (x < (INT64_MIN + d) / 10)
			range_ok = 0;
		else
			x = x * 10 - d;
	}
	if (!range_ok || (!neg && x == INT64_MIN))
		return -1;
	*out = neg ? x : -x;
	return 1;
}

value *builtin_fn_to_int(builtin_call *c)
{
	const value *x = c->args[0];
	if (x->kind == VAL_INT)
		return value_with_origin(c->arena, x, c->call);
	if (x->kind == VAL_FLOAT) {
		double d = x->u.number;
		/* Truncation toward zero, as C and Go convert. 2^63 is exact
		 * in a double; every double below it that truncates to an
		 * int64 fits. */
		if (isfinite(d) && trunc(d) >= -9223372036854775808.0 &&
			trunc(d) < 9223372036854775808.0)
			return value_int(c->arena, (int64_t)trunc(d), c->call);
		strbuf t = STRBUF_INIT;
		value_format_float(d, &t);
		builtin_arg_error(c, "to_int", 0, "%s does not fit in an int", t.buf);
		strbuf_release(&t);
		return NULL;
	}
	if (!builtin_is_string(x))
		return builtin_type_error(c, "to_int", 0, "int, float or string");
	int64_t i;
	int rc = builtin_parse_int(strview_of(x->u.str.ptr, x->u.str.len), &i);
	if (rc == 0)
		return builtin_arg_error(
			c, "to_int", 0, "%s is not a decimal integer", builtin_describe(c, x));
	if (rc < 0)
		return builtin_arg_error(
			c, "to_int", 0, "%s does not fit in an int", builtin_describe(c, x));
	return value_int(c->arena, i, c->call);
}

/* Strict decimal float syntax, checked before strtod, which would also
 * take leading spaces, hex floats, "inf" and "nan":
 *   [+-] (digits [. [digits]] | . digits) [(e|E) [+-] digits]  */
static int builtin_float_syntax(strview s)
{
	size_t i = 0, digits = 0;
	if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-'))
		i++;
	for (; i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9'; i++)
		digits++;
	if (i < s.len && s.ptr[i] == '.')
		for (i++; i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9'; i++)
			digits++;
	if (!digits)
		return 0;
	if (i < s.len && (s.ptr[i] == 'e' || s.ptr[i] == 'E')) {
		i++;
		if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-'))
			i++;
		size_t exp = 0;
		for (; i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9'; i++)
			exp++;
		if (!exp)
			return 0;
	}
	return i == s.len;
}

value *builtin_fn_to_float(builtin_call *c)
{
	const value *x = c->args[0];
	if (x->kind == VAL_FLOAT)
		return value_with_origin(c->arena, x, c->call);
	if (x->kind == VAL_INT)
		return value_float(c->arena, (double)x->u.integer, c->call);
	if (!builtin_is_string(x))
		return builtin_type_error(c, "to_float", 0, "int, float or string");
	strview s = strview_of(x->u.str.ptr, x->u.str.len);
	if (!builtin_float_syntax(s))
		return builtin_arg_error(
			c, "to_float", 0, "%s is not a decimal number", builtin_describe(c, x));
	/* The string is NUL-terminated and fully checked, so strtod reads
	 * all of it. The decimal point is '.' as long as nothing calls
	 * setlocale(LC_NUMERIC), which stackc never does. */
	errno = 0;
	double d = strtod(s.ptr, NULL);
	/* Too large is an error, as for a float literal; too small rounds
	 * toward zero, as the lexer does (docs/language.md 5.2). */
	if (errno == ERANGE && isinf(d))
		return builtin_arg_error(
			c, "to_float", 0, "%s does not fit in a float", builtin_describe(c, x));
	return value_float(c->arena, d, c->call);
}

value *builtin_fn_to_string(builtin_call *c)
{
	strbuf out = STRBUF_INIT;
	if (!value_to_text(c->args[0], &out)) {
		strbuf_release(&out);
		return builtin_type_error(c, "to_string", 0, "string, int, float, bool or null");
	}
	return builtin_string_take(c, "to_string", &out);
}

/* ---- base64 ----------------------------------------------------------------- */

value *builtin_fn_base64_encode(builtin_call *c)
{
	strview s;
	if (!builtin_arg_string(c, "base64_encode", 0, &s))
		return NULL;
	/* 4 output bytes per 3 input bytes, rounded up. Input strings are
	 * within EVAL_MAX_STRING, so the int lengths OpenSSL takes hold. */
	size_t n = (s.len + 2) / 3 * 4;
	if (!builtin_check_string_len(c, "base64_encode", n))
		return NULL;
	const crypto_lib *lib = crypto_get(c->ev, "base64_encode", c->call);
	if (!lib)
		return NULL;
	unsigned char *out = xmalloc(n + 1);
	int w = lib->encode_block(out, (const unsigned char *)s.ptr, (int)s.len);
	value *r = value_string(c->arena, (const char *)out, (size_t)w, c->call);
	xfree(out);
	return r;
}

static int builtin_is_b64(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		ch == '+' || ch == '/';
}

/* True if bytes are valid UTF-8 without NUL: what a string may hold. */
static int builtin_is_text(const unsigned char *p, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int n = src_utf8_decode((const char *)p + i, len - i, &cp);
		if (n == 0 || cp == 0)
			return 0;
		i += (size_t)n;
	}
	return 1;
}

value *builtin_fn_base64_decode(builtin_call *c)
{
	strview s;
	if (!builtin_arg_string(c, "base64_decode", 0, &s))
		return NULL;
	/* EVP_DecodeBlock skips white space, accepts '=' in odd places and
	 * counts padding as output bytes; check the standard padded
	 * alphabet (RFC 4648 section 4) first, then subtract the padding. */
	size_t pad = 0;
	if (s.len % 4)
		return builtin_arg_error(c, "base64_decode", 0,
			"not valid base64: the length (%zu) is not a multiple of 4", s.len);
	if (s.len && s.ptr[s.len - 1] == '=')
		pad = s.len >= 2 && s.ptr[s.len - 2] == '=' ? 2 : 1;
	for (size_t i = 0; i < s.len - pad; i++) {
		if (builtin_is_b64(s.ptr[i]))
			continue;
		/* The character is not quoted: the text may be a secret
		 * (the evaluator passes secrets to us as plain strings). */
		return builtin_arg_error(c, "base64_decode", 0,
			"not valid base64: unexpected character at position %zu",
			builtin_utf8_count(s.ptr, i) + 1);
	}
	if (s.len == 0)
		return value_string(c->arena, "", 0, c->call);

	const crypto_lib *lib = crypto_get(c->ev, "base64_decode", c->call);
	if (!lib)
		return NULL;
	unsigned char *out = xmalloc(s.len / 4 * 3 + 1);
	int n = lib->decode_block(out, (const unsigned char *)s.ptr, (int)s.len);
	value *r = NULL;
	if (n < 0)
		builtin_arg_error(c, "base64_decode", 0, "not valid base64");
	else if (!builtin_is_text(out, (size_t)n - pad))
		builtin_arg_error(c, "base64_decode", 0,
			"the decoded bytes are not UTF-8 text without NUL, and strings can hold only that");
	else
		r = value_string(c->arena, (const char *)out, (size_t)n - pad, c->call);
	xfree(out);
	return r;
}

/* ---- JSON and YAML ------------------------------------------------------------ */

/* Secrets are revealed before writing (see builtin_reveal): the writers
 * would put the redaction marker in their place, and the encoded text is
 * a secret anyway because the argument held one. */
static value *builtin_encode(builtin_call *c, const char *fn, int yaml)
{
	/* The writers would put a placeholder text where an unknown value
	 * is; the encoded text is not known before apply. */
	value *u = builtin_unknown_inside(c);
	if (u)
		return u;
	const value *v = builtin_reveal(c->arena, c->args[0]);
	strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = yaml ? value_write_yaml(v, &out, &err) : value_write_json(v, 0, &out, &err);
	value *r;
	if (rc < 0) {
		r = builtin_arg_error(c, fn, 0, "%s", err.buf);
		strbuf_release(&out);
	} else {
		r = builtin_secret_if_nested(c, builtin_string_take(c, fn, &out));
	}
	strbuf_release(&err);
	return r;
}

static value *builtin_decode(builtin_call *c, const char *fn, int yaml)
{
	strview s;
	if (!builtin_arg_string(c, fn, 0, &s))
		return NULL;
	strbuf err = STRBUF_INIT;
	value *r = yaml ? value_read_yaml(c->arena, s.ptr, s.len, c->call, &err) :
			  value_read_json(c->arena, s.ptr, s.len, c->call, &err);
	if (!r)
		builtin_arg_error(c, fn, 0, "not valid %s: %s", yaml ? "YAML" : "JSON", err.buf);
	strbuf_release(&err);
	return r;
}

value *builtin_fn_json_encode(builtin_call *c)
{
	return builtin_encode(c, "json_encode", 0);
}

value *builtin_fn_json_decode(builtin_call *c)
{
	return builtin_decode(c, "json_decode", 0);
}

value *builtin_fn_yaml_encode(builtin_call *c)
{
	return builtin_encode(c, "yaml_encode", 1);
}

value *builtin_fn_yaml_decode(builtin_call *c)
{
	return builtin_decode(c, "yaml_decode", 1);
}

/* ---- sha256 ------------------------------------------------------------------- */

value *builtin_fn_sha256(builtin_call *c)
{
	strview s;
	if (!builtin_arg_string(c, "sha256", 0, &s))
		return NULL;
	const crypto_lib *lib = crypto_get(c->ev, "sha256", c->call);
	if (!lib)
		return NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	/* EVP_Digest fails only without memory or a broken OpenSSL
	 * installation: a programmer/system error, not the user's. */
	if (!lib->digest(s.ptr, s.len, md, &mdlen, lib->sha256(), NULL))
		return eval_error(
			c->ev, c->call, "E0311", "'sha256': OpenSSL could not compute the digest");
	static const char hex[] = "0123456789abcdef";
	char out[2 * EVP_MAX_MD_SIZE];
	for (unsigned int i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	return value_string(c->arena, out, 2 * (size_t)mdlen, c->call);
}

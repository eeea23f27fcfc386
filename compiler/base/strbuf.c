/* strbuf.c - growable strings (see strbuf.h). */
#include "strbuf.h"

#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

const char strbuf_empty_[1] = "";

void strbuf_init(strbuf *sb)
{
	sb->buf = (char *)strbuf_empty_;
	sb->len = 0;
	sb->cap = 0;
}

void strbuf_release(strbuf *sb)
{
	if (sb->cap)
		free(sb->buf);
	strbuf_init(sb);
}

void strbuf_grow_slow(strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap && need > sb->len)
		return;
	if (need <= sb->len) /* overflow */
		xalloc_too_big();
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap = cap < ((size_t)-1) / 2 ? cap * 2 : need;
	if (sb->cap) {
		sb->buf = xrealloc(sb->buf, cap);
	} else {
		sb->buf = xmalloc(cap);
		sb->buf[0] = '\0';
	}
	sb->cap = cap;
}

void strbuf_adds(strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addchars(strbuf *sb, char c, size_t n)
{
	if (!n)
		return;
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_add_int(strbuf *sb, int64_t n)
{
	/* Digits from the end of a local buffer; the magnitude is taken as
	 * unsigned so that INT64_MIN needs no special case. printf's
	 * machinery cost ten times as much for the port numbers of every
	 * URL a platform interpolates. */
	char buf[24];
	char *p = buf + sizeof(buf);
	uint64_t m = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
	} while (m);
	if (n < 0)
		*--p = '-';
	strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

void strbuf_reset(strbuf *sb)
{
	strbuf_setlen(sb, 0);
}

void strbuf_setlen(strbuf *sb, size_t len)
{
	if (!sb->cap)
		return; /* still the shared empty string */
	if (len > sb->len)
		len = sb->len;
	sb->len = len;
	sb->buf[len] = '\0';
}

char *strbuf_detach(strbuf *sb, size_t *len_out)
{
	char *res;
	if (len_out)
		*len_out = sb->len;
	if (sb->cap) {
		res = sb->buf;
	} else {
		res = xstrdup("");
	}
	strbuf_init(sb);
	return res;
}

int strview_eq(strview a, strview b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

int strview_eq_cstr(strview a, const char *s)
{
	return strview_eq(a, strview_of(s, strlen(s)));
}

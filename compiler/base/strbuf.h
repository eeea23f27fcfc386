/* strbuf.h - growable, always NUL-terminated byte string.
 *
 * The contract is git's strbuf: `buf` is never NULL (an empty strbuf
 * points at a shared "" until the first write) and buf[len] == '\0'
 * always, so a strbuf can be handed to any C string API.
 */
#ifndef STACKC_BASE_STRBUF_H
#define STACKC_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct strbuf {
	char *buf;
	size_t len;
	size_t cap; /* 0 while buf points at the shared empty string */
} strbuf;

/* A borrowed view of bytes, not necessarily NUL-terminated. */
typedef struct strview {
	const char *ptr;
	size_t len;
} strview;

#define STRBUF_INIT                         \
	{                                   \
		(char *)strbuf_empty_, 0, 0 \
	}
extern const char strbuf_empty_[1];

void strbuf_init(strbuf *sb);
void strbuf_release(strbuf *sb);
/* strbuf_grow when the room is not there: reallocates. */
void strbuf_grow_slow(strbuf *sb, size_t extra);

/* Make room for `extra` more bytes (plus the NUL). Inline, like add and
 * addch: the manifest writer appends a few bytes at a time, hundreds of
 * thousands of times on a big platform. */
static inline void strbuf_grow(strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need > sb->cap || need <= sb->len)
		strbuf_grow_slow(sb, extra);
}

static inline void strbuf_add(strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

static inline void strbuf_addch(strbuf *sb, char c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(strbuf *sb, const char *s);
/* Append `c` `n` times. */
void strbuf_addchars(strbuf *sb, char c, size_t n);
/* Append n in decimal, as printf's "%" PRId64 would. */
void strbuf_add_int(strbuf *sb, int64_t n);
void strbuf_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void strbuf_reset(strbuf *sb);
void strbuf_setlen(strbuf *sb, size_t len);
/* Hand the buffer to the caller (who frees it with free()); `sb` is
 * reset to empty. */
char *strbuf_detach(strbuf *sb, size_t *len_out);

static inline strview strview_of(const char *ptr, size_t len)
{
	strview v = { ptr, len };
	return v;
}
int strview_eq(strview a, strview b);
int strview_eq_cstr(strview a, const char *s);

#endif

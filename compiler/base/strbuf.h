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
/* Make room for `extra` more bytes (plus the NUL). */
void strbuf_grow(strbuf *sb, size_t extra);
void strbuf_add(strbuf *sb, const void *data, size_t len);
void strbuf_adds(strbuf *sb, const char *s);
void strbuf_addch(strbuf *sb, char c);
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

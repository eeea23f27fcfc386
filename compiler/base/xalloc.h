/* xalloc.h - the one allocation entry point.
 *
 * Every heap allocation in stackc goes through these wrappers. On
 * out-of-memory they print a message and abort(): a compiler cannot do
 * anything useful without memory, and checking NULL at every call site
 * is how leaks and half-built structures creep in. flex and bison are
 * routed here too (see grammar/).
 */
#ifndef STACKC_BASE_XALLOC_H
#define STACKC_BASE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow an array of `count` elements of `size` bytes, checking the
 * multiplication for overflow. */
void *xreallocarray(void *ptr, size_t count, size_t size);
/* A size that overflowed while being computed: the same message and
 * abort() as running out of memory. */
_Noreturn void xalloc_too_big(void);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);
void xfree(void *ptr);

#endif

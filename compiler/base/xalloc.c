/* xalloc.c - aborting allocation wrappers (see xalloc.h). */
/* madvise() is not in POSIX.1-2008 alone. */
#define _DEFAULT_SOURCE
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

/* Big blocks (hash tables and edge lists of a platform with thousands of
 * components) come from fresh mmap pages. With 4 KiB pages each first
 * touch is a page fault, about 10 us on a virtual machine: a 2 MiB
 * table cost 5 ms before anything was in it. Offering the block to the
 * kernel for transparent huge pages makes that one fault. A hint: the
 * whole 2 MiB pages inside the block, failure ignored. */
#define HUGE_HINT_MIN (2u * 1024u * 1024u)

static void *hint_huge(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(STACKC_DEBUG_ARENA)
	if (size >= 2 * HUGE_HINT_MIN) {
		uintptr_t start =
			((uintptr_t)p + HUGE_HINT_MIN - 1) & ~(uintptr_t)(HUGE_HINT_MIN - 1);
		uintptr_t end = ((uintptr_t)p + size) & ~(uintptr_t)(HUGE_HINT_MIN - 1);
		if (end > start)
			madvise((void *)start, end - start, MADV_HUGEPAGE);
	}
#else
	(void)size;
#endif
	return p;
}

static _Noreturn void oom(size_t size)
{
	fprintf(stderr, "stackc: out of memory (allocating %zu bytes)\n", size);
	abort();
}

_Noreturn void xalloc_too_big(void)
{
	oom(SIZE_MAX);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		oom(size);
	return hint_huge(p, size);
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return hint_huge(p, count * size);
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		oom(size);
	return hint_huge(p, size);
}

void *xreallocarray(void *ptr, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(ptr, count * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void xfree(void *ptr)
{
	free(ptr);
}

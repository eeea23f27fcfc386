/* touch.c - what first touching memory costs on this machine.
 *
 *     cc -O2 -o touch bench/touch.c && ./touch
 *
 * Maps 64 MiB twice, with 4 KiB pages and with transparent huge pages
 * (madvise), writes one byte per 4 KiB page (each first write makes the
 * kernel find and clear a page), then rewrites the warm memory with
 * memset, and prints milliseconds per megabyte for each. On a virtual
 * machine the first touch can cost a hundred times the rewrite; how
 * much varies with what the host still backs. docs/performance.md
 * explains why stackc's arenas care.
 */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define LEN (64u << 20)
#define HUGE (2u << 20)

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(void)
{
	for (int huge = 0; huge < 2; huge++) {
		unsigned char *p = mmap(NULL, LEN + HUGE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("touch: mmap");
			return 1;
		}
		unsigned char *a =
			(unsigned char *)(((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
		madvise(a, LEN, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
		double t0 = now_ms();
		for (size_t off = 0; off < LEN; off += 4096)
			a[off] = 1;
		double t1 = now_ms();
		memset(a, 2, LEN);
		double t2 = now_ms();
		printf("%s pages: first touch %.3f ms/MB, rewrite %.3f ms/MB\n",
			huge ? "2 MiB" : "4 KiB", (t1 - t0) / 64, (t2 - t1) / 64);
		munmap(p, LEN + HUGE);
	}
	return 0;
}

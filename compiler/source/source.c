/* source.c - source files, line tables and UTF-8 checks (see source.h).
 *
 * This is the first thing the pipeline touches: the CLI loads files here,
 * the lexer reads their bytes, and every later phase refers back to them
 * through src_span. Nothing here knows about tokens or diagnostics; diag.c
 * asks this module for lines and columns when it prints.
 *
 * The line table is built eagerly when a file is added (one memchr pass):
 * it costs 4 bytes per line and lets src_line_col() answer in O(log n),
 * which matters when a broken file produces hundreds of diagnostics.
 */
#include "source.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/xalloc.h"

/* First read size for files whose size fstat() cannot tell (pipes,
 * character devices such as /dev/stdin). */
#define SRC_READ_CHUNK (64u * 1024u)

void src_map_init(src_map *m)
{
	m->files = NULL;
	m->len = 0;
	m->cap = 0;
}

static void src_file_free(src_file *f)
{
	if (!f)
		return;
	free(f->name);
	if (!f->borrowed)
		free(f->text);
	free(f->line_starts);
	free(f);
}

void src_map_release(src_map *m)
{
	for (size_t i = 0; i < m->len; i++)
		src_file_free(m->files[i]);
	free(m->files);
	src_map_init(m);
}

/* Fill in bom and the line table of a file whose text and len are set.
 * Line 1 starts at offset 0 even with a BOM (the table records where
 * bytes start; the BOM is skipped when columns and ranges are computed).
 * Only '\n' starts a new line, so "\r\n" needs no special case here: the
 * '\r' stays at the end of the previous line and src_line_range trims it.
 * A final '\n' opens an empty last line, as it does in an editor that
 * shows a cursor after the final newline. */
static void src_file_index(src_file *f)
{
	const char *t = f->text;
	uint32_t n = 1;

	f->bom = (f->len >= 3 && (unsigned char)t[0] == 0xEF && (unsigned char)t[1] == 0xBB &&
			 (unsigned char)t[2] == 0xBF) ?
		3 :
		0;

	for (const char *p = t, *end = t + f->len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	f->line_starts = xreallocarray(NULL, n, sizeof(uint32_t));
	f->line_count = n;
	f->line_starts[0] = 0;
	n = 1;
	for (const char *p = t, *end = t + f->len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		f->line_starts[n++] = (uint32_t)(p - t) + 1;
}

/* Give `f` the next id. Slot 0 is reserved the first time so that a zero
 * span.file can mean "no location" everywhere. */
static const src_file *src_map_push(src_map *m, src_file *f)
{
	if (m->len == 0) {
		m->cap = 8;
		m->files = xreallocarray(NULL, m->cap, sizeof(src_file *));
		m->files[0] = NULL;
		m->len = 1;
	}
	if (m->len == m->cap) {
		m->cap *= 2;
		m->files = xreallocarray(m->files, m->cap, sizeof(src_file *));
	}
	assert(m->len <= UINT32_MAX);
	f->id = (uint32_t)m->len;
	m->files[m->len++] = f;
	src_file_index(f);
	return f;
}

const src_file *src_map_add(src_map *m, const char *name, const char *text, size_t len)
{
	/* Callers reading stdin or REPL input must enforce the limit
	 * themselves; spans could not address the excess. */
	assert(len <= SRC_MAX_FILE_SIZE);
	src_file *f = xcalloc(1, sizeof(*f));
	f->name = xstrdup(name);
	f->text = xmalloc(len + 1);
	if (len)
		memcpy(f->text, text, len);
	f->text[len] = '\0';
	f->len = (uint32_t)len;
	return src_map_push(m, f);
}

const src_file *src_map_add_static(src_map *m, const char *name, const char *text, size_t len)
{
	assert(len <= SRC_MAX_FILE_SIZE && text[len] == '\0');
	src_file *f = xcalloc(1, sizeof(*f));
	f->name = xstrdup(name);
	f->text = (char *)text; /* never written: borrowed */
	f->len = (uint32_t)len;
	f->borrowed = 1;
	return src_map_push(m, f);
}

/* Read everything from fd into a fresh NUL-terminated buffer. `hint` is
 * the size fstat() reported (0 when unknown); files can change while we
 * read, so it only sizes the first allocation and EOF decides the end.
 * When the buffer is full we probe with a small read before growing, so
 * a regular file whose size fstat() got right is never reallocated.
 * Returns 0 or a negative src_load_status with errno preserved. */
static int src_read_all(int fd, size_t hint, char **out, size_t *len_out)
{
	size_t cap = (hint ? hint : SRC_READ_CHUNK) + 1;
	size_t len = 0;
	char *buf = xmalloc(cap);
	char probe[4096];

	for (;;) {
		int full = len + 1 == cap;
		char *dst = full ? probe : buf + len;
		ssize_t n = read(fd, dst, full ? sizeof(probe) : cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			free(buf);
			errno = saved;
			return SRC_ERR_IO;
		}
		if (n == 0)
			break;
		if (len + (size_t)n > SRC_MAX_FILE_SIZE) {
			free(buf);
			errno = EFBIG;
			return SRC_ERR_TOO_BIG;
		}
		if (full) {
			/* Bounded by the size limit above, so no overflow. */
			cap = cap * 2 > len + (size_t)n + 1 ? cap * 2 : len + (size_t)n + 1;
			buf = xrealloc(buf, cap);
			memcpy(buf + len, probe, (size_t)n);
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	*len_out = len;
	return 0;
}

int src_map_load(src_map *m, const char *path, const src_file **out, int *err_out)
{
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int rc = SRC_OK;
	int err = 0;
	int fd;

	if (out)
		*out = NULL;
	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		err = errno;
		rc = err == ENOENT ? SRC_ERR_NOT_FOUND : SRC_ERR_IO;
		goto done;
	}
	if (fstat(fd, &st) < 0) {
		err = errno;
		rc = SRC_ERR_IO;
		goto done;
	}
	/* open() happily succeeds on a directory; read() would then fail
	 * with EISDIR, but a dedicated status gives a clearer message. */
	if (S_ISDIR(st.st_mode)) {
		err = EISDIR;
		rc = SRC_ERR_IS_DIR;
		goto done;
	}
	/* Refuse early when the size is known, so a huge file is never
	 * read; src_read_all checks again for pipes and growing files. */
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > SRC_MAX_FILE_SIZE) {
		err = EFBIG;
		rc = SRC_ERR_TOO_BIG;
		goto done;
	}
	rc = src_read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, &text, &len);
	if (rc < 0) {
		err = errno;
		goto done;
	}

	src_file *f = xcalloc(1, sizeof(*f));
	f->name = xstrdup(path);
	f->text = text;
	f->len = (uint32_t)len;
	text = NULL;
	const src_file *added = src_map_push(m, f);
	if (out)
		*out = added;

done:
	if (fd >= 0)
		close(fd);
	free(text);
	if (rc < 0 && err_out)
		*err_out = err;
	return rc;
}

const src_file *src_map_get(const src_map *m, uint32_t id)
{
	if (id == 0 || id >= m->len)
		return NULL;
	return m->files[id];
}

/* Number of code points in text[from, to): every byte that is not a
 * continuation byte (10xxxxxx) starts one. Invalid UTF-8 still gives a
 * sensible count, which keeps carets usable in files we reject later. */
static uint32_t src_count_cps(const char *text, uint32_t from, uint32_t to)
{
	uint32_t n = 0;
	for (uint32_t i = from; i < to; i++)
		n += ((unsigned char)text[i] & 0xC0) != 0x80;
	return n;
}

/* Index (0-based) of the line containing `offset`: the last line whose
 * start is <= offset. line_starts[0] == 0, so one always exists. */
static uint32_t src_line_index(const src_file *f, uint32_t offset)
{
	uint32_t lo = 0, hi = f->line_count;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (f->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void src_line_col(const src_file *f, uint32_t offset, uint32_t *line, uint32_t *col)
{
	if (offset > f->len)
		offset = f->len;
	uint32_t ix = src_line_index(f, offset);
	uint32_t start = f->line_starts[ix];
	/* Only line 1 can contain the BOM; it is not a column. */
	if (start < f->bom)
		start = f->bom;
	*line = ix + 1;
	*col = (offset > start ? src_count_cps(f->text, start, offset) : 0) + 1;
}

void src_line_range(const src_file *f, uint32_t line, uint32_t *start, uint32_t *end)
{
	if (line < 1)
		line = 1;
	if (line > f->line_count)
		line = f->line_count;
	uint32_t s = f->line_starts[line - 1];
	uint32_t e = line < f->line_count ? f->line_starts[line] - 1 : f->len;
	/* e now sits on the '\n' (or at EOF); drop a '\r' before it. */
	if (line < f->line_count && e > s && f->text[e - 1] == '\r')
		e--;
	if (s < f->bom)
		s = f->bom;
	if (e < s)
		e = s;
	*start = s;
	*end = e;
}

/* Strict UTF-8 as in RFC 3629 / Unicode table 3-7: the second byte's
 * range depends on the lead byte, which is what rules out overlong forms
 * (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above
 * U+10FFFF (F4 90.., F5..FF). C0 and C1 can only start overlongs. */
int src_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	uint32_t c;
	int n;

	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		if (cp)
			*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		c = p[0] & 0x0F;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		c = p[0] & 0x07;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (len < (size_t)n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	c = (c << 6) | (p[1] & 0x3F);
	for (int i = 2; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (cp)
		*cp = c;
	return n;
}

long src_find_invalid_utf8(const src_file *f, const char **what)
{
	const char *t = f->text;
	uint32_t i = 0;

	while (i < f->len) {
		/* Eight bytes at a time while none has its high bit set and
		 * none is NUL (the has-zero-byte test of "Bit Twiddling
		 * Hacks"): a file is checked whole before it is parsed, and
		 * this made checking std/k8s ten times cheaper. */
		while (f->len - i >= 8) {
			uint64_t w;
			memcpy(&w, t + i, 8);
			const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
			if (((w | ((w - ones) & ~w)) & highs) != 0)
				break;
			i += 8;
		}
		if (i >= f->len)
			break;
		unsigned char b = (unsigned char)t[i];
		/* ASCII fast path: the common case is a plain-ASCII file. */
		if (b != 0 && b < 0x80) {
			i++;
			continue;
		}
		if (b == 0) {
			if (what)
				*what = "NUL byte";
			return (long)i;
		}
		int n = src_utf8_decode(t + i, f->len - i, NULL);
		if (n == 0) {
			/* Report the lead byte: that is where the character
			 * the user meant to write starts. */
			if (what)
				*what = "invalid UTF-8";
			return (long)i;
		}
		i += (uint32_t)n;
	}
	return -1;
}

src_span src_span_join(src_span a, src_span b)
{
	/* A location-less span carries no information; joining with it
	 * must not drag the result to offset 0. */
	if (a.file == 0)
		return b;
	if (b.file == 0)
		return a;
	src_span r = a;
	if (b.start < r.start)
		r.start = b.start;
	if (b.end > r.end)
		r.end = b.end;
	return r;
}

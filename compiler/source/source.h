/* source.h - source files, byte spans and line/column mapping.
 *
 * A src_map owns every file read during a compilation and gives each an
 * id. AST nodes and diagnostics refer to text by src_span (file id plus
 * byte offsets); lines and columns are computed only when something is
 * printed, by binary search over the line-start table.
 *
 * Columns count Unicode code points from the start of the line, 1-based,
 * so a caret under "é" lands where a terminal shows it. A UTF-8 byte order
 * mark at the start of a file is skipped and does not count as a column.
 * "\r\n" and "\n" both end a line.
 */
#ifndef STACKC_SOURCE_SOURCE_H
#define STACKC_SOURCE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

/* Files bigger than this are refused: spans are 32-bit offsets. */
#define SRC_MAX_FILE_SIZE (1024u * 1024u * 1024u)

typedef struct src_span {
	uint32_t file;  /* id in the src_map; 0 means "no location" */
	uint32_t start; /* byte offset of the first byte */
	uint32_t end;   /* byte offset one past the last byte */
} src_span;

typedef struct src_file {
	uint32_t id;
	char *name; /* path as the user gave it, used in diagnostics */
	char *text; /* the bytes, NUL-terminated (may contain NULs) */
	uint32_t len;
	uint32_t bom;          /* 3 if the file starts with a UTF-8 BOM, else 0 */
	uint32_t *line_starts; /* byte offset of each line's first byte */
	uint32_t line_count;
	int borrowed; /* text is not the map's (src_map_add_static) */
} src_file;

typedef struct src_map {
	src_file **files; /* files[0] is unused so that id 0 means "none" */
	size_t len;
	size_t cap;
} src_map;

typedef enum src_load_status {
	SRC_OK = 0,
	SRC_ERR_NOT_FOUND = -1,
	SRC_ERR_IS_DIR = -2,
	SRC_ERR_TOO_BIG = -3,
	SRC_ERR_IO = -4,
} src_load_status;

void src_map_init(src_map *m);
void src_map_release(src_map *m);

/* Read `path` into the map. On failure returns a negative status and
 * sets *err_out (if not NULL) to errno's value for the message. */
int src_map_load(src_map *m, const char *path, const src_file **out, int *err_out);
/* Add in-memory text under a display name (stdin, tests, the REPL). */
const src_file *src_map_add(src_map *m, const char *name, const char *text, size_t len);
/* src_map_add without the copy, for text that outlives the map and has
 * a NUL after its len bytes (the standard library, compiled in): its
 * pages are the binary's, read from the page cache, not new ones. */
const src_file *src_map_add_static(src_map *m, const char *name, const char *text, size_t len);
const src_file *src_map_get(const src_map *m, uint32_t id);

/* 1-based line and column (in code points) of a byte offset. */
void src_line_col(const src_file *f, uint32_t offset, uint32_t *line, uint32_t *col);
/* Byte range of a 1-based line, without its line terminator. */
void src_line_range(const src_file *f, uint32_t line, uint32_t *start, uint32_t *end);

/* Checks that the file is valid UTF-8 without NUL bytes. Returns the
 * offset of the first bad byte, or -1 if the text is clean. *what says
 * which problem was found ("NUL byte" or "invalid UTF-8"). */
long src_find_invalid_utf8(const src_file *f, const char **what);
/* Decode one strictly valid UTF-8 sequence (no overlongs, surrogates or
 * code points above U+10FFFF) at s[0..len). Returns its length (1-4) and
 * stores the code point in *cp (if not NULL), or 0 if the bytes are not
 * a complete valid sequence. A NUL byte decodes as U+0000. */
int src_utf8_decode(const char *s, size_t len, uint32_t *cp);

static inline src_span src_span_make(uint32_t file, uint32_t start, uint32_t end)
{
	src_span s = { file, start, end };
	return s;
}
/* The smallest span covering both (same file assumed). */
src_span src_span_join(src_span a, src_span b);

#endif

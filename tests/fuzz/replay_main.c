/* replay_main.c - run a libFuzzer target over files, without libFuzzer.
 *
 *   fuzz_parse_replay PATH...
 *
 * Each PATH is a file or a directory (searched recursively; names
 * starting with '.' are skipped). Every file is read whole and passed to
 * LLVMFuzzerTestOneInput once. This is how the fuzz corpus runs as an
 * ordinary test with gcc, and under ASan/UBSan in the sanitizer build: a
 * bug shows up as a crash or a sanitizer report, so the exit status is 0
 * whenever every input ran. Files that cannot be read are an error
 * (exit 1), so a mistyped corpus path does not pass silently.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../compiler/base/strbuf.h"
#include "../../compiler/base/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t replayed;

/* Read all of `path` into `sb`. Returns 0 or -1 with errno set. */
static int read_file(const char *path, strbuf *sb)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(sb, buf, n);
	int err = ferror(fp) ? errno : 0;
	fclose(fp);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

static int replay_file(const char *path)
{
	strbuf sb = STRBUF_INIT;
	if (read_file(path, &sb) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		strbuf_release(&sb);
		return -1;
	}
	/* A private copy of exactly `len` bytes, so ASan catches a read
	 * past the end of the input just as libFuzzer would. */
	uint8_t *copy = xmalloc(sb.len ? sb.len : 1);
	memcpy(copy, sb.buf, sb.len);
	LLVMFuzzerTestOneInput(copy, sb.len);
	free(copy);
	strbuf_release(&sb);
	replayed++;
	return 0;
}

static int replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);

	DIR *dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		strbuf child = STRBUF_INIT;
		strbuf_addf(&child, "%s/%s", path, e->d_name);
		if (replay_path(child.buf) < 0)
			rc = -1;
		strbuf_release(&child);
	}
	closedir(dir);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
		return 2;
	}
	int rc = 0;
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i]) < 0)
			rc = 1;
	printf("replayed %zu inputs\n", replayed);
	if (replayed == 0) {
		fprintf(stderr, "replay: no inputs found\n");
		rc = 1;
	}
	return rc;
}

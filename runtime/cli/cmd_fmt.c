/* cmd_fmt.c - `stackc fmt [--check] [--diff] [PATH...]`.
 *
 * Formats .stack files in the canonical layout (compiler/syntax/format.c).
 * A file named on the command line is formatted whatever its extension;
 * a directory is searched recursively for *.stack files (hidden entries
 * skipped), in sorted order so output is deterministic; '-' is standard
 * input, written formatted to standard output. Without a PATH: ".".
 *
 * Modes:
 *   default   rewrite each changed file in place and print its path;
 *   --check   write nothing, print the path of each file that would change;
 *   --diff    write nothing, print a unified diff per file that would change.
 * Exit status: 0, or 1 when a path is missing, a file has syntax errors,
 * or (--check/--diff) something would change; 3 when the formatter fails
 * its own safety check or a file cannot be written.
 *
 * Safety. Before anything is written, the formatted text is parsed again
 * and its tree compared with the original's (fmt_check_roundtrip). If they
 * differ, that is a formatter bug: the file is left alone and the bug is
 * reported. A file is replaced atomically (temporary file in the same
 * directory, fsync, rename), so an interrupted run never leaves a
 * half-written source file behind.
 *
 * Memory. Each file gets its own arena, source map and diagnostic list,
 * released before the next file, so formatting a large tree takes the
 * memory of its largest file. Files with syntax errors are parsed once
 * more into one long-lived report list, so that all diagnostics come out
 * together at the end (one JSON document with --output json).
 */
/* realpath() is an X/Open extension on top of the POSIX level the build
 * asks for (see CMakeLists.txt). */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../compiler/base/arena.h"
#include "../../compiler/base/strbuf.h"
#include "../../compiler/base/xalloc.h"
#include "../../compiler/syntax/format.h"
#include "../../compiler/syntax/parse.h"
#include "cli.h"
#include "cli_files.h"
#include "git_diff.h"

/* Name under which standard input appears in messages and diffs. */
#define FMT_STDIN_NAME "<stdin>"

typedef enum fmt_mode {
	MODE_WRITE,
	MODE_CHECK,
	MODE_DIFF,
} fmt_mode;

/* State of one `stackc fmt` run. */
typedef struct fmt_run {
	cli_invocation *inv;
	fmt_mode mode;
	/* Diagnostics of every file, reported at the end. */
	arena report_arena;
	src_map report_sources;
	diag_list report;
	int changed;       /* files that were or would be reformatted */
	int internal;      /* safety check or write failures */
	git_diff_lib *git; /* --diff: libgit2, loaded (git_diff.h) */
} fmt_run;

/* ---- writing ------------------------------------------------------------ */

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Replace the file at `path` by `data`, atomically: readers see the old
 * or the new content, never a mixture, even if we are interrupted. The
 * temporary file sits in the same directory (rename() cannot cross file
 * systems) and gets the original's permission bits. A symbolic link is
 * resolved first so that the link stays a link. Returns 0, or -1 with
 * errno set. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	char *real = realpath(path, NULL);
	const char *target = real ? real : path;
	strbuf tmp = STRBUF_INIT;
	struct stat st;
	int fd = -1, rc = -1, saved = 0;

	if (stat(target, &st) != 0)
		goto done;
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	if (slash)
		strbuf_add(&tmp, target, (size_t)(slash - target) + 1);
	strbuf_addf(&tmp, ".%s.stackc-tmp", base);

	fd = open(
		tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 07777);
	if (fd < 0)
		goto done;
	/* open() applied the umask; the file keeps its exact mode. */
	if (fchmod(fd, st.st_mode & 07777) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp.buf, target) != 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	fd = -1;
	unlink(tmp.buf);
	errno = saved;
done:
	saved = errno;
	strbuf_release(&tmp);
	free(real);
	errno = saved;
	return rc;
}

/* ---- one file ---------------------------------------------------------- */

/* Read all of standard input. Returns 0, or -1 (message in `err`). */
static int read_stdin(strbuf *buf, strbuf *err)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		if (buf->len + n > SRC_MAX_FILE_SIZE) {
			strbuf_addf(err, "standard input is larger than %u bytes",
				(unsigned)SRC_MAX_FILE_SIZE);
			return -1;
		}
		strbuf_add(buf, chunk, n);
	}
	if (ferror(stdin)) {
		strbuf_addf(err, "cannot read standard input: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The file has syntax errors: parse it once more into the report list,
 * which keeps its text alive until the diagnostics are printed. */
static void report_errors(fmt_run *r, const src_file *f)
{
	const src_file *copy = src_map_add(&r->report_sources, f->name, f->text, f->len);
	parse_file(&r->report_arena, copy, &r->report);
}

/* Act on one file whose formatted text is `out`. */
static void apply_result(
	fmt_run *r, const char *path, int is_stdin, const src_file *f, const strbuf *out)
{
	cli_invocation *inv = r->inv;
	int same = out->len == f->len && memcmp(out->buf, f->text, f->len) == 0;

	if (is_stdin && r->mode == MODE_WRITE) {
		fwrite(out->buf, 1, out->len, inv->out);
		return;
	}
	if (same)
		return;
	r->changed++;
	switch (r->mode) {
	case MODE_WRITE:
		if (write_atomic(path, out->buf, out->len) != 0) {
			fprintf(inv->err, "stackc: cannot write '%s': %s\n", path, strerror(errno));
			r->internal++;
			r->changed--;
			return;
		}
		fprintf(inv->out, "%s\n", path);
		break;
	case MODE_CHECK:
		fprintf(inv->out, "%s\n", path);
		break;
	case MODE_DIFF: {
		strbuf diff = STRBUF_INIT, err = STRBUF_INIT;
		if (git_diff_text(r->git, path, f->text, f->len, out->buf, out->len, &diff, &err) !=
			0) {
			fprintf(inv->err, "stackc: cannot compute the diff of '%s': %s\n", path,
				err.buf);
			r->internal++;
		}
		fwrite(diff.buf, 1, diff.len, inv->out);
		strbuf_release(&diff);
		strbuf_release(&err);
		break;
	}
	}
}

static void format_one(fmt_run *r, const char *path)
{
	cli_invocation *inv = r->inv;
	int is_stdin = strcmp(path, "-") == 0;
	arena a;
	src_map sources;
	diag_list diags;
	strbuf out = STRBUF_INIT, why = STRBUF_INIT;
	const src_file *f;

	arena_init(&a);
	src_map_init(&sources);
	diag_list_init(&diags, &a, &sources);

	if (is_stdin) {
		strbuf in = STRBUF_INIT;
		if (read_stdin(&in, &why) != 0) {
			diag_error_path(&r->report, "E0001", FMT_STDIN_NAME, "%s", why.buf);
			strbuf_release(&in);
			goto done;
		}
		f = src_map_add(&sources, FMT_STDIN_NAME, in.buf, in.len);
		strbuf_release(&in);
	} else {
		/* Read errors go straight to the report list. */
		f = cli_load_source(&sources, &r->report, path);
		if (!f)
			goto done;
	}

	const ast_file *tree = parse_file(&a, f, &diags);
	if (diags.errors) {
		report_errors(r, f);
		goto done;
	}
	fmt_format(tree, &out);
	if (fmt_check_roundtrip(tree, out.buf, out.len, &why) != 0) {
		fprintf(inv->err,
			"stackc: internal error: formatting '%s' would change its meaning (%s); "
			"the file was left untouched. Please report this as a bug.\n",
			is_stdin ? FMT_STDIN_NAME : path, why.buf);
		r->internal++;
		goto done;
	}
	apply_result(r, is_stdin ? FMT_STDIN_NAME : path, is_stdin, f, &out);
done:
	fflush(inv->out);
	strbuf_release(&out);
	strbuf_release(&why);
	diag_list_release(&diags);
	src_map_release(&sources);
	arena_release(&a);
}

/* ---- command ------------------------------------------------------------- */

int cmd_fmt(cli_invocation *inv)
{
	fmt_run r;
	cli_paths files = { 0 };

	memset(&r, 0, sizeof(r));
	r.inv = inv;
	r.mode = inv->set[OPT_DIFF] ? MODE_DIFF : inv->set[OPT_CHECK] ? MODE_CHECK : MODE_WRITE;
	arena_init(&r.report_arena);
	src_map_init(&r.report_sources);
	diag_list_init(&r.report, &r.report_arena, &r.report_sources);
	if (r.mode == MODE_DIFF) {
		strbuf err = STRBUF_INIT;
		r.git = git_diff_open(&err);
		if (!r.git) {
			fprintf(inv->err, "stackc: --diff needs libgit2: %s\n", err.buf);
			strbuf_release(&err);
			diag_list_release(&r.report);
			src_map_release(&r.report_sources);
			arena_release(&r.report_arena);
			return EXIT_RUNTIME;
		}
		strbuf_release(&err);
	}

	/* Expand every argument first: a missing path is reported, the
	 * others are still formatted. '-' passes through as itself. */
	if (inv->nargs == 0) {
		cli_expand_path(".", 1, &r.report, &files);
	} else {
		for (int i = 0; i < inv->nargs; i++) {
			if (strcmp(inv->args[i], "-") == 0) {
				if (files.len == files.cap) {
					files.cap = files.cap ? files.cap * 2 : 16;
					files.items = xreallocarray(
						files.items, files.cap, sizeof(char *));
				}
				files.items[files.len++] = xstrdup("-");
			} else {
				cli_expand_path(inv->args[i], 1, &r.report, &files);
			}
		}
	}
	for (size_t i = 0; i < files.len; i++)
		format_one(&r, files.items[i]);

	if (r.report.len)
		cli_report(inv, &r.report);

	int rc = EXIT_OK;
	if (r.internal)
		rc = EXIT_RUNTIME;
	else if (r.report.errors || (r.mode != MODE_WRITE && r.changed))
		/* --check and --diff fail when something would change, so CI
		 * can gate on them (as with `prettier --check`). */
		rc = EXIT_INPUT_ERROR;

	git_diff_close(r.git);
	cli_paths_release(&files);
	diag_list_release(&r.report);
	src_map_release(&r.report_sources);
	arena_release(&r.report_arena);
	return rc;
}

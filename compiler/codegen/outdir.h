/* outdir.h - writing a build's files as one directory tree, atomically.
 *
 * `stackc build -o DIR` never changes DIR in place. outdir_replace()
 * writes every file into a fresh sibling directory DIR.stackc-tmp-XXXXXX,
 * fsyncs each file and directory, and only then swaps it in:
 *
 *   rename(DIR, DIR.stackc-old-XXXXXX); rename(tmp, DIR); fsync(parent);
 *   remove DIR.stackc-old-XXXXXX
 *
 * so a reader (or a crash) sees the old tree or the new one, never a mix,
 * and a file the build no longer produces disappears with the old tree.
 * Every tree carries the marker file OUTDIR_MARKER; an existing DIR is
 * replaced only if it holds the marker or is empty, so a mistyped -o can
 * never wipe a directory stackc did not create. Removal never follows
 * symbolic links.
 *
 * Not thread-safe (reads the umask); two builds racing for the same DIR
 * may make one of them fail with OUTDIR_IO, never mix their files.
 */
#ifndef STACKC_CODEGEN_OUTDIR_H
#define STACKC_CODEGEN_OUTDIR_H

#include <stddef.h>

#include "../base/strbuf.h"
#include "codegen.h"

/* The file every output tree holds, at its top. */
#define OUTDIR_MARKER ".stackc-output"

typedef enum outdir_status {
	OUTDIR_OK = 0,
	/* DIR cannot be made there: its parent is not writable, is on a
	 * read-only file system or is not a directory, or the path has no
	 * last component ("/", "."...). Nothing changed. */
	OUTDIR_CANNOT_CREATE = -1,
	/* DIR exists and is not an output of stackc build (no marker, not
	 * empty), or is not a directory, or is a symbolic link. Nothing
	 * changed. */
	OUTDIR_REFUSED = -2,
	/* Writing failed (disk full, I/O error, a rename failed). DIR is as
	 * it was; the temporary tree has been removed. */
	OUTDIR_IO = -3,
} outdir_status;

/* Replace the directory `dir` by a tree holding `files` (paths relative
 * to it, '/'-separated, no empty, "." or ".." segment, distinct) plus
 * OUTDIR_MARKER. Missing parent directories of `dir` are created.
 * Returns OUTDIR_OK, or a negative outdir_status with a one-line,
 * lower-case message naming the path and the system's reason in `err`
 * ("cannot write 'out.stackc-tmp-x1Y2z3/dev/plan.json': No space left on
 * device"). On success `warn` may receive a message: the new tree is in
 * place but the old one could not be removed completely (what is left
 * is named). */
int outdir_replace(const char *dir, const cg_file *files, size_t nfiles, strbuf *err, strbuf *warn);

#endif

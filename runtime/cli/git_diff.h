/* git_diff.h - unified diffs with libgit2, loaded on first use.
 *
 * Only `stackc fmt --diff` needs libgit2. Linked into the executable, it
 * would bring a dozen shared libraries (Kerberos, TLS, SSH, HTTP) that
 * the dynamic loader maps and relocates on every run of every command:
 * several milliseconds of the start-up that `stackc check` on a small
 * file is measured by (docs/performance.md). So it is opened with
 * dlopen() by the one command that uses it, under the SONAME of the
 * version the build found (STACKC_LIBGIT2_SONAME), and its few functions
 * are looked up by name; the types still come from <git2.h>.
 */
#ifndef STACKC_CLI_GIT_DIFF_H
#define STACKC_CLI_GIT_DIFF_H

#include <stddef.h>

#include "../../compiler/base/strbuf.h"

typedef struct git_diff_lib git_diff_lib;

/* Load and initialise libgit2. NULL, with the reason in `err`, when it
 * cannot be loaded. */
git_diff_lib *git_diff_open(strbuf *err);
/* Append to `out` the unified diff of `path` from `old` to `new_text`.
 * Returns 0, or -1 with the reason in `err`. */
int git_diff_text(git_diff_lib *g, const char *path, const char *old, size_t old_len,
	const char *new_text, size_t new_len, strbuf *out, strbuf *err);
void git_diff_close(git_diff_lib *g);

#endif

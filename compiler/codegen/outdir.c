/* outdir.c - replace an output directory by a new tree, atomically.
 *
 * The last step of `stackc build`: the backends have put every file in
 * memory (cg_file), nothing has touched the disk yet. This file writes
 * them next to the destination and swaps the directories (see outdir.h
 * for the contract and docs/build.md for what users are promised).
 *
 * Why each step is there:
 *   - A sibling temporary directory, not one in /tmp: rename() only works
 *     within one file system, and the sibling is on the destination's.
 *   - fsync of every file, then of every directory, before the first
 *     rename: otherwise a crash right after the swap can leave DIR with
 *     empty or missing files (ext4 and XFS reorder data and metadata).
 *     The parent is synced after the swap so that the renames survive.
 *   - The old tree is moved aside, not deleted in place, so that DIR
 *     always names a complete tree; it is removed only after the swap.
 *   - Everything below DIR is reached with openat(O_NOFOLLOW) and
 *     fstatat(AT_SYMLINK_NOFOLLOW): a symbolic link planted in the old
 *     tree (or racing into the new one) is removed as a link, never
 *     followed, so a build can never delete or write outside DIR.
 * There is a short moment between the two renames when DIR does not
 * exist; a crash exactly there leaves DIR.stackc-old-XXXXXX (the
 * previous tree, complete) and DIR.stackc-tmp-XXXXXX (the new one,
 * complete) for the user to pick from. Leftovers are never deleted by a
 * later build: they could be another build's work in progress.
 */
/* syncfs() is a Linux extension. */
#define _GNU_SOURCE

#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/xalloc.h"

/* Deepest directory level removed: each level holds one descriptor
 * open, and no tree stackc writes is deeper than a handful of levels;
 * anything deeper in an old tree is left in place and reported. */
#define OUTDIR_MAX_DEPTH 64

static const char marker_text[] =
	"This directory is written by `stackc build` and replaced as a whole by\n"
	"every build: files changed or added here are lost. See docs/build.md.\n";

#define OPEN_DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* ---- small system helpers ------------------------------------------------ */

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* fsync, ignoring EINVAL: some file systems cannot sync a directory,
 * and there is nothing better to do about it. */
static int sync_fd(int fd)
{
	if (fsync(fd) == 0 || errno == EINVAL)
		return 0;
	return -1;
}

static int sync_dir_path(const char *path)
{
	int fd = open(path, OPEN_DIR_FLAGS);
	if (fd < 0)
		return -1;
	int rc = sync_fd(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

static mode_t current_umask(void)
{
	mode_t m = umask(0);
	umask(m);
	return m;
}

/* ---- removing a tree without following links ------------------------------ */

/* Remove `name` in the directory `dirfd`: a directory with everything in
 * it, anything else (file, symbolic link, socket) by unlinking the entry
 * itself. On failure the first problem goes to `err`. */
static int remove_at(int dirfd, const char *name, int depth, strbuf *err, const char *shown)
{
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return 0;
		strbuf_addf(err, "cannot remove '%s': %s", shown, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (unlinkat(dirfd, name, 0) != 0 && errno != ENOENT) {
			strbuf_addf(err, "cannot remove '%s': %s", shown, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (depth >= OUTDIR_MAX_DEPTH) {
		strbuf_addf(err, "cannot remove '%s': nested too deeply", shown);
		return -1;
	}
	/* O_NOFOLLOW: if the entry was swapped for a link since the
	 * fstatat, the open fails (ELOOP/ENOTDIR) instead of entering it. */
	int fd = openat(dirfd, name, OPEN_DIR_FLAGS);
	if (fd < 0) {
		strbuf_addf(err, "cannot remove '%s': %s", shown, strerror(errno));
		return -1;
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		strbuf_addf(err, "cannot remove '%s': %s", shown, strerror(errno));
		close(fd);
		return -1;
	}
	/* Read all names first: removing entries while readdir() walks the
	 * directory may make it skip some (POSIX leaves it unspecified). */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	int rc = 0;
	strbuf sub = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&sub);
		strbuf_addf(&sub, "%s/%s", shown, names[i]);
		if (rc == 0 && remove_at(fd, names[i], depth + 1, err, sub.buf) != 0)
			rc = -1;
		free(names[i]);
	}
	strbuf_release(&sub);
	free(names);
	closedir(d); /* closes fd */
	if (rc == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT) {
		strbuf_addf(err, "cannot remove '%s': %s", shown, strerror(errno));
		rc = -1;
	}
	return rc;
}

static int remove_tree(const char *path, strbuf *err)
{
	return remove_at(AT_FDCWD, path, 0, err, path);
}

/* ---- the destination ------------------------------------------------------ */

/* Does DIR exist, and may it be replaced? 1: exists and may be
 * replaced; 0: does not exist; negative outdir_status otherwise. */
static int check_replaceable(const char *dir, strbuf *err)
{
	struct stat st;
	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		strbuf_addf(
			err, "cannot create the output directory '%s': %s", dir, strerror(errno));
		return OUTDIR_CANNOT_CREATE;
	}
	if (S_ISLNK(st.st_mode)) {
		strbuf_addf(err, "refusing to replace '%s': it is a symbolic link", dir);
		return OUTDIR_REFUSED;
	}
	if (!S_ISDIR(st.st_mode)) {
		strbuf_addf(err, "refusing to replace '%s': it is not a directory", dir);
		return OUTDIR_REFUSED;
	}
	int fd = open(dir, OPEN_DIR_FLAGS);
	if (fd < 0) {
		strbuf_addf(err, "cannot read the output directory '%s': %s", dir, strerror(errno));
		return OUTDIR_CANNOT_CREATE;
	}
	/* The marker must be a regular file: a link named like it proves
	 * nothing about who made the directory. */
	if (fstatat(fd, OUTDIR_MARKER, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
		close(fd);
		return 1;
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		strbuf_addf(err, "cannot read the output directory '%s': %s", dir, strerror(errno));
		close(fd);
		return OUTDIR_CANNOT_CREATE;
	}
	int empty = 1;
	struct dirent *e;
	while (empty && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	if (!empty) {
		strbuf_addf(
			err, "refusing to replace '%s': it was not created by stackc build", dir);
		return OUTDIR_REFUSED;
	}
	return 1;
}

/* mkdir -p of every ancestor in `path` (which is itself created too). */
static int make_dirs(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

/* ---- writing the new tree ------------------------------------------------- */

static int valid_rel_path(const char *path)
{
	if (*path == '\0' || *path == '/')
		return 0;
	const char *seg = path;
	for (const char *s = path;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		size_t len = (size_t)(s - seg);
		if (len == 0 || (len == 1 && seg[0] == '.') ||
			(len == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (*s == '\0')
			return 1;
		seg = s + 1;
	}
}

/* Deepest directory nesting of the output tree (paths are
 * ENV/STACK/TARGET/COMPONENT/..., a local Terraform module adds a few). */
#define TREE_MAX_DEPTH 32

typedef struct tree_writer {
	int rootfd;
	const char *root; /* for messages */
	char **dirs;      /* directories made, relative to root */
	size_t ndirs, cap;
	/* The directory of the last file written, and a descriptor on each
	 * of its ancestors below the root: files come sorted, so the next
	 * file's directory shares most of them, and only the segments that
	 * differ are made and opened (not every parent again from the root:
	 * a tree of 8000 files took 20000 openat and 12000 mkdirat calls). */
	strbuf cur;
	size_t cur_ends[TREE_MAX_DEPTH]; /* end of segment k in cur */
	int cur_fds[TREE_MAX_DEPTH];     /* descriptor of segment k */
	size_t depth;                    /* segments open */
	int curfd;                       /* the innermost, or rootfd */
	strbuf *err;
} tree_writer;

static void close_cur(tree_writer *w)
{
	while (w->depth > 0)
		close(w->cur_fds[--w->depth]);
	w->curfd = w->rootfd;
	strbuf_reset(&w->cur);
}

/* Make the directories of `path` (up to its last '/', `dirlen` bytes)
 * and leave a descriptor on the last one in w->curfd. */
static int enter_dir(tree_writer *w, const char *path, size_t dirlen)
{
	/* Keep the open segments that `path` shares with the current
	 * directory: whole segments only ("a/bc" does not share "a/b"). */
	size_t keep = 0;
	while (keep < w->depth) {
		size_t end = w->cur_ends[keep];
		if (end > dirlen || memcmp(w->cur.buf, path, end) != 0 ||
			(end < dirlen && path[end] != '/'))
			break;
		keep++;
	}
	while (w->depth > keep)
		close(w->cur_fds[--w->depth]);
	size_t kept_len = keep ? w->cur_ends[keep - 1] : 0;
	int dfd = keep ? w->cur_fds[keep - 1] : w->rootfd;
	const char *seg = path + kept_len + (kept_len ? 1 : 0), *end = path + dirlen;
	strbuf name = STRBUF_INIT;
	while (seg < end) {
		const char *slash = memchr(seg, '/', (size_t)(end - seg));
		if (!slash)
			slash = end;
		if (w->depth == TREE_MAX_DEPTH) {
			errno = ENAMETOOLONG;
			break;
		}
		strbuf_reset(&name);
		strbuf_add(&name, seg, (size_t)(slash - seg));
		if (mkdirat(dfd, name.buf, 0777) == 0) {
			if (w->ndirs == w->cap) {
				w->cap = w->cap ? w->cap * 2 : 16;
				w->dirs = xreallocarray(w->dirs, w->cap, sizeof(*w->dirs));
			}
			w->dirs[w->ndirs++] = xstrndup(path, (size_t)(slash - path));
		} else if (errno != EEXIST) {
			break;
		}
		/* O_NOFOLLOW: a link raced in where a directory was made is
		 * an error, never a way out of the tree. */
		int next = openat(dfd, name.buf, OPEN_DIR_FLAGS);
		if (next < 0)
			break;
		dfd = next;
		w->cur_fds[w->depth] = next;
		w->cur_ends[w->depth] = (size_t)(slash - path);
		w->depth++;
		seg = slash + 1;
	}
	strbuf_release(&name);
	strbuf_reset(&w->cur);
	strbuf_add(&w->cur, path, w->depth ? w->cur_ends[w->depth - 1] : 0);
	w->curfd = dfd;
	if (seg < end) {
		int e = errno;
		close_cur(w);
		errno = e;
		return -1;
	}
	return 0;
}

/* Write one file (not yet synced: see write_tree). */
static int write_file(tree_writer *w, const char *path, const char *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) : 0;
	if (enter_dir(w, path, dirlen) != 0)
		goto fail;
	/* O_EXCL | O_NOFOLLOW: the tree is new, so anything already there
	 * (a duplicate path, a link someone raced in) is an error. */
	int fd = openat(w->curfd, slash ? slash + 1 : path,
		O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		goto fail;
	if (write_all(fd, data, len) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		goto fail;
	}
	if (close(fd) != 0)
		goto fail;
	return 0;
fail:
	strbuf_addf(w->err, "cannot write '%s/%s': %s", w->root, path, strerror(errno));
	return -1;
}

/* fsync the file or directory at `path` below the root. */
static int sync_path(tree_writer *w, const char *path, int dir)
{
	int fd = openat(w->rootfd, path, dir ? OPEN_DIR_FLAGS : O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || sync_fd(fd) != 0) {
		strbuf_addf(w->err, "cannot write '%s/%s': %s", w->root, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Write every file, then make them durable: on Linux with one syncfs(),
 * elsewhere by syncing every file, then every directory, in a second
 * pass (rather than right after each write, which lets the kernel write
 * the data back in batches). Measured on this project's 2-core VM with
 * the CNOE-like benchmark platform (bench/gen.py cnoe 500, 3
 * environments, 8234 files): 3.97 s with an fsync per file and a walk
 * from the root per directory, 0.71 s with syncfs() and the open
 * ancestors kept (enter_dir). Replacing an existing tree adds the
 * deletion of the old one, about 3.5 s of unlinkat() there. */
static int write_tree(tree_writer *w, const cg_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!valid_rel_path(files[i].path)) {
			strbuf_addf(w->err, "invalid output path '%s' (a bug in stackc)",
				files[i].path);
			return -1;
		}
		if (write_file(w, files[i].path, files[i].data, files[i].len) != 0)
			return -1;
	}
	if (write_file(w, OUTDIR_MARKER, marker_text, sizeof(marker_text) - 1) != 0)
		return -1;
	close_cur(w);
#ifdef __linux__
	/* One syncfs() of the file system holding the tree instead of an
	 * fsync per file and directory: when it returns, every file and
	 * directory entry written above is on disk, and since Linux 5.8 it
	 * reports writeback errors of any of them. It flushes the whole file
	 * system, but one flush costs far less than thousands (measured
	 * above write_tree). */
	if (syncfs(w->rootfd) != 0) {
		strbuf_addf(w->err, "cannot write '%s': %s", w->root, strerror(errno));
		return -1;
	}
	return 0;
#endif
	for (size_t i = 0; i < n; i++)
		if (sync_path(w, files[i].path, 0) != 0)
			return -1;
	if (sync_path(w, OUTDIR_MARKER, 0) != 0)
		return -1;
	/* Directories after their files: a directory's entries are durable
	 * once it is synced, and every entry exists by now. */
	for (size_t i = 0; i < w->ndirs; i++)
		if (sync_path(w, w->dirs[i], 1) != 0)
			return -1;
	if (sync_fd(w->rootfd) != 0) {
		strbuf_addf(w->err, "cannot write '%s': %s", w->root, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- the swap ------------------------------------------------------------- */

/* A directory that cannot be made: where it is not allowed or not
 * possible (permissions, read-only file system, a file in the way) is
 * the user's choice of place; anything else (disk full, I/O error) is a
 * failure while writing. */
static int cannot_create_status(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
	case EROFS:
	case ENOTDIR:
	case ENOENT:
	case ELOOP:
	case ENAMETOOLONG:
	case EEXIST:
		return OUTDIR_CANNOT_CREATE;
	default:
		return OUTDIR_IO;
	}
}

int outdir_replace(
	const char *dir_arg, const cg_file *files, size_t nfiles, strbuf *err, strbuf *warn)
{
	int rc = OUTDIR_OK;
	char *dir = xstrdup(dir_arg);
	char *parent = NULL, *tmp = NULL, *old = NULL;
	tree_writer w;
	memset(&w, 0, sizeof(w));
	w.rootfd = -1;
	strbuf_init(&w.cur);
	w.curfd = -1;
	w.err = err;

	/* "out/" and "out" are the same directory; the temporary names are
	 * made by appending to it, so it needs a last component. */
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		dir[--len] = '\0';
	const char *base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		strbuf_addf(err,
			"cannot use '%s' as the output directory: it must name a "
			"directory to create or replace",
			dir_arg);
		rc = OUTDIR_CANNOT_CREATE;
		goto done;
	}
	parent = base == dir ? xstrdup(".") :
			       xstrndup(dir, base - dir == 1 ? 1 : (size_t)(base - dir - 1));

	/* Refuse early, before the work of writing the tree. */
	int exists = check_replaceable(dir, err);
	if (exists < 0) {
		rc = exists;
		goto done;
	}
	if (strcmp(parent, ".") != 0 && make_dirs(parent) != 0) {
		rc = cannot_create_status(errno);
		strbuf_addf(
			err, "cannot create the output directory '%s': %s", dir, strerror(errno));
		goto done;
	}
	size_t tlen = strlen(dir) + sizeof(".stackc-tmp-XXXXXX");
	tmp = xmalloc(tlen);
	snprintf(tmp, tlen, "%s.stackc-tmp-XXXXXX", dir);
	if (!mkdtemp(tmp)) {
		rc = cannot_create_status(errno);
		/* The new tree is made next to DIR, so replacing an existing
		 * DIR needs a writable parent too. */
		if (exists)
			strbuf_addf(err,
				"cannot replace the output directory '%s': cannot create "
				"'%s.stackc-tmp-XXXXXX' next to it: %s",
				dir, dir, strerror(errno));
		else
			strbuf_addf(err, "cannot create the output directory '%s': %s", dir,
				strerror(errno));
		free(tmp);
		tmp = NULL;
		goto done;
	}
	/* mkdtemp makes 0700, which keeps everyone else out while the tree
	 * is written; then it gets the permissions mkdir would have given. */
	w.root = tmp;
	w.rootfd = open(tmp, OPEN_DIR_FLAGS);
	if (w.rootfd < 0 || write_tree(&w, files, nfiles) != 0 ||
		fchmod(w.rootfd, 0777 & ~current_umask()) != 0) {
		if (w.rootfd < 0 || !err->len)
			strbuf_addf(err, "cannot write '%s': %s", tmp, strerror(errno));
		rc = OUTDIR_IO;
		goto done;
	}

	/* Check again: the directory may have changed while we wrote. */
	exists = check_replaceable(dir, err);
	if (exists < 0) {
		rc = exists;
		goto done;
	}
	if (exists) {
		size_t olen = strlen(dir) + sizeof(".stackc-old-XXXXXX");
		old = xmalloc(olen);
		snprintf(old, olen, "%s.stackc-old-XXXXXX", dir);
		/* An empty directory with a unique name that rename() may
		 * replace: renaming a directory over an empty one is allowed. */
		if (!mkdtemp(old)) {
			strbuf_addf(err, "cannot create '%s': %s", old, strerror(errno));
			free(old);
			old = NULL;
			rc = OUTDIR_IO;
			goto done;
		}
		if (rename(dir, old) != 0) {
			strbuf_addf(err, "cannot move '%s' aside: %s", dir, strerror(errno));
			rmdir(old);
			rc = OUTDIR_IO;
			goto done;
		}
	}
	if (rename(tmp, dir) != 0) {
		strbuf_addf(err, "cannot rename '%s' to '%s': %s", tmp, dir, strerror(errno));
		/* Put the previous tree back. */
		if (old && rename(old, dir) != 0)
			strbuf_addf(err, "; the previous output is now in '%s'", old);
		rc = OUTDIR_IO;
		goto done;
	}
	free(tmp);
	tmp = NULL;
	/* The swap has happened: from here on, problems are warnings. A
	 * failed sync of the parent means the renames may not survive a
	 * crash, not that the build failed. */
	if (sync_dir_path(parent) != 0)
		strbuf_addf(warn, "cannot sync '%s': %s", parent, strerror(errno));
	if (old) {
		strbuf rm = STRBUF_INIT;
		if (remove_tree(old, &rm) != 0)
			strbuf_addf(warn, "%s%s; the previous output is left in '%s'",
				warn->len ? "; " : "", rm.buf, old);
		strbuf_release(&rm);
	}

done:
	close_cur(&w);
	strbuf_release(&w.cur);
	if (w.rootfd >= 0)
		close(w.rootfd);
	for (size_t i = 0; i < w.ndirs; i++)
		free(w.dirs[i]);
	free(w.dirs);
	if (tmp) {
		/* The failure is what matters; a leftover temporary directory
		 * is only mentioned. */
		strbuf junk = STRBUF_INIT;
		if (remove_tree(tmp, &junk) != 0)
			strbuf_addf(err, " (and %s)", junk.buf);
		strbuf_release(&junk);
	}
	free(tmp);
	free(old);
	free(parent);
	free(dir);
	return rc;
}

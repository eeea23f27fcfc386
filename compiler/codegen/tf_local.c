/* tf_local.c - local Terraform module sources travel with the output.
 *
 * A std/terraform.module whose source is a local path ("./infra/postgres",
 * "../modules/vpc") names a directory relative to the .stack file that
 * wrote the string. The generated main.tf.json lives elsewhere (the
 * output tree, pushed to Git or run by the runtime), where that path
 * means nothing. So the module's directory is copied into the output
 * beside main.tf.json, as
 *
 *   ENV/STACK/terraform/COMPONENT/modules/NAME/...
 *
 * (NAME: the source's last segment) and the source becomes
 * "./modules/NAME": the output tree is self-contained and builds the
 * same wherever it is checked out. The copy takes every regular file
 * below the directory, in byte order of names, skipping names starting
 * with '.' (.terraform/, .terraform.lock.hcl belongs to a root module,
 * editor files) and symbolic links; a module nests at most
 * TF_LOCAL_MAX_DEPTH directories and holds at most TF_LOCAL_MAX_BYTES.
 *
 * Like imports, a local source never leaves the module root (the
 * directory of the root module): E0716 otherwise, and for a directory
 * that does not exist or cannot be read.
 */
/* realpath() is X/Open, beyond the project's _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/dirlist.h"
#include "codegen.h"
#include "tf_local.h"

#define TF_LOCAL_MAX_DEPTH 8
#define TF_LOCAL_MAX_FILES 1000
#define TF_LOCAL_MAX_BYTES (32u << 20)

typedef struct tf_copy {
	cg_ctx *c;
	const char *dest; /* "ENV/STACK/terraform/COMPONENT/modules/NAME" */
	size_t files;
	size_t bytes;
	const char *error; /* set on failure, in the arena */
} tf_copy;

int tf_is_local_source(const char *s)
{
	return strncmp(s, "./", 2) == 0 || strncmp(s, "../", 3) == 0;
}

static int read_file(const char *path, strbuf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char buf[8192];
	size_t got;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(out, buf, got);
	int rc = ferror(f) ? -1 : 0;
	fclose(f);
	return rc;
}

/* Copy the files below `dir` (`rel`: its path below the module, "" at
 * the top). Returns 0, or -1 with t->error set. */
static int copy_dir(tf_copy *t, const char *dir, const char *rel, int depth)
{
	arena *a = t->c->arena;
	if (depth > TF_LOCAL_MAX_DEPTH) {
		t->error = arena_printf(a, "it nests more than %d directories", TF_LOCAL_MAX_DEPTH);
		return -1;
	}
	size_t n;
	char **names = dirlist(dir, NULL, &n);
	if (!names) {
		t->error = arena_printf(a, "cannot read '%s': %s", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *path = arena_printf(a, "%s/%s", dir, names[i]);
		const char *sub = *rel ? arena_printf(a, "%s/%s", rel, names[i]) : names[i];
		struct stat st;
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rc = copy_dir(t, path, sub, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue; /* symbolic links, sockets: never followed */
		t->files++;
		t->bytes += (size_t)st.st_size;
		if (t->files > TF_LOCAL_MAX_FILES || t->bytes > TF_LOCAL_MAX_BYTES) {
			t->error = arena_printf(a, "it holds more than %d files or %u MiB",
				TF_LOCAL_MAX_FILES, TF_LOCAL_MAX_BYTES >> 20);
			rc = -1;
			break;
		}
		strbuf data = STRBUF_INIT;
		if (read_file(path, &data) != 0) {
			t->error = arena_printf(a, "cannot read '%s': %s", path, strerror(errno));
			rc = -1;
		} else {
			cg_add_file(t->c, "terraform", arena_printf(a, "%s/%s", t->dest, sub),
				data.buf ? data.buf : "", data.len);
		}
		strbuf_release(&data);
	}
	dirlist_free(names, n);
	return rc;
}

/* Directory part of a path ("." for none). */
static const char *dir_of(arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	return slash == path ? "/" : arena_strndup(a, path, (size_t)(slash - path));
}

/* The last segment of a source path, without trailing '/'. */
static const char *last_segment(arena *a, const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && s[start - 1] != '/')
		start--;
	return arena_strndup(a, s + start, n - start);
}

const char *tf_local_module(
	cg_ctx *c, const program_component *pc, const value *source, const char *out_dir)
{
	arena *a = c->arena;
	const char *src = source->u.str.ptr;
	const src_file *f =
		source->origin.file ? src_map_get(c->prog->sources, source->origin.file) : NULL;
	src_span at = source->origin.file ? source->origin : pc->decl;
	const char *base = f ? dir_of(a, f->name) : c->prog->root_dir;
	const char *name = last_segment(a, src);
	char real[PATH_MAX];
	const char *why = NULL;
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		why = "name the module's directory itself, e.g. \"./infra/postgres\"";
	else if (!realpath(arena_printf(a, "%s/%s", base, src), real))
		why = arena_printf(a, "'%s' does not exist: %s", src, strerror(errno));
	else {
		size_t rn = strlen(c->prog->root_dir);
		struct stat st;
		if (strncmp(real, c->prog->root_dir, rn) != 0 || (real[rn] != '/' && real[rn]))
			why = arena_printf(a,
				"'%s' is outside the module root (the root module's directory)",
				src);
		else if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
			why = arena_printf(a, "'%s' is not a directory", src);
	}
	if (!why) {
		tf_copy t = { 0 };
		t.c = c;
		t.dest = arena_printf(a, "%s/modules/%s", out_dir, name);
		if (copy_dir(&t, real, "", 0) == 0)
			return arena_printf(a, "./modules/%s", name);
		why = t.error;
	}
	diagnostic *d = diag_error(c->diags, "E0716", at,
		"the local module source of component '%s' cannot be copied into the output: %s",
		pc->path, why);
	diag_add_hint(c->diags, d,
		"a local source is a directory relative to this file, inside the module root; "
		"it is copied beside main.tf.json as ./modules/NAME");
	return NULL;
}

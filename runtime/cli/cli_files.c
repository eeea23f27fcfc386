/* cli_files.c - command-line paths to source files (see cli_files.h). */
#include "cli_files.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../compiler/base/strbuf.h"
#include "../../compiler/base/xalloc.h"

const src_file *cli_load_source(src_map *m, diag_list *d, const char *path)
{
	const src_file *f = NULL;
	int err = 0;
	int rc = src_map_load(m, path, &f, &err);
	diagnostic *e;
	switch (rc) {
	case SRC_OK:
		return f;
	case SRC_ERR_NOT_FOUND:
		e = diag_error_path(
			d, "E0001", path, "cannot read '%s': no such file or directory", path);
		diag_add_hint(d, e, "check the path; it is relative to the current directory");
		break;
	case SRC_ERR_IS_DIR:
		e = diag_error_path(d, "E0001", path, "'%s' is a directory, expected a file", path);
		diag_add_hint(
			d, e, "'stackc check %s' checks every .stack file in a directory", path);
		break;
	case SRC_ERR_TOO_BIG:
		diag_error_path(d, "E0001", path, "cannot read '%s': larger than %u bytes", path,
			SRC_MAX_FILE_SIZE);
		break;
	default:
		diag_error_path(d, "E0001", path, "cannot read '%s': %s", path, strerror(err));
		break;
	}
	return NULL;
}

void cli_paths_release(cli_paths *p)
{
	for (size_t i = 0; i < p->len; i++)
		free(p->items[i]);
	free(p->items);
	p->items = NULL;
	p->len = p->cap = 0;
}

static void push(cli_paths *p, char *s)
{
	if (p->len == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->items = xreallocarray(p->items, p->cap, sizeof(char *));
	}
	p->items[p->len++] = s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_stack_ext(const char *name)
{
	size_t n = strlen(name);
	return n > 6 && strcmp(name + n - 6, ".stack") == 0;
}

/* Directory entries sorted by name, so the order never depends on the
 * file system. */
static void walk(const char *dir, int recursive, cli_paths *out)
{
	DIR *dh = opendir(dir);
	if (!dh)
		return;
	cli_paths names = { 0 };
	struct dirent *de;
	while ((de = readdir(dh)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		push(&names, xstrdup(de->d_name));
	}
	closedir(dh);
	if (names.len)
		qsort(names.items, names.len, sizeof(char *), cmp_str);
	for (size_t i = 0; i < names.len; i++) {
		strbuf full = STRBUF_INIT;
		strbuf_adds(&full, dir);
		if (full.len && full.buf[full.len - 1] != '/')
			strbuf_addch(&full, '/');
		strbuf_adds(&full, names.items[i]);
		/* lstat: a symlinked directory is not descended into, so a
		 * link loop cannot make the walk run forever. */
		struct stat st;
		if (lstat(full.buf, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (recursive)
				walk(full.buf, recursive, out);
			strbuf_release(&full);
		} else if (has_stack_ext(names.items[i])) {
			push(out, strbuf_detach(&full, NULL));
		} else {
			strbuf_release(&full);
		}
	}
	cli_paths_release(&names);
}

int cli_expand_path(const char *path, int recursive, diag_list *d, cli_paths *out)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		diagnostic *e = diag_error_path(d, "E0001", path, "cannot read '%s': %s", path,
			errno == ENOENT ? "no such file or directory" : strerror(errno));
		diag_add_hint(d, e, "check the path; it is relative to the current directory");
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		walk(path, recursive, out);
	else
		push(out, xstrdup(path));
	return 1;
}

/* dirlist.c - the names in a directory, sorted by bytes (dirlist.h). */
#include "dirlist.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **dirlist(const char *dir, int (*keep)(const char *name), size_t *n)
{
	*n = 0;
	DIR *dh = opendir(dir);
	if (!dh)
		return NULL;
	size_t cap = 8;
	char **names = xmalloc(cap * sizeof(*names));
	struct dirent *de;
	errno = 0;
	while ((de = readdir(dh)) != NULL) {
		if (de->d_name[0] == '.' || (keep && !keep(de->d_name)))
			continue;
		if (*n + 1 >= cap) {
			cap *= 2;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dh);
	qsort(names, *n, sizeof(*names), cmp_name);
	names[*n] = NULL;
	return names;
}

void dirlist_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

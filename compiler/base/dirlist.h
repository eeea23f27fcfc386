/* dirlist.h - the names in a directory, sorted by bytes.
 *
 * Whatever reads a directory and must behave the same on every machine
 * (module loading, copying a Terraform module) lists it with this: the
 * order of readdir() is the file system's, and strcoll() would be the
 * locale's, so names are sorted with strcmp(). Names starting with '.'
 * are never listed.
 */
#ifndef STACKC_BASE_DIRLIST_H
#define STACKC_BASE_DIRLIST_H

#include <stddef.h>

/* The names in `dir` for which keep(name) is true (every name when
 * keep is NULL), sorted, NULL-terminated, heap-allocated (release with
 * dirlist_free). NULL, with errno set, if the directory cannot be read. */
char **dirlist(const char *dir, int (*keep)(const char *name), size_t *n);
void dirlist_free(char **names, size_t n);

#endif

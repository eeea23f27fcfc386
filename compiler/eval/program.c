/* program.c - loading modules, binding declarations, parameter inputs.
 *
 * The entry point of the semantic phases (see program.h). A module is
 * the .stack files of one directory (or one file named directly); its
 * top-level declarations share one scope, and each file has its own
 * scope for its imports, whose parent is the module scope. Local imports
 * are resolved relative to the importing file and must stay inside the
 * root module's directory, symlinks included (checked on the real path).
 */
#include "program.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/dirlist.h"
#include "../base/xalloc.h"
#include "../syntax/parse.h"
#include "eval_internal.h"
#include "stdlib.h"
#include "value_codec.h"

char *realpath(const char *restrict path, char *restrict resolved);

/* About what a file's syntax tree takes per byte of its text (std/k8s:
 * 66 KB of text, 390 KB of tree), for arena_expect. */
#define AST_BYTES_PER_SOURCE_BYTE 6

void program_init(program *p, arena *a, src_map *sources, diag_list *diags)
{
	memset(p, 0, sizeof(*p));
	p->arena = a;
	p->sources = sources;
	p->diags = diags;
	p->graph = graph_new(a);
	p->ev = eval_ctx_new(a, diags, p);
}

static program_input *new_input(program *p)
{
	p->inputs = arena_grow_array(
		p->arena, p->inputs, p->ninputs, p->ninputs + 1, sizeof(*p->inputs));
	return &p->inputs[p->ninputs++];
}

void program_set(program *p, const char *name, const char *text)
{
	program_input *in = new_input(p);
	in->name = arena_strdup(p->arena, name);
	in->text = arena_strdup(p->arena, text);
	in->source = "--set";
}

src_span codec_message_span(const src_file *f, const char *msg, const char **rest)
{
	unsigned long line = 0, col = 0;
	int used = 0;
	*rest = msg;
	if (sscanf(msg, "line %lu, column %lu: %n", &line, &col, &used) != 2 || used == 0 ||
		line == 0 || col == 0)
		return src_span_make(f->id, 0, 0);
	uint32_t start = 0, end = 0;
	src_line_range(f, (uint32_t)line, &start, &end);
	/* Columns count code points, as the codecs count them. */
	uint32_t at = start;
	for (unsigned long c = 1; c < col && at < end; c++) {
		at++;
		while (at < end && ((unsigned char)f->text[at] & 0xC0) == 0x80)
			at++;
	}
	*rest = msg + used;
	return src_span_make(f->id, at, at < end ? at + 1 : at);
}

int program_values_file(program *p, const char *path)
{
	const src_file *f = NULL;
	int err = 0;
	if (src_map_load(p->sources, path, &f, &err) != SRC_OK) {
		diag_error_path(p->diags, "E0505", path, "cannot read the values file '%s': %s",
			path, err ? strerror(err) : "not a regular file");
		return -1;
	}
	strbuf msg = STRBUF_INIT;
	size_t n = strlen(path);
	int json = n > 5 && strcmp(path + n - 5, ".json") == 0;
	src_span origin = src_span_make(f->id, 0, 0);
	value *v = json ? value_read_json(p->arena, f->text, f->len, origin, &msg) :
			  value_read_yaml(p->arena, f->text, f->len, origin, &msg);
	int rc = 0;
	if (!v) {
		const char *why;
		src_span at = codec_message_span(f, msg.buf, &why);
		diag_error(
			p->diags, "E0505", at, "cannot read the values file '%s': %s", path, why);
		rc = -1;
	} else if (v->kind != VAL_MAP) {
		diag_error_path(p->diags, "E0505", path,
			"the values file '%s' must hold a map of parameter names, not %s", path,
			value_type_name(v));
		rc = -1;
	} else {
		for (uint32_t i = 0; i < v->u.map->len; i++) {
			program_input *in = new_input(p);
			in->name = v->u.map->keys[i];
			in->val = v->u.map->vals[i];
			in->source = arena_strdup(p->arena, path);
		}
	}
	strbuf_release(&msg);
	return rc;
}

void program_select_env(program *p, const char *env)
{
	p->env_name = env ? arena_strdup(p->arena, env) : NULL;
}

/* ---- loading ------------------------------------------------------------- */

/* A .stack file's name (dirlist keeps it). */
static int is_stack_file(const char *name)
{
	size_t len = strlen(name);
	return len > 6 && strcmp(name + len - 6, ".stack") == 0;
}

static module *load_module(
	program *p, const char *real, const char *display, int is_dir, src_span at);
static void bind_module(program *p, module *m);
static module *find_module(program *p, const char *real);

static const char *normalize(arena *a, const char *path);

static module *find_module(program *p, const char *real)
{
	for (uint32_t i = 0; i < p->nmodules; i++)
		if (strcmp(p->modules[i]->dir, real) == 0)
			return p->modules[i];
	return NULL;
}

/* Read and parse the files of a module; binding follows. */
static module *load_module(
	program *p, const char *real, const char *display, int is_dir, src_span at)
{
	module *m = ARENA_NEW(p->arena, module);
	m->name = arena_strdup(p->arena, display);
	m->dir = arena_strdup(p->arena, real);
	p->modules = arena_grow_array(
		p->arena, p->modules, p->nmodules, p->nmodules + 1, sizeof(module *));
	p->modules[p->nmodules++] = m;

	size_t n = 0;
	char **names = NULL;
	if (is_dir) {
		names = dirlist(real, is_stack_file, &n);
		if (n == 0 && at.file) {
			diag_error(p->diags, "E0103", at, "'%s' has no .stack files", display);
		} else if (n == 0) {
			/* The root: most likely the wrong directory; a warning,
			 * since there is nothing wrong to report. */
			diagnostic *w = diag_warning(p->diags, "W0001", src_span_make(0, 0, 0),
				"no .stack files in '%s'", display);
			w->path = arena_strdup(p->arena, display);
		}
	}
	m->files = arena_alloc_array(p->arena, is_dir ? (n ? n : 1) : 1, sizeof(ast_file *));
	for (size_t i = 0; i < (is_dir ? n : 1); i++) {
		const char *path = is_dir ?
			normalize(p->arena, arena_printf(p->arena, "%s/%s", display, names[i])) :
			normalize(p->arena, display);
		const src_file *f = NULL;
		int err = 0;
		/* The display path names the same file relative to the working
		 * directory, and is what diagnostics should show. */
		if (src_map_load(p->sources, path, &f, &err) != SRC_OK) {
			diag_error_path(p->diags, "E0001", path, "cannot read '%s': %s", path,
				err ? strerror(err) : "not a regular file");
			continue;
		}
		arena_expect(p->arena, f->len * AST_BYTES_PER_SOURCE_BYTE);
		m->files[m->nfiles++] = parse_file_code(p->arena, f, p->diags);
	}
	if (names)
		dirlist_free(names, n);
	return m;
}

/* "a/./b/../c" -> "a/c", "./x" -> "x", "." stays "." : the display form
 * of a path, which diagnostics show. Leading ".." are kept. */
static const char *normalize(arena *a, const char *path)
{
	size_t n = strlen(path);
	const char **segs = arena_alloc_array(a, n / 2 + 2, sizeof(char *));
	size_t *lens = arena_alloc_array(a, n / 2 + 2, sizeof(size_t));
	size_t k = 0;
	int absolute = path[0] == '/';
	for (const char *p = path; *p;) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* skip */
		} else if (len == 2 && p[0] == '.' && p[1] == '.' && k > 0 &&
			!(lens[k - 1] == 2 && segs[k - 1][0] == '.' && segs[k - 1][1] == '.')) {
			k--;
		} else {
			segs[k] = p;
			lens[k] = len;
			k++;
		}
		p += len;
		if (*p == '/')
			p++;
	}
	strbuf sb = STRBUF_INIT;
	if (absolute)
		strbuf_addch(&sb, '/');
	for (size_t i = 0; i < k; i++) {
		if (i)
			strbuf_addch(&sb, '/');
		strbuf_add(&sb, segs[i], lens[i]);
	}
	if (!sb.len)
		strbuf_addch(&sb, '.');
	const char *res = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return res;
}

/* Is `path` inside directory `root` (both real paths)? */
static int inside(const char *root, const char *path)
{
	size_t n = strlen(root);
	if (strcmp(root, "/") == 0)
		return 1;
	return strncmp(root, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static const char *dirname_of(arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(a, path, (size_t)(slash - path));
}

/* A module of the standard library, embedded in the binary (see
 * stdlib/ and cmake/EmbedStdlib.cmake). Its files are named
 * "std/k8s/k8s.stack" in messages. */
static module *load_std_module(program *p, const char *name, src_span at)
{
	module *m = find_module(p, name);
	if (m)
		return m;
	const stdlib_file *first;
	size_t count;
	if (stdlib_module_files(name, &first, &count) != 0) {
		diagnostic *d = diag_error(
			p->diags, "E0107", at, "unknown standard library module '%s'", name);
		size_t n;
		const stdlib_file *all = stdlib_files(&n);
		const char **names = arena_alloc_array(p->arena, n + 1, sizeof(char *));
		for (size_t i = 0; i < n; i++)
			names[i] = all[i].module;
		const char *sug = suggest_name(name, names, n);
		if (sug)
			diag_add_hint(p->diags, d, "did you mean '%s'?", sug);
		return NULL;
	}
	m = ARENA_NEW(p->arena, module);
	m->name = arena_strdup(p->arena, name);
	m->dir = m->name;
	p->modules = arena_grow_array(
		p->arena, p->modules, p->nmodules, p->nmodules + 1, sizeof(module *));
	p->modules[p->nmodules++] = m;
	m->files = arena_alloc_array(p->arena, count, sizeof(ast_file *));
	for (size_t i = 0; i < count; i++) {
		char *display = arena_printf(p->arena, "%s/%s", first[i].module, first[i].name);
		const src_file *f =
			src_map_add_static(p->sources, display, first[i].text, first[i].len);
		arena_expect(p->arena, f->len * AST_BYTES_PER_SOURCE_BYTE);
		m->files[m->nfiles++] = parse_file_code(p->arena, f, p->diags);
	}
	bind_module(p, m);
	return m;
}

/* Resolve `import "PATH"` written in file f of module m. */
static module *resolve_import(program *p, const src_file *f, const ast_node *imp)
{
	const ast_node *path_node = imp->u.import.path;
	src_span at = path_node->span;
	const ast_list *parts = &path_node->u.string.parts;
	if (parts->len > 1 || (parts->len == 1 && parts->items[0]->kind != AST_STR_TEXT)) {
		diag_error(p->diags, "E0103", at, "an import path must be a plain string");
		return NULL;
	}
	const char *ip = parts->len ? parts->items[0]->u.str_text.text : "";
	if (strncmp(ip, "std/", 4) == 0 || strcmp(ip, "std") == 0)
		return load_std_module(p, ip, at);
	if (ip[0] == '/') {
		diagnostic *d = diag_error(p->diags, "E0104", at,
			"imports are relative to the importing file, not absolute");
		diag_add_hint(p->diags, d, "write the path relative to this file, e.g. \"./lib\"");
		return NULL;
	}
	/* f->name is the display path; resolve against its real directory. */
	char *base_real = realpath(dirname_of(p->arena, f->name), NULL);
	if (!base_real) {
		diag_error(p->diags, "E0103", at, "cannot resolve the import '%s'", ip);
		return NULL;
	}
	char *joined = arena_printf(p->arena, "%s/%s", base_real, ip);
	free(base_real);
	char *real = realpath(joined, NULL);
	if (!real) {
		diagnostic *d = diag_error(p->diags, "E0103", at, "cannot import '%s': %s", ip,
			errno == ENOENT ? "no such file or directory" : strerror(errno));
		diag_add_hint(p->diags, d, "import paths are relative to the importing file");
		return NULL;
	}
	if (!inside(p->root_dir, real)) {
		diagnostic *d = diag_error(
			p->diags, "E0104", at, "'%s' is outside the module's directory", ip);
		diag_add_hint(p->diags, d,
			"a module only imports files below its own directory "
			"(symbolic links are followed before this check)");
		free(real);
		return NULL;
	}
	struct stat st;
	int is_dir = stat(real, &st) == 0 && S_ISDIR(st.st_mode);
	module *m = find_module(p, real);
	if (m) {
		free(real);
		if (m->loading) {
			diagnostic *d = diag_error(p->diags, "E0105", at,
				"import cycle: '%s' is imported again while it "
				"is being loaded",
				m->name);
			diag_add_hint(p->diags, d, "move what both modules need into a third one");
			return NULL;
		}
		return m;
	}
	const char *display = normalize(
		p->arena, arena_printf(p->arena, "%s/%s", dirname_of(p->arena, f->name), ip));
	m = load_module(p, real, display, is_dir, at);
	free(real);
	bind_module(p, m);
	return m;
}

static const char *import_name(arena *a, const ast_node *imp)
{
	if (imp->u.import.has_alias)
		return imp->u.import.alias.name;
	const ast_list *parts = &imp->u.import.path->u.string.parts;
	const char *ip = parts->len && parts->items[0]->kind == AST_STR_TEXT ?
		parts->items[0]->u.str_text.text :
		"";
	size_t len = strlen(ip);
	while (len > 0 && ip[len - 1] == '/')
		len--;
	size_t start = len;
	while (start > 0 && ip[start - 1] != '/')
		start--;
	const char *seg = ip + start;
	size_t seglen = len - start;
	if (seglen > 6 && strncmp(seg + seglen - 6, ".stack", 6) == 0)
		seglen -= 6;
	return arena_strndup(a, seg, seglen);
}

static void bind_module(program *p, module *m)
{
	eval_ctx *ev = p->ev;
	m->loading = 1;
	m->scope = scope_new(ev, NULL);
	m->scope->module = m->name;
	m->file_scopes = arena_alloc_array(p->arena, m->nfiles ? m->nfiles : 1, sizeof(scope *));
	for (uint32_t i = 0; i < m->nfiles; i++) {
		const ast_file *af = m->files[i];
		scope *fs = scope_new(ev, m->scope);
		m->file_scopes[i] = fs;
		for (uint32_t j = 0; j < af->decls.len; j++) {
			const ast_node *d = af->decls.items[j];
			binding_kind k;
			switch (d->kind) {
			case AST_IMPORT: {
				const char *name = import_name(p->arena, d);
				binding *b = scope_define(ev, fs, name, BIND_IMPORT, d,
					d->u.import.has_alias ? d->u.import.alias.span :
								d->u.import.path->span);
				if (b)
					b->module = resolve_import(p, af->source, d);
				continue;
			}
			case AST_LET:
				k = BIND_LET;
				break;
			case AST_PARAM:
				k = BIND_PARAM;
				break;
			case AST_TYPE_DECL:
				k = BIND_TYPE;
				break;
			case AST_SCHEMA:
				k = BIND_SCHEMA;
				break;
			case AST_FN:
				k = BIND_FN;
				break;
			case AST_STACK:
				k = BIND_STACK;
				break;
			default:
				continue; /* env: see program_check_inputs */
			}
			const ast_ident *name = d->kind == AST_LET || d->kind == AST_PARAM ||
					d->kind == AST_TYPE_DECL ?
				&d->u.binding.name :
				&d->u.decl.name;
			/* Declarations live in the module scope but are evaluated
			 * in their file's scope, which sees the file's imports. */
			binding *b = scope_define(ev, m->scope, name->name, k, d, name->span);
			if (b)
				b->env = fs;
		}
	}
	/* An import that shadows a module-level name is a duplicate too. */
	for (uint32_t i = 0; i < m->nfiles; i++) {
		scope *fs = m->file_scopes[i];
		for (uint32_t j = 0; j < fs->len; j++) {
			binding *imp = fs->items[j];
			binding *other = scope_lookup_here(m->scope, imp->name);
			if (other) {
				diagnostic *d = diag_error(p->diags, "E0102", imp->def,
					"'%s' is defined twice", imp->name);
				diag_add_note(p->diags, d, other->def, "also defined here");
			}
		}
	}
	m->loading = 0;
}

int program_load(program *p, const char *path)
{
	size_t errors = p->diags->errors;
	struct stat st;
	if (stat(path, &st) != 0) {
		diagnostic *d = diag_error_path(p->diags, "E0001", path, "cannot read '%s': %s",
			path, errno == ENOENT ? "no such file or directory" : strerror(errno));
		diag_add_hint(
			p->diags, d, "check the path; it is relative to the current directory");
		return -1;
	}
	int is_dir = S_ISDIR(st.st_mode);
	char *real = realpath(path, NULL);
	if (!real) {
		diag_error_path(
			p->diags, "E0001", path, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	p->root_dir = is_dir ? arena_strdup(p->arena, real) : dirname_of(p->arena, real);
	/* Display names: "dir/file.stack" as the user named the directory. */
	char *display = arena_strdup(p->arena, path);
	size_t dl = strlen(display);
	while (dl > 1 && display[dl - 1] == '/')
		display[--dl] = '\0';
	p->root = load_module(p, real, display, is_dir, src_span_make(0, 0, 0));
	free(real);
	if (p->diags->errors > errors)
		return -1; /* syntax errors: no semantics on a broken tree */
	bind_module(p, p->root);
	if (p->diags->errors > errors)
		return -1;
	/* The names phase, over every module but the standard library's
	 * (which is tested on its own): lazy evaluation would miss a typo in
	 * code nothing calls. The program's own size sets its budgets. */
	size_t bytes = 0;
	for (uint32_t i = 0; i < p->nmodules; i++) {
		if (strncmp(p->modules[i]->name, "std/", 4) == 0)
			continue;
		resolve_module(p->ev, p->modules[i]);
		for (uint32_t f = 0; f < p->modules[i]->nfiles; f++)
			bytes += p->modules[i]->files[f]->source->len;
	}
	eval_set_budgets(p->ev, bytes);
	return p->diags->errors > errors ? -1 : 0;
}

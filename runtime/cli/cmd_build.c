/* cmd_build.c - `stackc build [PATH]`: the output tree of every
 * environment, written atomically, or one target printed on stdout.
 *
 * One program per environment (every declared one, or --env's): load,
 * program_check (which evaluates every stack), then the backends of
 * compiler/codegen/ in a fixed order, the plan last because it lists the
 * files the others produced. Everything stays in memory until every
 * environment has succeeded; only then is the tree written, by
 * outdir_replace(), so a failed build never leaves half an output.
 *
 * All environments share one arena, source map and diagnostic list, so
 * that one report (text or the single --output json document) covers
 * the whole build. The same mistake is usually found once per
 * environment; such duplicates are reported once, and an error that
 * only some environments have says which (see dedupe_diags()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "../../compiler/base/map.h"
#include "../../compiler/codegen/codegen.h"
#include "../../compiler/codegen/k8s_stream.h"
#include "../../compiler/codegen/outdir.h"
#include "../../compiler/eval/program.h"
#include "cli.h"
#include "cli_program.h"

/* The backends that write files, in the order they run. The plan
 * backend is not in the table: it runs after all of them. */
static const struct {
	const char *target;
	int (*run)(cg_ctx *c);
} backends[] = {
	{ "kubernetes", cg_kubernetes },
	{ "argocd", cg_argocd },
	{ "terraform", cg_terraform },
};
#define N_BACKENDS (sizeof(backends) / sizeof(backends[0]))

#define DEFAULT_OUT_DIR "out"

typedef struct build {
	cli_invocation *inv;
	const char *path; /* the module */
	arena arena;
	src_map sources;
	diag_list diags;
	/* Every environment's files, in the arena. */
	cg_file *files;
	size_t nfiles, cap;
	/* Which environment each diagnostic came from (-1: every one), by
	 * position in diags.items; see dedupe_diags(). */
	int *diag_env;
	size_t ndiag_env;
	const char **envs; /* NULL entry: "default" */
	size_t nenvs;
} build;

/* Remember that the diagnostics added since the last call belong to
 * environment `env` (-1: all of them). */
static void tag_diags(build *b, int env)
{
	if (b->diags.len > b->ndiag_env) {
		b->diag_env = arena_grow_array(
			&b->arena, b->diag_env, b->ndiag_env, b->diags.len, sizeof(*b->diag_env));
		for (size_t i = b->ndiag_env; i < b->diags.len; i++)
			b->diag_env[i] = env;
		b->ndiag_env = b->diags.len;
	}
}

/* ---- loading and building one environment --------------------------------- */

/* The same inputs as every other command (cli_program.c): the values
 * file, then each --set (checked for NAME=VALUE by cmd_build). */
static program *load(build *b, const char *env)
{
	program *p = arena_alloc(&b->arena, sizeof(*p));
	program_init(p, &b->arena, &b->sources, &b->diags);
	program_select_env(p, env);
	cli_invocation *inv = b->inv;
	if (inv->value[OPT_VALUES] && program_values_file(p, inv->value[OPT_VALUES]) != 0)
		return NULL;
	for (int i = 0; i < inv->nsets; i++) {
		const char *eq = strchr(inv->sets[i], '=');
		char *name = arena_strndup(&b->arena, inv->sets[i], (size_t)(eq - inv->sets[i]));
		program_set(p, name, eq + 1);
	}
	if (program_load(p, b->path) != 0 || cli_program_state(inv, p) != 0)
		return NULL;
	return p;
}

static int cmp_cstr(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The environments the root module declares, sorted by name (the order
 * of the output tree), each once: a name declared twice is an error
 * that program_check reports. */
static void declared_envs(build *b, const program *p)
{
	const module *root = p->root;
	size_t n = 0;
	for (uint32_t i = 0; root && i < root->nfiles; i++)
		n += root->files[i]->decls.len;
	b->envs = arena_alloc_array(&b->arena, n + 1, sizeof(*b->envs));
	b->nenvs = 0;
	for (uint32_t i = 0; root && i < root->nfiles; i++) {
		const ast_list *ds = &root->files[i]->decls;
		for (uint32_t j = 0; j < ds->len; j++)
			if (ds->items[j]->kind == AST_ENV)
				b->envs[b->nenvs++] = ds->items[j]->u.decl.name.name;
	}
	qsort(b->envs, b->nenvs, sizeof(*b->envs), cmp_cstr);
	size_t k = 0;
	for (size_t i = 0; i < b->nenvs; i++)
		if (k == 0 || strcmp(b->envs[k - 1], b->envs[i]) != 0)
			b->envs[k++] = b->envs[i];
	b->nenvs = k;
}

/* Check and generate one environment. `p` is the loaded program, or
 * NULL to load one. Returns 0, or -1 after reporting. */
static int build_env(build *b, size_t e, program *p)
{
	const char *env = b->envs[e];
	if (!p && !(p = load(b, env)))
		return -1;
	cg_ctx c;
	cg_init(&c, &b->arena, &b->diags, p, env);
	c.allow_unknown = b->inv->set[OPT_ALLOW_UNKNOWN];
	c.cnoe_layout = b->inv->value[OPT_LAYOUT] && strcmp(b->inv->value[OPT_LAYOUT], "cnoe") == 0;
	/* A directory without .stack files (W0001) has nothing to check
	 * and builds an empty plan. The Kubernetes manifests are rendered
	 * on a second thread while the program is evaluated
	 * (k8s_stream.c). */
	cg_k8s_stream *k8s = NULL;
	if (p->root && p->root->nfiles) {
		k8s = cg_k8s_stream_start(&c);
		if (k8s) {
			p->components_ready = cg_k8s_stream_ready;
			p->components_ready_data = k8s;
		}
		int bad = program_check(p) != 0;
		p->components_ready = NULL;
		if (bad) {
			if (k8s)
				cg_k8s_stream_finish(k8s, &c, 0);
			return -1;
		}
	}
	int rc = 0;
	const cli_invocation *inv = b->inv;
	const char *printed = inv->value[OPT_TARGET] ? inv->value[OPT_TARGET] : "kubernetes";
	for (size_t i = 0; i < N_BACKENDS; i++) {
		if (k8s && backends[i].run == cg_kubernetes) {
			if (cg_k8s_stream_finish(k8s, &c, 1) != 0)
				rc = -1;
			continue;
		}
		/* Printing one target: the Argo CD Applications (and their
		 * warning about a missing gitops_repo) matter only when they
		 * are what is printed. The other backends always run: their
		 * errors make the build invalid whatever is printed. */
		if (inv->set[OPT_STDOUT] && strcmp(backends[i].target, "argocd") == 0 &&
			strcmp(printed, "argocd") != 0)
			continue;
		if (backends[i].run(&c) != 0)
			rc = -1;
	}
	/* The plan lists the other backends' files: only when they all
	 * succeeded. It reports nothing, so when another target is printed
	 * it is not made at all (on a big platform it was a sixth of the
	 * build: a JSON step for each of thousands of components). */
	int plan_printed = !inv->set[OPT_STDOUT] || strcmp(printed, "plan") == 0;
	if (rc == 0 && plan_printed && cg_plan(&c) != 0)
		rc = -1;
	if (rc != 0)
		return -1;
	if (!b->nfiles) {
		/* The first environment's list, in the same arena, as it is. */
		b->files = c.files;
		b->nfiles = c.nfiles;
		b->cap = c.cap;
		return 0;
	}
	if (b->nfiles + c.nfiles > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->nfiles + c.nfiles)
			cap *= 2;
		b->files = arena_grow_array(&b->arena, b->files, b->nfiles, cap, sizeof(*b->files));
		b->cap = cap;
	}
	if (c.nfiles)
		memcpy(b->files + b->nfiles, c.files, c.nfiles * sizeof(*c.files));
	b->nfiles += c.nfiles;
	return 0;
}

/* ---- reporting ------------------------------------------------------------ */

/* What makes two diagnostics the same for the reader: code, message and
 * where (file name and offsets, since each environment loads the files
 * again under new ids). */
static const char *diag_key(build *b, const diagnostic *d)
{
	const src_file *f = d->span.file ? src_map_get(&b->sources, d->span.file) : NULL;
	return arena_printf(&b->arena, "%s\x1f%s\x1f%s\x1f%s\x1f%u\x1f%u", d->code, d->message,
		d->path ? d->path : "", f ? f->name : "", (unsigned)d->span.start,
		(unsigned)d->span.end);
}

/* Drop repeated diagnostics (keeping the first), and note on an error
 * found in some environments but not all which ones it was. */
static void dedupe_diags(build *b)
{
	tag_diags(b, -1);
	map seen;
	map_init(&seen);
	/* For kept diagnostic k: the environments it was found in (indexes,
	 * in order, each once), and whether it came from loading, before
	 * any environment (then it concerns them all). */
	int **envs_of = arena_alloc_array(&b->arena, b->diags.len + 1, sizeof(*envs_of));
	size_t *nenvs_of = arena_alloc_array(&b->arena, b->diags.len + 1, sizeof(*nenvs_of));
	int *all = arena_alloc_array(&b->arena, b->diags.len + 1, sizeof(*all));
	size_t kept = 0;
	b->diags.errors = b->diags.warnings = 0;
	for (size_t i = 0; i < b->diags.len; i++) {
		diagnostic *d = b->diags.items[i];
		const char *key = diag_key(b, d);
		int found = 0;
		size_t k = (size_t)(uintptr_t)map_get(&seen, key, strlen(key), &found);
		if (!found) {
			k = kept++;
			map_put(&seen, key, strlen(key), (void *)(uintptr_t)k);
			b->diags.items[k] = d;
			envs_of[k] = arena_alloc_array(&b->arena, b->nenvs + 1, sizeof(int));
			if (d->severity == DIAG_ERROR)
				b->diags.errors++;
			else
				b->diags.warnings++;
		}
		int env = b->diag_env[i];
		if (env < 0)
			all[k] = 1;
		else if (nenvs_of[k] == 0 || envs_of[k][nenvs_of[k] - 1] != env)
			envs_of[k][nenvs_of[k]++] = env;
	}
	b->diags.len = kept;
	map_release(&seen);
	if (b->nenvs < 2)
		return;
	for (size_t k = 0; k < kept; k++) {
		diagnostic *d = b->diags.items[k];
		if (all[k] || nenvs_of[k] == b->nenvs || nenvs_of[k] == 0 ||
			d->severity != DIAG_ERROR)
			continue;
		strbuf names = STRBUF_INIT;
		for (size_t j = 0; j < nenvs_of[k]; j++)
			strbuf_addf(&names, "%s'%s'", j ? ", " : "", b->envs[envs_of[k][j]]);
		src_span none = src_span_make(0, 0, 0);
		diag_add_note(&b->diags, d, none, "in environment%s %s", nenvs_of[k] > 1 ? "s" : "",
			names.buf);
		strbuf_release(&names);
	}
}

/* Standard output gets the files' own bytes with writev(), many at a
 * time: no copy. Gathering them into a buffer first cost more than
 * the rest of the printing, in page faults on the buffer's fresh
 * memory. Returns 0, or -1 with errno set. */
#define PRINT_IOV 512

static int write_all(int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(fd, iov, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* Skip what was written; a short write resumes mid-piece. */
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* --stdout: the files of `target`, in path order. YAML documents are
 * separated by "---" lines; JSON documents simply follow each other
 * (each ends in a newline), a stream jq and json.Decoder read. */
static int print_target(build *b, const char *target)
{
	int yaml = strcmp(target, "kubernetes") == 0 || strcmp(target, "argocd") == 0;
	FILE *out = b->inv->out;
	int fd = fileno(out);
	static const char sep[] = "---\n";
	struct iovec iov[PRINT_IOV];
	int n = 0, failed = fflush(out) != 0;
	size_t printed = 0;
	for (size_t i = 0; i < b->nfiles && !failed; i++) {
		const cg_file *f = &b->files[i];
		if (strcmp(f->target, target) != 0)
			continue;
		/* Terraform's stream is its JSON configuration: the copies of
		 * local modules (tf_local.c) are only written with -o. */
		size_t len = strlen(f->path);
		if (strcmp(target, "terraform") == 0 &&
			(len < 8 || strcmp(f->path + len - 8, ".tf.json") != 0))
			continue;
		if (n > PRINT_IOV - 3) {
			failed = fd < 0 ? 1 : write_all(fd, iov, n) != 0;
			n = 0;
		}
		if (yaml && printed)
			iov[n++] = (struct iovec){ (void *)sep, 4 };
		iov[n++] = (struct iovec){ f->data, f->len };
		if (f->len && f->data[f->len - 1] != '\n')
			iov[n++] = (struct iovec){ (void *)(sep + 3), 1 };
		printed++;
	}
	if (!failed && n)
		failed = fd < 0 ? 1 : write_all(fd, iov, n) != 0;
	if (failed || ferror(out)) {
		fprintf(b->inv->err, "stackc: cannot write to standard output: %s\n",
			fd < 0 ? "not a file descriptor" : strerror(errno));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* Write the tree; a failure becomes a diagnostic. Returns the exit
 * code. */
static int write_tree(build *b, const char *dir)
{
	strbuf err = STRBUF_INIT, warn = STRBUF_INIT;
	int st = outdir_replace(dir, b->files, b->nfiles, &err, &warn);
	int rc = EXIT_OK;
	diagnostic *d;
	switch (st) {
	case OUTDIR_OK:
		if (warn.len)
			diag_warning(&b->diags, "W0601", src_span_make(0, 0, 0), "%s", warn.buf);
		break;
	case OUTDIR_CANNOT_CREATE:
		d = diag_error_path(&b->diags, "E0601", dir, "%s", err.buf);
		diag_add_hint(&b->diags, d, "choose another place with -o DIR");
		rc = EXIT_INPUT_ERROR;
		break;
	case OUTDIR_REFUSED:
		d = diag_error_path(&b->diags, "E0602", dir, "%s", err.buf);
		diag_add_hint(&b->diags, d,
			"stackc build replaces its output directory as a whole; choose an "
			"empty or new directory with -o DIR");
		rc = EXIT_INPUT_ERROR;
		break;
	default:
		d = diag_error_path(&b->diags, "E0603", dir, "%s", err.buf);
		diag_add_hint(&b->diags, d, "nothing was changed in '%s'", dir);
		rc = EXIT_RUNTIME;
		break;
	}
	strbuf_release(&err);
	strbuf_release(&warn);
	return rc;
}

/* ---- the command ---------------------------------------------------------- */

static int check_options(cli_invocation *inv)
{
	const char *t = inv->value[OPT_TARGET];
	if (t && !inv->set[OPT_STDOUT]) {
		fprintf(inv->err, "stackc: --target only applies with --stdout\n");
		return EXIT_USAGE;
	}
	if (inv->set[OPT_STDOUT] && inv->set[OPT_OUT_DIR]) {
		fprintf(inv->err,
			"stackc: --stdout writes nothing to disk; it cannot be combined with "
			"-o/--out-dir\n");
		return EXIT_USAGE;
	}
	if (t) {
		int known = strcmp(t, "plan") == 0;
		for (size_t i = 0; i < N_BACKENDS; i++)
			known |= strcmp(t, backends[i].target) == 0;
		if (!known) {
			fprintf(inv->err,
				"stackc: --target must be 'kubernetes', 'argocd', 'terraform' or "
				"'plan', not '%s'\n",
				t);
			return EXIT_USAGE;
		}
	}
	const char *layout = inv->value[OPT_LAYOUT];
	if (layout && strcmp(layout, "default") != 0 && strcmp(layout, "cnoe") != 0) {
		fprintf(inv->err, "stackc: --layout must be 'default' or 'cnoe', not '%s'\n",
			layout);
		return EXIT_USAGE;
	}
	if (inv->value[OPT_OUT_DIR] && !*inv->value[OPT_OUT_DIR]) {
		fprintf(inv->err, "stackc: -o/--out-dir needs a directory, not ''\n");
		return EXIT_USAGE;
	}
	for (int i = 0; i < inv->nsets; i++) {
		const char *eq = strchr(inv->sets[i], '=');
		if (!eq || eq == inv->sets[i]) {
			fprintf(inv->err, "stackc: --set needs NAME=VALUE, not '%s'\n",
				inv->sets[i]);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

int cmd_build(cli_invocation *inv)
{
	int rc = check_options(inv);
	if (rc != EXIT_OK)
		return rc;
	build b;
	memset(&b, 0, sizeof(b));
	b.inv = inv;
	b.path = inv->nargs ? inv->args[0] : ".";
	arena_init(&b.arena);
	src_map_init(&b.sources);
	diag_list_init(&b.diags, &b.arena, &b.sources);

	/* Which environments: --env's, else every declared one, else
	 * "default" (built from the program already loaded to find out). */
	program *first = NULL;
	int failed = 0;
	if (inv->value[OPT_ENV]) {
		b.envs = arena_alloc_array(&b.arena, 1, sizeof(*b.envs));
		b.envs[0] = inv->value[OPT_ENV];
		b.nenvs = 1;
	} else if (!(first = load(&b, NULL))) {
		failed = 1;
	} else {
		declared_envs(&b, first);
		if (b.nenvs == 0) {
			b.envs = arena_alloc_array(&b.arena, 1, sizeof(*b.envs));
			b.envs[0] = NULL;
			b.nenvs = 1;
		} else {
			first = NULL; /* each environment loads its own */
		}
	}
	tag_diags(&b, -1);
	/* Every environment even after one failed: all errors at once, as
	 * `check` does. (If loading failed above, there are none.) */
	for (size_t e = 0; e < b.nenvs; e++) {
		if (build_env(&b, e, first) != 0)
			failed = 1;
		tag_diags(&b, (int)e);
	}
	if (failed || b.diags.errors)
		rc = EXIT_INPUT_ERROR;
	dedupe_diags(&b);

	if (rc == EXIT_OK) {
		cg_sort_files(b.files, b.nfiles);
		if (inv->set[OPT_STDOUT]) {
			rc = print_target(
				&b, inv->value[OPT_TARGET] ? inv->value[OPT_TARGET] : "kubernetes");
			/* The files are the output; in JSON mode a diagnostics
			 * document would be a second one (as with eval). */
			if (inv->format == DIAG_FORMAT_JSON)
				goto done;
		} else {
			rc = write_tree(&b,
				inv->value[OPT_OUT_DIR] ? inv->value[OPT_OUT_DIR] :
							  DEFAULT_OUT_DIR);
		}
	}
	cli_report(inv, &b.diags);
done:
	diag_list_release(&b.diags);
	src_map_release(&b.sources);
	arena_release(&b.arena);
	return rc;
}

/* kubernetes.c - the Kubernetes backend: components as YAML manifests.
 *
 * Runs after evaluation, beside the Argo CD and Terraform backends (see
 * codegen.h). A component is rendered when its value is
 *
 *   - a record with a `manifests` list: std/k8s.app, whose objects the
 *     Stack template computes (stdlib/k8s.stack), or any schema of the
 *     user's that carries objects the same way;
 *   - a std/k8s.manifests record: its `objects`;
 *   - a record of one of std/k8s's or std/argocd's object kinds
 *     (Deployment, Namespace, Application, ...;
 *     program_record_is_object):
 *     the record is the object.
 *
 * Each object is completed (k8s_objects.c: name, namespace, standard
 * labels, what an app's template leaves to the generator), checked, and
 * written by value_write_yaml() (libyaml, quoting anything a YAML 1.1
 * reader could mistake for another type) as one file:
 *
 *   ENV/STACK/kubernetes/COMPONENT/NN-KIND-NAME.yaml
 *
 * NN is the object's index in the component's order (two digits, more
 * past 99), KIND the kind in lower case, NAME metadata.name. STACK and
 * COMPONENT are Kubernetes names: '_' turned into '-'.
 *
 * Names, namespace, labels (docs/stdlib-modules.md, "What the code
 * generator writes"):
 *
 *   COMPONENT    cg_component_name(): the value's `name`, else the
 *                component's path below its root stack with '_' and
 *                '.' turned into '-'
 *   namespace    the object's own, else the value's `namespace` field,
 *                else the stack's Kubernetes name; none for
 *                cluster-scoped kinds
 *   labels       app.kubernetes.io/name: COMPONENT,
 *                app.kubernetes.io/instance: STACK-COMPONENT,
 *                app.kubernetes.io/part-of: STACK,
 *                app.kubernetes.io/managed-by: stackc;
 *                the first two are the selector of an app's pods.
 *
 * None of them depends on the environment, so the manifests of two
 * environments differ only where the program's values do, and a
 * Deployment's selector (immutable once created) never changes.
 *
 * Errors (docs/diagnostics.md):
 *
 *   E0701  a secret would be written into a manifest
 *   E0702  a value known only after apply, without --allow-unknown (and
 *          always for an object's name, namespace, apiVersion or kind)
 *   E0703  a name that Kubernetes would refuse (component, stack,
 *          object name or namespace, instance label)
 *   E0704  two objects with the same group, kind, namespace and name
 *   E0705  two components of a stack with the same Kubernetes name
 *   E0706  a value that is not a Kubernetes object
 *   E0707  a workload whose selector does not select its own pods
 */
#include "codegen.h"

#include <stdlib.h>
#include <string.h>

#include "../base/map.h"
#include "../base/xalloc.h"
#include "../eval/value_codec.h"
#include "k8s_gen.h"
#include "k8s_objects.h"

#define K8S_KIND_APP "std/k8s.app"

/* Nesting limit of the walk over an object, as for every recursive
 * walker (reliability.md decision 17). Evaluated values are bounded
 * already; this keeps the C stack safe whatever built them. */
#define K8S_MAX_DEPTH 256

/* DNS-1123 subdomains: 253 characters (labels and label values: 63,
 * CG_DNS_LABEL_MAX). */
#define K8S_SUBDOMAIN_MAX 253

/* What the backend remembers across components. */
struct k8s_gen {
	cg_ctx *c;
	/* "GROUP/KIND/NAMESPACE/NAME" -> the component that produced it. */
	map objects;
	/* "STACK/COMPONENT" -> the component rendered into that directory. */
	map dirs;
	/* Stacks whose name was checked -> NULL if fine, else the component
	 * the error was reported at. */
	map stacks;
	int failed; /* an error was reported */
	/* The keys of the three maps: needed while rendering only, so not
	 * in the build's arena (megabytes on a big platform). */
	arena keys;
	/* What only rendering one component needs; reset after each. Kept
	 * between components rather than made anew: a fresh arena's first
	 * chunk is a 64 KiB calloc, and clearing it for each of 2000
	 * components was a third of the render thread's time at N=1000. */
	arena scratch;
	/* The YAML of the object being written, before cg_add_file copies
	 * it: one buffer for all, not a malloc and a few reallocs each. */
	strbuf yaml;
	/* For value_write_yaml_cached; made for the first object (20 KB
	 * that a build without Kubernetes objects does not clear). */
	yaml_quote_cache *quotes;
	uint32_t rendered; /* components so far (K8S_MANY_FILES_AT) */
};

/* ---- names ------------------------------------------------------------------ */

/* DNS-1123 labels joined by '.', at most 253 characters in all. */
static int is_dns_subdomain(const char *s)
{
	if (strlen(s) > K8S_SUBDOMAIN_MAX)
		return 0;
	for (;;) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);
		if (!cg_dns_piece(s, n))
			return 0;
		if (!dot)
			return 1;
		s = dot + 1;
	}
}

/* A Service's name is a DNS-1035 label: a DNS-1123 label that starts
 * with a letter (it becomes a DNS name and environment variable prefix). */
static int is_dns1035_label(const char *s)
{
	return cg_is_dns_label(s) && s[0] >= 'a' && s[0] <= 'z';
}

/* A kind is a CamelCase identifier: ^[A-Za-z][A-Za-z0-9]*$. It becomes
 * part of a file name, so nothing else may pass. */
static int is_kind_name(const char *s)
{
	if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

#define NAME_RULES                                                                      \
	"a Kubernetes name is at most 63 lower-case letters, digits and '-', starting " \
	"and ending with a letter or digit"

static int same_span(src_span a, src_span b)
{
	return a.file == b.file && a.start == b.start && a.end == b.end;
}

/* Where to report a problem with a value: the expression that produced
 * it, when it has one, else the component's declaration. Reporting at
 * the value also keeps two problems of one component apart (the
 * diagnostic list merges an error with the one just before it when both
 * have the same code and place). */
static src_span value_at(const k8s_comp *k, const value *v)
{
	return v && v->origin.file ? v->origin : k->pc->decl;
}

/* A note at the component's declaration, unless the error is there. */
static void note_component(k8s_comp *k, diagnostic *d, src_span at)
{
	if (!same_span(at, k->pc->decl))
		diag_add_note(k->c->diags, d, k->pc->decl, "component '%s' is declared here",
			k->pc->path);
}

/* The name of a root stack in its declaration, for errors about the
 * stack's name; the component's declaration if it cannot be found. */
static src_span stack_at(const program *p, const program_component *pc)
{
	for (uint32_t i = 0; p->root && i < p->root->nfiles; i++) {
		const ast_list *ds = &p->root->files[i]->decls;
		for (uint32_t j = 0; j < ds->len; j++) {
			const ast_node *d = ds->items[j];
			if (d->kind == AST_STACK && strcmp(d->u.decl.name.name, pc->stack) == 0)
				return d->u.decl.name.span;
		}
	}
	return pc->decl;
}

/* The component's Kubernetes name, its stack's, and the instance label
 * made of both. Returns 0 if they are all valid. */
static int check_component_names(k8s_gen *g, k8s_comp *k, const char *stack)
{
	diag_list *dl = g->c->diags;
	const program_component *pc = k->pc;
	int ok = 1;
	if (!cg_is_dns_label(k->name)) {
		const value *field = k8s_get(pc->val, "name");
		src_span at = field && field->kind == VAL_STRING ? value_at(k, field) : pc->decl;
		diagnostic *d = diag_error(dl, "E0703", at,
			"the Kubernetes name '%s' of component '%s' is not a DNS-1123 label",
			k->name, pc->path);
		note_component(k, d, at);
		diag_add_hint(dl, d, NAME_RULES "; rename the component or set its `name`");
		ok = 0;
	}
	int found = 0;
	map_get(&g->stacks, pc->stack, strlen(pc->stack), &found);
	if (!found) {
		int bad = !cg_is_dns_label(stack);
		map_put(&g->stacks, pc->stack, strlen(pc->stack), bad ? (void *)pc : NULL);
		if (bad) {
			diagnostic *d = diag_error(dl, "E0703", stack_at(g->c->prog, pc),
				"the Kubernetes name '%s' of stack '%s' is not a DNS-1123 label",
				stack, pc->stack);
			diag_add_hint(dl, d,
				NAME_RULES
				"; the stack's name names its directory of manifests, its "
				"default namespace and its part-of label");
		}
	}
	if (map_get(&g->stacks, pc->stack, strlen(pc->stack), NULL))
		ok = 0;
	if (ok && strlen(stack) + 1 + strlen(k->name) > CG_DNS_LABEL_MAX) {
		diagnostic *d = diag_error(dl, "E0703", pc->decl,
			"the label app.kubernetes.io/instance '%s-%s' of component '%s' is longer "
			"than 63 characters",
			stack, k->name, pc->path);
		diag_add_hint(dl, d, "give the component a shorter name");
		ok = 0;
	}
	return ok;
}

/* ---- checking an object ----------------------------------------------------- */

/* Append a map key to a value path: `.key`, or `["key"]` for keys that
 * are not identifiers (labels such as app.kubernetes.io/name). */
static void path_add_key(strbuf *path, const char *key)
{
	int plain = (key[0] >= 'A' && key[0] <= 'Z') || (key[0] >= 'a' && key[0] <= 'z') ||
		key[0] == '_';
	for (const char *p = key; *p && plain; p++)
		plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			(*p >= '0' && *p <= '9') || *p == '_';
	if (plain)
		strbuf_addf(path, "%s%s", path->len ? "." : "", key);
	else
		strbuf_addf(path, "[\"%s\"]", key);
}

/* Secrets and unknown values anywhere in an object. Each is reported at
 * the expression that produced it when it has one (so that every leak is
 * listed, not only the first per component), else at the component. */
static void check_leaves(k8s_comp *k, const value *v, strbuf *path, const char *desc, int depth)
{
	diag_list *dl = k->c->diags;
	src_span at = value_at(k, v);
	diagnostic *d;
	if (depth > K8S_MAX_DEPTH) {
		k->failed = 1;
		diag_error(dl, "E0706", k->pc->decl,
			"%s of component '%s' is nested more than %d levels deep", desc,
			k->pc->path, K8S_MAX_DEPTH);
		return;
	}
	switch (v->kind) {
	case VAL_SECRET:
		k->failed = 1;
		if (k->secret_diag) {
			k->more_secrets++;
			return;
		}
		d = k->secret_diag = diag_error(dl, "E0701", at,
			"%s of %s (component '%s') is a secret, which must not be written into "
			"manifests",
			path->buf, desc, k->pc->path);
		note_component(k, d, at);
		diag_add_hint(dl, d,
			"rendered manifests end up in Git: read the value from a Secret in the "
			"cluster instead (`env_secrets` of k8s.app, or a secretKeyRef to a Secret "
			"made by an ExternalSecret or a SealedSecret)");
		return;
	case VAL_UNKNOWN:
		if (k->c->allow_unknown)
			return;
		k->failed = 1;
		d = diag_error(dl, "E0702", at,
			"%s of %s (component '%s') is known only after apply of '%s' (%s)",
			path->buf, desc, k->pc->path, v->u.unknown.producer, v->u.unknown.path);
		note_component(k, d, at);
		diag_add_hint(dl, d,
			"run `stackc build --state` after applying '%s', or pass --allow-unknown "
			"to render a placeholder",
			v->u.unknown.producer);
		return;
	case VAL_LIST:
		for (uint32_t i = 0; i < v->u.list.len; i++) {
			size_t len = path->len;
			strbuf_addf(path, "[%u]", i);
			check_leaves(k, v->u.list.items[i], path, desc, depth + 1);
			strbuf_setlen(path, len);
		}
		return;
	case VAL_MAP:
		for (uint32_t i = 0; i < v->u.map->len; i++) {
			size_t len = path->len;
			path_add_key(path, v->u.map->keys[i]);
			check_leaves(k, v->u.map->vals[i], path, desc, depth + 1);
			strbuf_setlen(path, len);
		}
		return;
	default:
		return;
	}
}

/* Whether check_leaves has anything to report: the same walk without
 * the path text, which check_leaves builds for its messages only.
 * Nearly every object is clean, and formatting a path for every key
 * of every object was a sixth of the build. */
static int has_bad_leaf(const k8s_comp *k, const value *v, int depth)
{
	if (depth > K8S_MAX_DEPTH)
		return 1;
	switch (v->kind) {
	case VAL_SECRET:
		return 1;
	case VAL_UNKNOWN:
		return !k->c->allow_unknown;
	case VAL_LIST:
		for (uint32_t i = 0; i < v->u.list.len; i++)
			if (has_bad_leaf(k, v->u.list.items[i], depth + 1))
				return 1;
		return 0;
	case VAL_MAP:
		for (uint32_t i = 0; i < v->u.map->len; i++)
			if (has_bad_leaf(k, v->u.map->vals[i], depth + 1))
				return 1;
		return 0;
	default:
		return 0;
	}
}

/* "Kind 'name'", for messages about an object. */
static const char *object_desc(arena *a, const char *kind, const value *name)
{
	return arena_concat(a, kind, " '", name->u.str.ptr, "'", NULL);
}

/* A workload's spec.selector.matchLabels must select its own pods (the
 * API server refuses it otherwise; for an app's objects this can only go
 * wrong when `manifests` is written by hand). */
static void check_selector(k8s_comp *k, const value *obj, const char *kind, const value *name)
{
	const value *spec = k8s_get(obj, "spec");
	const value *ml = k8s_get(k8s_get(spec, "selector"), "matchLabels");
	const value *pl = k8s_get(k8s_get(k8s_get(spec, "template"), "metadata"), "labels");
	if (!ml || ml->kind != VAL_MAP)
		return;
	for (uint32_t i = 0; i < ml->u.map->len; i++) {
		const char *key = ml->u.map->keys[i];
		const value *want = ml->u.map->vals[i];
		const value *have = k8s_get(pl, key);
		if (want->kind != VAL_STRING || (have && have->kind != VAL_STRING))
			continue;
		if (have && strcmp(have->u.str.ptr, want->u.str.ptr) == 0)
			continue;
		k->failed = 1;
		diagnostic *d = diag_error(k->c->diags, "E0707", k->pc->decl,
			"the selector of %s (component '%s') does not select its own pods: "
			"spec.selector.matchLabels has '%s: %s', the pod template %s",
			object_desc(k->a, kind, name), k->pc->path, key, want->u.str.ptr,
			have ? arena_printf(k->a, "has '%s: %s'", key, have->u.str.ptr) :
			       "has no such label");
		diag_add_hint(k->c->diags, d,
			"give spec.template.metadata.labels the selector's labels, or leave the "
			"selector empty in an app's manifests");
		return;
	}
}

/* metadata.name and metadata.namespace of a completed object. */
static int check_object_names(k8s_comp *k, const char *kind, const value *name, const value *ns)
{
	diag_list *dl = k->c->diags;
	const char *n = name->u.str.ptr;
	const char *want = NULL;
	if (strcmp(kind, "Service") == 0) {
		if (!is_dns1035_label(n))
			want = "a DNS-1035 label (a DNS-1123 label starting with a letter)";
	} else if (strcmp(kind, "Namespace") == 0) {
		if (!cg_is_dns_label(n))
			want = "a DNS-1123 label";
	} else if (!is_dns_subdomain(n)) {
		want = "a DNS-1123 subdomain (DNS-1123 labels joined by '.')";
	}
	int ok = 1;
	if (want) {
		src_span at = value_at(k, name);
		diagnostic *d = diag_error(dl, "E0703", at,
			"the name '%s' of a %s of component '%s' is not %s", n, kind, k->pc->path,
			want);
		note_component(k, d, at);
		diag_add_hint(dl, d, NAME_RULES);
		ok = 0;
	}
	if (ns && ns->kind == VAL_STRING && !cg_is_dns_label(ns->u.str.ptr)) {
		src_span at = value_at(k, ns);
		diagnostic *d = diag_error(dl, "E0703", at,
			"the namespace '%s' of %s '%s' (component '%s') is not a DNS-1123 label",
			ns->u.str.ptr, kind, n, k->pc->path);
		note_component(k, d, at);
		diag_add_hint(dl, d, NAME_RULES);
		ok = 0;
	}
	if (!ok)
		k->failed = 1;
	return ok;
}

/* ---- rendering ------------------------------------------------------------------ */

/* idx as printf's "%02u" writes it, in buf (at least 11 bytes): the
 * number that orders a component's files. */
static const char *object_number(char *buf, uint32_t idx)
{
	char digits[10];
	int n = 0;
	do {
		digits[n++] = (char)('0' + idx % 10);
		idx /= 10;
	} while (idx);
	if (n < 2)
		digits[n++] = '0';
	for (int i = 0; i < n; i++)
		buf[i] = digits[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

/* Complete, check and write object `idx` of a component. */
static void render_object(
	k8s_gen *g, k8s_comp *k, const value *raw, uint32_t idx, const char *stack)
{
	cg_ctx *c = g->c;
	k->failed = 0;
	value *obj = k8s_complete(k, raw, idx);
	if (!obj)
		return;
	const char *api = k8s_get(obj, "apiVersion")->u.str.ptr;
	const char *kind = k8s_get(obj, "kind")->u.str.ptr;
	const value *meta = k8s_get(obj, "metadata");
	const value *name = k8s_get(meta, "name");
	const value *ns = k8s_get(meta, "namespace");
	if (!is_kind_name(kind)) {
		k->failed = 1;
		diag_error(c->diags, "E0706", value_at(k, raw),
			"object %u of component '%s' has the kind '%s', which is not a kind name "
			"(letters and digits, starting with a letter)",
			idx + 1, k->pc->path, kind);
		return;
	}
	if (!check_object_names(k, kind, name, ns))
		return;
	arena *t = k->a;
	/* Written first: the direct writer gives up on every leaf that
	 * has_bad_leaf looks for (a secret, an unknown, a node deeper than
	 * K8S_MAX_DEPTH, whose children are at depth K8S_MAX_DEPTH + 1), so
	 * an object it writes needs no walk of its own, and one it does not
	 * is looked at as before and written by libyaml below. */
	strbuf *out = &g->yaml;
	strbuf_reset(out);
	if (!g->quotes)
		g->quotes = xcalloc(1, sizeof(*g->quotes));
	int written = value_write_yaml_simple(obj, out, g->quotes, K8S_MAX_DEPTH + 1) == 0;
	if (!written && has_bad_leaf(k, obj, 0)) {
		strbuf path = STRBUF_INIT;
		check_leaves(k, obj, &path, object_desc(t, kind, name), 0);
		strbuf_release(&path);
	}
	if (k8s_is_workload(kind))
		check_selector(k, obj, kind, name);
	if (k->failed)
		return;

	/* The same object twice would make the second apply overwrite the
	 * first, or Argo CD report a shared resource: never what was meant. */
	const char *slash = strchr(api, '/');
	const char *group = slash ? arena_strndup(t, api, (size_t)(slash - api)) : "";
	const char *nsname = ns && ns->kind == VAL_STRING ? ns->u.str.ptr : "";
	const char *key =
		arena_concat(&g->keys, group, "/", kind, "/", nsname, "/", name->u.str.ptr, NULL);
	const program_component *first = map_get(&g->objects, key, strlen(key), NULL);
	if (first) {
		k->failed = 1;
		const char *desc = object_desc(t, kind, name);
		const char *where = *nsname ? arena_printf(t, " in namespace '%s'", nsname) : "";
		diagnostic *d;
		if (first == k->pc)
			d = diag_error(c->diags, "E0704", k->pc->decl,
				"component '%s' produces %s%s twice", k->pc->path, desc, where);
		else
			d = diag_error(c->diags, "E0704", k->pc->decl,
				"component '%s' produces %s%s, which component '%s' produces too",
				k->pc->path, desc, where, first->path);
		if (first != k->pc)
			diag_add_note(
				c->diags, d, first->decl, "'%s' is declared here", first->path);
		diag_add_hint(c->diags, d, "give one of the objects another name or namespace");
		return;
	}
	map_put(&g->objects, key, strlen(key), (void *)k->pc);

	strbuf err = STRBUF_INIT;
	char seq[11];
	if (!written && value_write_yaml_cached(obj, out, &err, g->quotes) != 0) {
		k->failed = 1;
		diag_error(c->diags, "E0706", k->pc->decl,
			"%s of component '%s' cannot be written as YAML: %s",
			object_desc(t, kind, name), k->pc->path, err.buf);
	} else {
		const char *file = arena_concat(t, cg_manifest_dir(c, stack, k->name), "/",
			object_number(seq, idx), "-", cg_lower(t, kind), "-", name->u.str.ptr,
			".yaml", NULL);
		cg_add_file(c, "kubernetes", file, out->buf, out->len);
	}
	strbuf_release(&err);
}

static void render_objects(k8s_gen *g, k8s_comp *kp, const value *src, int single);

static void render_component(k8s_gen *g, const program_component *pc)
{
	cg_ctx *c = g->c;
	arena *a = c->arena;
	int app, single;
	const value *src = program_component_objects(pc, &app, &single);
	if (!src)
		return;

	/* What only rendering needs (completed objects, labels, messages'
	 * pieces) lives in a scratch arena released with the component: at
	 * N=10000 services it was over 100 MB kept to the end of the build.
	 * What outlives the component (map keys, names, the files, which
	 * cg_add_file copies) comes from the build's arena `a`. */
	k8s_comp k = { 0 };
	k.c = c;
	k.a = &g->scratch;
	k.pc = pc;
	k.app = app;
	k.name = cg_component_name(a, pc);
	render_objects(g, &k, src, single);
	arena_reset(&g->scratch);
}

/* The objects of a component, `k` set up by render_component. */
static void render_objects(k8s_gen *g, k8s_comp *kp, const value *src, int single)
{
	cg_ctx *c = g->c;
	arena *a = c->arena;
	const program_component *pc = kp->pc;
	k8s_comp k = *kp;
	const char *stack = cg_k8s_ident(a, pc->stack);
	if (!check_component_names(g, &k, stack)) {
		g->failed = 1;
		return;
	}
	const char *dir = arena_concat(&g->keys, stack, "/", k.name, NULL);
	const program_component *other = map_get(&g->dirs, dir, strlen(dir), NULL);
	if (other) {
		diagnostic *d = diag_error(c->diags, "E0705", pc->decl,
			"components '%s' and '%s' both have the Kubernetes name '%s' in stack '%s'",
			other->path, pc->path, k.name, pc->stack);
		diag_add_note(c->diags, d, other->decl, "'%s' is declared here", other->path);
		diag_add_hint(c->diags, d,
			"their manifests would share a directory: give one of them another name");
		g->failed = 1;
		return;
	}
	map_put(&g->dirs, dir, strlen(dir), (void *)pc);

	k.ns = cg_default_namespace(pc, stack);
	if (strcmp(pc->kind, K8S_KIND_APP) == 0)
		k.env = k8s_get(pc->val, "env");
	arena *t = k.a;
	const char *instance = arena_concat(t, stack, "-", k.name, NULL);
	vmap *labels = vmap_new(t);
	vmap_set(t, labels, "app.kubernetes.io/name", k8s_str(t, k.name), (src_span){ 0 });
	vmap_set(t, labels, "app.kubernetes.io/instance", k8s_str(t, instance), (src_span){ 0 });
	vmap_set(t, labels, "app.kubernetes.io/part-of", k8s_str(t, stack), (src_span){ 0 });
	vmap_set(t, labels, "app.kubernetes.io/managed-by", k8s_str(t, "stackc"), (src_span){ 0 });
	k.labels = value_map(t, labels, (src_span){ 0 });
	vmap *selector = vmap_new(t);
	vmap_set(t, selector, "app.kubernetes.io/name", k8s_str(t, k.name), (src_span){ 0 });
	vmap_set(t, selector, "app.kubernetes.io/instance", k8s_str(t, instance), (src_span){ 0 });
	k.selector = value_map(t, selector, (src_span){ 0 });

	if (single) {
		render_object(g, &k, src, 0, stack);
		g->failed |= k.failed;
		return;
	}
	if (src->kind == VAL_UNKNOWN) {
		diagnostic *d = diag_error(c->diags, "E0702", pc->decl,
			"the Kubernetes objects of component '%s' are known only after apply of "
			"'%s' (%s)",
			pc->path, src->u.unknown.producer, src->u.unknown.path);
		diag_add_hint(c->diags, d,
			"run `stackc build --state` after applying '%s', so that they are known",
			src->u.unknown.producer);
		g->failed = 1;
		return;
	}
	if (src->kind != VAL_LIST) {
		diag_error(c->diags, "E0706", pc->decl,
			"the objects of component '%s' must be a list, not %s", pc->path,
			value_type_name(src));
		g->failed = 1;
		return;
	}
	for (uint32_t i = 0; i < src->u.list.len; i++) {
		render_object(g, &k, src->u.list.items[i], i, stack);
		if (k.failed)
			g->failed = 1;
	}
	if (k.more_secrets)
		diag_add_note(c->diags, k.secret_diag, src_span_make(0, 0, 0),
			"component '%s' would write %u more secret value%s (often derived from the "
			"same one)",
			pc->path, k.more_secrets, k.more_secrets > 1 ? "s" : "");
}

k8s_gen *k8s_gen_new(cg_ctx *c)
{
	k8s_gen *g = xcalloc(1, sizeof(*g));
	g->c = c;
	arena_init(&g->keys);
	map_init_in(&g->objects, &g->keys);
	map_init_in(&g->dirs, &g->keys);
	map_init(&g->stacks);
	arena_init(&g->scratch);
	strbuf_init(&g->yaml);
	return g;
}

/* After this many components a platform's files will fill megabytes,
 * and after K8S_MANY_KEYS_AT its lookup keys and maps some hundreds of
 * kilobytes: their arenas then go to huge-page chunks at once rather than
 * through a 256 KiB chunk of 4 KiB page faults (each 4 KiB fault costs
 * about as much as clearing 10 KiB here). Not sooner: a huge page is
 * 2 MB more memory for a program that would not have filled it. */
#define K8S_MANY_FILES_AT 64
#define K8S_MANY_KEYS_AT 128

void k8s_gen_component(k8s_gen *g, const program_component *pc)
{
	if (g->rendered == K8S_MANY_FILES_AT)
		arena_expect(g->c->arena, (size_t)8 << 20);
	if (g->rendered == K8S_MANY_KEYS_AT)
		arena_expect(&g->keys, (size_t)8 << 20);
	g->rendered++;
	render_component(g, pc);
}

int k8s_gen_free(k8s_gen *g)
{
	map_release(&g->objects);
	map_release(&g->dirs);
	map_release(&g->stacks);
	arena_release(&g->keys);
	arena_release(&g->scratch);
	strbuf_release(&g->yaml);
	free(g->quotes);
	int rc = g->failed ? -1 : 0;
	free(g);
	return rc;
}

int cg_kubernetes(cg_ctx *c)
{
	k8s_gen *g = k8s_gen_new(c);
	for (uint32_t i = 0; i < c->prog->ncomponents; i++)
		k8s_gen_component(g, &c->prog->components[i]);
	return k8s_gen_free(g);
}

/* argocd.c - the Argo CD backend: an app-of-apps per stack.
 *
 * Runs after evaluation, beside the Kubernetes and Terraform backends
 * (see codegen.h). For every root stack of the environment it writes
 *
 *   ENV/STACK/argocd/apps/NN-COMPONENT.yaml   one Application per component
 *   ENV/STACK/argocd/root.yaml                the app-of-apps, STACK-ENV,
 *                                             whose source is apps/
 *
 * and once per environment ENV/argocd-cm-health.yaml (below). NN is the
 * component's position among the stack's Applications in the dependency
 * graph's topological order (two digits, more past 99).
 *
 * Which components get an Application:
 *
 *   - the components the Kubernetes backend renders: the source is their
 *     manifest directory ENV/STACK/kubernetes/COMPONENT in the GitOps
 *     repository, at HEAD;
 *   - std/helm.release: the source is the chart itself (repoURL, chart,
 *     targetRevision = version, helm{releaseName, valuesObject}); an
 *     oci:// repository is written without its scheme, the form Argo CD
 *     takes for OCI Helm charts (platforms.md 1.5);
 *   - nothing else (Terraform modules, plain values).
 *
 * The rule for "rendered by the Kubernetes backend" is a copy of
 * component_objects() in kubernetes.c, which is static there; the two
 * must agree, or an Application points at a directory that does not
 * exist (tests/golden/cases/argocd-* would show it).
 *
 * Ordering between Applications: each child carries the sync wave
 * argocd.argoproj.io/sync-wave = its depth in the dependency graph (the
 * plan's `depth`). Argo CD only waits for a wave of child Applications to
 * become healthy if the Application health check is restored in argocd-cm
 * (platforms.md 2.6); argocd-cm-health.yaml is that ConfigMap patch, with
 * the Lua script of Argo CD's docs/operator-manual/health.md ("Argocd
 * App"). Without it the waves order creation only.
 *
 * The GitOps repository: the root module's parameter `gitops_repo`, if it
 * declares one; else repoURL is "" and W0721 says so once per
 * environment (docs/build.md, "ArgoCD").
 *
 * Errors (docs/build.md):
 *
 *   E0721  an Application name that is not a DNS-1123 label of at most
 *          63 characters, or one used twice
 *   E0701  a secret would be written into an Application (Helm values)
 *   E0702  a value known only after apply, without --allow-unknown
 */
#include "codegen.h"

#include <string.h>

#include "../base/map.h"
#include "../eval/value_codec.h"
#include "k8s_objects.h"

#define ARGO_NAMESPACE "argocd"
#define ARGO_SERVER "https://kubernetes.default.svc"
#define ARGO_FINALIZER "resources-finalizer.argocd.argoproj.io"
#define ARGO_WAVE "argocd.argoproj.io/sync-wave"
#define HELM_KIND_RELEASE "std/helm.release"
#define GITOPS_PARAM "gitops_repo"

/* metadata.name of an Application becomes a label value in the objects
 * it manages (app.kubernetes.io/instance with label tracking): it must be
 * a DNS-1123 label of at most 63 characters (cg_is_dns_label). */

/* The health check of argoproj.io/Application that Argo CD removed in
 * 1.8, as its documentation gives it (docs/operator-manual/health.md,
 * "Argocd App"): Progressing until the child reports a health, then the
 * child's health and message. Do not edit: it is Argo CD's text. */
static const char health_lua[] = "hs = {}\n"
				 "hs.status = \"Progressing\"\n"
				 "hs.message = \"\"\n"
				 "if obj.status ~= nil then\n"
				 "  if obj.status.health ~= nil then\n"
				 "    hs.status = obj.status.health.status\n"
				 "    if obj.status.health.message ~= nil then\n"
				 "      hs.message = obj.status.health.message\n"
				 "    end\n"
				 "  end\n"
				 "end\n"
				 "return hs\n";

/* What the backend remembers across stacks of one environment. */
typedef struct argo_gen {
	cg_ctx *c;
	/* Application name -> the component (or stack's first component,
	 * for a root) that has it: names are cluster-wide in argocd. */
	map names;
	const char *repo; /* repoURL of the GitOps repository, once looked up */
	int napps;        /* Applications written in this environment */
	/* Build settings (root parameters, docs/build.md "Build settings"). */
	const char *project;  /* argocd_project, "default" */
	int prune;            /* argocd_prune, true */
	int self_heal;        /* argocd_self_heal, true */
	int create_namespace; /* argocd_create_namespace, true */
	int failed;
} argo_gen;

/* ---- names ------------------------------------------------------------------ */

/* Check an Application name and claim it. Returns 0 if it is valid and
 * not yet taken. `what` describes the Application for messages. */
static int claim_name(argo_gen *g, const char *name, const program_component *pc, const char *what)
{
	diag_list *dl = g->c->diags;
	if (!cg_is_dns_label(name)) {
		/* A Kubernetes component's STACK-COMPONENT is its instance
		 * label too: kubernetes.c reported it already (E0703). */
		if (cg_k8s_renders(pc) && strncmp(what, "component ", 10) == 0)
			return -1;
		diagnostic *d = diag_error(dl, "E0721", pc->decl,
			"the Argo CD Application name '%s' of %s is not a DNS-1123 label of at most "
			"63 characters",
			name, what);
		diag_add_hint(dl, d,
			"an Application is named STACK-COMPONENT (the app-of-apps STACK-ENV): "
			"shorten the stack's or the component's name, or set the component's "
			"`name`");
		return -1;
	}
	const program_component *other = map_get(&g->names, name, strlen(name), NULL);
	/* Two Kubernetes components of a stack with one name: kubernetes.c
	 * reports that already (E0705), once is enough. */
	if (other && other != pc && strcmp(other->stack, pc->stack) == 0 && cg_k8s_renders(other) &&
		cg_k8s_renders(pc))
		return -1;
	if (other) {
		diagnostic *d = diag_error(dl, "E0721", pc->decl,
			"the Argo CD Application name '%s' of %s is already used for '%s'", name,
			what, other->path);
		diag_add_note(dl, d, other->decl, "'%s' is declared here", other->path);
		diag_add_hint(dl, d, "give one of the components another name");
		return -1;
	}
	map_put(&g->names, name, strlen(name), (void *)pc);
	return 0;
}

/* ---- the GitOps repository ---------------------------------------------------- */

static int root_declares_param(const program *p, const char *name)
{
	for (uint32_t i = 0; p->root && i < p->root->nfiles; i++) {
		const ast_list *ds = &p->root->files[i]->decls;
		for (uint32_t j = 0; j < ds->len; j++) {
			const ast_node *d = ds->items[j];
			if (d->kind == AST_PARAM && strcmp(d->u.decl.name.name, name) == 0)
				return 1;
		}
	}
	return 0;
}

/* The repoURL of the GitOps repository holding the rendered manifests
 * and these Applications. Looked up on the first Application, so that a
 * program without any reports nothing. */
static const char *gitops_repo(argo_gen *g)
{
	if (g->repo)
		return g->repo;
	cg_ctx *c = g->c;
	src_span none = src_span_make(0, 0, 0);
	g->repo = "";
	if (!root_declares_param(c->prog, GITOPS_PARAM)) {
		diagnostic *d = diag_warning(c->diags, "W0721", none,
			"no " GITOPS_PARAM " parameter: Applications have an empty repoURL");
		diag_add_hint(c->diags, d,
			"declare `param " GITOPS_PARAM ": string` in the root module with the URL "
			"of the Git repository the output directory is pushed to");
		return g->repo;
	}
	const value *v = program_eval_text(c->prog, GITOPS_PARAM);
	if (v && v->kind == VAL_STRING)
		g->repo = v->u.str.ptr;
	else if (v)
		diag_warning(c->diags, "W0721", none,
			"parameter '" GITOPS_PARAM "' is %s, not a string: Applications have an "
			"empty repoURL",
			value_type_name(v));
	return g->repo;
}

/* A build setting: the root parameter `name` when declared, else `def`.
 * The parameter's declared type is the user's; a value of another type
 * than the setting's is E0722. Returns 0, or -1 after reporting. */
static int setting(argo_gen *g, const char *name, value_kind kind, const value **out)
{
	cg_ctx *c = g->c;
	*out = NULL;
	if (!root_declares_param(c->prog, name))
		return 0;
	const value *v = program_eval_text(c->prog, name);
	if (!v)
		return -1;
	if (v->kind != kind) {
		diagnostic *d = diag_error(c->diags, "E0722", v->origin,
			"build setting '%s' must be %s, not %s", name,
			kind == VAL_BOOL ? "a bool" : "a string", value_type_name(v));
		diag_add_hint(c->diags, d, "declare it as `param %s: %s`", name,
			kind == VAL_BOOL ? "bool" : "string");
		return -1;
	}
	*out = v;
	return 0;
}

/* A bool setting into *field, true when not declared. */
static int bool_setting(argo_gen *g, const char *name, int *field)
{
	const value *v;
	*field = 1;
	if (setting(g, name, VAL_BOOL, &v) != 0)
		return -1;
	if (v)
		*field = v->u.boolean;
	return 0;
}

static int load_settings(argo_gen *g)
{
	const value *v;
	int rc = setting(g, "argocd_project", VAL_STRING, &v);
	g->project = v ? v->u.str.ptr : "default";
	rc |= bool_setting(g, "argocd_prune", &g->prune);
	rc |= bool_setting(g, "argocd_self_heal", &g->self_heal);
	rc |= bool_setting(g, "argocd_create_namespace", &g->create_namespace);
	return rc ? -1 : 0;
}

/* ---- building Applications ------------------------------------------------------ */

static void set(arena *a, vmap *m, const char *key, value *v)
{
	vmap_set(a, m, key, v, (src_span){ 0 });
}

static value *str(arena *a, const char *s)
{
	return k8s_str(a, s);
}

static value *map_value(arena *a, vmap *m)
{
	return value_map(a, m, (src_span){ 0 });
}

/* metadata of an Application; `wave` NULL for none. */
static value *app_metadata(arena *a, const char *name, const char *stack, const char *wave)
{
	vmap *meta = vmap_new(a);
	set(a, meta, "name", str(a, name));
	set(a, meta, "namespace", str(a, ARGO_NAMESPACE));
	vmap *labels = vmap_new(a);
	set(a, labels, "app.kubernetes.io/part-of", str(a, stack));
	set(a, labels, "app.kubernetes.io/managed-by", str(a, "stackc"));
	set(a, meta, "labels", map_value(a, labels));
	if (wave) {
		vmap *ann = vmap_new(a);
		set(a, ann, ARGO_WAVE, str(a, wave));
		set(a, meta, "annotations", map_value(a, ann));
	}
	value *fin = str(a, ARGO_FINALIZER);
	set(a, meta, "finalizers", value_list(a, &fin, 1, (src_span){ 0 }));
	return map_value(a, meta);
}

/* spec of an Application: project, source, destination, syncPolicy.
 * Children follow the build settings; the root (child 0) lives in the
 * argocd namespace, which exists, and always prunes and heals, so that
 * removing a component from the program removes its Application. */
static value *app_spec(argo_gen *g, value *source, const char *ns, int child)
{
	arena *a = g->c->arena;
	vmap *spec = vmap_new(a);
	set(a, spec, "project", str(a, child ? g->project : "default"));
	set(a, spec, "source", source);
	vmap *dest = vmap_new(a);
	set(a, dest, "server", str(a, ARGO_SERVER));
	set(a, dest, "namespace", str(a, ns));
	set(a, spec, "destination", map_value(a, dest));
	vmap *policy = vmap_new(a);
	vmap *automated = vmap_new(a);
	set(a, automated, "prune", value_bool(a, child ? g->prune : 1, (src_span){ 0 }));
	set(a, automated, "selfHeal", value_bool(a, child ? g->self_heal : 1, (src_span){ 0 }));
	set(a, policy, "automated", map_value(a, automated));
	if (child && g->create_namespace) {
		value *opt = str(a, "CreateNamespace=true");
		set(a, policy, "syncOptions", value_list(a, &opt, 1, (src_span){ 0 }));
	}
	set(a, spec, "syncPolicy", map_value(a, policy));
	return map_value(a, spec);
}

static value *application(arena *a, value *meta, value *spec)
{
	vmap *app = vmap_new(a);
	set(a, app, "apiVersion", str(a, "argoproj.io/v1alpha1"));
	set(a, app, "kind", str(a, "Application"));
	set(a, app, "metadata", meta);
	set(a, app, "spec", spec);
	return map_value(a, app);
}

/* A directory source in the GitOps repository. */
static value *git_source(argo_gen *g, const char *path)
{
	arena *a = g->c->arena;
	vmap *src = vmap_new(a);
	set(a, src, "repoURL", str(a, gitops_repo(g)));
	set(a, src, "path", str(a, path));
	set(a, src, "targetRevision", str(a, "HEAD"));
	return map_value(a, src);
}

/* The source of a component's manifests at `dir` (cg_manifest_dir):
 * the directory in the GitOps repository, or in the CNOE layout the
 * package content beside the Application file, which idpbuilder pushes
 * to its in-cluster Git server and whose cnoe:// URL it replaces
 * (platforms.md 1.2). The URL is relative to the Application file,
 * ENV/STACK-COMPONENT.yaml, so it drops the leading "ENV/". */
static value *manifest_source(argo_gen *g, const char *dir)
{
	cg_ctx *c = g->c;
	if (!c->cnoe_layout)
		return git_source(g, dir);
	arena *a = c->arena;
	size_t skip = strlen(c->env) + 1;
	vmap *src = vmap_new(a);
	set(a, src, "repoURL", str(a, arena_printf(a, "cnoe://%s", dir + skip)));
	set(a, src, "path", str(a, "."));
	set(a, src, "targetRevision", str(a, "HEAD"));
	return map_value(a, src);
}

/* The chart source of a std/helm.release. Its fields are checked by the
 * schema (stdlib/helm.stack); an unknown value is passed through and
 * caught before writing. */
static value *helm_source(cg_ctx *c, const program_component *pc, const char *name)
{
	arena *a = c->arena;
	const value *repo = k8s_get(pc->val, "repo");
	vmap *src = vmap_new(a);
	if (repo && repo->kind == VAL_STRING && strncmp(repo->u.str.ptr, "oci://", 6) == 0)
		set(a, src, "repoURL", str(a, repo->u.str.ptr + 6));
	else
		set(a, src, "repoURL", (value *)repo);
	set(a, src, "chart", (value *)k8s_get(pc->val, "chart"));
	set(a, src, "targetRevision", (value *)k8s_get(pc->val, "version"));
	vmap *helm = vmap_new(a);
	const value *rn = k8s_get(pc->val, "release_name");
	set(a, helm, "releaseName", rn && rn->kind != VAL_NULL ? (value *)rn : str(a, name));
	const value *vals = k8s_get(pc->val, "values");
	if (vals && !(vals->kind == VAL_MAP && vals->u.map->len == 0))
		set(a, helm, "valuesObject", (value *)vals);
	set(a, src, "helm", map_value(a, helm));
	return map_value(a, src);
}

/* Write an Application, after making sure that nothing secret or not
 * yet known ends up in Git. Returns 0, or -1 after reporting. */
static int write_app(argo_gen *g, const program_component *pc, const value *app, const char *path)
{
	cg_ctx *c = g->c;
	if (value_contains_secret(app)) {
		diagnostic *d = diag_error(c->diags, "E0701", pc->decl,
			"the Argo CD Application of component '%s' would contain a secret",
			pc->path);
		diag_add_hint(c->diags, d,
			"Applications end up in Git: pass secrets to the chart through a Secret "
			"in the cluster (existingSecret-style values) instead");
		return -1;
	}
	if (!c->allow_unknown && value_contains_unknown(app)) {
		diagnostic *d = diag_error(c->diags, "E0702", pc->decl,
			"the Argo CD Application of component '%s' contains a value known only "
			"after apply",
			pc->path);
		diag_add_hint(c->diags, d,
			"run `stackc build --state` after applying its dependencies, or pass "
			"--allow-unknown to render a placeholder");
		return -1;
	}
	strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = 0;
	if (value_write_yaml(app, &out, &err) != 0) {
		diag_error(c->diags, "E0706", pc->decl,
			"the Argo CD Application of component '%s' cannot be written as YAML: %s",
			pc->path, err.buf);
		rc = -1;
	} else {
		cg_add_file(c, "argocd", path, out.buf, out.len);
	}
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}

/* The child Applications of one stack, in topological order, then its
 * root. `comp` maps graph nodes to components. */
static void gen_stack(argo_gen *g, const char *stack_id, const uint32_t *order, size_t norder,
	const program_component **comp)
{
	cg_ctx *c = g->c;
	arena *a = c->arena;
	const char *stack = cg_k8s_ident(a, stack_id);
	const char *dir = arena_printf(a, "%s/%s/argocd", c->env, stack);
	const program_component *first = NULL;
	unsigned n = 0;
	for (size_t i = 0; i < norder; i++) {
		const program_component *pc = comp[order[i]];
		if (!pc || strcmp(pc->stack, stack_id) != 0)
			continue;
		int helm = strcmp(pc->kind, HELM_KIND_RELEASE) == 0;
		if (!helm && !cg_k8s_renders(pc))
			continue;
		const char *name = cg_component_name(a, pc);
		const char *app_name = arena_printf(a, "%s-%s", stack, name);
		const char *what = arena_printf(a, "component '%s'", pc->path);
		if (claim_name(g, app_name, pc, what) != 0) {
			g->failed = 1;
			continue;
		}
		/* The rendered manifests' directory (cg_manifest_dir), or the
		 * chart. */
		value *source = helm ? helm_source(c, pc, name) :
				       manifest_source(g, cg_manifest_dir(c, stack, name));
		/* kubernetes.c's default namespace; a release's is required. */
		const char *ns = cg_default_namespace(pc, stack);
		const char *wave = arena_printf(a, "%u", graph_depth(c->prog->graph, pc->node));
		value *app = application(
			a, app_metadata(a, app_name, stack, wave), app_spec(g, source, ns, 1));
		/* CNOE: a package file at the top of the environment's
		 * directory, beside its content (cg_manifest_dir). */
		const char *path = c->cnoe_layout ?
			arena_printf(a, "%s/%s.yaml", c->env, app_name) :
			arena_printf(a, "%s/apps/%02u-%s.yaml", dir, n, name);
		if (write_app(g, pc, app, path) != 0)
			g->failed = 1;
		if (!first)
			first = pc;
		n++;
	}
	if (!first)
		return; /* no Applications: no app-of-apps with an empty source */
	g->napps += (int)n;
	if (c->cnoe_layout)
		return; /* idpbuilder applies every package itself: no root */

	/* The app-of-apps: Argo CD reads every YAML file of apps/ (a
	 * directory source), so root.yaml sits beside that directory, not
	 * in it, or it would manage itself. */
	const char *root_name =
		arena_printf(a, "%s-%s", stack, cg_lower(a, cg_k8s_ident(a, c->env)));
	const char *what = arena_printf(a, "the app-of-apps of stack '%s'", stack_id);
	if (claim_name(g, root_name, first, what) != 0) {
		g->failed = 1;
		return;
	}
	value *root = application(a, app_metadata(a, root_name, stack, NULL),
		app_spec(g, git_source(g, arena_printf(a, "%s/apps", dir)), ARGO_NAMESPACE, 0));
	if (write_app(g, first, root, arena_printf(a, "%s/root.yaml", dir)) != 0)
		g->failed = 1;
}

/* The argocd-cm patch restoring the health of Applications (file header). */
static void gen_health(argo_gen *g)
{
	cg_ctx *c = g->c;
	arena *a = c->arena;
	vmap *meta = vmap_new(a);
	set(a, meta, "name", str(a, "argocd-cm"));
	set(a, meta, "namespace", str(a, ARGO_NAMESPACE));
	vmap *labels = vmap_new(a);
	set(a, labels, "app.kubernetes.io/name", str(a, "argocd-cm"));
	set(a, labels, "app.kubernetes.io/part-of", str(a, "argocd"));
	set(a, meta, "labels", map_value(a, labels));
	vmap *data = vmap_new(a);
	set(a, data, "resource.customizations.health.argoproj.io_Application", str(a, health_lua));
	vmap *cm = vmap_new(a);
	set(a, cm, "apiVersion", str(a, "v1"));
	set(a, cm, "kind", str(a, "ConfigMap"));
	set(a, cm, "metadata", map_value(a, meta));
	set(a, cm, "data", map_value(a, data));
	strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* Only fixed strings: writing cannot fail. */
	if (value_write_yaml(map_value(a, cm), &out, &err) == 0)
		cg_add_file(c, "argocd", arena_printf(a, "%s/argocd-cm-health.yaml", c->env),
			out.buf, out.len);
	strbuf_release(&out);
	strbuf_release(&err);
}

int cg_argocd(cg_ctx *c)
{
	program *p = c->prog;
	graph *gr = p->graph;
	size_t norder = 0;
	const uint32_t *order = gr ? graph_topo_order(gr, &norder) : NULL;
	if (!order || p->ncomponents == 0)
		return 0;
	size_t nnodes = graph_node_count(gr);
	const program_component **comp = arena_alloc_array(c->arena, nnodes + 1, sizeof(*comp));
	for (uint32_t i = 0; i < p->ncomponents; i++)
		if (p->components[i].node < nnodes)
			comp[p->components[i].node] = &p->components[i];

	argo_gen g = { 0 };
	g.c = c;
	if (load_settings(&g) != 0)
		return -1;
	map_init(&g.names);
	/* Root stacks in the order of the component list (sorted by name),
	 * each once. */
	map stacks;
	map_init(&stacks);
	for (uint32_t i = 0; i < p->ncomponents; i++) {
		const char *stack = p->components[i].stack;
		int seen = 0;
		map_get(&stacks, stack, strlen(stack), &seen);
		if (seen)
			continue;
		map_put(&stacks, stack, strlen(stack), NULL);
		gen_stack(&g, stack, order, norder, comp);
	}
	map_release(&stacks);
	/* idpbuilder installs Argo CD with its own argocd-cm, and reads only
	 * Applications at the top of a package directory: no patch there. */
	if (g.napps > 0 && !c->cnoe_layout)
		gen_health(&g);
	map_release(&g.names);
	return g.failed ? -1 : 0;
}

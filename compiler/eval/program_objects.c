/* program_objects.c - the Kubernetes objects of components, and the
 * dependency edges from custom resources to the components that install
 * their CustomResourceDefinitions.
 *
 * Which objects a component has (the code generators and this pass use
 * the one rule, so that they always agree):
 *
 *   - a record with a `manifests` list: std/k8s.app's, or any schema of
 *     the user's that carries objects the same way;
 *   - a std/k8s.manifests record: its `objects`;
 *   - a record of one of std/k8s's or std/argocd's object kinds (a
 *     record of those modules with string apiVersion and kind): itself.
 *
 * Custom resources (LANGUAGE.md, "Dependencies are first-class"): an
 * object whose API group is not one of Kubernetes' built-in groups needs
 * its CRD in the cluster first. The CRD is installed
 *
 *   - by a component that renders a CustomResourceDefinition object
 *     (spec.group, spec.names.kind), or
 *   - by a component that declares it in a `crds` list of "GROUP" or
 *     "GROUP/Kind" strings (std/helm.release has one: a chart's CRDs are
 *     rendered by Argo CD, not by stackc), or
 *   - by the cluster already: the root module's build setting
 *     `param preinstalled_crds: list[string]`, same strings; Argo CD's
 *     own group argoproj.io counts as installed unless a component
 *     installs it (the Argo CD target presupposes Argo CD).
 *
 * A custom resource gets an edge (GRAPH_EDGE_CRD) to each component
 * that installs its CRD, so the graph orders the two and a cycle through
 * it is reported like any other; one whose CRD nobody installs is E0708.
 */
#include <string.h>

#include "eval_internal.h"
#include "program.h"

#define CRDS_FIELD "crds"
#define PREINSTALLED_PARAM "preinstalled_crds"
#define ARGOCD_GROUP "argoproj.io"

/* The API groups of Kubernetes itself (kubectl api-resources, 1.31). */
static const char *const builtin_groups[] = {
	"",
	"admissionregistration.k8s.io",
	"apiextensions.k8s.io",
	"apiregistration.k8s.io",
	"apps",
	"authentication.k8s.io",
	"authorization.k8s.io",
	"autoscaling",
	"batch",
	"certificates.k8s.io",
	"coordination.k8s.io",
	"discovery.k8s.io",
	"events.k8s.io",
	"flowcontrol.apiserver.k8s.io",
	"internal.apiserver.k8s.io",
	"networking.k8s.io",
	"node.k8s.io",
	"policy",
	"rbac.authorization.k8s.io",
	"resource.k8s.io",
	"scheduling.k8s.io",
	"storage.k8s.io",
	"storagemigration.k8s.io",
};

int program_record_is_object(const program_component *pc)
{
	const value *v = pc->val;
	if (!v || v->kind != VAL_MAP || !v->u.map->schema)
		return 0;
	if (strncmp(pc->kind, "std/k8s.", 8) != 0 && strncmp(pc->kind, "std/argocd.", 11) != 0)
		return 0;
	const value *api = vmap_get(v->u.map, "apiVersion");
	const value *kind = vmap_get(v->u.map, "kind");
	return api && api->kind == VAL_STRING && kind && kind->kind == VAL_STRING;
}

const value *program_component_objects(const program_component *pc, int *app, int *single)
{
	const value *v = pc->val;
	*app = *single = 0;
	if (!v || v->kind != VAL_MAP)
		return NULL;
	/* Records only: a stack instance's value (its outputs) or a plain
	 * map that happens to have a `manifests` key is not a kind's. */
	const value *m = v->u.map->schema ? vmap_get(v->u.map, "manifests") : NULL;
	if (m && (m->kind == VAL_LIST || m->kind == VAL_UNKNOWN)) {
		*app = 1;
		return m;
	}
	if (strcmp(pc->kind, "std/k8s.manifests") == 0)
		return vmap_get(v->u.map, "objects");
	if (program_record_is_object(pc)) {
		*single = 1;
		return v;
	}
	return NULL;
}

/* ---- CRD edges ---------------------------------------------------------- */

/* The string at `key` of a map value, or NULL. */
static const char *str_at(const value *m, const char *key)
{
	const value *v = m && m->kind == VAL_MAP ? vmap_get(m->u.map, key) : NULL;
	return v && v->kind == VAL_STRING ? v->u.str.ptr : NULL;
}

/* One installed CRD (or a whole group, kind NULL) and who installs it
 * (NULL: the cluster). */
typedef struct crd_source {
	const char *group;
	const char *kind;
	const program_component *by;
} crd_source;

typedef struct crd_index {
	arena *a;
	crd_source *items;
	size_t len, cap;
	/* preinstalled_crds was reported as malformed: what it would have
	 * declared is unknown, so a missing CRD is not reported too. */
	int bad_setting;
} crd_index;

static void add_source(
	crd_index *ix, const char *group, const char *kind, const program_component *by)
{
	if (ix->len == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 16;
		ix->items = arena_grow_array(ix->a, ix->items, ix->len, cap, sizeof(*ix->items));
		ix->cap = cap;
	}
	ix->items[ix->len++] = (crd_source){ group, kind, by };
}

/* "GROUP" or "GROUP/Kind" from a crds list or preinstalled_crds. */
static void add_declared(crd_index *ix, const char *s, const program_component *by)
{
	const char *slash = strchr(s, '/');
	if (slash)
		add_source(ix, arena_strndup(ix->a, s, (size_t)(slash - s)), slash + 1, by);
	else
		add_source(ix, s, NULL, by);
}

static void add_declared_list(crd_index *ix, const value *list, const program_component *by)
{
	if (!list || list->kind != VAL_LIST)
		return;
	for (uint32_t i = 0; i < list->u.list.len; i++)
		if (list->u.list.items[i]->kind == VAL_STRING)
			add_declared(ix, list->u.list.items[i]->u.str.ptr, by);
}

/* The API group of an apiVersion: "cert-manager.io" of
 * "cert-manager.io/v1", "" of "v1". */
/* The length of the API group at the start of an apiVersion ("apps" of
 * "apps/v1"; 0 for the core group's "v1"). Looked at for every object of
 * every component: no copy is made unless it is needed. */
static size_t group_len(const char *api_version)
{
	const char *slash = strchr(api_version, '/');
	return slash ? (size_t)(slash - api_version) : 0;
}

static int group_is(const char *api_version, size_t len, const char *group)
{
	return strlen(group) == len && strncmp(api_version, group, len) == 0;
}

static int is_builtin_group(const char *api_version, size_t len)
{
	for (size_t i = 0; i < sizeof(builtin_groups) / sizeof(builtin_groups[0]); i++)
		if (group_is(api_version, len, builtin_groups[i]))
			return 1;
	return 0;
}

void program_crd_note(program_component *pc)
{
	unsigned f = PROGRAM_CRD_NOTED;
	if (pc->val && pc->val->kind == VAL_MAP && pc->val->u.map->schema &&
		vmap_get(pc->val->u.map, CRDS_FIELD))
		f |= PROGRAM_CRD_INSTALLS;
	int app, single;
	const value *objs = program_component_objects(pc, &app, &single);
	uint32_t n = !objs ? 0 : single ? 1 : objs->kind == VAL_LIST ? objs->u.list.len : 0;
	for (uint32_t j = 0; j < n; j++) {
		const value *o = single ? objs : objs->u.list.items[j];
		const char *kind = str_at(o, "kind");
		const char *api = str_at(o, "apiVersion");
		if (kind && strcmp(kind, "CustomResourceDefinition") == 0)
			f |= PROGRAM_CRD_INSTALLS;
		if (kind && api && !is_builtin_group(api, group_len(api)))
			f |= PROGRAM_CRD_CUSTOM;
	}
	pc->crd_flags = f;
}

/* Does a component need a look for `flag`? Those noted without it do not. */
static int crd_may(const program_component *pc, unsigned flag)
{
	return !(pc->crd_flags & PROGRAM_CRD_NOTED) || (pc->crd_flags & flag);
}

/* Index every CRD some component installs, and the preinstalled ones. */
static void index_sources(program *p, crd_index *ix)
{
	for (uint32_t i = 0; i < p->ncomponents; i++) {
		const program_component *pc = &p->components[i];
		if (!crd_may(pc, PROGRAM_CRD_INSTALLS))
			continue;
		if (pc->val && pc->val->kind == VAL_MAP && pc->val->u.map->schema)
			add_declared_list(ix, vmap_get(pc->val->u.map, CRDS_FIELD), pc);
		int app, single;
		const value *objs = program_component_objects(pc, &app, &single);
		if (!objs || (!single && objs->kind != VAL_LIST))
			continue;
		uint32_t n = single ? 1 : objs->u.list.len;
		for (uint32_t j = 0; j < n; j++) {
			const value *o = single ? objs : objs->u.list.items[j];
			/* The kind first: it settles all but the CRDs. */
			const char *kind = str_at(o, "kind");
			if (!kind || strcmp(kind, "CustomResourceDefinition") != 0)
				continue;
			const char *api = str_at(o, "apiVersion");
			if (!api || !group_is(api, group_len(api), "apiextensions.k8s.io"))
				continue;
			const value *spec = o->kind == VAL_MAP ? vmap_get(o->u.map, "spec") : NULL;
			const value *names = spec && spec->kind == VAL_MAP ?
				vmap_get(spec->u.map, "names") :
				NULL;
			const char *group = str_at(spec, "group");
			const char *crd_kind = str_at(names, "kind");
			if (group && crd_kind)
				add_source(ix, group, crd_kind, pc);
		}
	}
	if (p->root && scope_lookup_here(p->root->scope, PREINSTALLED_PARAM)) {
		const value *v = program_eval_text(p, PREINSTALLED_PARAM);
		int ok = v && v->kind == VAL_LIST;
		for (uint32_t i = 0; ok && i < v->u.list.len; i++)
			ok = v->u.list.items[i]->kind == VAL_STRING;
		if (ok) {
			add_declared_list(ix, v, NULL);
		} else if (v) {
			ix->bad_setting = 1;
			diagnostic *d = diag_error(p->diags, "E0722", v->origin,
				"build setting '" PREINSTALLED_PARAM "' must be a list of strings, "
				"not %s",
				value_type_name(v));
			diag_add_hint(p->diags, d,
				"declare it as `param " PREINSTALLED_PARAM ": list[string]`");
		}
	}
}

/* Connect one custom resource `o` of component `pc`. */
static void require_crd(
	program *p, const crd_index *ix, const program_component *pc, const value *o)
{
	const char *api = str_at(o, "apiVersion");
	const char *kind = str_at(o, "kind");
	if (!api || !kind)
		return; /* not an object: the Kubernetes backend reports it */
	size_t glen = group_len(api);
	if (is_builtin_group(api, glen))
		return;
	const char *group = arena_strndup(p->arena, api, glen);
	int found = 0;
	for (size_t i = 0; i < ix->len; i++) {
		const crd_source *s = &ix->items[i];
		if (strcmp(s->group, group) != 0 || (s->kind && strcmp(s->kind, kind) != 0))
			continue;
		found = 1;
		if (s->by && s->by != pc) {
			const char *via = arena_printf(p->arena, "%s %s", api, kind);
			src_span at = o->origin.file ? o->origin : pc->decl;
			graph_add_edge(p->graph, pc->node, s->by->node, GRAPH_EDGE_CRD, at, via);
		}
	}
	if (found || ix->bad_setting || strcmp(group, ARGOCD_GROUP) == 0)
		return;
	const char *name =
		str_at(o->kind == VAL_MAP ? vmap_get(o->u.map, "metadata") : NULL, "name");
	src_span at = o->origin.file ? o->origin : pc->decl;
	diagnostic *d = diag_error(p->diags, "E0708", at,
		"%s%s%s (%s) of component '%s' is a custom resource, and no component installs its "
		"CRD: nothing installs API group '%s'",
		kind, name ? " " : "", name ? arena_printf(p->arena, "'%s'", name) : "", api,
		pc->path, group);
	if (o->origin.file &&
		(o->origin.file != pc->decl.file || o->origin.start != pc->decl.start))
		diag_add_note(p->diags, d, pc->decl, "component '%s' is declared here", pc->path);
	diag_add_hint(p->diags, d,
		"add `crds = [\"%s\"]` to the component that installs it (a helm.release), or, if "
		"the cluster already has it, declare `param " PREINSTALLED_PARAM
		": list[string] = [\"%s\"]` in the root module",
		group, group);
}

void program_crd_edges(program *p)
{
	crd_index ix = { 0 };
	ix.a = p->arena;
	index_sources(p, &ix);
	for (uint32_t i = 0; i < p->ncomponents; i++) {
		const program_component *pc = &p->components[i];
		if (!crd_may(pc, PROGRAM_CRD_CUSTOM))
			continue;
		int app, single;
		const value *objs = program_component_objects(pc, &app, &single);
		if (!objs)
			continue;
		if (single) {
			require_crd(p, &ix, pc, objs);
		} else if (objs->kind == VAL_LIST) {
			for (uint32_t j = 0; j < objs->u.list.len; j++)
				require_crd(p, &ix, pc, objs->u.list.items[j]);
		}
	}
}

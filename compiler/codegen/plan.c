/* plan.c - the plan backend: ENV/plan.json, the steps of a deployment.
 *
 * Runs last among the backends of one environment: it lists, for every
 * component in dependency order, what the runtime has to do with it
 * (its target), what must be done first, which of the files the other
 * backends produced belong to it, and which values known only after
 * apply it produces or waits for. `stackc plan`/`apply` and the REPL
 * read this document; docs/build.md describes it field by field.
 *
 *   {"format_version": "1", "environment": "dev", "steps": [
 *     {"id": "platform.database", "kind": "std/terraform.module",
 *      "target": "terraform", "depends_on": [], "depth": 0,
 *      "artifacts": ["dev/platform/terraform/database/main.tf.json"],
 *      "produces_unknown": ["outputs"], "consumes_unknown": []}, ...]}
 *
 * Determinism: steps follow graph_topo_order() (which breaks ties by
 * node id, i.e. declaration order); every list inside a step is sorted
 * and free of duplicates. No value of a component is written, so no
 * secret can reach the plan.
 */
#include <assert.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../base/map.h"
#include "codegen.h"

/* Values nest at most this deep before the walk gives up; the evaluator
 * refuses far shallower values, this only keeps the walk bounded. */
#define PLAN_MAX_VALUE_DEPTH 10000

/* A growable list of strings, sorted and de-duplicated when finished. */
typedef struct str_list {
	const char **items;
	size_t len, cap;
} str_list;

static void str_list_add(arena *a, str_list *l, const char *s)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		l->items = arena_grow_array(a, l->items, l->len, cap, sizeof(*l->items));
		l->cap = cap;
	}
	l->items[l->len++] = s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *str_list_json(str_list *l)
{
	if (l->len > 1) /* items is NULL when empty: qsort must not see it */
		qsort(l->items, l->len, sizeof(*l->items), cmp_str);
	json_t *arr = json_array();
	for (size_t i = 0; i < l->len; i++)
		if (i == 0 || strcmp(l->items[i], l->items[i - 1]) != 0)
			json_array_append_new(arr, json_string(l->items[i]));
	return arr;
}

/* ---- values known only after apply ---------------------------------------- */

typedef struct unknown_walk {
	arena *arena;
	const char *self; /* the component's path */
	str_list produces;
	str_list consumes;
} unknown_walk;

/* Collect every VAL_UNKNOWN inside v. Iterative on lists and maps would
 * be no clearer; the depth cap keeps the recursion bounded. */
static void walk_unknowns(unknown_walk *w, const value *v, int depth)
{
	if (!v || depth > PLAN_MAX_VALUE_DEPTH)
		return;
	switch (v->kind) {
	case VAL_UNKNOWN:
		if (strcmp(v->u.unknown.producer, w->self) == 0)
			str_list_add(w->arena, &w->produces, v->u.unknown.path);
		else
			str_list_add(w->arena, &w->consumes,
				arena_printf(w->arena, "%s.%s", v->u.unknown.producer,
					v->u.unknown.path));
		break;
	case VAL_LIST:
		for (uint32_t i = 0; i < v->u.list.len; i++)
			walk_unknowns(w, v->u.list.items[i], depth + 1);
		break;
	case VAL_MAP:
		for (uint32_t i = 0; i < v->u.map->len; i++)
			walk_unknowns(w, v->u.map->vals[i], depth + 1);
		break;
	default:
		break;
	}
}

/* ---- artifacts and targets ------------------------------------------------ */

/* One segment of an output path, as the Terraform backend makes it from
 * a name (codegen.h: paths use only [a-z0-9._-]): lower case, anything
 * else becomes '-', so "my_db" is "my-db". */
static const char *segment(arena *a, const char *s)
{
	char *r = arena_strdup(a, s);
	for (char *p = r; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
				 *p == '-'))
			*p = '-';
	}
	return r;
}

/* The component's path below its root stack: "api", or "db.instance"
 * for a component of the stack instance "db". */
static const char *below_stack(const program_component *pc)
{
	size_t n = strlen(pc->stack);
	return strncmp(pc->path, pc->stack, n) == 0 && pc->path[n] == '.' ? pc->path + n + 1 :
									    pc->name;
}

/* The directories holding one component's files, per target, named the
 * way each backend names them (the file header of kubernetes.c and
 * terraform.c). They must agree, or the plan loses the component's
 * artifacts: tests/golden/cases/build-plan-* would show it. ArgoCD
 * writes per stack, not per component. */
static const char *component_prefix(cg_ctx *c, const program_component *pc, const char *target)
{
	arena *a = c->arena;
	if (strcmp(target, "kubernetes") == 0)
		return arena_printf(a, "%s/",
			cg_manifest_dir(c, cg_k8s_ident(a, pc->stack), cg_component_name(a, pc)));
	return arena_printf(a, "%s/%s/%s/%s/", segment(a, c->env), segment(a, pc->stack), target,
		segment(a, below_stack(pc)));
}

static const char *const artifact_targets[] = { "terraform", "kubernetes" };
#define N_ARTIFACT_TARGETS (sizeof(artifact_targets) / sizeof(artifact_targets[0]))

/* The files of the per-component targets, by their directory
 * "ENV/STACK/TARGET/COMPONENT/": one pass over the files, so that the
 * plan stays linear in components + files. */
static void index_files(cg_ctx *c, map *dirs)
{
	for (uint32_t i = 0; i < c->nfiles; i++) {
		const cg_file *f = &c->files[i];
		int ours = 0;
		for (size_t t = 0; t < N_ARTIFACT_TARGETS; t++)
			ours |= strcmp(f->target, artifact_targets[t]) == 0;
		if (!ours)
			continue;
		const char *s = f->path;
		for (int slashes = 0; *s && slashes < 4; s++)
			slashes += *s == '/';
		if (!*s)
			continue; /* fewer than four directories: not a component's */
		size_t len = (size_t)(s - f->path);
		str_list *l = map_get(dirs, f->path, len, NULL);
		if (!l) {
			l = arena_alloc(c->arena, sizeof(*l));
			map_put(dirs, f->path, len, l);
		}
		str_list_add(c->arena, l, f->path);
	}
}

/* Which files belong to the component. The target of the step is that
 * of its artifacts (the first in artifact_targets that has any: a
 * component rendered for Terraform and Kubernetes is applied by
 * Terraform first). */
static const char *collect_artifacts(
	cg_ctx *c, const map *dirs, const program_component *pc, str_list *out)
{
	const char *target = NULL;
	for (size_t t = 0; t < N_ARTIFACT_TARGETS; t++) {
		const char *prefix = component_prefix(c, pc, artifact_targets[t]);
		const str_list *l = map_get(dirs, prefix, strlen(prefix), NULL);
		for (size_t i = 0; l && i < l->len; i++) {
			str_list_add(c->arena, out, l->items[i]);
			if (!target)
				target = artifact_targets[t];
		}
	}
	return target;
}

/* A step without artifacts still has the target its kind implies (a
 * Terraform module whose backend wrote nothing is still Terraform); any
 * other component is a plain value, nothing to apply. */
static const char *target_of_kind(const char *kind)
{
	static const struct {
		const char *prefix;
		const char *target;
	} by_module[] = {
		{ "std/terraform.", "terraform" },
		{ "std/k8s.", "kubernetes" },
		{ "std/helm.", "kubernetes" },
		{ "std/argocd.", "argocd" },
	};
	for (size_t i = 0; i < sizeof(by_module) / sizeof(by_module[0]); i++)
		if (strncmp(kind, by_module[i].prefix, strlen(by_module[i].prefix)) == 0)
			return by_module[i].target;
	return "value";
}

/* ---- the document ---------------------------------------------------------- */

static int json_put(const char *buf, size_t size, void *data)
{
	strbuf_add(data, buf, size);
	return 0;
}

int cg_plan(cg_ctx *c)
{
	program *p = c->prog;
	graph *g = p->graph;
	size_t norder = 0;
	const uint32_t *order = graph_topo_order(g, &norder);
	/* Backends run only after program_check succeeded, so the graph is
	 * checked and acyclic, and the order exists. */
	assert(order || graph_node_count(g) == 0);

	/* node -> component, and node -> its dependencies, in one pass each
	 * (a step per component must not cost a pass over all edges). */
	size_t nnodes = graph_node_count(g);
	const program_component **comp = arena_alloc_array(c->arena, nnodes + 1, sizeof(*comp));
	for (uint32_t i = 0; i < p->ncomponents; i++)
		if (p->components[i].node < nnodes)
			comp[p->components[i].node] = &p->components[i];
	str_list *deps = arena_alloc_array(c->arena, nnodes + 1, sizeof(*deps));
	for (uint32_t e = 0; e < graph_edge_count(g); e++) {
		const graph_edge *ed = graph_edge_at(g, e);
		str_list_add(c->arena, &deps[ed->from], graph_node_at(g, ed->to)->path);
	}

	map dirs;
	map_init(&dirs);
	index_files(c, &dirs);

	json_t *steps = json_array();
	for (size_t i = 0; i < norder; i++) {
		uint32_t id = order[i];
		const graph_node *n = graph_node_at(g, id);
		const program_component *pc = comp[id];
		str_list artifacts = { 0 };
		unknown_walk w = { c->arena, n->path, { 0 }, { 0 } };
		const char *target = NULL;
		if (pc) {
			target = collect_artifacts(c, &dirs, pc, &artifacts);
			walk_unknowns(&w, pc->val, 0);
		}
		if (!target)
			target = target_of_kind(pc ? pc->kind : "value");

		json_t *step = json_object();
		json_object_set_new(step, "id", json_string(n->path));
		json_object_set_new(step, "kind", json_string(pc ? pc->kind : n->kind));
		json_object_set_new(step, "target", json_string(target));
		json_object_set_new(step, "depends_on", str_list_json(&deps[id]));
		json_object_set_new(step, "depth", json_integer(graph_depth(g, id)));
		json_object_set_new(step, "artifacts", str_list_json(&artifacts));
		json_object_set_new(step, "produces_unknown", str_list_json(&w.produces));
		json_object_set_new(step, "consumes_unknown", str_list_json(&w.consumes));
		json_array_append_new(steps, step);
	}
	map_release(&dirs);

	json_t *root = json_object();
	json_object_set_new(root, "format_version", json_string("1"));
	json_object_set_new(root, "environment", json_string(c->env));
	json_object_set_new(root, "steps", steps);
	strbuf out = STRBUF_INIT;
	json_dump_callback(root, json_put, &out, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	strbuf_addch(&out, '\n');
	json_decref(root);

	/* The environment's directory as codegen.h defines it; an
	 * environment is an identifier, so only '_' and capitals change. */
	const char *path = arena_printf(c->arena, "%s/plan.json", segment(c->arena, c->env));
	cg_add_file(c, "plan", path, out.buf, out.len);
	strbuf_release(&out);
	return 0;
}

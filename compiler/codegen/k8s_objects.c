/* k8s_objects.c - completing the Kubernetes objects of a component.
 *
 * Part of the Kubernetes backend (kubernetes.c, which walks components
 * and writes files); see k8s_objects.h for what completion adds. The
 * objects come out of the evaluator, so nothing here changes one of its
 * values in place: a change copies the maps on the path down to it
 * (fill_path), and the untouched parts are shared. The copies are this
 * file's own, and the next change through them is made in place: a
 * Deployment's five fills under spec.template copy that path once, not
 * five times.
 *
 * Filling in never overrides what a user wrote: only null or absent
 * names, null or absent namespaces and empty selectors are completed,
 * and an object's own labels win over the standard ones. So a record
 * that spells an object out (k8s.Deployment) comes out as written, plus
 * labels, name and namespace.
 */
#include "k8s_objects.h"

#include <string.h>

/* Built-in cluster-scoped kinds (`kubectl api-resources
 * --namespaced=false`, Kubernetes 1.31), not counting Cluster*. */
static const char *const cluster_kinds[] = {
	"APIService",
	"CSIDriver",
	"CSINode",
	"CertificateSigningRequest",
	"ComponentStatus",
	"CustomResourceDefinition",
	"FlowSchema",
	"IngressClass",
	"MutatingWebhookConfiguration",
	"Namespace",
	"Node",
	"PersistentVolume",
	"PriorityClass",
	"PriorityLevelConfiguration",
	"RuntimeClass",
	"StorageClass",
	"ValidatingAdmissionPolicy",
	"ValidatingAdmissionPolicyBinding",
	"ValidatingWebhookConfiguration",
	"VolumeAttachment",
	NULL,
};

static const char *const workload_kinds[] = {
	"DaemonSet",
	"Deployment",
	"Job",
	"ReplicaSet",
	"StatefulSet",
	NULL,
};

static int in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

int k8s_cluster_scoped(const char *kind)
{
	if (strncmp(kind, "Cluster", 7) == 0 && kind[7] >= 'A' && kind[7] <= 'Z')
		return 1;
	return in_list(kind, cluster_kinds);
}

int k8s_is_workload(const char *kind)
{
	return in_list(kind, workload_kinds);
}

value *k8s_str(arena *a, const char *s)
{
	return value_string(a, s, strlen(s), (src_span){ 0 });
}

const value *k8s_get(const value *m, const char *key)
{
	return m && m->kind == VAL_MAP ? vmap_get(m->u.map, key) : NULL;
}

/* Not set: absent or null. */
static int unset(const value *v)
{
	return !v || v->kind == VAL_NULL;
}

static int empty_map(const value *v)
{
	return v && v->kind == VAL_MAP && v->u.map->len == 0;
}

/* Did k8s_complete make v for the object it is completing? */
static int owned(const k8s_comp *k, const value *v)
{
	for (unsigned i = 0; i < k->nowned; i++)
		if (k->owned[i] == v)
			return 1;
	return 0;
}

static value *own(k8s_comp *k, value *v)
{
	if (k->nowned < K8S_OWNED_MAX)
		k->owned[k->nowned++] = v;
	return v;
}

/* Map `m` with `key` set to `v`: in its place if it is there, else at the
 * end. Unless m is one of ours, a copy: a plain map (a record's schema
 * would have nothing to say about what the code generator adds). */
static value *map_with(k8s_comp *k, const value *m, const char *key, value *v)
{
	if (owned(k, m)) {
		vmap_set(k->a, m->u.map, key, v, (src_span){ 0 });
		return (value *)m;
	}
	vmap *c = vmap_copy(k->a, m->u.map);
	c->schema = NULL;
	vmap_set(k->a, c, key, v, (src_span){ 0 });
	return own(k, value_map(k->a, c, m->origin));
}

/* ---- filling in along a path ------------------------------------------------ */

/* Given the value at the end of a path (NULL when absent), what to put
 * there: `old` itself for no change, NULL to remove the key. */
typedef value *(*fill_fn)(k8s_comp *k, const value *old);

/* A copy of `v` with fn applied at `path`: a NULL-terminated list of
 * map keys, "*" standing for every item of a list. Where the path does
 * not exist, nothing changes, unless `create` asks for the missing maps
 * on the way to be made. Parts off the path are shared, not copied. */
static value *fill_path(
	k8s_comp *k, const value *v, const char *const *path, int create, fill_fn fn)
{
	arena *a = k->a;
	if (strcmp(path[0], "*") == 0) {
		if (!v || v->kind != VAL_LIST || v->u.list.len == 0)
			return (value *)v;
		uint32_t n = v->u.list.len;
		if (owned(k, v)) {
			for (uint32_t i = 0; i < n; i++)
				v->u.list.items[i] =
					fill_path(k, v->u.list.items[i], path + 1, create, fn);
			return (value *)v;
		}
		value **items = arena_alloc_array(a, n, sizeof(*items));
		int changed = 0;
		for (uint32_t i = 0; i < n; i++) {
			items[i] = fill_path(k, v->u.list.items[i], path + 1, create, fn);
			changed |= items[i] != v->u.list.items[i];
		}
		return changed ? own(k, value_list(a, items, n, v->origin)) : (value *)v;
	}
	if (!v || v->kind != VAL_MAP)
		return (value *)v;
	const value *old = vmap_get(v->u.map, path[0]);
	value *nv;
	if (!path[1]) {
		nv = fn(k, old);
	} else if (unset(old)) {
		if (!create)
			return (value *)v;
		value *empty = own(k, value_map(a, vmap_new(a), v->origin));
		nv = fill_path(k, empty, path + 1, create, fn);
	} else {
		nv = fill_path(k, old, path + 1, create, fn);
	}
	if (nv == old)
		return (value *)v;
	if (!nv) {
		if (!old)
			return (value *)v;
		vmap *c = vmap_without(a, v->u.map, path[0]);
		c->schema = NULL;
		return own(k, value_map(a, c, v->origin));
	}
	return map_with(k, v, path[0], nv);
}

/* The standard labels, each unless `own` sets that key, then the rest of
 * `own` in its order. `own` that is not a map is returned unchanged (the
 * caller reports it where that matters). */
static value *merge_labels(k8s_comp *k, const value *own)
{
	arena *a = k->a;
	if (!unset(own) && own->kind != VAL_MAP)
		return (value *)own;
	vmap *m = vmap_new(a);
	const vmap *std = k->labels->u.map;
	/* Keys are added once each: vmap_append, no search. */
	for (uint32_t i = 0; i < std->len; i++) {
		const value *mine =
			own && own->kind == VAL_MAP ? vmap_get(own->u.map, std->keys[i]) : NULL;
		vmap_append(
			a, m, std->keys[i], mine ? (value *)mine : std->vals[i], (src_span){ 0 });
	}
	if (own && own->kind == VAL_MAP)
		for (uint32_t i = 0; i < own->u.map->len; i++)
			if (!vmap_get(std, own->u.map->keys[i]))
				vmap_append(a, m, own->u.map->keys[i], own->u.map->vals[i],
					own->u.map->key_spans[i]);
	return value_map(a, m, own ? own->origin : (src_span){ 0 });
}

static value *fill_pod_labels(k8s_comp *k, const value *old)
{
	return merge_labels(k, old);
}

/* An empty (or missing) selector of an app's object selects its pods. */
static value *fill_selector(k8s_comp *k, const value *old)
{
	return unset(old) || empty_map(old) ? k->selector : (value *)old;
}

/* A null name in an app's object refers to the component's own object. */
static value *fill_self_name(k8s_comp *k, const value *old)
{
	return unset(old) ? k8s_str(k->a, k->name) : (value *)old;
}

/* The environment of an app's containers: std/k8s.app's `env` by value
 * first (k->env; the template cannot name `env`, a keyword: language.md
 * 3.2), then whatever the template put there (the `env_secrets`
 * references). The template always writes the list, to keep its place
 * among the container's keys; an empty one is dropped. */
static value *fill_env(k8s_comp *k, const value *old)
{
	arena *a = k->a;
	uint32_t nenv = k->env && k->env->kind == VAL_MAP ? k->env->u.map->len : 0;
	if (old && old->kind != VAL_LIST)
		return (value *)old;
	uint32_t nold = old ? old->u.list.len : 0;
	if (nenv + nold == 0)
		return NULL;
	if (nenv == 0)
		return (value *)old;
	value **items = arena_alloc_array(a, nenv + nold, sizeof(*items));
	for (uint32_t i = 0; i < nenv; i++) {
		const vmap *e = k->env->u.map;
		vmap *var = vmap_new(a);
		vmap_set(a, var, "name", k8s_str(a, e->keys[i]), e->key_spans[i]);
		vmap_set(a, var, "value", e->vals[i], e->key_spans[i]);
		items[i] = value_map(a, var, e->vals[i]->origin);
	}
	for (uint32_t i = 0; i < nold; i++)
		items[nenv + i] = old->u.list.items[i];
	return value_list(a, items, nenv + nold, old ? old->origin : k->env->origin);
}

#define PATH(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Labels on the pods, and for an app's objects the selectors and the
 * references to the component's own objects. */
static value *complete_spec(k8s_comp *k, const char *kind, value *obj)
{
	if (k8s_is_workload(kind))
		obj = fill_path(
			k, obj, PATH("spec", "template", "metadata", "labels"), 1, fill_pod_labels);
	else if (strcmp(kind, "CronJob") == 0)
		obj = fill_path(k, obj,
			PATH("spec", "jobTemplate", "spec", "template", "metadata", "labels"), 1,
			fill_pod_labels);
	if (!k->app)
		return obj;
	if (k8s_is_workload(kind) || strcmp(kind, "PodDisruptionBudget") == 0)
		obj = fill_path(k, obj, PATH("spec", "selector", "matchLabels"), 0, fill_selector);
	if (k8s_is_workload(kind)) {
		obj = fill_path(k, obj, PATH("spec", "template", "spec", "containers", "*", "name"),
			0, fill_self_name);
		obj = fill_path(k, obj, PATH("spec", "template", "spec", "containers", "*", "env"),
			0, fill_env);
		/* app.config: the app's own ConfigMap, read or mounted. */
		obj = fill_path(k, obj,
			PATH("spec", "template", "spec", "containers", "*", "envFrom", "*",
				"configMapRef", "name"),
			0, fill_self_name);
		obj = fill_path(k, obj,
			PATH("spec", "template", "spec", "volumes", "*", "configMap", "name"), 0,
			fill_self_name);
	} else if (strcmp(kind, "Service") == 0) {
		obj = fill_path(k, obj, PATH("spec", "selector"), 0, fill_selector);
	} else if (strcmp(kind, "Ingress") == 0) {
		obj = fill_path(k, obj, PATH("spec", "defaultBackend", "service", "name"), 0,
			fill_self_name);
		obj = fill_path(k, obj,
			PATH("spec", "rules", "*", "http", "paths", "*", "backend", "service",
				"name"),
			0, fill_self_name);
	} else if (strcmp(kind, "HorizontalPodAutoscaler") == 0) {
		obj = fill_path(k, obj, PATH("spec", "scaleTargetRef", "name"), 0, fill_self_name);
	}
	return obj;
}

/* ---- metadata and key order ------------------------------------------------- */

/* Where to report a problem with a value: where it was written, if
 * anywhere, else at the component. */
static src_span at_value(const k8s_comp *k, const value *v)
{
	return v->origin.file ? v->origin : k->pc->decl;
}

static void bad_object(k8s_comp *k, const value *obj, uint32_t idx, const char *what)
{
	k->failed = 1;
	diag_error(k->c->diags, "E0706", at_value(k, obj),
		"object %u of component '%s' is not a Kubernetes object: %s", idx + 1, k->pc->path,
		what);
}

/* An identifying field (metadata.name, metadata.namespace) known only
 * after apply: with it the object has no name, and no file either. */
static void unknown_identity(k8s_comp *k, uint32_t idx, const char *field, const value *v)
{
	k->failed = 1;
	diagnostic *d = diag_error(k->c->diags, "E0702", at_value(k, v),
		"%s of object %u of component '%s' is known only after apply of '%s' (%s)", field,
		idx + 1, k->pc->path, v->u.unknown.producer, v->u.unknown.path);
	diag_add_hint(k->c->diags, d,
		"an object's name and namespace must be known to render it, even with "
		"--allow-unknown");
}

/* name, namespace, labels, then the other fields as written. */
static value *complete_metadata(k8s_comp *k, const value *obj, const char *kind, uint32_t idx)
{
	arena *a = k->a;
	const value *meta = k8s_get(obj, "metadata");
	if (!unset(meta) && meta->kind != VAL_MAP) {
		bad_object(k, obj, idx, "metadata must be a map");
		return NULL;
	}
	const value *name = k8s_get(meta, "name");
	const value *ns = k8s_get(meta, "namespace");
	const value *labels = k8s_get(meta, "labels");
	if (name && name->kind == VAL_UNKNOWN)
		unknown_identity(k, idx, "metadata.name", name);
	else if (!unset(name) && name->kind != VAL_STRING)
		bad_object(k, obj, idx, "metadata.name must be a string");
	if (ns && ns->kind == VAL_UNKNOWN)
		unknown_identity(k, idx, "metadata.namespace", ns);
	else if (!unset(ns) && ns->kind != VAL_STRING)
		bad_object(k, obj, idx, "metadata.namespace must be a string");
	if (!unset(labels) && labels->kind != VAL_MAP)
		bad_object(k, obj, idx, "metadata.labels must be a map");
	if (k->failed)
		return NULL;

	/* Each key once (the metadata's own keys are distinct, and these
	 * three are left out of them): vmap_append, no search. */
	vmap *m = vmap_new(a);
	vmap_append(
		a, m, "name", unset(name) ? k8s_str(a, k->name) : (value *)name, (src_span){ 0 });
	if (!unset(ns))
		vmap_append(a, m, "namespace", (value *)ns, (src_span){ 0 });
	else if (!k8s_cluster_scoped(kind))
		vmap_append(a, m, "namespace", k8s_str(a, k->ns), (src_span){ 0 });
	vmap_append(a, m, "labels", merge_labels(k, labels), (src_span){ 0 });
	if (meta && meta->kind == VAL_MAP)
		for (uint32_t i = 0; i < meta->u.map->len; i++) {
			const char *key = meta->u.map->keys[i];
			int ours = (key[0] == 'n' &&
					   (strcmp(key, "name") == 0 ||
						   strcmp(key, "namespace") == 0)) ||
				(key[0] == 'l' && strcmp(key, "labels") == 0);
			if (!ours)
				vmap_append(
					a, m, key, meta->u.map->vals[i], meta->u.map->key_spans[i]);
		}
	return value_map(a, m, meta ? meta->origin : obj->origin);
}

/* apiVersion, kind, metadata, spec first, then the rest as written. */
static value *in_kubernetes_order(arena *a, const value *obj)
{
	static const char *const first[] = { "apiVersion", "kind", "metadata", "spec" };
	const vmap *o = obj->u.map;
	/* Usually so already (std/k8s writes them in this order). */
	const size_t nfirst = sizeof(first) / sizeof(first[0]);
	uint32_t next = 0;
	size_t i = 0;
	for (; i < nfirst; i++) {
		long p = vmap_find(o, first[i]);
		if (p < 0)
			continue;
		if ((uint32_t)p != next)
			break;
		next++;
	}
	if (i == nfirst)
		return (value *)obj;
	vmap *m = vmap_new(a);
	for (i = 0; i < nfirst; i++) {
		long p = vmap_find(o, first[i]);
		if (p >= 0)
			vmap_set(a, m, o->keys[p], o->vals[p], o->key_spans[p]);
	}
	for (uint32_t j = 0; j < o->len; j++)
		if (!vmap_get(m, o->keys[j]))
			vmap_set(a, m, o->keys[j], o->vals[j], o->key_spans[j]);
	return value_map(a, m, obj->origin);
}

value *k8s_complete(k8s_comp *k, const value *obj, uint32_t idx)
{
	if (obj->kind == VAL_UNKNOWN) {
		k->failed = 1;
		diagnostic *d = diag_error(k->c->diags, "E0702", at_value(k, obj),
			"object %u of component '%s' is known only after apply of '%s' (%s)",
			idx + 1, k->pc->path, obj->u.unknown.producer, obj->u.unknown.path);
		diag_add_hint(k->c->diags, d,
			"run `stackc build --state` after apply, so that the value is known");
		return NULL;
	}
	if (obj->kind != VAL_MAP) {
		bad_object(k, obj, idx,
			arena_printf(k->a, "a map is needed, not %s", value_type_name(obj)));
		return NULL;
	}
	const value *api = k8s_get(obj, "apiVersion");
	const value *kind = k8s_get(obj, "kind");
	if (!api || api->kind != VAL_STRING || !kind || kind->kind != VAL_STRING) {
		if (api && api->kind == VAL_UNKNOWN)
			unknown_identity(k, idx, "apiVersion", api);
		else if (kind && kind->kind == VAL_UNKNOWN)
			unknown_identity(k, idx, "kind", kind);
		else
			bad_object(k, obj, idx, "'apiVersion' and 'kind' must be strings");
		return NULL;
	}
	value *meta = complete_metadata(k, obj, kind->u.str.ptr, idx);
	if (!meta)
		return NULL;
	k->nowned = 0;
	value *out = map_with(k, obj, "metadata", meta);
	out = complete_spec(k, kind->u.str.ptr, out);
	return in_kubernetes_order(k->a, out);
}

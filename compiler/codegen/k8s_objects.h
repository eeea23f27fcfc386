/* k8s_objects.h - completing one Kubernetes object of a component.
 *
 * The Kubernetes backend (kubernetes.c) hands each object a component
 * produces to k8s_complete(), which returns the object as it is written:
 *
 *   - metadata.name and metadata.namespace filled in where they are
 *     null or absent (the namespace only for namespaced kinds);
 *   - the standard app.kubernetes.io labels on the object and on the
 *     pods of a workload (the object's own labels win on a clash);
 *   - for objects of an `app` (a `manifests` field), what the Stack
 *     template cannot know: empty selectors select the component's pods,
 *     a null name that refers to the component's own object (container,
 *     Ingress backend, autoscaler target) is the component's name, and
 *     std/k8s.app's `env` goes into the container's environment;
 *   - keys in Kubernetes order: apiVersion, kind, metadata, spec, then
 *     the others as written.
 *
 * Everything is allocated in k->a, the component's scratch arena. The
 * evaluator's values are never changed in place (they are shared); the
 * copies completion makes of them on the way to a change are, when a
 * later change of the same object goes through them again.
 */
#ifndef STACKC_CODEGEN_K8S_OBJECTS_H
#define STACKC_CODEGEN_K8S_OBJECTS_H

#include "codegen.h"

/* How many copies per object k8s_complete remembers as its own (a
 * Deployment of std/k8s.app needs a dozen); past that it copies again. */
#define K8S_OWNED_MAX 32

/* What the objects of one component are completed with. */
typedef struct k8s_comp {
	cg_ctx *c;
	arena *a; /* scratch: released once the component is rendered */
	const program_component *pc;
	const char *name; /* the component's Kubernetes name */
	const char *ns;   /* default namespace of its namespaced objects */
	int app;          /* objects from a `manifests` field */
	const value *env; /* std/k8s.app's `env` map, or NULL */
	value *labels;    /* the four standard labels */
	value *selector;  /* the two selector labels (name, instance) */
	int failed;       /* an error was reported for this component */
	/* E0701 is reported once per component, at its first secret: the
	 * others usually derive from the same input (an app's config and
	 * the checksum annotation made from it). The count goes in a note. */
	diagnostic *secret_diag;
	unsigned more_secrets;
	/* The maps and lists k8s_complete made for the object it is on:
	 * its own, so changed in place by the next fill through them. */
	const value *owned[K8S_OWNED_MAX];
	unsigned nowned;
} k8s_comp;

/* The completed object number `idx` (0-based, for messages) of the
 * component, or NULL after reporting E0702 (an unknown name) or E0706
 * (not an object: no map, no apiVersion or kind strings, metadata or
 * labels of the wrong shape). */
value *k8s_complete(k8s_comp *k, const value *obj, uint32_t idx);

/* Cluster-scoped kinds get no namespace: the built-in ones and, by the
 * convention CRDs follow, every kind named Cluster* (ClusterIssuer,
 * ClusterSecretStore). */
int k8s_cluster_scoped(const char *kind);

/* Workload kinds whose pods are described by spec.template. */
int k8s_is_workload(const char *kind);

/* A string value with no source location. */
value *k8s_str(arena *a, const char *s);

/* vmap_get for map values; NULL for anything else. */
const value *k8s_get(const value *m, const char *key);

#endif

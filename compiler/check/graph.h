/* graph.h - the dependency graph between components.
 *
 * Nodes are components named by their path ("platform.api"), with a kind
 * label ("helm.release", "tf.module", "stack", ...) and the span of their
 * declaration. An edge from -> to means `from` depends on `to`: `to` must
 * exist (be applied, synced, installed) before `from`. The checker adds a
 * node per component and an edge per reference, depends_on entry, use of
 * an output known only after apply, or custom resource whose CRD another
 * component installs (LANGUAGE.md, "Dependencies are first-class").
 *
 * Lifecycle:
 *
 *   graph *g = graph_new(&arena);         // lives as long as the arena
 *   graph_add_node(...); graph_add_edge(...);
 *   if (graph_check(g, &diags) == 0) {     // E0401 per cycle otherwise
 *           order = graph_topo_order(g, &n);
 *           depth = graph_depth(g, id);
 *   }
 *   graph_write_dot(g, &out); graph_write_json(g, &sources, &out);
 *
 * Adding a node or an edge after graph_check() discards its results; check
 * again before asking for the order or depths.
 *
 * Determinism: node ids are 0, 1, 2, ... in insertion order, edge ids
 * likewise; every result (cycle messages, order, DOT, JSON) depends only
 * on the sequence of calls, never on hashing or addresses.
 *
 * Memory: the graph, its strings and its results belong to the arena given
 * to graph_new() and are freed by arena_release(); there is no graph_free.
 * Every string passed in is copied. Everything is linear or n log n in the
 * number of nodes and edges, and nothing recurses, so graphs of hundreds
 * of thousands of components are fine.
 */
#ifndef STACKC_CHECK_GRAPH_H
#define STACKC_CHECK_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/strbuf.h"
#include "../source/diag.h"
#include "../source/source.h"

typedef enum graph_edge_kind {
	GRAPH_EDGE_REF,        /* a reference in an expression ("ref") */
	GRAPH_EDGE_DEPENDS_ON, /* an explicit depends_on entry ("depends_on") */
	GRAPH_EDGE_OUTPUT,     /* uses an output known only after apply ("output") */
	GRAPH_EDGE_CRD,        /* a custom resource needs its CRD ("crd") */
	GRAPH_EDGE_KIND_COUNT
} graph_edge_kind;

/* Bit of a kind in graph_edge.kinds. */
#define GRAPH_EDGE_BIT(k) (1u << (unsigned)(k))

typedef struct graph graph;

typedef struct graph_node {
	uint32_t id;
	const char *path; /* "platform.api" */
	const char *kind; /* "helm.release" */
	src_span decl;    /* the component's declaration */
} graph_node;

/* One edge per (from, to) pair, however many times it was added. */
typedef struct graph_edge {
	uint32_t from; /* the dependent */
	uint32_t to;   /* its dependency */
	/* The kind first added for this pair: its location and `via` are the
	 * ones diagnostics point at. */
	graph_edge_kind kind;
	unsigned kinds; /* GRAPH_EDGE_BIT(k) of every kind added */
	/* For each kind in `kinds`, where it was first added and what it
	 * referenced (NULL if the caller gave nothing). */
	src_span where[GRAPH_EDGE_KIND_COUNT];
	const char *via[GRAPH_EDGE_KIND_COUNT];
} graph_edge;

graph *graph_new(arena *a);

/* Add a component and return its id. Adding a path that is already there
 * returns the existing id and leaves its kind and declaration as they
 * were (the checker reports duplicate declarations, not the graph). */
uint32_t graph_add_node(graph *g, const char *path, const char *kind, src_span decl);
/* Id of the node with this path, or -1. */
int graph_find(const graph *g, const char *path);
size_t graph_node_count(const graph *g);
/* Borrowed from the graph; stable until the arena is released. */
const graph_node *graph_node_at(const graph *g, uint32_t id);

/* Record that `from` depends on `to` because of `kind` at `where`; `via`
 * (may be NULL) describes the reference for messages, e.g.
 * "database.outputs.address". Adding the same pair again only adds the
 * kind: the first location and via of each kind are kept. from == to is a
 * cycle of length 1. Both ids must exist. */
void graph_add_edge(graph *g, uint32_t from, uint32_t to, graph_edge_kind kind, src_span where,
	const char *via);
size_t graph_edge_count(const graph *g);
/* Edge by id (insertion order of pairs). Borrowed; valid until the next
 * graph_add_edge(). */
const graph_edge *graph_edge_at(const graph *g, uint32_t id);
/* Id of the edge from -> to, or -1. */
int graph_edge_find(const graph *g, uint32_t from, uint32_t to);

/* The lower-case name of a kind: "ref", "depends_on", "output", "crd". */
const char *graph_edge_kind_name(graph_edge_kind kind);

/* Find every cycle and report each strongly connected component that
 * contains one once, as error E0401 "dependency cycle: a -> b -> a" at
 * the first edge of the cycle, with a note at every edge of it ("'a'
 * depends on 'b' here (reference to b.outputs.x)"). The cycle shown is a
 * shortest one through the component's lowest node id, starting there;
 * components are reported in order of their lowest node id. `d` may be
 * NULL to only count. Returns the number of cycles (components) found;
 * on 0, the order and depths below are available. */
int graph_check(graph *g, diag_list *d);

/* Every node once, dependencies before their dependents; among nodes
 * whose dependencies are all placed, the lowest id comes first. Borrowed
 * from the graph. NULL (and *n = 0) unless the last graph_check()
 * returned 0 and nothing was added since. */
const uint32_t *graph_topo_order(graph *g, size_t *n);
/* 0 for a node without dependencies, else 1 + the greatest depth of its
 * dependencies (ArgoCD sync waves are built from it). Only valid after a
 * successful graph_check() (asserted). */
uint32_t graph_depth(const graph *g, uint32_t node);

/* Graphviz DOT, appended to `out`:
 *
 *   digraph stackc {
 *   	node [shape=box];
 *   	"platform.api" [label="platform.api\nhelm.release"];
 *   	"platform.api" -> "platform.db";
 *   	"platform.api" -> "platform.ns" [style=dashed];
 *   	"platform.api" -> "infra.vpc" [label="outputs"];
 *   }
 *
 * Nodes in id order, then edges in id order, pointing from dependent to
 * dependency. depends_on edges are dashed; edges using outputs are
 * labelled "outputs", CRD edges "crd" (both: "outputs, crd"). */
void graph_write_dot(const graph *g, strbuf *out);

/* JSON (two-space indent, keys in this order, then a newline):
 *
 *   {"nodes": [{"id": "platform.api", "kind": "helm.release", "depth": 1,
 *               "file": "app.stack", "line": 3, "column": 1}, ...],
 *    "edges": [{"from": "platform.api", "to": "platform.db", "kind": "ref",
 *               "kinds": ["ref", "output"], "via": "platform.db.host",
 *               "file": "app.stack", "line": 5, "column": 10}, ...],
 *    "order": ["platform.db", "platform.api"]}
 *
 * Nodes and edges in id order. "kind" is the edge's first kind, whose
 * location and via are shown; "kinds" lists all of them. Locations come
 * from `sources` (the compilation's src_map; the graph keeps only spans)
 * and are null without one or for a span without a location; "via" is
 * null when none was given. "depth" and "order" are null unless the last
 * graph_check() succeeded. */
void graph_write_json(const graph *g, const src_map *sources, strbuf *out);

#endif

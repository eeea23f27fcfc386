/* test_graph.c - unit tests for compiler/check/graph.
 *
 * Cycle diagnostics are rendered with the text renderer and compared
 * byte for byte, notes and carets included: the cycle chosen, where it
 * starts and the order of its notes are all part of the contract, since
 * golden tests of the checker will pin them. DOT and JSON are compared
 * exactly for the same reason. The 100k-node cases only have to finish
 * (under ASan too): they catch recursion and quadratic behaviour.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/check/graph.h"
#include "span_find.h"

typedef struct fixture {
	arena arena;
	src_map sources;
	diag_list diags;
	strbuf out;
	graph *g;
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	arena_init(&fx->arena);
	src_map_init(&fx->sources);
	diag_list_init(&fx->diags, &fx->arena, &fx->sources);
	strbuf_init(&fx->out);
	fx->g = graph_new(&fx->arena);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	strbuf_release(&fx->out);
	diag_list_release(&fx->diags);
	/* The graph goes with the arena. */
	arena_release(&fx->arena);
	src_map_release(&fx->sources);
	free(fx);
	return 0;
}

static const src_span NOWHERE = { 0, 0, 0 };

static const src_file *add_file(fixture *fx, const char *name, const char *text)
{
	return src_map_add(&fx->sources, name, text, strlen(text));
}

static uint32_t node(fixture *fx, const char *path)
{
	return graph_add_node(fx->g, path, "helm.release", NOWHERE);
}

/* `from` depends on `to` through a location-less reference. */
static void dep(fixture *fx, uint32_t from, uint32_t to)
{
	graph_add_edge(fx->g, from, to, GRAPH_EDGE_REF, NOWHERE, NULL);
}

static const char *render_diags(fixture *fx)
{
	strbuf_reset(&fx->out);
	diag_render_text(&fx->diags, NULL, &fx->out);
	return fx->out.buf;
}

/* The topological order as "a b c". */
static const char *order_string(fixture *fx)
{
	size_t n;
	const uint32_t *order = graph_topo_order(fx->g, &n);
	assert_non_null(order);
	assert_int_equal(n, graph_node_count(fx->g));
	strbuf_reset(&fx->out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&fx->out, ' ');
		strbuf_adds(&fx->out, graph_node_at(fx->g, order[i])->path);
	}
	return fx->out.buf;
}

/* ---- nodes and edges -------------------------------------------------- */

static void test_nodes(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "app.stack", "api = helm.release {}\n");
	uint32_t api = graph_add_node(fx->g, "platform.api", "helm.release", find(f, "api"));
	uint32_t db = graph_add_node(fx->g, "platform.db", "tf.module", NOWHERE);
	assert_int_equal(api, 0);
	assert_int_equal(db, 1);
	/* Re-adding keeps the first kind and declaration. */
	assert_int_equal(graph_add_node(fx->g, "platform.api", "stack", NOWHERE), 0);
	assert_int_equal(graph_node_count(fx->g), 2);
	assert_int_equal(graph_find(fx->g, "platform.db"), 1);
	assert_int_equal(graph_find(fx->g, "platform"), -1);
	assert_int_equal(graph_find(fx->g, "platform.api.x"), -1);
	const graph_node *n = graph_node_at(fx->g, api);
	assert_string_equal(n->path, "platform.api");
	assert_string_equal(n->kind, "helm.release");
	assert_int_equal(n->decl.file, f->id);
	assert_int_equal(n->decl.start, 0);

	/* The graph copies paths: the caller's buffer may change. */
	char buf[16];
	snprintf(buf, sizeof(buf), "%s", "tmp.x");
	uint32_t tmp = graph_add_node(fx->g, buf, "stack", NOWHERE);
	buf[0] = 'X';
	assert_int_equal(graph_find(fx->g, "tmp.x"), (int)tmp);
	assert_string_equal(graph_node_at(fx->g, tmp)->path, "tmp.x");
}

/* One edge per pair; each kind keeps its first location and via. */
static void test_duplicate_edges(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "app.stack", "a = x(b.host, b.port)\nb = y\n");
	uint32_t a = node(fx, "a"), b = node(fx, "b");
	graph_add_edge(fx->g, a, b, GRAPH_EDGE_REF, find(f, "b.host"), "b.host");
	graph_add_edge(fx->g, a, b, GRAPH_EDGE_REF, find(f, "b.port"), "b.port");
	graph_add_edge(fx->g, a, b, GRAPH_EDGE_OUTPUT, find(f, "b.port"), "b.outputs.port");
	graph_add_edge(fx->g, a, b, GRAPH_EDGE_OUTPUT, find(f, "b.host"), "b.outputs.host");
	graph_add_edge(fx->g, b, a, GRAPH_EDGE_DEPENDS_ON, NOWHERE, NULL);

	assert_int_equal(graph_edge_count(fx->g), 2);
	assert_int_equal(graph_edge_find(fx->g, a, b), 0);
	assert_int_equal(graph_edge_find(fx->g, b, a), 1);
	assert_int_equal(graph_edge_find(fx->g, a, a), -1);
	const graph_edge *e = graph_edge_at(fx->g, 0);
	assert_int_equal(e->from, a);
	assert_int_equal(e->to, b);
	assert_int_equal(e->kind, GRAPH_EDGE_REF);
	assert_int_equal(
		e->kinds, GRAPH_EDGE_BIT(GRAPH_EDGE_REF) | GRAPH_EDGE_BIT(GRAPH_EDGE_OUTPUT));
	assert_int_equal(e->where[GRAPH_EDGE_REF].start, find(f, "b.host").start);
	assert_string_equal(e->via[GRAPH_EDGE_REF], "b.host");
	assert_int_equal(e->where[GRAPH_EDGE_OUTPUT].start, find(f, "b.port").start);
	assert_string_equal(e->via[GRAPH_EDGE_OUTPUT], "b.outputs.port");
	e = graph_edge_at(fx->g, 1);
	assert_int_equal(e->kind, GRAPH_EDGE_DEPENDS_ON);
	assert_null(e->via[GRAPH_EDGE_DEPENDS_ON]);

	assert_string_equal(graph_edge_kind_name(GRAPH_EDGE_REF), "ref");
	assert_string_equal(graph_edge_kind_name(GRAPH_EDGE_DEPENDS_ON), "depends_on");
	assert_string_equal(graph_edge_kind_name(GRAPH_EDGE_OUTPUT), "output");
	assert_string_equal(graph_edge_kind_name(GRAPH_EDGE_CRD), "crd");
}

/* ---- order and depth -------------------------------------------------- */

static void test_empty(void **state)
{
	fixture *fx = *state;
	size_t n = 99;
	assert_null(graph_topo_order(fx->g, &n));
	assert_int_equal(n, 0);
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);
	assert_non_null(graph_topo_order(fx->g, &n));
	assert_int_equal(n, 0);
	graph_write_dot(fx->g, &fx->out);
	assert_string_equal(fx->out.buf, "digraph stackc {\n\tnode [shape=box];\n}\n");
	strbuf_reset(&fx->out);
	graph_write_json(fx->g, NULL, &fx->out);
	assert_string_equal(
		fx->out.buf, "{\n  \"nodes\": [],\n  \"edges\": [],\n  \"order\": []\n}\n");
}

/* a -> {b, c} -> d: d first, then b and c by id, then a. */
static void test_diamond(void **state)
{
	fixture *fx = *state;
	uint32_t a = node(fx, "a"), b = node(fx, "b"), c = node(fx, "c"), d = node(fx, "d");
	dep(fx, a, c);
	dep(fx, a, b);
	dep(fx, c, d);
	dep(fx, b, d);
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);
	assert_int_equal(fx->diags.len, 0);
	assert_string_equal(order_string(fx), "d b c a");
	assert_int_equal(graph_depth(fx->g, d), 0);
	assert_int_equal(graph_depth(fx->g, b), 1);
	assert_int_equal(graph_depth(fx->g, c), 1);
	assert_int_equal(graph_depth(fx->g, a), 2);
}

static void test_chain(void **state)
{
	fixture *fx = *state;
	uint32_t n[5];
	char name[8];
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		n[i] = node(fx, name);
	}
	for (int i = 0; i < 4; i++)
		dep(fx, n[i], n[i + 1]);
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);
	assert_string_equal(order_string(fx), "n4 n3 n2 n1 n0");
	for (int i = 0; i < 5; i++)
		assert_int_equal(graph_depth(fx->g, n[i]), 4 - i);
}

/* Among ready nodes the lowest id goes first, whatever the edge order. */
static void test_order_ties(void **state)
{
	fixture *fx = *state;
	uint32_t x = node(fx, "x"), y = node(fx, "y"), z = node(fx, "z");
	uint32_t w = node(fx, "w"), v = node(fx, "v");
	(void)y;
	dep(fx, x, z); /* x waits for z */
	dep(fx, v, w); /* v waits for w */
	dep(fx, w, z); /* w waits for z */
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);
	/* Ready at first: y (1), z (2). After z: x (0) and w (3). */
	assert_string_equal(order_string(fx), "y z x w v");
	assert_int_equal(graph_depth(fx->g, v), 2);
}

/* Depth is the longest path, not the shortest. */
static void test_depth_longest_path(void **state)
{
	fixture *fx = *state;
	uint32_t a = node(fx, "a"), b = node(fx, "b"), c = node(fx, "c"), d = node(fx, "d");
	uint32_t lone = node(fx, "lone");
	dep(fx, a, d);
	dep(fx, a, b);
	dep(fx, b, c);
	dep(fx, c, d);
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);
	assert_int_equal(graph_depth(fx->g, d), 0);
	assert_int_equal(graph_depth(fx->g, c), 1);
	assert_int_equal(graph_depth(fx->g, b), 2);
	assert_int_equal(graph_depth(fx->g, a), 3);
	assert_int_equal(graph_depth(fx->g, lone), 0);
	assert_string_equal(order_string(fx), "d c b a lone");
}

/* Any addition discards the previous check's results. */
static void test_recheck(void **state)
{
	fixture *fx = *state;
	size_t n;
	uint32_t a = node(fx, "a"), b = node(fx, "b");
	dep(fx, a, b);
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);
	assert_non_null(graph_topo_order(fx->g, &n));

	/* Re-adding a known kind of a known pair changes nothing. */
	dep(fx, a, b);
	assert_non_null(graph_topo_order(fx->g, &n));
	graph_add_edge(fx->g, a, b, GRAPH_EDGE_DEPENDS_ON, NOWHERE, NULL);
	assert_null(graph_topo_order(fx->g, &n));
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);

	dep(fx, b, a);
	assert_null(graph_topo_order(fx->g, &n));
	assert_int_equal(graph_check(fx->g, NULL), 1);
	assert_null(graph_topo_order(fx->g, &n));
	assert_int_equal(n, 0);

	uint32_t c = node(fx, "c");
	(void)c;
	assert_null(graph_topo_order(fx->g, &n));
	assert_int_equal(graph_check(fx->g, &fx->diags), 1);
	assert_int_equal(fx->diags.errors, 1);
}

/* ---- cycles ------------------------------------------------------------ */

static const char APP_STACK[] = "api = helm.release {\n"
				"  url = db.outputs.address\n"
				"  depends_on = [cache]\n"
				"}\n"
				"db = tf.module {\n"
				"  owner = api.name\n"
				"}\n"
				"cache = helm.release {\n"
				"  ca = api.outputs.ca\n"
				"}\n";

static void test_self_cycle(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "app.stack", APP_STACK);
	uint32_t api = graph_add_node(fx->g, "api", "helm.release", find(f, "api"));
	uint32_t db = graph_add_node(fx->g, "db", "tf.module", find(f, "db ="));
	graph_add_edge(fx->g, api, db, GRAPH_EDGE_REF, find(f, "db.outputs"), "db.outputs");
	graph_add_edge(fx->g, db, db, GRAPH_EDGE_REF, find(f, "api.name"), "db.name");
	assert_int_equal(graph_check(fx->g, &fx->diags), 1);
	assert_int_equal(fx->diags.errors, 1);
	assert_string_equal(render_diags(fx),
		"app.stack:6:11: error[E0401]: dependency cycle: db -> db\n"
		"   6 |   owner = api.name\n"
		"     |           ^~~~~~~~\n"
		"app.stack:6:11: note: 'db' depends on 'db' here (reference to db.name)\n"
		"   6 |   owner = api.name\n"
		"     |           ^~~~~~~~\n");
	size_t n;
	assert_null(graph_topo_order(fx->g, &n));
}

/* The error points at the first edge; one note per edge, in cycle order,
 * each at its own location. The chord api -> cache is not part of the
 * shortest cycle through api and is not shown. */
static void test_cycle_notes(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "app.stack", APP_STACK);
	uint32_t api = graph_add_node(fx->g, "api", "helm.release", find(f, "api"));
	uint32_t db = graph_add_node(fx->g, "db", "tf.module", find(f, "db ="));
	uint32_t cache = graph_add_node(fx->g, "cache", "helm.release", find(f, "cache ="));
	graph_add_edge(fx->g, api, cache, GRAPH_EDGE_DEPENDS_ON, find(f, "cache"), NULL);
	graph_add_edge(fx->g, api, db, GRAPH_EDGE_REF, find(f, "db.outputs.address"),
		"db.outputs.address");
	graph_add_edge(fx->g, db, api, GRAPH_EDGE_REF, find(f, "api.name"), "api.name");
	graph_add_edge(
		fx->g, cache, api, GRAPH_EDGE_OUTPUT, find(f, "api.outputs.ca"), "api.outputs.ca");
	/* One component, so one error. */
	assert_int_equal(graph_check(fx->g, &fx->diags), 1);
	assert_int_equal(fx->diags.errors, 1);
	assert_string_equal(render_diags(fx),
		"app.stack:2:9: error[E0401]: dependency cycle: api -> db -> api\n"
		"   2 |   url = db.outputs.address\n"
		"     |         ^~~~~~~~~~~~~~~~~~\n"
		"app.stack:2:9: note: 'api' depends on 'db' here (reference to db.outputs.address)\n"
		"   2 |   url = db.outputs.address\n"
		"     |         ^~~~~~~~~~~~~~~~~~\n"
		"app.stack:6:11: note: 'db' depends on 'api' here (reference to api.name)\n"
		"   6 |   owner = api.name\n"
		"     |           ^~~~~~~~\n");
}

/* How each kind of edge is explained. */
static void test_cycle_reasons(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "app.stack", APP_STACK);
	uint32_t api = graph_add_node(fx->g, "api", "helm.release", find(f, "api"));
	uint32_t db = graph_add_node(fx->g, "db", "tf.module", find(f, "db ="));
	uint32_t cache = graph_add_node(fx->g, "cache", "helm.release", find(f, "cache ="));
	uint32_t crd = graph_add_node(fx->g, "crds", "helm.release", NOWHERE);
	(void)db;
	graph_add_edge(fx->g, api, cache, GRAPH_EDGE_DEPENDS_ON, find(f, "cache"), NULL);
	/* The output edge is added first, so it is the one explained. */
	graph_add_edge(
		fx->g, cache, crd, GRAPH_EDGE_OUTPUT, find(f, "api.outputs.ca"), "crds.outputs.ca");
	graph_add_edge(fx->g, cache, crd, GRAPH_EDGE_REF, find(f, "api.name"), "crds.ca");
	graph_add_edge(fx->g, crd, api, GRAPH_EDGE_CRD, NOWHERE, "issuers.cert-manager.io");
	assert_int_equal(graph_check(fx->g, &fx->diags), 1);
	assert_string_equal(render_diags(fx),
		"app.stack:3:17: error[E0401]: dependency cycle: api -> cache -> crds -> api\n"
		"   3 |   depends_on = [cache]\n"
		"     |                 ^~~~~\n"
		"app.stack:3:17: note: 'api' depends on 'cache' here (depends_on)\n"
		"   3 |   depends_on = [cache]\n"
		"     |                 ^~~~~\n"
		"app.stack:9:8: note: 'cache' depends on 'crds' here (uses output crds.outputs.ca, "
		"known only after apply)\n"
		"   9 |   ca = api.outputs.ca\n"
		"     |        ^~~~~~~~~~~~~~\n"
		"   = note: 'crds' depends on 'api' here (custom resource needs the CRD "
		"issuers.cert-manager.io)\n");
}

/* Location-less edges and the starting point: the cycle starts at the
 * lowest id of the component and prefers the lowest-id successor. */
static void test_cycle_start_and_successor(void **state)
{
	fixture *fx = *state;
	uint32_t n0 = node(fx, "n0"), n1 = node(fx, "n1"), n2 = node(fx, "n2");
	uint32_t n3 = node(fx, "n3");
	dep(fx, n3, n0);
	dep(fx, n2, n3);
	dep(fx, n0, n2);
	dep(fx, n0, n1);
	dep(fx, n1, n2);
	dep(fx, n1, n3);
	/* Shortest cycles through n0: n0 -> n1 -> n3 -> n0 and n0 -> n2 ->
	 * n3 -> n0; the first goes through the lower id. */
	assert_int_equal(graph_check(fx->g, &fx->diags), 1);
	assert_string_equal(render_diags(fx),
		"stackc: error[E0401]: dependency cycle: n0 -> n1 -> n3 -> n0\n"
		"   = note: 'n0' depends on 'n1' here (reference)\n"
		"   = note: 'n1' depends on 'n3' here (reference)\n"
		"   = note: 'n3' depends on 'n0' here (reference)\n");
}

/* The shortest cycle through the lowest id is reported, even when the
 * lowest-id successor leads into a longer one. */
static void test_cycle_shortest(void **state)
{
	fixture *fx = *state;
	uint32_t s = node(fx, "s"), a = node(fx, "a"), b = node(fx, "b");
	dep(fx, s, a);
	dep(fx, s, b);
	dep(fx, a, b);
	dep(fx, b, s);
	dep(fx, b, a);
	assert_int_equal(graph_check(fx->g, &fx->diags), 1);
	assert_string_equal(fx->diags.items[0]->message, "dependency cycle: s -> b -> s");
	assert_int_equal(fx->diags.items[0]->note_count, 2);
}

/* A greedy walk from s would circle a -> a forever; the self edge on a
 * is inside the same component and reported with it, once. */
static void test_cycle_inner_self_edge(void **state)
{
	fixture *fx = *state;
	uint32_t s = node(fx, "s"), a = node(fx, "a");
	dep(fx, s, a);
	dep(fx, a, a);
	dep(fx, a, s);
	assert_int_equal(graph_check(fx->g, &fx->diags), 1);
	assert_int_equal(fx->diags.len, 1);
	assert_string_equal(fx->diags.items[0]->message, "dependency cycle: s -> a -> s");
}

/* Two components, reported in order of their lowest id (Tarjan finishes
 * {d, e} first here); nodes outside them are not mentioned. */
static void test_two_cycles(void **state)
{
	fixture *fx = *state;
	uint32_t a = node(fx, "a"), b = node(fx, "b"), c = node(fx, "c");
	uint32_t d = node(fx, "d"), e = node(fx, "e");
	dep(fx, a, d);
	dep(fx, e, d);
	dep(fx, d, e);
	dep(fx, c, a);
	dep(fx, a, b);
	dep(fx, b, a);
	assert_int_equal(graph_check(fx->g, &fx->diags), 2);
	assert_int_equal(fx->diags.errors, 2);
	assert_string_equal(fx->diags.items[0]->message, "dependency cycle: a -> b -> a");
	assert_string_equal(fx->diags.items[1]->message, "dependency cycle: d -> e -> d");
	assert_string_equal(
		fx->diags.items[1]->notes[0].message, "'d' depends on 'e' here (reference)");
	/* Counting without a diagnostic list. */
	assert_int_equal(graph_check(fx->g, NULL), 2);
	assert_int_equal(fx->diags.errors, 2);
}

/* ---- DOT and JSON ------------------------------------------------------ */

static const char GRAPH_STACK[] = "db = tf.module {}\n"
				  "ns = k8s.namespace {}\n"
				  "api = helm.release {\n"
				  "  host = db.outputs.host\n"
				  "  depends_on = [ns]\n"
				  "}\n"
				  "certs = helm.release {}\n"
				  "issuer = k8s.manifest {}\n";

static void build_sample(fixture *fx)
{
	const src_file *f = add_file(fx, "app.stack", GRAPH_STACK);
	graph *g = fx->g;
	uint32_t db = graph_add_node(g, "db", "tf.module", find(f, "db"));
	uint32_t ns = graph_add_node(g, "ns", "k8s.namespace", find(f, "ns"));
	uint32_t api = graph_add_node(g, "api", "helm.release", find(f, "api"));
	uint32_t certs = graph_add_node(g, "certs", "helm.release", find(f, "certs"));
	uint32_t issuer = graph_add_node(g, "issuer", "k8s.manifest", find(f, "issuer"));
	src_span host = find(f, "db.outputs.host");
	graph_add_edge(g, api, db, GRAPH_EDGE_REF, host, "db.outputs.host");
	graph_add_edge(g, api, db, GRAPH_EDGE_OUTPUT, host, "db.outputs.host");
	graph_add_edge(g, api, ns, GRAPH_EDGE_DEPENDS_ON, find_nth(f, "ns", 1), NULL);
	graph_add_edge(g, issuer, certs, GRAPH_EDGE_CRD, NOWHERE, "clusterissuers.cert-manager.io");
	graph_add_edge(g, certs, ns, GRAPH_EDGE_DEPENDS_ON, NOWHERE, NULL);
	graph_add_edge(g, certs, ns, GRAPH_EDGE_OUTPUT, NOWHERE, "ns.outputs.uid");
	graph_add_edge(g, api, certs, GRAPH_EDGE_CRD, NOWHERE, NULL);
	graph_add_edge(g, api, certs, GRAPH_EDGE_OUTPUT, NOWHERE, "certs.outputs.ca");
}

static void test_dot(void **state)
{
	fixture *fx = *state;
	build_sample(fx);
	/* DOT needs no check: it shows the graph as built. */
	graph_write_dot(fx->g, &fx->out);
	assert_string_equal(fx->out.buf,
		"digraph stackc {\n"
		"\tnode [shape=box];\n"
		"\t\"db\" [label=\"db\\ntf.module\"];\n"
		"\t\"ns\" [label=\"ns\\nk8s.namespace\"];\n"
		"\t\"api\" [label=\"api\\nhelm.release\"];\n"
		"\t\"certs\" [label=\"certs\\nhelm.release\"];\n"
		"\t\"issuer\" [label=\"issuer\\nk8s.manifest\"];\n"
		"\t\"api\" -> \"db\" [label=\"outputs\"];\n"
		"\t\"api\" -> \"ns\" [style=dashed];\n"
		"\t\"issuer\" -> \"certs\" [label=\"crd\"];\n"
		"\t\"certs\" -> \"ns\" [style=dashed, label=\"outputs\"];\n"
		"\t\"api\" -> \"certs\" [label=\"outputs, crd\"];\n"
		"}\n");
}

static void test_dot_quoting(void **state)
{
	fixture *fx = *state;
	uint32_t a = graph_add_node(fx->g, "a\"b", "k\\n", NOWHERE);
	uint32_t b = graph_add_node(fx->g, "c", "multi\nline", NOWHERE);
	dep(fx, a, b);
	graph_write_dot(fx->g, &fx->out);
	assert_string_equal(fx->out.buf,
		"digraph stackc {\n"
		"\tnode [shape=box];\n"
		"\t\"a\\\"b\" [label=\"a\\\"b\\nk\\\\n\"];\n"
		"\t\"c\" [label=\"c\\nmulti\\nline\"];\n"
		"\t\"a\\\"b\" -> \"c\";\n"
		"}\n");
}

static void test_json(void **state)
{
	fixture *fx = *state;
	build_sample(fx);
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);
	assert_string_equal(order_string(fx), "db ns certs api issuer");
	strbuf_reset(&fx->out);
	graph_write_json(fx->g, &fx->sources, &fx->out);
	assert_string_equal(fx->out.buf,
		"{\n"
		"  \"nodes\": [\n"
		"    {\n"
		"      \"id\": \"db\",\n"
		"      \"kind\": \"tf.module\",\n"
		"      \"depth\": 0,\n"
		"      \"file\": \"app.stack\",\n"
		"      \"line\": 1,\n"
		"      \"column\": 1\n"
		"    },\n"
		"    {\n"
		"      \"id\": \"ns\",\n"
		"      \"kind\": \"k8s.namespace\",\n"
		"      \"depth\": 0,\n"
		"      \"file\": \"app.stack\",\n"
		"      \"line\": 2,\n"
		"      \"column\": 1\n"
		"    },\n"
		"    {\n"
		"      \"id\": \"api\",\n"
		"      \"kind\": \"helm.release\",\n"
		"      \"depth\": 2,\n"
		"      \"file\": \"app.stack\",\n"
		"      \"line\": 3,\n"
		"      \"column\": 1\n"
		"    },\n"
		"    {\n"
		"      \"id\": \"certs\",\n"
		"      \"kind\": \"helm.release\",\n"
		"      \"depth\": 1,\n"
		"      \"file\": \"app.stack\",\n"
		"      \"line\": 7,\n"
		"      \"column\": 1\n"
		"    },\n"
		"    {\n"
		"      \"id\": \"issuer\",\n"
		"      \"kind\": \"k8s.manifest\",\n"
		"      \"depth\": 2,\n"
		"      \"file\": \"app.stack\",\n"
		"      \"line\": 8,\n"
		"      \"column\": 1\n"
		"    }\n"
		"  ],\n"
		"  \"edges\": [\n"
		"    {\n"
		"      \"from\": \"api\",\n"
		"      \"to\": \"db\",\n"
		"      \"kind\": \"ref\",\n"
		"      \"kinds\": [\n"
		"        \"ref\",\n"
		"        \"output\"\n"
		"      ],\n"
		"      \"via\": \"db.outputs.host\",\n"
		"      \"file\": \"app.stack\",\n"
		"      \"line\": 4,\n"
		"      \"column\": 10\n"
		"    },\n"
		"    {\n"
		"      \"from\": \"api\",\n"
		"      \"to\": \"ns\",\n"
		"      \"kind\": \"depends_on\",\n"
		"      \"kinds\": [\n"
		"        \"depends_on\"\n"
		"      ],\n"
		"      \"via\": null,\n"
		"      \"file\": \"app.stack\",\n"
		"      \"line\": 5,\n"
		"      \"column\": 17\n"
		"    },\n"
		"    {\n"
		"      \"from\": \"issuer\",\n"
		"      \"to\": \"certs\",\n"
		"      \"kind\": \"crd\",\n"
		"      \"kinds\": [\n"
		"        \"crd\"\n"
		"      ],\n"
		"      \"via\": \"clusterissuers.cert-manager.io\",\n"
		"      \"file\": null,\n"
		"      \"line\": null,\n"
		"      \"column\": null\n"
		"    },\n"
		"    {\n"
		"      \"from\": \"certs\",\n"
		"      \"to\": \"ns\",\n"
		"      \"kind\": \"depends_on\",\n"
		"      \"kinds\": [\n"
		"        \"depends_on\",\n"
		"        \"output\"\n"
		"      ],\n"
		"      \"via\": null,\n"
		"      \"file\": null,\n"
		"      \"line\": null,\n"
		"      \"column\": null\n"
		"    },\n"
		"    {\n"
		"      \"from\": \"api\",\n"
		"      \"to\": \"certs\",\n"
		"      \"kind\": \"crd\",\n"
		"      \"kinds\": [\n"
		"        \"output\",\n"
		"        \"crd\"\n"
		"      ],\n"
		"      \"via\": null,\n"
		"      \"file\": null,\n"
		"      \"line\": null,\n"
		"      \"column\": null\n"
		"    }\n"
		"  ],\n"
		"  \"order\": [\n"
		"    \"db\",\n"
		"    \"ns\",\n"
		"    \"certs\",\n"
		"    \"api\",\n"
		"    \"issuer\"\n"
		"  ]\n"
		"}\n");
}

/* Before a successful check, and without a source map: nulls. */
static void test_json_unchecked(void **state)
{
	fixture *fx = *state;
	const src_file *f = add_file(fx, "app.stack", "a = b\n");
	uint32_t a = graph_add_node(fx->g, "a", "stack", find(f, "a"));
	dep(fx, a, a);
	assert_int_equal(graph_check(fx->g, &fx->diags), 1);
	graph_write_json(fx->g, NULL, &fx->out);
	assert_string_equal(fx->out.buf,
		"{\n"
		"  \"nodes\": [\n"
		"    {\n"
		"      \"id\": \"a\",\n"
		"      \"kind\": \"stack\",\n"
		"      \"depth\": null,\n"
		"      \"file\": null,\n"
		"      \"line\": null,\n"
		"      \"column\": null\n"
		"    }\n"
		"  ],\n"
		"  \"edges\": [\n"
		"    {\n"
		"      \"from\": \"a\",\n"
		"      \"to\": \"a\",\n"
		"      \"kind\": \"ref\",\n"
		"      \"kinds\": [\n"
		"        \"ref\"\n"
		"      ],\n"
		"      \"via\": null,\n"
		"      \"file\": null,\n"
		"      \"line\": null,\n"
		"      \"column\": null\n"
		"    }\n"
		"  ],\n"
		"  \"order\": null\n"
		"}\n");
}

/* Invalid UTF-8 from a caller becomes U+FFFD instead of a missing key. */
static void test_json_invalid_utf8(void **state)
{
	fixture *fx = *state;
	graph_add_node(fx->g, "a\xFF", "k", NOWHERE);
	graph_write_json(fx->g, NULL, &fx->out);
	assert_non_null(strstr(fx->out.buf, "\"id\": \"a\xEF\xBF\xBD\""));
}

/* ---- scale ------------------------------------------------------------- */

#define BIG 100000u

static void add_big_nodes(fixture *fx)
{
	char name[32];
	for (uint32_t i = 0; i < BIG; i++) {
		snprintf(name, sizeof(name), "c%u", (unsigned)i);
		assert_int_equal(graph_add_node(fx->g, name, "helm.release", NOWHERE), i);
	}
}

/* Each node depends on the next: a depth-first search from node 0 goes
 * 100k levels deep, which a recursive implementation would not survive. */
static void test_big_chain_deep(void **state)
{
	fixture *fx = *state;
	add_big_nodes(fx);
	for (uint32_t i = 0; i + 1 < BIG; i++)
		dep(fx, i, i + 1);
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);
	size_t n;
	const uint32_t *order = graph_topo_order(fx->g, &n);
	assert_int_equal(n, BIG);
	assert_int_equal(order[0], BIG - 1);
	assert_int_equal(order[BIG - 1], 0);
	assert_int_equal(graph_depth(fx->g, 0), BIG - 1);
	graph_write_dot(fx->g, &fx->out);
	strbuf_reset(&fx->out);
	graph_write_json(fx->g, &fx->sources, &fx->out);
	assert_true(fx->out.len > 0);
}

/* Each node depends on the previous, plus a hub depending on everything
 * (one node with 100k edges, added twice to exercise deduplication). */
static void test_big_chain_and_hub(void **state)
{
	fixture *fx = *state;
	add_big_nodes(fx);
	uint32_t hub = graph_add_node(fx->g, "hub", "stack", NOWHERE);
	for (uint32_t i = 1; i < BIG; i++)
		dep(fx, i, i - 1);
	for (int round = 0; round < 2; round++)
		for (uint32_t i = 0; i < BIG; i++)
			graph_add_edge(fx->g, hub, i, GRAPH_EDGE_DEPENDS_ON, NOWHERE, NULL);
	assert_int_equal(graph_edge_count(fx->g), 2 * BIG - 1);
	assert_int_equal(graph_check(fx->g, &fx->diags), 0);
	size_t n;
	const uint32_t *order = graph_topo_order(fx->g, &n);
	assert_int_equal(n, BIG + 1);
	for (uint32_t i = 0; i < BIG; i++)
		assert_int_equal(order[i], i);
	assert_int_equal(order[BIG], hub);
	assert_int_equal(graph_depth(fx->g, BIG - 1), BIG - 1);
	assert_int_equal(graph_depth(fx->g, hub), BIG);
}

/* One ring of 100k nodes: one error with 100k notes. */
static void test_big_cycle(void **state)
{
	fixture *fx = *state;
	add_big_nodes(fx);
	for (uint32_t i = 0; i < BIG; i++)
		dep(fx, i, (i + 1) % BIG);
	assert_int_equal(graph_check(fx->g, &fx->diags), 1);
	assert_int_equal(fx->diags.errors, 1);
	assert_int_equal(fx->diags.items[0]->note_count, BIG);
	assert_string_equal(fx->diags.items[0]->notes[BIG - 1].message,
		"'c99999' depends on 'c0' here (reference)");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_nodes),
		T(test_duplicate_edges),
		T(test_empty),
		T(test_diamond),
		T(test_chain),
		T(test_order_ties),
		T(test_depth_longest_path),
		T(test_recheck),
		T(test_self_cycle),
		T(test_cycle_notes),
		T(test_cycle_reasons),
		T(test_cycle_start_and_successor),
		T(test_cycle_shortest),
		T(test_cycle_inner_self_edge),
		T(test_two_cycles),
		T(test_dot),
		T(test_dot_quoting),
		T(test_json),
		T(test_json_unchecked),
		T(test_json_invalid_utf8),
		T(test_big_chain_deep),
		T(test_big_chain_and_hub),
		T(test_big_cycle),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

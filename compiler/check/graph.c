/* graph.c - the dependency graph: cycles, order, depths, DOT and JSON.
 *
 * The checker fills the graph while resolving references; graph_check()
 * then rejects cycles (E0401) and computes the apply order and depths
 * that codegen (ArgoCD sync waves), the plan and `stackc graph` consume.
 *
 * Representation: nodes are arena objects (stable pointers, so the path
 * map can point at them); edges live in one heap array in insertion
 * order, deduplicated on (from, to) through a small open-addressing table
 * of edge ids. Adjacency is not kept while the graph is built: the check
 * sorts the edges once into compressed rows (CSR), which is both faster
 * and simpler than per-node lists that would need their own growth.
 *
 * Nothing here recurses: components can number in the hundreds of
 * thousands (generated stacks, fan-out over clusters) and a chain that
 * long would overflow the C stack of a recursive DFS. Tarjan's algorithm
 * runs with an explicit stack, Kahn's with a binary heap.
 */
#include "graph.h"

#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/map.h"
#include "../base/xalloc.h"

/* Marks "no node / no edge / not visited" in the uint32_t arrays below.
 * Ids never reach it: graph_add_node() and graph_add_edge() assert so. */
#define GRAPH_NONE UINT32_MAX

/* Result of the last graph_check(); any addition resets it. */
typedef enum graph_state {
	GRAPH_UNCHECKED,
	GRAPH_ACYCLIC,
	GRAPH_CYCLIC,
} graph_state;

struct graph {
	arena *arena;
	map by_path;        /* path -> graph_node * (keys are the nodes' paths) */
	graph_node **nodes; /* by id; heap */
	size_t node_len, node_cap;
	/* Edges by id, in blocks of EDGE_BLOCK from the arena: a growing
	 * array was copied at each doubling, and its fresh heap pages were
	 * a tenth of checking a platform of a thousand services. */
	graph_edge **edge_blocks; /* heap */
	size_t edge_len, edge_nblocks;
	/* Open addressing over edge ids, keyed by (from, to); GRAPH_NONE
	 * marks an empty slot. Never more than half full. */
	/* Open addressing on (from, to), which each slot holds beside the
	 * edge's position: a probe reads only the table, not the edge
	 * (a cache miss per edge on a platform of thousands). */
	struct edge_slot {
		uint32_t from, to, edge; /* edge GRAPH_NONE: free */
	} * edge_index;                  /* in the arena while small (EDGE_INDEX_ARENA_MAX) */
	size_t edge_index_cap;           /* a power of two, or 0 */
	graph_state state;
	uint32_t *order; /* GRAPH_ACYCLIC only: topological order; heap */
	uint32_t *depth; /* GRAPH_ACYCLIC only: depth by node id; heap */
};

#define EDGE_BLOCK 256u

static graph_edge *edge_at(const graph *g, uint32_t id)
{
	return &g->edge_blocks[id / EDGE_BLOCK][id % EDGE_BLOCK];
}

/* Up to EDGE_INDEX_ARENA_MAX bytes the index is in the graph's arena
 * (the old ones stay there until it goes): new heap memory at each
 * doubling was fresh pages, which cost more than the index itself on a
 * platform of thousands of edges. A bigger one is on the heap, so that
 * the arena does not keep megabytes of old ones. */
#define EDGE_INDEX_ARENA_MAX (256u << 10)

static int edge_index_in_arena(size_t cap)
{
	return cap * sizeof(struct edge_slot) <= EDGE_INDEX_ARENA_MAX;
}

/* The heap arrays follow the arena's lifetime, so callers never free a
 * graph; only the path map and these arrays need a cleanup. */
static void graph_release(void *data)
{
	graph *g = data;
	map_release(&g->by_path);
	free(g->nodes);
	free(g->edge_blocks);
	if (!edge_index_in_arena(g->edge_index_cap))
		free(g->edge_index);
	free(g->order);
	free(g->depth);
}

graph *graph_new(arena *a)
{
	graph *g = ARENA_NEW(a, graph);
	g->arena = a;
	map_init_in(&g->by_path, a);
	g->state = GRAPH_UNCHECKED;
	arena_on_release(a, graph_release, g);
	return g;
}

/* Any change to nodes or edges makes the previous check meaningless. */
static void graph_invalidate(graph *g)
{
	g->state = GRAPH_UNCHECKED;
	free(g->order);
	free(g->depth);
	g->order = NULL;
	g->depth = NULL;
}

/* ---- nodes ------------------------------------------------------------ */

uint32_t graph_add_node(graph *g, const char *path, const char *kind, src_span decl)
{
	size_t len = strlen(path);
	graph_node *n = map_get(&g->by_path, path, len, NULL);
	if (n)
		return n->id;

	assert(g->node_len < GRAPH_NONE && g->node_len <= (size_t)INT32_MAX);
	graph_invalidate(g);
	n = ARENA_NEW(g->arena, graph_node);
	n->id = (uint32_t)g->node_len;
	n->path = arena_strndup(g->arena, path, len);
	n->kind = arena_strdup(g->arena, kind ? kind : "");
	n->decl = decl;
	if (g->node_len == g->node_cap) {
		g->node_cap = g->node_cap ? g->node_cap * 2 : 64;
		g->nodes = xreallocarray(g->nodes, g->node_cap, sizeof(*g->nodes));
	}
	g->nodes[g->node_len++] = n;
	map_put(&g->by_path, n->path, len, n);
	return n->id;
}

int graph_find(const graph *g, const char *path)
{
	const graph_node *n = map_get(&g->by_path, path, strlen(path), NULL);
	return n ? (int)n->id : -1;
}

size_t graph_node_count(const graph *g)
{
	return g->node_len;
}

const graph_node *graph_node_at(const graph *g, uint32_t id)
{
	assert(id < g->node_len);
	return g->nodes[id];
}

/* ---- edges ------------------------------------------------------------ */

/* splitmix64's finaliser: consecutive ids (the common case: a component
 * depends on the ones declared just before it) must not land in
 * consecutive slots, or linear probing degrades into long runs. */
static size_t graph_pair_hash(uint32_t from, uint32_t to)
{
	uint64_t h = ((uint64_t)from << 32) | to;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return (size_t)h;
}

/* Slot holding the edge from -> to, or the empty slot where it would go. */
static size_t graph_edge_slot(const graph *g, uint32_t from, uint32_t to)
{
	size_t mask = g->edge_index_cap - 1;
	size_t i = graph_pair_hash(from, to) & mask;
	for (;;) {
		const struct edge_slot *sl = &g->edge_index[i];
		if (sl->edge == GRAPH_NONE || (sl->from == from && sl->to == to))
			return i;
		i = (i + 1) & mask;
	}
}

static void graph_edge_index_grow(graph *g)
{
	if (!edge_index_in_arena(g->edge_index_cap))
		free(g->edge_index);
	g->edge_index_cap = g->edge_index_cap ? g->edge_index_cap * 2 : 128;
	g->edge_index = edge_index_in_arena(g->edge_index_cap) ?
		arena_alloc_array(g->arena, g->edge_index_cap, sizeof(*g->edge_index)) :
		xreallocarray(NULL, g->edge_index_cap, sizeof(*g->edge_index));
	for (size_t i = 0; i < g->edge_index_cap; i++)
		g->edge_index[i].edge = GRAPH_NONE;
	for (size_t e = 0; e < g->edge_len; e++) {
		const graph_edge *ed = edge_at(g, e);
		struct edge_slot *sl = &g->edge_index[graph_edge_slot(g, ed->from, ed->to)];
		sl->from = ed->from;
		sl->to = ed->to;
		sl->edge = (uint32_t)e;
	}
}

void graph_add_edge(
	graph *g, uint32_t from, uint32_t to, graph_edge_kind kind, src_span where, const char *via)
{
	assert(from < g->node_len && to < g->node_len);
	assert((unsigned)kind < GRAPH_EDGE_KIND_COUNT);

	/* Grow before probing, so the slot found stays valid for the insert
	 * and the table is at most half full (short probe sequences). */
	if ((g->edge_len + 1) * 2 > g->edge_index_cap)
		graph_edge_index_grow(g);
	size_t slot = graph_edge_slot(g, from, to);
	graph_edge *e;
	if (g->edge_index[slot].edge != GRAPH_NONE) {
		e = edge_at(g, g->edge_index[slot].edge);
		/* The first location of each kind is the one worth showing:
		 * it is the earliest in the file, where the user reads first. */
		if (e->kinds & GRAPH_EDGE_BIT(kind))
			return;
	} else {
		assert(g->edge_len < GRAPH_NONE && g->edge_len <= (size_t)INT32_MAX);
		if (g->edge_len == g->edge_nblocks * EDGE_BLOCK) {
			g->edge_blocks = xreallocarray(
				g->edge_blocks, g->edge_nblocks + 1, sizeof(*g->edge_blocks));
			g->edge_blocks[g->edge_nblocks++] =
				arena_alloc_array(g->arena, EDGE_BLOCK, sizeof(graph_edge));
		}
		g->edge_index[slot].from = from;
		g->edge_index[slot].to = to;
		g->edge_index[slot].edge = (uint32_t)g->edge_len;
		e = edge_at(g, (uint32_t)g->edge_len++);
		memset(e, 0, sizeof(*e));
		e->from = from;
		e->to = to;
		e->kind = kind;
	}
	graph_invalidate(g);
	e->kinds |= GRAPH_EDGE_BIT(kind);
	e->where[kind] = where;
	e->via[kind] = via ? arena_strdup(g->arena, via) : NULL;
}

size_t graph_edge_count(const graph *g)
{
	return g->edge_len;
}

const graph_edge *graph_edge_at(const graph *g, uint32_t id)
{
	assert(id < g->edge_len);
	return edge_at(g, id);
}

int graph_edge_find(const graph *g, uint32_t from, uint32_t to)
{
	if (!g->edge_index_cap)
		return -1;
	uint32_t e = g->edge_index[graph_edge_slot(g, from, to)].edge;
	return e == GRAPH_NONE ? -1 : (int)e;
}

const char *graph_edge_kind_name(graph_edge_kind kind)
{
	switch (kind) {
	case GRAPH_EDGE_REF:
		return "ref";
	case GRAPH_EDGE_DEPENDS_ON:
		return "depends_on";
	case GRAPH_EDGE_OUTPUT:
		return "output";
	case GRAPH_EDGE_CRD:
		return "crd";
	case GRAPH_EDGE_KIND_COUNT:
		break;
	}
	return "?";
}

/* ---- adjacency -------------------------------------------------------- */

/* Compressed rows over edge ids, built once per check.
 *
 *   out[out_start[v] .. out_start[v + 1])  edges v -> w, sorted by w
 *   in[in_start[w] .. in_start[w + 1])     edges v -> w, in id order
 *
 * Two stable counting sorts give both in O(V + E): grouping by `to`
 * yields `in`; regrouping that by `from` yields `out` sorted by (from,
 * to), which is what makes "lowest-id successor first" free below. */
typedef struct graph_adj {
	uint32_t *out_start, *out;
	uint32_t *in_start, *in;
} graph_adj;

static uint32_t *graph_group(const graph *g, const uint32_t *ids, int by_from, uint32_t **start_out)
{
	size_t n = g->node_len, m = g->edge_len;
	uint32_t *start = xcalloc(n + 1, sizeof(*start));
	uint32_t *res = xreallocarray(NULL, m ? m : 1, sizeof(*res));
	for (size_t i = 0; i < m; i++) {
		const graph_edge *e = edge_at(g, i);
		start[(by_from ? e->from : e->to) + 1]++;
	}
	for (size_t v = 0; v < n; v++)
		start[v + 1] += start[v];
	/* Fill with a moving cursor per row, then shift the cursors back:
	 * after the loop cur[v] == start[v + 1]. */
	uint32_t *cur = xreallocarray(NULL, n + 1, sizeof(*cur));
	memcpy(cur, start, (n + 1) * sizeof(*cur));
	for (size_t i = 0; i < m; i++) {
		uint32_t id = ids ? ids[i] : (uint32_t)i;
		const graph_edge *e = edge_at(g, id);
		res[cur[by_from ? e->from : e->to]++] = id;
	}
	free(cur);
	*start_out = start;
	return res;
}

static void graph_adj_build(const graph *g, graph_adj *adj)
{
	adj->in = graph_group(g, NULL, 0, &adj->in_start);
	adj->out = graph_group(g, adj->in, 1, &adj->out_start);
}

static void graph_adj_free(graph_adj *adj)
{
	free(adj->out_start);
	free(adj->out);
	free(adj->in_start);
	free(adj->in);
}

/* ---- strongly connected components ------------------------------------ */

/* Tarjan's algorithm with an explicit call stack. Fills comp[v] with a
 * component number for every node and returns how many there are.
 *
 * A visited node is on Tarjan's stack exactly while comp[v] is still
 * GRAPH_NONE, so no separate on-stack flag is needed; and each node's
 * next outgoing edge is kept in cursor[v], so the call stack holds only
 * node ids. Every edge is looked at once: O(V + E). */
static uint32_t graph_scc(const graph *g, const graph_adj *adj, uint32_t *comp)
{
	size_t n = g->node_len;
	uint32_t *index = xreallocarray(NULL, n ? n : 1, sizeof(*index));
	uint32_t *low = xreallocarray(NULL, n ? n : 1, sizeof(*low));
	uint32_t *cursor = xreallocarray(NULL, n ? n : 1, sizeof(*cursor));
	uint32_t *tstack = xreallocarray(NULL, n ? n : 1, sizeof(*tstack));
	uint32_t *call = xreallocarray(NULL, n ? n : 1, sizeof(*call));
	size_t tlen = 0, clen = 0;
	uint32_t next_index = 0, ncomp = 0;

	for (size_t v = 0; v < n; v++) {
		index[v] = GRAPH_NONE;
		comp[v] = GRAPH_NONE;
	}
	for (size_t root = 0; root < n; root++) {
		if (index[root] != GRAPH_NONE)
			continue;
		index[root] = low[root] = next_index++;
		cursor[root] = adj->out_start[root];
		tstack[tlen++] = (uint32_t)root;
		call[clen++] = (uint32_t)root;
		while (clen > 0) {
			uint32_t v = call[clen - 1];
			if (cursor[v] < adj->out_start[v + 1]) {
				uint32_t w = edge_at(g, adj->out[cursor[v]++])->to;
				if (index[w] == GRAPH_NONE) {
					index[w] = low[w] = next_index++;
					cursor[w] = adj->out_start[w];
					tstack[tlen++] = w;
					call[clen++] = w;
				} else if (comp[w] == GRAPH_NONE && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			/* v is finished: it roots a component, or passes its
			 * low link up to its caller. */
			if (low[v] == index[v]) {
				uint32_t w;
				do {
					w = tstack[--tlen];
					comp[w] = ncomp;
				} while (w != v);
				ncomp++;
			}
			clen--;
			if (clen > 0) {
				uint32_t u = call[clen - 1];
				if (low[v] < low[u])
					low[u] = low[v];
			}
		}
	}
	free(index);
	free(low);
	free(cursor);
	free(tstack);
	free(call);
	return ncomp;
}

/* ---- cycle reports ---------------------------------------------------- */

/* Scratch for finding one cycle per component; sized once, reset only
 * where used, so all components together cost O(V + E). */
typedef struct graph_cycle_finder {
	uint32_t *parent; /* edge that reached the node, GRAPH_NONE if unseen */
	uint32_t *queue;
	uint32_t *path; /* edges of the cycle found */
} graph_cycle_finder;

/* A shortest cycle through `s` inside its component, as edge ids starting
 * at s; returns its length. Breadth-first from s over edges in (from,
 * to) order: of the shortest cycles, the one whose nodes have the lowest
 * ids, step by step, is found, and on a plain ring (the usual case) this
 * is simply "follow the lowest-id successor". Walking greedily instead
 * can loop forever in a smaller cycle that misses s (s -> a, a -> a,
 * a -> s), and a depth-first walk can report a long detour through a big
 * component where a two-step cycle exists. */
static size_t graph_find_cycle(const graph *g, const graph_adj *adj, const uint32_t *comp,
	uint32_t s, graph_cycle_finder *f)
{
	size_t head = 0, tail = 0;
	uint32_t closing = GRAPH_NONE;

	f->queue[tail++] = s;
	while (head < tail && closing == GRAPH_NONE) {
		uint32_t u = f->queue[head++];
		for (uint32_t i = adj->out_start[u]; i < adj->out_start[u + 1]; i++) {
			uint32_t e = adj->out[i];
			uint32_t w = edge_at(g, e)->to;
			if (comp[w] != comp[s])
				continue;
			if (w == s) {
				closing = e;
				break;
			}
			if (f->parent[w] == GRAPH_NONE) {
				f->parent[w] = e;
				f->queue[tail++] = w;
			}
		}
	}
	/* s is in a cycle, so some node of its component leads back to s. */
	assert(closing != GRAPH_NONE);

	size_t len = 0;
	for (uint32_t e = closing;; e = f->parent[edge_at(g, e)->from]) {
		f->path[len++] = e;
		if (edge_at(g, e)->from == s)
			break;
	}
	for (size_t i = 0; i < len / 2; i++) {
		uint32_t t = f->path[i];
		f->path[i] = f->path[len - 1 - i];
		f->path[len - 1 - i] = t;
	}
	for (size_t i = 0; i < tail; i++)
		f->parent[f->queue[i]] = GRAPH_NONE;
	return len;
}

/* "(reference to b.outputs.x)", "(depends_on)", ... for the edge's first
 * kind, which is also where its note points. */
static void graph_edge_reason(const graph_edge *e, strbuf *sb)
{
	const char *via = e->via[e->kind];
	switch (e->kind) {
	case GRAPH_EDGE_REF:
		if (via)
			strbuf_addf(sb, "(reference to %s)", via);
		else
			strbuf_adds(sb, "(reference)");
		break;
	case GRAPH_EDGE_DEPENDS_ON:
		strbuf_adds(sb, "(depends_on)");
		break;
	case GRAPH_EDGE_OUTPUT:
		if (via)
			strbuf_addf(sb, "(uses output %s, known only after apply)", via);
		else
			strbuf_adds(sb, "(uses an output known only after apply)");
		break;
	case GRAPH_EDGE_CRD:
		if (via)
			strbuf_addf(sb, "(custom resource needs the CRD %s)", via);
		else
			strbuf_adds(sb, "(custom resource needs its CRD)");
		break;
	case GRAPH_EDGE_KIND_COUNT:
		break;
	}
}

static void graph_report_cycle(const graph *g, diag_list *d, const uint32_t *path, size_t len)
{
	strbuf sb = STRBUF_INIT;
	const graph_edge *first = edge_at(g, path[0]);

	strbuf_adds(&sb, "dependency cycle: ");
	strbuf_adds(&sb, g->nodes[first->from]->path);
	for (size_t i = 0; i < len; i++) {
		strbuf_adds(&sb, " -> ");
		strbuf_adds(&sb, g->nodes[edge_at(g, path[i])->to]->path);
	}
	diagnostic *diag = diag_error(d, "E0401", first->where[first->kind], "%s", sb.buf);
	for (size_t i = 0; i < len; i++) {
		const graph_edge *e = edge_at(g, path[i]);
		strbuf_reset(&sb);
		graph_edge_reason(e, &sb);
		diag_add_note(d, diag, e->where[e->kind], "'%s' depends on '%s' here %s",
			g->nodes[e->from]->path, g->nodes[e->to]->path, sb.buf);
	}
	strbuf_release(&sb);
}

/* Report every component that holds a cycle, in order of its lowest node
 * id; returns how many. A component holds a cycle when it has two nodes
 * or more, or one node with an edge to itself. */
static int graph_report_cycles(
	const graph *g, const graph_adj *adj, const uint32_t *comp, uint32_t ncomp, diag_list *d)
{
	size_t n = g->node_len;
	uint32_t *size = xcalloc(ncomp ? ncomp : 1, sizeof(*size));
	unsigned char *cyclic = xcalloc(ncomp ? ncomp : 1, 1);
	int cycles = 0;

	for (size_t v = 0; v < n; v++)
		size[comp[v]]++;
	for (uint32_t c = 0; c < ncomp; c++)
		cyclic[c] = size[c] > 1;
	for (size_t e = 0; e < g->edge_len; e++)
		if (edge_at(g, e)->from == edge_at(g, e)->to)
			cyclic[comp[edge_at(g, e)->from]] = 1;

	graph_cycle_finder f = { NULL, NULL, NULL };
	for (size_t v = 0; v < n; v++) {
		uint32_t c = comp[v];
		if (!cyclic[c])
			continue;
		/* Nodes are visited in id order, so v is the component's
		 * lowest id; clearing the flag reports it once. */
		cyclic[c] = 0;
		cycles++;
		if (!d)
			continue;
		if (!f.parent) {
			f.parent = xreallocarray(NULL, n, sizeof(*f.parent));
			f.queue = xreallocarray(NULL, n, sizeof(*f.queue));
			f.path = xreallocarray(NULL, n, sizeof(*f.path));
			for (size_t i = 0; i < n; i++)
				f.parent[i] = GRAPH_NONE;
		}
		size_t len = graph_find_cycle(g, adj, comp, (uint32_t)v, &f);
		graph_report_cycle(g, d, f.path, len);
	}
	free(f.parent);
	free(f.queue);
	free(f.path);
	free(size);
	free(cyclic);
	return cycles;
}

/* ---- order and depth -------------------------------------------------- */

/* Binary min-heap of node ids: Kahn's algorithm takes the lowest ready id
 * each time, which makes the order depend on declaration order only. */
static void graph_heap_push(uint32_t *heap, size_t *len, uint32_t v)
{
	size_t i = (*len)++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (heap[p] <= v)
			break;
		heap[i] = heap[p];
		i = p;
	}
	heap[i] = v;
}

static uint32_t graph_heap_pop(uint32_t *heap, size_t *len)
{
	uint32_t top = heap[0];
	uint32_t last = heap[--*len];
	size_t n = *len, i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && heap[c + 1] < heap[c])
			c++;
		if (last <= heap[c])
			break;
		heap[i] = heap[c];
		i = c;
	}
	if (n > 0)
		heap[i] = last;
	return top;
}

/* Kahn's algorithm on an acyclic graph. A node becomes ready once all its
 * dependencies are placed; its depth is final by then, because every
 * dependency raised it when it was placed. */
static void graph_order(graph *g, const graph_adj *adj)
{
	size_t n = g->node_len;
	uint32_t *waiting = xreallocarray(NULL, n ? n : 1, sizeof(*waiting));
	uint32_t *heap = xreallocarray(NULL, n ? n : 1, sizeof(*heap));
	size_t heap_len = 0, placed = 0;

	g->order = xreallocarray(NULL, n ? n : 1, sizeof(*g->order));
	g->depth = xcalloc(n ? n : 1, sizeof(*g->depth));
	for (size_t v = 0; v < n; v++) {
		/* Edges are unique per pair, so this counts distinct
		 * dependencies. */
		waiting[v] = adj->out_start[v + 1] - adj->out_start[v];
		if (waiting[v] == 0)
			graph_heap_push(heap, &heap_len, (uint32_t)v);
	}
	while (heap_len > 0) {
		uint32_t u = graph_heap_pop(heap, &heap_len);
		g->order[placed++] = u;
		for (uint32_t i = adj->in_start[u]; i < adj->in_start[u + 1]; i++) {
			uint32_t v = edge_at(g, adj->in[i])->from;
			if (g->depth[v] < g->depth[u] + 1)
				g->depth[v] = g->depth[u] + 1;
			if (--waiting[v] == 0)
				graph_heap_push(heap, &heap_len, v);
		}
	}
	assert(placed == n);
	free(waiting);
	free(heap);
}

int graph_check(graph *g, diag_list *d)
{
	graph_adj adj;
	graph_invalidate(g);
	graph_adj_build(g, &adj);

	uint32_t *comp = xreallocarray(NULL, g->node_len ? g->node_len : 1, sizeof(*comp));
	uint32_t ncomp = graph_scc(g, &adj, comp);
	int cycles = graph_report_cycles(g, &adj, comp, ncomp, d);
	if (cycles == 0) {
		graph_order(g, &adj);
		g->state = GRAPH_ACYCLIC;
	} else {
		g->state = GRAPH_CYCLIC;
	}
	free(comp);
	graph_adj_free(&adj);
	return cycles;
}

const uint32_t *graph_topo_order(graph *g, size_t *n)
{
	if (g->state != GRAPH_ACYCLIC) {
		*n = 0;
		return NULL;
	}
	*n = g->node_len;
	return g->order;
}

uint32_t graph_depth(const graph *g, uint32_t node)
{
	assert(g->state == GRAPH_ACYCLIC && node < g->node_len);
	return g->depth[node];
}

/* ---- DOT -------------------------------------------------------------- */

/* A DOT double-quoted string. Backslash is escaped too, since in labels
 * graphviz reads "\n", "\l", "\N" as escapes; a newline becomes "\n". */
static void graph_dot_quote(strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(out, '\\');
		if (*s == '\n')
			strbuf_adds(out, "\\n");
		else
			strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

void graph_write_dot(const graph *g, strbuf *out)
{
	strbuf label = STRBUF_INIT;

	strbuf_adds(out, "digraph stackc {\n\tnode [shape=box];\n");
	for (size_t v = 0; v < g->node_len; v++) {
		const graph_node *n = g->nodes[v];
		strbuf_addch(out, '\t');
		graph_dot_quote(out, n->path);
		strbuf_adds(out, " [label=");
		strbuf_reset(&label);
		strbuf_adds(&label, n->path);
		strbuf_addch(&label, '\n');
		strbuf_adds(&label, n->kind);
		graph_dot_quote(out, label.buf);
		strbuf_adds(out, "];\n");
	}
	for (size_t i = 0; i < g->edge_len; i++) {
		const graph_edge *e = edge_at(g, i);
		strbuf_addch(out, '\t');
		graph_dot_quote(out, g->nodes[e->from]->path);
		strbuf_adds(out, " -> ");
		graph_dot_quote(out, g->nodes[e->to]->path);

		int dashed = (e->kinds & GRAPH_EDGE_BIT(GRAPH_EDGE_DEPENDS_ON)) != 0;
		int outputs = (e->kinds & GRAPH_EDGE_BIT(GRAPH_EDGE_OUTPUT)) != 0;
		int crd = (e->kinds & GRAPH_EDGE_BIT(GRAPH_EDGE_CRD)) != 0;
		if (dashed || outputs || crd) {
			strbuf_adds(out, " [");
			if (dashed)
				strbuf_adds(out, "style=dashed");
			if (outputs || crd) {
				if (dashed)
					strbuf_adds(out, ", ");
				strbuf_adds(out, "label=\"");
				if (outputs)
					strbuf_adds(out, crd ? "outputs, crd" : "outputs");
				else
					strbuf_adds(out, "crd");
				strbuf_addch(out, '"');
			}
			strbuf_addch(out, ']');
		}
		strbuf_adds(out, ";\n");
	}
	strbuf_adds(out, "}\n");
	strbuf_release(&label);
}

/* ---- JSON ------------------------------------------------------------- */

/* jansson refuses invalid UTF-8 (json_string returns NULL, and the key
 * would silently go missing). Paths and via strings come from checked
 * source text, but a caller may build one from bytes that are not, so
 * each invalid byte becomes U+FFFD as in diagnostics. */
static json_t *graph_json_string(const char *s)
{
	size_t len = strlen(s);
	json_t *j = json_stringn(s, len);
	if (j)
		return j;
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < len;) {
		int k = src_utf8_decode(s + i, len - i, NULL);
		if (k == 0) {
			strbuf_adds(&sb, "\xEF\xBF\xBD");
			i++;
		} else {
			strbuf_add(&sb, s + i, (size_t)k);
			i += (size_t)k;
		}
	}
	j = json_stringn(sb.buf, sb.len);
	strbuf_release(&sb);
	return j;
}

/* "file", "line", "column" of a span's start, or three nulls. */
static void graph_json_location(json_t *o, const src_map *sources, src_span span)
{
	const src_file *f = NULL;
	if (sources && span.file != 0)
		f = src_map_get(sources, span.file);
	if (!f) {
		json_object_set_new(o, "file", json_null());
		json_object_set_new(o, "line", json_null());
		json_object_set_new(o, "column", json_null());
		return;
	}
	uint32_t line, col;
	src_line_col(f, span.start < f->len ? span.start : f->len, &line, &col);
	json_object_set_new(o, "file", graph_json_string(f->name));
	json_object_set_new(o, "line", json_integer(line));
	json_object_set_new(o, "column", json_integer(col));
}

static int graph_json_put(const char *buf, size_t size, void *data)
{
	strbuf_add(data, buf, size);
	return 0;
}

void graph_write_json(const graph *g, const src_map *sources, strbuf *out)
{
	int ok = g->state == GRAPH_ACYCLIC;
	json_t *root = json_object();

	json_t *nodes = json_array();
	for (size_t v = 0; v < g->node_len; v++) {
		const graph_node *n = g->nodes[v];
		json_t *o = json_object();
		json_object_set_new(o, "id", graph_json_string(n->path));
		json_object_set_new(o, "kind", graph_json_string(n->kind));
		json_object_set_new(o, "depth", ok ? json_integer(g->depth[v]) : json_null());
		graph_json_location(o, sources, n->decl);
		json_array_append_new(nodes, o);
	}
	json_object_set_new(root, "nodes", nodes);

	json_t *edges = json_array();
	for (size_t i = 0; i < g->edge_len; i++) {
		const graph_edge *e = edge_at(g, i);
		json_t *o = json_object();
		json_object_set_new(o, "from", graph_json_string(g->nodes[e->from]->path));
		json_object_set_new(o, "to", graph_json_string(g->nodes[e->to]->path));
		json_object_set_new(o, "kind", json_string(graph_edge_kind_name(e->kind)));
		json_t *kinds = json_array();
		for (unsigned k = 0; k < GRAPH_EDGE_KIND_COUNT; k++)
			if (e->kinds & GRAPH_EDGE_BIT(k))
				json_array_append_new(kinds,
					json_string(graph_edge_kind_name((graph_edge_kind)k)));
		json_object_set_new(o, "kinds", kinds);
		const char *via = e->via[e->kind];
		json_object_set_new(o, "via", via ? graph_json_string(via) : json_null());
		graph_json_location(o, sources, e->where[e->kind]);
		json_array_append_new(edges, o);
	}
	json_object_set_new(root, "edges", edges);

	if (ok) {
		json_t *order = json_array();
		for (size_t i = 0; i < g->node_len; i++)
			json_array_append_new(
				order, graph_json_string(g->nodes[g->order[i]]->path));
		json_object_set_new(root, "order", order);
	} else {
		json_object_set_new(root, "order", json_null());
	}

	/* Keys come out in the order set above (JSON_PRESERVE_ORDER);
	 * golden files and consumers rely on it. Dumping straight into `out`
	 * matters at scale: a 100k-component graph is tens of megabytes of
	 * indented JSON, and json_dumps() would build it once more. */
	int rc =
		json_dump_callback(root, graph_json_put, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (rc != 0) {
		/* With a callback that cannot fail, jansson fails only when
		 * out of memory; fail the way every other allocation does
		 * (see xalloc.h). */
		fputs("stackc: out of memory (writing the graph as JSON)\n", stderr);
		abort();
	}
	strbuf_addch(out, '\n');
}

/* eval_scope.c - scopes, bindings and "did you mean" suggestions.
 *
 * A scope maps names to bindings, with a parent for the enclosing scope:
 * file (imports) -> module -> stack -> component body / function call /
 * comprehension. Lookups walk outwards. Each scope keeps its bindings in
 * definition order (for deterministic suggestions and listings) and a
 * hash index, released with the arena. An identifier remembers where it
 * was found ("finding a name", below).
 */
#include <string.h>

#include "eval_internal.h"

/* Scopes are searched linearly while small (a comprehension or a call
 * binds one to a few names, and there are millions of them in a big
 * program); past SCOPE_INDEX_AT names an open-addressing index of
 * positions is built in the arena. No heap memory, nothing to release. */
#define SCOPE_INDEX_AT 8

scope *scope_new(eval_ctx *ev, scope *parent)
{
	scope *s = ARENA_NEW(ev->arena, scope);
	s->arena = ev->arena;
	s->parent = parent;
	s->component = parent ? parent->component : -1;
	s->stack_path = parent ? parent->stack_path : NULL;
	s->module = parent ? parent->module : NULL;
	return s;
}

scope *scope_new_sized(eval_ctx *ev, scope *parent, uint32_t n)
{
	scope *s = scope_new(ev, parent);
	if (n) {
		s->items = arena_alloc_array(ev->arena, n, sizeof(*s->items));
		s->cap = n;
	}
	return s;
}

static uint32_t name_hash(const char *name)
{
	return (uint32_t)map_hash(name, strlen(name));
}

binding *scope_find_here(const scope *s, const char *name, uint32_t *pos)
{
	if (s->index) {
		uint32_t mask = s->index_cap - 1;
		for (uint32_t i = name_hash(name) & mask; s->index[i]; i = (i + 1) & mask) {
			binding *b = s->items[s->index[i] - 1];
			if (strcmp(b->name, name) == 0) {
				*pos = s->index[i] - 1;
				return b;
			}
		}
		return NULL;
	}
	/* Newest first: a later local of the same name shadows. */
	for (uint32_t i = s->len; i-- > 0;)
		if (s->items[i]->name[0] == name[0] && strcmp(s->items[i]->name, name) == 0) {
			*pos = i;
			return s->items[i];
		}
	return NULL;
}

binding *scope_lookup_here(const scope *s, const char *name)
{
	uint32_t pos;
	return scope_find_here(s, name, &pos);
}

binding *scope_lookup(const scope *s, const char *name)
{
	for (; s; s = s->parent) {
		binding *b = scope_lookup_here(s, name);
		if (b)
			return b;
	}
	return NULL;
}

static void index_insert(scope *s, uint32_t pos)
{
	uint32_t mask = s->index_cap - 1;
	uint32_t i = name_hash(s->items[pos]->name) & mask;
	/* A shadowing local replaces the older entry of the same name. */
	while (s->index[i] && strcmp(s->items[s->index[i] - 1]->name, s->items[pos]->name) != 0)
		i = (i + 1) & mask;
	s->index[i] = pos + 1;
}

static binding *add(scope *s, binding *b)
{
	if (s->len == s->cap) {
		uint32_t cap = s->cap ? s->cap * 2 : 4;
		s->items = arena_grow_array(s->arena, s->items, s->len, cap, sizeof(*s->items));
		s->cap = cap;
	}
	s->items[s->len++] = b;
	if (s->len > SCOPE_INDEX_AT) {
		if (!s->index || s->len * 2 > s->index_cap) {
			uint32_t cap = 32;
			while (cap < s->len * 4)
				cap *= 2;
			s->index = arena_alloc_array(s->arena, cap, sizeof(uint32_t));
			s->index_cap = cap;
			for (uint32_t p = 0; p < s->len; p++)
				index_insert(s, p);
		} else {
			index_insert(s, s->len - 1);
		}
	}
	return b;
}

binding *scope_define(eval_ctx *ev, scope *s, const char *name, binding_kind kind,
	const ast_node *decl, src_span def)
{
	binding *old = scope_lookup_here(s, name);
	if (old) {
		diagnostic *d = diag_error(ev->diags, "E0102", def, "'%s' is defined twice", name);
		diag_add_note(ev->diags, d, old->def, "first defined here");
		diag_add_hint(ev->diags, d,
			"rename one of them; every name in a module, stack or "
			"schema must be unique");
		return NULL;
	}
	binding *b = ARENA_NEW(s->arena, binding);
	b->name = name;
	b->kind = kind;
	b->decl = decl;
	b->env = s;
	b->def = def;
	b->node = -1;
	return add(s, b);
}

binding *scope_local(scope *s, const char *name, value *v, src_span def)
{
	binding *b = ARENA_NEW(s->arena, binding);
	b->name = name;
	b->kind = BIND_LOCAL;
	b->state = BIND_DONE;
	b->val = v;
	b->env = s;
	b->def = def;
	b->node = -1;
	return add(s, b);
}

/* Optimal string alignment distance, capped: names are short. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 99;
	size_t d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *suggest_name(const char *name, const char *const *cands, size_t n)
{
	/* Close enough: at most a third of the name's length plus one; names
	 * of one or two letters are too short to guess from. */
	size_t limit = strlen(name) > 2 ? strlen(name) / 3 + 1 : 0;
	const char *best = NULL;
	size_t best_d = limit + 1;
	for (size_t i = 0; i < n; i++) {
		if (!cands[i] || strcmp(cands[i], name) == 0)
			continue;
		size_t dist = edit_distance(name, cands[i]);
		if (dist < best_d) {
			best_d = dist;
			best = cands[i];
		}
	}
	return best;
}

const char *scope_suggest(const scope *s, const char *name)
{
	const char *best = NULL;
	size_t limit = strlen(name) > 2 ? strlen(name) / 3 + 1 : 0, best_d = limit + 1;
	for (; s; s = s->parent) {
		for (uint32_t i = 0; i < s->len; i++) {
			const char *c = s->items[i]->name;
			if (strcmp(c, name) == 0)
				continue;
			size_t dist = edit_distance(name, c);
			if (dist < best_d) {
				best_d = dist;
				best = c;
			}
		}
	}
	return best;
}

/* ---- finding a name -----------------------------------------------------------
 * Scopes are lexical: the scopes around an identifier, and the names in
 * each, are the same every time the identifier is evaluated (a function's
 * parameters, a record's fields in declaration order, a module's
 * declarations). So where a name was found - how many scopes out, at
 * which position, or which builtin - is remembered in the identifier's
 * node, and the next evaluation looks there first and checks the name.
 * Walking the scopes of a call inside a schema inside a module, with a
 * string comparison or a hash per scope, was a tenth of the evaluation
 * of a big platform; a builtin (len, merge) was found only after every
 * scope had been searched. */

#define CACHE_BUILTIN 0xffu /* depth that means "the builtin at index" */

static uint32_t cache_make(uint32_t depth, uint32_t index)
{
	/* 8 bits of depth, 24 of position + 1; 0 is "nothing cached". */
	return depth < CACHE_BUILTIN && index < 0xffffffu ? depth << 24 | (index + 1) : 0;
}

binding *scope_lookup_ident(const scope *s, const ast_node *e, const builtin **bi)
{
	const char *name = e->u.ident.name;
	uint32_t c = e->eval_cache;
	*bi = NULL;
	if (c) {
		uint32_t depth = c >> 24, index = (c & 0xffffffu) - 1;
		if (depth == CACHE_BUILTIN) {
			size_t nb;
			const builtin *t = builtin_table(&nb);
			if (index < nb &&
				(t[index].name == name || strcmp(t[index].name, name) == 0)) {
				*bi = &t[index];
				return NULL;
			}
		} else {
			const scope *at = s;
			for (uint32_t d = 0; at && d < depth; d++)
				at = at->parent;
			if (at && index < at->len) {
				binding *b = at->items[index];
				if (b->name == name || strcmp(b->name, name) == 0)
					return b;
			}
		}
	}
	uint32_t depth = 0;
	for (const scope *at = s; at; at = at->parent, depth++) {
		uint32_t index;
		binding *b = scope_find_here(at, name, &index);
		if (!b)
			continue;
		((ast_node *)e)->eval_cache = cache_make(depth, index);
		/* The same text: from now on the check above is a pointer
		 * comparison. */
		((ast_node *)e)->u.ident.name = b->name;
		return b;
	}
	*bi = builtin_lookup(name);
	if (*bi) {
		size_t nb;
		const builtin *t = builtin_table(&nb);
		((ast_node *)e)->eval_cache = CACHE_BUILTIN << 24 | ((uint32_t)(*bi - t) + 1);
		((ast_node *)e)->u.ident.name = (*bi)->name;
	}
	return NULL;
}

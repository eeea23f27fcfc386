/* value_copy.c - copying values out of a scratch arena (value_copy.h).
 *
 * A deep copy that stops at anything outside the scratch arena: those
 * pointers are long-lived already. A table from old to new addresses
 * (values, maps and strings) keeps shared parts shared and makes each
 * part cost one copy.
 */
#include "value_copy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"

/* Open addressing on the pointer's bits; at most half full. */
typedef struct copied {
	const void *from;
	void *to;
} copied;

struct value_copier {
	const arena *from;
	/* from's memory when it is one chunk (the usual region), as of the
	 * value_copy_out under way: the test for "in the region", made for
	 * every pointer copied, is then two comparisons. */
	int one_chunk;
	const unsigned char *lo, *hi;
	arena *to;
	vmap *empty; /* the one empty map (no schema) every copy shares */
	copied *slots;
	size_t cap; /* a power of two */
	size_t len;
	/* The slots in use, so that a reset clears those only: the table
	 * grows to the biggest component's size and stays, and clearing
	 * all of it for each of thousands of small ones cost more than
	 * the copies. */
	uint32_t *used;
	int failed; /* met a closure over the region */
};

value_copier *value_copier_new(const arena *from, arena *to)
{
	value_copier *c = xcalloc(1, sizeof(*c));
	c->from = from;
	c->to = to;
	c->cap = 256;
	c->slots = xcalloc(c->cap, sizeof(*c->slots));
	c->used = xmalloc(c->cap / 2 * sizeof(*c->used));
	return c;
}

void value_copier_free(value_copier *c)
{
	if (!c)
		return;
	free(c->slots);
	free(c->used);
	free(c);
}

void value_copier_reset(value_copier *c, const arena *from)
{
	for (size_t i = 0; i < c->len; i++)
		c->slots[c->used[i]].from = NULL;
	c->len = 0;
	c->failed = 0;
	c->from = from;
}

static size_t slot_of(const value_copier *c, const void *p)
{
	uintptr_t h = (uintptr_t)p >> 4; /* arena objects are 16-aligned */
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 20) & (c->cap - 1);
}

static void *seen(const value_copier *c, const void *p)
{
	for (size_t i = slot_of(c, p);; i = (i + 1) & (c->cap - 1)) {
		if (!c->slots[i].from)
			return NULL;
		if (c->slots[i].from == p)
			return c->slots[i].to;
	}
}

static void remember(value_copier *c, const void *from, void *to)
{
	if ((c->len + 1) * 2 > c->cap) {
		copied *old = c->slots;
		size_t old_cap = c->cap;
		c->cap *= 2;
		c->slots = xcalloc(c->cap, sizeof(*c->slots));
		c->used = xreallocarray(c->used, c->cap / 2, sizeof(*c->used));
		size_t n = 0;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].from) {
				size_t j = slot_of(c, old[i].from);
				while (c->slots[j].from)
					j = (j + 1) & (c->cap - 1);
				c->slots[j] = old[i];
				c->used[n++] = (uint32_t)j;
			}
		free(old);
	}
	size_t i = slot_of(c, from);
	while (c->slots[i].from)
		i = (i + 1) & (c->cap - 1);
	c->slots[i].from = from;
	c->slots[i].to = to;
	c->used[c->len++] = (uint32_t)i;
}

static int in_region(const value_copier *c, const void *p)
{
	if (c->one_chunk)
		return (const unsigned char *)p >= c->lo && (const unsigned char *)p < c->hi;
	return p && arena_contains(c->from, p);
}

static const char *copy_str(value_copier *c, const char *s, size_t len)
{
	if (!in_region(c, s))
		return s;
	char *done = seen(c, s);
	if (done)
		return done;
	char *t = arena_strndup(c->to, s, len);
	remember(c, s, t);
	return t;
}

static const char *copy_cstr(value_copier *c, const char *s)
{
	return in_region(c, s) ? copy_str(c, s, strlen(s)) : s;
}

static value *copy_value(value_copier *c, const value *v);

static vmap *copy_map(value_copier *c, const vmap *m)
{
	if (!in_region(c, m))
		return (vmap *)m;
	vmap *done = seen(c, m);
	if (done)
		return done;
	/* Maps never change once made: every empty one can be the same
	 * (an app has half a dozen: env_secrets, config, matchLabels...). */
	if (!m->len && !m->schema && !m->given) {
		if (!c->empty)
			c->empty = vmap_new(c->to);
		return c->empty;
	}
	vmap *t = vmap_copy_exact(c->to, m);
	remember(c, m, t);
	for (uint32_t i = 0; i < m->len; i++) {
		t->keys[i] = copy_cstr(c, m->keys[i]);
		t->vals[i] = copy_value(c, m->vals[i]);
	}
	t->schema = copy_value(c, m->schema);
	t->given = m->given ? copy_map(c, m->given) : NULL;
	return t;
}

static value *copy_value(value_copier *c, const value *v)
{
	if (!in_region(c, v) || c->failed)
		return (value *)v;
	/* A null, bool or number is copied each time it is met: it has
	 * nothing inside to share, and the table costs more than the copy. */
	int leaf = v->kind == VAL_NULL || v->kind == VAL_BOOL || v->kind == VAL_INT ||
		v->kind == VAL_FLOAT;
	value *done = leaf ? NULL : seen(c, v);
	if (done)
		return done;
	value *t = ARENA_NEW(c->to, value);
	*t = *v;
	if (!leaf)
		remember(c, v, t);
	t->name = v->name ? copy_cstr(c, v->name) : NULL;
	switch (v->kind) {
	case VAL_NULL:
	case VAL_BOOL:
	case VAL_INT:
	case VAL_FLOAT:
	case VAL_KIND_COUNT:
		break;
	case VAL_STRING:
	case VAL_SECRET:
		t->u.str.ptr = copy_str(c, v->u.str.ptr, v->u.str.len);
		break;
	case VAL_LIST:
		/* Items outside the region are long-lived, and so is all they
		 * point to. */
		if (!in_region(c, v->u.list.items))
			break;
		t->u.list.items = arena_alloc_array(
			c->to, v->u.list.len ? v->u.list.len : 1, sizeof(value *));
		for (uint32_t i = 0; i < v->u.list.len; i++)
			t->u.list.items[i] = copy_value(c, v->u.list.items[i]);
		break;
	case VAL_MAP:
		t->u.map = copy_map(c, v->u.map);
		break;
	case VAL_UNKNOWN:
		t->u.unknown.producer = copy_cstr(c, v->u.unknown.producer);
		t->u.unknown.path = copy_cstr(c, v->u.unknown.path);
		break;
	case VAL_FUNC:
	case VAL_SCHEMA:
	case VAL_STACK:
	case VAL_TYPE:
	case VAL_MODULE:
		/* The declaration is in the AST; the environment must not be in
		 * the region (a closure over a component's scope). */
		if (in_region(c, v->u.env) || in_region(c, v->u.decl))
			c->failed = 1;
		break;
	}
	return t;
}

value *value_copy_out(value_copier *c, const value *v)
{
	/* The region as it is now (nothing is allocated in it while it is
	 * copied from). */
	c->one_chunk = arena_only_range(c->from, &c->lo, &c->hi);
	value *t = copy_value(c, v);
	return c->failed ? NULL : t;
}

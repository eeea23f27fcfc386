/* builtins_harness.h - calling builtins the way the evaluator does, for
 * the unit tests of compiler/eval/builtins*.c (test_builtins.c: the
 * table, strings, lists and maps; test_builtins_values.c: numbers,
 * encodings, fail and values known after apply).
 *
 * A builtin is looked up by name and called with evaluated arguments, a
 * span per argument and an evaluation context from
 * eval_ctx_new_for_tests(). Results are compared through a small
 * renderer of our own (not the JSON codec, so that these tests do not
 * depend on it), in the notation of docs/stdlib.md: ["a", 1.0],
 * {"k": null}. Errors are checked for their code, their span (which
 * argument, or the call) and a part of their message.
 */
#ifndef STACKC_TESTS_BUILTINS_HARNESS_H
#define STACKC_TESTS_BUILTINS_HARNESS_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/eval/builtins.h"
#include "../../compiler/eval/eval.h"

typedef struct fx {
	arena a;
	src_map sources;
	diag_list diags;
	eval_ctx *ev;
	uint32_t base;         /* spans of the next call start here */
	const char *component; /* builtin_call.component of the next calls */
} fx;

static inline int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	src_map_init(&f->sources);
	diag_list_init(&f->diags, &f->a, &f->sources);
	f->ev = eval_ctx_new_for_tests(&f->a, &f->diags);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	fx *f = *state;
	diag_list_release(&f->diags);
	src_map_release(&f->sources);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* ---- calling ------------------------------------------------------------------ */

/* Every call gets fresh spans: the call is [base, base+100) and argument
 * i is [base+10+10i, base+15+10i). Fresh positions keep the diagnostic
 * list from merging two errors of the same code at the same place. */
static inline src_span call_span(const fx *f)
{
	return src_span_make(1, f->base, f->base + 100);
}

static inline src_span arg_span(const fx *f, uint32_t i)
{
	return src_span_make(1, f->base + 10 + 10 * i, f->base + 15 + 10 * i);
}

static inline value *call_v(fx *f, const char *name, uint32_t n, value **args)
{
	const builtin *b = builtin_lookup(name);
	assert_non_null(b);
	/* The evaluator checks the count; tests must respect it too. */
	assert_true((int)n >= b->min_args && (b->max_args < 0 || (int)n <= b->max_args));
	/* Argument expressions that carry only their spans: builtins look
	 * at nothing else of them. */
	ast_node nodes[16];
	ast_node *node_ptrs[16];
	assert_true(n <= 16);
	f->base += 1000;
	for (uint32_t i = 0; i < n; i++) {
		memset(&nodes[i], 0, sizeof(nodes[i]));
		nodes[i].span = arg_span(f, i);
		node_ptrs[i] = &nodes[i];
	}
	builtin_call c = { f->ev, &f->a, call_span(f), node_ptrs, args, n, f->component };
	size_t before = f->diags.len;
	value *r = b->fn(&c);
	/* NULL exactly when one error was reported. */
	assert_int_equal(f->diags.len, before + (r == NULL));
	if (r) {
		assert_int_equal(r->origin.start, call_span(f).start);
		assert_int_equal(r->origin.end, call_span(f).end);
	}
	return r;
}

#define NARGS(...) ((uint32_t)(sizeof((value *[]){ __VA_ARGS__ }) / sizeof(value *)))
#define CALL(name, ...) call_v(f, name, NARGS(__VA_ARGS__), (value *[]){ __VA_ARGS__ })

/* The last error has this code, is at argument `arg` (or at the call if
 * arg < 0) and its message contains `part`. */
static inline void expect_error(fx *f, value *r, const char *code, int arg, const char *part)
{
	assert_null(r);
	assert_true(f->diags.len > 0);
	const diagnostic *d = f->diags.items[f->diags.len - 1];
	assert_string_equal(d->code, code);
	src_span want = arg < 0 ? call_span(f) : arg_span(f, (uint32_t)arg);
	assert_int_equal(d->span.start, want.start);
	assert_int_equal(d->span.end, want.end);
	if (part && !strstr(d->message, part))
		fail_msg("message \"%s\" does not contain \"%s\"", d->message, part);
}

/* ---- building values ------------------------------------------------------------ */

static inline src_span nowhere(void)
{
	return src_span_make(0, 0, 0);
}

typedef struct kv {
	const char *k;
	value *v;
} kv;

static inline value *mk_list(fx *f, uint32_t n, value **items)
{
	return value_list(&f->a, items, n, nowhere());
}

static inline value *mk_map(fx *f, uint32_t n, const kv *entries)
{
	vmap *m = vmap_new(&f->a);
	for (uint32_t i = 0; i < n; i++)
		vmap_set(&f->a, m, entries[i].k, entries[i].v, nowhere());
	return value_map(&f->a, m, nowhere());
}

#define S(s) value_string(&f->a, (s), strlen(s), nowhere())
#define SECRET(s) value_secret(&f->a, (s), strlen(s), nowhere())
#define I(i) value_int(&f->a, (i), nowhere())
#define F(x) value_float(&f->a, (x), nowhere())
#define B(b) value_bool(&f->a, (b), nowhere())
#define NUL value_null(&f->a, nowhere())
#define L(...) mk_list(f, NARGS(__VA_ARGS__), (value *[]){ __VA_ARGS__ })
#define L0 mk_list(f, 0, NULL)
#define KV(k, v)         \
	{                \
		(k), (v) \
	}
#define M(...) \
	mk_map(f, (uint32_t)(sizeof((kv[]){ __VA_ARGS__ }) / sizeof(kv)), (kv[]){ __VA_ARGS__ })
#define M0 mk_map(f, 0, NULL)

/* ---- rendering ------------------------------------------------------------------ */

static inline void render_to(const value *v, strbuf *out)
{
	switch (v->kind) {
	case VAL_STRING:
	case VAL_SECRET:
		strbuf_addch(out, '"');
		for (size_t i = 0; i < v->u.str.len; i++) {
			char ch = v->u.str.ptr[i];
			if (ch == '"' || ch == '\\')
				strbuf_addch(out, '\\');
			if (ch == '\n')
				strbuf_adds(out, "\\n");
			else
				strbuf_addch(out, ch);
		}
		strbuf_addch(out, '"');
		break;
	case VAL_LIST:
		strbuf_addch(out, '[');
		for (uint32_t i = 0; i < v->u.list.len; i++) {
			if (i)
				strbuf_adds(out, ", ");
			render_to(v->u.list.items[i], out);
		}
		strbuf_addch(out, ']');
		break;
	case VAL_MAP:
		strbuf_addch(out, '{');
		for (uint32_t i = 0; i < v->u.map->len; i++) {
			if (i)
				strbuf_adds(out, ", ");
			strbuf_addf(out, "\"%s\": ", v->u.map->keys[i]);
			render_to(v->u.map->vals[i], out);
		}
		strbuf_addch(out, '}');
		break;
	default:
		if (!value_to_text(v, out))
			strbuf_addf(out, "<%s>", value_kind_name(v->kind));
		break;
	}
}

static inline const char *render(fx *f, const value *v)
{
	assert_non_null(v);
	strbuf sb = STRBUF_INIT;
	render_to(v, &sb);
	char *s = arena_strdup(&f->a, sb.buf);
	strbuf_release(&sb);
	return s;
}

#define EXPECT(call, text) assert_string_equal(render(f, (call)), (text))

/* A test with its fixture. */
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

#endif

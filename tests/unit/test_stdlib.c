/* test_stdlib.c - unit tests for the embedded standard library.
 *
 * The table is generated at build time (cmake/EmbedStdlib.cmake), so
 * these tests check what the generator promises: entries sorted by
 * module then file name in strcmp order (stdlib_module_files relies on
 * it for binary search), texts NUL-terminated with the right length,
 * every module findable, and every file parsing without errors. They
 * also pin the kinds that code generation and the docs rely on, and that
 * every declaration and schema field is documented (the REPL and
 * `stackc doc` show these comments).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/base/strbuf.h"
#include "../../compiler/eval/stdlib.h"
#include "../../compiler/syntax/parse.h"

/* The modules that must exist, and the schemas each must declare. */
static const struct {
	const char *module;
	const char *schemas[12];
} expected[] = {
	{ "std/argocd", { "Application", "ApplicationSet", "AppProject" } },
	{ "std/helm", { "release" } },
	{ "std/k8s",
		{ "app", "resources", "probes", "manifests", "Namespace", "ConfigMap", "Service",
			"Deployment" } },
	{ "std/terraform", { "module", "resources" } },
};

static void test_table_sorted(void **state)
{
	size_t n = 0;
	const stdlib_file *files = stdlib_files(&n);
	assert_non_null(files);
	assert_true(n >= 4);
	for (size_t i = 1; i < n; i++) {
		int c = strcmp(files[i - 1].module, files[i].module);
		if (c == 0)
			c = strcmp(files[i - 1].name, files[i].name);
		if (c >= 0)
			fail_msg("entries %zu and %zu out of order: %s/%s, %s/%s", i - 1, i,
				files[i - 1].module, files[i - 1].name, files[i].module,
				files[i].name);
	}
}

static void test_texts(void **state)
{
	size_t n = 0;
	const stdlib_file *files = stdlib_files(&n);
	for (size_t i = 0; i < n; i++) {
		const stdlib_file *f = &files[i];
		assert_true(strncmp(f->module, "std/", 4) == 0);
		assert_non_null(strstr(f->name, ".stack"));
		assert_true(f->len > 0);
		/* NUL right after the text, none inside (a NUL would be E0003). */
		assert_int_equal(f->text[f->len], '\0');
		assert_int_equal(strlen(f->text), f->len);
	}
}

static void test_every_module_found(void **state)
{
	size_t n = 0;
	const stdlib_file *files = stdlib_files(&n);
	for (size_t i = 0; i < n; i++) {
		const stdlib_file *first = NULL;
		size_t count = 0;
		assert_true(stdlib_has_module(files[i].module));
		assert_int_equal(stdlib_module_files(files[i].module, &first, &count), 0);
		/* The run found covers this entry and only this module. */
		assert_true(first <= &files[i] && &files[i] < first + count);
		for (size_t j = 0; j < count; j++)
			assert_string_equal(first[j].module, files[i].module);
		if (first > files)
			assert_string_not_equal(first[-1].module, files[i].module);
		if (first + count < files + n)
			assert_string_not_equal(first[count].module, files[i].module);
	}
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (!stdlib_has_module(expected[i].module))
			fail_msg("module %s is not embedded", expected[i].module);
}

static void test_missing_modules(void **state)
{
	static const char *const missing[] = {
		"",
		"std",
		"std/",
		"k8s",
		"std/k8",
		"std/k8s/",
		"std/k8s.stack",
		"std/K8S",
		"std/zzz",
		"std/k8s/k8s.stack",
	};
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		const stdlib_file *first = (const stdlib_file *)&first;
		size_t count = 99;
		if (stdlib_has_module(missing[i]))
			fail_msg("'%s' found", missing[i]);
		assert_int_equal(stdlib_module_files(missing[i], &first, &count), -1);
		assert_null(first);
		assert_int_equal(count, 0);
	}
}

/* Report the undocumented declarations and schema fields of `file`. */
static size_t undocumented(const ast_file *file, const char *display)
{
	size_t bad = 0;
	for (uint32_t i = 0; i < file->decls.len; i++) {
		const ast_node *d = file->decls.items[i];
		const char *name;
		switch (d->kind) {
		case AST_SCHEMA:
		case AST_FN:
		case AST_ENV:
		case AST_STACK:
			name = d->u.decl.name.name;
			break;
		case AST_LET:
		case AST_PARAM:
		case AST_TYPE_DECL:
			name = d->u.binding.name.name;
			break;
		case AST_IMPORT:
			name = "import";
			break;
		default:
			continue; /* AST_ERROR: already reported by the parser */
		}
		if (!d->doc) {
			print_error("%s: '%s' has no doc comment\n", display, name);
			bad++;
		}
		if (d->kind != AST_SCHEMA)
			continue;
		for (uint32_t j = 0; j < d->u.decl.members.len; j++) {
			const ast_node *m = d->u.decl.members.items[j];
			if (m->kind == AST_FIELD_DECL && !m->doc) {
				print_error("%s: field '%s.%s' has no doc comment\n", display, name,
					m->u.binding.name.name);
				bad++;
			}
		}
	}
	return bad;
}

static int declares_schema(const ast_file *file, const char *name)
{
	for (uint32_t i = 0; i < file->decls.len; i++) {
		const ast_node *d = file->decls.items[i];
		if (d->kind == AST_SCHEMA && strcmp(d->u.decl.name.name, name) == 0)
			return 1;
	}
	return 0;
}

/* What parsing needs: an arena, the source files, the messages. */
typedef struct parse_env {
	arena a;
	src_map sources;
	diag_list diags;
} parse_env;

static void parse_env_init(parse_env *e)
{
	arena_init(&e->a);
	src_map_init(&e->sources);
	diag_list_init(&e->diags, &e->a, &e->sources);
}

static void parse_env_release(parse_env *e)
{
	diag_list_release(&e->diags);
	arena_release(&e->a);
	src_map_release(&e->sources);
}

/* Parse the files of one module (count entries from first) and check
 * them; returns the number of problems, each printed. */
static size_t check_module(const stdlib_file *first, size_t count)
{
	size_t failures = 0;
	parse_env env;
	parse_env_init(&env);
	arena *a = &env.a;
	src_map *sources = &env.sources;
	diag_list *diags = &env.diags;

	const ast_file **asts = calloc(count, sizeof(*asts));
	assert_non_null(asts);
	for (size_t i = 0; i < count; i++) {
		/* The display name the evaluator uses: MODULE/NAME. */
		strbuf display = STRBUF_INIT;
		strbuf_addf(&display, "%s/%s", first[i].module, first[i].name);
		const src_file *f = src_map_add(sources, display.buf, first[i].text, first[i].len);
		size_t errors_before = diags->errors + diags->warnings;
		asts[i] = parse_file(a, f, diags);
		if (diags->errors + diags->warnings > errors_before)
			failures++;
		failures += undocumented(asts[i], display.buf);
		strbuf_release(&display);
	}
	if (diags->len) {
		strbuf out = STRBUF_INIT;
		diag_render_opts opts = { 0, 0 };
		diag_render_text(diags, &opts, &out);
		print_error("%s", out.buf);
		strbuf_release(&out);
	}

	/* The schemas a module must declare, in any of its files. */
	for (size_t e = 0; e < sizeof(expected) / sizeof(expected[0]); e++) {
		if (strcmp(expected[e].module, first->module) != 0)
			continue;
		for (size_t k = 0; k < 12 && expected[e].schemas[k]; k++) {
			int found = 0;
			for (size_t i = 0; i < count && !found; i++)
				found = declares_schema(asts[i], expected[e].schemas[k]);
			if (!found) {
				print_error("%s: no schema '%s'\n", first->module,
					expected[e].schemas[k]);
				failures++;
			}
		}
	}

	free(asts);
	parse_env_release(&env);
	return failures;
}

static void test_files_parse(void **state)
{
	size_t n = 0;
	const stdlib_file *files = stdlib_files(&n);
	size_t failures = 0;
	for (size_t i = 0; i < n;) {
		const stdlib_file *first = NULL;
		size_t count = 0;
		assert_int_equal(stdlib_module_files(files[i].module, &first, &count), 0);
		assert_ptr_equal(first, &files[i]);
		failures += check_module(first, count);
		i += count;
	}
	assert_int_equal(failures, 0);
}

/* parse_file_code (what evaluation uses) gives the tree parse_file
 * gives, without the doc comments: the same declarations, each with no
 * doc, where parse_file documents every one. */
static void test_code_parse_has_no_docs(void **state)
{
	(void)state;
	size_t n = 0;
	const stdlib_file *files = stdlib_files(&n);
	for (size_t i = 0; i < n; i++) {
		parse_env env;
		parse_env_init(&env);
		const src_file *f =
			src_map_add(&env.sources, files[i].name, files[i].text, files[i].len);
		const ast_file *with = parse_file(&env.a, f, &env.diags);
		const ast_file *code = parse_file_code(&env.a, f, &env.diags);
		assert_int_equal(env.diags.errors, 0);
		assert_int_equal(code->decls.len, with->decls.len);
		for (uint32_t d = 0; d < code->decls.len; d++) {
			assert_int_equal(code->decls.items[d]->kind, with->decls.items[d]->kind);
			assert_null(code->decls.items[d]->doc);
		}
		parse_env_release(&env);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sorted),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_every_module_found),
		cmocka_unit_test(test_missing_modules),
		cmocka_unit_test(test_files_parse),
		cmocka_unit_test(test_code_parse_has_no_docs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

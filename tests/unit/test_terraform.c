/* test_terraform.c - unit tests for compiler/codegen/terraform.c, the
 * Terraform JSON backend (contract: codegen.h, docs/stdlib-modules.md
 * section 4).
 *
 * Each test compiles a small Stack program (written to a temporary
 * directory, loaded and evaluated as `stackc build` does) and runs
 * cg_terraform() on it. What is pinned: the exact main.tf.json of a
 * module component and of a resources component, the escaping of "${"
 * and "%{" (in values and keys, not in literal positions), secrets as
 * sensitive variables, values known after apply as errors or
 * placeholders, the E07xx diagnostics, and the output path.
 *
 * Every generated file is also written under terraform_corpus/ in the
 * working directory; tests/terraform/check_tf_json.py (ctest
 * unit.terraform_structure) checks each against the structure of
 * Terraform's JSON syntax.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "backend_harness.h"

typedef cg_run tf_run;

/* mkdir -p for the corpus directory. */
static void make_dirs(const char *path)
{
	char buf[512];
	assert_true(strlen(path) < sizeof(buf));
	strcpy(buf, path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		assert_true(mkdir(buf, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
}

/* Keep every generated file for the structural check, under a name
 * that says which test made it. */
static void save_corpus(const tf_run *r, const char *name)
{
	for (uint32_t i = 0; i < r->cg.nfiles; i++) {
		char path[512];
		snprintf(path, sizeof(path), "terraform_corpus/%s/%s", name, r->cg.files[i].path);
		make_dirs(path);
		write_file(path, r->cg.files[i].data);
	}
}

/* Every local module the source names (source = "./NAME") exists, as
 * a directory with one main.tf: the generator copies it into the output
 * (compiler/codegen/tf_local.c). */
static void make_local_modules(const char *dir, const char *src)
{
	const char *p = src;
	while ((p = strstr(p, "source = \"./")) != NULL) {
		p += strlen("source = \"./");
		const char *end = strchr(p, '"');
		assert_non_null(end);
		char path[512];
		snprintf(path, sizeof(path), "%s/%.*s/main.tf", dir, (int)(end - p), p);
		make_dirs(path);
		write_file(path, "output \"address\" {\n  value = \"db.internal\"\n}\n");
	}
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void run(tf_run *r, const char *src, const char *env, int allow_unknown)
{
	memset(r, 0, sizeof(*r));
	strcpy(r->dir, "/tmp/stackc_tf_XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/main.stack", r->dir);
	write_file(path, src);
	make_local_modules(r->dir, src);
	cg_run_path(r, path, env, allow_unknown, cg_terraform);
	nftw(r->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void done(tf_run *r)
{
	cg_run_done(r);
}

/* Fail with the whole picture when a compilation did not go as
 * expected. */
static void expect_rc(const tf_run *r, int rc)
{
	if (r->rc == rc)
		return;
	for (uint32_t i = 0; i < r->cg.nfiles; i++)
		print_message("== %s\n%s", r->cg.files[i].path, r->cg.files[i].data);
	print_message("rc=%d, expected %d\n%s", r->rc, rc, r->rendered.buf);
	fail();
}

static const char *data_at(const tf_run *r, const char *path)
{
	const cg_file *f = cg_run_file(r, path);
	if (!f) {
		for (uint32_t i = 0; i < r->cg.nfiles; i++)
			print_message("have %s\n", r->cg.files[i].path);
		fail_msg("no file %s", path);
		return "";
	}
	assert_string_equal(f->target, "terraform");
	assert_int_equal(f->len, strlen(f->data));
	return f->data;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("%s\n--- does not contain ---\n%s", haystack, needle);
}

static void assert_lacks(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle))
		fail_msg("%s\n--- contains ---\n%s", haystack, needle);
}

/* ---- a module component ------------------------------------------------ */

/* `${"$"}{...}` is how a Stack string spells a literal "${" in these
 * sources; they are C strings, so '"' is escaped once more. */
static const char module_src[] = "import \"std/terraform\" as tf\n"
				 "import \"std/k8s\"\n"
				 "param db_password: secret = \"hunter2-canary\"\n"
				 "param size: string = \"small\"\n"
				 "env prod { size = \"large\" }\n"
				 "stack platform {\n"
				 "  component database: tf.module {\n"
				 "    source = \"terraform-aws-modules/rds/aws\"\n"
				 "    version = \"~> 6.0\"\n"
				 "    providers = { aws: \"aws\" }\n"
				 "    inputs = {\n"
				 "      size: size,\n"
				 "      password: db_password,\n"
				 "      banner: \"${\"$\"}{file(\\\"/etc/passwd\\\")}\",\n"
				 "      tags: { team: \"data\", \"cost-center\": 42 },\n"
				 "      zones: [\"a\", \"b\"],\n"
				 "      ratio: 0.25,\n"
				 "      public: false,\n"
				 "      snapshot: null,\n"
				 "    }\n"
				 "  }\n"
				 "  component api: k8s.app { image = \"ghcr.io/acme/api:1.0\" }\n"
				 "}\n";

static void test_module_component(void **state)
{
	(void)state;
	tf_run r;
	run(&r, module_src, "prod", 0);
	expect_rc(&r, 0);
	/* The k8s.app component is not this backend's business. */
	assert_int_equal(r.cg.nfiles, 1);
	assert_string_equal(data_at(&r, "prod/platform/terraform/database/main.tf.json"),
		"{\n"
		"  \"//\": \"generated by stackc from platform.database (std/terraform.module); do not edit\",\n"
		"  \"variable\": {\n"
		"    \"password\": {\n"
		"      \"type\": \"string\",\n"
		"      \"sensitive\": true,\n"
		"      \"description\": \"stackc secret: platform.database.inputs.password\"\n"
		"    }\n"
		"  },\n"
		"  \"module\": {\n"
		"    \"database\": {\n"
		"      \"source\": \"terraform-aws-modules/rds/aws\",\n"
		"      \"version\": \"~> 6.0\",\n"
		"      \"providers\": {\n"
		"        \"aws\": \"aws\"\n"
		"      },\n"
		"      \"size\": \"large\",\n"
		"      \"password\": \"${var.password}\",\n"
		"      \"banner\": \"$${file(\\\"/etc/passwd\\\")}\",\n"
		"      \"tags\": {\n"
		"        \"team\": \"data\",\n"
		"        \"cost-center\": 42\n"
		"      },\n"
		"      \"zones\": [\n"
		"        \"a\",\n"
		"        \"b\"\n"
		"      ],\n"
		"      \"ratio\": 0.25,\n"
		"      \"public\": false,\n"
		"      \"snapshot\": null\n"
		"    }\n"
		"  },\n"
		"  \"output\": {\n"
		"    \"outputs\": {\n"
		"      \"value\": \"${module.database}\",\n"
		"      \"sensitive\": true,\n"
		"      \"description\": \"every output of the module, by name (stackc)\"\n"
		"    }\n"
		"  }\n"
		"}\n");
	save_corpus(&r, "module");
	done(&r);
}

/* Without --env the directory is "default"; a module without version,
 * providers, inputs or secrets is just its source. */
static void test_module_minimal(void **state)
{
	(void)state;
	tf_run r;
	run(&r,
		"import \"std/terraform\" as tf\n"
		"stack data { component pg_main: tf.module { source = \"./infra/postgres\" } }\n",
		NULL, 0);
	expect_rc(&r, 0);
	assert_string_equal(data_at(&r, "default/data/terraform/pg-main/main.tf.json"),
		"{\n"
		"  \"//\": \"generated by stackc from data.pg_main (std/terraform.module); do not edit\",\n"
		"  \"module\": {\n"
		"    \"pg_main\": {\n"
		"      \"source\": \"./modules/postgres\"\n"
		"    }\n"
		"  },\n"
		"  \"output\": {\n"
		"    \"outputs\": {\n"
		"      \"value\": \"${module.pg_main}\",\n"
		"      \"sensitive\": true,\n"
		"      \"description\": \"every output of the module, by name (stackc)\"\n"
		"    }\n"
		"  }\n"
		"}\n");
	save_corpus(&r, "module-minimal");
	done(&r);
}

/* ---- a resources component --------------------------------------------- */

static const char resources_src[] =
	"import \"std/terraform\" as tf\n"
	"param token: secret = \"tok-canary\"\n"
	"stack storage {\n"
	"  component logs: tf.resources {\n"
	"    required_version = \">= 1.5.0\"\n"
	"    required_providers = { aws: { source: \"hashicorp/aws\", version: \"~> 5.0\" } }\n"
	"    backend = { s3: { bucket: \"acme-state\", key: \"logs/${\"$\"}{env}.tfstate\" } }\n"
	"    provider = { aws: [{ region: \"eu-west-1\" }, { alias: \"usw1\", region: \"us-west-1\", token: token }] }\n"
	"    variable = { prefix: { type: \"string\", default: \"a-${\"$\"}{b}\", description: \"the %{x} prefix\" } }\n"
	"    locals = { name: \"logs-${\"$\"}{var.prefix}\" }\n"
	"    data = { aws_caller_identity: { current: {} } }\n"
	"    resource = { aws_s3_bucket: { logs: {\n"
	"      bucket: \"acme-logs\",\n"
	"      tags: { \"owner/${\"$\"}{x}\": \"%{ if true }x%{ endif }\" },\n"
	"      provider: \"aws.usw1\",\n"
	"      depends_on: [\"data.aws_caller_identity.current\"],\n"
	"      lifecycle: { prevent_destroy: true },\n"
	"    } } }\n"
	"    module = { vpc: { source: \"terraform-aws-modules/vpc/aws\", version: \"5.1.0\", cidr: \"10.0.0.0/16\" } }\n"
	"    output = { bucket: { value: \"acme-logs\", description: \"the ${\"$\"}{bucket}\" }, token: { value: token } }\n"
	"  }\n"
	"}\n";

static void test_resources_component(void **state)
{
	(void)state;
	tf_run r;
	run(&r, resources_src, NULL, 0);
	expect_rc(&r, 0);
	assert_int_equal(r.cg.nfiles, 1);
	assert_string_equal(data_at(&r, "default/storage/terraform/logs/main.tf.json"),
		"{\n"
		"  \"//\": \"generated by stackc from storage.logs (std/terraform.resources); do not edit\",\n"
		"  \"terraform\": {\n"
		"    \"required_version\": \">= 1.5.0\",\n"
		"    \"required_providers\": {\n"
		"      \"aws\": {\n"
		"        \"source\": \"hashicorp/aws\",\n"
		"        \"version\": \"~> 5.0\"\n"
		"      }\n"
		"    },\n"
		"    \"backend\": {\n"
		"      \"s3\": {\n"
		"        \"bucket\": \"acme-state\",\n"
		"        \"key\": \"logs/${env}.tfstate\"\n"
		"      }\n"
		"    }\n"
		"  },\n"
		"  \"provider\": {\n"
		"    \"aws\": [\n"
		"      {\n"
		"        \"region\": \"eu-west-1\"\n"
		"      },\n"
		"      {\n"
		"        \"alias\": \"usw1\",\n"
		"        \"region\": \"us-west-1\",\n"
		"        \"token\": \"${var.provider_aws_1_token}\"\n"
		"      }\n"
		"    ]\n"
		"  },\n"
		"  \"variable\": {\n"
		"    \"prefix\": {\n"
		"      \"type\": \"string\",\n"
		"      \"default\": \"a-${b}\",\n"
		"      \"description\": \"the %{x} prefix\"\n"
		"    },\n"
		"    \"provider_aws_1_token\": {\n"
		"      \"type\": \"string\",\n"
		"      \"sensitive\": true,\n"
		"      \"description\": \"stackc secret: storage.logs.provider.aws[1].token\"\n"
		"    },\n"
		"    \"output_token_value\": {\n"
		"      \"type\": \"string\",\n"
		"      \"sensitive\": true,\n"
		"      \"description\": \"stackc secret: storage.logs.output.token.value\"\n"
		"    }\n"
		"  },\n"
		"  \"locals\": {\n"
		"    \"name\": \"logs-$${var.prefix}\"\n"
		"  },\n"
		"  \"data\": {\n"
		"    \"aws_caller_identity\": {\n"
		"      \"current\": {}\n"
		"    }\n"
		"  },\n"
		"  \"resource\": {\n"
		"    \"aws_s3_bucket\": {\n"
		"      \"logs\": {\n"
		"        \"bucket\": \"acme-logs\",\n"
		"        \"tags\": {\n"
		"          \"owner/$${x}\": \"%%{ if true }x%%{ endif }\"\n"
		"        },\n"
		"        \"provider\": \"aws.usw1\",\n"
		"        \"depends_on\": [\n"
		"          \"data.aws_caller_identity.current\"\n"
		"        ],\n"
		"        \"lifecycle\": {\n"
		"          \"prevent_destroy\": true\n"
		"        }\n"
		"      }\n"
		"    }\n"
		"  },\n"
		"  \"module\": {\n"
		"    \"vpc\": {\n"
		"      \"source\": \"terraform-aws-modules/vpc/aws\",\n"
		"      \"version\": \"5.1.0\",\n"
		"      \"cidr\": \"10.0.0.0/16\"\n"
		"    }\n"
		"  },\n"
		"  \"output\": {\n"
		"    \"bucket\": {\n"
		"      \"value\": \"acme-logs\",\n"
		"      \"description\": \"the ${bucket}\"\n"
		"    },\n"
		"    \"token\": {\n"
		"      \"value\": \"${var.output_token_value}\",\n"
		"      \"sensitive\": true\n"
		"    }\n"
		"  }\n"
		"}\n");
	save_corpus(&r, "resources");
	done(&r);
}

/* An empty resources component is just the comment: every block is
 * left out rather than written empty. */
static void test_resources_empty(void **state)
{
	(void)state;
	tf_run r;
	run(&r, "import \"std/terraform\" as tf\nstack s { component e: tf.resources { } }\n", NULL,
		0);
	expect_rc(&r, 0);
	assert_string_equal(data_at(&r, "default/s/terraform/e/main.tf.json"),
		"{\n"
		"  \"//\": \"generated by stackc from s.e (std/terraform.resources); do not edit\"\n"
		"}\n");
	done(&r);
}

/* ---- escaping ----------------------------------------------------------- */

/* Every template sequence in an expression position is escaped, keys
 * included; a lone '$' or '%', and text that is already an escape, are
 * escaped exactly once more so Terraform gives back the same text. */
static void test_escaping(void **state)
{
	(void)state;
	tf_run r;
	run(&r,
		"import \"std/terraform\" as tf\n"
		"stack s {\n"
		"  component m: tf.module {\n"
		"    source = \"./m\"\n"
		"    inputs = {\n"
		"      a: \"${\"$\"}{file(\\\"/etc/passwd\\\")}\",\n"
		"      b: \"%{ if true }x%{ endif }\",\n"
		"      c: \"${\"$$\"}{x} %%{ y } $ % ${\"$\"} {\",\n"
		"      d: [{ \"k${\"$\"}{x}\": \"%{\" }],\n"
		"      e: \"no templates: $5, 100%, {braces}\",\n"
		"    }\n"
		"  }\n"
		"}\n",
		NULL, 0);
	expect_rc(&r, 0);
	const char *d = data_at(&r, "default/s/terraform/m/main.tf.json");
	assert_contains(d, "\"a\": \"$${file(\\\"/etc/passwd\\\")}\"");
	assert_contains(d, "\"b\": \"%%{ if true }x%%{ endif }\"");
	assert_contains(d, "\"c\": \"$$${x} %%%{ y } $ % $ {\"");
	assert_contains(d, "\"k$${x}\": \"%%{\"");
	assert_contains(d, "\"e\": \"no templates: $5, 100%, {braces}\"");
	save_corpus(&r, "escaping");
	done(&r);
}

/* ---- secrets ------------------------------------------------------------ */

/* Variable names follow the value's path; clashes with the user's own
 * variables or between generated names take a suffix; a generated
 * variable is referenced, its value never written. */
static void test_secret_names(void **state)
{
	(void)state;
	tf_run r;
	run(&r,
		"import \"std/terraform\" as tf\n"
		"param pw: secret = \"pw-canary\"\n"
		"stack s {\n"
		"  component m: tf.module {\n"
		"    source = \"./m\"\n"
		"    inputs = {\n"
		"      db: { user: \"app\", password: pw },\n"
		"      db_password: pw,\n"
		"      keys: [pw, \"public\"],\n"
		"      dsn: \"postgres://app:${pw}@db\",\n"
		"    }\n"
		"  }\n"
		"  component r: tf.resources {\n"
		"    variable = { locals_x: { type: \"string\" } }\n"
		"    locals = { x: pw }\n"
		"  }\n"
		"}\n",
		NULL, 0);
	expect_rc(&r, 0);
	const char *m = data_at(&r, "default/s/terraform/m/main.tf.json");
	assert_contains(m,
		"\"db_password\": {\n"
		"      \"type\": \"string\",\n"
		"      \"sensitive\": true,\n"
		"      \"description\": \"stackc secret: s.m.inputs.db.password\"\n");
	assert_contains(m,
		"\"db_password_2\": {\n"
		"      \"type\": \"string\",\n"
		"      \"sensitive\": true,\n"
		"      \"description\": \"stackc secret: s.m.inputs.db_password\"\n");
	assert_contains(m, "\"keys_0\": {");
	assert_contains(m, "\"password\": \"${var.db_password}\"");
	assert_contains(m, "\"db_password\": \"${var.db_password_2}\"");
	assert_contains(m, "\"keys\": [\n        \"${var.keys_0}\",\n        \"public\"\n      ]");
	/* An interpolation with a secret part is a secret as a whole. */
	assert_contains(m, "\"dsn\": \"${var.dsn}\"");
	const char *res = data_at(&r, "default/s/terraform/r/main.tf.json");
	assert_contains(res, "\"locals_x_2\": {");
	assert_contains(res, "\"x\": \"${var.locals_x_2}\"");
	for (uint32_t i = 0; i < r.cg.nfiles; i++)
		assert_lacks(r.cg.files[i].data, "canary");
	save_corpus(&r, "secrets");
	done(&r);
}

/* Where Terraform reads a value literally, a variable cannot stand in
 * for a secret: that is an error, and the secret is not shown. */
static void test_secret_in_literal_position(void **state)
{
	(void)state;
	tf_run r;
	run(&r,
		"import \"std/terraform\" as tf\n"
		"param pw: secret = \"pw-canary\"\n"
		"stack s {\n"
		"  component r: tf.resources {\n"
		"    backend = { s3: { bucket: \"b\", secret_key: pw } }\n"
		"    variable = { v: { type: \"string\", default: pw } }\n"
		"  }\n"
		"  component m: tf.module { source = \"./m\"\n version = pw }\n"
		"}\n",
		NULL, 0);
	expect_rc(&r, -1);
	assert_int_equal(r.cg.nfiles, 0);
	assert_int_equal(r.diags.errors, 3);
	assert_contains(r.rendered.buf,
		"error[E0712]: 'backend.s3.secret_key' of component 's.r' is a secret, and "
		"Terraform reads this position literally: it would be written into the file");
	assert_contains(r.rendered.buf, "error[E0712]: 'variable.v.default' of component 's.r'");
	assert_contains(r.rendered.buf, "error[E0712]: 'version' of component 's.m'");
	assert_lacks(r.rendered.buf, "canary");
	done(&r);
}

/* ---- values known after apply ------------------------------------------ */

static const char unknown_src[] = "import \"std/terraform\" as tf\n"
				  "stack data {\n"
				  "  component database: tf.module { source = \"./db\" }\n"
				  "  component app: tf.module {\n"
				  "    source = \"./app\"\n"
				  "    inputs = { db_host: database.outputs.address, port: 5432 }\n"
				  "  }\n"
				  "}\n";

static void test_unknown_is_an_error(void **state)
{
	(void)state;
	tf_run r;
	run(&r, unknown_src, NULL, 0);
	expect_rc(&r, -1);
	/* The producer itself is fine: its own outputs are not written.
	 * Its files: the configuration and the copy of its local module. */
	assert_int_equal(r.cg.nfiles, 2);
	data_at(&r, "default/data/terraform/database/main.tf.json");
	data_at(&r, "default/data/terraform/database/modules/db/main.tf");
	assert_int_equal(r.diags.errors, 1);
	assert_contains(r.rendered.buf,
		":6:16: error[E0711]: 'inputs.db_host' of component 'data.app' is known only "
		"after apply of 'data.database' (outputs.address)\n"
		"   6 |     inputs = { db_host: database.outputs.address, port: 5432 }\n"
		"     |                ^~~~~~~\n");
	assert_contains(r.rendered.buf,
		":4:13: note: component 'data.app' is declared here\n"
		"   4 |   component app: tf.module {\n"
		"     |             ^~~\n");
	assert_contains(r.rendered.buf,
		":6:25: note: the value 'data.database.outputs.address' comes from here\n"
		"   6 |     inputs = { db_host: database.outputs.address, port: 5432 }\n"
		"     |                         ^~~~~~~~~~~~~~~~~~~~~~~~\n"
		"   = hint: run `stackc build --state` after applying 'data.database', or pass "
		"--allow-unknown to render a placeholder\n");
	done(&r);
}

static void test_unknown_placeholder(void **state)
{
	(void)state;
	tf_run r;
	run(&r, unknown_src, NULL, 1);
	expect_rc(&r, 0);
	assert_int_equal(r.diags.errors, 0);
	const char *d = data_at(&r, "default/data/terraform/app/main.tf.json");
	assert_contains(d,
		"\"db_host\": \"(known after apply: data.database.outputs.address)\",\n"
		"      \"port\": 5432\n");
	save_corpus(&r, "unknown-placeholder");
	done(&r);
}

/* A value known after apply may stand for any type when conformed, so
 * whole blocks, and maps of blocks, may be unknown. */
static void test_unknown_blocks(void **state)
{
	(void)state;
	static const char src[] =
		"import \"std/terraform\" as tf\n"
		"stack s {\n"
		"  component a: tf.module { source = \"./a\" }\n"
		"  component r: tf.resources {\n"
		"    provider = a.outputs.providers\n"
		"    variable = a.outputs.variables\n"
		"    resource = { aws_s3_bucket: a.outputs.buckets, null_resource: { x: a.outputs.x } }\n"
		"    data = a.outputs.data\n"
		"    output = a.outputs.decls\n"
		"  }\n"
		"  component m: tf.module { source = \"./m\"\n inputs = a.outputs }\n"
		"}\n";
	tf_run r;
	run(&r, src, NULL, 0);
	expect_rc(&r, -1);
	assert_int_equal(r.diags.errors, 7);
	assert_contains(r.rendered.buf, "'provider' of component 's.r' is known only after apply");
	assert_contains(r.rendered.buf,
		"'resource.aws_s3_bucket' of component 's.r' is known only after apply");
	assert_contains(r.rendered.buf,
		"'resource.null_resource.x' of component 's.r' is known only after apply");
	assert_contains(r.rendered.buf, "'inputs' of component 's.m' is known only after apply");
	done(&r);

	run(&r, src, NULL, 1);
	expect_rc(&r, 0);
	const char *d = data_at(&r, "default/s/terraform/r/main.tf.json");
	assert_contains(d, "\"provider\": \"(known after apply: s.a.outputs.providers)\"");
	assert_contains(d, "\"variable\": \"(known after apply: s.a.outputs.variables)\"");
	assert_contains(d, "\"aws_s3_bucket\": \"(known after apply: s.a.outputs.buckets)\"");
	assert_contains(d, "\"x\": \"(known after apply: s.a.outputs.x)\"");
	done(&r);
}

/* ---- other errors ------------------------------------------------------- */

static void test_bad_names(void **state)
{
	(void)state;
	tf_run r;
	run(&r,
		"import \"std/terraform\" as tf\n"
		"stack s {\n"
		"  component r: tf.resources {\n"
		"    resource = { \"aws s3\": { \"1st\": {} } }\n"
		"    output = { \"a.b\": { value: 1 } }\n"
		"  }\n"
		"  component m: tf.module { source = \"./m\"\n inputs = { \"x-${\"$\"}{y}\": 1, lifecycle: 2 } }\n"
		"}\n",
		NULL, 0);
	expect_rc(&r, -1);
	assert_int_equal(r.cg.nfiles, 0);
	assert_int_equal(r.diags.errors, 5);
	assert_contains(r.rendered.buf,
		"error[E0713]: resource type 'aws s3' in 'resource' of component 's.r' is not a "
		"Terraform name");
	assert_contains(r.rendered.buf,
		"= hint: Terraform names are letters, digits, '_' and '-', starting with a letter "
		"or '_'");
	assert_contains(r.rendered.buf,
		"error[E0713]: resource name '1st' in 'resource[\"aws s3\"]' of component 's.r'");
	assert_contains(r.rendered.buf, "error[E0713]: output name 'a.b' in 'output'");
	assert_contains(r.rendered.buf,
		"error[E0713]: module input name 'x-${y}' in 'inputs' of component 's.m'");
	assert_contains(r.rendered.buf,
		"error[E0713]: module input name 'lifecycle' in 'inputs' of component 's.m' is "
		"reserved by Terraform");
	done(&r);
}

static void test_not_data(void **state)
{
	(void)state;
	tf_run r;
	run(&r,
		"import \"std/terraform\" as tf\n"
		"stack s { component m: tf.module { source = \"./m\"\n inputs = { f: len } } }\n",
		NULL, 0);
	expect_rc(&r, -1);
	assert_contains(r.rendered.buf,
		"error[E0714]: 'inputs.f' of component 's.m' is a function, which cannot be "
		"written as Terraform JSON");
	done(&r);
}

/* Two identifiers that differ only in case would share a directory. */
static void test_path_collision(void **state)
{
	(void)state;
	tf_run r;
	run(&r,
		"import \"std/terraform\" as tf\n"
		"stack s {\n"
		"  component db: tf.module { source = \"./a\" }\n"
		"  component Db: tf.module { source = \"./b\" }\n"
		"}\n",
		NULL, 0);
	expect_rc(&r, -1);
	/* db's configuration and its module's copy; nothing of Db. */
	assert_int_equal(r.cg.nfiles, 2);
	assert_contains(r.rendered.buf,
		":4:13: error[E0715]: component 's.Db' would be written to "
		"'default/s/terraform/db/main.tf.json', like another component whose name "
		"differs only in case");
	done(&r);
}

/* ---- paths, determinism ------------------------------------------------- */

/* Components of nested stack instances are named by their path below
 * the root stack, so equal names in two instances do not collide. */
static void test_nested_instances(void **state)
{
	(void)state;
	tf_run r;
	run(&r,
		"import \"std/terraform\" as tf\n"
		"stack region(name: string) {\n"
		"  component net: tf.module { source = \"./net\"\n inputs = { region: name } }\n"
		"}\n"
		"stack Global {\n"
		"  component eu_west: region { name = \"eu-west-1\" }\n"
		"  component us_east: region { name = \"us-east-1\" }\n"
		"}\n",
		NULL, 0);
	expect_rc(&r, 0);
	assert_int_equal(r.cg.nfiles, 4); /* with the module's copy each */
	assert_contains(data_at(&r, "default/global/terraform/eu-west.net/main.tf.json"),
		"\"region\": \"eu-west-1\"");
	assert_contains(data_at(&r, "default/global/terraform/us-east.net/main.tf.json"),
		"\"region\": \"us-east-1\"");
	save_corpus(&r, "nested");
	done(&r);
}

static void test_deterministic(void **state)
{
	(void)state;
	tf_run a, b;
	run(&a, resources_src, NULL, 0);
	run(&b, resources_src, NULL, 0);
	expect_rc(&a, 0);
	expect_rc(&b, 0);
	assert_int_equal(a.cg.nfiles, b.cg.nfiles);
	for (uint32_t i = 0; i < a.cg.nfiles; i++) {
		assert_string_equal(a.cg.files[i].path, b.cg.files[i].path);
		assert_string_equal(a.cg.files[i].data, b.cg.files[i].data);
	}
	done(&a);
	done(&b);
}

/* ---- cases for terraform itself ----------------------------------------- */

/* Configurations that need nothing but Terraform's built-in provider,
 * with expect.json: the outputs Terraform must report after apply, and
 * the secret variables to pass as TF_VAR_NAME. check_tf_json.py applies
 * them when terraform is installed (reliability.md test G4): escaped
 * text comes back literally, a secret arrives through its variable. */
static void test_apply_cases(void **state)
{
	(void)state;
	tf_run r;
	run(&r,
		"import \"std/terraform\" as tf\n"
		"param pw: secret = \"s3cr3t\"\n"
		"stack g4 {\n"
		"  component data: tf.resources {\n"
		"    resource = { terraform_data: { t: { input: {\n"
		"      a: \"${\"$\"}{file(\\\"/etc/passwd\\\")}\",\n"
		"      b: \"%{ if true }x%{ endif }\",\n"
		"      c: \"${\"$$\"}{x} %%{ y } $ % ${\"$\"}\",\n"
		"      \"k${\"$\"}{x}\": \"v\",\n"
		"    } } } }\n"
		"    locals = { pw: pw }\n"
		"    output = {\n"
		"      literal: { value: \"${\"$\"}{path.module}\", description: \"${\"$\"}{x}\" },\n"
		"      texts: { value: {\n"
		"        a: \"${\"$\"}{file(\\\"/etc/passwd\\\")}\",\n"
		"        b: \"%{ if true }x%{ endif }\",\n"
		"        c: \"${\"$$\"}{x} %%{ y } $ % ${\"$\"}\",\n"
		"        \"k${\"$\"}{x}\": \"v\",\n"
		"      } },\n"
		"      pw: { value: pw },\n"
		"    }\n"
		"  }\n"
		"  component echo: tf.module {\n"
		"    source = \"./echo\"\n"
		"    inputs = { text: \"${\"$\"}{path.root} %{ if true }x%{ endif }\", secret: pw }\n"
		"  }\n"
		"}\n",
		NULL, 0);
	expect_rc(&r, 0);
	const char *res = data_at(&r, "default/g4/terraform/data/main.tf.json");
	assert_contains(res, "\"output_pw_value\": {");
	assert_contains(res, "\"locals_pw\": {");
	/* One configuration per case directory: each is applied on its own
	 * with the variables of its expect.json. */
	make_dirs("terraform_corpus/apply-resources/default/g4/terraform/data/main.tf.json");
	write_file("terraform_corpus/apply-resources/default/g4/terraform/data/main.tf.json", res);
	write_file("terraform_corpus/apply-resources/expect.json",
		"{\"vars\": {\"locals_pw\": \"s3cr3t\", \"output_pw_value\": \"s3cr3t\"},\n"
		" \"outputs\": {\"literal\": \"${path.module}\", \"pw\": \"s3cr3t\",\n"
		"  \"texts\": {\"a\": \"${file(\\\"/etc/passwd\\\")}\", \"b\": \"%{ if true }x%{ endif }\",\n"
		"   \"c\": \"$${x} %%{ y } $ % $\", \"k${x}\": \"v\"}}}\n");
	const char *echo = data_at(&r, "default/g4/terraform/echo/main.tf.json");
	make_dirs("terraform_corpus/apply-module/default/g4/terraform/echo/main.tf.json");
	write_file("terraform_corpus/apply-module/default/g4/terraform/echo/main.tf.json", echo);
	write_file("terraform_corpus/apply-module/expect.json",
		"{\"vars\": {\"secret\": \"s3cr3t\"},\n"
		" \"outputs\": {\"outputs\": {\"text\": \"${path.root} %{ if true }x%{ endif }\",\n"
		" \"secret\": \"s3cr3t\"}}}\n");
	done(&r);
}

int main(void)
{
	/* A fresh corpus: files of a case that no longer exists must not be
	 * checked again. */
	if (system("rm -rf terraform_corpus") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_module_component),
		cmocka_unit_test(test_module_minimal),
		cmocka_unit_test(test_resources_component),
		cmocka_unit_test(test_resources_empty),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_secret_names),
		cmocka_unit_test(test_secret_in_literal_position),
		cmocka_unit_test(test_unknown_is_an_error),
		cmocka_unit_test(test_unknown_placeholder),
		cmocka_unit_test(test_unknown_blocks),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_not_data),
		cmocka_unit_test(test_path_collision),
		cmocka_unit_test(test_nested_instances),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_apply_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

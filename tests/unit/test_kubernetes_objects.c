/* test_kubernetes_objects.c - unit tests for the Kubernetes backend
 * (compiler/codegen/kubernetes.c, k8s_objects.c) with objects spelled
 * out as records of std/k8s's kinds and as plain maps (names,
 * namespaces, labels, key order), user schemas carrying objects, and
 * every E070x error with its message, and --allow-unknown's
 * placeholders. The harness is k8s_harness.h; the hello example and
 * std/k8s.app are in test_kubernetes.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "k8s_harness.h"

/* ---- objects spelled out ----------------------------------------------------- */

static const char records_src[] =
	"import \"std/k8s\"\n"
	"\n"
	"param preinstalled_crds: list[string] = [\"cert-manager.io\"]\n"
	"\n"
	"stack platform {\n"
	"  component team_ns: k8s.Namespace { metadata = { labels: { team: \"a\" } } }\n"
	"  component settings: k8s.ConfigMap { data = { enabled: \"yes\", port: \"8080\", empty: \"\" } }\n"
	"  component echo: k8s.Deployment {\n"
	"    metadata = { name: \"echo\", namespace: \"tools\" }\n"
	"    spec = {\n"
	"      replicas: 2,\n"
	"      selector: { matchLabels: { app: \"echo\" } },\n"
	"      template: {\n"
	"        metadata: { labels: { app: \"echo\" } },\n"
	"        spec: { containers: [{ name: \"echo\", image: \"ealen/echo-server:0.9.2\" }] },\n"
	"      },\n"
	"    }\n"
	"  }\n"
	"  component extra: k8s.manifests {\n"
	"    objects = [\n"
	"      { kind: \"ClusterIssuer\", apiVersion: \"cert-manager.io/v1\", spec: { selfSigned: {} }, metadata: { name: \"selfsigned\" } },\n"
	"      { apiVersion: \"cert-manager.io/v1\", kind: \"Certificate\", spec: { secretName: \"tls\", issuerRef: { name: \"selfsigned\", kind: \"ClusterIssuer\" } } },\n"
	"    ]\n"
	"  }\n"
	"}\n";

/* Records of the core kinds and plain maps: the component names what is
 * unnamed, the stack is the namespace (none for the Namespace and the
 * cluster-scoped ClusterIssuer), a Deployment's own selector is kept and
 * its pods get the standard labels too; keys in Kubernetes order. */
static void test_records_and_maps(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, records_src, NULL, 0);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.rendered.buf, "");
	assert_string_equal(paths(&r),
		"default/platform/kubernetes/team-ns/00-namespace-team-ns.yaml\n"
		"default/platform/kubernetes/settings/00-configmap-settings.yaml\n"
		"default/platform/kubernetes/echo/00-deployment-echo.yaml\n"
		"default/platform/kubernetes/extra/00-clusterissuer-selfsigned.yaml\n"
		"default/platform/kubernetes/extra/01-certificate-extra.yaml\n");
	assert_string_equal(
		data_at(&r, "default/platform/kubernetes/team-ns/00-namespace-team-ns.yaml"),
		"apiVersion: v1\n"
		"kind: Namespace\n"
		"metadata:\n"
		"  name: team-ns\n"
		"  labels:\n"
		"    app.kubernetes.io/name: team-ns\n"
		"    app.kubernetes.io/instance: platform-team-ns\n"
		"    app.kubernetes.io/part-of: platform\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"    team: a\n");
	assert_string_equal(
		data_at(&r, "default/platform/kubernetes/settings/00-configmap-settings.yaml"),
		"apiVersion: v1\n"
		"kind: ConfigMap\n"
		"metadata:\n"
		"  name: settings\n"
		"  namespace: platform\n"
		"  labels:\n"
		"    app.kubernetes.io/name: settings\n"
		"    app.kubernetes.io/instance: platform-settings\n"
		"    app.kubernetes.io/part-of: platform\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"data:\n"
		"  enabled: \"yes\"\n"
		"  port: \"8080\"\n"
		"  empty: \"\"\n");
	assert_string_equal(data_at(&r, "default/platform/kubernetes/echo/00-deployment-echo.yaml"),
		"apiVersion: apps/v1\n"
		"kind: Deployment\n"
		"metadata:\n"
		"  name: echo\n"
		"  namespace: tools\n"
		"  labels:\n"
		"    app.kubernetes.io/name: echo\n"
		"    app.kubernetes.io/instance: platform-echo\n"
		"    app.kubernetes.io/part-of: platform\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"spec:\n"
		"  replicas: 2\n"
		"  selector:\n"
		"    matchLabels:\n"
		"      app: echo\n"
		"  template:\n"
		"    metadata:\n"
		"      labels:\n"
		"        app.kubernetes.io/name: echo\n"
		"        app.kubernetes.io/instance: platform-echo\n"
		"        app.kubernetes.io/part-of: platform\n"
		"        app.kubernetes.io/managed-by: stackc\n"
		"        app: echo\n"
		"    spec:\n"
		"      containers:\n"
		"      - name: echo\n"
		"        image: ealen/echo-server:0.9.2\n");
	assert_string_equal(
		data_at(&r, "default/platform/kubernetes/extra/00-clusterissuer-selfsigned.yaml"),
		"apiVersion: cert-manager.io/v1\n"
		"kind: ClusterIssuer\n"
		"metadata:\n"
		"  name: selfsigned\n"
		"  labels:\n"
		"    app.kubernetes.io/name: extra\n"
		"    app.kubernetes.io/instance: platform-extra\n"
		"    app.kubernetes.io/part-of: platform\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"spec:\n"
		"  selfSigned: {}\n");
	assert_string_equal(
		data_at(&r, "default/platform/kubernetes/extra/01-certificate-extra.yaml"),
		"apiVersion: cert-manager.io/v1\n"
		"kind: Certificate\n"
		"metadata:\n"
		"  name: extra\n"
		"  namespace: platform\n"
		"  labels:\n"
		"    app.kubernetes.io/name: extra\n"
		"    app.kubernetes.io/instance: platform-extra\n"
		"    app.kubernetes.io/part-of: platform\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"spec:\n"
		"  secretName: tls\n"
		"  issuerRef:\n"
		"    name: selfsigned\n"
		"    kind: ClusterIssuer\n");
	done(&r);
}

static const char userschema_src[] =
	"import \"std/k8s\"\n"
	"\n"
	"# A team's own kind: an app with a fixed registry and a sidecar-free\n"
	"# Deployment, built with the stdlib's functions.\n"
	"schema service {\n"
	"  image: string\n"
	"  manifests: list[map[any]] = [k8s.app_deployment({ name: null, namespace: null, labels: {}, image: \"registry.acme.dev/${image}\", replicas: 2, ports: [80], env_secrets: {}, resources: null, probes: null, autoscale: null })]\n"
	"}\n"
	"\n"
	"stack shop {\n"
	"  component cart: service { image = \"cart:3.1\" }\n"
	"}\n";

/* A schema of the user's with a `manifests` field gets what an app's
 * objects get: selector, container name; its empty env is dropped. */
static void test_user_schema(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, userschema_src, NULL, 0);
	assert_int_equal(r.rc, 0);
	assert_string_equal(paths(&r), "default/shop/kubernetes/cart/00-deployment-cart.yaml\n");
	assert_string_equal(data_at(&r, "default/shop/kubernetes/cart/00-deployment-cart.yaml"),
		"apiVersion: apps/v1\n"
		"kind: Deployment\n"
		"metadata:\n"
		"  name: cart\n"
		"  namespace: shop\n"
		"  labels:\n"
		"    app.kubernetes.io/name: cart\n"
		"    app.kubernetes.io/instance: shop-cart\n"
		"    app.kubernetes.io/part-of: shop\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"spec:\n"
		"  replicas: 2\n"
		"  selector:\n"
		"    matchLabels:\n"
		"      app.kubernetes.io/name: cart\n"
		"      app.kubernetes.io/instance: shop-cart\n"
		"  template:\n"
		"    metadata:\n"
		"      labels:\n"
		"        app.kubernetes.io/name: cart\n"
		"        app.kubernetes.io/instance: shop-cart\n"
		"        app.kubernetes.io/part-of: shop\n"
		"        app.kubernetes.io/managed-by: stackc\n"
		"    spec:\n"
		"      containers:\n"
		"      - name: cart\n"
		"        image: registry.acme.dev/cart:3.1\n"
		"        ports:\n"
		"        - containerPort: 80\n");
	done(&r);
}

static const char others_src[] =
	"import \"std/k8s\"\n"
	"import \"std/helm\"\n"
	"import \"std/terraform\" as tf\n"
	"\n"
	"stack platform {\n"
	"  component db: tf.module { source = \"./db\" }\n"
	"  component ingress_nginx: helm.release {\n"
	"    repo = \"https://kubernetes.github.io/ingress-nginx\"\n"
	"    chart = \"ingress-nginx\"\n"
	"    version = \"4.11.3\"\n"
	"    namespace = \"ingress-nginx\"\n"
	"  }\n"
	"  component settings = { apiVersion: \"v1\", kind: \"ConfigMap\" }\n"
	"}\n";

/* Helm releases, Terraform modules and plain values are other
 * backends' business. */
static void test_not_kubernetes(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, others_src, NULL, 0);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.cg.nfiles, 0);
	done(&r);
}

/* ---- errors ------------------------------------------------------------------- */

static const char secret_src[] =
	"import \"std/k8s\"\n"
	"\n"
	"param token: secret\n"
	"\n"
	"stack shop {\n"
	"  component web: k8s.app {\n"
	"    image = \"nginx:1.27\"\n"
	"    env = { TOKEN: token, MODE: \"plain\" }\n"
	"  }\n"
	"  component cfg: k8s.ConfigMap { data = { dsn: \"postgres://app:${token}@db/app\" } }\n"
	"}\n";

/* E0701: a secret never reaches a manifest, by value or interpolated;
 * the canary (given as --set token=...) is nowhere in the output or the
 * messages. */
static void test_secret(void **state)
{
	(void)state;
	k8s_run r;
	run_set(&r, secret_src, "token", "s3cr3t-canary");
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.rendered.buf,
		"main.stack:6:13: error[E0701]: spec.template.spec.containers[0].env[0].value of Deployment 'web' (component 'shop.web') is a secret, which must not be written into manifests\n"
		"   6 |   component web: k8s.app {\n"
		"     |             ^~~\n"
		"   = hint: rendered manifests end up in Git: read the value from a Secret in the cluster instead (`env_secrets` of k8s.app, or a secretKeyRef to a Secret made by an ExternalSecret or a SealedSecret)\n"
		"main.stack:10:48: error[E0701]: data.dsn of ConfigMap 'cfg' (component 'shop.cfg') is a secret, which must not be written into manifests\n"
		"   10 |   component cfg: k8s.ConfigMap { data = { dsn: \"postgres://app:${token}@db/app\" } }\n"
		"      |                                                ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
		"main.stack:10:13: note: component 'shop.cfg' is declared here\n"
		"   10 |   component cfg: k8s.ConfigMap { data = { dsn: \"postgres://app:${token}@db/app\" } }\n"
		"      |             ^~~\n"
		"   = hint: rendered manifests end up in Git: read the value from a Secret in the cluster instead (`env_secrets` of k8s.app, or a secretKeyRef to a Secret made by an ExternalSecret or a SealedSecret)\n");
	for (uint32_t i = 0; i < r.cg.nfiles; i++)
		assert_null(strstr(r.cg.files[i].data, "s3cr3t-canary"));
	assert_null(strstr(r.rendered.buf, "s3cr3t-canary"));
	done(&r);
}

static const char unknown_src[] = "import \"std/k8s\"\n"
				  "import \"std/terraform\" as tf\n"
				  "\n"
				  "stack platform {\n"
				  "  component database: tf.module { source = \"./db\" }\n"
				  "  component api: k8s.app {\n"
				  "    image = \"ghcr.io/acme/api:1.4.2\"\n"
				  "    env = { DB_HOST: database.outputs.address }\n"
				  "  }\n"
				  "}\n";

/* E0702: a value known only after apply, named with its producer. */
static void test_unknown(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, unknown_src, NULL, 0);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.rendered.buf,
		"main.stack:8:22: error[E0702]: spec.template.spec.containers[0].env[0].value of Deployment 'api' (component 'platform.api') is known only after apply of 'platform.database' (outputs.address)\n"
		"   8 |     env = { DB_HOST: database.outputs.address }\n"
		"     |                      ^~~~~~~~~~~~~~~~~~~~~~~~\n"
		"main.stack:6:13: note: component 'platform.api' is declared here\n"
		"   6 |   component api: k8s.app {\n"
		"     |             ^~~\n"
		"   = hint: run `stackc build --state` after applying 'platform.database', or pass --allow-unknown to render a placeholder\n");
	done(&r);
}

/* --allow-unknown: the placeholder is written instead. */
static void test_unknown_allowed(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, unknown_src, NULL, 1);
	assert_int_equal(r.rc, 0);
	assert_contains(data_at(&r, "default/platform/kubernetes/api/01-deployment-api.yaml"),
		"        env:\n"
		"        - name: DB_HOST\n"
		"          value: \"(known after apply: platform.database.outputs.address)\"\n");
	done(&r);
}

static const char unknown_name_src[] =
	"import \"std/k8s\"\n"
	"import \"std/terraform\" as tf\n"
	"\n"
	"stack platform {\n"
	"  component database: tf.module { source = \"./db\" }\n"
	"  component cfg: k8s.ConfigMap { metadata = { name: database.outputs.name } }\n"
	"}\n";

/* An object's name must be known, even with --allow-unknown. */
static void test_unknown_name(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, unknown_name_src, NULL, 1);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.rendered.buf,
		"main.stack:6:53: error[E0702]: metadata.name of object 1 of component 'platform.cfg' is known only after apply of 'platform.database' (outputs.name)\n"
		"   6 |   component cfg: k8s.ConfigMap { metadata = { name: database.outputs.name } }\n"
		"     |                                                     ^~~~~~~~~~~~~~~~~~~~~\n"
		"   = hint: an object's name and namespace must be known to render it, even with --allow-unknown\n");
	assert_int_equal(r.cg.nfiles, 0);
	done(&r);
}

static const char names_src[] =
	"import \"std/k8s\"\n"
	"\n"
	"stack Shop {\n"
	"  component Web: k8s.app { image = \"nginx:1.27\" }\n"
	"}\n"
	"\n"
	"stack a_rather_long_stack_name_for_a_test {\n"
	"  component with_a_much_longer_component_name: k8s.app { image = \"nginx:1.27\" }\n"
	"  component objs: k8s.manifests {\n"
	"    objects = [\n"
	"      { apiVersion: \"v1\", kind: \"ConfigMap\", metadata: { name: \"My_Config\" } },\n"
	"      { apiVersion: \"v1\", kind: \"Service\", metadata: { name: \"1svc\" } },\n"
	"      { apiVersion: \"v1\", kind: \"ConfigMap\", metadata: { name: \"ok\", namespace: \"Bad_NS\" } },\n"
	"    ]\n"
	"  }\n"
	"}\n";

/* E0703: names Kubernetes refuses, each reported where it was written. */
static void test_names(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, names_src, NULL, 0);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.rendered.buf,
		"main.stack:4:13: error[E0703]: the Kubernetes name 'Web' of component 'Shop.Web' is not a DNS-1123 label\n"
		"   4 |   component Web: k8s.app { image = \"nginx:1.27\" }\n"
		"     |             ^~~\n"
		"   = hint: a Kubernetes name is at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit; rename the component or set its `name`\n"
		"main.stack:3:7: error[E0703]: the Kubernetes name 'Shop' of stack 'Shop' is not a DNS-1123 label\n"
		"   3 | stack Shop {\n"
		"     |       ^~~~\n"
		"   = hint: a Kubernetes name is at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit; the stack's name names its directory of manifests, its default namespace and its part-of label\n"
		"main.stack:8:13: error[E0703]: the label app.kubernetes.io/instance 'a-rather-long-stack-name-for-a-test-with-a-much-longer-component-name' of component 'a_rather_long_stack_name_for_a_test.with_a_much_longer_component_name' is longer than 63 characters\n"
		"   8 |   component with_a_much_longer_component_name: k8s.app { image = \"nginx:1.27\" }\n"
		"     |             ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
		"   = hint: give the component a shorter name\n"
		"main.stack:11:64: error[E0703]: the name 'My_Config' of a ConfigMap of component 'a_rather_long_stack_name_for_a_test.objs' is not a DNS-1123 subdomain (DNS-1123 labels joined by '.')\n"
		"   11 |       { apiVersion: \"v1\", kind: \"ConfigMap\", metadata: { name: \"My_Config\" } },\n"
		"      |                                                                ^~~~~~~~~~~\n"
		"main.stack:9:13: note: component 'a_rather_long_stack_name_for_a_test.objs' is declared here\n"
		"    9 |   component objs: k8s.manifests {\n"
		"      |             ^~~~\n"
		"   = hint: a Kubernetes name is at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit\n"
		"main.stack:12:62: error[E0703]: the name '1svc' of a Service of component 'a_rather_long_stack_name_for_a_test.objs' is not a DNS-1035 label (a DNS-1123 label starting with a letter)\n"
		"   12 |       { apiVersion: \"v1\", kind: \"Service\", metadata: { name: \"1svc\" } },\n"
		"      |                                                              ^~~~~~\n"
		"main.stack:9:13: note: component 'a_rather_long_stack_name_for_a_test.objs' is declared here\n"
		"    9 |   component objs: k8s.manifests {\n"
		"      |             ^~~~\n"
		"   = hint: a Kubernetes name is at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit\n"
		"main.stack:13:81: error[E0703]: the namespace 'Bad_NS' of ConfigMap 'ok' (component 'a_rather_long_stack_name_for_a_test.objs') is not a DNS-1123 label\n"
		"   13 |       { apiVersion: \"v1\", kind: \"ConfigMap\", metadata: { name: \"ok\", namespace: \"Bad_NS\" } },\n"
		"      |                                                                                 ^~~~~~~~\n"
		"main.stack:9:13: note: component 'a_rather_long_stack_name_for_a_test.objs' is declared here\n"
		"    9 |   component objs: k8s.manifests {\n"
		"      |             ^~~~\n"
		"   = hint: a Kubernetes name is at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit\n");
	done(&r);
}

static const char dup_src[] =
	"import \"std/k8s\"\n"
	"\n"
	"stack shop {\n"
	"  component cfg_a: k8s.manifests {\n"
	"    objects = [{ apiVersion: \"v1\", kind: \"ConfigMap\", metadata: { name: \"shared\" } }]\n"
	"  }\n"
	"  component cfg_b: k8s.ConfigMap { metadata = { name: \"shared\" } }\n"
	"  component other_ns: k8s.ConfigMap { metadata = { name: \"shared\", namespace: \"other\" } }\n"
	"  component twice: k8s.manifests {\n"
	"    objects = [\n"
	"      { apiVersion: \"v1\", kind: \"Secret\", metadata: { name: \"s\" } },\n"
	"      { apiVersion: \"v1\", kind: \"Secret\", metadata: { name: \"s\" } },\n"
	"    ]\n"
	"  }\n"
	"}\n";

/* E0704: one object from two components, or twice from one. The same
 * name in another namespace is another object. */
static void test_duplicates(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, dup_src, NULL, 0);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.rendered.buf,
		"main.stack:7:13: error[E0704]: component 'shop.cfg_b' produces ConfigMap 'shared' in namespace 'shop', which component 'shop.cfg_a' produces too\n"
		"   7 |   component cfg_b: k8s.ConfigMap { metadata = { name: \"shared\" } }\n"
		"     |             ^~~~~\n"
		"main.stack:4:13: note: 'shop.cfg_a' is declared here\n"
		"   4 |   component cfg_a: k8s.manifests {\n"
		"     |             ^~~~~\n"
		"   = hint: give one of the objects another name or namespace\n"
		"main.stack:9:13: error[E0704]: component 'shop.twice' produces Secret 's' in namespace 'shop' twice\n"
		"   9 |   component twice: k8s.manifests {\n"
		"     |             ^~~~~\n"
		"   = hint: give one of the objects another name or namespace\n");
	assert_non_null(data_at(&r, "default/shop/kubernetes/other-ns/00-configmap-shared.yaml"));
	done(&r);
}

static const char samedir_src[] = "import \"std/k8s\"\n"
				  "\n"
				  "stack shop {\n"
				  "  component web: k8s.app { image = \"nginx:1.27\" }\n"
				  "  component web_v2: k8s.app {\n"
				  "    name = \"web\"\n"
				  "    image = \"nginx:1.27\"\n"
				  "  }\n"
				  "}\n";

/* E0705: two components of a stack with one Kubernetes name. */
static void test_same_directory(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, samedir_src, NULL, 0);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.rendered.buf,
		"main.stack:5:13: error[E0705]: components 'shop.web' and 'shop.web_v2' both have the Kubernetes name 'web' in stack 'shop'\n"
		"   5 |   component web_v2: k8s.app {\n"
		"     |             ^~~~~~\n"
		"main.stack:4:13: note: 'shop.web' is declared here\n"
		"   4 |   component web: k8s.app { image = \"nginx:1.27\" }\n"
		"     |             ^~~\n"
		"   = hint: their manifests would share a directory: give one of them another name\n");
	done(&r);
}

static const char notobj_src[] =
	"import \"std/k8s\"\n"
	"\n"
	"schema bundle {\n"
	"  manifests: list[any]\n"
	"}\n"
	"\n"
	"stack shop {\n"
	"  component b: bundle { manifests = [1, { apiVersion: \"v1\", kind: 5 }, { apiVersion: \"v1\", kind: \"ConfigMap\", metadata: { labels: \"x\" } }, { apiVersion: \"v1\", kind: \"Config Map\" }] }\n"
	"}\n";

/* E0706: values that are not Kubernetes objects. */
static void test_not_objects(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, notobj_src, NULL, 0);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.rendered.buf,
		"main.stack:1:8: warning[W0101]: unused import 'k8s'\n"
		"   1 | import \"std/k8s\"\n"
		"     |        ^~~~~~~~~\n"
		"   = hint: remove the import\n"
		"main.stack:8:38: error[E0706]: object 1 of component 'shop.b' is not a Kubernetes object: a map is needed, not int\n"
		"   8 |   component b: bundle { manifests = [1, { apiVersion: \"v1\", kind: 5 }, { apiVersion: \"v1\", kind: \"ConfigMap\", metadata: ...\n"
		"     |                                      ^\n"
		"main.stack:8:41: error[E0706]: object 2 of component 'shop.b' is not a Kubernetes object: 'apiVersion' and 'kind' must be strings\n"
		"   8 |   component b: bundle { manifests = [1, { apiVersion: \"v1\", kind: 5 }, { apiVersion: \"v1\", kind: \"ConfigMap\", metadata: ...\n"
		"     |                                         ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
		"main.stack:8:72: error[E0706]: object 3 of component 'shop.b' is not a Kubernetes object: metadata.labels must be a map\n"
		"   8 | ...ts = [1, { apiVersion: \"v1\", kind: 5 }, { apiVersion: \"v1\", kind: \"ConfigMap\", metadata: { labels: \"x\" } }, { apiVersion...\n"
		"     |                                            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
		"main.stack:8:140: error[E0706]: object 4 of component 'shop.b' has the kind 'Config Map', which is not a kind name (letters and digits, starting with a letter)\n"
		"   8 | ...onfigMap\", metadata: { labels: \"x\" } }, { apiVersion: \"v1\", kind: \"Config Map\" }] }\n"
		"     |                                            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
	done(&r);
}

static const char selector_src[] =
	"import \"std/k8s\"\n"
	"\n"
	"stack shop {\n"
	"  component sel: k8s.manifests {\n"
	"    objects = [{\n"
	"      apiVersion: \"apps/v1\",\n"
	"      kind: \"Deployment\",\n"
	"      spec: {\n"
	"        selector: { matchLabels: { app: \"x\" } },\n"
	"        template: { metadata: { labels: { app: \"y\" } }, spec: { containers: [{ name: \"c\", image: \"i\" }] } },\n"
	"      },\n"
	"    }]\n"
	"  }\n"
	"}\n";

/* E0707: a Deployment that would not select its own pods. */
static void test_selector_mismatch(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, selector_src, NULL, 0);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.rendered.buf,
		"main.stack:4:13: error[E0707]: the selector of Deployment 'sel' (component 'shop.sel') does not select its own pods: spec.selector.matchLabels has 'app: x', the pod template has 'app: y'\n"
		"   4 |   component sel: k8s.manifests {\n"
		"     |             ^~~\n"
		"   = hint: give spec.template.metadata.labels the selector's labels, or leave the selector empty in an app's manifests\n");
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_and_maps),
		cmocka_unit_test(test_user_schema),
		cmocka_unit_test(test_not_kubernetes),
		cmocka_unit_test(test_secret),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_unknown_allowed),
		cmocka_unit_test(test_unknown_name),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_same_directory),
		cmocka_unit_test(test_not_objects),
		cmocka_unit_test(test_selector_mismatch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

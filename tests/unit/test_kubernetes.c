/* test_kubernetes.c - unit tests for the Kubernetes backend
 * (compiler/codegen/kubernetes.c, k8s_objects.c) and the objects that
 * std/k8s.app computes in Stack (stdlib/k8s.stack).
 *
 * Each test compiles a Stack program as `stackc build` does (loaded from
 * a temporary directory, checked, then cg_kubernetes) and pins what
 * comes out: the exact YAML of the hello example's web component, the
 * objects of an app with every option, objects spelled out as records
 * and as plain maps (names, namespaces, labels, key order), every
 * E070x error with its message, and --allow-unknown's placeholders.
 * The harness (k8s_harness.h) reads every file back; objects spelled out
 * and the errors are in test_kubernetes_objects.c.
 *
 * K8S_SCRATCH (see main) compiles a program of your own instead of
 * running the tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "k8s_harness.h"

/* ---- the hello example -------------------------------------------------------- */

/* examples/hello, environment dev: the web component's three objects,
 * byte for byte. */
static void test_hello_dev(void **state)
{
	(void)state;
	k8s_run r;
	memset(&r, 0, sizeof(r));
	run_file(&r, STACKC_SOURCE_DIR "/examples/hello", "dev", 0);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.rendered.buf, "");
	assert_string_equal(paths(&r),
		"dev/hello/kubernetes/web/00-service-web.yaml\n"
		"dev/hello/kubernetes/web/01-deployment-web.yaml\n"
		"dev/hello/kubernetes/web/02-ingress-web.yaml\n");
	assert_string_equal(data_at(&r, "dev/hello/kubernetes/web/00-service-web.yaml"),
		"apiVersion: v1\n"
		"kind: Service\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: hello\n"
		"  labels:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: hello-web\n"
		"    app.kubernetes.io/part-of: hello\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"spec:\n"
		"  selector:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: hello-web\n"
		"  ports:\n"
		"  - name: port-8080\n"
		"    port: 8080\n"
		"    targetPort: 8080\n"
		"    protocol: TCP\n");
	assert_string_equal(data_at(&r, "dev/hello/kubernetes/web/01-deployment-web.yaml"),
		"apiVersion: apps/v1\n"
		"kind: Deployment\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: hello\n"
		"  labels:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: hello-web\n"
		"    app.kubernetes.io/part-of: hello\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"spec:\n"
		"  replicas: 1\n"
		"  selector:\n"
		"    matchLabels:\n"
		"      app.kubernetes.io/name: web\n"
		"      app.kubernetes.io/instance: hello-web\n"
		"  template:\n"
		"    metadata:\n"
		"      labels:\n"
		"        app.kubernetes.io/name: web\n"
		"        app.kubernetes.io/instance: hello-web\n"
		"        app.kubernetes.io/part-of: hello\n"
		"        app.kubernetes.io/managed-by: stackc\n"
		"    spec:\n"
		"      containers:\n"
		"      - name: web\n"
		"        image: ghcr.io/acme/hello:1.2.0\n"
		"        ports:\n"
		"        - containerPort: 8080\n"
		"        env:\n"
		"        - name: LOG_LEVEL\n"
		"          value: debug\n"
		"        - name: GREETING\n"
		"          value: Hello from hello.localtest.me\n"
		"        resources:\n"
		"          requests:\n"
		"            cpu: 100m\n"
		"            memory: 128Mi\n");
	assert_string_equal(data_at(&r, "dev/hello/kubernetes/web/02-ingress-web.yaml"),
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: hello\n"
		"  labels:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: hello-web\n"
		"    app.kubernetes.io/part-of: hello\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"spec:\n"
		"  rules:\n"
		"  - host: www.hello.localtest.me\n"
		"    http:\n"
		"      paths:\n"
		"      - path: /\n"
		"        pathType: Prefix\n"
		"        backend:\n"
		"          service:\n"
		"            name: web\n"
		"            port:\n"
		"              number: 8080\n");
	done(&r);
}

/* Environment prod: its overrides reach the objects, nothing else moves
 * (the labels and selectors do not depend on the environment). */
static void test_hello_prod(void **state)
{
	(void)state;
	k8s_run r;
	memset(&r, 0, sizeof(r));
	run_file(&r, STACKC_SOURCE_DIR "/examples/hello", "prod", 0);
	assert_int_equal(r.rc, 0);
	const char *dep = data_at(&r, "prod/hello/kubernetes/web/01-deployment-web.yaml");
	assert_contains(dep, "  replicas: 3\n");
	assert_contains(dep,
		"        - name: LOG_LEVEL\n"
		"          value: info\n"
		"        - name: GREETING\n"
		"          value: Hello from hello.example.com\n");
	assert_contains(dep, "      app.kubernetes.io/instance: hello-web\n");
	assert_contains(data_at(&r, "prod/hello/kubernetes/web/02-ingress-web.yaml"),
		"  - host: www.hello.example.com\n");
	done(&r);
}

/* Two builds of the same program give the same bytes. */
static void test_deterministic(void **state)
{
	(void)state;
	k8s_run a, b;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	run_file(&a, STACKC_SOURCE_DIR "/examples/hello", "dev", 0);
	run_file(&b, STACKC_SOURCE_DIR "/examples/hello", "dev", 0);
	assert_int_equal(a.cg.nfiles, b.cg.nfiles);
	for (uint32_t i = 0; i < a.cg.nfiles; i++) {
		assert_string_equal(a.cg.files[i].path, b.cg.files[i].path);
		assert_string_equal(a.cg.files[i].data, b.cg.files[i].data);
	}
	done(&a);
	done(&b);
}

/* ---- std/k8s.app -------------------------------------------------------------- */

static const char everything_src[] =
	"import \"std/k8s\"\n"
	"\n"
	"stack shop {\n"
	"  component web: k8s.app {\n"
	"    image = \"ghcr.io/acme/web:2.0.1\"\n"
	"    replicas = 3\n"
	"    ports = [8080, 9090]\n"
	"    env = { LOG_LEVEL: \"info\", DEBUG: \"no\" }\n"
	"    env_secrets = { DB_PASSWORD: { name: \"web-db\", key: \"password\" } }\n"
	"    resources = { cpu: \"250m\", memory: \"256Mi\", memory_limit: \"512Mi\" }\n"
	"    host = \"shop.example.com\"\n"
	"    ingress_class = \"nginx\"\n"
	"    tls_secret = \"shop-tls\"\n"
	"    probes = { liveness: \"/healthz\", readiness: \"/ready\" }\n"
	"    autoscale = { min: 2, max: 10, cpu: 70 }\n"
	"    disruption_budget = { min_available: \"50%\" }\n"
	"    labels = { team: \"shop\", \"app.kubernetes.io/part-of\": \"storefront\" }\n"
	"  }\n"
	"}\n";

/* Every option of an app: PodDisruptionBudget, Service, Deployment,
 * HorizontalPodAutoscaler, Ingress, in that order. No replicas while the
 * autoscaler decides; env before the env_secrets references; a label of
 * the user's (part-of) wins over the standard one. */
static void test_app_everything(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, everything_src, NULL, 0);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.rendered.buf, "");
	assert_string_equal(paths(&r),
		"default/shop/kubernetes/web/00-poddisruptionbudget-web.yaml\n"
		"default/shop/kubernetes/web/01-service-web.yaml\n"
		"default/shop/kubernetes/web/02-deployment-web.yaml\n"
		"default/shop/kubernetes/web/03-horizontalpodautoscaler-web.yaml\n"
		"default/shop/kubernetes/web/04-ingress-web.yaml\n");
	assert_string_equal(
		data_at(&r, "default/shop/kubernetes/web/00-poddisruptionbudget-web.yaml"),
		"apiVersion: policy/v1\n"
		"kind: PodDisruptionBudget\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		"  labels:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: shop-web\n"
		"    app.kubernetes.io/part-of: storefront\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"    team: shop\n"
		"spec:\n"
		"  minAvailable: 50%\n"
		"  selector:\n"
		"    matchLabels:\n"
		"      app.kubernetes.io/name: web\n"
		"      app.kubernetes.io/instance: shop-web\n");
	assert_string_equal(data_at(&r, "default/shop/kubernetes/web/01-service-web.yaml"),
		"apiVersion: v1\n"
		"kind: Service\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		"  labels:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: shop-web\n"
		"    app.kubernetes.io/part-of: storefront\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"    team: shop\n"
		"spec:\n"
		"  selector:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: shop-web\n"
		"  ports:\n"
		"  - name: port-8080\n"
		"    port: 8080\n"
		"    targetPort: 8080\n"
		"    protocol: TCP\n"
		"  - name: port-9090\n"
		"    port: 9090\n"
		"    targetPort: 9090\n"
		"    protocol: TCP\n");
	assert_string_equal(data_at(&r, "default/shop/kubernetes/web/02-deployment-web.yaml"),
		"apiVersion: apps/v1\n"
		"kind: Deployment\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		"  labels:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: shop-web\n"
		"    app.kubernetes.io/part-of: storefront\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"    team: shop\n"
		"spec:\n"
		"  selector:\n"
		"    matchLabels:\n"
		"      app.kubernetes.io/name: web\n"
		"      app.kubernetes.io/instance: shop-web\n"
		"  template:\n"
		"    metadata:\n"
		"      labels:\n"
		"        app.kubernetes.io/name: web\n"
		"        app.kubernetes.io/instance: shop-web\n"
		"        app.kubernetes.io/part-of: storefront\n"
		"        app.kubernetes.io/managed-by: stackc\n"
		"        team: shop\n"
		"    spec:\n"
		"      containers:\n"
		"      - name: web\n"
		"        image: ghcr.io/acme/web:2.0.1\n"
		"        ports:\n"
		"        - containerPort: 8080\n"
		"        - containerPort: 9090\n"
		"        env:\n"
		"        - name: LOG_LEVEL\n"
		"          value: info\n"
		"        - name: DEBUG\n"
		"          value: \"no\"\n"
		"        - name: DB_PASSWORD\n"
		"          valueFrom:\n"
		"            secretKeyRef:\n"
		"              name: web-db\n"
		"              key: password\n"
		"        resources:\n"
		"          requests:\n"
		"            cpu: 250m\n"
		"            memory: 256Mi\n"
		"          limits:\n"
		"            memory: 512Mi\n"
		"        livenessProbe:\n"
		"          httpGet:\n"
		"            path: /healthz\n"
		"            port: 8080\n"
		"        readinessProbe:\n"
		"          httpGet:\n"
		"            path: /ready\n"
		"            port: 8080\n");
	assert_string_equal(
		data_at(&r, "default/shop/kubernetes/web/03-horizontalpodautoscaler-web.yaml"),
		"apiVersion: autoscaling/v2\n"
		"kind: HorizontalPodAutoscaler\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		"  labels:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: shop-web\n"
		"    app.kubernetes.io/part-of: storefront\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"    team: shop\n"
		"spec:\n"
		"  scaleTargetRef:\n"
		"    apiVersion: apps/v1\n"
		"    kind: Deployment\n"
		"    name: web\n"
		"  minReplicas: 2\n"
		"  maxReplicas: 10\n"
		"  metrics:\n"
		"  - type: Resource\n"
		"    resource:\n"
		"      name: cpu\n"
		"      target:\n"
		"        type: Utilization\n"
		"        averageUtilization: 70\n");
	assert_string_equal(data_at(&r, "default/shop/kubernetes/web/04-ingress-web.yaml"),
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: web\n"
		"  namespace: shop\n"
		"  labels:\n"
		"    app.kubernetes.io/name: web\n"
		"    app.kubernetes.io/instance: shop-web\n"
		"    app.kubernetes.io/part-of: storefront\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"    team: shop\n"
		"spec:\n"
		"  ingressClassName: nginx\n"
		"  tls:\n"
		"  - hosts:\n"
		"    - shop.example.com\n"
		"    secretName: shop-tls\n"
		"  rules:\n"
		"  - host: shop.example.com\n"
		"    http:\n"
		"      paths:\n"
		"      - path: /\n"
		"        pathType: Prefix\n"
		"        backend:\n"
		"          service:\n"
		"            name: web\n"
		"            port:\n"
		"              number: 8080\n");
	done(&r);
}

static const char worker_src[] = "import \"std/k8s\"\n"
				 "\n"
				 "stack jobs {\n"
				 "  component mailer: k8s.app {\n"
				 "    image = \"ghcr.io/acme/mailer:1.0\"\n"
				 "    ports = []\n"
				 "    replicas = 0\n"
				 "  }\n"
				 "}\n";

/* No ports: no Service, no container ports; replicas 0 is written. */
static void test_app_worker(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, worker_src, NULL, 0);
	assert_int_equal(r.rc, 0);
	assert_string_equal(
		paths(&r), "default/jobs/kubernetes/mailer/00-deployment-mailer.yaml\n");
	assert_string_equal(data_at(&r, "default/jobs/kubernetes/mailer/00-deployment-mailer.yaml"),
		"apiVersion: apps/v1\n"
		"kind: Deployment\n"
		"metadata:\n"
		"  name: mailer\n"
		"  namespace: jobs\n"
		"  labels:\n"
		"    app.kubernetes.io/name: mailer\n"
		"    app.kubernetes.io/instance: jobs-mailer\n"
		"    app.kubernetes.io/part-of: jobs\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"spec:\n"
		"  replicas: 0\n"
		"  selector:\n"
		"    matchLabels:\n"
		"      app.kubernetes.io/name: mailer\n"
		"      app.kubernetes.io/instance: jobs-mailer\n"
		"  template:\n"
		"    metadata:\n"
		"      labels:\n"
		"        app.kubernetes.io/name: mailer\n"
		"        app.kubernetes.io/instance: jobs-mailer\n"
		"        app.kubernetes.io/part-of: jobs\n"
		"        app.kubernetes.io/managed-by: stackc\n"
		"    spec:\n"
		"      containers:\n"
		"      - name: mailer\n"
		"        image: ghcr.io/acme/mailer:1.0\n");
	done(&r);
}

static const char named_src[] = "import \"std/k8s\"\n"
				"\n"
				"stack platform_core {\n"
				"  component api_server: k8s.app {\n"
				"    name = \"api\"\n"
				"    namespace = \"team-a\"\n"
				"    image = \"ghcr.io/acme/api:1.4.2\"\n"
				"    host = \"api.example.com\"\n"
				"  }\n"
				"}\n";

/* `name` names the objects and the directory, `namespace` replaces the
 * stack's; the stack's name still makes part-of and the instance. */
static void test_app_name_namespace(void **state)
{
	(void)state;
	k8s_run r;
	run(&r, named_src, NULL, 0);
	assert_int_equal(r.rc, 0);
	assert_string_equal(paths(&r),
		"default/platform-core/kubernetes/api/00-service-api.yaml\n"
		"default/platform-core/kubernetes/api/01-deployment-api.yaml\n"
		"default/platform-core/kubernetes/api/02-ingress-api.yaml\n");
	assert_string_equal(data_at(&r, "default/platform-core/kubernetes/api/02-ingress-api.yaml"),
		"apiVersion: networking.k8s.io/v1\n"
		"kind: Ingress\n"
		"metadata:\n"
		"  name: api\n"
		"  namespace: team-a\n"
		"  labels:\n"
		"    app.kubernetes.io/name: api\n"
		"    app.kubernetes.io/instance: platform-core-api\n"
		"    app.kubernetes.io/part-of: platform-core\n"
		"    app.kubernetes.io/managed-by: stackc\n"
		"spec:\n"
		"  rules:\n"
		"  - host: api.example.com\n"
		"    http:\n"
		"      paths:\n"
		"      - path: /\n"
		"        pathType: Prefix\n"
		"        backend:\n"
		"          service:\n"
		"            name: api\n"
		"            port:\n"
		"              number: 8080\n");
	const char *dep =
		data_at(&r, "default/platform-core/kubernetes/api/01-deployment-api.yaml");
	assert_contains(dep,
		"  name: api\n"
		"  namespace: team-a\n");
	assert_contains(dep, "      - name: api\n");
	done(&r);
}

static const char checks_probe_src[] = "import \"std/k8s\"\n"
				       "\n"
				       "stack jobs {\n"
				       "  component worker: k8s.app {\n"
				       "    image = \"x:1\"\n"
				       "    ports = []\n"
				       "    probes = { liveness: \"/h\" }\n"
				       "  }\n"
				       "}\n";

static const char checks_autoscale_src[] = "import \"std/k8s\"\n"
					   "\n"
					   "stack shop {\n"
					   "  component web: k8s.app {\n"
					   "    image = \"x:1\"\n"
					   "    autoscale = { max: 3 }\n"
					   "  }\n"
					   "}\n";

static const char checks_labels_src[] = "import \"std/k8s\"\n"
					"\n"
					"stack shop {\n"
					"  component web: k8s.app {\n"
					"    image = \"x:1\"\n"
					"    labels = { \"app.kubernetes.io/name\": \"other\" }\n"
					"  }\n"
					"}\n";

/* The app's checks, evaluated before anything is rendered. */
static void test_app_checks(void **state)
{
	(void)state;
	static const struct {
		const char *src, *message;
	} cases[] = {
		{ checks_probe_src,
			"error[E0204]: jobs.worker: probes are made on the first port: probes need a port\n" },
		{ checks_autoscale_src,
			"error[E0204]: shop.web: autoscaling on CPU use needs a CPU request: set resources.cpu\n" },
		{ checks_labels_src,
			"error[E0204]: shop.web: labels must not set app.kubernetes.io/name, instance or managed-by: stackc sets them\n" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		k8s_run r;
		run(&r, cases[i].src, NULL, 0);
		assert_int_equal(r.rc, -2);
		assert_contains(r.rendered.buf, cases[i].message);
		done(&r);
	}
}

/* cg_sort_files: files in component order with a few out of place (an
 * app's directory before its "-config" sibling), in reverse (past the
 * insertion sort's budget: qsort), and shuffled, all come out in strcmp
 * order with no file lost or doubled. */
static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void check_sort(cg_file *files, size_t n, char (*names)[48])
{
	const char **want = malloc(n * sizeof(*want));
	assert_non_null(want);
	for (size_t i = 0; i < n; i++)
		want[i] = names[i];
	qsort(want, n, sizeof(*want), cmp_path);
	cg_sort_files(files, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(files[i].path, want[i]);
	free(want);
}

static void test_sort_files(void **state)
{
	(void)state;
	enum {
		N = 600
	};
	char(*names)[48] = malloc(N * sizeof(*names));
	cg_file *files = calloc(N, sizeof(*files));
	assert_non_null(names);
	assert_non_null(files);
	for (int order = 0; order < 3; order++) {
		for (size_t i = 0; i < N; i++) {
			size_t svc = i / 3, part = i % 3;
			snprintf(names[i], sizeof(names[i]),
				part == 2 ? "p/svc-%05zu-config/00.yaml" : "p/svc-%05zu/%02zu.yaml",
				svc, part);
		}
		for (size_t i = 0; i < N; i++) {
			size_t from = order == 0 ? i : order == 1 ? N - 1 - i : (i * 7919) % N;
			files[i].path = names[from];
		}
		check_sort(files, N, names);
	}
	free(files);
	free(names);
}

int main(void)
{
	/* K8S_SCRATCH=PATH [K8S_ENV=NAME] [K8S_ALLOW=1] [K8S_SET=NAME=VALUE]
	 * compiles one program and prints what came out (K8S_TEST_DUMP is
	 * implied), to look at a change before writing its test. */
	const char *scratch = getenv("K8S_SCRATCH");
	if (scratch) {
		const char *set = getenv("K8S_SET");
		const char *eq = set ? strchr(set, '=') : NULL;
		setenv("K8S_TEST_DUMP", "1", 1);
		k8s_run r;
		memset(&r, 0, sizeof(r));
		char *name = eq ? strndup(set, (size_t)(eq - set)) : NULL;
		r.set_name = name;
		r.set_value = eq ? eq + 1 : NULL;
		run_file(&r, scratch, getenv("K8S_ENV"), getenv("K8S_ALLOW") != NULL);
		done(&r);
		free(name);
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello_dev),
		cmocka_unit_test(test_hello_prod),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_app_everything),
		cmocka_unit_test(test_app_worker),
		cmocka_unit_test(test_app_name_namespace),
		cmocka_unit_test(test_app_checks),
		cmocka_unit_test(test_sort_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

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
 * Every file written is also read back with value_read_yaml and written
 * again: the round trip must give the same bytes.
 *
 * K8S_TEST_DUMP=1 in the environment prints every generated file and the
 * diagnostics, to review a change; K8S_SCRATCH (see main) compiles a
 * program of your own instead of running the tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../compiler/codegen/codegen.h"
#include "../../compiler/eval/value_codec.h"

/* One compilation: the program, its diagnostics, the backend's files. */
typedef struct k8s_run {
	arena a;
	src_map sources;
	diag_list diags;
	program prog;
	cg_ctx cg;
	int rc;          /* cg_kubernetes's result (-2: evaluation failed) */
	strbuf rendered; /* the diagnostics, as text */
	char dir[64];
} k8s_run;

/* A --set NAME=VALUE input for the next compilation, if any. */
static const char *set_name, *set_value;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Every file must read back as YAML and be written the same again. */
static void round_trip(k8s_run *r)
{
	for (uint32_t i = 0; i < r->cg.nfiles; i++) {
		const cg_file *f = &r->cg.files[i];
		strbuf err = STRBUF_INIT, out = STRBUF_INIT;
		value *v = value_read_yaml(&r->a, f->data, f->len, (src_span){ 0 }, &err);
		if (!v)
			fail_msg("%s does not read back: %s", f->path, err.buf);
		assert_int_equal(value_write_yaml(v, &out, &err), 0);
		assert_string_equal(out.buf, f->data);
		strbuf_release(&err);
		strbuf_release(&out);
	}
}

static void run_file(k8s_run *r, const char *path, const char *env, int allow_unknown)
{
	arena_init(&r->a);
	src_map_init(&r->sources);
	diag_list_init(&r->diags, &r->a, &r->sources);
	program_init(&r->prog, &r->a, &r->sources, &r->diags);
	strbuf_init(&r->rendered);
	if (env)
		program_select_env(&r->prog, env);
	if (set_name)
		program_set(&r->prog, set_name, set_value);
	r->rc = -2;
	if (program_load(&r->prog, path) == 0 && program_check_inputs(&r->prog) == 0 &&
		program_check(&r->prog) == 0) {
		cg_init(&r->cg, &r->a, &r->diags, &r->prog, env);
		r->cg.allow_unknown = allow_unknown;
		r->rc = cg_kubernetes(&r->cg);
	}
	diag_render_opts o = { 0, 0 };
	strbuf raw = STRBUF_INIT;
	diag_render_text(&r->diags, &o, &raw);
	/* Messages name the file as given: drop the temporary directory. */
	char prefix[80];
	snprintf(prefix, sizeof(prefix), "%s/", r->dir);
	for (const char *p = raw.buf; *p;) {
		if (!r->dir[0] || strncmp(p, prefix, strlen(prefix)) != 0) {
			strbuf_addch(&r->rendered, *p++);
			continue;
		}
		p += strlen(prefix);
	}
	strbuf_release(&raw);
	if (getenv("K8S_TEST_DUMP")) {
		for (uint32_t i = 0; i < r->cg.nfiles; i++)
			printf("==> %s\n%s", r->cg.files[i].path, r->cg.files[i].data);
		printf("==> rc %d, diagnostics:\n%s", r->rc, r->rendered.buf);
	}
	round_trip(r);
}

/* Compile `src` as main.stack in a fresh directory. */
static void run(k8s_run *r, const char *src, const char *env, int allow_unknown)
{
	memset(r, 0, sizeof(*r));
	strcpy(r->dir, "/tmp/stackc_k8s_XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/main.stack", r->dir);
	write_file(path, src);
	run_file(r, path, env, allow_unknown);
	unlink(path);
	rmdir(r->dir);
}

static void done(k8s_run *r)
{
	strbuf_release(&r->rendered);
	diag_list_release(&r->diags);
	src_map_release(&r->sources);
	arena_release(&r->a);
}

static const char *data_at(const k8s_run *r, const char *path)
{
	for (uint32_t i = 0; i < r->cg.nfiles; i++)
		if (strcmp(r->cg.files[i].path, path) == 0) {
			assert_string_equal(r->cg.files[i].target, "kubernetes");
			return r->cg.files[i].data;
		}
	fail_msg("no file %s", path);
	return NULL;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("expected to find\n%s\nin\n%s", needle, haystack);
}

/* The file names, one per line, in the order they were added. */
static const char *paths(k8s_run *r)
{
	strbuf sb = STRBUF_INIT;
	for (uint32_t i = 0; i < r->cg.nfiles; i++)
		strbuf_addf(&sb, "%s\n", r->cg.files[i].path);
	char *s = arena_strdup(&r->a, sb.buf);
	strbuf_release(&sb);
	return s;
}

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
	set_name = "token";
	set_value = "s3cr3t-canary";
	run(&r, secret_src, NULL, 0);
	set_name = set_value = NULL;
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
	/* K8S_SCRATCH=PATH [K8S_ENV=NAME] [K8S_ALLOW=1] [K8S_SET=NAME=VALUE]
	 * compiles one program and prints what came out (K8S_TEST_DUMP is
	 * implied), to look at a change before writing its test. */
	const char *scratch = getenv("K8S_SCRATCH");
	if (scratch) {
		const char *set = getenv("K8S_SET");
		const char *eq = set ? strchr(set, '=') : NULL;
		if (eq) {
			set_name = strndup(set, (size_t)(eq - set));
			set_value = eq + 1;
		}
		setenv("K8S_TEST_DUMP", "1", 1);
		k8s_run r;
		memset(&r, 0, sizeof(r));
		run_file(&r, scratch, getenv("K8S_ENV"), getenv("K8S_ALLOW") != NULL);
		done(&r);
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

/* floor.c - the printf floor of the benchmark: writes, with printf, the
 * very bytes that `stackc build --stdout --env prod` prints for the
 * workload of bench/gen.py at N services. Nothing is computed but the
 * text, so its time is what writing the output costs at all; bench/run
 * checks that the bytes are identical before it times anything.
 *
 *   cc -O2 -o floor bench/floor.c && ./floor 1000 > out.yaml
 */
#include <stdio.h>
#include <stdlib.h>

static void labels(const char *name, const char *tier, int indent)
{
	printf("%*sapp.kubernetes.io/name: %s\n", indent, "", name);
	printf("%*sapp.kubernetes.io/instance: platform-%s\n", indent, "", name);
	printf("%*sapp.kubernetes.io/part-of: platform\n", indent, "");
	printf("%*sapp.kubernetes.io/managed-by: stackc\n", indent, "");
	if (tier) {
		printf("%*stier: %s\n", indent, "", tier);
		printf("%*senvironment: prod\n", indent, "");
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: floor N\n");
		return 64;
	}
	long n = strtol(argv[1], NULL, 10);
	for (long i = 0; i < n; i++) {
		char name[32], cfg[40], up[32], version[16];
		snprintf(name, sizeof(name), "svc-%05ld", i);
		snprintf(cfg, sizeof(cfg), "%s-config", name);
		if (i > 0)
			snprintf(up, sizeof(up), "svc-%05ld", i / 2);
		else
			up[0] = '\0';
		if (i % 3 == 0)
			snprintf(version, sizeof(version), "1.%ld.0", i % 17);
		else
			snprintf(version, sizeof(version), "1.0.0");
		const char *cpu = i % 5 == 0 ? "250m" : "100m";
		const char *mem = i % 5 == 0 ? "256Mi" : "128Mi";
		const char *tier = i % 7 == 0 ? "frontend" : "backend";

		if (i > 0)
			fputs("---\n", stdout);
		printf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n"
		       "  namespace: platform\n  labels:\n",
			cfg);
		labels(cfg, NULL, 4);
		printf("data:\n  service.name: %s\n  service.url: https://%s.example.com\n"
		       "  upstream.url: http://%s:8080\n  log.level: info\n"
		       "  release: %s-%s-prod\n",
			name, name, up, name, version);

		printf("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: %s\n"
		       "  namespace: platform\n  labels:\n",
			name);
		labels(name, tier, 4);
		printf("spec:\n  selector:\n    app.kubernetes.io/name: %s\n"
		       "    app.kubernetes.io/instance: platform-%s\n  ports:\n"
		       "  - name: port-8080\n    port: 8080\n    targetPort: 8080\n"
		       "    protocol: TCP\n",
			name, name);

		printf("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\n"
		       "  namespace: platform\n  labels:\n",
			name);
		labels(name, tier, 4);
		printf("spec:\n  replicas: 3\n  selector:\n    matchLabels:\n"
		       "      app.kubernetes.io/name: %s\n"
		       "      app.kubernetes.io/instance: platform-%s\n"
		       "  template:\n    metadata:\n      labels:\n",
			name, name);
		labels(name, tier, 8);
		printf("    spec:\n      containers:\n      - name: %s\n"
		       "        image: registry.example.com/acme/%s:%s\n"
		       "        ports:\n        - containerPort: 8080\n        env:\n"
		       "        - name: UPSTREAM_URL\n",
			name, name, version);
		if (i > 0)
			printf("          value: http://%s:8080\n", up);
		else
			printf("          value: \"\"\n");
		printf("        - name: LOG_LEVEL\n          value: info\n"
		       "        resources:\n          requests:\n            cpu: %s\n"
		       "            memory: %s\n          limits:\n            memory: %s\n"
		       "        livenessProbe:\n          httpGet:\n            path: /healthz\n"
		       "            port: 8080\n",
			cpu, mem, mem);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

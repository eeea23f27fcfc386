#!/usr/bin/env python3
"""bench/gen.py - write the synthetic "N web services" workload.

    bench/gen.py stack N      > platform.stack
    bench/gen.py jsonnet N    > platform.jsonnet
    bench/gen.py pkl N        > platform.pkl

Each of the N services is a Deployment (labels, replicas per
environment, one container with image, env vars that reference another
service, resources, a liveness probe), a Service and a ConfigMap of five
interpolated keys. Shared defaults are written once (a stack template in
Stack, a function in Jsonnet, a class in Pkl); each service overrides a
few of them. Service i (i > 0) calls service i/2 upstream, so the
reference graph is a tree of depth log2(N), as real call graphs are
shallow. Every third service overrides its version, every fifth its
resources, every seventh its tier: the overrides are per-service data,
not a uniform copy.

The three programs describe the same objects; bench/run renders the
production environment of each (3N objects).
"""
import sys


def svc(i):
    return "svc-%05d" % i


def overrides(i):
    """The per-service overrides as (field, value) pairs, in one order."""
    o = []
    if i % 3 == 0:
        o.append(("version", "1.%d.0" % (i % 17)))
    if i % 5 == 0:
        o.append(("cpu", "250m"))
        o.append(("memory", "256Mi"))
    if i % 7 == 0:
        o.append(("tier", "frontend"))
    return o


STACK_HEAD = '''\
# A synthetic platform of %(n)d web services (bench/gen.py stack %(n)d).
import "std/k8s"

param environment: "dev" | "prod" = "dev"
param replicas: int(1..20) = 1
param domain: string = "dev.example.com"
param registry: string = "registry.example.com/acme"

env dev {}
env prod {
  environment = "prod"
  replicas = 3
  domain = "example.com"
}

# A ConfigMap as a kind with a name: the code generator names a
# component's objects and its directory after its `name` field, and
# renders the objects of its `manifests`, as for k8s.app.
schema settings {
  name: k8s.dns_label
  data: map[string]
  manifests: list[map[any]] = [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: name }, data: data }]
}

# One web service: a Deployment and a Service (k8s.app) and a ConfigMap
# of its settings. Every default is here, once.
stack web(name: string, upstream: string = "", version: string = "1.0.0",
          port: int = 8080, cpu: string = "100m", memory: string = "128Mi",
          tier: string = "backend") {
  component app: k8s.app {
    name = name
    image = "${registry}/${name}:${version}"
    replicas = replicas
    ports = [port]
    env = {
      UPSTREAM_URL: upstream == "" ? "" : "http://${upstream}:${port}"
      LOG_LEVEL: environment == "prod" ? "info" : "debug"
    }
    resources = { cpu: cpu, memory: memory, memory_limit: memory }
    probes = { liveness: "/healthz" }
    labels = { tier: tier, environment: environment }
  }

  component config: settings {
    name = "${name}-config"
    data = {
      "service.name": name
      "service.url": "https://${name}.${domain}"
      "upstream.url": "http://${upstream}:${port}"
      "log.level": environment == "prod" ? "info" : "debug"
      "release": "${name}-${version}-${environment}"
    }
  }

  output host = name
}

stack platform {
'''


def gen_stack(n):
    out = [STACK_HEAD % {"n": n}]
    for i in range(n):
        fields = ['name = "%s"' % svc(i)]
        if i > 0:
            fields.append("upstream = s%05d.host" % (i // 2))
        fields += ['%s = "%s"' % kv for kv in overrides(i)]
        out.append("  component s%05d: web { %s }\n" % (i, "; ".join(fields)))
    out.append("}\n")
    return "".join(out)


JSONNET_HEAD = '''\
// A synthetic platform of %(n)d web services (bench/gen.py jsonnet %(n)d).
local env = { environment: 'prod', replicas: 3, domain: 'example.com',
              registry: 'registry.example.com/acme' };
local labels(s) = {
  'app.kubernetes.io/name': s.name,
  'app.kubernetes.io/instance': s.name,
  'app.kubernetes.io/managed-by': 'stackc',
  tier: s.tier,
  environment: env.environment,
};
local web(o) = {
  local s = { upstream: '', version: '1.0.0', port: 8080, cpu: '100m',
              memory: '128Mi', tier: 'backend' } + o,
  local level = if env.environment == 'prod' then 'info' else 'debug',
  objects: [
    { apiVersion: 'v1', kind: 'Service',
      metadata: { name: s.name, namespace: 'platform', labels: labels(s) },
      spec: { selector: { 'app.kubernetes.io/name': s.name, 'app.kubernetes.io/instance': s.name },
              ports: [{ name: 'port-%%d' %% s.port, port: s.port, targetPort: s.port, protocol: 'TCP' }] } },
    { apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: s.name, namespace: 'platform', labels: labels(s) },
      spec: { replicas: env.replicas,
              selector: { matchLabels: { 'app.kubernetes.io/name': s.name, 'app.kubernetes.io/instance': s.name } },
              template: { metadata: { labels: labels(s) },
                          spec: { containers: [{
                            name: s.name,
                            image: '%%s/%%s:%%s' %% [env.registry, s.name, s.version],
                            ports: [{ containerPort: s.port }],
                            env: [{ name: 'UPSTREAM_URL', value: if s.upstream == '' then '' else 'http://%%s:%%d' %% [s.upstream, s.port] },
                                  { name: 'LOG_LEVEL', value: level }],
                            resources: { requests: { cpu: s.cpu, memory: s.memory }, limits: { memory: s.memory } },
                            livenessProbe: { httpGet: { path: '/healthz', port: s.port } },
                          }] } } } },
    { apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: s.name + '-config', namespace: 'platform', labels: labels(s) { tier:: null, environment:: null } },
      data: { 'service.name': s.name, 'service.url': 'https://%%s.%%s' %% [s.name, env.domain],
              'upstream.url': 'http://%%s:%%d' %% [s.upstream, s.port], 'log.level': level,
              release: '%%s-%%s-%%s' %% [s.name, s.version, env.environment] } },
  ],
};
local services = [
'''


def gen_jsonnet(n):
    out = [JSONNET_HEAD % {"n": n}]
    for i in range(n):
        f = ["name: '%s'" % svc(i)]
        if i > 0:
            f.append("upstream: '%s'" % svc(i // 2))
        f += ["%s: '%s'" % kv for kv in overrides(i)]
        out.append("  web({ %s }),\n" % ", ".join(f))
    out.append("];\nstd.flattenArrays([s.objects for s in services])\n")
    return "".join(out)


PKL_HEAD = '''\
// A synthetic platform of %(n)d web services (bench/gen.py pkl %(n)d).
environment = "prod"
replicas = 3
domain = "example.com"
registry = "registry.example.com/acme"

class Web {
  name: String
  upstream: String = ""
  version: String = "1.0.0"
  port: Int = 8080
  cpu: String = "100m"
  memory: String = "128Mi"
  tier: String = "backend"
}

local level = if (environment == "prod") "info" else "debug"
local function std(s: Web) = new Mapping {
  ["app.kubernetes.io/name"] = s.name
  ["app.kubernetes.io/instance"] = s.name
  ["app.kubernetes.io/managed-by"] = "stackc"
}
local function labels(s: Web) = (std(s)) { ["tier"] = s.tier; ["environment"] = environment }
local function selector(s: Web) = new Mapping {
  ["app.kubernetes.io/name"] = s.name
  ["app.kubernetes.io/instance"] = s.name
}

local function objects(s: Web) = new Listing {
  new Dynamic {
    apiVersion = "v1"; kind = "Service"
    metadata { name = s.name; namespace = "platform"; labels = labels(s) }
    spec {
      selector = selector(s)
      ports { new { name = "port-\\(s.port)"; port = s.port; targetPort = s.port; protocol = "TCP" } }
    }
  }
  new Dynamic {
    apiVersion = "apps/v1"; kind = "Deployment"
    metadata { name = s.name; namespace = "platform"; labels = labels(s) }
    spec {
      replicas = module.replicas
      selector { matchLabels = selector(s) }
      template {
        metadata { labels = labels(s) }
        spec {
          containers {
            new {
              name = s.name
              image = "\\(registry)/\\(s.name):\\(s.version)"
              ports { new { containerPort = s.port } }
              env {
                new { name = "UPSTREAM_URL"; value = if (s.upstream == "") "" else "http://\\(s.upstream):\\(s.port)" }
                new { name = "LOG_LEVEL"; value = level }
              }
              resources { requests { cpu = s.cpu; memory = s.memory }; limits { memory = s.memory } }
              livenessProbe { httpGet { path = "/healthz"; port = s.port } }
            }
          }
        }
      }
    }
  }
  new Dynamic {
    apiVersion = "v1"; kind = "ConfigMap"
    metadata { name = "\\(s.name)-config"; namespace = "platform"; labels = std(s) }
    data {
      ["service.name"] = s.name
      ["service.url"] = "https://\\(s.name).\\(domain)"
      ["upstream.url"] = "http://\\(s.upstream):\\(s.port)"
      ["log.level"] = level
      ["release"] = "\\(s.name)-\\(s.version)-\\(environment)"
    }
  }
}

local services: Listing<Web> = new {
'''


def gen_pkl(n):
    out = [PKL_HEAD % {"n": n}]
    for i in range(n):
        f = ['name = "%s"' % svc(i)]
        if i > 0:
            f.append('upstream = "%s"' % svc(i // 2))
        f += ['%s = "%s"' % kv for kv in overrides(i)]
        out.append("  new { %s }\n" % "; ".join(f))
    out.append("}\n\noutput {\n  value = services.toList().flatMap((s) -> objects(s).toList())\n"
               "  renderer = new YamlRenderer { isStream = true }\n}\n")
    return "".join(out)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("stack", "jsonnet", "pkl"):
        sys.stderr.write("usage: gen.py stack|jsonnet|pkl N\n")
        return 64
    n = int(sys.argv[2])
    sys.stdout.write({"stack": gen_stack, "jsonnet": gen_jsonnet, "pkl": gen_pkl}[sys.argv[1]](n))
    return 0


if __name__ == "__main__":
    sys.exit(main())

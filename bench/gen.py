#!/usr/bin/env python3
"""bench/gen.py - write the synthetic "N web services" workload.

    bench/gen.py stack N      > platform.stack
    bench/gen.py jsonnet N    > platform.jsonnet
    bench/gen.py pkl N        > platform.pkl
    bench/gen.py cnoe N       > idp.stack      (the "realistic" platform)

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
// A synthetic platform of %(n)d web services (bench/gen.py jsonnet %(n)d),
// the same objects as the Stack program in its prod environment.
local env = { environment: 'prod', replicas: 3, domain: 'example.com',
              registry: 'registry.example.com/acme' };
local selector(name) = {
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': 'platform-' + name,
};
local std_labels(name) = selector(name) {
  'app.kubernetes.io/part-of': 'platform',
  'app.kubernetes.io/managed-by': 'stackc',
};
local level = if env.environment == 'prod' then 'info' else 'debug';
local defaults = { upstream: '', version: '1.0.0', port: 8080, cpu: '100m',
                   memory: '128Mi', tier: 'backend' };
local web(o) = {
  local s = defaults + o,
  local labels = std_labels(s.name) { tier: s.tier, environment: env.environment },
  local meta(name, l) = { name: name, namespace: 'platform', labels: l },
  objects: [
    { apiVersion: 'v1', kind: 'ConfigMap',
      metadata: meta(s.name + '-config', std_labels(s.name + '-config')),
      data: { 'service.name': s.name,
              'service.url': 'https://' + s.name + '.' + env.domain,
              'upstream.url': 'http://' + s.upstream + ':' + s.port,
              'log.level': level,
              release: s.name + '-' + s.version + '-' + env.environment } },
    { apiVersion: 'v1', kind: 'Service',
      metadata: meta(s.name, labels),
      spec: { selector: selector(s.name),
              ports: [{ name: 'port-' + s.port, port: s.port, targetPort: s.port,
                        protocol: 'TCP' }] } },
    { apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: meta(s.name, labels),
      spec: {
        replicas: env.replicas,
        selector: { matchLabels: selector(s.name) },
        template: {
          metadata: { labels: labels },
          spec: { containers: [{
            name: s.name,
            image: env.registry + '/' + s.name + ':' + s.version,
            ports: [{ containerPort: s.port }],
            env: [
              { name: 'UPSTREAM_URL',
                value: if s.upstream == '' then '' else 'http://' + s.upstream + ':' + s.port },
              { name: 'LOG_LEVEL', value: level },
            ],
            resources: { requests: { cpu: s.cpu, memory: s.memory },
                         limits: { memory: s.memory } },
            livenessProbe: { httpGet: { path: '/healthz', port: s.port } },
          }] },
        },
      } },
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
    out.append("];\n[o for s in services for o in s.objects]\n")
    return "".join(out)


PKL_HEAD = '''\
// A synthetic platform of %(n)d web services (bench/gen.py pkl %(n)d),
// the same objects as the Stack program in its prod environment.
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
local function selector(name: String) = new Mapping {
  ["app.kubernetes.io/name"] = name
  ["app.kubernetes.io/instance"] = "platform-\\(name)"
}
local function stdLabels(name: String) = (selector(name)) {
  ["app.kubernetes.io/part-of"] = "platform"
  ["app.kubernetes.io/managed-by"] = "stackc"
}
local function labels(s: Web) = (stdLabels(s.name)) {
  ["tier"] = s.tier
  ["environment"] = environment
}

local function objects(s: Web) = new Listing {
  new Dynamic {
    apiVersion = "v1"; kind = "ConfigMap"
    metadata { name = "\\(s.name)-config"; namespace = "platform"; labels = stdLabels("\\(s.name)-config") }
    data {
      ["service.name"] = s.name
      ["service.url"] = "https://\\(s.name).\\(domain)"
      ["upstream.url"] = "http://\\(s.upstream):\\(s.port)"
      ["log.level"] = level
      ["release"] = "\\(s.name)-\\(s.version)-\\(environment)"
    }
  }
  new Dynamic {
    apiVersion = "v1"; kind = "Service"
    metadata { name = s.name; namespace = "platform"; labels = labels(s) }
    spec {
      selector = selector(s.name)
      ports { new { name = "port-\\(s.port)"; port = s.port; targetPort = s.port; protocol = "TCP" } }
    }
  }
  new Dynamic {
    apiVersion = "apps/v1"; kind = "Deployment"
    metadata { name = s.name; namespace = "platform"; labels = labels(s) }
    spec {
      replicas = module.replicas
      selector { matchLabels = selector(s.name) }
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


CNOE_HEAD = '''\
# A CNOE-like internal developer platform (bench/gen.py cnoe %(n)d): the
# platform's own components (Argo CD, Gitea, ingress-nginx, cert-manager,
# Keycloak, External Secrets, Backstage, a Postgres database made by
# Terraform) and %(n)d services of %(teams)d teams, in three environments.
import "std/k8s"
import "std/helm"
import "std/terraform" as tf

param environment: "dev" | "staging" | "prod" = "dev"
param domain: string = "dev.idp.localtest.me"
param replicas: int(1..20) = 1
param registry: string = "gitea.dev.idp.localtest.me/platform"
param gitops_repo: string = "https://gitea.dev.idp.localtest.me/platform/gitops.git"

env dev {}
env staging {
  environment = "staging"
  domain = "staging.idp.example.com"
  replicas = 2
  registry = "registry.example.com/platform"
  gitops_repo = "https://git.example.com/platform/gitops.git"
}
env prod {
  environment = "prod"
  domain = "idp.example.com"
  replicas = 3
  registry = "registry.example.com/platform"
  gitops_repo = "https://git.example.com/platform/gitops.git"
}

fn host(name: string): string = "${name}.${domain}"

# Settings of a service as a ConfigMap (see bench/gen.py stack).
schema settings {
  name: k8s.dns_label
  data: map[string]
  manifests: list[map[any]] = [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: name }, data: data }]
}

# A team's service: its app, its settings, what it calls.
stack service(name: string, team: string, upstream: string = "", version: string = "1.0.0",
              public: bool = false, cpu: string = "100m", memory: string = "128Mi") {
  component app: k8s.app {
    name = name
    image = "${registry}/${team}/${name}:${version}"
    replicas = replicas
    ports = [8080]
    host = public ? host(name) : null
    tls_secret = public ? "${name}-tls" : null
    env = {
      UPSTREAM_URL: upstream == "" ? "" : "http://${upstream}:8080"
      OIDC_ISSUER: "https://${host("keycloak")}/realms/${team}"
      ENVIRONMENT: environment
    }
    resources = { cpu: cpu, memory: memory, memory_limit: memory }
    probes = { liveness: "/healthz", readiness: "/ready" }
    autoscale = environment == "prod" && public ? { min: replicas, max: replicas * 4 } : null
    disruption_budget = environment == "prod" ? { max_unavailable: 1 } : null
    labels = { team: team, environment: environment }
  }
  component config: settings {
    name = "${name}-settings"
    data = {
      "team": team
      "service.url": public ? "https://${host(name)}" : "http://${name}:8080"
      "upstream.url": upstream == "" ? "" : "http://${upstream}:8080"
      "log.level": environment == "prod" ? "info" : "debug"
      "release": "${name}-${version}-${environment}"
    }
  }
  output host = name
}

stack platform {
  component argocd: helm.release {
    repo = "https://argoproj.github.io/argo-helm"
    chart = "argo-cd"
    version = "7.7.5"
    namespace = "argocd"
    values = { server: { ingress: { enabled: true, hostname: host("argocd") } } }
  }
  component gitea: helm.release {
    repo = "https://dl.gitea.com/charts"
    chart = "gitea"
    version = "10.6.0"
    namespace = "gitea"
    values = { ingress: { enabled: true, hosts: [{ host: host("gitea") }] } }
  }
  component ingress_nginx: helm.release {
    repo = "https://kubernetes.github.io/ingress-nginx"
    chart = "ingress-nginx"
    version = "4.11.3"
    namespace = "ingress-nginx"
  }
  component cert_manager: helm.release {
    repo = "https://charts.jetstack.io"
    chart = "cert-manager"
    version = "1.16.2"
    namespace = "cert-manager"
    values = { crds: { enabled: true } }
  }
  component keycloak: helm.release {
    repo = "https://charts.bitnami.com/bitnami"
    chart = "keycloak"
    version = "24.2.3"
    namespace = "keycloak"
    values = { ingress: { enabled: true, hostname: host("keycloak") } }
    depends_on = [ingress_nginx, cert_manager, database]
  }
  component external_secrets: helm.release {
    repo = "https://charts.external-secrets.io"
    chart = "external-secrets"
    version = "0.10.5"
    namespace = "external-secrets"
  }
  component backstage: helm.release {
    repo = "https://backstage.github.io/charts"
    chart = "backstage"
    version = "2.2.0"
    namespace = "backstage"
    values = { ingress: { enabled: true, host: host("backstage") } }
    depends_on = [keycloak, argocd]
  }
  output gitops = gitops_repo

  component database: tf.module {
    source = "terraform-aws-modules/rds/aws"
    version = "6.10.0"
    inputs = { identifier: "idp-${environment}", instance_class: replicas > 1 ? "db.m6g.large" : "db.t4g.micro", environment: environment }
  }
'''


def gen_cnoe(n):
    teams = max(1, n // 50)
    out = [CNOE_HEAD % {"n": n, "teams": teams}]
    for i in range(n):
        team = "team-%02d" % (i % teams)
        f = ['name = "%s"' % svc(i), 'team = "%s"' % team]
        if i >= teams:
            f.append("upstream = s%05d.host" % (i - teams))
        f += ['%s = "%s"' % kv for kv in overrides(i) if kv[0] != "tier"]
        if i % 10 == 0:
            f.append("public = true")
            f.append("depends_on = [ingress_nginx, cert_manager]")
        out.append("  component s%05d: service { %s }\n" % (i, "; ".join(f)))
    out.append("}\n")
    return "".join(out)


def main():
    gens = {"stack": gen_stack, "jsonnet": gen_jsonnet, "pkl": gen_pkl, "cnoe": gen_cnoe}
    if len(sys.argv) != 3 or sys.argv[1] not in gens:
        sys.stderr.write("usage: gen.py stack|jsonnet|pkl|cnoe N\n")
        return 64
    sys.stdout.write(gens[sys.argv[1]](int(sys.argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main())

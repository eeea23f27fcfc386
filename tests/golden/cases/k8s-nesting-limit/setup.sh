#!/bin/sh
# Objects nested to the Kubernetes backend's limit and one level past it
# (256 levels below the object): the first is written, the second is
# E0706. Built with json_decode, as evaluation itself stops nesting
# calls far sooner.
nest() {
	i=0 open= close=
	while [ $i -lt "$1" ]; do open="$open{\\\"a\\\":"; close="$close}"; i=$((i + 1)); done
	printf '"%s\\"x\\"%s"' "$open" "$close"
}
{
	printf 'import "std/k8s"\n\nstack s {\n'
	printf '  component shallow: k8s.manifests { objects = [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "shallow" }, extra: json_decode(%s) }] }\n' "$(nest 255)"
	printf '  component deep: k8s.manifests { objects = [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "deep" }, extra: json_decode(%s) }] }\n' "$(nest 256)"
	printf '}\n'
} >input.stack

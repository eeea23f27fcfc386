#!/usr/bin/env python3
"""cnoe_layout.py - `stackc build --layout cnoe` gives idpbuilder packages.

    cnoe_layout.py STACKC SRCDIR

Builds examples/cnoe-platform with --layout cnoe and checks each
environment directory against what idpbuilder reads
(../shared/reference/platforms.md, 1.1 and 1.2):

  - every regular *.yaml file at its top level is one Argo CD Application
    (or ApplicationSet) document;
  - every cnoe:// repoURL names, relative to the Application file, a
    directory that exists and holds the component's manifests;
  - no app-of-apps and no argocd-cm patch are written;
  - every manifest directory is the source of exactly one Application.
"""
import os
import subprocess
import sys
import tempfile

import yaml


def main():
    stackc, src = sys.argv[1], sys.argv[2]
    problems = []
    with tempfile.TemporaryDirectory(prefix="stackc-cnoe-") as tmp:
        out = os.path.join(tmp, "out")
        run = subprocess.run([stackc, "build", "--layout", "cnoe", "-o", out,
                              os.path.join(src, "examples", "cnoe-platform")],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL: stackc exited with {run.returncode}:\n{run.stderr}")
            return 1
        envs = sorted(e for e in os.listdir(out) if not e.startswith("."))
        if envs != ["dev", "prod"]:
            problems.append(f"environments {envs}, expected ['dev', 'prod']")
        napps = 0
        for env in envs:
            top = os.path.join(out, env)
            sources = set()
            for name in sorted(os.listdir(top)):
                path = os.path.join(top, name)
                if name == "argocd-cm-health.yaml" or name == "argocd":
                    problems.append(f"{env}/{name}: not part of the CNOE layout")
                if not (name.endswith(".yaml") or name.endswith(".yml")):
                    continue
                with open(path, encoding="utf-8") as f:
                    docs = [d for d in yaml.safe_load_all(f) if d is not None]
                if len(docs) != 1 or docs[0].get("kind") not in ("Application", "ApplicationSet"):
                    problems.append(f"{env}/{name}: not a single Application")
                    continue
                napps += 1
                spec = docs[0]["spec"]
                for s in spec.get("sources") or [spec.get("source")]:
                    url = s.get("repoURL", "")
                    if not url.startswith("cnoe://"):
                        continue
                    d = os.path.normpath(os.path.join(top, url[len("cnoe://"):], s.get("path", ".")))
                    if not os.path.isdir(d) or not any(f.endswith(".yaml") for f in os.listdir(d)):
                        problems.append(f"{env}/{name}: {url} is not a directory of manifests")
                    sources.add(d)
            for dirpath, dirnames, filenames in os.walk(top):
                if os.path.basename(dirpath) == "manifests" and dirpath not in sources:
                    problems.append(f"{os.path.relpath(dirpath, out)}: no Application points at it")
        if napps == 0:
            problems.append("no Applications at all")
    for p in problems:
        print("FAIL:", p)
    print(f"cnoe_layout: {napps} Applications checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

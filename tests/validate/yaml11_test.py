#!/usr/bin/env python3
"""yaml11_test.py - stackc's YAML reads back as exactly the intended values
with PyYAML, a YAML 1.1 reader that nobody in this project wrote.

    yaml11_test.py STACKC SRCDIR TEST

TEST is one of:

  strings  A module is generated from the Python values below: a ConfigMap
           whose data values are a corpus of strings that a YAML 1.1 reader
           could take for something else or mangle (yes, ~, 0x1, 12:30, <<,
           leading indicators, control characters, line breaks, unicode...),
           a ConfigMap whose data keys are such strings, and an object of
           typed values (ints, floats, bools, null, nested lists and maps),
           and a Helm release with all of them as values. `stackc build
           --stdout --target kubernetes` (and `--target argocd`, for the
           Application's helm.valuesObject) is read with yaml.safe_load_all:
           every value must come back as the same Python value with the
           same type (a str stays a str). `stackc eval
           --output json` of the same values must give them too.
  hello    The Kubernetes and Argo CD streams of examples/hello (`build
           --stdout --target kubernetes|argocd`), read with safe_load_all,
           equal the objects of hello-expected.json (checked in), and equal
           the files that `stackc build -o` writes, read one by one.

Regenerate hello-expected.json (then review the diff) with
STACKC_REGEN=1 yaml11_test.py STACKC SRCDIR hello.

Prints one line per failed check; exit 1 if there was any, 77 (skipped)
when PyYAML is missing outside CI.
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import unicodedata

try:
    import yaml
except ImportError:
    print("yaml11_test.py: PyYAML (python3-yaml) is not installed")
    if os.environ.get("CI") or os.environ.get("STACKC_REQUIRE_VALIDATORS") == "1":
        sys.exit(1)
    print("yaml11_test.py: skipped; run scripts/install-deps.sh")
    sys.exit(77)

# The corpus of strings. Each is a ConfigMap value, and those that are
# valid ConfigMap keys ([-._a-zA-Z0-9]+) are keys too; the rest are keys
# of the typed object, where any string may be a key.
SPECIAL_WORDS = [
    # YAML 1.1 booleans and null in every spelling PyYAML knows
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    "y", "Y", "n", "N", "true", "True", "TRUE", "false", "False", "FALSE",
    "~", "null", "Null", "NULL",
    # numbers: YAML 1.1 ints (hex, octal, binary, underscores, sexagesimal)
    # and floats, and YAML 1.2 spellings
    "0", "-0", "+1", "42", "0x1", "0X1F", "0o17", "017", "08", "0b101", "1_000",
    "-1_000", "190:20:30", "12:30", "1:2:3", "1e3", "1E3", "1.0e+3", "-1e-3",
    "1.5", ".5", "1.", "-.5", "+.5", "1_000.000_1", ".inf", ".Inf", ".INF",
    "-.inf", "+.inf", ".nan", ".NaN", ".NAN", "0.", "1e", "9223372036854775808",
    # timestamps, merge and value keys, document markers, directives
    "2024-01-01", "2024-1-1", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5", "<<", "=", "---", "...", "--- a", "... a",
    "%YAML 1.1", "%TAG ! tag:x,2024:",
    # words that look harmless
    "hello", "hello world", "a-b", "a_b", "a.b", "x=1", "a:b", "a: b", "a #b",
    "a#b", "a:", "- a", "-a", "? a", "?a", "a ?", "a,b", "a, b",
]

# Strings starting (and some ending) with each YAML indicator character.
INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
STARTING = []
for c in INDICATORS:
    STARTING += [c, c + "a", c + " a", "a" + c]

SPACES = [
    "", " ", "  ", " a", "a ", " a ", "\t", "\ta", "a\t", " \t ",
    "a  b", "a\tb",
]

LINES = [
    "\n", "a\n", "\na", "a\nb", "a\n\nb", "a\n\n", "\n\n", " \n", "\n ",
    "a \nb", "a\n b", "  a\n b\n", "a\r\nb", "a\rb", "\r", "line1\nline2\nline3\n",
    "#!/bin/sh\necho \"hi\"\n", "key: value\nother: - x\n", "- a\n- b\n",
    "a\n---\nb", "a\n...\nb", "trailing spaces  \nx",
    # YAML 1.1 line breaks that a 1.2 reader takes for ordinary characters
    "a\u0085b", "a\u2028b", "a\u2029b", "\u0085", "\u2028",
]

CONTROL = [
    "a\u0001b", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b[1m", "\u001f",
    "\u007f", "\u0080", "\u009f", "a\u00a0b", "\u00a0", "\ufeff", "a\ufeffb",
    "\u200b", "\u200e", "\ufffe", "\uffff", "\U0001f600\u200d", "\U000e0001",
    "\U0010fffd",
]

UNICODE = [
    "é", "naïve café", "日本語", "Ελληνικά", "עברית", "\U0001f600", "a\U0001f600b",
    "e\u0301", "ﬁ", "Ⅻ", "١٢٣", "𝟙𝟚𝟛", "￥100", "İı",
]

MISC = [
    "${not_interpolated}", "%{x}", "$HOME", "a\\b", "\\", "\\n", "'", "''",
    '"', '""', "'a'", '"a"', "a'b", 'a"b', "{}", "[]", "{a: 1}", "[1, 2]",
    "!!str", "!!int 3", "&anchor", "*alias", "|", ">", "|-\n a", "@x", "`x`",
    "x" * 200, "word " * 40 + "end", "a" * 1025,
]

CORPUS = SPECIAL_WORDS + STARTING + SPACES + LINES + CONTROL + UNICODE + MISC

# Typed values: a spec of an object of a kind without schema, so that the
# backend writes them as they are.
TYPED = {
    "ints": [0, 1, -1, 42, 8080, 9223372036854775807, -9223372036854775807],
    "floats": [0.5, -0.5, 1000.0, 1e300, 1e-300, 2.5, 0.1, 123456789.125, 1e20],
    "bools": [True, False],
    "nothing": None,
    "empty_list": [],
    "empty_map": {},
    "nested": [[], [[]], [{}], {"a": [1, "1", True, "true", None, "null"]}],
    "mixed": [1, "1", 1.5, "1.5", True, "yes", None, "~", "", [], {}],
}


def stack_string(s):
    """A Stack string literal whose value is s (docs/language.md 5.3)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "$":
            out.append("\\$")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or 0x7F <= o <= 0x9F or unicodedata.category(ch) in (
                "Cf", "Zl", "Zp", "Co", "Cn", "Cs"):
            out.append("\\u{%X}" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def stack_value(v):
    """A Stack expression whose value is v."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        # Integer literals are 0 to 2^63-1: negatives are unary minus.
        return str(v) if v >= 0 else "(-%d)" % -v
    if isinstance(v, float):
        r = repr(v)
        if "e" not in r and "." not in r:
            r += ".0"
        if "e" in r and "." not in r.split("e")[0]:
            m, e = r.split("e")
            r = m + ".0e" + e
        return r if v >= 0 else "(-%s)" % r[1:]
    if isinstance(v, str):
        return stack_string(v)
    if isinstance(v, list):
        return "[" + ", ".join(stack_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(
            "%s: %s" % (stack_string(k), stack_value(x)) for k, x in v.items()) + "}"
    raise TypeError(type(v))


def same(a, b):
    """Equal values of equal types: True is not 1, 1 is not 1.0, and map
    key order does not matter."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


class Test:
    def __init__(self, stackc, srcdir, name):
        self.stackc = stackc
        self.srcdir = srcdir
        self.name = name
        self.failures = 0

    def fail(self, msg):
        print("FAIL[%s]: %s" % (self.name, msg))
        self.failures += 1

    def run(self, *args, cwd=None):
        """stackc ARGS: stdout as text, or None (and a failure) if it exits
        non-zero."""
        env = dict(os.environ, NO_COLOR="1", LC_ALL="C")
        env.pop("GITHUB_ACTIONS", None)
        p = subprocess.run([self.stackc] + list(args), cwd=cwd, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            self.fail("stackc %s: exit %d:\n%s" % (
                " ".join(args), p.returncode, p.stderr.decode("utf-8", "replace")))
            return None
        return p.stdout.decode("utf-8")

    def load_all(self, text, what):
        try:
            return list(yaml.safe_load_all(text))
        except yaml.YAMLError as e:
            self.fail("%s: PyYAML cannot read it: %s" % (what, e))
            return None


def compare_map(t, what, got, want):
    """Report each key of want whose value differs in got, with reprs."""
    if not isinstance(got, dict):
        t.fail("%s: not a map but %r" % (what, got))
        return
    for k, v in want.items():
        if k not in got:
            t.fail("%s: key %r is missing (keys read: %r)" % (
                what, k, sorted(x for x in got if x not in want)[:10]))
        elif not same(got[k], v):
            t.fail("%s[%r]: read %r (%s), intended %r (%s)" % (
                what, k, got[k], type(got[k]).__name__, v, type(v).__name__))
    for k in got:
        if k not in want:
            t.fail("%s: unexpected key %r (%s) = %r" % (what, k, type(k).__name__, got[k]))


def test_strings(t, tmp):
    values = {"v%03d" % i: s for i, s in enumerate(CORPUS)}
    cm_key = set("-._abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    keyed = {s: "key %d" % i for i, s in enumerate(CORPUS) if s and set(s) <= cm_key}
    typed = dict(TYPED)
    typed["keys"] = {s: i for i, s in enumerate(CORPUS)}

    src = ["# Generated by tests/validate/yaml11_test.py.", 'import "std/k8s"',
           'import "std/helm"', "",
           "# The kind Typed has no schema; its CRD is taken as installed.",
           'param preinstalled_crds: list[string] = ["example.com"]', ""]
    src.append("let corpus_values = " + stack_value(values))
    src.append("let corpus_keyed = " + stack_value(keyed))
    src.append("let corpus_typed = " + stack_value(typed))
    helm_values = dict(typed)
    helm_values["strings"] = values
    src.append("let corpus_helm = " + stack_value(helm_values))
    src += [
        "",
        "stack yaml11 {",
        "  component values: k8s.ConfigMap { data = corpus_values }",
        "  component keyed: k8s.ConfigMap { data = corpus_keyed }",
        "  component typed: k8s.manifests {",
        '    objects = [{ apiVersion: "example.com/v1", kind: "Typed",',
        '                 metadata: { name: "typed" }, spec: corpus_typed }]',
        "  }",
        "  component chart: helm.release {",
        '    repo = "https://charts.example.com"',
        '    chart = "corpus"',
        '    version = "1.0.0"',
        '    namespace = "yaml11"',
        "    values = corpus_helm",
        "  }",
        "}",
        "",
    ]
    path = os.path.join(tmp, "yaml11.stack")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(src))

    out = t.run("build", "--stdout", "--target", "kubernetes", path)
    if out is None:
        return
    docs = t.load_all(out, "build --stdout")
    if docs is None:
        return
    by_name = {}
    for d in docs:
        if isinstance(d, dict) and isinstance(d.get("metadata"), dict):
            by_name[d["metadata"].get("name")] = d
    if sorted(by_name) != ["keyed", "typed", "values"] or len(docs) != 3:
        t.fail("expected the objects keyed, typed, values; read %r" % sorted(map(str, by_name)))
        return
    compare_map(t, "ConfigMap values: data", by_name["values"].get("data"), values)
    compare_map(t, "ConfigMap keyed: data", by_name["keyed"].get("data"), keyed)
    compare_map(t, "Typed typed: spec", by_name["typed"].get("spec"), typed)

    # Helm values go into the Argo CD Application as they are
    # (spec.source.helm.valuesObject).
    out = t.run("build", "--stdout", "--target", "argocd", path)
    docs = t.load_all(out, "build --stdout --target argocd") if out is not None else None
    apps = [d for d in docs or [] if isinstance(d, dict) and d.get("kind") == "Application"
            and d.get("metadata", {}).get("name") == "yaml11-chart"]
    if docs is not None and len(apps) != 1:
        t.fail("--target argocd: no Application yaml11-chart")
    for app in apps:
        got = app.get("spec", {}).get("source", {}).get("helm", {}).get("valuesObject")
        compare_map(t, "Application yaml11-chart: valuesObject", got, helm_values)

    # The JSON of `eval` holds the same values (json reads them with their
    # types: int, float, bool, None, str).
    for name, want in (("values", values), ("keyed", keyed), ("typed", typed)):
        js = t.run("eval", "--output", "json", path, "corpus_" + name)
        if js is None:
            continue
        try:
            got = json.loads(js)
        except ValueError as e:
            t.fail("eval --output json %s: not JSON: %s" % (name, e))
            continue
        compare_map(t, "eval %s" % name, got, want)
    print("yaml11_test.py: %d strings as values, %d as ConfigMap keys, %d as keys; "
          "%d typed values" % (len(values), len(keyed), len(typed["keys"]), len(TYPED)))


def test_hello(t, tmp):
    hello = os.path.join(t.srcdir, "examples", "hello")
    expected_path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                 "hello-expected.json")
    streams = {}
    for target in ("kubernetes", "argocd"):
        out = t.run("build", "--stdout", "--target", target, hello)
        if out is None:
            return
        docs = t.load_all(out, "build --stdout --target " + target)
        if docs is None:
            return
        streams[target] = docs

    if os.environ.get("STACKC_REGEN") == "1":
        with open(expected_path, "w", encoding="utf-8") as f:
            json.dump(streams, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print("yaml11_test.py: wrote %s; review it with git diff" % expected_path)
        return
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    for target, docs in streams.items():
        want = expected.get(target, [])
        if len(docs) != len(want):
            t.fail("--target %s: %d documents, expected %d" % (target, len(docs), len(want)))
        for i, (got, w) in enumerate(zip(docs, want)):
            if not same(got, w):
                t.fail("--target %s: document %d (%s/%s) differs from hello-expected.json:\n"
                       "  read:     %s\n  expected: %s" % (
                           target, i + 1, w.get("kind"), w.get("metadata", {}).get("name"),
                           json.dumps(got, sort_keys=True), json.dumps(w, sort_keys=True)))

    # The files of the tree, read one by one in the order of their paths,
    # are the documents of the streams.
    outdir = os.path.join(tmp, "out")
    if t.run("build", hello, "-o", outdir) is None:
        return
    files = {"kubernetes": [], "argocd": []}
    for root, dirs, names in os.walk(outdir):
        for n in names:
            if n.endswith(".yaml"):
                p = os.path.join(root, n)
                rel = os.path.relpath(p, outdir)
                # argocd-cm-health.yaml sits beside the stacks and belongs to
                # the argocd target.
                target = "kubernetes" if "/kubernetes/" in "/" + rel else "argocd"
                files[target].append(rel)
    for target, rels in files.items():
        docs = []
        for rel in sorted(rels, key=lambda r: r.encode()):
            with open(os.path.join(outdir, rel), encoding="utf-8") as f:
                d = t.load_all(f.read(), rel)
            if d is None:
                return
            if len(d) != 1:
                t.fail("%s: %d documents, expected 1" % (rel, len(d)))
            docs += d
        if not same(docs, streams[target]):
            t.fail("the %s files of `build -o` are not the documents of "
                   "`build --stdout --target %s`" % (target, target))
    print("yaml11_test.py: hello: %d Kubernetes and %d Argo CD objects as intended" % (
        len(streams["kubernetes"]), len(streams["argocd"])))


def main():
    if len(sys.argv) != 4 or sys.argv[3] not in ("strings", "hello"):
        print("usage: yaml11_test.py STACKC SRCDIR strings|hello", file=sys.stderr)
        return 2
    stackc = os.path.abspath(sys.argv[1])
    srcdir = os.path.abspath(sys.argv[2])
    t = Test(stackc, srcdir, sys.argv[3])
    with tempfile.TemporaryDirectory(prefix="stackc-yaml11.") as tmp:
        if t.name == "strings":
            test_strings(t, tmp)
        else:
            test_hello(t, tmp)
    return 1 if t.failures else 0


if __name__ == "__main__":
    sys.exit(main())

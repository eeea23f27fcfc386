#!/usr/bin/env python3
"""yaml_corpus_check.py - does a YAML 1.1 reader see what stackc wrote?

Run by ctest (unit.value_codec_pyyaml) after test_value_codec, which
writes the same value twice into the working directory:
value_codec_corpus.yaml (value_write_yaml) and value_codec_corpus.json
(value_write_json). JSON has no type ambiguity, so it is the reference.

Checks, in order:
 1. PyYAML's safe_load (pure Python, and the libyaml-based CSafeLoader
    when present) gives exactly the JSON value: every string is still a
    string with the same characters, numbers and booleans are intact.
 2. No string was written plain that Kubernetes' reader would take for
    something else. Kubernetes reads YAML through go-yaml v2, whose
    resolver is stricter than PyYAML's (it also takes y/n for booleans
    and anything strconv parses as a number); go_v2_nonstring() models
    it (gopkg.in/yaml.v2 resolve.go) slightly on the cautious side.

Exit status: 0 pass, 1 fail, 77 skipped (no PyYAML), for SKIP_RETURN_CODE.
"""
import json
import re
import sys

try:
    import yaml
except ImportError:
    print("PyYAML not installed; skipping")
    sys.exit(77)

# gopkg.in/yaml.v2 resolve.go: the resolveMap words, plus the merge key.
V2_WORDS = set(
    "y Y yes Yes YES on On ON true True TRUE "
    "n N no No NO off Off OFF false False FALSE "
    "~ null Null NULL "
    ".nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF <<".split())
# strconv.ParseInt/ParseUint with base 0 (after "_" are removed).
V2_INT = re.compile(r"[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)")
# yamlStyleFloat, then strconv.ParseFloat.
V2_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def go_v2_nonstring(s):
    """Would go-yaml v2 resolve plain scalar s to a non-string?"""
    if s == "" or s in V2_WORDS:
        return True
    first = s[0]
    if first == ".":
        return V2_FLOAT.fullmatch(s) is not None
    if first in "+-0123456789":
        # parseTimestamp: anything starting with YYYY- may be a date.
        if re.match(r"[0-9]{4}-", s):
            return True
        plain = s.replace("_", "")
        return bool(V2_INT.fullmatch(plain) or V2_FLOAT.fullmatch(plain))
    return False


def strict_equal(a, b, path, diffs):
    """== without Python's True == 1 and 1 == 1.0 shortcuts."""
    if type(a) is not type(b):
        diffs.append("%s: %r (%s) != %r (%s)" % (path, a, type(a).__name__, b, type(b).__name__))
    elif isinstance(a, dict):
        if list(a.keys()) != list(b.keys()):
            missing = set(b.keys()) - set(a.keys())
            extra = set(a.keys()) - set(b.keys())
            diffs.append("%s: keys differ (order or set), missing %r, extra %r"
                         % (path, sorted(missing)[:5], sorted(extra)[:5]))
            return
        for k in b:
            strict_equal(a[k], b[k], "%s[%r]" % (path, k), diffs)
    elif isinstance(a, list):
        if len(a) != len(b):
            diffs.append("%s: %d items != %d" % (path, len(a), len(b)))
            return
        for i, (x, y) in enumerate(zip(a, b)):
            strict_equal(x, y, "%s[%d]" % (path, i), diffs)
    elif isinstance(a, float):
        if a != b or repr(a) != repr(b):  # repr tells -0.0 from 0.0
            diffs.append("%s: %r != %r" % (path, a, b))
    elif a != b:
        diffs.append("%s: %r != %r" % (path, a, b))


def plain_strings(node, out):
    """Collect the scalars written plain that PyYAML resolved to str."""
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.tag == "tag:yaml.org,2002:str":
            out.append(node.value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            plain_strings(item, out)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            plain_strings(k, out)
            plain_strings(v, out)


def main():
    if len(sys.argv) != 3:
        print("usage: yaml_corpus_check.py CORPUS.yaml CORPUS.json", file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        yaml_text = f.read().decode("utf-8")
    with open(sys.argv[2], "rb") as f:
        expected = json.loads(f.read().decode("utf-8"))

    failed = False
    loaders = [("SafeLoader", yaml.SafeLoader)]
    if getattr(yaml, "CSafeLoader", None):
        loaders.append(("CSafeLoader", yaml.CSafeLoader))
    for name, loader in loaders:
        got = yaml.load(yaml_text, Loader=loader)
        diffs = []
        strict_equal(got, expected, "$", diffs)
        if diffs:
            failed = True
            print("%s: %d differences, first ones:" % (name, len(diffs)))
            for d in diffs[:20]:
                print("  " + d)

    plain = []
    plain_strings(yaml.compose(yaml_text, Loader=yaml.SafeLoader), plain)
    risky = sorted({s for s in plain if go_v2_nonstring(s)})
    if risky:
        failed = True
        print("written plain but not strings to go-yaml v2: %r" % risky[:20])
    # The test means little if everything was quoted.
    if len(plain) < 1000:
        failed = True
        print("only %d plain strings: is everything quoted?" % len(plain))

    if failed:
        return 1
    print("ok: %d loaders agree with the JSON; %d plain strings, none a go-yaml v2 non-string"
          % (len(loaders), len(plain)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

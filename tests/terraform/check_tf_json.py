#!/usr/bin/env python3
"""Check generated Terraform JSON configuration (main.tf.json) files.

Usage: check_tf_json.py DIR_OR_FILE... [--stream FILE...]

Every `*.tf.json` file found (recursively) is checked against the
structure of Terraform's JSON configuration syntax, as stackc writes it
(docs/stdlib-modules.md section 4, "What the generator writes"; Terraform:
https://developer.hashicorp.com/terraform/language/syntax/json):

  form      valid UTF-8 JSON, no duplicate keys, exactly the canonical
            layout (two-space indentation, ": " and "," separators, keys
            in file order, a trailing newline): the file equals
            json.dumps(json.loads(text), indent=2, ensure_ascii=False)+"\\n";
  blocks    the root holds only top-level block types, each of the
            shape Terraform expects: labels as nested objects, bodies as
            objects (a provider may have a list of bodies), names that
            are Terraform identifiers, meta-arguments of the right type;
  templates no string or object key in an expression position holds a
            template sequence ("${" or "%{") other than the escapes
            "$${" / "%%{", except the references stackc generates itself:
            "${var.NAME}" for a sensitive variable declared in the same
            file and "${module.NAME}" for the module it calls. Literal
            positions (the terraform block, variable declarations,
            descriptions, module source and version) are not templates
            and are not checked for this.

After --stream, each FILE holds several documents one after another, as
`stackc build --stdout --target terraform` prints them (the golden
cases' expected.stdout); each document is checked like a file.

A directory named apply-* that also holds expect.json is, when the
`terraform` CLI is on PATH, initialised and applied in a scratch copy
(local state, only Terraform's built-in provider, no network) and its
outputs compared with expect.json: {"vars": {NAME: VALUE} passed as
TF_VAR_NAME, "outputs": {NAME: VALUE}}. That shows that Terraform
reads escaped strings as the literal text (reliability.md test G4). A
"./echo" (or "./modules/echo", its copy) module source gets a small echo module written next to the
file. Without terraform those checks are skipped with a note.

Exit status: 0 if every file passed, 1 otherwise (every problem is
printed as FILE: PATH: message).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

IDENT = re.compile(r"^[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_\-\u0080-\U0010ffff]*$")
TOP_LEVEL = {"//", "terraform", "variable", "locals", "provider", "data", "resource",
             "module", "output", "moved", "import", "check", "removed"}
TERRAFORM_KEYS = {"required_version", "required_providers", "backend", "cloud",
                  "experiments", "provider_meta"}
VARIABLE_KEYS = {"type", "default", "description", "sensitive", "nullable", "ephemeral",
                 "validation"}
OUTPUT_KEYS = {"value", "description", "sensitive", "depends_on", "precondition",
               "ephemeral", "//"}
MODULE_META = {"source", "version", "providers", "count", "for_each", "depends_on"}

ECHO_MODULE = {
    "variable": {
        "text": {"type": "string", "default": ""},
        "secret": {"type": "string", "default": "", "sensitive": True},
    },
    "output": {
        "text": {"value": "${var.text}"},
        "secret": {"value": "${var.secret}", "sensitive": True},
    },
}


class Checker:
    def __init__(self, path):
        self.path = path
        self.problems = []
        self.sensitive_vars = set()
        self.modules = set()

    def fail(self, where, msg):
        self.problems.append("%s: %s: %s" % (self.path, where or "(root)", msg))

    # ---- helpers --------------------------------------------------------

    def obj(self, v, where):
        if not isinstance(v, dict):
            self.fail(where, "expected an object, found %s" % type(v).__name__)
            return False
        return True

    def name(self, n, where, what):
        if not IDENT.match(n):
            self.fail(where, "%s %r is not a Terraform identifier" % (what, n))

    def scan_template(self, s, where):
        """Every template sequence in s must be a generated reference."""
        i = 0
        while i < len(s):
            if s.startswith("$${", i) or s.startswith("%%{", i):
                i += 3
                continue
            if s.startswith("${", i) or s.startswith("%{", i):
                end = s.find("}", i)
                seq = s[i:end + 1] if end >= 0 else s[i:]
                m = re.match(r"^\$\{(var|module)\.([A-Za-z_][A-Za-z0-9_-]*)\}$", seq)
                ok = (m and m.group(1) == "var" and m.group(2) in self.sensitive_vars) or \
                     (m and m.group(1) == "module" and m.group(2) in self.modules)
                if not ok:
                    self.fail(where, "unescaped template sequence %r in %r" % (seq, s))
                i += len(seq)
                continue
            i += 1

    def expr(self, v, where):
        """An expression position: strings and keys are templates."""
        if isinstance(v, str):
            self.scan_template(v, where)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                self.expr(x, "%s[%d]" % (where, i))
        elif isinstance(v, dict):
            for k, x in v.items():
                self.scan_template(k, where + " (key)")
                self.expr(x, "%s.%s" % (where, k))

    def string_list(self, v, where):
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            self.fail(where, "expected a list of reference strings")

    def meta(self, body, where):
        """Meta-arguments shared by resources, data sources and modules."""
        if "depends_on" in body:
            self.string_list(body["depends_on"], where + ".depends_on")
        if "provider" in body and not isinstance(body["provider"], str):
            self.fail(where + ".provider", "expected a provider reference string")
        if "count" in body and "for_each" in body:
            self.fail(where, "count and for_each together")
        if "lifecycle" in body:
            self.obj(body["lifecycle"], where + ".lifecycle")

    # ---- blocks ---------------------------------------------------------

    def check(self, root):
        if not self.obj(root, ""):
            return
        for k in root:
            if k not in TOP_LEVEL:
                self.fail(k, "not a top-level block type of Terraform")
        if "//" in root and not isinstance(root["//"], str):
            self.fail("//", "a comment must be a string")
        # Names first: references are checked against them.
        for name, body in (root.get("variable") or {}).items():
            if isinstance(body, dict) and body.get("sensitive") is True:
                self.sensitive_vars.add(name)
        self.modules = set((root.get("module") or {}).keys())

        if "terraform" in root:
            self.terraform(root["terraform"])
        for block, fn in (("variable", self.variable), ("provider", self.provider),
                          ("module", self.module), ("output", self.output)):
            if block in root and self.obj(root[block], block):
                if not root[block]:
                    self.fail(block, "empty block object (stackc leaves empty blocks out)")
                for name, body in root[block].items():
                    self.name(name, block, block + " name")
                    fn(body, "%s.%s" % (block, name))
        if "locals" in root and self.obj(root["locals"], "locals"):
            for name, v in root["locals"].items():
                self.name(name, "locals", "local value name")
                self.expr(v, "locals." + name)
        for block in ("resource", "data"):
            if block in root and self.obj(root[block], block):
                for typ, by_name in root[block].items():
                    self.name(typ, block, block + " type")
                    if not self.obj(by_name, "%s.%s" % (block, typ)):
                        continue
                    for name, body in by_name.items():
                        where = "%s.%s.%s" % (block, typ, name)
                        self.name(name, where, block + " name")
                        if self.obj(body, where):
                            self.meta(body, where)
                            self.expr({k: v for k, v in body.items()
                                       if k not in ("depends_on", "provider")}, where)

    def terraform(self, t):
        if not self.obj(t, "terraform"):
            return
        for k in t:
            if k not in TERRAFORM_KEYS:
                self.fail("terraform." + k, "not a setting of the terraform block")
        if "required_version" in t and not isinstance(t["required_version"], str):
            self.fail("terraform.required_version", "expected a string")
        if "required_providers" in t and self.obj(t["required_providers"],
                                                  "terraform.required_providers"):
            for name, req in t["required_providers"].items():
                self.name(name, "terraform.required_providers", "provider name")
                if not isinstance(req, (dict, str)):
                    self.fail("terraform.required_providers." + name,
                              "expected an object or a version string")
        if "backend" in t and self.obj(t["backend"], "terraform.backend"):
            if len(t["backend"]) != 1:
                self.fail("terraform.backend", "must name exactly one backend type")
            for typ, cfg in t["backend"].items():
                self.name(typ, "terraform.backend", "backend type")
                self.obj(cfg, "terraform.backend." + typ)

    def variable(self, body, where):
        if not self.obj(body, where):
            return
        for k in body:
            if k not in VARIABLE_KEYS:
                self.fail(where + "." + k, "not an argument of a variable block")
        for k in ("type", "description"):
            if k in body and not isinstance(body[k], str):
                self.fail(where + "." + k, "expected a string")
        for k in ("sensitive", "nullable", "ephemeral"):
            if k in body and not isinstance(body[k], bool):
                self.fail(where + "." + k, "expected a boolean")
        if "validation" in body:
            self.expr(body["validation"], where + ".validation")

    def provider(self, body, where):
        bodies = body if isinstance(body, list) else [body]
        if isinstance(body, list) and not body:
            self.fail(where, "empty list of provider configurations")
        aliases = set()
        for i, b in enumerate(bodies):
            w = "%s[%d]" % (where, i) if isinstance(body, list) else where
            if not self.obj(b, w):
                continue
            alias = b.get("alias")
            if alias is not None:
                if not isinstance(alias, str):
                    self.fail(w + ".alias", "expected a string")
                else:
                    self.name(alias, w + ".alias", "provider alias")
            if alias in aliases:
                self.fail(w, "two configurations with alias %r" % (alias,))
            aliases.add(alias)
            self.expr({k: v for k, v in b.items() if k not in ("alias", "version")}, w)

    def module(self, body, where):
        if not self.obj(body, where):
            return
        if not isinstance(body.get("source"), str):
            self.fail(where, "a module call needs a string 'source'")
        if "version" in body and not isinstance(body["version"], str):
            self.fail(where + ".version", "expected a string")
        if "providers" in body and self.obj(body["providers"], where + ".providers"):
            for k, v in body["providers"].items():
                if not isinstance(v, str):
                    self.fail(where + ".providers." + k, "expected a provider reference")
        self.meta(body, where)
        for k, v in body.items():
            if k in MODULE_META or k == "//":
                continue
            self.name(k, where, "module input")
            self.expr(v, "%s.%s" % (where, k))

    def output(self, body, where):
        if not self.obj(body, where):
            return
        if "value" not in body:
            self.fail(where, "an output needs a 'value'")
        for k in body:
            if k not in OUTPUT_KEYS:
                self.fail(where + "." + k, "not an argument of an output block")
        if "description" in body and not isinstance(body["description"], str):
            self.fail(where + ".description", "expected a string")
        if "sensitive" in body and not isinstance(body["sensitive"], bool):
            self.fail(where + ".sensitive", "expected a boolean")
        if "depends_on" in body:
            self.string_list(body["depends_on"], where + ".depends_on")
        if "value" in body:
            self.expr(body["value"], where + ".value")


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise ValueError("duplicate keys %s" % dup)
    return dict(pairs)


def check_text(path, text):
    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except ValueError as e:
        return ["%s: not valid JSON: %s" % (path, e)]
    c = Checker(path)
    canonical = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if text != canonical:
        c.fail("", "not in the canonical layout (2-space indent, trailing newline)")
    c.check(data)
    return c.problems


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8")


def check_file(path):
    try:
        return check_text(path, read_text(path))
    except UnicodeDecodeError as e:
        return ["%s: not UTF-8: %s" % (path, e)]


def check_stream(path):
    """Documents one after another, each ending in a newline."""
    try:
        text = read_text(path)
    except UnicodeDecodeError as e:
        return ["%s: not UTF-8: %s" % (path, e)], 0
    decoder = json.JSONDecoder()
    problems, pos, n = [], 0, 0
    while pos < len(text):
        try:
            _, end = decoder.raw_decode(text, pos)
        except ValueError as e:
            return problems + ["%s: not a stream of JSON documents: %s" % (path, e)], n
        end = end + 1 if text.startswith("\n", end) else end
        n += 1
        problems += check_text("%s (document %d)" % (path, n), text[pos:end])
        pos = end
    return problems, n


def run_terraform(case_dir, tf_file):
    """Apply one apply-* case with terraform; return a list of problems."""
    with open(os.path.join(case_dir, "expect.json"), encoding="utf-8") as f:
        expect = json.load(f)
    problems = []
    with tempfile.TemporaryDirectory(prefix="stackc_tf_") as work:
        shutil.copy(tf_file, os.path.join(work, "main.tf.json"))
        with open(tf_file, encoding="utf-8") as f:
            cfg = json.load(f)
        for call in (cfg.get("module") or {}).values():
            # stackc copies a local module to ./modules/NAME
            # (tf_local.c); the unit test's stand-in is replaced here.
            if call.get("source") in ("./echo", "./modules/echo"):
                mod = os.path.join(work, call["source"])
                os.makedirs(mod, exist_ok=True)
                with open(os.path.join(mod, "main.tf.json"), "w") as f:
                    json.dump(ECHO_MODULE, f)
        env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1",
                   TF_CLI_CONFIG_FILE=os.devnull, TF_DATA_DIR=os.path.join(work, ".tf"))
        for name, value in (expect.get("vars") or {}).items():
            env["TF_VAR_" + name] = value
        steps = (["init", "-input=false", "-no-color"],
                 ["apply", "-auto-approve", "-input=false", "-no-color"],
                 ["output", "-json", "-no-color"])
        out = None
        for step in steps:
            p = subprocess.run(["terraform"] + step, cwd=work, env=env,
                               capture_output=True, text=True, timeout=120)
            if p.returncode != 0:
                return ["%s: terraform %s failed:\n%s%s" % (tf_file, step[0], p.stdout,
                                                             p.stderr)]
            out = p.stdout
        got = {k: v["value"] for k, v in json.loads(out).items()}
        for name, want in expect["outputs"].items():
            if got.get(name) != want:
                problems.append("%s: terraform output %s is %r, expected %r"
                                % (tf_file, name, got.get(name), want))
    return problems


# Files the checker must refuse, each with a word its message must hold:
# run before every check, so a checker that accepts everything fails.
SELF_TEST = [
    ('{"resource": {"t": {"n": {"a": "${file(\\"/etc/passwd\\")}"}}}}', "unescaped"),
    ('{"locals": {"x": {"%{ if true }": 1}}}', "unescaped"),
    ('{"output": {"o": {"value": "${var.nope}"}}}', "unescaped"),
    ('{"resources": {}}', "top-level"),
    ('{"module": {"m": {"version": "1"}}}', "source"),
    ('{"terraform": {"backend": {"s3": {}, "gcs": {}}}}', "exactly one"),
    ('{"variable": {"1x": {"type": "string"}}}', "identifier"),
    ('{"variable": {"v": {"typo": "string"}}}', "argument"),
    ('{"output": {"o": {"description": "no value"}}}', "value"),
    ('{"provider": {"aws": [{"alias": "a"}, {"alias": "a"}]}}', "alias"),
    ('{"locals": {"a": 1, "a": 2}}', "duplicate"),
    ('{"locals": {"a": 1}}', "canonical"),
]


def self_test():
    ok = True
    with tempfile.TemporaryDirectory(prefix="stackc_tfcheck_") as d:
        for i, (text, word) in enumerate(SELF_TEST):
            path = os.path.join(d, "bad%d.tf.json" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            # Canonical layout unless the case is about the layout.
            if word not in ("canonical", "duplicate"):
                with open(path, "w", encoding="utf-8") as f:
                    f.write(json.dumps(json.loads(text), indent=2) + "\n")
            problems = check_file(path)
            if not any(word in p for p in problems):
                print("check_tf_json: self-test %d (%s) not refused: %s" % (i, word, problems))
                ok = False
    return ok


def main(argv):
    if not self_test():
        return 1
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    args, streams = argv[1:], []
    if "--stream" in args:
        streams = args[args.index("--stream") + 1:]
        args = args[:args.index("--stream")]
    files = []
    for arg in args:
        if os.path.isfile(arg):
            files.append(arg)
        for root, _, names in os.walk(arg):
            files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".tf.json")]
    files.sort()
    if not files and not streams:
        print("check_tf_json: no .tf.json files found", file=sys.stderr)
        return 1
    problems = []
    for f in files:
        problems += check_file(f)
    ndocs = 0
    for f in streams:
        more, n = check_stream(f)
        problems += more
        ndocs += n
    terraform = shutil.which("terraform")
    applied = 0
    for f in files:
        top = args[0] if args else ""
        case = os.path.relpath(f, top).split(os.sep)[0] if os.path.isdir(top) else ""
        case_dir = os.path.join(top, case)
        if not case.startswith("apply-") or not os.path.exists(
                os.path.join(case_dir, "expect.json")):
            continue
        if not terraform:
            print("check_tf_json: terraform not found, %s not applied" % f)
            continue
        problems += run_terraform(case_dir, f)
        applied += 1
    for p in problems:
        print(p)
    print("check_tf_json: %d files and %d streamed documents checked, %d applied with "
          "terraform, %d problems" % (len(files), ndocs, applied, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env node
// validate.js - check stackc's Kubernetes and Argo CD output against schema
// models that nobody in this project wrote.
//
//   node validate.js DIR...
//   node validate.js --check-node
//
// Reads every .yaml/.yml file below each DIR (recursively, in byte order of
// the paths; multi-document files too), and for every document:
//
//   - parses it as YAML 1.1 (what kubectl and the API server's YAML reader
//     follow), so an unquoted `yes` turns into a boolean here as it would
//     there; any parse error or warning (duplicate key, bad alias) fails;
//   - maps its apiVersion and kind to a model class of the pinned npm
//     packages below (kubernetes-models for the built-in API groups,
//     @kubernetes-models/argo-cd for argoproj.io, @kubernetes-models/cert-manager
//     for cert-manager.io, @kubernetes-models/external-secrets for
//     external-secrets.io, @kubernetes-models/prometheus-operator for
//     monitoring.coreos.com) and runs the model's validate(), the JSON schema
//     of the OpenAPI definition of that kind;
//   - fails on an object whose apiVersion/kind no package has a model for,
//     unless it is in ALLOW_UNMODELLED below (those are listed on stdout).
//
// The models check types, required fields and formats; they do not reject
// unknown fields (Kubernetes' OpenAPI schemas do not say
// additionalProperties: false), so a misspelt optional field passes here.
//
// --check-node only checks that this Node.js is recent enough for every
// package of package-lock.json (scripts/install-deps.sh runs it before
// `npm ci`).
//
// Exit status: 0 when every object is valid, 1 when one is not (each one is
// reported on stderr as FILE: document N: KIND/NAME: MESSAGE), 2 for a
// usage error or a missing or too old Node.js or package.
'use strict';

const fs = require('fs');
const path = require('path');

// The model packages, tried in this order. Each maps "GROUP/VERSION" (or
// "v1" for the core group) to a module whose exports include one class per
// kind, with static apiVersion and kind.
const MODEL_PACKAGES = [
  'kubernetes-models',
  '@kubernetes-models/argo-cd',
  '@kubernetes-models/cert-manager',
  '@kubernetes-models/external-secrets',
  '@kubernetes-models/prometheus-operator',
];

// Kinds that no package models, checked only for being a mapping with
// apiVersion, kind and metadata.name. Keep this empty unless a kind
// genuinely has no model; every entry used is printed.
const ALLOW_UNMODELLED = new Set([
  // 'example.com/v1/Widget',
]);

function die(msg) {
  process.stderr.write(`validate.js: ${msg}\n`);
  process.exit(2);
}

// The oldest Node.js that every installed package accepts: the largest
// ">=X.Y.Z" of the `engines.node` fields in package-lock.json.
function checkNodeVersion() {
  const lockPath = path.join(__dirname, 'package-lock.json');
  const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
  const parse = (v) => v.split('.').map((n) => parseInt(n, 10) || 0);
  const cmp = (a, b) => {
    for (let i = 0; i < 3; i++) {
      if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) - (b[i] || 0);
    }
    return 0;
  };
  let need = [0, 0, 0];
  let needBy = '';
  for (const [name, pkg] of Object.entries(lock.packages || {})) {
    const range = pkg.engines && pkg.engines.node;
    const m = typeof range === 'string' && /^>=\s*v?(\d+(?:\.\d+){0,2})$/.exec(range.trim());
    if (m && cmp(parse(m[1]), need) > 0) {
      need = parse(m[1]);
      needBy = name || 'package.json';
    }
  }
  const have = parse(process.versions.node);
  if (cmp(have, need) < 0) {
    die(`Node.js ${process.versions.node} is too old: ${needBy} needs >= ${need.join('.')}`);
  }
}

function loadModules() {
  try {
    return { YAML: require('yaml') };
  } catch (e) {
    die(`cannot load the npm packages (${e.message.split('\n')[0]}); ` +
        `run scripts/install-deps.sh (npm ci in tests/validate)`);
  }
}

// modelFor(apiVersion, kind): the model class, or null. Cached per
// apiVersion; a package without that group/version is simply not it.
const groupCache = new Map();
function modelFor(apiVersion, kind) {
  if (!/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    return null;
  }
  if (!groupCache.has(apiVersion)) {
    const mods = [];
    for (const pkg of MODEL_PACKAGES) {
      try {
        mods.push(require(`${pkg}/${apiVersion}`));
      } catch (e) {
        if (e.code !== 'MODULE_NOT_FOUND' && e.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw e;
      }
    }
    groupCache.set(apiVersion, mods);
  }
  for (const mod of groupCache.get(apiVersion)) {
    const cls = mod[kind];
    // Only top-level kinds carry apiVersion and kind; DeploymentSpec does not.
    if (typeof cls === 'function' && cls.apiVersion === apiVersion && cls.kind === kind) {
      return cls;
    }
  }
  return null;
}

function yamlFiles(dir) {
  const out = [];
  const walk = (d) => {
    const entries = fs.readdirSync(d, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

// The text of a validation error: ajv's list when there is one.
function errorText(e) {
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    return e.errors.map((x) => {
      let s = `${x.instancePath || '/'} ${x.message}`;
      if (x.params && x.params.allowedValues) s += ` (${x.params.allowedValues.join(', ')})`;
      return s;
    }).join('; ');
  }
  return e.message;
}

function main(argv) {
  if (argv.length === 0) {
    process.stderr.write('usage: node validate.js DIR...\n');
    process.exit(2);
  }
  checkNodeVersion();
  if (argv.length === 1 && argv[0] === '--check-node') return;
  const { YAML } = loadModules();

  let files = 0;
  let objects = 0;
  const failures = [];
  const kinds = new Map();
  const unmodelled = new Map();

  for (const dir of argv) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) die(`'${dir}' is not a directory`);
    for (const file of yamlFiles(dir)) {
      files++;
      const text = fs.readFileSync(file, 'utf8');
      const fail = (where, msg) => failures.push(`${file}: ${where}: ${msg}`);
      const docs = YAML.parseAllDocuments(text, { version: '1.1', prettyErrors: false });
      if (!Array.isArray(docs)) { // an empty stream
        fail('document 1', 'no YAML document in the file');
        continue;
      }
      docs.forEach((doc, i) => {
        const where = `document ${i + 1}`;
        if (doc.errors.length > 0 || doc.warnings.length > 0) {
          fail(where, 'YAML: ' + doc.errors.concat(doc.warnings).map((e) => e.message).join('; '));
          return;
        }
        const obj = doc.toJS({ maxAliasCount: 0 });
        if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
          fail(where, `not a mapping but ${JSON.stringify(obj)}`);
          return;
        }
        objects++;
        const { apiVersion, kind } = obj;
        const name = obj.metadata && obj.metadata.name;
        const label = `${kind}/${name} (${apiVersion})`;
        if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
          fail(where, `${label}: apiVersion and kind must be strings`);
          return;
        }
        const key = `${apiVersion}/${kind}`;
        const Model = modelFor(apiVersion, kind);
        if (Model === null) {
          if (!ALLOW_UNMODELLED.has(key)) {
            fail(where, `${label}: no model for apiVersion '${apiVersion}' kind '${kind}' ` +
                 `in ${MODEL_PACKAGES.join(', ')} (add a model package, or the kind to ` +
                 `ALLOW_UNMODELLED in validate.js if it genuinely has none)`);
            return;
          }
          unmodelled.set(key, (unmodelled.get(key) || 0) + 1);
          if (typeof name !== 'string' || name === '') fail(where, `${label}: no metadata.name`);
          return;
        }
        kinds.set(key, (kinds.get(key) || 0) + 1);
        try {
          new Model(obj).validate();
        } catch (e) {
          fail(where, `${label}: ${errorText(e)}`);
        }
      });
    }
  }

  const list = (m) => [...m.entries()].sort().map(([k, n]) => `${k} x${n}`).join(', ');
  console.log(`validate.js: ${objects} objects in ${files} files; validated: ${list(kinds) || 'none'}`);
  if (unmodelled.size > 0) {
    console.log(`validate.js: NOT validated (allowed without a model): ${list(unmodelled)}`);
  }
  if (files === 0) {
    process.stderr.write(`validate.js: no .yaml files under ${argv.join(' ')}\n`);
    process.exit(1);
  }
  for (const f of failures) process.stderr.write(`INVALID ${f}\n`);
  if (failures.length > 0) {
    process.stderr.write(`validate.js: ${failures.length} invalid of ${objects} objects\n`);
    process.exit(1);
  }
}

main(process.argv.slice(2));

// Validates deploy/kubernetes/ against the Kubernetes API schemas shipped in the npm package
// kubernetes-models (types, required fields, enums), and checks that every kustomization names
// files that exist. Whole resources are validated; patches (partial by nature) are checked for
// apiVersion, kind and name, and matched to a resource of the base by the JUnit test
// KubernetesManifestsTest, which also checks what schemas cannot (selectors, ports, secrets).
//   node .ci/validate-kubernetes.mjs deploy/kubernetes   (with NODE_PATH at the installed packages)
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const modules = process.env.NODE_PATH || join(process.cwd(), "node_modules");
const require = createRequire(join(modules, "noop.js"));
const YAML = require("yaml");
const root = process.argv[2] || "deploy/kubernetes";
const problems = [];
let validated = 0;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "policies" ? [] : walk(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const files = walk(root);
const patches = new Set();
for (const file of files.filter((f) => /kustomization\.ya?ml$/.test(f))) {
  const k = YAML.parse(readFileSync(file, "utf8"));
  const named = [
    ...(k.resources || []),
    ...(k.patches || []).map((p) => p.path).filter(Boolean),
    ...(k.configMapGenerator || []).flatMap((g) => g.files || []),
  ];
  for (const entry of named) {
    const path = join(dirname(file), entry.replace(/^[^=]+=/, ""));
    if (!existsSync(path)) problems.push(`${file}: names ${entry}, which does not exist`);
  }
  (k.patches || []).filter((p) => p.path).forEach((p) => patches.add(join(dirname(file), p.path)));
}

// kubernetes-models ships one module per kind, ESM as .mjs beside CommonJS .js, behind an exports
// map: load them by path ("v1" is the core group).
async function modelOf(apiVersion, kind) {
  for (const extension of ["mjs", "js"]) {
    const file = join(modules, "kubernetes-models", apiVersion, `${kind}.${extension}`);
    if (existsSync(file)) {
      const module = await import(pathToFileURL(file));
      return module[kind] || module.default?.[kind] || null;
    }
  }
  return null;
}

for (const file of files.filter((f) => !/kustomization\.ya?ml$/.test(f))) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  for (const [i, doc] of docs.entries()) {
    const where = `${relative(".", file)}${docs.length > 1 ? ` (document ${i + 1})` : ""}`;
    if (doc.errors.length) {
      problems.push(`${where}: ${doc.errors[0].message}`);
      continue;
    }
    const body = doc.toJS();
    if (!body) continue;
    if (!body.apiVersion || !body.kind || !body.metadata?.name) {
      problems.push(`${where}: needs apiVersion, kind and metadata.name`);
      continue;
    }
    if (patches.has(file)) continue;
    const Model = await modelOf(body.apiVersion, body.kind);
    if (!Model) {
      problems.push(`${where}: no schema for ${body.apiVersion} ${body.kind}`);
      continue;
    }
    try {
      new Model(body).validate();
      validated++;
    } catch (e) {
      problems.push(`${where}: ${body.kind} ${body.metadata.name}: ${e.message}`);
    }
  }
}

for (const p of problems) console.error(p);
if (problems.length) {
  console.error(`${problems.length} problem(s) in ${root}`);
  process.exit(1);
}
if (validated === 0) {
  console.error(`no manifest found under ${root}`);
  process.exit(1);
}
console.log(`${validated} Kubernetes manifests valid against their API schemas, ${patches.size} patches well-formed, in ${root}`);

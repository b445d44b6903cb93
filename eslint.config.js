// typescript-eslint on all TypeScript in the repo; generated and built files are ignored.
// The layering of the house is a lint rule (zkprov/layers, below): an import that points up or sideways fails.
import { isBuiltin } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tseslint from "typescript-eslint";

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// What each folder may import of ours, besides itself (a folder, or one file of another folder). Arrows point
// down only: cli -> service -> prover -> verifier -> core -> circuits, artifacts (the build pipeline) -> core.
// artifacts/paths.ts (where the build put each artifact, and reading it back checked against the manifest) is
// one of the two parts of artifacts/ the runtime layers read. Tests and benchmarks import the libraries and fixtures/,
// never each other. The longest matching key applies (web/src is the page, run in a browser).
const LIB = ["core", "circuits"];
const PATHS = "artifacts/paths.ts";
// artifacts/files.ts (Node file reading and atomic writes, once) is the other, for prover/: artifacts/ is the lowest layer
// that may use node:fs (core/ and verifier/ run in a browser), and the build pipeline writes through it too.
const FILES = "artifacts/files.ts";
export const LAYERS = {
  circuits: [],
  core: ["circuits"],
  artifacts: LIB,
  verifier: LIB,
  prover: ["verifier", ...LIB, PATHS, FILES, "ignition/modules"],
  service: ["prover", "verifier", ...LIB, PATHS],
  cli: ["service", "prover", "verifier", "artifacts", ...LIB, "web/serve.ts"],
  web: ["verifier", ...LIB, PATHS],
  "web/src": ["verifier", ...LIB],
  fixtures: ["prover", "verifier", ...LIB, PATHS],
  ignition: ["circuits"],
  scripts: ["fixtures/asset.ts", "service", "prover", "verifier", "artifacts", ...LIB, "ignition/modules"],
  bench: ["fixtures", "service", "prover", "verifier", "artifacts", ...LIB, "ignition/modules"],
  test: ["fixtures", "cli", "service", "prover", "verifier", "artifacts", ...LIB, "ignition/modules", "web"],
};
// Browser-safe folders: no Node built-ins (the verification page bundles them). The one exception is the
// committee's member signing (verifier/committee/signing.ts): @zk-kit/eddsa-poseidon's blake-1 entry loads only
// through require() (its ESM path names files the package does not ship); the pages never import it (they check
// signatures with verifier/committee/signatures.ts), and web/vite.config.ts fails their build if one does.
const BROWSER = ["core", "verifier", "web/src"];
const NODE_ONLY = ["verifier/committee/signing.ts"];

const within = (rel, prefix) => rel === prefix || rel.startsWith(`${prefix}/`);
const layerOf = (rel) =>
  Object.keys(LAYERS)
    .filter((k) => within(rel, k))
    .sort((a, b) => b.length - a.length)[0];

const layersRule = {
  meta: {
    type: "problem",
    docs: { description: "imports follow the layering of the house (eslint.config.js LAYERS)" },
    schema: [],
    messages: {
      up: "{{from}}/ may not import {{target}}: {{from}}/ may import only {{allowed}} (eslint.config.js LAYERS)",
      node: "{{from}}/ runs in a browser too: it may not import the Node built-in {{target}}",
    },
  },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join("/");
    const from = layerOf(file);
    if (!from) return {};
    const check = (node, source) => {
      if (!source || source.type !== "Literal" || typeof source.value !== "string") return;
      const spec = source.value;
      if (isBuiltin(spec) && BROWSER.some((b) => within(file, b)) && !NODE_ONLY.includes(file)) {
        context.report({ node: source, messageId: "node", data: { from: layerOf(file), target: spec } });
        return;
      }
      if (!spec.startsWith(".")) return;
      const target = path
        .relative(ROOT, path.resolve(path.dirname(context.filename), spec))
        .split(path.sep)
        .join("/");
      if (within(target, from) || LAYERS[from].some((a) => within(target, a))) return;
      const allowed = LAYERS[from].length ? LAYERS[from].join(", ") : "nothing of ours";
      context.report({ node: source, messageId: "up", data: { from, target, allowed } });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
      TSImportType: (n) => check(n, n.argument?.literal ?? n.argument),
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".tools/**",
      "build/**",
      "types/**",
      "circuits/build/**",
      "ignition/deployments/**",
      "coverage/**",
      "web/dist/**",
      "test-output/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { zkprov: { rules: { layers: layersRule } } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "zkprov/layers": "error",
    },
  },
);

// Vite build of the regulator's pages, the verification page (index.html) and the oversight console
// (console.html): `vite build --config web/vite.config.ts` writes web/dist.
// The published verification keys (circuits/build/<circuit>/verification_key.json, as the manifest names them)
// are copied into dist/vkeys/, and their pinned hashes (the manifest's vkeyHash) are compiled into the page,
// which checks every key it loads against its pin.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { WEB_DIST_DIR, defaultBuildDir, loadManifest } from "../artifacts/paths.ts";

const WEB_DIR = path.dirname(fileURLToPath(import.meta.url));

/** What the page knows of each circuit at build time: its pinned key hash and whether its setup is insecure. */
export interface PagePin {
  vkeyHash: string;
  insecureSetup: boolean;
  vkeyFile: string;
}

function pins(): Record<string, PagePin> {
  const manifest = loadManifest();
  return Object.fromEntries(
    Object.entries(manifest.circuits).map(([id, c]) => [
      id,
      { vkeyHash: c.vkeyHash, insecureSetup: c.setup.insecure, vkeyFile: `vkeys/${id}.json` },
    ]),
  );
}

/** Copies each circuit's verification key from the build directory into dist/vkeys/. */
function publishedVerificationKeys(): Plugin {
  return {
    name: "zkprov-verification-keys",
    apply: "build",
    generateBundle() {
      const buildDir = defaultBuildDir();
      for (const [id, c] of Object.entries(loadManifest().circuits)) {
        const file = path.join(buildDir, c.artifacts.vkey.path);
        this.emitFile({ type: "asset", fileName: `vkeys/${id}.json`, source: fs.readFileSync(file, "utf8") });
      }
    },
  };
}

/**
 * The pages run in a browser: a Node built-in reaching their bundle fails the build, naming who imports it
 * (Vite would otherwise stub it with an empty module that fails only at run time). The committee's signing
 * (verifier/committee/signing.ts, Node's require()) stays out: the console checks signatures with
 * verifier/committee/signatures.ts.
 */
function noNodeBuiltins(): Plugin {
  return {
    name: "zkprov-no-node-builtins",
    enforce: "pre",
    resolveId(source, importer) {
      if (source.startsWith("node:"))
        this.error(`the pages may not bundle the Node built-in ${source} (imported by ${importer ?? "an entry"})`);
      return null;
    },
  };
}

export default defineConfig({
  root: WEB_DIR,
  base: "./",
  logLevel: "warn",
  define: { __ZKPROV_PINS__: JSON.stringify(pins()) },
  plugins: [noNodeBuiltins(), publishedVerificationKeys()],
  worker: { format: "es", plugins: () => [noNodeBuiltins()] },
  build: {
    rolldownOptions: {
      input: { verify: path.join(WEB_DIR, "index.html"), console: path.join(WEB_DIR, "console.html") },
    },
    outDir: WEB_DIST_DIR,
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
});

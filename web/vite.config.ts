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

export default defineConfig({
  root: WEB_DIR,
  base: "./",
  logLevel: "warn",
  define: { __ZKPROV_PINS__: JSON.stringify(pins()) },
  plugins: [publishedVerificationKeys()],
  // The oversight console (console.html) checks committee signatures in the page: see web/src/console/node-module.ts.
  resolve: {
    alias: [
      { find: /^node:module$/, replacement: path.join(WEB_DIR, "src/console/node-module.ts") },
      {
        find: /^@zk-kit\/eddsa-poseidon\/blake-1$/,
        replacement: path.join(
          WEB_DIR,
          "../node_modules/@zk-kit/eddsa-poseidon/dist/lib.esm/eddsa-poseidon-blake-1.js",
        ),
      },
    ],
  },
  worker: { format: "es" },
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

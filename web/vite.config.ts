// Vite build of the regulator's verification page: `vite build --config web/vite.config.ts` writes web/dist.
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
  build: {
    outDir: WEB_DIST_DIR,
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
});

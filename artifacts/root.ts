// Where the repository and the running code are. Source runs from the repository (tsx, tests); `npm run build`
// compiles it to COMPILED_DIR (tsconfig.build.json outDir), from where bin/zkprov runs it. A module that finds a
// file from its own location (import.meta.url) asks here, so that it finds the same file from either place.
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The compiled JavaScript's folder, relative to the repository (tsconfig.build.json `outDir`). */
export const COMPILED_DIR = path.join("build", "js");

/** The root of the code running now: the repository, or COMPILED_DIR in it. */
const CODE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Whether the running code is the compiled JavaScript (bin/zkprov) rather than the TypeScript sources. */
export const COMPILED = CODE_ROOT.endsWith(path.sep + COMPILED_DIR);

/** The repository root. */
export const REPO_ROOT = COMPILED ? path.resolve(CODE_ROOT, "..", "..") : CODE_ROOT;

/**
 * The file of one of our modules, given by its source path, in the code running now: the source itself, or
 * its compiled .js. For modules loaded by path (worker threads, the Hardhat config).
 *
 * @example codeModule("hardhat.config.ts") // ".../build/js/hardhat.config.js" when compiled
 */
export function codeModule(sourcePath: string): string {
  return COMPILED ? path.join(CODE_ROOT, sourcePath.replace(/\.ts$/, ".js")) : path.join(CODE_ROOT, sourcePath);
}

// The browser's stand-in for `node:module` (aliased by web/vite.config.ts for the page build only).
// verifier/committee/signing.ts loads @zk-kit/eddsa-poseidon's blake-1 entry with createRequire(), because
// that package's ESM export names a file it does not ship. In the page the same library is bundled from
// the ESM file it does ship (web/vite.config.ts maps the specifier to it), and this createRequire hands it
// out: the committee's signatures are checked by the real library in the browser too.
import * as blake1 from "@zk-kit/eddsa-poseidon/blake-1";

const MODULES: Record<string, unknown> = { "@zk-kit/eddsa-poseidon/blake-1": blake1 };

/** require() for the modules the browser build bundles; any other name is an error naming it. */
export function createRequire(_from: string | URL): (id: string) => unknown {
  return (id: string) => {
    const m = MODULES[id];
    if (!m) throw new Error(`require("${id}") is not available in the browser build`);
    return m;
  };
}

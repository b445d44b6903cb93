// Deep links from the oversight console to the verification page: index.html#bundle=…&registry=…&rpc=…
// opens the page with that proof bundle loaded and verified. Everything rides in the URL's fragment, which
// the browser never sends to a server. A link carries only public things: the bundle (a proof and its public
// signals, which the bundle's owner publishes anyway), the registry address and the chain's RPC URL when
// that URL is a bare origin. Never a key, a partial decryption or a decrypted audit record: the console has
// them, the link is built from the three values below and nothing else. An RPC URL with a path, a query or
// user info is left out, because providers put API keys there; the page then asks for the URL.

/** What a link opens: the bundle as JSON, and the chain to check its roots against. */
export interface BundleLink {
  bundle: unknown;
  registry?: string;
  rpcUrl?: string;
}

const toBase64Url = (bytes: Uint8Array): string => {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

const fromBase64Url = (text: string): Uint8Array => {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
};

/**
 * Whether an RPC URL may ride in a link: http(s), no user info, no path beyond "/", no query or fragment.
 *
 * @example shareableRpcUrl("http://127.0.0.1:8545") // true; shareableRpcUrl("https://rpc.example/v3/KEY") // false
 */
export function shareableRpcUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      (u.protocol === "http:" || u.protocol === "https:") &&
      !u.username &&
      !u.password &&
      (u.pathname === "/" || u.pathname === "") &&
      !u.search &&
      !u.hash
    );
  } catch {
    return false;
  }
}

/**
 * The fragment (with its "#") that opens `bundle` on the verification page.
 *
 * @example a.href = `./index.html${bundleLinkFragment({ bundle, registry, rpcUrl })}`
 */
export function bundleLinkFragment(l: BundleLink): string {
  const p = new URLSearchParams();
  p.set("bundle", toBase64Url(new TextEncoder().encode(JSON.stringify(l.bundle))));
  if (l.registry) p.set("registry", l.registry);
  if (l.rpcUrl && shareableRpcUrl(l.rpcUrl)) p.set("rpc", l.rpcUrl);
  return `#${p.toString()}`;
}

/**
 * Read a link's fragment: undefined when it names no bundle.
 *
 * @throws {Error} naming the problem when the fragment's bundle is not base64url JSON.
 * @example const link = readBundleLink(location.hash)
 */
export function readBundleLink(fragment: string): BundleLink | undefined {
  const p = new URLSearchParams(fragment.replace(/^#/, ""));
  const b = p.get("bundle");
  if (b === null) return undefined;
  let bundle: unknown;
  try {
    bundle = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(b)));
  } catch (e) {
    throw new Error(`the link's bundle is not base64url-encoded JSON (${(e as Error).message}): copy the whole link`, {
      cause: e,
    });
  }
  const registry = p.get("registry") ?? undefined;
  const rpc = p.get("rpc") ?? undefined;
  return { bundle, ...(registry ? { registry } : {}), ...(rpc && shareableRpcUrl(rpc) ? { rpcUrl: rpc } : {}) };
}

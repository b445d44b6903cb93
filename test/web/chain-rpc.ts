// Hardhat's in-process chain over HTTP JSON-RPC with CORS (as `hardhat node` serves it), for the pages under
// test: they reach the chain by URL, as a regulator's browser would.
import fastify, { type FastifyInstance } from "fastify";

/** An EIP-1193 provider (Hardhat's network connection provides one). */
export interface RequestProvider {
  request(a: { method: string; params?: unknown[] }): Promise<unknown>;
}

/**
 * Serve `provider` on a loopback port: POST / takes one JSON-RPC request or a batch.
 *
 * @example const { rpc, url } = await serveChain(provider); ...; await rpc.close()
 */
export async function serveChain(provider: RequestProvider): Promise<{ rpc: FastifyInstance; url: string }> {
  const rpc = fastify({ bodyLimit: 16 * 1024 * 1024 });
  rpc.addHook("onRequest", async (_req, reply) => {
    reply.header("Access-Control-Allow-Origin", "*");
    reply.header("Access-Control-Allow-Headers", "content-type");
    reply.header("Access-Control-Allow-Methods", "POST, OPTIONS");
  });
  rpc.options("/", async (_req, reply) => reply.code(204).send());
  const one = async (m: { id: unknown; method: string; params?: unknown[] }) => {
    try {
      return { jsonrpc: "2.0", id: m.id, result: await provider.request({ method: m.method, params: m.params ?? [] }) };
    } catch (e) {
      return { jsonrpc: "2.0", id: m.id, error: { code: -32603, message: (e as Error).message } };
    }
  };
  rpc.post("/", async (req) => (Array.isArray(req.body) ? Promise.all(req.body.map(one)) : one(req.body as never)));
  return { rpc, url: await rpc.listen({ host: "127.0.0.1", port: 0 }) };
}

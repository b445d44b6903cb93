// The documented error envelope for everything outside the happy path (issue 16): unknown routes and
// methods, prototype keys, other content types, unknown keys (never echoed), out-of-range field elements
// and chain ids, the real window in RATE_LIMITED, and failed authentications limited per client address.
import { expect } from "chai";
import { buildServer, type ProverService } from "../../service/server.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { api, royaltyClaimRequest, tempDir } from "./helpers.ts";

describe("service: error envelope and limits (embedded)", function () {
  let service: ProverService;
  let url: string;
  let token: string;
  let remove: () => void;

  before(async function () {
    const tmp = tempDir("zkprov-svc-env-");
    remove = tmp.remove;
    service = await buildServer({
      dataDir: tmp.dir,
      port: 0,
      workers: 1,
      logger: false,
      rateLimit: { max: 1000, windowMs: 60_000 },
      authFailureLimit: { max: 3, windowMs: 30_000 },
    });
    url = await service.listen();
    token = (await service.store.createApiKey("envelope")).token;
  });
  after(async function () {
    await service.close();
    remove();
  });

  const post = (body: unknown) => api(url, "POST", "/v1/proofs", { token, body });
  const envelope = (r: { body: unknown }, code: string) => {
    expect(r.body, JSON.stringify(r.body)).to.have.nested.property("error.code", code);
    expect((r.body as { error: { message: unknown } }).error.message).to.be.a("string");
  };

  it("Should answer an unknown route with 404 NOT_FOUND and a known route's other method with 405 and Allow", async function () {
    const unknown = await api(url, "GET", "/v2/nothing", { token });
    expect(unknown.status).to.equal(404);
    envelope(unknown, "NOT_FOUND");
    const del = await api(url, "DELETE", "/v1/proofs", { token });
    expect(del.status).to.equal(405);
    envelope(del, "METHOD_NOT_ALLOWED");
    expect(del.headers.get("allow")).to.equal("POST");
    const put = await api(url, "PUT", "/v1/proofs/00000000-0000-4000-8000-000000000000", { token });
    expect(put.status).to.equal(405);
    expect(put.headers.get("allow")).to.match(/GET/);
  });

  it("Should refuse a __proto__ key with 400 naming where it is", async function () {
    const valid = royaltyClaimRequest();
    const r = await post(
      `{"circuit":"royalty-claim","input":{"__proto__":{"admin":true},${JSON.stringify(valid.input).slice(1)}}`,
    );
    expect(r.status).to.equal(400);
    envelope(r, "INVALID_REQUEST");
    expect(r.body.error.fields).to.deep.equal([
      { path: "body.input.__proto__", message: "prototype keys are not accepted" },
    ]);
  });

  it("Should answer a text/plain body with 415 UNSUPPORTED_MEDIA_TYPE", async function () {
    const res = await fetch(`${url}/v1/proofs`, {
      method: "POST",
      headers: { "content-type": "text/plain", authorization: `Bearer ${token}` },
      body: JSON.stringify(royaltyClaimRequest()),
    });
    expect(res.status).to.equal(415);
    envelope({ body: await res.json() }, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("Should never echo an unknown key's name, at any depth", async function () {
    const secretName = "5f1d0c2a9e7b4c3d8a6f5e4d3c2b1a09";
    const top = { ...royaltyClaimRequest(), [secretName]: "1" };
    const deep = royaltyClaimRequest() as { input: Record<string, unknown> };
    deep.input[secretName] = { __proto__: 1 };
    const nestedProto = `{"circuit":"royalty-claim","input":{"${secretName}":{"__proto__":{}}}}`;
    for (const body of [top, deep, nestedProto]) {
      const r = await post(body);
      expect(r.status).to.equal(400);
      expect(JSON.stringify(r.body)).to.not.include(secretName);
    }
  });

  it("Should range-check every field element and the chain id, naming the field", async function () {
    const body = royaltyClaimRequest() as { chainId?: string; input: Record<string, string> };
    body.input.context = FIELD_MODULUS.toString();
    let r = await post(body);
    expect(r.status).to.equal(400);
    expect(r.body.error.fields.map((f: { path: string }) => f.path)).to.deep.equal(["body.input.context"]);
    const hex = royaltyClaimRequest();
    hex.input.secret = "0x" + "f".repeat(64);
    r = await post(hex);
    expect(r.status).to.equal(400);
    expect(r.body.error.fields[0].path).to.equal("body.input.secret");
    for (const chainId of ["9".repeat(78), "18446744073709551616", "0", "0x1", "-1"]) {
      r = await post({ ...royaltyClaimRequest(), chainId });
      expect(r.status, chainId).to.equal(400);
      expect(r.body.error.fields.map((f: { path: string }) => f.path)).to.deep.equal(["body.chainId"]);
    }
    expect(Object.values(await service.store.countByState()).reduce((a, b) => a + b, 0)).to.equal(0);
  });

  it("Should limit failed authentications per client address, saying the real window", async function () {
    const codes: number[] = [];
    let last: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await api(url, "GET", "/v1/proofs/00000000-0000-4000-8000-000000000000", {
        token: "zkp_000000000000_" + "A".repeat(43),
      });
      codes.push(last.status);
    }
    expect(codes).to.deep.equal([401, 401, 401, 429, 429]);
    envelope(last!, "RATE_LIMITED");
    expect(last!.body.error.message).to.match(/more than 3 failed authentications from this address per 30 s/);
    expect(Number(last!.headers.get("retry-after"))).to.be.within(1, 30);
    // Even a valid key waits out the window from this address: guessing cannot hide behind one good key.
    expect((await api(url, "GET", "/v1/proofs/00000000-0000-4000-8000-000000000000", { token })).status).to.equal(429);
  });
});

describe("service: per-key rate limit message (embedded)", function () {
  it("Should say the configured window in RATE_LIMITED", async function () {
    const tmp = tempDir("zkprov-svc-rl-");
    const service = await buildServer({
      dataDir: tmp.dir,
      port: 0,
      workers: 1,
      logger: false,
      rateLimit: { max: 2, windowMs: 90_000 },
    });
    try {
      const url = await service.listen();
      const { token } = await service.store.createApiKey("rl");
      const get = () => api(url, "GET", "/v1/proofs/00000000-0000-4000-8000-000000000000", { token });
      await get();
      await get();
      const r = await get();
      expect(r.status).to.equal(429);
      expect(r.body.error.code).to.equal("RATE_LIMITED");
      expect(r.body.error.message).to.match(
        /rate limit of 2 requests per 90 s for this API key exceeded: retry in \d+ s/,
      );
    } finally {
      await service.close();
      tmp.remove();
    }
  });
});

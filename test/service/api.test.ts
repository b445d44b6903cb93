// The prover service's HTTP API in the embedded mode (SQLite + worker threads), in process: every
// endpoint, every refusal, and the guarantees around secrets and shutdown.
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { buildServer, type ProverService } from "../../service/server.ts";
import { SqliteStore } from "../../service/sqlite-store.ts";
import { loadServiceKey, openJob } from "../../service/seal.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { registerVerificationPage } from "../../web/serve.ts";
import {
  FAULTY_PROVER_WORKER,
  api,
  expectValidBundle,
  provenanceRequest,
  royaltyClaimRequest,
  tempDir,
  waitFor,
} from "./helpers.ts";

async function start(
  o: Parameters<typeof buildServer>[0] = {},
): Promise<{ service: ProverService; url: string; token: string; dir: string; stop: () => Promise<void> }> {
  const tmp = tempDir("zkprov-svc-");
  const service = await buildServer({ dataDir: tmp.dir, port: 0, workers: 1, logger: false, ...o });
  const url = await service.listen();
  const { token } = await service.store.createApiKey("test");
  return {
    service,
    url,
    token,
    dir: tmp.dir,
    stop: async () => {
      await service.close();
      tmp.remove();
    },
  };
}

async function waitDone(url: string, token: string, id: string) {
  for (;;) {
    const r = await api(url, "GET", `/v1/proofs/${id}?wait=30`, { token });
    expect(r.status).to.equal(200);
    if (r.body.state === "done" || r.body.state === "failed") return r.body;
  }
}

describe("service: HTTP API (embedded)", function () {
  let s: Awaited<ReturnType<typeof start>>;
  before(async function () {
    s = await start({ workers: 2, maxJobsPerKey: 50 });
  });
  after(async function () {
    await s.stop();
  });

  describe("# operations", function () {
    it("Should answer /health and /ready", async function () {
      expect((await api(s.url, "GET", "/health")).body).to.deep.equal({ status: "ok" });
      const ready = await api(s.url, "GET", "/ready");
      expect(ready.status).to.equal(200);
      expect(ready.body).to.deep.include({ status: "ready", mode: "embedded" });
    });

    it("Should serve an OpenAPI document generated from the request schemas", async function () {
      const r = await api(s.url, "GET", "/openapi.json");
      expect(r.status).to.equal(200);
      expect(r.body.openapi).to.match(/^3\./);
      const post = r.body.paths["/v1/proofs"].post;
      const schema = JSON.stringify(post.requestBody.content["application/json"].schema);
      for (const name of ["provenance", "royalty-claim", "licensee", "creatorBlinding", "siblings"])
        expect(schema).to.include(name);
      expect(r.body.paths["/v1/proofs/{id}"].get).to.be.an("object");
      expect(r.body.paths["/v1/proofs/{id}/events"].get).to.be.an("object");
    });
  });

  describe("# POST /v1/proofs and GET /v1/proofs/:id", function () {
    it("Should accept a royalty-claim job with 202 and finish it with a bundle that verifies", async function () {
      const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() });
      expect(r.status).to.equal(202);
      expect(r.headers.get("location")).to.equal(`/v1/proofs/${r.body.id}`);
      expect(r.body.state).to.equal("queued");
      const job = await waitDone(s.url, s.token, r.body.id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      expect(job.progress).to.deep.equal({ stage: "done", fraction: 1 });
      expect(job.attempts).to.equal(1);
      await expectValidBundle(job.bundle);
    });

    it("Should prove a provenance job end to end", async function () {
      const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: provenanceRequest() });
      expect(r.status, JSON.stringify(r.body)).to.equal(202);
      const job = await waitDone(s.url, s.token, r.body.id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      expect(job.bundle.circuit).to.equal("provenance");
      expect(Object.keys(job.bundle.roots)).to.deep.equal(["modelRoot", "licenseRoot"]);
      await expectValidBundle(job.bundle);
    });

    it("Should fail a job whose inputs the circuit rejects, with the reason and no retry", async function () {
      const body = provenanceRequest() as { circuit: "provenance"; input: { signature: { S: string } } };
      body.input.signature.S = "1"; // not the model's signature: the statement does not hold
      const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body });
      expect(r.status).to.equal(202);
      const job = await waitDone(s.url, s.token, r.body.id);
      expect(job.state).to.equal("failed");
      expect(job.error.code).to.equal("WITNESS");
      expect(job.error.message).to.match(/provenance circuit rejects these inputs/);
      expect(job.attempts).to.equal(1);
      expect(job.bundle).to.equal(null);
    });

    it("Should stream progress as server-sent events, ending with the finished job", async function () {
      const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() });
      const res = await fetch(`${s.url}/v1/proofs/${r.body.id}/events`, {
        headers: { authorization: `Bearer ${s.token}` },
      });
      expect(res.headers.get("content-type")).to.equal("text/event-stream");
      const text = await res.text();
      const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({
        event: m[1]!,
        data: JSON.parse(m[2]!) as { state: string; progress: { fraction: number }; bundle: unknown },
      }));
      expect(events.length).to.be.greaterThan(1);
      expect(events.slice(0, -1).every((e) => e.event === "progress")).to.equal(true);
      const last = events.at(-1)!;
      expect(last.event).to.equal("done");
      expect(last.data.bundle).to.be.an("object");
      const fractions = events.map((e) => e.data.progress.fraction);
      expect(fractions).to.deep.equal([...fractions].sort((a, b) => a - b));
    });

    it("Should keep the inputs sealed at rest and erase them when the job finishes", async function () {
      const body = royaltyClaimRequest();
      const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body });
      const stored = await s.service.store.getJob(r.body.id);
      const secret = body.input.secret!;
      // Read right after the 202 (a proof takes about a second): still sealed, no secret in clear, and it
      // opens with the service key for this job only (test/service/seal.test.ts breaks each of these).
      expect(stored!.sealedInput, "the sealed input of a job just accepted").to.be.a("string");
      expect(stored!.sealedInput).to.not.include(secret);
      const key = loadServiceKey(s.dir);
      expect(JSON.parse(openJob(key, r.body.id, stored!.sealedInput!, stored!.sealedKey)).input.secret).to.equal(
        secret,
      );
      await waitDone(s.url, s.token, r.body.id);
      const done = await s.service.store.getJob(r.body.id);
      expect(done!.sealedInput).to.equal(null);
      expect(done!.sealedKey, "the job's data key, erased with its input").to.equal(null);
      const files = fs.readdirSync(s.dir).filter((f) => f.startsWith("service.db"));
      for (const f of files) expect(fs.readFileSync(path.join(s.dir, f)).includes(Buffer.from(secret))).to.equal(false);
      expect(fs.statSync(path.join(s.dir, "service.key")).mode & 0o777).to.equal(0o600);
      expect(fs.statSync(path.join(s.dir, "service.db")).mode & 0o777).to.equal(0o600);
    });

    it("Should return 404 for another key's job and for an unknown id", async function () {
      const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() });
      const other = (await s.service.store.createApiKey("other")).token;
      expect((await api(s.url, "GET", `/v1/proofs/${r.body.id}`, { token: other })).status).to.equal(404);
      const unknown = await api(s.url, "GET", `/v1/proofs/00000000-0000-4000-8000-000000000000`, { token: s.token });
      expect(unknown.status).to.equal(404);
      expect(unknown.body.error.code).to.equal("NOT_FOUND");
      await waitDone(s.url, s.token, r.body.id);
    });
  });

  describe("# authentication", function () {
    it("Should refuse a request without a key, with a malformed key and with an unknown key (401)", async function () {
      for (const token of [undefined, "nope", "zkp_000000000000_" + "A".repeat(43)]) {
        const r = await api(s.url, "POST", "/v1/proofs", { token, body: royaltyClaimRequest() });
        expect(r.status).to.equal(401);
        expect(r.body.error.code).to.equal("UNAUTHORIZED");
      }
      expect((await api(s.url, "GET", `/v1/proofs/00000000-0000-4000-8000-000000000000`)).status).to.equal(401);
    });

    it("Should refuse a revoked key and a key whose secret is wrong", async function () {
      const { info, token } = await s.service.store.createApiKey("to revoke");
      expect((await api(s.url, "GET", `/v1/proofs/00000000-0000-4000-8000-000000000000`, { token })).status).to.equal(
        404,
      );
      const wrong = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
      expect(
        (await api(s.url, "GET", `/v1/proofs/00000000-0000-4000-8000-000000000000`, { token: wrong })).status,
      ).to.equal(401);
      expect(await s.service.store.revokeApiKey(info.id)).to.equal(true);
      expect((await api(s.url, "GET", `/v1/proofs/00000000-0000-4000-8000-000000000000`, { token })).status).to.equal(
        401,
      );
    });
  });

  describe("# bad input", function () {
    const post = (body: unknown) => api(s.url, "POST", "/v1/proofs", { token: s.token, body });

    it("Should refuse an unknown circuit, naming the field", async function () {
      const r = await post({ circuit: "sudoku", input: {} });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal("INVALID_REQUEST");
      expect(r.body.error.fields[0].path).to.equal("body.circuit");
      expect(r.body.error.message).to.match(/body\.circuit/);
    });

    it("Should refuse a malformed field, naming it", async function () {
      const body = royaltyClaimRequest();
      body.input.secret = "12abc";
      const r = await post(body);
      expect(r.status).to.equal(400);
      expect(r.body.error.fields.map((f: { path: string }) => f.path)).to.deep.equal(["body.input.secret"]);
      expect(r.body.error.message).to.match(/body\.input\.secret: must be a decimal or 0x-hex integer string/);
    });

    it("Should refuse a missing field and an unknown field, naming them", async function () {
      const body = royaltyClaimRequest() as { input: Record<string, string> };
      delete body.input.blinding;
      body.input.extra = "1";
      const r = await post(body);
      expect(r.status).to.equal(400);
      expect(r.body.error.message).to.match(/body\.input\.blinding/);
      // The unknown key is counted, never named: a secret sent as a key name must not come back.
      expect(r.body.error.message).to.match(/body\.input: has 1 key\(s\) the schema does not define/);
      expect(JSON.stringify(r.body)).to.not.include("extra");
    });

    it("Should refuse a value outside the field, naming it", async function () {
      const body = royaltyClaimRequest();
      body.input.assetHash = FIELD_MODULUS.toString();
      const r = await post(body);
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal("INVALID_REQUEST");
      expect(r.body.error.fields.map((f: { path: string }) => f.path)).to.deep.equal(["body.input.assetHash"]);
      expect(r.body.error.message).to.match(/body\.input\.assetHash: must be below the field modulus/);
    });

    it("Should refuse a Merkle path of the wrong depth, naming it", async function () {
      const r = await post({
        circuit: "licensee",
        input: {
          tokenId: "1",
          usageRights: "1",
          context: "1",
          nullifier: "1",
          secret: "1",
          path: { root: "1", index: "0", depth: 1, siblings: ["0"] },
        },
      });
      expect(r.status).to.equal(400);
      expect(r.body.error.message).to.match(/^path has 1 siblings; the circuit takes exactly \d+/);
    });

    it("Should refuse a body that is not JSON", async function () {
      const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: "{not json" });
      expect(r.status).to.equal(400);
    });

    it("Should refuse an oversize body with 413", async function () {
      const body = royaltyClaimRequest() as { input: Record<string, string> };
      body.input.padding = "1".repeat(300 * 1024);
      const r = await post(body);
      expect(r.status).to.equal(413);
      expect(r.body.error.code).to.equal("BODY_TOO_LARGE");
    });
  });

  describe("# idempotency", function () {
    it("Should return the same job for the same key and request, and 422 for the same key and another request", async function () {
      const body = royaltyClaimRequest();
      const headers = { "idempotency-key": `k-${Date.now()}` };
      const a = await api(s.url, "POST", "/v1/proofs", { token: s.token, body, headers });
      expect(a.status).to.equal(202);
      // Same request, fields in another order: the same job.
      const reordered = { input: Object.fromEntries(Object.entries(body.input).reverse()), circuit: body.circuit };
      const b = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: reordered, headers });
      expect(b.status).to.equal(200);
      expect(b.headers.get("idempotent-replayed")).to.equal("true");
      expect(b.body.id).to.equal(a.body.id);
      const other = royaltyClaimRequest();
      const c = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: other, headers });
      expect(c.status).to.equal(422);
      expect(c.body.error.code).to.equal("IDEMPOTENCY_KEY_REUSED");
      // Another API key may use the same Idempotency-Key for its own job.
      const otherKey = (await s.service.store.createApiKey("idem")).token;
      const d = await api(s.url, "POST", "/v1/proofs", { token: otherKey, body, headers });
      expect(d.status).to.equal(202);
      expect(d.body.id).to.not.equal(a.body.id);
      await waitDone(s.url, s.token, a.body.id);
      await waitDone(s.url, otherKey, d.body.id);
    });
  });

  describe("# metrics", function () {
    it("Should export queue depth, jobs by state, proof latency and worker utilisation", async function () {
      const r = await api(s.url, "GET", "/metrics");
      expect(r.status).to.equal(200);
      const text = r.body as string;
      expect(text).to.match(/^zkprov_queue_depth \d+$/m);
      const done = Number(/^zkprov_jobs\{state="done"\} (\d+)$/m.exec(text)![1]);
      expect(done).to.be.greaterThan(0);
      expect(text).to.match(/^zkprov_jobs\{state="failed"\} [1-9]\d*$/m);
      expect(text).to.match(/^zkprov_proof_duration_seconds_count\{circuit="royaltyClaim"\} [1-9]\d*$/m);
      expect(text).to.match(/^zkprov_proof_duration_seconds_bucket\{le="\+Inf",circuit="provenance"\} 1$/m);
      expect(text).to.match(/^zkprov_worker_utilisation \d/m);
      expect(text).to.match(/^zkprov_workers 2$/m);
    });
  });
});

describe("service: limits and lifecycle (embedded)", function () {
  it("Should answer 429 with Retry-After when the queue is full", async function () {
    const s = await start({ maxQueue: 2 });
    try {
      const codes: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() });
        codes.push(r.status);
        if (r.status === 429) {
          retryAfter = r.headers.get("retry-after");
          expect(r.body.error.code).to.equal("QUEUE_FULL");
        }
      }
      expect(codes).to.deep.equal([202, 202, 429]);
      expect(Number(retryAfter)).to.be.greaterThan(0);
    } finally {
      await s.stop();
    }
  });

  it("Should answer 429 past the per-key limit of unfinished jobs, and let other keys in", async function () {
    const s = await start({ maxJobsPerKey: 1 });
    try {
      expect((await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() })).status).to.equal(
        202,
      );
      const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() });
      expect(r.status).to.equal(429);
      expect(r.body.error.code).to.equal("KEY_JOB_LIMIT");
      const other = (await s.service.store.createApiKey("other")).token;
      expect((await api(s.url, "POST", "/v1/proofs", { token: other, body: royaltyClaimRequest() })).status).to.equal(
        202,
      );
    } finally {
      await s.stop();
    }
  });

  it("Should rate-limit each API key on its own", async function () {
    const s = await start({ rateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const get = (token: string) => api(s.url, "GET", "/v1/proofs/00000000-0000-4000-8000-000000000000", { token });
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await get(s.token)).status);
      expect(codes).to.deep.equal([404, 404, 404, 429]);
      const limited = await get(s.token);
      expect(limited.body.error.code).to.equal("RATE_LIMITED");
      expect(Number(limited.headers.get("retry-after"))).to.be.greaterThan(0);
      const other = (await s.service.store.createApiKey("other")).token;
      expect((await get(other)).status).to.equal(404);
    } finally {
      await s.stop();
    }
  });

  it("Should retry a job whose worker crashes, then fail it with the reason", async function () {
    // The test-only prover thread exits on every royalty claim while its control directory says so; threads
    // copy the environment when they start, so it is set for this server's life only.
    const control = tempDir("zkprov-worker-control-");
    fs.writeFileSync(path.join(control.dir, "crash-royaltyClaim"), "");
    process.env.ZKPROV_TEST_WORKER_CONTROL = control.dir;
    const s = await start({ maxAttempts: 2, proverWorker: FAULTY_PROVER_WORKER });
    try {
      const r = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() });
      const job = await waitDone(s.url, s.token, r.body.id);
      expect(job.state).to.equal("failed");
      expect(job.error.code).to.equal("WORKER_CRASHED");
      expect(job.error.message).to.match(/crashed during each of 2 attempts; last: .*exit/i);
      expect(job.attempts).to.equal(2);
      expect((await s.service.store.getJob(r.body.id))!.sealedInput).to.equal(null);
    } finally {
      delete process.env.ZKPROV_TEST_WORKER_CONTROL;
      await s.stop();
      control.remove();
    }
  });

  it("Should, on shutdown, refuse new requests, finish the job in flight and hand back the queued one", async function () {
    const s = await start({ workers: 1 });
    const first = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() });
    const second = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() });
    expect([first.status, second.status]).to.deep.equal([202, 202]);
    // The one worker is proving the first job; the second waits in the queue.
    await waitFor(
      async () => ((await s.service.store.getJob(first.body.id))!.state === "proving" ? true : undefined),
      30_000,
      "the first job to be proving",
    );
    expect((await s.service.store.getJob(second.body.id))!.state).to.equal("queued");
    const closing = s.service.close();
    await waitFor(async () => (s.service.app.server.listening ? undefined : true), 10_000, "the listener to close");
    // A request now is refused (connection refused, or 503 on a kept-alive connection), and stores nothing.
    const refused = await api(s.url, "POST", "/v1/proofs", { token: s.token, body: royaltyClaimRequest() }).then(
      (r) => r.status,
      (e: unknown) => (e as { cause?: { code?: string } }).cause?.code ?? String(e),
    );
    expect(refused).to.be.oneOf([503, "ECONNREFUSED"]);
    // ... while the first job is still being proved: the shutdown waits for it.
    expect((await s.service.store.getJob(first.body.id))!.state, "the first job when the request was refused").to.equal(
      "proving",
    );
    await closing;
    const store = new SqliteStore(s.dir);
    try {
      const done = await store.getJob(first.body.id);
      expect(done!.state).to.equal("done");
      await expectValidBundle(done!.bundle!);
      const handedBack = await store.getJob(second.body.id);
      expect(handedBack!.state).to.equal("queued");
      expect(handedBack!.attempts).to.equal(0);
      expect(handedBack!.sealedInput).to.be.a("string");
      const counts = await store.countByState();
      expect(
        Object.values(counts).reduce((a, b) => a + b, 0),
        "jobs stored",
      ).to.equal(2);
    } finally {
      await store.close();
      fs.rmSync(s.dir, { recursive: true, force: true });
    }
  });

  it("Should serve a static folder at / when given one", async function () {
    const web = tempDir("zkprov-web-");
    fs.writeFileSync(path.join(web.dir, "index.html"), "<!doctype html><title>zkprov verify</title>");
    const s = await start({ page: (app) => registerVerificationPage(app, { root: web.dir }) });
    try {
      const r = await fetch(`${s.url}/`);
      expect(r.status).to.equal(200);
      expect(await r.text()).to.include("zkprov verify");
      expect(r.headers.get("content-security-policy")).to.include("default-src 'self'");
    } finally {
      await s.stop();
      web.remove();
    }
  });
});

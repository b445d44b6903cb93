// The prover service under hostile input (issue 7's interface review): truncated and deeply nested JSON,
// non-canonical and out-of-field numbers, prototype keys, odd content types, traversal in job ids, huge
// headers. Each request gets a 4xx that names the problem, never a 5xx; no secret comes back in an answer;
// nothing is queued; and the service stays healthy.
import { expect } from "chai";
import { buildServer, type ProverService } from "../../service/server.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { api, royaltyClaimRequest, tempDir } from "./helpers.ts";

describe("service: hostile input (embedded)", function () {
  let service: ProverService;
  let url: string;
  let token: string;
  let remove: () => void;

  before(async function () {
    const tmp = tempDir("zkprov-svc-fuzz-");
    remove = tmp.remove;
    service = await buildServer({
      dataDir: tmp.dir,
      port: 0,
      workers: 1,
      logger: false,
      rateLimit: { max: 10_000, windowMs: 60_000 },
    });
    url = await service.listen();
    token = (await service.store.createApiKey("fuzz")).token;
  });
  after(async function () {
    await service.close();
    remove();
  });

  async function expectRefused(
    what: string,
    send: () => Promise<{ status: number; body: unknown }>,
    secretText?: string,
  ): Promise<void> {
    const r = await send();
    expect(r.status, `${what}: ${JSON.stringify(r.body)}`).to.be.within(400, 499);
    const text = JSON.stringify(r.body);
    expect(text, `${what}: an answer with a message`).to.match(/message/);
    if (secretText) expect(text, `${what}: echoes the secret`).not.to.include(secretText);
  }

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    api(url, "POST", "/v1/proofs", { token, body, headers });

  it("Should refuse every truncation of a valid request", async function () {
    const text = JSON.stringify(royaltyClaimRequest());
    for (const cut of [1, 2, 10, Math.floor(text.length / 2), text.length - 2, text.length - 1]) {
      await expectRefused(`cut at ${cut}`, () => post(text.slice(0, cut)));
    }
  });

  it("Should refuse deeply nested JSON (a JSON bomb within the size limit) without crashing", async function () {
    const depth = 50_000;
    await expectRefused("nested arrays", () => post(`{"circuit":"royalty-claim","input":${"[".repeat(depth)}`));
    await expectRefused("nested arrays, closed", () =>
      post(`{"circuit":"royalty-claim","input":{"secret":${"[".repeat(depth)}${"]".repeat(depth)}}}`),
    );
  });

  it("Should refuse non-canonical, non-string and out-of-field numbers for a secret, naming the field and never echoing it", async function () {
    const secret = "918273645546372819";
    const cases: unknown[] = [
      `-${secret}`,
      `${secret}e3`,
      ` ${secret}`,
      `${secret} `,
      `+${secret}`,
      "0x",
      "0xZZ",
      "",
      `${secret}.0`,
      `${secret}${"0".repeat(80)}`,
      (FIELD_MODULUS + BigInt(secret)).toString(),
      Number(secret),
      null,
      true,
      [secret],
      { value: secret },
    ];
    for (const value of cases) {
      const body = royaltyClaimRequest() as { input: Record<string, unknown> };
      body.input.secret = value;
      await expectRefused(`secret = ${JSON.stringify(value)}`, () => post(body), secret);
      const r = await post(body);
      expect(JSON.stringify(r.body), `secret = ${JSON.stringify(value)} names the field`).to.match(/secret/);
    }
  });

  it("Should refuse prototype keys and unknown top-level fields", async function () {
    const valid = royaltyClaimRequest();
    await expectRefused("__proto__ in input", () =>
      post(`{"circuit":"royalty-claim","input":{"__proto__":{"admin":true},${JSON.stringify(valid.input).slice(1)}}`),
    );
    await expectRefused("constructor key", () =>
      post({ ...valid, input: { ...valid.input, constructor: { prototype: { x: 1 } } } }),
    );
    await expectRefused("unknown top-level field", () => post({ ...valid, priority: "high" }));
    expect(({} as Record<string, unknown>).admin, "Object.prototype polluted").to.equal(undefined);
  });

  it("Should refuse a body sent as another content type", async function () {
    const text = JSON.stringify(royaltyClaimRequest());
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
      await expectRefused(type, () =>
        fetch(`${url}/v1/proofs`, {
          method: "POST",
          headers: { "content-type": type, authorization: `Bearer ${token}` },
          body: text,
        }).then(async (res) => ({ status: res.status, body: await res.json().catch(() => ({ message: "" })) })),
      );
    }
  });

  it("Should answer 4xx, never 5xx, for traversal and garbage in job ids", async function () {
    for (const id of ["..%2f..%2fetc%2fpasswd", "%00", "' OR 1=1 --", "a".repeat(5_000), "%E0%A4%A"]) {
      const r = await api(url, "GET", `/v1/proofs/${id}`, { token });
      expect(r.status, id.slice(0, 40)).to.be.within(400, 499);
    }
  });

  it("Should refuse a huge or hostile Idempotency-Key", async function () {
    for (const key of ["k".repeat(10_000), ""]) {
      await expectRefused(`Idempotency-Key ${key.slice(0, 12)}`, () =>
        post(royaltyClaimRequest(), { "idempotency-key": key }),
      );
    }
  });

  it("Should have queued nothing and stay healthy after all of it", async function () {
    const health = await api(url, "GET", "/health");
    expect(health.status).to.equal(200);
    const counts = await service.store.countByState();
    expect(
      Object.values(counts).reduce((a: number, b) => a + Number(b), 0),
      JSON.stringify(counts),
    ).to.equal(0);
  });
});

// The market's multi-right purchase, tiered prices and zUSD royalties through the real zkprov binary, on a real
// `hardhat node` started with `zkprov chain start` (stopped in `after`, killed by pid if that fails). One chain,
// one deployment and one minted token serve the tests, in order. Bad inputs each fail with one clear line
// naming the input, before any transaction (checked by the exact totals that follow).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Contract, JsonRpcProvider } from "ethers";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { freePort } from "../helpers/net.ts";

const BIN = path.join(REPO_ROOT, "bin/zkprov");
// Hardhat's default dev accounts 1-4 (the node's accounts are the same on every start).
const CURATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const LICENSOR = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const KYC = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const LICENSEE = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const USD = 10n ** 6n;
const DAY = 86_400n;

describe("zkprov market CLI: several rights in one purchase, tiered prices, royalties in zUSD", function () {
  let dir: string;
  let projectDir: string;
  let rpc: string;
  let provider: JsonRpcProvider;
  let tokenId: string;
  let zusd: string;
  let gateAddress: string;
  const file = (name: string) => path.join(dir, name);

  function zkprov(args: string[]) {
    const r = spawnSync(BIN, args, {
      cwd: dir,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, ZKPROV_PROJECT: projectDir },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  /** Run with --json, expect success, return the parsed object. */
  function ok(args: string[]): Record<string, unknown> {
    const r = zkprov(["--json", ...args]);
    expect(r.status, `zkprov ${args.join(" ")}: ${r.stderr}`).to.equal(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }
  /** Expect failure with one error line matching `pattern` and no stack trace. */
  function fails(args: string[], pattern: RegExp) {
    const r = zkprov(args);
    expect(r.status, r.stdout).to.not.equal(0);
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("proving "));
    expect(lines, r.stderr).to.have.length(1);
    expect(lines[0]).to.match(/^zkprov: error: /);
    expect(lines[0]).to.match(pattern);
    expect(r.stderr).to.not.match(/\n\s+at /);
  }
  const gate = () =>
    new Contract(
      gateAddress,
      [
        "function holdingOf(uint256 tokenId, address licensee, uint16 right) view returns (tuple(uint64 validUntil, uint64 units))",
        "function licensedRights(uint256 tokenId, address account) view returns (uint16)",
      ],
      provider,
    );
  const creator = [
    "--key",
    "creator.key.json",
    "--provenance",
    "mint/bundle.json",
    "--blinding",
    "mint/bundle.blinding.json",
  ];

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-market-"));
    projectDir = path.join(dir, "project");
    rpc = ok(["chain", "start", "--port", String(await freePort())]).url as string;
    provider = new JsonRpcProvider(rpc);
    ok(["keys", "new", "regulator", "--out", path.join(projectDir, "keys/regulator.key.json")]);
    const d = ok(["deploy", "--regulator-key", path.join(projectDir, "keys/regulator.key.json")]);
    gateAddress = d.licenseGate as string;
    const project = JSON.parse(fs.readFileSync(path.join(projectDir, "project.json"), "utf8")) as {
      deployment: { contracts: { devStablecoin: string } };
    };
    zusd = project.deployment.contracts.devStablecoin;
    ok(["registry", "grant-role", "curator", "--to", CURATOR]);
    ok(["registry", "grant-role", "licensor", "--to", LICENSOR]);
    ok(["registry", "grant-role", "kyc", "--to", KYC]);
    ok(["keys", "new", "model", "--out", "model.key.json"]);
    fs.writeFileSync(file("model-card.txt"), "model card\nname: market-flow-model\n");
    const modelHash = ok([
      ..."--account 1 registry add-model --model-key model.key.json --model-file model-card.txt --rights 15".split(" "),
    ]).modelHash as string;
    ok(["keys", "new", "licensor", "--out", "licensor.key.json"]);
    fs.writeFileSync(file("dataset.txt"), "dataset manifest\nname: market-flow-data\n");
    ok([
      ...["--account", "2", "registry", "add-license", "--licensor-key", "licensor.key.json"],
      ...["--dataset-file", "dataset.txt", "--model-hash", modelHash, "--rights", "7", "--royalty-bps", "1500"],
      ...["--out", "license.json"],
    ]);
    ok(["registry", "snapshot"]);
    ok(["keys", "new", "creator", "--out", "creator.key.json"]);
    const commitment = ok(["keys", "show", "creator.key.json"]).commitment as string;
    fs.writeFileSync(file("asset.png"), Buffer.from("market flow image " + Date.now()));
    ok([
      ...["attest", "--model-key", "model.key.json", "--asset", "asset.png", "--model-hash", modelHash],
      ...["--model-rights", "15", "--license", "license.json", "--creator-commit", commitment, "--out", "att.json"],
    ]);
    fs.mkdirSync(file("mint"));
    ok([
      ...["prove", "provenance", "--attestation", "att.json", "--creator-key", "creator.key.json"],
      ...["--asset", "asset.png", "--to", LICENSEE, "--out", "mint/bundle.json"],
    ]);
    tokenId = ok(["--account", "5", "mint", "mint/bundle.json", "--to", LICENSEE]).tokenId as string;
    ok(["keys", "new", "licensee", "--out", "licensee.key.json"]);
    ok(["--account", "3", "registry", "add-licensee", "--licensee-key", "licensee.key.json"]);
    ok(["registry", "snapshot"]);
    const faucet = new Contract(zusd, ["function mint(address to, uint256 amount)"], await provider.getSigner(4));
    await (await faucet.getFunction("mint")(LICENSEE, 1_000n * USD)).wait();
  });

  after(function () {
    provider?.destroy();
    const r = zkprov(["chain", "stop"]);
    if (r.status !== 0) {
      try {
        const pid = (
          JSON.parse(fs.readFileSync(path.join(projectDir, "project.json"), "utf8")) as {
            chain?: { node?: { pid: number } };
          }
        ).chain?.node?.pid;
        if (pid) process.kill(-pid, "SIGKILL");
      } catch {
        /* no project or no node recorded: nothing to kill */
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("Should set tiered volume terms and term terms anonymously, refusing a bad --tier by name", function () {
    const volume = ["--rights", "publish", "--mode", "volume", "--unit", "copy", "--currency", "zUSD"];
    fails(["terms", "set", ...creator, ...volume, "--price", "1", "--tier", "0"], /--tier must be from 1 to 2\^64 - 1/);
    fails(
      ["terms", "set", ...creator, "--rights", "publish", "--mode", "closed", "--tier", "5"],
      /--tier prices a right that is sold; --mode closed sells nothing/,
    );
    // 10 copies at 1 zUSD, the next 10 at 2 zUSD, and so on.
    const set = ok([
      "--account",
      "5",
      "terms",
      "set",
      ...creator,
      ...volume,
      "--price",
      "1",
      "--slope",
      "1",
      "--tier",
      "10",
    ]);
    expect(set).to.include({ mode: "volume", price: "1000000", slope: "1000000", tier: "10", nonce: "0" });
    ok([
      ...["--account", "5", "terms", "set", ...creator, "--rights", "commercial", "--mode", "term"],
      ...["--currency", "zUSD", "--price", "100", "--duration", "30d"],
    ]);
    const shown = ok(["terms", "show", "--token", tokenId]) as {
      rights: { mode: string; terms: { pricing: number; tier: string }; next?: { cost: string } }[];
    };
    expect(shown.rights.map((r) => r.mode)).to.deep.equal(["volume", "term", "default"]);
    expect(shown.rights[0]!.terms).to.include({ pricing: 2, tier: "10" });
    expect(shown.rights[0]!.next!.cost).to.equal("1000000");
  });

  it("Should buy two rights in one transaction, a quantity per right, and refuse a purchase that does not say them", async function () {
    ok([
      ...["prove", "licensee", "--key", "licensee.key.json", "--token", tokenId],
      ...["--usage", "publish,commercial", "--to", LICENSEE, "--out", "both.json"],
    ]);
    const license = (...more: string[]) => ["--account", "4", "license", "both.json", ...more];
    fails(license("--units", "publish=25"), /right 2 is sold by term: give its quantity \(--units N or --units 2=N\)/);
    fails(license("--units", "derivatives=1,publish=5"), /--units names right 4, which the bundle does not license/);
    fails(license("--units", "publish=x,commercial=1"), /--units publish must be a decimal or 0x-hex integer, got "x"/);
    fails(license("--units", "publish=5,publish=6"), /--units: right "publish" is given twice/);
    fails(license("--units", "publish,commercial=1"), /--units: "publish" is not right=quantity/);
    fails(license("--units", "publish|commercial=1"), /--units: unknown right "publish\|commercial"/);
    fails(license("--units", "3", "--until", "1"), /give --units N or --until, not both/);
    fails(license("--units", "publish=25,commercial=2", "--value", "1"), /--value is for the regulator's schedule/);
    fails(license("--max-cost", "1"), /--max-cost goes with --units or --until/);
    // 25 copies: 10 x 1 + 10 x 2 + 5 x 3 = 45 zUSD; two 30-day periods: 200 zUSD.
    fails(
      license("--units", "publish=25,commercial=2", "--max-cost", "244999999"),
      /costs 245000000, above --max-cost/,
    );
    const bought = ok(license("--units", "publish=25,commercial=2"));
    expect(bought).to.include({ usage: "3", currency: zusd, cost: "245000000", licensee: LICENSEE });
    expect(bought).to.not.have.property("quantity");
    expect(bought.quantities).to.deep.equal([
      { right: "1", quantity: "25" },
      { right: "2", quantity: "2" },
    ]);
    expect(await gate().getFunction("licensedRights")(tokenId, LICENSEE)).to.equal(3n);
    // Top up 5 copies (at 3 zUSD: 25 were sold) and renew the term right until 10 days past its end: one period.
    const end = ((await gate().getFunction("holdingOf")(tokenId, LICENSEE, 2n)) as { validUntil: bigint }).validUntil;
    const renewed = ok(license("--units", "publish=5", "--until", String(end + 10n * DAY)));
    expect(renewed).to.include({ cost: String(15n * USD + 100n * USD) });
    expect(renewed.quantities).to.deep.equal([
      { right: "1", quantity: "5" },
      { right: "2", quantity: "1" },
    ]);
    const holding = (right: bigint) =>
      gate().getFunction("holdingOf")(tokenId, LICENSEE, right) as Promise<{ validUntil: bigint; units: bigint }>;
    expect((await holding(1n)).units).to.equal(30n);
    expect((await holding(2n)).validUntil).to.equal(end + 30n * DAY);
  });

  it("Should pay a zUSD royalty in one call, reading the amount in the token's decimals and naming a bad one", function () {
    const pay = (amount: string, currency = "zUSD") => [
      "--account",
      "4",
      "royalty",
      "pay",
      "--token",
      tokenId,
      "--amount",
      amount,
      "--currency",
      currency,
    ];
    fails(pay("1.0000001"), /--amount must be a zUSD amount with at most 6 decimals, got "1.0000001"/);
    fails(pay("0"), /--amount must be positive, got 0 base units/);
    fails(pay("1", "XYZ"), /no allowlisted currency has the symbol "XYZ"/);
    const paid = ok(pay("5"));
    // 245 + 115 zUSD of licenses and this 5.
    expect(paid).to.include({
      currency: zusd,
      symbol: "zUSD",
      paid: "5000000",
      accrued: "365000000",
      accruedUnits: "365.0",
    });
  });
});

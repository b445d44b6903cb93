// Adversarial tests of the gates with real proofs (docs/SECURITY.md, attack catalogue): Groth16 proof
// malleability (negated and re-randomised proofs verify, so every gate must key its one-time effects on
// something the proof cannot vary), proof points outside the base field, public inputs spelled x + r,
// and claim replays by third parties. The gates' other rejection paths are in gates.test.ts.
import { expect } from "chai";
import { network } from "hardhat";
import * as snarkjs from "snarkjs";
import { terminateCurves } from "../../core/curve.ts";
import { RIGHTS } from "../../core/domain.ts";
import { identityCommitment } from "../../core/hashes.ts";
import { parsePublicSignals } from "../../core/codecs.ts";
import type { SolidityProof } from "../../core/proof.ts";
import ZkprovModule from "../../ignition/modules/Zkprov.ts";
import { FIELD } from "./helpers/deploy.ts";
import { typed } from "../../prover/chain/typed.ts";
import {
  makeWorld,
  registerWorldEntries,
  proveClaim,
  proveLicensee,
  proveProvenance,
  type ContractProof,
} from "../../fixtures/world.ts";

const { ethers, ignition, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** The BN254 base field modulus q (proof point coordinates live below it). */
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const Payee = { Creator: 0, Licensor: 1 } as const;
const COMMERCIAL = BigInt(RIGHTS.COMMERCIAL);
const FEES = Array.from({ length: 16 }, (_, bit) => (bit === 1 ? 10n ** 16n : 1_000n));
const NOW_WINDOW = 300n;
const BASE = BigInt(Math.floor(Date.now() / 1000)) + 40n * 86_400n;
const PROOF_TIME = BASE + 2n * NOW_WINDOW;
const w = makeWorld(BASE - 3_600n, BASE + 365n * 86_400n);
const tokenId = w.assetHash;

/** (-A, -B, C): e(-A, -B) = e(A, B), so the negated proof verifies for the same public signals. */
function negated(p: SolidityProof): SolidityProof {
  return {
    a: [p.a[0], (Q - p.a[1]) % Q],
    b: [p.b[0], [(Q - p.b[1][0]) % Q, (Q - p.b[1][1]) % Q]],
    c: p.c,
  };
}

interface G {
  fromObject(o: bigint[] | bigint[][]): Uint8Array;
  toObject(p: Uint8Array): bigint[] | bigint[][];
  timesFr(p: Uint8Array, s: Uint8Array): Uint8Array;
  toAffine(p: Uint8Array): Uint8Array;
}
interface Bn128 {
  G1: G;
  G2: G;
  Fr: { e(v: bigint): Uint8Array; inv(v: Uint8Array): Uint8Array };
  terminate(): Promise<void>;
}

/** (rA, r^-1 B, C) for a random r: the re-randomised proof verifies for the same public signals. */
async function rerandomised(p: SolidityProof): Promise<SolidityProof> {
  const curve = (await snarkjs.curves.getCurveFromName("bn128")) as unknown as Bn128;
  try {
    const r = curve.Fr.e(BigInt(Math.floor(Math.random() * 2 ** 48)) + 2n);
    const a = curve.G1.toObject(curve.G1.toAffine(curve.G1.timesFr(curve.G1.fromObject([...p.a, 1n]), r)));
    // Solidity orders each G2 coordinate (imaginary, real); snarkjs (real, imaginary).
    const b2 = [
      [p.b[0][1], p.b[0][0]],
      [p.b[1][1], p.b[1][0]],
      [1n, 0n],
    ];
    const bObj = curve.G2.toObject(
      curve.G2.toAffine(curve.G2.timesFr(curve.G2.fromObject(b2), curve.Fr.inv(r))),
    ) as bigint[][];
    return {
      a: [a[0] as bigint, a[1] as bigint],
      b: [
        [bObj[0]![1]!, bObj[0]![0]!],
        [bObj[1]![1]!, bObj[1]![0]!],
      ],
      c: p.c,
    };
  } finally {
    await terminateCurves();
  }
}

async function deployFixture() {
  const [regulator, curator, licensor, kyc, alice, bob, carol, creatorPayee] = await ethers.getSigners();
  const deployed = await ignition.deploy(ZkprovModule, {
    parameters: {
      Registry: { regulatorKey: w.regulator.publicKey.map(String), rootWindow: 120n, adminDelay: 3_600n },
      Zkprov: { nowWindow: NOW_WINDOW, royaltyRate: 500n, rightFees: FEES.map(String) },
    },
  });
  const registry = typed("Registry", deployed.registry);
  await registry.grantRole(await registry.CURATOR_ROLE(), curator!.address);
  await registry.grantRole(await registry.LICENSOR_ROLE(), licensor!.address);
  await registry.grantRole(await registry.KYC_ROLE(), kyc!.address);
  await registerWorldEntries(w, {
    insertModel: (ax, ay, modelHash, rights) => registry.connect(curator!).insertModel(ax, ay, modelHash, rights),
    insertLicense: (body, start, expiry) => registry.connect(licensor!).insertLicense(body, start, expiry),
    setNextBlockTimestamp: (t) => time.setNextBlockTimestamp(t),
  });
  for (const c of w.paddingLicensees) await registry.connect(kyc!).insertLicensee(c);
  await registry.connect(kyc!).insertLicensee(identityCommitment(w.licenseeSecret));
  await time.increaseTo(BASE);
  return {
    registry,
    provenanceVerifier: typed("ProvenanceVerifier", deployed.provenanceVerifier),
    mintGate: typed("MintGate", deployed.mintGate),
    licenseGate: typed("LicenseGate", deployed.licenseGate),
    royaltyVault: typed("RoyaltyVault", deployed.royaltyVault),
    regulator: regulator!,
    alice: alice!,
    bob: bob!,
    carol: carol!,
    creatorPayee: creatorPayee!,
  };
}
type Fixture = Awaited<ReturnType<typeof deployFixture>>;

const proofs = {} as { mint: ContractProof; license: ContractProof; claim: ContractProof & { nullifier: bigint } };

async function mint(f: Fixture, p: ContractProof, to = f.alice.address) {
  if (BigInt(await time.latest()) < PROOF_TIME) await time.setNextBlockTimestamp(PROOF_TIME);
  return f.mintGate.connect(f.bob).mint(to, p.proof, p.pub);
}

describe("gate attacks (real proofs)", function () {
  before(async function () {
    const f = await loadFixture(deployFixture);
    const gate = await f.mintGate.getAddress();
    const chain = (await ethers.provider.getNetwork()).chainId;
    const { computeContext, mintActionData, licenseActionData, claimActionData } = await import(
      "../../core/context.ts"
    );
    proofs.mint = await proveProvenance(w, {
      now: PROOF_TIME,
      context: computeContext(chain, gate, f.alice.address, mintActionData(tokenId)),
    });
    proofs.license = await proveLicensee(w, {
      tokenId,
      usageRights: COMMERCIAL,
      context: computeContext(
        chain,
        await f.licenseGate.getAddress(),
        f.carol.address,
        licenseActionData(tokenId, COMMERCIAL),
      ),
    });
    proofs.claim = await proveClaim(w, {
      payee: Payee.Creator,
      context: computeContext(
        chain,
        await f.royaltyVault.getAddress(),
        f.creatorPayee.address,
        claimActionData(tokenId, Payee.Creator),
      ),
    });
  });
  after(async function () {
    await terminateCurves();
  });

  describe("# proof malleability", function () {
    it("Should verify negated and re-randomised proofs (Groth16 is malleable: no gate may key on the proof bytes)", async function () {
      const f = await loadFixture(deployFixture);
      const { proof, pub } = proofs.mint;
      expect(await f.provenanceVerifier.verifyProof(proof.a, proof.b, proof.c, pub)).to.equal(true);
      const neg = negated(proof);
      expect(await f.provenanceVerifier.verifyProof(neg.a, neg.b, neg.c, pub)).to.equal(true);
      const rr = await rerandomised(proof);
      expect(rr.a).to.not.deep.equal(proof.a);
      expect(await f.provenanceVerifier.verifyProof(rr.a, rr.b, rr.c, pub)).to.equal(true);
    });

    it("Should not mint twice with a malleated copy of a used proof", async function () {
      const f = await loadFixture(deployFixture);
      await mint(f, proofs.mint);
      for (const malleated of [negated(proofs.mint.proof), await rerandomised(proofs.mint.proof)]) {
        await expect(mint(f, { proof: malleated, pub: proofs.mint.pub }))
          .to.be.revertedWithCustomError(f.mintGate, "MintAssetAlreadyMinted")
          .withArgs(tokenId);
      }
    });

    it("Should mint to the proof's recipient even when a front-runner submits a malleated copy first", async function () {
      const f = await loadFixture(deployFixture);
      await expect(
        mint(f, { proof: negated(proofs.mint.proof), pub: proofs.mint.pub }, f.bob.address),
      ).to.be.revertedWithCustomError(f.mintGate, "MintContextMismatch");
      await mint(f, { proof: negated(proofs.mint.proof), pub: proofs.mint.pub }, f.alice.address);
      expect(await f.mintGate.ownerOf(tokenId)).to.equal(f.alice.address);
    });

    it("Should not license twice with a malleated copy of a used licensee proof", async function () {
      const f = await loadFixture(deployFixture);
      await mint(f, proofs.mint);
      const { proof, pub } = proofs.license;
      const fee = FEES[1]!;
      await f.licenseGate.connect(f.carol).license(tokenId, COMMERCIAL, proof, pub, { value: fee });
      const nullifier = parsePublicSignals("licensee", pub.map(String)).nullifier;
      await expect(f.licenseGate.connect(f.carol).license(tokenId, COMMERCIAL, negated(proof), pub, { value: fee }))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseNullifierUsed")
        .withArgs(nullifier);
    });

    it("Should pay a malleated or replayed claim only to the proof's recipient, and only new accruals", async function () {
      const f = await loadFixture(deployFixture);
      await mint(f, proofs.mint);
      const tags = { creatorTag: 0n, licensorTag: 0n };
      const signals = parsePublicSignals("provenance", proofs.mint.pub.map(String));
      tags.creatorTag = signals.creatorTag;
      tags.licensorTag = signals.licensorTag;
      await f.royaltyVault.connect(f.carol).deposit(tokenId, { value: 10_000n });
      const { proof, nullifier } = proofs.claim;
      const recipient = f.creatorPayee.address;
      await f.royaltyVault.connect(f.bob).claim(tokenId, Payee.Creator, recipient, proof, nullifier, tags);
      await expect(
        f.royaltyVault.connect(f.bob).claim(tokenId, Payee.Creator, recipient, negated(proof), nullifier, tags),
      )
        .to.be.revertedWithCustomError(f.royaltyVault, "VaultNothingOwed")
        .withArgs(tokenId, Payee.Creator, ethers.ZeroAddress);
      // After a new deposit a third party may replay the (malleated) proof, but the money goes to the
      // recipient bound in its context, and bob cannot redirect it.
      await f.royaltyVault.connect(f.carol).deposit(tokenId, { value: 10_000n });
      await expect(
        f.royaltyVault.connect(f.bob).claim(tokenId, Payee.Creator, f.bob.address, negated(proof), nullifier, tags),
      ).to.be.revertedWithCustomError(f.royaltyVault, "VaultInvalidProof");
      const before = await ethers.provider.getBalance(recipient);
      await f.royaltyVault.connect(f.bob).claim(tokenId, Payee.Creator, recipient, negated(proof), nullifier, tags);
      const share = 10_000n - (10_000n * signals.licensorBps) / 10_000n;
      expect((await ethers.provider.getBalance(recipient)) - before).to.equal(share);
    });
  });

  describe("# non-canonical encodings", function () {
    it("Should reject proof points with a coordinate at or above the base field modulus", async function () {
      const f = await loadFixture(deployFixture);
      const { proof, pub } = proofs.mint;
      const bad: SolidityProof[] = [
        { ...proof, a: [proof.a[0] + Q, proof.a[1]] },
        { ...proof, c: [proof.c[0], proof.c[1] + Q] },
        { ...proof, b: [[proof.b[0][0] + Q, proof.b[0][1]], proof.b[1]] },
      ];
      for (const p of bad) {
        // The verifier answers false (it does not revert: the failed precompile call is its "no"), and the
        // gate refuses with its invalid-proof error, not with any revert.
        expect(await f.provenanceVerifier.verifyProof(p.a, p.b, p.c, pub)).to.equal(false);
        await expect(mint(f, { proof: p, pub })).to.be.revertedWithCustomError(f.mintGate, "MintInvalidProof");
      }
    });

    it("Should reject a public signal spelled x + r at every gate (one field element, two integers)", async function () {
      const f = await loadFixture(deployFixture);
      const aliased = proofs.mint.pub.map((v, i) => (i === 0 ? v + FIELD : v));
      await expect(mint(f, { proof: proofs.mint.proof, pub: aliased })).to.be.revertedWithCustomError(
        f.mintGate,
        "MintSignalOutOfField",
      );
      await mint(f, proofs.mint);
      const { proof, pub } = proofs.license;
      const licAliased = pub.map((v, i) => (i === pub.length - 1 ? v + FIELD : v));
      await expect(
        f.licenseGate.connect(f.carol).license(tokenId, COMMERCIAL, proof, licAliased, { value: FEES[1]! }),
      ).to.be.revertedWithCustomError(f.licenseGate, "LicenseSignalOutOfField");
      // The vault takes the token id itself: token + r is no token.
      const signals = parsePublicSignals("provenance", proofs.mint.pub.map(String));
      const tags = { creatorTag: signals.creatorTag, licensorTag: signals.licensorTag };
      await expect(f.royaltyVault.connect(f.bob).deposit(tokenId + FIELD, { value: 1n }))
        .to.be.revertedWithCustomError(f.royaltyVault, "VaultUnknownToken")
        .withArgs(tokenId + FIELD);
      await f.royaltyVault.connect(f.bob).deposit(tokenId, { value: 100n });
      await expect(
        f.royaltyVault
          .connect(f.bob)
          .claim(
            tokenId + FIELD,
            Payee.Creator,
            f.creatorPayee.address,
            proofs.claim.proof,
            proofs.claim.nullifier,
            tags,
          ),
      ).to.be.revertedWithCustomError(f.royaltyVault, "VaultUnknownToken");
      await expect(
        f.royaltyVault
          .connect(f.bob)
          .claim(
            tokenId,
            Payee.Creator,
            f.creatorPayee.address,
            proofs.claim.proof,
            proofs.claim.nullifier + FIELD,
            tags,
          ),
      ).to.be.revertedWithCustomError(f.royaltyVault, "VaultNullifierOutOfField");
    });
  });
});

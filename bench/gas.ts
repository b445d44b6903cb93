// Gas on Hardhat's in-process chain (EDR), with real proofs from the project's prover: verifyProof alone
// per circuit (a transaction's gas: 21,000 base and calldata included), a mint, a license, a royalty claim,
// registry inserts (3 per tree, tree sizes 1..3), and batch mints of 1, 4 and 16 assets (per asset, storage included). Numbers only.
import { network } from "hardhat";
import ZkprovModule from "../ignition/modules/Zkprov.ts";
import { CIRCUIT_IDS, type CircuitId } from "../core/circuits.ts";
import { RIGHTS } from "../core/domain.ts";
import { identityCommitment, licenseLeafOfBody } from "../core/hashes.ts";
import { QuinaryTree } from "../core/registry-trees.ts";
import { randomFieldElement } from "../prover/keys.ts";
import { retainCurves } from "../core/curve.ts";
import { typed } from "../prover/chain/typed.ts";
import {
  makeWorld,
  proveClaim,
  proveLicensee,
  proveProvenance,
  registerWorldEntries,
  withAsset,
  type ContractProof,
} from "../fixtures/world.ts";
import { stats, type Stats } from "./stats.ts";

/** The gas figures, as in bench/results.json. */
export interface GasFigures {
  verifyProof: Record<CircuitId, number>;
  mint: number;
  license: number;
  royaltyClaim: number;
  registryInsert: { model: Stats; license: Stats; licensee: Stats };
  /** updateLicense and compromiseLicense of two padding licenses (the quinary tree, issue 17), after everything else. */
  registryLicense?: { update: number; compromise: number };
  batchMintPerAsset: Record<"1" | "4" | "16", number>;
}

const BATCH_SIZES = [1, 4, 16] as const;
const NOW_WINDOW = 600n;
const COMMERCIAL = BigInt(RIGHTS.COMMERCIAL);
const FEE = 10n ** 16n;

/**
 * Deploy zkprov with the Ignition module and measure each operation once (gas is deterministic for the
 * same state; registry inserts are sampled over tree sizes 1..3).
 *
 * @example const gas = await benchGas(console.error)
 */
export async function benchGas(log: (line: string) => void = () => {}): Promise<GasFigures> {
  const { ethers, ignition, networkHelpers } = await network.create();
  const { time } = networkHelpers;
  const release = retainCurves();
  try {
    const [regulator, alice, carol, payee] = await ethers.getSigners();
    const base = BigInt(Math.floor(Date.now() / 1000)) + 86_400n;
    const w = makeWorld(base - 3_600n, base + 365n * 86_400n, { registeredAt: base - 7_200n });
    const d = await ignition.deploy(ZkprovModule, {
      parameters: {
        Registry: { regulatorKey: w.regulator.publicKey.map(String), rootWindow: 3_600n, adminDelay: 3_600n },
        Zkprov: {
          nowWindow: NOW_WINDOW,
          royaltyRate: 500n,
          rightFees: Array.from({ length: 16 }, (_, bit) => (bit === 1 ? FEE.toString() : "0")),
        },
      },
    });
    const registry = typed("Registry", d.registry);
    const mintGate = typed("MintGate", d.mintGate);
    const licenseGate = typed("LicenseGate", d.licenseGate);
    const vault = typed("RoyaltyVault", d.royaltyVault);
    for (const role of [registry.CURATOR_ROLE(), registry.LICENSOR_ROLE(), registry.KYC_ROLE()]) {
      await (await registry.grantRole(await role, regulator!.address)).wait();
    }
    const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
      Number((await (await tx).wait())!.gasUsed);

    // Registry: the world's padding and own leaves, in the order its trees hold them.
    const insert = { model: [] as number[], license: [] as number[], licensee: [] as number[] };
    await registerWorldEntries(w, {
      insertModel: async (ax, ay, modelHash, rights) =>
        insert.model.push(await gasOf(registry.insertModel(ax, ay, modelHash, rights))),
      insertLicense: async (body, start, expiry) =>
        insert.license.push(await gasOf(registry.insertLicense(body, start, expiry))),
      setNextBlockTimestamp: (t) => time.setNextBlockTimestamp(t),
    });
    for (const c of [...w.paddingLicensees, identityCommitment(w.licenseeSecret)]) {
      insert.licensee.push(await gasOf(registry.insertLicensee(c)));
    }
    await time.increaseTo(base);
    log("gas: registry filled");

    const mintProof = async (asset: bigint): Promise<ContractProof> => {
      const context = await mintGate.mintContext(alice!.address, asset);
      return proveProvenance(withAsset(w, asset), { now: base + 60n, context });
    };

    // verifyProof alone, and a mint.
    const mint = await mintProof(w.assetHash);
    const verifyProof = {} as Record<CircuitId, number>;
    const lic = await proveLicensee(w, {
      tokenId: w.assetHash,
      usageRights: COMMERCIAL,
      context: await licenseGate.licenseContext(carol!.address, w.assetHash, COMMERCIAL),
    });
    const claim = await proveClaim(w, {
      payee: 0,
      context: await vault.claimContext(payee!.address, w.assetHash, 0),
    });
    const verifiers = {
      provenance: d.provenanceVerifier,
      royaltyClaim: d.royaltyClaimVerifier,
      licensee: d.licenseeVerifier,
    };
    const samples: Record<CircuitId, ContractProof> = { provenance: mint, licensee: lic, royaltyClaim: claim };
    for (const id of CIRCUIT_IDS) {
      const { proof, pub } = samples[id];
      const f = verifiers[id].getFunction("verifyProof");
      if (!(await f.staticCall(proof.a, proof.b, proof.c, pub))) throw new Error(`${id}: proof rejected`);
      verifyProof[id] = Number(await f.estimateGas(proof.a, proof.b, proof.c, pub));
    }
    await time.setNextBlockTimestamp(base + 60n);
    const mintGas = await gasOf(mintGate.connect(alice!).mint(alice!.address, mint.proof, mint.pub));
    const licenseGas = await gasOf(
      licenseGate.connect(carol!).license(w.assetHash, COMMERCIAL, lic.proof, lic.pub, { value: FEE }),
    );
    const tags = { creatorTag: mint.pub[1]!, licensorTag: mint.pub[2]! };
    const claimGas = await gasOf(
      vault.connect(payee!).claim(w.assetHash, 0, payee!.address, claim.proof, claim.nullifier, tags),
    );
    log("gas: mint, license, claim done");

    // Batch mints: fresh assets, proofs for the same recipient.
    const batchMintPerAsset = {} as Record<"1" | "4" | "16", number>;
    for (const n of BATCH_SIZES) {
      const proofs: ContractProof[] = [];
      for (let i = 0; i < n; i++) proofs.push(await mintProof(randomFieldElement() >> 3n));
      await time.setNextBlockTimestamp(base + 120n + BigInt(n));
      const gas = await gasOf(
        mintGate.connect(alice!).mintBatch(
          alice!.address,
          proofs.map((p) => p.proof),
          proofs.map((p) => p.pub),
        ),
      );
      batchMintPerAsset[String(n) as "1" | "4" | "16"] = Math.round(gas / n);
      log(`gas: batch of ${n} done`);
    }

    // License tree changes (after every proof: a compromise ends the roots they were made against).
    const tree = new QuinaryTree(w.licenseTree.leaves);
    const leafOf = (body: bigint) => licenseLeafOfBody(body, w.license.start, w.license.expiry);
    const [first, second] = [leafOf(w.paddingLicenses[0]!), leafOf(w.paddingLicenses[1]!)];
    const up = tree.createProof(tree.indexOf(first));
    const newBody = randomFieldElement();
    const start = BigInt(await time.latest()) + 10n;
    const update = await gasOf(
      registry.updateLicense(first, newBody, start, w.license.expiry, up.siblings, up.pathIndices),
    );
    tree.update(up.leafIndex, licenseLeafOfBody(newBody, start, w.license.expiry));
    const down = tree.createProof(tree.indexOf(second));
    const compromise = await gasOf(registry.compromiseLicense(second, down.siblings, down.pathIndices));
    log("gas: license update and compromise done");
    return {
      verifyProof,
      mint: mintGas,
      license: licenseGas,
      royaltyClaim: claimGas,
      registryInsert: {
        model: stats(insert.model, 0),
        license: stats(insert.license, 0),
        licensee: stats(insert.licensee, 0),
      },
      registryLicense: { update, compromise },
      batchMintPerAsset,
    };
  } finally {
    await release();
  }
}

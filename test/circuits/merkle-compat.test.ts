// The circuits' LeanIMTRoot must compute the same root as @zk-kit/lean-imt (and so as the registry
// contracts' LeanIMT) for every tree shape, including the levels LeanIMT skips where a node has no right
// sibling. The licensee circuit (depth 20) is the probe: its witness exists only when the root it computes
// from (leaf, depth, index, siblings) equals the public licenseeRoot.
import { expect } from "chai";
import { IMT } from "@zk-kit/imt";
import { LeanIMT, type LeanIMTMerkleProof } from "@zk-kit/lean-imt";
import { poseidon5 } from "poseidon-lite/poseidon5";
import { circuitInstance } from "../../core/circuits.ts";
import { hashNode, identityCommitment, licenseLeaf, licenseeLeaf, licenseeNullifier } from "../../core/hashes.ts";
import { makeScenario, type Scenario } from "../../fixtures/scenario.ts";
import { licenseeCircuitInput, provenanceCircuitInput, type LicenseeWitnessData } from "../../prover/inputs.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import {
  merkleWitness,
  newLicenseTree,
  newRegistryTree,
  quinaryWitness,
  type MerkleWitness,
} from "../../prover/merkle.ts";
import { expectNoWitness, expectWitness } from "../helpers/circuits.ts";

const DEPTH = circuitInstance("licensee").params.DEPTH!;
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100];

interface Placed {
  secret: bigint;
  tree: LeanIMT<bigint>;
  position: number;
}

/** A registry of `size` random leaves with a licensee enrolled at `position`. */
function placed(size: number, position: number): Placed {
  const secret = randomFieldElement();
  const leaves = Array.from({ length: size }, () => randomFieldElement());
  leaves[position] = licenseeLeaf(identityCommitment(secret));
  return { secret, tree: newRegistryTree(leaves), position };
}

/** Licensee circuit data for a given path (the root in the path is the public licenseeRoot). */
function dataFor(secret: bigint, path: MerkleWitness): LicenseeWitnessData {
  const tokenId = 1n;
  const usageRights = 2n;
  return {
    tokenId,
    usageRights,
    context: 3n,
    nullifier: licenseeNullifier(secret, tokenId, usageRights),
    secret,
    path,
  };
}

/** The compressed LeanIMT proof of `path` (siblings beyond depth dropped), for LeanIMT.verifyProof. */
function asLeanProof(leaf: bigint, path: MerkleWitness): LeanIMTMerkleProof<bigint> {
  return { root: path.root, leaf, index: Number(path.index), siblings: path.siblings.slice(0, path.depth) };
}

describe("LeanIMT compatibility: @zk-kit/lean-imt and the circuit's LeanIMTRoot", function () {
  describe("# same root for every tree shape", function () {
    for (const size of SIZES) {
      const positions = [...new Set([0, size - 1, Math.floor(size / 2)])];
      it(`Should accept leaves ${positions.join(", ")} of a tree of ${size}`, async function () {
        for (const position of positions) {
          const p = placed(size, position);
          const path = merkleWitness(p.tree, position, DEPTH);
          // The leftmost leaf has a sibling on every level; others may skip levels (compressed proof).
          if (position === 0) expect(path.depth).to.equal(p.tree.depth);
          else expect(path.depth).to.be.at.most(p.tree.depth);
          expect(LeanIMT.verifyProof(asLeanProof(p.tree.leaves[position]!, path), hashNode)).to.equal(true);
          await expectWitness("licensee", licenseeCircuitInput(dataFor(p.secret, path)));
        }
      });
    }

    it("Should accept a full-depth (20 levels) path, whose root LeanIMT.verifyProof also accepts", async function () {
      // A tree with 2^19 + 1 or more leaves is too slow to build here; a path with all 20 siblings present
      // is exactly what LeanIMT returns for a leaf in the full left part of such a tree.
      const secret = randomFieldElement();
      const leaf = licenseeLeaf(identityCommitment(secret));
      const siblings = Array.from({ length: DEPTH }, () => randomFieldElement());
      const index = 0b1011_0010_1110_0101_1001n;
      let node = leaf;
      siblings.forEach((s, level) => {
        node = (index >> BigInt(level)) & 1n ? hashNode(s, node) : hashNode(node, s);
      });
      const path: MerkleWitness = { root: node, index, depth: DEPTH, siblings };
      expect(LeanIMT.verifyProof(asLeanProof(leaf, path), hashNode)).to.equal(true);
      await expectWitness("licensee", licenseeCircuitInput(dataFor(secret, path)));
      // The same path one level short proves the level-19 node, not the root.
      await expectNoWitness(
        "licensee",
        licenseeCircuitInput(dataFor(secret, { ...path, depth: DEPTH - 1 })),
        "the licensee is not in the licensee registry",
      );
    });

    it("Should reject a path taken before the next insertion against the new root, and accept the new path", async function () {
      // Size 4 -> 5: the last leaf of 4 gains a level (the new leaf is in the right subtree of the new root).
      const p = placed(4, 3);
      const stale = merkleWitness(p.tree, 3, DEPTH);
      p.tree.insert(randomFieldElement());
      await expectNoWitness(
        "licensee",
        licenseeCircuitInput(dataFor(p.secret, { ...stale, root: p.tree.root })),
        "the licensee is not in the licensee registry",
      );
      await expectWitness("licensee", licenseeCircuitInput(dataFor(p.secret, merkleWitness(p.tree, 3, DEPTH))));
    });
  });

  describe("# index bits and padding", function () {
    it("Should reject a path with any one index bit (within depth) flipped", async function () {
      const p = placed(100, 50);
      const path = merkleWitness(p.tree, 50, DEPTH);
      expect(path.depth).to.equal(7);
      for (let bit = 0; bit < path.depth; bit++) {
        const wrong = { ...path, index: path.index ^ (1n << BigInt(bit)) };
        await expectNoWitness(
          "licensee",
          licenseeCircuitInput(dataFor(p.secret, wrong)),
          "the licensee is not in the licensee registry",
        );
      }
    });

    it("Should need LeanIMT's compressed index, not the leaf position, where levels were skipped", async function () {
      // In a tree of 5, leaf 4 has no sibling on levels 0 and 1: the proof has one sibling and index 1.
      const p = placed(5, 4);
      const path = merkleWitness(p.tree, 4, DEPTH);
      expect({ depth: path.depth, index: path.index }).to.deep.equal({ depth: 1, index: 1n });
      await expectWitness("licensee", licenseeCircuitInput(dataFor(p.secret, path)));
      await expectNoWitness(
        "licensee",
        licenseeCircuitInput(dataFor(p.secret, { ...path, index: 4n })),
        "the licensee is not in the licensee registry",
      );
    });

    it("Should not change acceptance when siblings beyond depth are nonzero junk", async function () {
      // BinaryMerkleRoot hashes every level up to MAX_DEPTH but returns only the node at level `depth`
      // (roots[i] = isDepth_i * nodes[i]); nodes above `depth` are computed and multiplied by 0, so the
      // siblings there are never selected and no public value depends on them. The siblings are private,
      // so junk there gives the prover no freedom over the statement.
      for (const [size, position] of [
        [5, 2],
        [100, 99],
        [1, 0],
      ] as const) {
        const p = placed(size, position);
        const path = merkleWitness(p.tree, position, DEPTH);
        const junk = path.siblings.map((s, level) => (level < path.depth ? s : randomFieldElement()));
        expect(junk.slice(path.depth).every((s) => s !== 0n)).to.equal(true);
        await expectWitness("licensee", licenseeCircuitInput(dataFor(p.secret, { ...path, siblings: junk })));
        // Control: junk inside the depth is a different path and is rejected.
        if (path.depth > 0) {
          const inside = [...path.siblings];
          inside[path.depth - 1] = randomFieldElement();
          await expectNoWitness(
            "licensee",
            licenseeCircuitInput(dataFor(p.secret, { ...path, siblings: inside })),
            "the licensee is not in the licensee registry",
          );
        }
      }
    });

    it("Should not change acceptance when index bits above depth are set (they are not selected either)", async function () {
      // Same reason as the junk siblings: bits at levels >= depth only steer the unselected levels. The
      // index is private and the nullifier does not depend on it, so this is no extra freedom.
      const p = placed(9, 3);
      const path = merkleWitness(p.tree, 3, DEPTH);
      const high = path.index | (1n << BigInt(DEPTH - 1)) | (1n << BigInt(path.depth));
      await expectWitness("licensee", licenseeCircuitInput(dataFor(p.secret, { ...path, index: high })));
    });
  });
});

// The provenance circuit's QuinaryMerkleRoot must compute the same root as @zk-kit/imt's IMT (arity 5, Poseidon(5),
// zero value 0), which the registry's quinary license tree matches (test/contracts/registry.test.ts). The
// provenance circuit is the probe: its witness exists only when the license path gives the public licenseRoot.
describe("Quinary IMT compatibility: @zk-kit/imt and the circuit's QuinaryMerkleRoot", function () {
  const LICENSE_DEPTH = circuitInstance("provenance").params.LICENSE_DEPTH!;

  /** The scenario's license placed at `position` of a license tree of `size` leaves (some others zeroed). */
  function withLicenseAt(size: number, position: number, zeroed: number[] = []): Scenario {
    const s = makeScenario();
    const leaves = Array.from({ length: size }, () => randomFieldElement());
    for (const z of zeroed) leaves[z] = 0n;
    leaves[position] = licenseLeaf(s.license);
    const tree = newLicenseTree(leaves);
    s.licenseTree = tree;
    s.data.license = { ...s.license, path: quinaryWitness(tree, position, LICENSE_DEPTH) };
    return s;
  }

  for (const [size, position] of [
    [1, 0],
    [2, 1],
    [5, 4],
    [6, 5],
    [26, 13],
    [126, 125],
    [700, 631],
  ] as const) {
    it(`Should accept the license at ${position} of a quinary tree of ${size} (root as @zk-kit/imt computes it)`, async function () {
      const s = withLicenseAt(size, position);
      const imt = new IMT(poseidon5, LICENSE_DEPTH, 0, 5, s.licenseTree.leaves);
      expect(s.data.license.path.root).to.equal(BigInt(imt.root));
      const proof = imt.createProof(position);
      expect(s.data.license.path.pathIndices).to.deep.equal(proof.pathIndices);
      expect(IMT.verifyProof(proof, poseidon5)).to.equal(true);
      // the digits are the base-5 digits of the index, lowest level first
      expect(s.data.license.path.pathIndices.reduce((acc, d, i) => acc + d * 5 ** i, 0)).to.equal(position);
      await expectWitness("provenance", provenanceCircuitInput(s.data));
    });
  }

  it("Should accept a path next to compromised (zeroed) leaves, as the registry leaves them", async function () {
    const s = withLicenseAt(30, 27, [25, 26, 28, 3]);
    await expectWitness("provenance", provenanceCircuitInput(s.data));
  });

  it("Should reject a stale path (a sibling changed since) and the siblings of another position", async function () {
    const s = withLicenseAt(30, 12);
    const stale = s.data.license.path.siblings.map((l) => [...l]);
    stale[1]![2] = randomFieldElement();
    const bad = { ...s.data, license: { ...s.data.license, path: { ...s.data.license.path, siblings: stale } } };
    await expectNoWitness(
      "provenance",
      provenanceCircuitInput(bad),
      "the license is not in the license registry (its leaf and quinary path do not give licenseRoot)",
    );
    const other = quinaryWitness(s.licenseTree, 13, LICENSE_DEPTH);
    const moved = { ...s.data, license: { ...s.data.license, path: { ...other, root: s.data.license.path.root } } };
    await expectNoWitness(
      "provenance",
      provenanceCircuitInput(moved),
      "the license is not in the license registry (its leaf and quinary path do not give licenseRoot)",
    );
  });
});

import { expect } from "chai";
import { network } from "hardhat";
import { IMT } from "@zk-kit/imt";
import { LeanIMT } from "@zk-kit/lean-imt";
import { Base8, mulPointEscalar } from "@zk-kit/baby-jubjub";
import { poseidon2, poseidon5 } from "poseidon-lite";
import { TAGS } from "../../core/domain.ts";
import { licenseeLeaf, licenseLeafOfBody, modelLeaf, OPEN_UNTIL } from "../../core/hashes.ts";
import { registryTreeDepth, registryTreeShape } from "../../core/circuits.ts";
import { REGISTRY_TREES, Tree, type TreeId } from "../../core/registry.ts";
import { mirrorRegistryTree } from "../../prover/registry-mirror.ts";
import { deployRegistry, FIELD, testRegulatorKey } from "./helpers/deploy.ts";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;
const ROOT_WINDOW = 600n;
const ADMIN_DELAY = 3600n;
/** The interval of the test licenses: a start after every block of these tests, never expiring. */
const START = 1n << 40n;
const FAR = OPEN_UNTIL;
/** The leaf the registry computes for the test license of `body`. */
const lic = (body: bigint) => licenseLeafOfBody(body, START, FAR);

/** Mine the next transaction one second after the latest block; returns that block time (a model's validFrom). */
async function nextBlockTime(): Promise<bigint> {
  const t = BigInt(await time.latest()) + 1n;
  await time.setNextBlockTimestamp(t);
  return t;
}

/** A BabyJubJub point usable as a model key. */
function modelKey(seed: bigint): [bigint, bigint] {
  const p = mulPointEscalar(Base8, seed);
  return [p[0], p[1]];
}

/** An empty tree as the contracts build it, from poseidon-lite alone (independent of the prover). */
function newTree(): LeanIMT<bigint> {
  return new LeanIMT<bigint>((a, b) => poseidon2([a, b]));
}

/** The license tree's fixed depth (circuits.json LICENSE_DEPTH 9). */
const LICENSE_DEPTH = registryTreeShape("license").depth;

/** An empty license tree as the contracts build it: @zk-kit/imt's IMT, arity 5, zero value 0 (not the prover's). */
class Quinary {
  readonly imt = new IMT((v) => poseidon5(v as bigint[]), LICENSE_DEPTH, 0n, 5);
  get root(): bigint {
    return BigInt(this.imt.root);
  }
  get size(): number {
    return this.imt.leaves.length;
  }
  get depth(): number {
    return this.imt.depth;
  }
  get leaves(): bigint[] {
    return this.imt.leaves.map(BigInt);
  }
  insert(leaf: bigint): void {
    this.imt.insert(leaf);
  }
  update(index: number, leaf: bigint): void {
    this.imt.update(index, leaf);
  }
  /** The path updateLicense / compromiseLicense take: 4 siblings and the position per level. */
  path(index: number): [bigint[][], number[]] {
    const p = this.imt.createProof(index);
    return [(p.siblings as bigint[][]).map((l) => l.map(BigInt)), p.pathIndices];
  }
}

type MirrorTree = LeanIMT<bigint> | Quinary;
const newTrees = (): [LeanIMT<bigint>, Quinary, LeanIMT<bigint>] => [newTree(), new Quinary(), newTree()];

/** A small deterministic PRNG (xorshift64*) for reproducible operation sequences. */
function prng(seed: bigint) {
  let s = seed;
  return (n: number): number => {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    return Number(s % BigInt(n));
  };
}

async function deployFixture() {
  const [regulator, curator, licensor, kyc, stranger, successor] = await ethers.getSigners();
  const { registry } = await deployRegistry(ethers, {
    adminDelay: ADMIN_DELAY,
    regulator: regulator!.address,
    rootWindow: ROOT_WINDOW,
  });
  await registry.grantRole(await registry.CURATOR_ROLE(), curator!.address);
  await registry.grantRole(await registry.LICENSOR_ROLE(), licensor!.address);
  await registry.grantRole(await registry.KYC_ROLE(), kyc!.address);
  return {
    registry,
    regulator: regulator!,
    curator: curator!,
    licensor: licensor!,
    kyc: kyc!,
    stranger: stranger!,
    successor: successor!,
  };
}

type Fixture = Awaited<ReturnType<typeof deployFixture>>;

/** Rebuilds the three trees from the registry's events alone, checking each event's root on the way. */
async function mirrorFromEvents(registry: Fixture["registry"]): Promise<MirrorTree[]> {
  const trees: MirrorTree[] = newTrees();
  const logs = await ethers.provider.getLogs({ address: await registry.getAddress(), fromBlock: 0 });
  for (const log of logs) {
    const event = registry.interface.parseLog(log);
    if (event === null) continue;
    if (!["LeafInserted", "LeafUpdated", "LeafCompromised"].includes(event.name)) continue;
    const tree = trees[Number(event.args.tree)]!;
    const index = Number(event.args.index);
    if (event.name === "LeafInserted") {
      expect(index).to.equal(tree.size);
      tree.insert(event.args.leaf);
    } else if (event.name === "LeafUpdated") {
      expect(tree.leaves[index]).to.equal(event.args.oldLeaf);
      tree.update(index, event.args.newLeaf);
    } else {
      expect(tree.leaves[index]).to.equal(event.args.leaf);
      tree.update(index, 0n);
    }
    expect(tree.root).to.equal(event.args.root);
  }
  return trees;
}

describe("Registry", function () {
  describe("# deployment", function () {
    it("Should pin the regulator, root window, regulator key and maximum depth", async function () {
      const { registry, regulator } = await loadFixture(deployFixture);
      expect(await registry.defaultAdmin()).to.equal(regulator.address);
      expect(await registry.defaultAdminDelay()).to.equal(ADMIN_DELAY);
      expect(await registry.rootWindow()).to.equal(ROOT_WINDOW);
      expect(await registry.regulatorKey()).to.deep.equal(testRegulatorKey().publicKey);
      for (const tree of Object.values(Tree)) {
        expect(await registry.maxDepth(tree)).to.equal(BigInt(registryTreeDepth(REGISTRY_TREES[tree])));
        expect(await registry.root(tree)).to.equal(0n);
        expect(await registry.isKnownRoot(tree, 0n)).to.equal(false);
      }
    });

    it("Should not deploy with a regulator key outside the prime-order subgroup", async function () {
      const { registry } = await loadFixture(deployFixture);
      await expect(deployRegistry(ethers, { regulatorKey: [0n, 1n] }))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidRegulatorKey")
        .withArgs(0n, 1n);
    });

    it("Should size each tree to the depth its circuit takes (models far fewer than licenses)", async function () {
      const { registry } = await loadFixture(deployFixture);
      // The model tree is 2^10 entries (alive or retired), the licensee tree 2^20 (circuits.json).
      expect(await registry.maxDepth(Tree.Model)).to.equal(10n);
      // The license tree is quinary of fixed depth 9 (5^9 = 1,953,125 licenses).
      expect(await registry.maxDepth(Tree.License)).to.equal(9n);
      expect(await registry.depth(Tree.License)).to.equal(9n);
      expect(await registry.maxDepth(Tree.Licensee)).to.equal(20n);
    });

    it("Should not deploy with a maximum depth of zero, or one past the circuits' depth bits", async function () {
      const { registry } = await loadFixture(deployFixture);
      await expect(deployRegistry(ethers, { maxDepths: [10n, 0n, 20n] }))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMaxDepth")
        .withArgs(Tree.License, 0n);
      await expect(deployRegistry(ethers, { maxDepths: [64n, 9n, 20n] }))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMaxDepth")
        .withArgs(Tree.Model, 64n);
      // The quinary license tree's zero nodes are tabled up to depth 12 (QuinaryIMT.MAX_DEPTH).
      await expect(deployRegistry(ethers, { maxDepths: [10n, 13n, 20n] }))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMaxDepth")
        .withArgs(Tree.License, 13n);
    });
  });

  describe("# insertModel", function () {
    it("Should insert the model leaf computed on chain and describe it", async function () {
      const { registry, curator } = await loadFixture(deployFixture);
      const key = modelKey(7n);
      const t = await nextBlockTime();
      // validFrom is the registration's block time (never the caller's); validUntil is open until a retirement.
      const leaf = modelLeaf({ publicKey: key, modelHash: 42n, rights: 0b111n, validFrom: t, validUntil: OPEN_UNTIL });
      const tree = newTree();
      tree.insert(leaf);

      await expect(registry.connect(curator).insertModel(key[0], key[1], 42n, 0b111))
        .to.emit(registry, "LeafInserted")
        .withArgs(Tree.Model, 0n, leaf, tree.root)
        .and.to.emit(registry, "ModelDescribed")
        .withArgs(leaf, key[0], key[1], 42n, 0b111, t, OPEN_UNTIL);
      expect(await registry.modelLeaf(key[0], key[1], 42n, 0b111, t, OPEN_UNTIL)).to.equal(leaf);
      expect(await registry.root(Tree.Model)).to.equal(tree.root);
      expect(await registry.has(Tree.Model, leaf)).to.equal(true);
      expect(await registry.indexOf(Tree.Model, leaf)).to.equal(0n);
    });

    it("Should not insert a model if the caller is not a curator", async function () {
      const { registry, licensor, regulator } = await loadFixture(deployFixture);
      const key = modelKey(7n);
      for (const account of [licensor, regulator]) {
        await expect(registry.connect(account).insertModel(key[0], key[1], 42n, 1))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, await registry.CURATOR_ROLE());
      }
    });

    it("Should not insert a model if its key is not on the curve", async function () {
      const { registry, curator } = await loadFixture(deployFixture);
      const key = modelKey(7n);
      await expect(registry.connect(curator).insertModel(key[0], key[1] + 1n, 42n, 1))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidModelKey")
        .withArgs(key[0], key[1] + 1n);
    });

    it("Should not insert a model if its hash is not a field element", async function () {
      const { registry, curator } = await loadFixture(deployFixture);
      const key = modelKey(7n);
      await expect(registry.connect(curator).insertModel(key[0], key[1], FIELD, 1))
        .to.be.revertedWithCustomError(registry, "RegistryInputOutOfField")
        .withArgs(FIELD);
    });

    it("Should not insert the same model twice (its modelHash is live)", async function () {
      const { registry, curator } = await loadFixture(deployFixture);
      const key = modelKey(7n);
      const t = await nextBlockTime();
      await registry.connect(curator).insertModel(key[0], key[1], 42n, 1);
      const leaf = await registry.modelLeaf(key[0], key[1], 42n, 1, t, OPEN_UNTIL);
      await expect(registry.connect(curator).insertModel(key[0], key[1], 42n, 1))
        .to.be.revertedWithCustomError(registry, "RegistryModelHashLive")
        .withArgs(42n, leaf);
    });
  });

  describe("# insertLicense", function () {
    it("Should insert the license leaf computed on chain from its body and interval, and describe it", async function () {
      const { registry, licensor } = await loadFixture(deployFixture);
      const tree = new Quinary();
      tree.insert(lic(1234n));
      await expect(registry.connect(licensor).insertLicense(1234n, START, FAR))
        .to.emit(registry, "LeafInserted")
        .withArgs(Tree.License, 0n, lic(1234n), tree.root)
        .and.to.emit(registry, "LicenseDescribed")
        .withArgs(lic(1234n), licensor.address, 1234n, START, FAR);
    });

    it("Should not insert a license that starts before its registration, or ends before it starts", async function () {
      const { registry, licensor } = await loadFixture(deployFixture);
      const t = await nextBlockTime();
      await expect(registry.connect(licensor).insertLicense(5n, t - 1n, FAR))
        .to.be.revertedWithCustomError(registry, "RegistryLicenseStartInPast")
        .withArgs(t - 1n, t);
      await expect(registry.connect(licensor).insertLicense(5n, START, START - 1n))
        .to.be.revertedWithCustomError(registry, "RegistryLicenseEndsBeforeStart")
        .withArgs(START, START - 1n);
    });

    it("Should not insert a license if the caller is not a licensor", async function () {
      const { registry, curator } = await loadFixture(deployFixture);
      await expect(registry.connect(curator).insertLicense(1234n, START, FAR))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(curator.address, await registry.LICENSOR_ROLE());
    });

    it("Should not insert a license whose body is outside the field", async function () {
      const { registry, licensor } = await loadFixture(deployFixture);
      for (const body of [FIELD, FIELD + 1n]) {
        await expect(registry.connect(licensor).insertLicense(body, START, FAR))
          .to.be.revertedWithCustomError(registry, "RegistryInputOutOfField")
          .withArgs(body);
      }
    });
  });

  describe("# insertLicensee", function () {
    it("Should insert the licensee leaf computed on chain and describe it", async function () {
      const { registry, kyc } = await loadFixture(deployFixture);
      const leaf = licenseeLeaf(99n);
      expect(leaf).to.equal(poseidon2([TAGS.TAG_LICENSEE, 99n]));
      const tree = newTree();
      tree.insert(leaf);
      await expect(registry.connect(kyc).insertLicensee(99n))
        .to.emit(registry, "LeafInserted")
        .withArgs(Tree.Licensee, 0n, leaf, tree.root)
        .and.to.emit(registry, "LicenseeDescribed")
        .withArgs(leaf, 99n);
    });

    it("Should not enroll a licensee if the caller is not a KYC provider", async function () {
      const { registry, licensor } = await loadFixture(deployFixture);
      await expect(registry.connect(licensor).insertLicensee(99n))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(licensor.address, await registry.KYC_ROLE());
    });
  });

  describe("# update and revoke", function () {
    // The chain state is a fixture (reverted for each test); its twin is built afresh for each test, since a
    // test that updates the twin must not leave its change to the next one.
    async function threeLicensesOnChain() {
      const f = await deployFixture();
      for (const body of [11n, 12n, 13n]) await f.registry.connect(f.licensor).insertLicense(body, START, FAR);
      return f;
    }
    async function threeLicenses() {
      const f = await loadFixture(threeLicensesOnChain);
      const tree = new Quinary();
      for (const body of [11n, 12n, 13n]) tree.insert(lic(body));
      return { ...f, tree };
    }

    it("Should update a license with its quinary path (@zk-kit/imt createProof)", async function () {
      const { registry, licensor, tree } = await threeLicenses();
      const [siblings, digits] = tree.path(1);
      tree.update(1, lic(22n));
      await expect(registry.connect(licensor).updateLicense(lic(12n), 22n, START, FAR, siblings, digits))
        .to.emit(registry, "LeafUpdated")
        .withArgs(Tree.License, 1n, lic(12n), lic(22n), tree.root);
      expect(await registry.has(Tree.License, lic(12n))).to.equal(false);
      expect(await registry.indexOf(Tree.License, lic(22n))).to.equal(1n);
    });

    it("Should update a model with its new data", async function () {
      const { registry, curator } = await loadFixture(deployFixture);
      const key = modelKey(7n);
      const t0 = await nextBlockTime();
      await registry.connect(curator).insertModel(key[0], key[1], 42n, 1);
      const oldLeaf = await registry.modelLeaf(key[0], key[1], 42n, 1, t0, OPEN_UNTIL);
      // An update is a new approval: the new entry is valid from the update's block.
      const t1 = await nextBlockTime();
      const newLeaf = await registry.modelLeaf(key[0], key[1], 42n, 3, t1, OPEN_UNTIL);
      await expect(registry.connect(curator).updateModel(oldLeaf, key[0], key[1], 42n, 3, []))
        .to.emit(registry, "LeafUpdated")
        .withArgs(Tree.Model, 0n, oldLeaf, newLeaf, newLeaf)
        .and.to.emit(registry, "ModelDescribed")
        .withArgs(newLeaf, key[0], key[1], 42n, 3, t1, OPEN_UNTIL);
    });

    it("Should compromise a leaf by zeroing it", async function () {
      const { registry, licensor, tree } = await threeLicenses();
      const [siblings, digits] = tree.path(0);
      tree.update(0, 0n);
      await expect(registry.connect(licensor).compromiseLicense(lic(11n), siblings, digits))
        .to.emit(registry, "LeafCompromised")
        .withArgs(Tree.License, 0n, lic(11n), tree.root);
      expect(await registry.has(Tree.License, lic(11n))).to.equal(false);
      expect(await registry.size(Tree.License)).to.equal(3n);
    });

    it("Should not update or compromise a leaf that is not in the tree", async function () {
      const { registry, licensor } = await threeLicenses();
      await expect(registry.connect(licensor).updateLicense(99n, 22n, START, FAR, [], []))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownLeaf")
        .withArgs(Tree.License, 99n);
      await expect(registry.connect(licensor).compromiseLicense(99n, [], []))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownLeaf")
        .withArgs(Tree.License, 99n);
    });

    it("Should not update a leaf to one already in the tree, or to zero", async function () {
      const { registry, licensor, tree } = await threeLicenses();
      const [siblings, digits] = tree.path(1);
      await expect(registry.connect(licensor).updateLicense(lic(12n), 13n, START, FAR, siblings, digits))
        .to.be.revertedWithCustomError(registry, "RegistryLeafExists")
        .withArgs(Tree.License, lic(13n));
      await expect(registry.connect(licensor).updateLicense(lic(12n), FIELD, START, FAR, siblings, digits))
        .to.be.revertedWithCustomError(registry, "RegistryInputOutOfField")
        .withArgs(FIELD);
    });

    it("Should not update with the wrong number of siblings", async function () {
      const { registry, licensor, tree } = await threeLicenses();
      const [siblings, digits] = tree.path(1);
      await expect(
        registry.connect(licensor).updateLicense(lic(12n), 22n, START, FAR, [...siblings, [1n, 1n, 1n, 1n]], digits),
      )
        .to.be.revertedWithCustomError(registry, "RegistryWrongSiblingCount")
        .withArgs(Tree.License, LICENSE_DEPTH, LICENSE_DEPTH + 1);
      await expect(registry.connect(licensor).updateLicense(lic(12n), 22n, START, FAR, siblings, [...digits, 0]))
        .to.be.revertedWithCustomError(registry, "RegistryWrongPathLength")
        .withArgs(Tree.License, LICENSE_DEPTH, LICENSE_DEPTH + 1);
    });

    it("Should not update or compromise a license with path digits that are not its index (5 or more, or another's)", async function () {
      const { registry, licensor, tree } = await threeLicenses();
      const [siblings, digits] = tree.path(1);
      expect(digits[0]).to.equal(1);
      for (const wrong of [5, 255, 2]) {
        const bad = [wrong, ...digits.slice(1)];
        await expect(registry.connect(licensor).compromiseLicense(lic(12n), siblings, bad))
          .to.be.revertedWithCustomError(registry, "RegistryWrongPathIndex")
          .withArgs(lic(12n), 0n, 1n, BigInt(wrong));
        await expect(registry.connect(licensor).updateLicense(lic(12n), 22n, START, FAR, siblings, bad))
          .to.be.revertedWithCustomError(registry, "RegistryWrongPathIndex")
          .withArgs(lic(12n), 0n, 1n, BigInt(wrong));
      }
      // A digit above level 0 (the tree's upper levels are all position 0 here).
      const high = [...digits];
      high[LICENSE_DEPTH - 1] = 4;
      await expect(registry.connect(licensor).compromiseLicense(lic(12n), siblings, high))
        .to.be.revertedWithCustomError(registry, "RegistryWrongPathIndex")
        .withArgs(lic(12n), BigInt(LICENSE_DEPTH - 1), 0n, 4n);
      // Another leaf's whole valid path (leaf 13 at index 2) for leaf 12: refused at the digit.
      const [otherSiblings, otherDigits] = tree.path(2);
      await expect(registry.connect(licensor).compromiseLicense(lic(12n), otherSiblings, otherDigits))
        .to.be.revertedWithCustomError(registry, "RegistryWrongPathIndex")
        .withArgs(lic(12n), 0n, 1n, 2n);
    });

    it("Should refuse the generic compromise for the license tree, naming compromiseLicense", async function () {
      const { registry, licensor } = await threeLicenses();
      await expect(registry.connect(licensor).compromise(Tree.License, lic(11n), []))
        .to.be.revertedWithCustomError(registry, "RegistryUseCompromiseLicense")
        .withArgs(lic(11n));
    });

    it("Should not update with wrong sibling values", async function () {
      const { registry, licensor, tree } = await threeLicenses();
      const [siblings, digits] = tree.path(1);
      const bad = siblings.map((l) => [...l]);
      bad[0]![0] = bad[0]![0]! + 1n;
      // Each sibling must be the stored node at its place (level 0, index 0 here); an unreduced copy is not.
      await expect(registry.connect(licensor).updateLicense(lic(12n), 22n, START, FAR, bad, digits))
        .to.be.revertedWithCustomError(registry, "QuinaryWrongSiblings")
        .withArgs(0n, 0n);
      bad[0]![0] = FIELD + siblings[0]![0]!;
      await expect(registry.connect(licensor).updateLicense(lic(12n), 22n, START, FAR, bad, digits))
        .to.be.revertedWithCustomError(registry, "QuinaryWrongSiblings")
        .withArgs(0n, 0n);
      // A wrong zero node above the leaves (level 2, index 1: past the last node there).
      const high = siblings.map((l) => [...l]);
      high[2]![0] = 0n;
      await expect(registry.connect(licensor).updateLicense(lic(12n), 22n, START, FAR, high, digits))
        .to.be.revertedWithCustomError(registry, "QuinaryWrongSiblings")
        .withArgs(2n, 1n);
    });

    it("Should not compromise a leaf of another role's tree", async function () {
      const { registry, curator, tree } = await threeLicenses();
      const [siblings, digits] = tree.path(0);
      await expect(registry.connect(curator).compromiseLicense(lic(11n), siblings, digits))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(curator.address, await registry.LICENSOR_ROLE());
    });
  });

  describe("# off-chain mirror", function () {
    it("Should rebuild every tree from events alone, matching the on-chain roots", async function () {
      const { registry, curator, licensor, kyc } = await loadFixture(deployFixture);
      const client = newTrees();
      const signerOf = [curator, licensor, kyc];
      const rand = prng(0x5eedn);
      let next = 1000n;

      const insert = async (tree: number) => {
        next += 1n;
        if (tree === Tree.Model) {
          const key = modelKey(next);
          const t = await nextBlockTime();
          await registry.connect(curator).insertModel(key[0], key[1], next, Number(next % 65536n));
          client[tree]!.insert(
            modelLeaf({ publicKey: key, modelHash: next, rights: next % 65536n, validFrom: t, validUntil: OPEN_UNTIL }),
          );
        } else if (tree === Tree.License) {
          await registry.connect(licensor).insertLicense(next, START, FAR);
          client[tree]!.insert(lic(next));
        } else {
          await registry.connect(kyc).insertLicensee(next);
          client[tree]!.insert(licenseeLeaf(next));
        }
      };

      for (const tree of [Tree.Model, Tree.License, Tree.Licensee]) await insert(tree);
      for (let step = 0; step < 45; step++) {
        const tree = rand(3);
        const mirror = client[tree]!;
        const live = mirror.leaves.map((leaf, index) => ({ leaf, index })).filter((x) => x.leaf !== 0n);
        const op = live.length === 0 ? 0 : rand(4);
        if (op <= 1) {
          await insert(tree);
        } else {
          const { leaf, index } = live[rand(live.length)]!;
          if (mirror instanceof Quinary) {
            const [qs, digits] = mirror.path(index);
            if (op === 2) {
              await registry.connect(licensor).compromiseLicense(leaf, qs, digits);
              mirror.update(index, 0n);
            } else {
              next += 1n;
              await registry.connect(licensor).updateLicense(leaf, next, START, FAR, qs, digits);
              mirror.update(index, lic(next));
            }
            expect(await registry.root(tree)).to.equal(mirror.root);
            continue;
          }
          const { siblings } = mirror.generateProof(index);
          if (op === 2) {
            await registry.connect(signerOf[tree]!).compromise(tree, leaf, siblings);
            mirror.update(index, 0n);
          } else if (tree === Tree.Licensee) {
            next += 1n;
            await registry.connect(kyc).updateLicensee(leaf, next, siblings);
            mirror.update(index, licenseeLeaf(next));
          } else {
            next += 1n;
            const key = modelKey(next);
            const entry = await registry.modelEntry(leaf);
            const t = await nextBlockTime();
            if (entry.validUntil !== OPEN_UNTIL) {
              // A retired entry cannot be updated: it ends by a compromise.
              await registry.connect(curator).compromise(tree, leaf, siblings);
              mirror.update(index, 0n);
            } else if (rand(2) === 0) {
              // A retirement: the same entry closed at this block's time (the twin computes the same leaf).
              await registry.connect(curator).retireModel(leaf, siblings);
              mirror.update(
                index,
                modelLeaf({
                  publicKey: [entry.ax, entry.ay],
                  modelHash: entry.modelHash,
                  rights: entry.modelRights,
                  validFrom: entry.validFrom,
                  validUntil: t,
                }),
              );
            } else {
              await registry.connect(curator).updateModel(leaf, key[0], key[1], next, 1, siblings);
              mirror.update(
                index,
                modelLeaf({ publicKey: key, modelHash: next, rights: 1n, validFrom: t, validUntil: OPEN_UNTIL }),
              );
            }
          }
        }
        expect(await registry.root(tree)).to.equal(mirror.root);
      }

      const rebuilt = await mirrorFromEvents(registry);
      for (const tree of [Tree.Model, Tree.License, Tree.Licensee]) {
        expect(rebuilt[tree]!.root).to.equal(await registry.root(tree));
        expect(rebuilt[tree]!.leaves).to.deep.equal(client[tree]!.leaves);
        expect(await registry.size(tree)).to.equal(BigInt(client[tree]!.size));
        expect(await registry.depth(tree)).to.equal(BigInt(client[tree]!.depth));
        // The prover library's mirror (what creators run against any chain) agrees with both.
        const library = await mirrorRegistryTree(await registry.getAddress(), ethers.provider, tree as TreeId);
        expect(library.leaves).to.deep.equal(client[tree]!.leaves);
        expect(library.root).to.equal(await registry.root(tree));
      }
    });

    it("Should not let a tree grow past its capacity (2^maxDepth, 5^depth for the quinary license tree)", async function () {
      const [regulator, licensor, kyc] = await ethers.getSigners();
      const { registry } = await deployRegistry(ethers, { maxDepths: [20n, 1n, 1n] });
      await registry.connect(regulator!).grantRole(await registry.LICENSOR_ROLE(), licensor!.address);
      await registry.connect(regulator!).grantRole(await registry.KYC_ROLE(), kyc!.address);
      for (let b = 1n; b <= 5n; b++) await registry.connect(licensor!).insertLicense(b, START, FAR);
      await expect(registry.connect(licensor!).insertLicense(6n, START, FAR))
        .to.be.revertedWithCustomError(registry, "RegistryTreeFull")
        .withArgs(Tree.License, 5n);
      await registry.connect(kyc!).insertLicensee(1n);
      await registry.connect(kyc!).insertLicensee(2n);
      await expect(registry.connect(kyc!).insertLicensee(3n))
        .to.be.revertedWithCustomError(registry, "RegistryTreeFull")
        .withArgs(Tree.Licensee, 2n);
    });

    // @zk-kit/imt.sol's InternalQuinaryIMT._update decides whether the updated node is in the cached last group by
    // comparing node values (nodes[0] or nodes[4] equal to the cache), which goes wrong when values coincide
    // (zeroed leaves, zero nodes): later inserts then hash a stale cache. The registry's QuinaryIMT decides by index.
    it("Should keep the @zk-kit/imt root through inserts, compromises in the last and in an earlier group, updates and more inserts", async function () {
      const { registry, licensor } = await loadFixture(deployFixture);
      const twin = new Quinary();
      let body = 5000n;
      const check = async (what: string) => expect(await registry.root(Tree.License), what).to.equal(twin.root);
      const insert = async (n: number) => {
        for (let i = 0; i < n; i++) {
          body += 1n;
          await registry.connect(licensor).insertLicense(body, START, FAR);
          twin.insert(lic(body));
          await check(`after inserting #${twin.size - 1}`);
        }
      };
      const compromiseAt = async (index: number) => {
        const leaf = twin.leaves[index]!;
        const [siblings, digits] = twin.path(index);
        await registry.connect(licensor).compromiseLicense(leaf, siblings, digits);
        twin.update(index, 0n);
        await check(`after compromising #${index}`);
      };
      const updateAt = async (index: number) => {
        const leaf = twin.leaves[index]!;
        const [siblings, digits] = twin.path(index);
        body += 1n;
        await registry.connect(licensor).updateLicense(leaf, body, START, FAR, siblings, digits);
        twin.update(index, lic(body));
        await check(`after updating #${index}`);
      };
      // The case InternalQuinaryIMT gets wrong (contracts/test/QuinaryIMT.t.sol shows it): with leaf 4 zeroed,
      // updating leaf 1 of group 0 would overwrite the cached position 1 of the last group [5..7], read by insert #8.
      await insert(8);
      await compromiseAt(4);
      await updateAt(1);
      await insert(1);
      await compromiseAt(7); // the last group [5..9]: #7 and #6
      await compromiseAt(6); // the last group's last leaf
      await compromiseAt(5);
      await insert(2); // the last group, next to the zeroed leaves (#10 opens group [10..14])
      await compromiseAt(0); // an earlier group's first leaf (nodes[0] of that group is now 0)
      await compromiseAt(3);
      await insert(3);
      await updateAt(2);
      await updateAt(10);
      await compromiseAt(11);
      await insert(16); // past 25: a new group at level 1
      await compromiseAt(24);
      await compromiseAt(26);
      await insert(4);
      // The prover's mirror (events) agrees.
      const library = await mirrorRegistryTree(await registry.getAddress(), ethers.provider, Tree.License);
      expect(library.root).to.equal(twin.root);
      expect(library.leaves).to.deep.equal(twin.leaves);
      expect(await registry.size(Tree.License)).to.equal(BigInt(twin.size));
    });
  });

  describe("# root history", function () {
    it("Should keep a replaced root known exactly until replacedAt + rootWindow", async function () {
      const { registry, licensor } = await loadFixture(deployFixture);
      await registry.connect(licensor).insertLicense(11n, START, FAR);
      const first = await registry.root(Tree.License);
      const replacedAt = BigInt(await time.latest()) + 100n;
      await time.setNextBlockTimestamp(replacedAt);
      await registry.connect(licensor).insertLicense(12n, START, FAR);
      expect(await registry.rootReplacedAt(Tree.License, first)).to.equal(replacedAt);

      await time.increaseTo(replacedAt + ROOT_WINDOW);
      expect(await registry.isKnownRoot(Tree.License, first)).to.equal(true);
      await time.increaseTo(replacedAt + ROOT_WINDOW + 1n);
      expect(await registry.isKnownRoot(Tree.License, first)).to.equal(false);
      expect(await registry.isKnownRoot(Tree.License, await registry.root(Tree.License))).to.equal(true);
    });

    it("Should let the regulator change the window, and never revive an expired root by widening it", async function () {
      // A wider window applies to roots replaced from then on; an expired root may hold a since-revoked leaf
      // (docs/SECURITY.md F-1), so it stays expired.
      const { registry, regulator, licensor } = await loadFixture(deployFixture);
      await registry.connect(licensor).insertLicense(11n, START, FAR);
      const first = await registry.root(Tree.License);
      await registry.connect(licensor).insertLicense(12n, START, FAR);
      await time.increase(ROOT_WINDOW + 10n);
      expect(await registry.isKnownRoot(Tree.License, first)).to.equal(false);

      await expect(registry.connect(regulator).setRootWindow(ROOT_WINDOW * 10n))
        .to.emit(registry, "RootWindowSet")
        .withArgs(ROOT_WINDOW, ROOT_WINDOW * 10n);
      expect(await registry.isKnownRoot(Tree.License, first)).to.equal(false);
      const second = await registry.root(Tree.License);
      await registry.connect(licensor).insertLicense(13n, START, FAR);
      await time.increase(ROOT_WINDOW * 5n);
      expect(await registry.isKnownRoot(Tree.License, second)).to.equal(true);
    });

    it("Should not let anyone but the regulator change the window", async function () {
      const { registry, curator, stranger } = await loadFixture(deployFixture);
      for (const account of [curator, stranger]) {
        await expect(registry.connect(account).setRootWindow(1n))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, DEFAULT_ADMIN_ROLE);
      }
    });

    it("Should forget the root that still held a compromised leaf at once, inside the window", async function () {
      const { registry, kyc } = await loadFixture(deployFixture);
      await registry.connect(kyc).insertLicensee(5n);
      const withLicensee = await registry.root(Tree.Licensee);
      await registry.connect(kyc).compromise(Tree.Licensee, licenseeLeaf(5n), []);
      expect(await registry.root(Tree.Licensee)).to.equal(0n);
      expect(await registry.isKnownRoot(Tree.Licensee, withLicensee)).to.equal(false);
      expect(await registry.rootStatus(Tree.Licensee, withLicensee)).to.equal(4n); // Compromised
      expect(await registry.isKnownRoot(Tree.Licensee, 0n)).to.equal(false);
    });

    it("Should refuse a second live model with the same modelHash by its own error", async function () {
      const { registry, curator } = await loadFixture(deployFixture);
      const [a, b] = [testRegulatorKey(5n).publicKey, testRegulatorKey(6n).publicKey];
      const t = await nextBlockTime();
      await registry.connect(curator).insertModel(a[0], a[1], 4242n, 1);
      const live = await registry.modelLeaf(a[0], a[1], 4242n, 1, t, OPEN_UNTIL);
      await expect(registry.connect(curator).insertModel(b[0], b[1], 4242n, 1))
        .to.be.revertedWithCustomError(registry, "RegistryModelHashLive")
        .withArgs(4242n, live);
    });
  });

  describe("# regulator key", function () {
    it("Should let the regulator rotate its audit key", async function () {
      const { registry, regulator } = await loadFixture(deployFixture);
      const [oldX, oldY] = testRegulatorKey().publicKey;
      const [x, y] = testRegulatorKey(987654321n).publicKey;
      await expect(registry.connect(regulator).setRegulatorKey(x, y))
        .to.emit(registry, "RegulatorKeyRotated")
        .withArgs(oldX, oldY, x, y);
      expect(await registry.regulatorKey()).to.deep.equal([x, y]);
    });

    it("Should not let a role holder or a stranger rotate the key", async function () {
      const { registry, curator, kyc, stranger } = await loadFixture(deployFixture);
      const [x, y] = testRegulatorKey(987654321n).publicKey;
      for (const account of [curator, kyc, stranger]) {
        await expect(registry.connect(account).setRegulatorKey(x, y))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, DEFAULT_ADMIN_ROLE);
      }
    });

    it("Should not pin a small-order or off-curve key", async function () {
      const { registry, regulator } = await loadFixture(deployFixture);
      const [x, y] = testRegulatorKey().publicKey;
      for (const [kx, ky] of [
        [0n, FIELD - 1n],
        [x, y + 1n],
        [x + FIELD, y],
      ] as const) {
        await expect(registry.connect(regulator).setRegulatorKey(kx, ky))
          .to.be.revertedWithCustomError(registry, "RegistryInvalidRegulatorKey")
          .withArgs(kx, ky);
      }
    });
  });

  describe("# roles and regulator handover", function () {
    it("Should not let a role holder grant roles or escalate to admin", async function () {
      const { registry, curator, stranger } = await loadFixture(deployFixture);
      await expect(registry.connect(curator).grantRole(await registry.CURATOR_ROLE(), stranger.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(curator.address, DEFAULT_ADMIN_ROLE);
      await expect(
        registry.connect(curator).grantRole(DEFAULT_ADMIN_ROLE, curator.address),
      ).to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminRules");
      await expect(registry.connect(curator).beginDefaultAdminTransfer(curator.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(curator.address, DEFAULT_ADMIN_ROLE);
    });

    it("Should not let even the regulator grant the admin role directly", async function () {
      const { registry, regulator, stranger } = await loadFixture(deployFixture);
      await expect(
        registry.connect(regulator).grantRole(DEFAULT_ADMIN_ROLE, stranger.address),
      ).to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminRules");
    });

    it("Should let the regulator revoke a role, and the holder lose its powers", async function () {
      const { registry, regulator, licensor } = await loadFixture(deployFixture);
      await registry.connect(regulator).revokeRole(await registry.LICENSOR_ROLE(), licensor.address);
      await expect(registry.connect(licensor).insertLicense(5n, START, FAR))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(licensor.address, await registry.LICENSOR_ROLE());
    });

    it("Should hand the regulator role over in two steps, after the delay", async function () {
      const { registry, regulator, successor } = await loadFixture(deployFixture);
      await registry.connect(regulator).beginDefaultAdminTransfer(successor.address);
      const [pending, schedule] = await registry.pendingDefaultAdmin();
      expect(pending).to.equal(successor.address);

      await expect(registry.connect(successor).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(schedule);
      await time.increaseTo(schedule + 1n);
      await registry.connect(successor).acceptDefaultAdminTransfer();

      expect(await registry.defaultAdmin()).to.equal(successor.address);
      await expect(registry.connect(regulator).setRootWindow(1n))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(regulator.address, DEFAULT_ADMIN_ROLE);
      await expect(registry.connect(successor).setRootWindow(1n)).to.emit(registry, "RootWindowSet");
    });

    it("Should not let anyone but the pending admin accept the handover", async function () {
      const { registry, regulator, successor, stranger } = await loadFixture(deployFixture);
      await registry.connect(regulator).beginDefaultAdminTransfer(successor.address);
      const [, schedule] = await registry.pendingDefaultAdmin();
      await time.increaseTo(schedule + 1n);
      await expect(registry.connect(stranger).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(stranger.address);
    });

    it("Should let the regulator cancel a pending handover", async function () {
      const { registry, regulator, successor } = await loadFixture(deployFixture);
      await registry.connect(regulator).beginDefaultAdminTransfer(successor.address);
      await registry.connect(regulator).cancelDefaultAdminTransfer();
      await time.increase(ADMIN_DELAY + 1n);
      await expect(registry.connect(successor).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(successor.address);
    });
  });
});

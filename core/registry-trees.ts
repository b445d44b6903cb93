// The registry's trees as the contracts build them: the model and licensee trees are LeanIMTs (@zk-kit/lean-imt,
// Poseidon(2) nodes), the license tree a fixed-depth quinary incremental Merkle tree (@zk-kit/imt's IMT with arity
// 5, Poseidon(5) nodes, zero value 0: the registry's InternalQuinaryIMT twin). circuits/circuits.json gives each
// tree's depth and arity (registryTreeShape); everything that builds, mirrors or proves against a tree takes it from
// here.
import { IMT } from "@zk-kit/imt";
import { LeanIMT } from "@zk-kit/lean-imt";
import { registryTreeShape, type RegistryTreeName } from "./circuits.ts";
import { InvalidInputError } from "./errors.ts";
import { hashNode, poseidon } from "./hashes.ts";

/** The part of a tree every registry tree offers (a LeanIMT<bigint> and a QuinaryTree both do). */
export interface RegistryTreeView {
  readonly root: bigint;
  readonly size: number;
  readonly leaves: bigint[];
  indexOf(leaf: bigint): number;
  insert(leaf: bigint): void;
  update(index: number, leaf: bigint): void;
}

/** A quinary Merkle proof as @zk-kit/imt's createProof gives it: per level the position (0..4) and 4 siblings. */
export interface QuinaryProof {
  root: bigint;
  leaf: bigint;
  leafIndex: number;
  /** Per level, the node's position among its five children (the base-5 digits of the index, lowest first). */
  pathIndices: number[];
  /** Per level, the four other children in order (zero values where the level is not filled). */
  siblings: bigint[][];
}

/**
 * The license registry tree: @zk-kit/imt's IMT with arity 5, fixed depth (circuits.json LICENSE_DEPTH), Poseidon(5)
 * nodes and zero value 0, as the Registry contract's quinary tree builds it. A compromised leaf is set to 0.
 *
 * @example const t = new QuinaryTree([leaf]); t.createProof(0).pathIndices // [0, 0, ...]
 */
export class QuinaryTree implements RegistryTreeView {
  readonly arity: number;
  readonly depth: number;
  private readonly imt: IMT;

  constructor(leaves: readonly bigint[] = [], depth = registryTreeShape("license").depth, arity = 5) {
    if (leaves.length > arity ** depth) {
      throw new InvalidInputError(`${leaves.length} leaves do not fit a quinary tree of depth ${depth}`);
    }
    this.arity = arity;
    this.depth = depth;
    this.imt = new IMT((v) => poseidon(v.map(BigInt)), depth, 0n, arity, [...leaves]);
  }

  /** The root (of the empty tree too: the zero node of the top level; the registry reports 0 until a first insert). */
  get root(): bigint {
    return BigInt(this.imt.root);
  }

  get size(): number {
    return this.imt.leaves.length;
  }

  get leaves(): bigint[] {
    return this.imt.leaves.map(BigInt);
  }

  /** The zero node of each level (level 0: the zero leaf 0). */
  get zeroes(): bigint[] {
    return this.imt.zeroes.map(BigInt);
  }

  /** Index of the first leaf equal to `leaf`, or -1. */
  indexOf(leaf: bigint): number {
    return this.imt.indexOf(leaf);
  }

  /**
   * Append a leaf.
   *
   * @throws {InvalidInputError} if the tree is full.
   */
  insert(leaf: bigint): void {
    if (this.size >= this.arity ** this.depth) {
      throw new InvalidInputError(`the quinary tree is full (${this.arity ** this.depth} leaves)`);
    }
    this.imt.insert(leaf);
  }

  /**
   * Replace the leaf at `index` (0 removes it, as a compromise does).
   *
   * @throws {InvalidInputError} if `index` is not in the tree.
   */
  update(index: number, leaf: bigint): void {
    this.checkIndex(index);
    this.imt.update(index, leaf);
  }

  /**
   * The Merkle proof of the leaf at `index` (what the circuit and the registry's updateLicense / compromiseLicense take).
   *
   * @throws {InvalidInputError} if `index` is not in the tree.
   */
  createProof(index: number): QuinaryProof {
    this.checkIndex(index);
    const p = this.imt.createProof(index);
    return {
      root: BigInt(p.root),
      leaf: BigInt(p.leaf),
      leafIndex: p.leafIndex,
      pathIndices: [...p.pathIndices],
      siblings: (p.siblings as unknown[][]).map((level) => level.map((v) => BigInt(v as bigint))),
    };
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new InvalidInputError(`leaf index ${index} is not in the tree (size ${this.size})`);
    }
  }
}

/**
 * A new registry tree of kind `tree` (circuits.json): a LeanIMT for model and licensee, a QuinaryTree for license.
 *
 * @example const licenses = registryTreeOf("license", leaves); licenses.root
 */
export function registryTreeOf(tree: RegistryTreeName, leaves: readonly bigint[] = []): RegistryTreeView {
  const shape = registryTreeShape(tree);
  if (shape.kind === "quinary") return new QuinaryTree(leaves, shape.depth, shape.arity);
  return new LeanIMT<bigint>(hashNode, [...leaves]);
}

/** The root a registry reports for `t`: 0 for an empty tree (no root is accepted), else the tree's root. */
export function registryRootOf(t: RegistryTreeView): bigint {
  return t.size > 0 ? t.root : 0n;
}

/**
 * `t` as the LeanIMT it must be (model and licensee trees).
 *
 * @throws {InvalidInputError} if `t` is a quinary tree.
 */
export function asLeanTree(t: RegistryTreeView, what: string): LeanIMT<bigint> {
  if (!(t instanceof LeanIMT)) throw new InvalidInputError(`${what} is not a LeanIMT (binary) registry tree`);
  return t as LeanIMT<bigint>;
}

/**
 * `t` as the quinary tree it must be (the license tree).
 *
 * @throws {InvalidInputError} if `t` is a LeanIMT.
 */
export function asQuinaryTree(t: RegistryTreeView, what: string): QuinaryTree {
  if (!(t instanceof QuinaryTree)) throw new InvalidInputError(`${what} is not a quinary registry tree`);
  return t;
}

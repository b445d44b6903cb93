import { LeanIMT } from "@zk-kit/lean-imt";
import { hashNode } from "../core/hashes.ts";
import { InvalidInputError } from "../core/errors.ts";
import { QuinaryTree } from "../core/registry-trees.ts";

/** A LeanIMT registry tree (model, licensee) as the contracts build it: Poseidon(2) nodes. */
export function newRegistryTree(leaves: bigint[] = []): LeanIMT<bigint> {
  return new LeanIMT<bigint>(hashNode, leaves);
}

/** The license registry tree as the contracts build it: quinary, fixed depth, Poseidon(5) nodes, zero value 0. */
export function newLicenseTree(leaves: readonly bigint[] = []): QuinaryTree {
  return new QuinaryTree(leaves);
}

/** A LeanIMT Merkle path in the form the circuits take. */
export interface MerkleWitness {
  root: bigint;
  index: bigint;
  depth: number;
  siblings: bigint[];
}

/** A quinary Merkle path in the form the provenance circuit takes (QuinaryMerkleRoot). */
export interface QuinaryWitness {
  root: bigint;
  /** The leaf's index in the tree (its base-5 digits are `pathIndices`). */
  index: bigint;
  /** Per level (leaf first), the node's position 0..4 among its five children. */
  pathIndices: number[];
  /** Per level, the four other children in order. */
  siblings: bigint[][];
}

/**
 * The circuit witness for the leaf at `index`: LeanIMT's compressed proof, siblings padded with zeros
 * to `maxDepth`.
 *
 * @throws {InvalidInputError} if the index is not in the tree or the tree is deeper than `maxDepth`.
 * @example merkleWitness(tree, tree.indexOf(leaf), 20)
 */
export function merkleWitness(tree: LeanIMT<bigint>, index: number, maxDepth: number): MerkleWitness {
  if (!Number.isInteger(index) || index < 0 || index >= tree.size) {
    throw new InvalidInputError(`leaf index ${index} is not in the tree (size ${tree.size})`);
  }
  const proof = tree.generateProof(index);
  if (proof.siblings.length > maxDepth) {
    throw new InvalidInputError(`tree depth ${proof.siblings.length} exceeds the circuit's maximum depth ${maxDepth}`);
  }
  const siblings = [...proof.siblings, ...Array<bigint>(maxDepth - proof.siblings.length).fill(0n)];
  return { root: proof.root, index: BigInt(proof.index), depth: proof.siblings.length, siblings };
}

/**
 * The circuit witness for the leaf at `index` of a quinary tree: @zk-kit/imt's createProof (path digits and four
 * siblings per level).
 *
 * @throws {InvalidInputError} if the index is not in the tree or the tree's depth is not the circuit's `depth`.
 * @example quinaryWitness(licenses, licenses.indexOf(leaf), 9)
 */
export function quinaryWitness(tree: QuinaryTree, index: number, depth: number): QuinaryWitness {
  if (tree.depth !== depth) {
    throw new InvalidInputError(`the quinary tree has depth ${tree.depth}; the circuit takes depth ${depth}`);
  }
  const proof = tree.createProof(index);
  return { root: proof.root, index: BigInt(index), pathIndices: proof.pathIndices, siblings: proof.siblings };
}

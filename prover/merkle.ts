import { LeanIMT } from "@zk-kit/lean-imt";
import { hashNode } from "../core/hashes.ts";
import { InvalidInputError } from "../core/errors.ts";

/** A registry tree as the contracts build it: a LeanIMT with Poseidon(2) nodes. */
export function newRegistryTree(leaves: bigint[] = []): LeanIMT<bigint> {
  return new LeanIMT<bigint>(hashNode, leaves);
}

/** A Merkle path in the form the circuits take. */
export interface MerkleWitness {
  root: bigint;
  index: bigint;
  depth: number;
  siblings: bigint[];
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

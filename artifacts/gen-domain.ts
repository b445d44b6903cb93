// Generates the Circom and Solidity views of circuits/domain.json. Run by the circuit build; writes a
// file only when its content changes, so that an unchanged build does no work downstream.
// The generated files' header still names scripts/gen-domain.ts, this module's former place: changing the
// text would change domain.circom and so recompile every circuit and redo every key (do it with a circuit change).
import fs from "node:fs";
import domain from "../circuits/domain.json" with { type: "json" };
import { TAGS, LIMITS } from "../core/domain.ts";
import { writeAtomic } from "./files.ts";
import { GENERATED_FILES } from "./paths.ts";
import { CIRCUIT_IDS, circuitInstance, publicSignalLayout, type CircuitId } from "../core/circuits.ts";

const header = "GENERATED from circuits/domain.json by scripts/gen-domain.ts. Do not edit.";

export function circomSource(): string {
  const fns = [
    ...Object.entries(TAGS).map(
      ([name, v]) => `// "${domain.tags[name as keyof typeof domain.tags]}"\nfunction ${name}() { return ${v}; }`,
    ),
    ...Object.entries(LIMITS).map(([name, v]) => `function ${name}() { return ${v}; }`),
  ];
  return `pragma circom 2.1.5;\n\n// ${header}\n\n${fns.join("\n")}\n`;
}

export function soliditySource(): string {
  const consts = [
    ...Object.entries(TAGS).map(([name, v]) => `    uint256 internal constant ${name} = ${v};`),
    ...Object.entries(domain.rights).map(([name, bit]) => `    uint16 internal constant RIGHT_${name} = ${1 << bit};`),
    ...Object.entries(LIMITS).map(([name, v]) => `    uint256 internal constant ${name} = ${v};`),
  ];
  return `// SPDX-License-Identifier: MIT\n// ${header}\npragma solidity ^0.8.28;\n\n/// @title DomainTags\n/// @notice zkprov's domain tags, rights bits and limits, shared with the circuits and the TypeScript.\nlibrary DomainTags {\n${consts.join("\n")}\n}\n`;
}

function constName(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

function pascalName(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

/**
 * A Solidity library per packed public signal of circuit `id` (e.g. ProvenancePacked): each field's OFFSET
 * and MASK, FIELDS_MASK (every bit some field uses), and an `unpack<Field>` helper per field.
 */
function packedLibraries(id: CircuitId): string[] {
  const packed = circuitInstance(id).packedSignals ?? {};
  return Object.entries(packed).map(([signal, fields]) => {
    const lib = `${pascalName(id)}${pascalName(signal)}`;
    const mask = (w: number) => `0x${((1n << BigInt(w)) - 1n).toString(16)}`;
    const all = fields.reduce((acc, f) => acc | (((1n << BigInt(f.width)) - 1n) << BigInt(f.offset)), 0n);
    const lines = [
      ...fields.flatMap((f) => [
        `    uint256 internal constant ${constName(f.name)}_OFFSET = ${f.offset};`,
        `    uint256 internal constant ${constName(f.name)}_MASK = ${mask(f.width)};`,
      ]),
      `    uint256 internal constant FIELDS_MASK = 0x${all.toString(16)};`,
      ...fields.map(
        (f) =>
          `\n    /// @notice ${f.name} (${f.width} bits at bit ${f.offset}) of a ${signal} value.\n    function unpack${pascalName(f.name)}(uint256 ${signal}) internal pure returns (uint256) {\n        return (${signal} >> ${constName(f.name)}_OFFSET) & ${constName(f.name)}_MASK;\n    }`,
      ),
    ];
    return `/// @notice Fields of the ${id} circuit's packed public signal \`${signal}\` (${pascalName(id)}Signals.${constName(signal)}):\n/// ${signal} = sum of field << OFFSET, each field at most MASK; a bit outside FIELDS_MASK is malformed.\nlibrary ${lib} {\n${lines.join("\n")}\n}`;
  });
}

/** Solidity index constants for each circuit's public signals, e.g. ProvenanceSignals.CREATOR_TAG. */
export function signalsSource(): string {
  const libs = CIRCUIT_IDS.map((id) => {
    const layout = publicSignalLayout(id);
    const lib = circuitInstance(id).verifierContract.replace(/Verifier$/, "Signals");
    const lines = layout.map(
      (s) =>
        `    uint256 internal constant ${constName(s.name)}${s.length > 1 ? `_${s.element}` : ""} = ${s.position};`,
    );
    return [
      `/// @notice Positions of the ${id} circuit's public signals (outputs first, then inputs).\nlibrary ${lib} {\n${lines.join("\n")}\n    uint256 internal constant COUNT = ${layout.length};\n}`,
      ...packedLibraries(id),
    ].join("\n\n");
  });
  // File-level counts: Solidity takes them as array lengths in signatures (a library constant it does not).
  const counts = CIRCUIT_IDS.map(
    (id) =>
      `// Number of public signals of the ${id} circuit.\nuint256 constant ${constName(id)}_SIGNAL_COUNT = ${publicSignalLayout(id).length};`,
  );
  // The length of each array signal (e.g. the provenance audit cipher), for event and memory array types.
  const lengths = CIRCUIT_IDS.flatMap((id) =>
    publicSignalLayout(id)
      .filter((s) => s.length > 1 && s.element === 0)
      .map(
        (s) =>
          `// Elements of the ${id} circuit's array signal \`${s.name}\`.\nuint256 constant ${constName(id)}_${constName(s.name)}_LENGTH = ${s.length};`,
      ),
  );
  return `// SPDX-License-Identifier: MIT\n// GENERATED from circuits/circuits.json by scripts/gen-domain.ts. Do not edit.\npragma solidity ^0.8.28;\n\n${counts.join("\n")}\n${lengths.join("\n")}\n\n${libs.join("\n\n")}\n`;
}

export function writeIfChanged(file: string, content: string): boolean {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === content) return false;
  writeAtomic(file, content);
  return true;
}

export function generateDomain(): void {
  writeIfChanged(GENERATED_FILES.domainCircom, circomSource());
  writeIfChanged(GENERATED_FILES.domainTagsSol, soliditySource());
  writeIfChanged(GENERATED_FILES.publicSignalsSol, signalsSource());
}

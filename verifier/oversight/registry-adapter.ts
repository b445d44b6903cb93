// The one place the oversight scan reads the registry's and the mint gate's events. Everything else
// (the scan, its flags, the console) works on the neutral history below, so that a change of the
// registry's events (e.g. retire vs compromise, new leaf fields, an entry identifier in the audit
// record) is absorbed here.
import { Interface, type Log } from "ethers";
import { AUDIT_CIPHER_LENGTH, type AuditRecord } from "../audit.ts";

/** Registry trees, as `IRegistry.Tree` numbers them. */
export const TREE_NAMES = ["model", "license", "licensee"] as const;
/** A registry tree. */
export type TreeName = (typeof TREE_NAMES)[number];

/** The events the scan reads (human-readable ABI; the cipher length follows circuits.json's `auditCipher`). */
export const OVERSIGHT_EVENTS = new Interface([
  `event Minted(uint256 indexed assetHash, address indexed to, uint256 creatorTag, uint256 licensorTag, uint16 grantedRights, uint16 licensorBps, uint256[2] auditEphemeral, uint256[${AUDIT_CIPHER_LENGTH}] auditCipher)`,
  "event LeafInserted(uint8 indexed tree, uint256 indexed index, uint256 leaf, uint256 root)",
  "event LeafUpdated(uint8 indexed tree, uint256 indexed index, uint256 oldLeaf, uint256 newLeaf, uint256 root)",
  "event LeafCompromised(uint8 indexed tree, uint256 indexed index, uint256 leaf, uint256 root)",
  "event ModelDescribed(uint256 indexed leaf, uint256 ax, uint256 ay, uint256 modelHash, uint16 modelRights, uint64 validFrom, uint64 validUntil)",
  "event ModelRetired(uint256 indexed oldLeaf, uint256 indexed newLeaf, uint64 retiredAt)",
  "event LicenseDescribed(uint256 indexed leaf, address indexed licensor, uint256 body, uint64 start, uint64 expiry)",
  "event RegulatorKeyRotated(uint256 oldX, uint256 oldY, uint256 newX, uint256 newY)",
]);

/** Where an event happened. */
export interface ChainPosition {
  block: number;
  logIndex: number;
  transaction: string;
}

/** A minted token as its Minted event tells it. */
export interface MintRecord extends ChainPosition {
  tokenId: bigint;
  to: string;
  grantedRights: number;
  licensorBps: number;
  auditEphemeral: [bigint, bigint];
  auditCipher: bigint[];
}

/**
 * How a registry entry ended: `compromised` (every root holding it stopped at once), `retired` (a planned end: the
 * entry is replaced by the same data closed at the retirement's block time), `revoked` (older deployments).
 */
export type EntryEnding = "revoked" | "retired" | "compromised";

/** A registry change, neutral to how the registry names its events. */
export type RegistryChange = ChainPosition &
  (
    | { kind: "inserted"; tree: TreeName; index: bigint; leaf: bigint }
    | { kind: "replaced"; tree: TreeName; index: bigint; oldLeaf: bigint; newLeaf: bigint }
    | {
        kind: "ended";
        tree: TreeName;
        /** The leaf's index (a retirement's event names the leaves only; its LeafUpdated names the index). */
        index?: bigint;
        leaf: bigint;
        ending: EntryEnding;
      }
    | {
        kind: "model";
        leaf: bigint;
        publicKey: [bigint, bigint];
        modelHash: bigint;
        rights: number;
        /** The approval interval the registry set from block time (unix seconds; validUntil 2^64 - 1: open). */
        validFrom: bigint;
        validUntil: bigint;
      }
    | {
        kind: "license";
        leaf: bigint;
        /** The LICENSOR_ROLE account that registered the entry (inserted it, or updated another into it). */
        licensor: string;
        /** The license interval the registry bound into the leaf (unix seconds). */
        start: bigint;
        expiry: bigint;
      }
    | { kind: "regulator-key"; oldKey: [bigint, bigint]; newKey: [bigint, bigint] }
  );

/** The log filters to ask for: the gate's Minted events and every registry event. */
export function oversightTopics(): { minted: string; registry: string[] } {
  const t = (n: string) => OVERSIGHT_EVENTS.getEvent(n)!.topicHash;
  return {
    minted: t("Minted"),
    registry: [
      "LeafInserted",
      "LeafUpdated",
      "LeafCompromised",
      "ModelDescribed",
      "ModelRetired",
      "LicenseDescribed",
      "RegulatorKeyRotated",
    ].map(t),
  };
}

/**
 * Decode one log of the mint gate or the registry into the neutral history (undefined for other events).
 *
 * @example const change = decodeOversightLog(log)
 */
export function decodeOversightLog(log: Log): MintRecord | RegistryChange | undefined {
  const parsed = OVERSIGHT_EVENTS.parseLog({ topics: [...log.topics], data: log.data });
  if (!parsed) return undefined;
  const at: ChainPosition = { block: log.blockNumber, logIndex: log.index, transaction: log.transactionHash };
  const a = parsed.args;
  const tree = (n: bigint): TreeName => TREE_NAMES[Number(n)] ?? "licensee";
  switch (parsed.name) {
    case "Minted":
      return {
        ...at,
        tokenId: a.assetHash as bigint,
        to: a.to as string,
        grantedRights: Number(a.grantedRights),
        licensorBps: Number(a.licensorBps),
        auditEphemeral: [a.auditEphemeral[0] as bigint, a.auditEphemeral[1] as bigint],
        auditCipher: [...(a.auditCipher as bigint[])],
      };
    case "LeafInserted":
      return { ...at, kind: "inserted", tree: tree(a.tree), index: a.index, leaf: a.leaf };
    case "LeafUpdated":
      return { ...at, kind: "replaced", tree: tree(a.tree), index: a.index, oldLeaf: a.oldLeaf, newLeaf: a.newLeaf };
    case "LeafCompromised":
      return { ...at, kind: "ended", tree: tree(a.tree), index: a.index, leaf: a.leaf, ending: "compromised" };
    case "ModelDescribed":
      return {
        ...at,
        kind: "model",
        leaf: a.leaf,
        publicKey: [a.ax, a.ay],
        modelHash: a.modelHash,
        rights: Number(a.modelRights),
        validFrom: a.validFrom as bigint,
        validUntil: a.validUntil as bigint,
      };
    case "ModelRetired":
      // After the retirement's LeafUpdated (which reads as "replaced"): the old entry ended by retirement.
      return { ...at, kind: "ended", tree: "model", leaf: a.oldLeaf as bigint, ending: "retired" };
    case "LicenseDescribed":
      return {
        ...at,
        kind: "license",
        leaf: a.leaf as bigint,
        licensor: a.licensor as string,
        start: a.start as bigint,
        expiry: a.expiry as bigint,
      };
    case "RegulatorKeyRotated":
      return { ...at, kind: "regulator-key", oldKey: [a.oldX, a.oldY], newKey: [a.newX, a.newY] };
    default:
      return undefined;
  }
}

/** Which registry entries a decrypted audit record names (its modelLeaf and licenseLeaf fields). */
export function entriesNamedBy(record: AuditRecord): { modelLeaf: bigint; licenseLeaf: bigint } {
  return { modelLeaf: record.modelLeaf, licenseLeaf: record.licenseLeaf };
}

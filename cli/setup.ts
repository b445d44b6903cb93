// zkprov setup build | ceremony ...: thin wrappers over artifacts/ circuit build and phase-2 ceremony.
import { Argument, Command } from "commander";
import { CIRCUIT_IDS, isCircuitId, type CircuitId } from "../core/circuits.ts";
import { InvalidInputError } from "../core/errors.ts";

// The build and ceremony libraries (compiler, snarkjs setup) load only when a setup command runs.
const build = () => import("../artifacts/build.ts");
const ceremonyLib = () => import("../artifacts/ceremony.ts");
import { emit, globals, progressBar } from "./output.ts";

// The build logs one line per step of each circuit: "[<circuit>] compiling ...", "[<circuit>] Groth16 setup ...",
// "[<circuit>] writing <file>", "[<circuit>] up to date ...". A step reached means this share of the circuit is done.
const STEP_SHARE: readonly [RegExp, number][] = [
  [/^compiling /, 0.1],
  [/^Groth16 setup /, 0.4],
  [/^writing /, 0.9],
  [/^up to date/, 1],
];

/**
 * Where a build log line puts the build of circuits `ids`: the line's circuit and step, and the fraction done
 * (the circuits before it, plus the share of its own that the step means). Undefined for another line.
 *
 * @example buildProgress("[royaltyClaim] Groth16 setup (532 constraints, ...)", ["provenance", "royaltyClaim"]) // { stage: "royaltyClaim: Groth16 setup ...", fraction: 0.7 }
 */
export function buildProgress(
  line: string,
  ids: readonly CircuitId[],
): { stage: string; fraction: number } | undefined {
  const m = /^\[(\w+)\] (.*)$/.exec(line);
  if (!m) return undefined;
  const index = ids.indexOf(m[1] as CircuitId);
  const share = STEP_SHARE.find(([re]) => re.test(m[2]!))?.[1];
  if (index < 0 || share === undefined) return undefined;
  return { stage: `${m[1]}: ${m[2]}`.slice(0, 60), fraction: Math.min(0.99, (index + share) / ids.length) };
}

function circuitsOf(only: string | undefined): CircuitId[] | undefined {
  const ids = only?.split(",").map((s) => s.trim());
  for (const id of ids ?? [])
    if (!isCircuitId(id))
      throw new InvalidInputError(`--only: unknown circuit ${JSON.stringify(id)} (known: ${CIRCUIT_IDS.join(", ")})`);
  return ids as CircuitId[] | undefined;
}

/** The `setup` command group. */
export function setupCommand(): Command {
  const setup = new Command("setup").description("circuit artifacts: build and phase-2 ceremony");
  setup
    .command("build")
    .description("build the circuit artifacts (incremental): compile, Groth16 setup, vkeys, verifiers, manifest")
    .option("--ptau <file>", "powers of tau file (default: $ZKPROV_PTAU, then the development one)")
    .option("--only <ids>", `circuits to build (${CIRCUIT_IDS.join(",")})`)
    .option("--force", "rebuild everything")
    .action(async (o: { ptau?: string; only?: string; force?: boolean }, cmd: Command) => {
      const ids = circuitsOf(o.only) ?? CIRCUIT_IDS;
      const bar = globals(cmd).json ? undefined : progressBar("building circuits");
      const steps = await (
        await build()
      ).buildCircuits({
        ptau: o.ptau,
        only: ids,
        force: o.force,
        log: (m) => {
          const p = bar && buildProgress(m, ids);
          if (p) bar(p.stage, p.fraction);
        },
      });
      bar?.("done", 1);
      emit(cmd, { steps: steps.map((s) => ({ ...s })) }, () => {
        for (const s of steps) process.stdout.write(`${JSON.stringify(s)}\n`);
      });
    });
  const ceremony = setup.command("ceremony").description("phase-2 ceremony of one circuit");
  const circuitArg = () => new Argument("<circuit>", "circuit").choices(CIRCUIT_IDS);
  ceremony
    .command("init")
    .addArgument(circuitArg())
    .option("--ptau <file>", "powers of tau file")
    .action(async (id: CircuitId, o: { ptau?: string }, cmd: Command) => {
      const t = await (await ceremonyLib()).initCeremony(id, { ptau: o.ptau });
      emit(cmd, { circuit: id, file: t.steps[0]!.file, insecurePtau: t.ptau.insecure });
    });
  ceremony
    .command("contribute")
    .addArgument(circuitArg())
    .requiredOption("--name <name>", "contributor's name")
    .action(async (id: CircuitId, o: { name: string }, cmd: Command) => {
      const s = await (await ceremonyLib()).contributeCeremony(id, { name: o.name });
      emit(cmd, { circuit: id, index: s.index, name: s.name, file: s.file, hash: s.hash });
    });
  ceremony
    .command("beacon")
    .addArgument(circuitArg())
    .requiredOption("--beacon <hex>", "public random beacon, hex")
    .action(async (id: CircuitId, o: { beacon: string }, cmd: Command) => {
      const s = await (await ceremonyLib()).beaconCeremony(id, { beacon: o.beacon });
      emit(cmd, { circuit: id, index: s.index, file: s.file, hash: s.hash });
    });
  ceremony
    .command("verify")
    .addArgument(circuitArg())
    .action(async (id: CircuitId, _o: unknown, cmd: Command) => {
      const ok = await (await ceremonyLib()).verifyCeremony(id);
      emit(cmd, { circuit: id, valid: ok });
      if (!ok) process.exitCode = 1;
    });
  ceremony
    .command("finalize")
    .addArgument(circuitArg())
    .action(async (id: CircuitId, _o: unknown, cmd: Command) => {
      await (await ceremonyLib()).finalizeCeremony(id);
      emit(cmd, { circuit: id, finalized: true });
    });
  return setup;
}

// zkprov setup build | ceremony ...: thin wrappers over artifacts/ circuit build and phase-2 ceremony.
import { Argument, Command } from "commander";
import { CIRCUIT_IDS, isCircuitId, type CircuitId } from "../core/circuits.ts";
import { InvalidInputError } from "../core/errors.ts";

// The build and ceremony libraries (compiler, snarkjs setup) load only when a setup command runs.
const build = () => import("../artifacts/build.ts");
const ceremonyLib = () => import("../artifacts/ceremony.ts");
import { emit, globals, progressBar } from "./output.ts";

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
      let done = 0;
      const steps = await (
        await build()
      ).buildCircuits({
        ptau: o.ptau,
        only: ids,
        force: o.force,
        log: (m) => {
          if (bar && /^\S+: /.test(m)) bar(m.slice(0, 60), Math.min(0.99, ++done / (ids.length * 3)));
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

// The zkprov commander program: command groups only; every command is one call into the libraries.
// Building it loads only commander and a table of the top-level commands (name, help term, description): a
// group's module (cli/keys.ts, cli/prove.ts, ...) loads when one of its commands runs, and each command loads its
// libraries (snarkjs, ethers, Hardhat, fastify, C2PA) when it runs, so --version, --help and `keys show` start fast
// (cli/README.md). test/cli/start.test.ts checks that the table matches what the groups define.
import fs from "node:fs";
import path from "node:path";
import { Command, Help } from "commander";
import { REPO_ROOT } from "../artifacts/root.ts";

/** One module's top-level commands: each one's help term and description, and how to load the real ones. */
export interface CommandGroup {
  /** [help term (name, " [options]" if it has options, its arguments), description], in help order. */
  readonly commands: readonly (readonly [term: string, description: string])[];
  readonly load: () => Promise<Command[]>;
}

/** The command groups, in help order. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    commands: [["keys", "make and inspect key files"]],
    load: async () => [(await import("./keys.ts")).keysCommand()],
  },
  {
    commands: [["chain", "the local session chain (hardhat node) of the project"]],
    load: async () => [(await import("./chain.ts")).chainCommand()],
  },
  {
    commands: [
      ["deploy [options]", "deploy zkprov (registry, verifiers, gates, vault); the signer becomes the regulator"],
    ],
    load: async () => [(await import("./deploy.ts")).deployCommand()],
  },
  {
    commands: [["registry", "the on-chain model, license and licensee registries"]],
    load: async () => [(await import("./registry.ts")).registryCommand()],
  },
  {
    commands: [["attest [options]", "sign an attestation that the model produced an asset for a creator"]],
    load: async () => [(await import("./attest.ts")).attestCommand()],
  },
  {
    commands: [["prove", "generate proofs"]],
    load: async () => [(await import("./prove.ts")).proveCommand()],
  },
  {
    commands: [
      [
        "mint [options] <bundle>",
        "submit a provenance bundle, or an asset's embedded proof, to the mint gate: mints the token to --to",
      ],
      [
        "license [options] <bundle>",
        "license a token with a licensee bundle, paying the gate's exact fee; the signer is the licensee",
      ],
      ["royalty", "royalties in the vault"],
      ["currency", "the currencies the royalty vault takes (ETH and allowlisted ERC-20s)"],
    ],
    load: async () => {
      const m = await import("./market.ts");
      return [m.mintCommand(), m.licenseCommand(), m.royaltyCommand(), m.currencyCommand()];
    },
  },
  {
    commands: [
      ["terms", "a token's license terms, set by its creator anonymously"],
      ["shares", "royalty shares: ERC-20 parts of a token's creator revenue"],
    ],
    load: async () => {
      const m = await import("./terms.ts");
      return [m.termsCommand(), m.sharesCommand()];
    },
  },
  {
    commands: [
      [
        "verify [options] <bundle>",
        "verify a proof bundle (or an image with embedded Content Credentials) offline; prints each check; exit 0 " +
          "only if valid (registry roots checked against --snapshot)",
      ],
    ],
    load: async () => [(await import("./verify.ts")).verifyCommand()],
  },
  {
    commands: [["c2pa", "Content Credentials (C2PA): the proof inside the asset"]],
    load: async () => [(await import("./c2pa.ts")).c2paCommand()],
  },
  {
    commands: [["audit", "regulator audit of provenance proofs"]],
    load: async () => [(await import("./audit.ts")).auditCommand()],
  },
  {
    commands: [["committee", "the regulator's t-of-n audit committee: key ceremony without a dealer"]],
    load: async () => [(await import("./committee.ts")).committeeCommand()],
  },
  {
    commands: [["setup", "circuit artifacts: build and phase-2 ceremony"]],
    load: async () => [(await import("./setup.ts")).setupCommand()],
  },
  {
    commands: [
      ["serve [options]", "run the prover service (HTTP API; embedded by default, api or worker nodes over Redis)"],
      ["service", "administer the prover service"],
    ],
    load: async () => (await import("./serve.ts")).serviceCommands(),
  },
];

/**
 * The zkprov command-line program. Every group but `loaded` ("all": every group) is a stand-in with the group's
 * names, help terms and descriptions: commander picks the command as always, and a stand-in, when picked, loads
 * its group and parses `argv` again with a program in which that group is real. So `--help` lists every command,
 * and a command's own help, options and errors are its group's.
 *
 * @example await (await buildProgram(process.argv)).parseAsync(process.argv)
 */
export async function buildProgram(
  argv: readonly string[] = process.argv,
  loaded?: CommandGroup | "all",
): Promise<Command> {
  const program = new Command("zkprov")
    .description("zero-knowledge provenance for AI-generated assets")
    .version(packageVersion(), "--version", "print the zkprov version")
    .option("--json", "print one JSON object on stdout")
    .option("--verbose", "print stack traces on errors")
    .option("--project <dir>", "project folder (default: $ZKPROV_PROJECT, else ./zkprov-project)")
    .option("--rpc <url>", "JSON-RPC URL of the chain (default: the project's; else an embedded in-process chain)")
    .option("--account <n>", "sign with Hardhat default account n (local dev chain only; default 0)")
    .option("--account-key-file <file>", "sign with this account key file (`zkprov keys new account`)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const terms = new Map<Command, string>();
  for (const group of COMMAND_GROUPS) {
    if (loaded === "all" || loaded === group) {
      for (const c of await group.load()) program.addCommand(c);
      continue;
    }
    for (const [term, description] of group.commands) {
      const standIn = new Command(term.split(" ")[0])
        .description(description)
        .helpOption(false)
        .allowUnknownOption()
        .allowExcessArguments()
        .action(async () => {
          await (await buildProgram(argv, group)).parseAsync([...argv]);
        });
      terms.set(standIn, term);
      program.addCommand(standIn);
    }
  }
  // commander's own `help <command>` would print a stand-in's help: this one prints the real command's.
  program.helpCommand(false).addCommand(
    new Command("help")
      .description("display help for command")
      .argument("[command]")
      .helpOption(false)
      .allowExcessArguments()
      .action(async (name: string | undefined) => {
        const c = program.commands.find((x) => x.name() === name && x.name() !== "help");
        if (c === undefined) program.help(name === undefined ? undefined : { error: true });
        else if (!terms.has(c)) c.help();
        const group = COMMAND_GROUPS.find((g) => g.commands.some(([term]) => term.split(" ")[0] === name))!;
        await (await buildProgram(argv, group)).parseAsync([...argv.slice(0, 2), "help", name!]);
      }),
  );
  const help = new Help();
  program.configureHelp({ subcommandTerm: (c) => terms.get(c) ?? help.subcommandTerm(c) });
  return program;
}

/** The version in the repository's package.json. */
function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

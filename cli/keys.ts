// zkprov keys new | show
import { Command, Argument } from "commander";
import { emit } from "./output.ts";
import { KEY_KINDS, type KeyKind } from "../core/formats/key.ts";

// The key file code loads when a keys command runs, not to build the program (cli/README.md, fast start).
const files = () => import("../prover/key-file.ts");

/** The `keys` command group. */
export function keysCommand(): Command {
  const keys = new Command("keys").description("make and inspect key files");
  keys
    .command("new")
    .description("write a new key file (mode 0600); prints only the public part")
    .addArgument(new Argument("<kind>", "key kind").choices(KEY_KINDS))
    .requiredOption("--out <file>", "key file to write")
    .option("--force", "overwrite an existing key file")
    .action(async (kind: KeyKind, o: { out: string; force?: boolean }, cmd: Command) => {
      const { newKey, publicPart, writeKeyFile } = await files();
      const key = newKey(kind);
      writeKeyFile(o.out, key, { force: o.force });
      emit(cmd, { file: o.out, ...publicPart(key) });
    });
  keys
    .command("show")
    .description("print the public part of a key file")
    .argument("<file>", "key file")
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const { publicPart, readKeyFile } = await files();
      emit(cmd, { file, ...publicPart(readKeyFile(file)) });
    });
  return keys;
}

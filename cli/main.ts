// zkprov entry point: run the program, turn any error into one line on stderr and exit code 1.
// Compiled (bin/zkprov), Node keeps the compiled modules' V8 code in build/js/.compile-cache, so a command
// starts without recompiling them; that is why the program is imported only after the cache is on (bin/zkprov
// turns it on before it imports this; from the sources, nothing is cached).
import module from "node:module";
import path from "node:path";
import { COMPILED, REPO_ROOT } from "../artifacts/root.ts";

if (COMPILED) module.enableCompileCache?.(path.join(REPO_ROOT, "build/js/.compile-cache"));
const [{ CommanderError }, { buildProgram }] = await Promise.all([import("commander"), import("./program.ts")]);

const verbose = process.argv.includes("--verbose");
try {
  await (await buildProgram(process.argv)).parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else {
    // The error printer (and the field and zod modules it needs) loads only when there is an error to print.
    const { reportError } = await import("./output.ts");
    process.exitCode = reportError(e, verbose);
  }
}

// zkprov entry point: run the program, turn any error into one line on stderr and exit code 1.
// Compiled (bin/zkprov), Node keeps the compiled modules' V8 code in build/js/.compile-cache, so a command
// starts without recompiling them; that is why the program is imported only after the cache is on.
import module from "node:module";
import path from "node:path";
import { COMPILED, REPO_ROOT } from "../artifacts/root.ts";

if (COMPILED) module.enableCompileCache?.(path.join(REPO_ROOT, "build/js/.compile-cache"));
const [{ CommanderError }, { buildProgram }, { reportError }] = await Promise.all([
  import("commander"),
  import("./program.ts"),
  import("./output.ts"),
]);

const verbose = process.argv.includes("--verbose");
try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else process.exitCode = reportError(e, verbose);
}

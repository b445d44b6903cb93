// Output helpers shared by the commands: --json prints one object on stdout, otherwise lines for people.
import type { Command } from "commander";
import { InvalidInputError, ZkprovError } from "../core/errors.ts";
import { requireField } from "../core/field.ts";

/** Global options every command sees. */
export interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
}

/** The global options of the program a command belongs to. */
export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** Print `data` as one JSON object (with --json) or as `key: value` lines. */
export function emit(cmd: Command, data: Record<string, unknown>, human?: () => void): void {
  if (globals(cmd).json)
    process.stdout.write(JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) + "\n");
  else if (human) human();
  else
    for (const [k, v] of Object.entries(data))
      process.stdout.write(`${k}: ${Array.isArray(v) ? v.map(String).join(",") : String(v)}\n`);
}

/** A field element given on the command line (decimal or 0x-hex), named in the error. */
export function parseBigint(value: string, name: string): bigint {
  if (!/^(0|[1-9][0-9]*|0x[0-9a-fA-F]+)$/.test(value))
    throw new InvalidInputError(
      `${name} must be a decimal or 0x-hex integer, got ${JSON.stringify(value.slice(0, 80))}${value.length > 80 ? "…" : ""}`,
    );
  // Checked here, before any file is read: a value >= r would otherwise be refused only deep in the workflow.
  return requireField(BigInt(value), name);
}

// What to do, by error code, when the message does not already say it.
const HINTS: Record<string, string> = {
  ARTIFACT_INTEGRITY: "rebuild the circuits with npm run build",
  WITNESS: "the statement does not hold for these inputs: check dates, rights and files",
};

/** One line on stderr naming the problem; the stack only with --verbose. Returns the exit code. */
export function reportError(e: unknown, verbose: boolean): number {
  if (e instanceof ZkprovError) {
    const hint = HINTS[e.code] && !e.shortMessage.includes("npm run build") ? ` (${HINTS[e.code]})` : "";
    process.stderr.write(`zkprov: error: ${e.shortMessage}${hint}${e.details && verbose ? ` [${e.details}]` : ""}\n`);
  } else {
    process.stderr.write(`zkprov: error: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
  }
  if (verbose && e instanceof Error && e.stack) process.stderr.write(e.stack + "\n");
  return 1;
}

/** A progress bar on stderr: redrawn in place on a terminal, one line per stage otherwise. */
export function progressBar(label: string): (stage: string, fraction: number) => void {
  const tty = process.stderr.isTTY;
  return (stage, fraction) => {
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.round(fraction * 100)}% ${stage}`;
    if (tty) process.stderr.write(`\r${line}${fraction >= 1 ? "\n" : ""}`);
    else process.stderr.write(line + "\n");
  };
}

// The import graph between top-level folders: for every TypeScript file, its relative imports (static, dynamic,
// re-exports) resolved to files, counted as folder -> folder edges. Prints a table, or JSON with --json.
// tsx scripts/import-graph.ts [--json] [REPO_DIR]   (REPO_DIR: another checkout, e.g. to compare with main)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const json = args.includes("--json");
const root = path.resolve(args.find((a) => !a.startsWith("--")) ?? ".");

// Folders shown on their own below the top level: the old layout's libraries inside other folders.
const SUBFOLDERS = ["prover/src/cli", "scripts/lib", "web/src"];
const folderOf = (rel: string): string =>
  SUBFOLDERS.find((s) => rel.startsWith(`${s}/`)) ?? (rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : ".");

const files = execFileSync("git", ["-C", root, "ls-files", "*.ts"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => f && !f.endsWith(".d.ts"));
const edges = new Map<string, number>();
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm;
for (const file of files) {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  for (const m of text.matchAll(IMPORT)) {
    const target = path
      .relative(root, path.resolve(root, path.dirname(file), m[1]!))
      .split(path.sep)
      .join("/");
    const key = `${folderOf(file)} -> ${folderOf(target)}`;
    edges.set(key, (edges.get(key) ?? 0) + 1);
  }
}
const rows = [...edges]
  .filter(([k]) => k.split(" -> ")[0] !== k.split(" -> ")[1])
  .sort(([a], [b]) => a.localeCompare(b));
if (json) console.log(JSON.stringify(Object.fromEntries(rows)));
else {
  console.log(`| from -> to (imports between folders of ${path.basename(root)}) | count |\n| --- | ---: |`);
  for (const [k, n] of rows) console.log(`| ${k} | ${n} |`);
}

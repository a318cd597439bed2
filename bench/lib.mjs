// Helpers shared by the benchmark scripts: percentiles, the machine line, and RESULTS.md sections.

import { execSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The `p`th percentile (nearest rank) of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** "2 × CPU, N GiB, commit abc1234": where a figure was measured. */
export function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  let commit = "uncommitted";
  try {
    commit = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {}
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, commit ${commit}`;
}

/** Replaces (or appends) the section between `<!-- key -->` and `<!-- /key -->` of RESULTS.md. */
export function writeSection(key, lines) {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "RESULTS.md");
  const header = "# Sluice benchmark results\n\nFigures as measured by the commands shown, on the machine shown.\n";
  let text = existsSync(file) ? readFileSync(file, "utf8") : header;
  const begin = `<!-- ${key} -->`;
  const end = `<!-- /${key} -->`;
  const section = [begin, ...lines, end].join("\n");
  const at = text.indexOf(begin);
  text = at >= 0 ? text.slice(0, at) + section + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
}

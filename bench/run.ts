import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchRow } from './bench-types';

/**
 * `npm run bench [-- filter]`: runs every bench/*.bench.ts one after another (never in parallel:
 * the machine is small and ratios must be measured side by side without interference) and
 * prints one table. Exits non-zero only when a benchmark crashes, not when a goal is missed.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

const rows: Array<BenchRow & { bench: string }> = [];
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: Benchmark };
  const bench = mod.default;
  process.stderr.write(`running ${bench.name} (${file})…\n`);
  try {
    for (const row of await bench.run()) rows.push({ ...row, bench: bench.name });
  } catch (e) {
    failed = true;
    process.stderr.write(`  failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
}

const fmt = (n: number | undefined, digits = 2) => (n === undefined ? '' : Number.isInteger(n) ? String(n) : n.toFixed(digits));
const table = [
  ['benchmark', 'measure', 'value', 'baseline', 'ratio', 'goal', 'met'],
  ...rows.map((r) => [r.bench, r.name, `${fmt(r.value)} ${r.unit}`, r.baseline === undefined ? '' : `${fmt(r.baseline)} ${r.unit}`, r.ratio === undefined ? '' : `${fmt(r.ratio)}×`, r.goal ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
process.stdout.write(`${line(table[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${table.slice(1).map(line).join('\n')}\n`);
process.stdout.write(`\n${new Date().toISOString()} · node ${process.version} · ${(await import('node:os')).cpus().length} cores\n`);
process.exit(failed ? 1 : 0);

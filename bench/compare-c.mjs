#!/usr/bin/env node
// Measures Keel's benchmark workloads against the plain C reference in the same run on the same
// machine: compiles the reference with `cc -O3 -march=native`, then alternates C and Keel runs
// (each round close together in time, so all see the same machine load) and reports, per workload
// and thread count, the best throughput of each, the median of the per-round ratios to C, and the
// speed-up over the first thread count given (best of each, and median of the rounds).
//
//   npm run build
//   node bench/compare-c.mjs --reference path/to/reference.c [--workloads lt,hedge] [--repeat 5]
//        [--threads 1,2] [--paths-lt 2000] [--paths-hedge 20000] [--json]
//
// The reference source is not part of Keel; pass its path. Throughput excludes start-up on both
// sides (each program times its own simulation loop).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc), []),
);
if (!args.reference) {
  console.error('usage: node bench/compare-c.mjs --reference path/to/reference.c [--workloads lt,hedge] [--repeat 5] [--threads 1,2]');
  process.exit(2);
}
/** One line naming the flag and what is allowed, then exit 2 (no stack trace). */
const fail = (message) => {
  console.error(`compare-c: ${message}`);
  process.exit(2);
};
const positiveInt = (flag, text) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`--${flag} must be a whole number of at least 1, got "${text}"`);
  return n;
};
if (!existsSync(args.reference)) fail(`--reference: no such file "${args.reference}"`);
const workloads = (args.workloads ?? 'lt,hedge').split(',');
for (const w of workloads) if (w !== 'lt' && w !== 'hedge') fail(`--workloads: unknown workload "${w}"; available: lt, hedge`);
const repeat = positiveInt('repeat', args.repeat ?? '5');
const threads = (args.threads ?? '1').split(',').map((t) => positiveInt('threads', t));
const paths = { lt: positiveInt('paths-lt', args['paths-lt'] ?? '2000'), hedge: positiveInt('paths-hedge', args['paths-hedge'] ?? '20000') };
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'keel-bench-'));
const exe = join(dir, 'reference');
execFileSync('cc', ['-O3', '-march=native', '-o', exe, args.reference, '-lm']);

const run = (cmd, argv) => JSON.parse(execFileSync(cmd, argv, { encoding: 'utf8' }).trim().split('\n').pop());
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const w of workloads) {
  // Each round runs C once, then Keel at every thread count, so the ratios of a round (Keel to C,
  // and K threads to one) compare runs made close together in time, under the same machine load.
  const c = [], k = new Map(threads.map((t) => [t, []]));
  let lastC;
  const lastK = new Map();
  for (let i = 0; i < repeat; i++) {
    lastC = run(exe, [w, String(paths[w]), String(i + 1)]);
    c.push(lastC.pathStepsPerSecond);
    for (const t of threads) {
      const r = run(process.execPath, [cli, 'bench', w, '--paths', String(paths[w] * t), '--seed', String(i + 1), '--threads', String(t)]);
      k.get(t).push(r.pathStepsPerSecond);
      lastK.set(t, r);
    }
  }
  const one = k.get(threads[0]);
  for (const t of threads) {
    const kt = k.get(t);
    rows.push({
      workload: w,
      threads: t,
      cBest: Math.max(...c),
      keelBest: Math.max(...kt),
      ratioOfBest: Math.max(...kt) / Math.max(...c),
      medianPairRatio: median(c.map((x, i) => kt[i] / x)),
      scalingOfBest: Math.max(...kt) / Math.max(...one),
      medianScaling: median(kt.map((x, i) => x / one[i])),
      c: lastC,
      keel: lastK.get(t),
    });
  }
}
if (args.json) console.log(JSON.stringify(rows, null, 2));
else {
  const base = threads[0];
  console.log(`| workload | threads | C path-steps/s (1 thread) | Keel path-steps/s | Keel / C (best) | Keel / C (median round) | speed-up over ${base} thread(s) (best) | (median round) |`);
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.workload} | ${r.threads} | ${(r.cBest / 1e6).toFixed(1)}M | ${(r.keelBest / 1e6).toFixed(1)}M | ${r.ratioOfBest.toFixed(2)} | ${r.medianPairRatio.toFixed(2)} | ${r.scalingOfBest.toFixed(2)} | ${r.medianScaling.toFixed(2)} |`);
  }
  for (const r of rows) console.log(`\n${r.workload} x${r.threads}\n  C:    ${JSON.stringify(r.c)}\n  Keel: ${JSON.stringify(r.keel)}`);
}

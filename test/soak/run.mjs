#!/usr/bin/env node
// The soak: `npm run soak` (10 minutes), `npm run soak -- 30` (minutes); `.ci/run` runs
// `npm run soak -- 2` after `npm test`.
// Runs test/e2e/soak.e2e.test.ts (1,000 redraws at 1024 x 1024, then random interactions with
// every view for the given minutes) and prints its readings: JS heap after a full GC, DOM nodes,
// listeners, GPU buffers and textures of the engine and of the whole page. SOAK_SEED picks the
// random sequence; the report is also written as JSON to the system's temporary folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const minutes = Number(process.argv[2] ?? process.env.SOAK_MINUTES ?? 10);
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error(`usage: npm run soak -- [minutes > 0], got ${process.argv[2]}`);
  process.exit(2);
}
const reportPath = join(tmpdir(), 'scaling-sweep-soak-report.json');
rmSync(reportPath, { force: true });

console.log(`soak: ${minutes} minutes of random interactions after the redraw check`);
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const run = spawnSync(vitest, ['run', '--project', 'e2e', 'test/e2e/soak.e2e.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    SOAK: '1',
    SOAK_MINUTES: String(minutes),
    SOAK_REPORT: reportPath,
  },
});

if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const row = (r) =>
    `${String(r.at).padStart(6)} s  heap ${r.heapUsedMB.toFixed(1).padStart(6)} MB  nodes ${String(r.domNodes).padStart(6)}  listeners ${String(r.listeners).padStart(5)}  engine buffers ${r.resources.liveBuffers} textures ${r.resources.liveTextures}  page buffers ${r.census.buffers} textures ${r.census.textures}`;
  if (report.redraws) {
    const { frames, seconds, before, after } = report.redraws;
    console.log(`\nredraws: ${frames} frames at 1024 x 1024 in ${seconds.toFixed(1)} s`);
    console.log(`  before ${row(before)}\n  after  ${row(after)}`);
  }
  if (report.soak) {
    console.log(`\nsoak: ${report.soak.minutes} min, seed ${report.soak.seed}`);
    console.log(`  interactions: ${JSON.stringify(report.soak.actions)}`);
    for (const r of report.soak.readings) console.log(`  ${row(r)}`);
  }
  console.log(`\nreport: ${reportPath}`);
}
process.exit(run.status ?? 1);

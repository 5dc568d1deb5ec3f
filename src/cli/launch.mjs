#!/usr/bin/env node
// Node launcher of the CLI (`npx scaling-sweep …`, `npm run cli -- …`). It runs a bundle of
// src/cli/main.ts built once by Vite (the same TypeScript and the same ?raw WGSL imports as the
// app) and kept in node_modules/.cache; a call with nothing changed since does no bundling and
// starts no server. The bundle is rebuilt when any file under src/ or shaders/, package.json or
// this launcher is newer than it. Dependencies stay external (loaded from node_modules).
// SCALING_SWEEP_CLI_CACHE names another folder for the bundle (the tests use a temporary one);
// it must lie inside the project, where the bundle's imports of its dependencies resolve.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cacheDir =
  process.env.SCALING_SWEEP_CLI_CACHE || join(root, 'node_modules', '.cache', 'scaling-sweep-cli');
const bundle = join(cacheDir, 'main.mjs');

/** The newest modification time (ms) of the files the bundle is built from. */
function newestSource() {
  let newest = Math.max(
    statSync(join(root, 'package.json')).mtimeMs,
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'shaders'));
  return newest;
}

/** True when the bundle exists and no source is newer. */
function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

/**
 * Builds the bundle into a private folder, then moves it into place, so that two calls building
 * at once never run a half-written file.
 */
async function buildBundle() {
  const { build } = await import('vite');
  const outDir = join(cacheDir, `build-${process.pid}-${Date.now()}`);
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    build: {
      ssr: 'src/cli/main.ts',
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'main.mjs' } },
    },
  });
  mkdirSync(cacheDir, { recursive: true });
  renameSync(join(outDir, 'main.mjs'), bundle);
  rmSync(outDir, { recursive: true, force: true });
}

let code = 1;
try {
  if (!bundleIsFresh()) await buildBundle();
  const { main } = await import(pathToFileURL(bundle).href);
  code = await main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
} catch (e) {
  process.stderr.write(`scaling-sweep: ${e instanceof Error ? e.message : e}\n`);
}
process.exit(code);

#!/usr/bin/env node
// Node launcher of the CLI (`npx scaling-sweep …`, `npm run cli -- …`). It runs a bundle of
// src/cli/main.ts built once by Vite (the same TypeScript and the same ?raw WGSL imports as the
// app) and kept in node_modules/.cache; a call with nothing changed since does no bundling and
// starts no server. A new bundle is built when any file under src/ or shaders/, package.json or
// this launcher changed. The CPU engine's threads run the bundle's cpu-thread.mjs. Dependencies stay external (loaded from node_modules).
// SCALING_SWEEP_CLI_CACHE names another folder for the bundle (the tests use a temporary one);
// it must lie inside the project, where the bundle's imports of its dependencies resolve.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cacheDir =
  process.env.SCALING_SWEEP_CLI_CACHE || join(root, 'node_modules', '.cache', 'scaling-sweep-cli');

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

/**
 * Builds the bundle (the CLI's entry and its CPU thread's entry, with their shared chunks) into
 * a private folder, then renames it to `dir`, so that two calls building at once never run a
 * half-written bundle: the second rename finds the folder there and its own copy is dropped.
 */
async function buildBundle(dir) {
  const { build } = await import('vite');
  const outDir = join(cacheDir, `.build-${process.pid}-${Date.now()}`);
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      rollupOptions: {
        input: { main: 'src/cli/main.ts', 'cpu-thread': 'src/cli/cpu-thread.ts' },
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
      },
    },
  });
  try {
    renameSync(outDir, dir);
  } catch {
    rmSync(outDir, { recursive: true, force: true });
    if (!existsSync(join(dir, 'main.mjs')))
      throw new Error(`could not write the CLI bundle to ${dir}`);
  }
}

/** Removes bundles of older sources, keeping any built in the last hour (a call may still use it). */
function pruneOld(keep) {
  const hourAgo = Date.now() - 3_600_000;
  for (const entry of readdirSync(cacheDir, { withFileTypes: true })) {
    const path = join(cacheDir, entry.name);
    if (!entry.isDirectory() || path === keep) continue;
    try {
      if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another call removed it first.
    }
  }
}

let code = 1;
try {
  // One folder per state of the sources: a bundle is fresh when the folder for the newest
  // source time exists.
  const dir = join(cacheDir, `bundle-${Math.floor(newestSource())}`);
  if (!existsSync(join(dir, 'main.mjs'))) {
    mkdirSync(cacheDir, { recursive: true });
    await buildBundle(dir);
    pruneOld(dir);
  }
  const { main } = await import(pathToFileURL(join(dir, 'main.mjs')).href);
  code = await main(
    process.argv.slice(2),
    { out: process.stdout, err: process.stderr },
    { threadScript: pathToFileURL(join(dir, 'cpu-thread.mjs')) },
  );
} catch (e) {
  process.stderr.write(`scaling-sweep: ${e instanceof Error ? e.message : e}\n`);
}
process.exit(code);

// Node launcher for the CLI: loads src/cli/main.ts through Vite's SSR module loader, so the CLI
// runs the same TypeScript (and the same ?raw WGSL imports) as the app, with no build step.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false },
  optimizeDeps: { noDiscovery: true, include: [] },
});
let code = 1;
try {
  const { main } = await server.ssrLoadModule('/src/cli/main.ts');
  code = await main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
} catch (e) {
  process.stderr.write(`scaling-sweep: ${e instanceof Error ? e.message : e}\n`);
} finally {
  await server.close();
}
process.exit(code);

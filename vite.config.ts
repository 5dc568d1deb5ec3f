import { createHash } from 'node:crypto';
import { playwright } from '@vitest/browser-playwright';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './test/support/chromium.mjs';

const swiftshaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * E2e files outside `npm test`: the soak (~6 minutes in its CI size) runs as its own step of
 * `.ci/run` through `npm run soak -- 2`, which sets SOAK=1.
 */
const SOAK_E2E = ['test/e2e/soak.e2e.test.ts'];

/**
 * Adds a strict Content-Security-Policy <meta> to the built index.html (build only: the dev
 * server's HMR client needs inline scripts). Nothing but the page's own origin: no remote
 * origins, no inline script, no eval. Inline <style> blocks of index.html are allowed by their
 * SHA-256 hash; style attributes need 'unsafe-inline' (style-src-attr only) because Lit's
 * `style="...${x}"` bindings set them. frame-ancestors cannot be set from a <meta>: a host
 * that must forbid framing sends it as a header. Checked by test/e2e/csp.e2e.test.ts.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'scaling-sweep:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const styleHashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
          (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
        );
        const policy = [
          "default-src 'self'",
          "script-src 'self'",
          "worker-src 'self'",
          "connect-src 'self'",
          "img-src 'self' data: blob:",
          ["style-src 'self'", ...styleHashes].join(' '),
          "style-src-attr 'unsafe-inline'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'none'",
        ].join('; ');
        return {
          html,
          tags: [
            {
              tag: 'meta',
              attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
              injectTo: 'head-prepend',
            },
          ],
        };
      },
    },
  };
}

export default defineConfig({
  plugins: [contentSecurityPolicy()],
  worker: { format: 'es' },
  // Pre-bundle comlink up front: discovered mid-session, its re-bundle would leave the CPU
  // workers linked to a stale module and the first CPU draw would never finish.
  optimizeDeps: { include: ['comlink'] },
  build: { target: 'es2022' },
  server: { port: 5173 },
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          sequence: { groupOrder: 0 },
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/gpu/**/*.node.test.ts'],
          env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? swiftshaderIcd },
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        // The fit contract reads the Chinchilla runs beside the project at test time.
        server: { fs: { allow: ['.', '../shared/data'] } },
        test: {
          name: 'browser',
          sequence: { groupOrder: 0 },
          include: ['test/gpu/**/*.browser.test.ts', 'test/browser/**/*.browser.test.ts'],
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath, args: chromiumArgs() },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          // After the node and browser projects: the end-to-end tests time frames and long
          // tasks in a page, and share two cores with nothing else.
          sequence: { groupOrder: 1 },
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          exclude: process.env.SOAK ? [] : SOAK_E2E,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

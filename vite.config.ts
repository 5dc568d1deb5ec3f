import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './test/support/chromium.mjs';

const swiftshaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

export default defineConfig({
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
          include: ['test/gpu/**/*.browser.test.ts'],
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
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // libp2p needs Promise.withResolvers, which Node 20 lacks.
    setupFiles: ['src/core/polyfills.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: integration tests spawn real node processes, so keep workers few.
    maxWorkers: 2,
    minWorkers: 1,
  },
});

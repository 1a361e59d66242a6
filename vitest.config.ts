import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests run the compiled dist/ (faster starts); built once here when stale.
    globalSetup: ['test/support/build-dist.global-setup.ts'],
    // Pseudo-terminal and loopback tests spawn processes; on 2 cores they need headroom.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

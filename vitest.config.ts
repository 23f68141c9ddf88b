import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 ships CJS and ESM builds; Node (and so Pothos, yoga) loads the CJS one. Point vite at
  // the same file, or the schema would mix two graphql instances.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own servers on its own database, so files run in parallel safely.
    fileParallelism: true,
  },
});

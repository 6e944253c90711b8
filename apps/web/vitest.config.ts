/** Vitest: component tests in happy-dom, with the same resolution as the app. */
import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: ['test/setup.ts'],
      restoreMocks: true,
      // Like the API's: a loaded machine (lazy pages compiled on first import) must not fail a test that waits for its event.
      testTimeout: 120_000,
    },
  }),
)

import { defineConfig } from "vitest/config"

export default defineConfig({
  // Tests import "effect-openstack" by name: this condition points the exports map at src/ (no build needed).
  resolve: { conditions: ["effect-openstack/source"] },
  ssr: { resolve: { conditions: ["effect-openstack/source"] } },
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/keystone/**"]
        }
      },
      {
        // The real Keystone is one process with one thread on SQLite: one test file at a time.
        test: {
          name: "keystone",
          include: ["test/keystone/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      }
    ]
  }
})

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
          include: ["test/**/*.test.ts", "examples/testing/*.test.ts"],
          exclude: ["test/keystone/**"],
          // The contract suite (test/contract/) runs here against FakeCloud.
          env: { CONTRACT_TARGET: "fake" }
        }
      },
      {
        // The real Keystone and Neutron are one process each, on SQLite: one test file at a time. The contract suite
        // (test/contract/) runs here against them.
        test: {
          name: "cloud",
          include: ["test/keystone/**/*.test.ts", "test/contract/**/*.test.ts"],
          env: { CONTRACT_TARGET: "real" },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      }
    ]
  }
})

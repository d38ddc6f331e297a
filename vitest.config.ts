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
          exclude: ["test/keystone/**", "test/package/**"],
          // The contract suite (test/contract/) runs here against FakeCloud.
          env: { CONTRACT_TARGET: "fake" }
        }
      },
      {
        // The package as users install it (npm run test:package: after a build, npm pack and npm install).
        test: { name: "package", include: ["test/package/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 600_000 }
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

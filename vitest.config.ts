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
          exclude: ["test/keystone/**", "test/neutron/**"]
        }
      },
      {
        // The real Keystone and Neutron are one process each, on SQLite: one test file at a time.
        test: {
          name: "cloud",
          include: ["test/keystone/**/*.test.ts", "test/neutron/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      }
    ]
  }
})

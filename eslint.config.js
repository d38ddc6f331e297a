// Lint and format with one tool: ESLint (typescript-eslint rules) + @stylistic (formatting, fixed by `npm run format`).
import stylistic from "@stylistic/eslint-plugin"
import tseslint from "typescript-eslint"

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".keystone/", "coverage/"] },
  tseslint.configs.recommended,
  stylistic.configs.customize({ indent: 2, quotes: "double", semi: false, commaDangle: "never", braceStyle: "1tbs" }),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
      "@stylistic/max-len": ["error", { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true }],
      "@stylistic/arrow-parens": ["error", "always"],
      "@stylistic/operator-linebreak": ["error", "before", { overrides: { "=": "after" } }],
      "@stylistic/quote-props": ["error", "as-needed"],
      "@stylistic/quotes": ["error", "double", { avoidEscape: true }]
    }
  },
  {
    // The SDK's start path: a barrel loads every module it names (effect's ~140), so the SDK imports modules by path.
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: ["effect", "effect/http", "effect/persistence", "effect/encoding", "@effect/platform-node"].map((name) => ({
          name,
          message: `import the module by its own path (e.g. "${name}/Effect" style): a barrel loads every module it names`
        }))
      }]
    }
  },
  {
    // Tests spell out requests and expected values in full; a wider line keeps them readable.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@stylistic/max-len": ["error", { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true }] }
  }
)

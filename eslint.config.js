// typescript-eslint on all TypeScript in the repo; generated and built files are ignored.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".tools/**",
      "artifacts/**",
      "cache/**",
      "types/**",
      "circuits/build/**",
      "ignition/deployments/**",
      "coverage/**",
      "web/dist/**",
      "test-output/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);

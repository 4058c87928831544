// ESLint flat config: typescript-eslint's type-aware recommended and strict sets over src/ and test/.
// Each tsconfig (tsconfig.json, test/tsconfig.json, test/bench/tsconfig.json) supplies the types
// for the files it includes; the project service picks the nearest one for each file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'samples/', 'test-artifacts/', 'templates/', 'coverage/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      // tsconfig has noUncheckedIndexedAccess: `lines[i]!` after a bounds check is the idiom it asks for.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Counts and sizes are interpolated into messages everywhere. Nullish: regex groups are typed
      // `string | undefined` under noUncheckedIndexedAccess though the pattern guarantees them, and
      // sort/dedupe keys print null on purpose (137 such sites, none a user-facing "undefined").
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowNullish: true, allowBoolean: false, allowAny: false, allowRegExp: false, allowNever: false },
      ],
      // `return report(lineNo, '...')` as the early exit of a void line callback is the house idiom (36
      // sites), as are `(chunk) => chunks.push(chunk)` callbacks; tsc already rejects using a void value.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // A leading underscore marks a deliberately unused name, as tsc's noUnusedParameters already accepts.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Stream wrappers re-throw the value a stream emitted, which is `unknown`, unchanged.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      // Async generators without await are how fake AsyncIterable inputs are built, and async callbacks
      // implement async interfaces; both are deliberate.
      '@typescript-eslint/require-await': 'off',
      // The sanitisers (report/text, errors, archive/path-policy, rules/command-helpers) and their tests
      // match control characters on purpose; the rule only flags escapes like \u0000, never accidents.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read the CLI's JSON output with JSON.parse and check it with expect at run time; typing
    // every parsed document would add casts, not safety.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The few plain JavaScript files (this config, docs and test helper scripts) are outside every
    // tsconfig: lint them without types.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);

// ESLint flat config: typescript-eslint's type-aware recommended and strict sets over src/ and test/.
// Types come from the programs tsc checks: tsconfig.json for src/, test/tsconfig.json for test/
// (bench included) and vitest.config.ts. test/bench/tsconfig.json only narrows test/'s includes for
// the bench build; linting bench files in it instead made assertions look unneeded that
// `tsc -p test` requires (a global ReadableStream differs between the two programs).
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
        project: ['./tsconfig.json', './test/tsconfig.json'],
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
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowNullish: true, allowBoolean: false, allowAny: false, allowRegExp: false, allowNever: false }],
      // `return report(lineNo, '...')` as the early exit of a void line callback is the house idiom (36
      // sites), as are `(chunk) => chunks.push(chunk)` callbacks; tsc already rejects using a void value.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // A leading underscore marks a deliberately unused name, as tsc's noUnusedParameters already accepts.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Async generators without await are how fake AsyncIterable inputs are built, and async callbacks
      // implement async interfaces; both are deliberate.
      '@typescript-eslint/require-await': 'off',
      // It trusts types that lie at run time here: `let work: Dir` set in beforeAll (undefined when
      // setup failed, hence `work?.remove()`), flags set in stream callbacks (narrowed to their initial
      // value), JSON.stringify (undefined for undefined), caught values cast to Error. Most of its 66
      // reports were such false positives; removing those guards would change behaviour on bad input.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // fs/promises and child-process rejections are (Errno)Errors by contract; `.catch((error:
      // NodeJS.ErrnoException) => ...)` states that, as the `catch (error)` blocks' casts do.
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
    },
  },
  {
    // The sanitisers and their tests match control characters on purpose; the rule only flags
    // escapes such as \u0000, which are never accidents.
    files: ['src/archive/path-policy.ts', 'src/errors.ts', 'src/report/text.ts', 'src/rules/command-helpers.ts', 'test/archive/large-archive-memory.test.ts', 'test/report/render-text.test.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // These re-throw, unchanged, the value a stream or an entry callback failed with: it is kept as
    // `unknown` on purpose (it is whatever the stream emitted), which the rule rejects once narrowed.
    files: ['src/archive/stream-iter.ts', 'src/sources/read-guarded.ts', 'src/redact/redact-bundle.ts'],
    rules: { '@typescript-eslint/only-throw-error': 'off' },
  },
  {
    // Tests read the CLI's JSON output with JSON.parse and check it with expect at run time; typing
    // every parsed document would add casts, not safety.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
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

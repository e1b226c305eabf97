// Lint: typescript-eslint's recommended rules on src/, plus a ban on reading the wall clock or
// Math.random outside the two modules that are allowed to (the injected clock and RNG).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'out/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded RNG from src/core/rng.ts.' },
        { object: 'Date', property: 'now', message: 'Use the injected Clock (src/clock/).' },
        { object: 'performance', property: 'now', message: 'Use the injected Clock or the Stopwatch in src/core/stopwatch.ts.' },
      ],
    },
  },
  {
    files: ['src/clock/wall-clock.ts', 'src/core/stopwatch.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);

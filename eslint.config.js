// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bin/**', '.bench-base/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Function']", message: 'No code generation.' },
        { selector: "CallExpression[callee.name='eval']", message: 'No code generation.' },
      ],
    },
  },
  // Module boundaries (design.md §7, style.md §6.2).
  {
    files: ['src/rules/*.ts'],
    rules: restrict([
      {
        group: ['express', 'bullmq', 'ioredis', 'twilio', 'pino', 'prom-client', 'node:*'],
        message: 'rules/ is pure and synchronous.',
      },
      { group: ['../*'], message: 'rules/ imports nothing else of ours.' },
    ]),
  },
  {
    // The rooms of rules/ (expression/, compile/, schedules/, explain/, tests/).
    files: ['src/rules/*/*.ts'],
    rules: restrict([
      {
        group: ['express', 'bullmq', 'ioredis', 'twilio', 'pino', 'prom-client', 'node:*'],
        message: 'rules/ is pure and synchronous.',
      },
      { group: ['../../*'], message: 'rules/ imports nothing else of ours.' },
    ]),
  },
  {
    files: ['src/taskrouter/**/*.ts'],
    rules: restrict([
      {
        group: ['../http/*', '../queue/*', '../state/*'],
        message: 'taskrouter/ is a leaf client.',
      },
    ]),
  },
  {
    files: ['src/state/**/*.ts'],
    rules: restrict([
      {
        group: ['twilio', 'express', 'bullmq', '../http/*', '../queue/*'],
        message: 'state/ only stores.',
      },
    ]),
  },
  {
    files: ['src/queue/**/*.ts'],
    rules: restrict([{ group: ['express', '../http/*'], message: 'queue/ does not know HTTP.' }]),
  },
  {
    files: ['src/http/**/*.ts'],
    rules: restrict([
      {
        group: [
          'bullmq',
          '../queue/create-reservation-worker*',
          '../queue/process-reservation-job*',
        ],
        message: 'http/ only produces jobs.',
      },
    ]),
  },
  {
    files: ['src/assignment/**/*.ts'],
    rules: restrict([
      {
        group: [
          'express',
          'bullmq',
          '../http/*',
          '../queue/create-reservation-worker*',
          '../queue/process-reservation-job*',
        ],
        message: 'assignment/ is what a callback means, free of Express and of the worker.',
      },
    ]),
  },
  // One folder per command: a command reaches another only through cli/shared/.
  ...['rules', 'reservations', 'rehearse', 'simulate', 'start', 'connect', 'doctor'].map(
    (command) => ({
      files: [`src/cli/${command}/**/*.ts`],
      rules: restrict([
        {
          group: ['rules', 'reservations', 'rehearse', 'simulate', 'start', 'connect', 'doctor']
            .filter((other) => other !== command)
            .map((other) => `../${other}/*`),
          message: 'A command imports another only through cli/shared/.',
        },
      ]),
    }),
  ),
  {
    files: ['src/config/**/*.ts'],
    rules: restrict([
      {
        group: ['../http/*', '../queue/*', '../state/*', '../taskrouter/*'],
        message: 'config/ only reads and validates.',
      },
    ]),
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/cli/**/*.ts', 'src/simulator/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);

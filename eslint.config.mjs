// Lint rules: typescript-eslint and svelte recommended sets, plus the layer boundaries of DESIGN.md.

import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import ts from 'typescript-eslint'

const noElectron = {
  paths: [
    {
      name: 'electron',
      message:
        'Only src/main/{index,window,menu}.ts, platform/ and transport/ipc.ts may import electron.'
    }
  ]
}

export default ts.config(
  {
    ignores: [
      'out/',
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'resources/',
      'bench/corpus/',
      '.tmp/'
    ]
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Maps built locally inside $derived computations are not state; the rule cannot tell.
      'svelte/prefer-svelte-reactivity': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ]
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } }
  },
  {
    files: ['src/renderer/**/*'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            {
              group: ['node:*', '**/main/**'],
              message: 'The renderer talks to the archive only through the ArchiveApi.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/shared/**/*'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            {
              group: ['node:*', '**/main/**', '**/renderer/**'],
              message: 'src/shared is pure TypeScript: no Node, DOM or layer imports.'
            }
          ]
        }
      ]
    }
  },
  {
    files: [
      'src/main/archive/**/*',
      'src/main/export/**/*',
      'src/main/cli/**/*',
      'src/main/cli.ts',
      'src/main/serve.ts',
      'src/main/session.ts',
      'src/main/app-url.ts',
      'src/main/locations.ts',
      'src/main/transport/http.ts',
      'src/main/transport/dispatch.ts',
      'src/main/workers/**/*',
      'tests/**/*',
      'bench/**/*'
    ],
    rules: { 'no-restricted-imports': ['error', noElectron] }
  }
)

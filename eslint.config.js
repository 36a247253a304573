import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only src-main/electron/ and the preload bridge may import electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only src-main/electron/ may import electron.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', '.tmp/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layering: the core is plain Node and never touches electron.
  {
    files: ['src-main/core/**', 'src-main/host/**', 'src-main/serve.ts'],
    rules: { 'no-restricted-imports': ['error', electronOnlyInShell] },
  },
  // The contract is shared by main, preload and renderer: no node, electron or DOM API.
  {
    files: ['src-preload/contract/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'The contract is environment-free.' },
          ...['fs', 'path', 'os', 'child_process', 'events', 'stream', 'url', 'util', 'crypto', 'http', 'net'].map((name) => ({
            name,
            message: 'The contract is environment-free: no node API.',
          })),
        ],
        patterns: [
          { group: ['node:*'], message: 'The contract is environment-free: no node API.' },
          { group: ['**/src-main/**', '**/src-renderer/**', '../*', '!./*'], message: 'The contract imports only itself and zod.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require'],
    },
  },
  // The renderer talks only to the bridge: never to main, never to node or electron.
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks only to the bridge.' }],
        patterns: [
          { group: ['**/src-main/**'], message: 'The renderer never imports main.' },
          { group: ['node:*'], message: 'The renderer has no node API.' },
        ],
      }],
    },
  },
);

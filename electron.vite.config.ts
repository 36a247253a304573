import path from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src-main/electron/csp';
import { rendererConfig } from './vite.renderer.config';

const root = import.meta.dirname;

/**
 * The built index.html loads over file://, where no response header can carry a CSP: the policy
 * goes into the page as the first <meta> of <head>. The dev server gets it as a header instead
 * (src-main/electron/session-security.ts), with the allowances Vite's dev client needs.
 */
function cspMetaTag(): Plugin {
  return {
    name: 'boocoder:csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy() }, injectTo: 'head-prepend' }],
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: path.resolve(root, 'out', 'main'),
      // better-sqlite3 (native), the agent SDKs and the rest of `dependencies` load from
      // node_modules at run time; electron-builder packs them and unpacks the .node file.
      externalizeDeps: true,
      rollupOptions: {
        // Named index so the output is out/main/index.js, package.json's "main".
        input: { index: path.resolve(root, 'src-main/electron/main.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: path.resolve(root, 'out', 'preload'),
      // A sandboxed preload cannot require anything but 'electron': bundle the contract and zod
      // into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: path.resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    plugins: [...rendererConfig.plugins, cspMetaTag()],
    build: {
      ...rendererConfig.build,
      rollupOptions: { input: path.resolve(root, 'src-renderer/index.html') },
    },
  },
});

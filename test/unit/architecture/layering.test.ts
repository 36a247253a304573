import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules live in eslint.config.js; this proves they bite, so a config change that
 * silently drops one fails here rather than letting an import slip through.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering', () => {
  it('the core never imports electron', async () => {
    expect(await restrictedImports('src-main/core/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restrictedImports('src-main/host/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('the contract imports no node, electron or DOM API', async () => {
    expect(await restrictedImports('src-preload/contract/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('src-preload/contract/probe.ts', "import path from 'path';\nexport const a = path;\n")).toHaveLength(1);
    expect(await restrictedImports('src-preload/contract/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    const [dom] = await eslint.lintText('export const w = window.location;\n', { filePath: path.join(root, 'src-preload/contract/probe.ts') });
    expect(dom!.messages.some((m) => m.ruleId === 'no-restricted-globals')).toBe(true);
  });

  it('the contract may import itself and zod', async () => {
    expect(await restrictedImports('src-preload/contract/probe.ts', "import { z } from 'zod';\nimport { events } from './events';\nexport const a = [z, events];\n")).toEqual([]);
  });

  it('the renderer never imports main, node or electron', async () => {
    expect(await restrictedImports('src-renderer/probe.ts', "import { Core } from '../src-main/core/core';\nexport const a = Core;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
  });
});

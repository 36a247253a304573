import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorName, eventNames, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, methodNames, methods } from '../../../src-preload/contract';
import { API_DOCS_PATH, renderApiDocs } from '../../../scripts/generate-api-docs';

describe('docs/api.md', () => {
  it('is up to date with the contract (run `npm run docs:api` after changing a schema)', () => {
    const committed = readFileSync(API_DOCS_PATH, 'utf8');
    // Compared whole, so any drift fails; the message says how to fix it.
    expect(committed === renderApiDocs(), 'docs/api.md is stale: run `npm run docs:api`').toBe(true);
  });

  it('is deterministic', () => {
    expect(renderApiDocs()).toBe(renderApiDocs());
  });

  it('documents every method with its doc, params and result, every event and error name, the frames and the IPC channels', () => {
    const text = renderApiDocs();
    for (const name of methodNames) {
      const section = text.slice(text.indexOf(`\n### ${name}\n`));
      expect(section.length, name).toBeLessThan(text.length);
      expect(section).toContain(methods[name].doc);
      expect(section.indexOf('Params:')).toBeGreaterThan(0);
      expect(section.indexOf('Result:')).toBeGreaterThan(section.indexOf('Params:'));
    }
    for (const name of eventNames) expect(text).toContain(`\n### ${name}\n`);
    for (const name of ErrorName.options) expect(text).toContain(`\`${name}\``);
    expect(text).toContain('{"id": 1, "method": "chats.list", "params": {}}');
    expect(text).toContain('{"event": "turn.event", "payload": …}');
    expect(text).toContain(IPC_INVOKE_CHANNEL);
    expect(text).toContain(IPC_EVENT_CHANNEL);
  });

  it('renders inputs as accepted (optional fields not required) and strict objects as closed', () => {
    const text = renderApiDocs();
    const section = text.slice(text.indexOf('\n### chats.create\n'), text.indexOf('\n### chats.list\n'));
    const params = JSON.parse(section.slice(section.indexOf('```json') + 7, section.indexOf('```', section.indexOf('```json') + 7))) as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect(params.required).toEqual(['repoId']);
    expect(Object.keys(params.properties).sort()).toEqual(['repoId', 'title']);
    expect(params.additionalProperties).toBe(false);
  });
});

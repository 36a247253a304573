import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentOptions } from '../../../src-preload/contract';
import {
  applySessionOptionsUpdate,
  initialSessionOptions,
  modelsOf,
  modesOf,
  toAgentOptions,
  type SessionOptionsState,
} from '../../../src-main/core/agents/acp/acp-session-options';
import { SessionSetupResult } from '../../../src-main/core/agents/acp/acp-wire';

/**
 * What a session offers (models, modes, slash commands) and what is current, from the setup
 * result each agent sends and the session updates after it. The setup results below are the
 * real ones (descriptions shortened), as the backend parses them.
 */

const setupOf = (raw: unknown) => SessionSetupResult.parse(raw);

// claude-agent-acp 0.23.1, session/new: `models` and `modes`, plus the same as configOptions.
const CLAUDE_NEW = setupOf({
  sessionId: '87bbfa20-6caf-4396-9573-e0ef858418ce',
  models: {
    availableModels: [
      { modelId: 'default', name: 'Default (recommended)', description: 'Use the default model' },
      { modelId: 'sonnet[1m]', name: 'Sonnet (1M context)', description: 'Sonnet 4.6' },
      { modelId: 'opus[1m]', name: 'Opus (1M context)', description: 'Opus 4.6' },
      { modelId: 'haiku', name: 'Haiku', description: 'Haiku 4.5' },
    ],
    currentModelId: 'default',
  },
  modes: {
    currentModeId: 'default',
    availableModes: [
      { id: 'default', name: 'Default', description: 'Standard behavior' },
      { id: 'acceptEdits', name: 'Accept Edits', description: 'Auto-accept file edit operations' },
      { id: 'plan', name: 'Plan Mode', description: 'Planning mode' },
      { id: 'dontAsk', name: "Don't Ask", description: 'Deny if not pre-approved' },
    ],
  },
  configOptions: [
    {
      id: 'mode',
      name: 'Mode',
      category: 'mode',
      type: 'select',
      currentValue: 'default',
      options: [
        { value: 'default', name: 'Default' },
        { value: 'acceptEdits', name: 'Accept Edits' },
        { value: 'plan', name: 'Plan Mode' },
        { value: 'dontAsk', name: "Don't Ask" },
      ],
    },
    {
      id: 'model',
      name: 'Model',
      category: 'model',
      type: 'select',
      currentValue: 'default',
      options: [
        { value: 'default', name: 'Default (recommended)' },
        { value: 'sonnet[1m]', name: 'Sonnet (1M context)' },
        { value: 'opus[1m]', name: 'Opus (1M context)' },
        { value: 'haiku', name: 'Haiku' },
      ],
    },
  ],
});

/** qwen-code 0.24.4's session/load result, from the recorded ACP fixture. */
function qwenLoadResult(): SessionSetupResult {
  const file = path.resolve(import.meta.dirname, '../../fixtures/acp/load-replay.jsonl');
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as { dir: string; message: { result?: { models?: unknown } } };
    if (entry.dir === 'in' && entry.message.result?.models) return setupOf(entry.message.result);
  }
  throw new Error('no session/load result with models in the fixture');
}

const CODEX_MODE_OPTION = {
  id: 'mode',
  name: 'Approval Preset',
  category: 'mode',
  type: 'select',
  currentValue: 'auto',
  options: [
    { value: 'read-only', name: 'Read Only', description: 'Approval is required to edit files.' },
    { value: 'auto', name: 'Default', description: 'Codex can read and edit files in the current workspace.' },
    { value: 'full-access', name: 'Full Access', description: 'Codex can edit files outside this workspace.' },
  ],
};
const CODEX_MODEL_OPTION = {
  id: 'model',
  name: 'Model',
  category: 'model',
  type: 'select',
  currentValue: 'gpt-5.3-codex',
  options: [
    { value: 'gpt-5.5', name: 'GPT-5.5' },
    { value: 'gpt-5.4', name: 'gpt-5.4' },
    { value: 'gpt-5.4-mini', name: 'GPT-5.4-Mini' },
    { value: 'gpt-5.3-codex', name: 'gpt-5.3-codex' },
    { value: 'gpt-5.2', name: 'gpt-5.2' },
  ],
};
// Neither a model nor a mode: must not show up in either list.
const CODEX_EFFORT_OPTION = {
  id: 'reasoning_effort',
  name: 'Reasoning Effort',
  category: 'thought_level',
  type: 'select',
  currentValue: 'medium',
  options: [{ value: 'low', name: 'Low' }, { value: 'medium', name: 'Medium' }, { value: 'high', name: 'High' }],
};

// Models only as configOptions (codex-acp has no `models`); this one offers modes that way too.
const CONFIG_ONLY = setupOf({ sessionId: 's-codex', configOptions: [CODEX_MODE_OPTION, CODEX_MODEL_OPTION, CODEX_EFFORT_OPTION] });

// codex-acp 0.16.0, session/new as it really is: `modes` and configOptions, no `models`.
const CODEX_NEW = setupOf({
  sessionId: '01a234e9-5e17-7620-bed8-1deb854bc7df',
  modes: {
    currentModeId: 'auto',
    availableModes: [
      { id: 'read-only', name: 'Read Only' },
      { id: 'auto', name: 'Default' },
      { id: 'full-access', name: 'Full Access' },
    ],
  },
  configOptions: [CODEX_MODE_OPTION, CODEX_MODEL_OPTION, CODEX_EFFORT_OPTION],
});

const CODEX_MODELS = [
  { id: 'gpt-5.5', name: 'GPT-5.5' },
  { id: 'gpt-5.4', name: 'gpt-5.4' },
  { id: 'gpt-5.4-mini', name: 'GPT-5.4-Mini' },
  { id: 'gpt-5.3-codex', name: 'gpt-5.3-codex' },
  { id: 'gpt-5.2', name: 'gpt-5.2' },
];
const CODEX_MODES = [
  { id: 'read-only', name: 'Read Only' },
  { id: 'auto', name: 'Default' },
  { id: 'full-access', name: 'Full Access' },
];

/** Applies an update that must be about the session's options. */
function apply(state: SessionOptionsState, update: Record<string, unknown>): SessionOptionsState {
  const next = applySessionOptionsUpdate(state, update);
  expect(next).not.toBeNull();
  return next!;
}

describe('initialSessionOptions', () => {
  it('reads models and modes from claude-style `models` and `modes`', () => {
    const state = initialSessionOptions(CLAUDE_NEW);
    expect(state).toMatchObject({ currentModel: 'default', currentMode: 'default', commands: [] });
    expect(modelsOf(state)).toEqual([
      { id: 'default', name: 'Default (recommended)' },
      { id: 'sonnet[1m]', name: 'Sonnet (1M context)' },
      { id: 'opus[1m]', name: 'Opus (1M context)' },
      { id: 'haiku', name: 'Haiku' },
    ]);
    expect(modesOf(state).map((m) => m.id)).toEqual(['default', 'acceptEdits', 'plan', 'dontAsk']);
  });

  it("reads qwen's recorded session/load result", () => {
    const state = initialSessionOptions(qwenLoadResult());
    expect(state.currentModel).toBe('$runtime|openai|mock-model(openai)');
    expect(state.currentMode).toBe('auto');
    expect(modelsOf(state)).toEqual([{ id: '$runtime|openai|mock-model(openai)', name: 'mock-model' }]);
    expect(modesOf(state).map((m) => m.id)).toEqual(['plan', 'default', 'auto-edit', 'auto', 'yolo']);
  });

  it('reads models and modes from configOptions alone by their category, with the current values', () => {
    const state = initialSessionOptions(CONFIG_ONLY);
    expect(state.currentModel).toBe('gpt-5.3-codex');
    expect(state.currentMode).toBe('auto');
    expect(modelsOf(state)).toEqual(CODEX_MODELS);
    expect(modesOf(state)).toEqual(CODEX_MODES);
  });

  it("reads codex-acp's real mix: modes from `modes`, models from configOptions", () => {
    const state = initialSessionOptions(CODEX_NEW);
    expect(state.currentModel).toBe('gpt-5.3-codex');
    expect(state.currentMode).toBe('auto');
    expect(modelsOf(state)).toEqual(CODEX_MODELS);
    expect(modesOf(state)).toEqual(CODEX_MODES);
  });

  it('finds an option by its id when it has no category, reads grouped choices, and names a choice by its value when unnamed', () => {
    const state = initialSessionOptions(
      setupOf({
        sessionId: 's',
        configOptions: [
          {
            id: 'model',
            type: 'select',
            currentValue: 'b',
            options: [{ group: 'openai', name: 'OpenAI', options: [{ value: 'a', name: 'Model A' }, { value: 'b' }] }],
          },
        ],
      }),
    );
    expect(state.currentModel).toBe('b');
    expect(modelsOf(state)).toEqual([
      { id: 'a', name: 'Model A' },
      { id: 'b', name: 'b' },
    ]);
    expect(state.currentMode).toBeNull();
    expect(modesOf(state)).toEqual([]);
  });

  it('has nothing current for an agent that offers nothing, or a non-string current value', () => {
    expect(initialSessionOptions(setupOf({ sessionId: 's' }))).toMatchObject({ currentModel: null, currentMode: null, commands: [] });
    const odd = initialSessionOptions(setupOf({ sessionId: 's', configOptions: [{ ...CODEX_MODEL_OPTION, currentValue: 5 }] }));
    expect(odd.currentModel).toBeNull();
  });
});

describe('applySessionOptionsUpdate', () => {
  it('takes the slash commands of available_commands_update, without a leading slash, keeping hints', () => {
    const before = initialSessionOptions(CODEX_NEW);
    // codex-acp 0.16.0's list (shortened), plus a slash-prefixed name as other agents send them.
    const after = apply(before, {
      sessionUpdate: 'available_commands_update',
      availableCommands: [
        { name: 'review', description: 'Review my current changes and find issues', input: { hint: 'optional custom review instructions' } },
        { name: 'init', description: 'create an AGENTS.md file with instructions for Codex' },
        { name: '/compact', description: 'summarize conversation', input: null },
        // qwen sends an empty hint for a command without input.
        { name: 'status', description: 'show version info', input: { hint: '' } },
        { name: 'nodesc' },
      ],
    });
    expect(after.commands).toEqual([
      { name: 'review', description: 'Review my current changes and find issues', hint: 'optional custom review instructions' },
      { name: 'init', description: 'create an AGENTS.md file with instructions for Codex' },
      { name: 'compact', description: 'summarize conversation' },
      { name: 'status', description: 'show version info' },
      { name: 'nodesc', description: '' },
    ]);
    // The earlier state is not changed in place.
    expect(before.commands).toEqual([]);
    // A later list replaces the earlier one.
    expect(apply(after, { sessionUpdate: 'available_commands_update', availableCommands: [] }).commands).toEqual([]);
  });

  it('ignores a malformed commands update', () => {
    const state = initialSessionOptions(CODEX_NEW);
    expect(applySessionOptionsUpdate(state, { sessionUpdate: 'available_commands_update' })).toBeNull();
    expect(applySessionOptionsUpdate(state, { sessionUpdate: 'available_commands_update', availableCommands: [{ name: '' }] })).toBeNull();
  });

  it('follows current_mode_update and current_model_update', () => {
    const state = initialSessionOptions(CLAUDE_NEW);
    const planned = apply(state, { sessionUpdate: 'current_mode_update', currentModeId: 'plan' });
    expect(planned).toMatchObject({ currentMode: 'plan', currentModel: 'default' });
    expect(apply(planned, { sessionUpdate: 'current_model_update', currentModelId: 'haiku' })).toMatchObject({ currentMode: 'plan', currentModel: 'haiku' });
    expect(applySessionOptionsUpdate(state, { sessionUpdate: 'current_mode_update' })).toBeNull();
    expect(applySessionOptionsUpdate(state, { sessionUpdate: 'current_model_update', currentModelId: 7 })).toBeNull();
  });

  it('follows config_option_update: the current model and mode and the offered choices change with it', () => {
    const state = initialSessionOptions(CONFIG_ONLY);
    const next = apply(state, {
      sessionUpdate: 'config_option_update',
      configOptions: [
        { ...CODEX_MODE_OPTION, currentValue: 'read-only' },
        { ...CODEX_MODEL_OPTION, currentValue: 'gpt-5.5', options: CODEX_MODEL_OPTION.options.slice(0, 2) },
        CODEX_EFFORT_OPTION,
      ],
    });
    expect(next.currentModel).toBe('gpt-5.5');
    expect(next.currentMode).toBe('read-only');
    expect(modelsOf(next)).toEqual(CODEX_MODELS.slice(0, 2));
    // The earlier state still offers what it offered.
    expect(modelsOf(state)).toEqual(CODEX_MODELS);
    expect(state.currentModel).toBe('gpt-5.3-codex');
  });

  it('keeps the current model and mode when a config update no longer carries them', () => {
    const state = initialSessionOptions(CONFIG_ONLY);
    const next = apply(state, { sessionUpdate: 'config_option_update', configOptions: [{ ...CODEX_EFFORT_OPTION, currentValue: 'high' }] });
    expect(next).toMatchObject({ currentModel: 'gpt-5.3-codex', currentMode: 'auto' });
    expect(applySessionOptionsUpdate(state, { sessionUpdate: 'config_option_update', configOptions: 'nope' })).toBeNull();
  });

  it('is null for updates that are the turn’s business', () => {
    const state = initialSessionOptions(CLAUDE_NEW);
    for (const update of [
      { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'Hello' } },
      { sessionUpdate: 'usage_update', used: 121, size: 200000, cost: { amount: 0.00081, currency: 'USD' } },
      { sessionUpdate: 'tool_call', toolCallId: 't1', title: 'Read', status: 'pending' },
      { sessionUpdate: 'plan', entries: [] },
      { sessionUpdate: 'something_new' },
    ]) {
      expect(applySessionOptionsUpdate(state, update)).toBeNull();
    }
  });
});

describe('toAgentOptions', () => {
  it('gives the live options in the contract shape', () => {
    const state = apply(initialSessionOptions(CODEX_NEW), {
      sessionUpdate: 'available_commands_update',
      availableCommands: [{ name: 'review', description: 'Review my current changes and find issues', input: { hint: 'branch name' } }],
    });
    const options = toAgentOptions(state, { image: true, embeddedContext: true });
    expect(options).toEqual({
      models: CODEX_MODELS,
      modes: CODEX_MODES,
      currentModel: 'gpt-5.3-codex',
      currentMode: 'auto',
      commands: [{ name: 'review', description: 'Review my current changes and find issues', hint: 'branch name' }],
      promptCapabilities: { image: true, embeddedContext: true },
      source: 'live',
    });
    // What the renderer gets must pass the contract's own schema unchanged.
    expect(AgentOptions.parse(options)).toEqual(options);
  });
});

import type { AgentSpec } from '../agent-backend';

/** The agents BooCoder knows out of the box. Users can override any field or add their own ACP agents. */
export const BUILT_IN_AGENTS: readonly AgentSpec[] = [
  { id: 'opencode', name: 'OpenCode', kind: 'opencode', command: 'opencode', args: [], env: {} },
  { id: 'qwen', name: 'Qwen Code', kind: 'acp', command: 'qwen', args: ['--acp'], env: {} },
  { id: 'goose', name: 'Goose', kind: 'acp', command: 'goose', args: ['acp'], env: {} },
  { id: 'claude-code', name: 'Claude Code', kind: 'acp', command: 'claude-code-acp', args: [], env: {} },
  { id: 'gemini', name: 'Gemini CLI', kind: 'acp', command: 'gemini', args: ['--experimental-acp'], env: {} },
  { id: 'codex', name: 'Codex', kind: 'acp', command: 'codex-acp', args: [], env: {} },
];

import { describe, expect, it } from 'vitest';
import { cwdFromContext, jsonForSchema, lastDirective, planTurn, runsOf, type TurnView } from '../../support/mock-llm/scenario';
import { addFilePatch, type ToolSpec } from '../../support/mock-llm/tools';

const tool = (name: string, params: Array<[string, string?, boolean?]> = [], freeform = false): ToolSpec => ({
  name,
  freeform,
  params: params.map(([n, type, required]) => ({ name: n, ...(type ? { type } : {}), required: required ?? false })),
});

// The agents' own tool lists, as far as the mock looks at them.
const OPENCODE = [tool('write', [['filePath', 'string', true], ['content', 'string', true]]), tool('bash', [['command', 'string', true], ['description', 'string', true], ['timeout', 'number']])];
const CLAUDE = [tool('Bash', [['command', 'string', true], ['timeout', 'number']]), tool('Edit'), tool('Write', [['file_path', 'string', true], ['content', 'string', true]])];
const CODEX = [tool('exec_command', [['cmd', 'string', true], ['workdir', 'string']]), tool('apply_patch', [], true), tool('view_image', [['path', 'string', true]])];
const GEMINI = [tool('write_file', [['file_path', 'string', true], ['content', 'string', true]]), tool('run_shell_command', [['command', 'string', true], ['description', 'string'], ['dir_path', 'string']])];

const view = (userText: string | null, extra: Partial<TurnView> = {}): TurnView => ({
  userText,
  endsWithToolResult: false,
  tools: CLAUDE,
  systemText: '<env>\nWorking directory: /work/repo\n</env>',
  contextText: '',
  ...extra,
});

describe('the mock LLM scenario', () => {
  it('takes the last directive of the typed message', () => {
    expect(lastDirective('Earlier [[mock:reply:old]] and now [[mock:reply:new]]')).toBe('reply:new');
    expect(lastDirective('no directive')).toBeNull();
    expect(lastDirective(null)).toBeNull();
  });

  it('answers plain text, a reply, reasoning and slow chunks', () => {
    expect(planTurn(view('hi'), 'c').steps).toEqual([
      { type: 'text', text: 'Hello ' },
      { type: 'text', text: 'from mock.' },
    ]);
    expect(planTurn(view('x [[mock:reply:a:b]]'), 'c').steps).toEqual([{ type: 'text', text: 'a:b' }]);
    // `\n` is a newline, as in a write's content: a reply can be markdown of several lines.
    expect(planTurn(view('x [[mock:reply:## Plan\\n\\n1. read]]'), 'c').steps).toEqual([{ type: 'text', text: '## Plan\n\n1. read' }]);
    const reasoning = planTurn(view('[[mock:reasoning]]'), 'c');
    expect(reasoning.usage).toEqual({ inputTokens: 120, outputTokens: 30, reasoningTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(runsOf(reasoning).map((run) => [run[0]!.type, run.map((s) => (s.type === 'tool' ? '' : s.text)).join('')])).toEqual([
      ['reasoning', 'Let me think about this.'],
      ['text', 'The answer is 42.'],
    ]);
    const slow = planTurn(view('[[mock:slow]]'), 'c');
    expect(slow.steps).toHaveLength(200);
    expect(slow.steps[0]).toEqual({ type: 'text', text: 'chunk0 ', delayMs: 50 });
  });

  it('writes with each agent’s own write tool, the path made absolute from the stated cwd', () => {
    const directive = 'Write [[mock:write:src/a.txt:one\\ntwo]]';
    const claude = planTurn(view(directive), 'call_1');
    expect(claude.stop).toBe('tool');
    expect(claude.steps).toEqual([
      { type: 'tool', callId: 'call_1', name: 'Write', input: { kind: 'json', args: { file_path: '/work/repo/src/a.txt', content: 'one\ntwo' } } },
    ]);
    const opencode = planTurn(view(directive, { tools: OPENCODE }), 'c').steps[0];
    expect(opencode).toMatchObject({ name: 'write', input: { args: { filePath: '/work/repo/src/a.txt', content: 'one\ntwo' } } });
    const gemini = planTurn(view(directive, { tools: GEMINI, systemText: '', contextText: "I'm currently working in the directory: /g/dir" }), 'c').steps[0];
    expect(gemini).toMatchObject({ name: 'write_file', input: { args: { file_path: '/g/dir/src/a.txt' } } });
    const codex = planTurn(view(directive, { tools: CODEX, systemText: '', contextText: '<environment_context>\n  <cwd>/c/dir</cwd>' }), 'c').steps[0];
    expect(codex).toMatchObject({
      name: 'apply_patch',
      input: { kind: 'freeform', text: '*** Begin Patch\n*** Add File: /c/dir/src/a.txt\n+one\n+two\n*** End Patch' },
    });
    expect(planTurn(view('[[mock:write:/abs/f.txt:x]]', { systemText: '' }), 'c').steps[0]).toMatchObject({
      input: { args: { file_path: '/abs/f.txt' } },
    });
  });

  it('runs a command with each agent’s shell tool, filling arguments its schema requires', () => {
    const shell = (tools: ToolSpec[]) => planTurn(view('[[mock:shell:echo a:b]]', { tools }), 'c').steps[0];
    expect(shell(CLAUDE)).toMatchObject({ name: 'Bash', input: { kind: 'json', args: { command: 'echo a:b' } } });
    expect(shell(CODEX)).toMatchObject({ name: 'exec_command', input: { args: { cmd: 'echo a:b' } } });
    expect(shell(GEMINI)).toMatchObject({ name: 'run_shell_command', input: { args: { command: 'echo a:b' } } });
    expect(shell(OPENCODE)).toMatchObject({ name: 'bash', input: { args: { command: 'echo a:b', description: expect.any(String) } } });
    expect(shell([tool('shell', [['command', 'array', true]])])).toMatchObject({ input: { args: { command: ['bash', '-lc', 'echo a:b'] } } });
  });

  it('answers a tool result with the final text and never calls the tool again', () => {
    const after = (text: string) => planTurn(view(text, { endsWithToolResult: true }), 'c');
    expect(after('[[mock:write:a.txt:x]]')).toMatchObject({ stop: 'end', steps: [{ type: 'text', text: 'Done: the file is written.' }] });
    expect(after('[[mock:shell:ls]]')).toMatchObject({ stop: 'end', steps: [{ type: 'text', text: 'Done: the command ran.' }] });
  });

  it('says so when the agent offers no tool for the directive', () => {
    expect(planTurn(view('[[mock:write:a:b]]', { tools: [tool('Read')] }), 'c').steps).toEqual([{ type: 'text', text: 'No write tool offered.' }]);
    expect(planTurn(view('[[mock:shell:ls]]', { tools: [tool('Read')] }), 'c').steps).toEqual([{ type: 'text', text: 'No shell tool offered.' }]);
  });

  it('marks faults; side requests (no tools) get a short answer and never a fault', () => {
    expect(planTurn(view('[[mock:error500]]'), 'c')).toMatchObject({ fault: 'error500', steps: [] });
    expect(planTurn(view('[[mock:cut]]'), 'c')).toMatchObject({ fault: 'cut', steps: [{ type: 'text', text: 'partial ' }] });
    expect(planTurn(view('[[mock:hang]]'), 'c')).toMatchObject({ fault: 'hang' });
    expect(planTurn(view('[[mock:error500]]', { tools: [] }), 'c')).toMatchObject({
      side: true,
      fault: null,
      directive: null,
      steps: [{ type: 'text', text: 'Mock title' }],
    });
  });

  it('answers a side request that demands JSON in the shape of its schema (Gemini’s router)', () => {
    const router = {
      type: 'OBJECT',
      properties: { complexity_reasoning: { type: 'STRING' }, complexity_score: { type: 'INTEGER' } },
      required: ['complexity_reasoning', 'complexity_score'],
    };
    expect(jsonForSchema(router)).toEqual({ complexity_reasoning: 'simple', complexity_score: 1 });
    expect(jsonForSchema({ type: 'object', properties: { reasoning: { type: 'string' }, next_speaker: { type: 'string', enum: ['user', 'model'] } } })).toEqual({
      reasoning: 'simple',
      next_speaker: 'user',
    });
    expect(planTurn(view(null, { tools: [], responseSchema: router }), 'c').steps).toEqual([
      { type: 'text', text: '{"complexity_reasoning":"simple","complexity_score":1}' },
    ]);
  });

  it('finds each agent’s working directory in its prompt', () => {
    expect(cwdFromContext('Here is useful information:\n<env>\nWorking directory: /a/claude\nIs directory a git repo: No', '')).toBe('/a/claude');
    expect(cwdFromContext('', 'I\'m currently working in the directory: /a/gemini\nHere is the folder structure')).toBe('/a/gemini');
    expect(cwdFromContext('You are Codex.', '<environment_context>\n  <cwd>/a/codex</cwd>\n  <shell>bash</shell>')).toBe('/a/codex');
    expect(cwdFromContext('The current working directory is /a/other.', '')).toBe('/a/other');
    expect(cwdFromContext('Working directory: /from/system', 'currently working in the directory: /from/context')).toBe('/from/system');
    expect(cwdFromContext('', 'My operating system is: linux\n- **Workspace Directories:**\n  - /a/gemini-now\n- **Directory Structure:**')).toBe('/a/gemini-now');
    expect(cwdFromContext('', '')).toBeNull();
  });

  it('writes a file named after the agent’s folder with {dir}, so one prompt to agents in different folders writes different files', () => {
    const step = (cwd: string) => planTurn(view('[[mock:write:from-{dir}.txt:by {dir}]]', { systemText: `Working directory: ${cwd}` }), 'c').steps[0];
    expect(step('/w/arena_1/qwen')).toMatchObject({ input: { args: { file_path: '/w/arena_1/qwen/from-qwen.txt', content: 'by qwen' } } });
    expect(step('/w/arena_1/opencode/')).toMatchObject({ input: { args: { file_path: '/w/arena_1/opencode/from-opencode.txt', content: 'by opencode' } } });
  });

  it('spells an apply_patch that adds a file', () => {
    expect(addFilePatch('a.txt', 'x\n')).toBe('*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch');
  });
});

/**
 * Picking the agent's own tool for a directive and filling in its arguments, from the tool list
 * the agent sent. Names and argument names differ per agent (opencode `write {filePath}` and
 * `bash`, qwen and gemini `write_file {file_path}` and `run_shell_command`, claude `Write` and
 * `Bash`, codex `apply_patch` (freeform patch text) and `exec_command {cmd}`), so nothing here is
 * hard-wired to one of them.
 */

export interface ToolParam {
  name: string;
  /** JSON-schema type, lower case ("string", "array", …), when the schema says. */
  type?: string;
  required: boolean;
}

export interface ToolSpec {
  name: string;
  /** A tool that takes free text instead of JSON arguments (OpenAI Responses `custom` tools). */
  freeform: boolean;
  params: ToolParam[];
}

export type ToolCallInput = { kind: 'json'; args: Record<string, unknown> } | { kind: 'freeform'; text: string };

/** A call's input as JSON arguments, for dialects without freeform tools (the text as `input`). */
export const jsonArgsOf = (input: ToolCallInput): Record<string, unknown> => (input.kind === 'json' ? input.args : { input: input.text });

export interface PlannedCall {
  name: string;
  input: ToolCallInput;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parameters of a JSON schema object (`{type: 'object', properties, required}`). */
export function paramsOfSchema(schema: unknown): ToolParam[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  return Object.entries(schema.properties).map(([name, prop]) => {
    const type = isRecord(prop) && typeof prop.type === 'string' ? prop.type.toLowerCase() : undefined;
    return { name, ...(type ? { type } : {}), required: required.includes(name) };
  });
}

const WRITE_TOOL = /^(write|write_file|writefile|create_file)$/i;
const PATCH_TOOL = /^apply_patch$/i;
const SHELL_TOOL = /^(bash|run_shell_command|exec_command|shell_command|shell|local_shell)$/i;

/** Required arguments the directive does not decide (opencode's bash wants a `description`). */
function fillRequired(tool: ToolSpec, args: Record<string, unknown>): Record<string, unknown> {
  for (const p of tool.params) {
    if (!p.required || p.name in args) continue;
    if (p.type === 'number' || p.type === 'integer') args[p.name] = 10_000;
    else if (p.type === 'boolean') args[p.name] = false;
    else if (p.type === 'array') args[p.name] = [];
    else if (p.type === 'string' || p.type === undefined) args[p.name] = 'Mock tool call';
  }
  return args;
}

/** A patch in the format of codex's `apply_patch` that creates one file. */
export function addFilePatch(filePath: string, content: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  return ['*** Begin Patch', `*** Add File: ${filePath}`, ...lines.map((l) => `+${l}`), '*** End Patch'].join('\n');
}

export function buildWriteCall(tools: ToolSpec[], filePath: string, content: string): PlannedCall | null {
  const write = tools.find((t) => WRITE_TOOL.test(t.name) && !t.freeform);
  const patch = tools.find((t) => PATCH_TOOL.test(t.name));
  const fallback = tools.find((t) => /write/i.test(t.name) && !t.freeform);
  const tool = write ?? (patch ? undefined : fallback);
  if (tool) {
    const names = tool.params.map((p) => p.name);
    const pathArg = names.find((p) => /path/i.test(p)) ?? 'file_path';
    const contentArg = names.find((p) => /content/i.test(p)) ?? 'content';
    return { name: tool.name, input: { kind: 'json', args: fillRequired(tool, { [pathArg]: filePath, [contentArg]: content }) } };
  }
  if (patch) {
    const text = addFilePatch(filePath, content);
    if (patch.freeform) return { name: patch.name, input: { kind: 'freeform', text } };
    const arg = patch.params.find((p) => p.type === 'string')?.name ?? 'input';
    return { name: patch.name, input: { kind: 'json', args: fillRequired(patch, { [arg]: text }) } };
  }
  return null;
}

export function buildShellCall(tools: ToolSpec[], command: string): PlannedCall | null {
  const tool = tools.find((t) => SHELL_TOOL.test(t.name) && !t.freeform);
  if (!tool) return null;
  const commandParam = tool.params.find((p) => /^(command|cmd)$/i.test(p.name));
  const args: Record<string, unknown> = {};
  // Older codex `shell` tools take argv, the others a command line.
  args[commandParam?.name ?? 'command'] = commandParam?.type === 'array' ? ['bash', '-lc', command] : command;
  return { name: tool.name, input: { kind: 'json', args: fillRequired(tool, args) } };
}

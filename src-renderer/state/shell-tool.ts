import type { ToolPart } from './transcript-reducer';

/** A shell/exec tool call as the transcript shows it: `$ command`, an exit badge and its output. */
export interface ShellView {
  command: string | null;
  exitCode: number | null;
  /** A non-zero exit: the badge is red and the output opens, since it is usually why the agent did what it did next. */
  failed: boolean;
  /** The head's title: the call's own, unless it only repeats the command shown under it. */
  title: string;
}

/** Null for tools that ran no command (the core sets command/exitCode only for shell/exec tools). */
export function shellView(tool: Pick<ToolPart, 'title' | 'command' | 'exitCode'>): ShellView | null {
  if (tool.command === undefined && tool.exitCode === undefined) return null;
  const command = tool.command?.trim() || null;
  const exitCode = tool.exitCode ?? null;
  const bare = tool.title.trim().replace(/^`(.*)`$/s, '$1').replace(/^\$\s*/, '');
  return { command, exitCode, failed: exitCode !== null && exitCode !== 0, title: command && bare === command ? 'Shell' : tool.title };
}

export const exitLabel = (code: number): string => `exit ${code}`;

/** "12 lines" for a folded output, so the user knows what opening it shows. */
export function outputSize(output: string): string {
  const lines = output.replace(/\n$/, '').split('\n').length;
  return `${lines} line${lines === 1 ? '' : 's'}`;
}

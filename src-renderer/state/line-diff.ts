/**
 * A unified diff of two texts, for tool calls that report a file's old and new text (the diff
 * panel gets real git diffs from the core). LCS over lines; texts past the size limit are shown
 * as a whole replacement rather than risking a slow comparison on the main thread.
 */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function lineOps(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], flattened.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) ops.push({ kind: '-', line: a[i++]! });
    else ops.push({ kind: '+', line: b[j++]! });
  }
  while (i < n) ops.push({ kind: '-', line: a[i++]! });
  while (j < m) ops.push({ kind: '+', line: b[j++]! });
  return ops;
}

const splitLines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

export function unifiedDiff(path: string, oldText: string | null, newText: string, context = 3): string {
  const a = splitLines(oldText ?? '');
  const b = splitLines(newText);
  const ops = lineOps(a, b);
  const header = [
    `diff --git a/${path} b/${path}`,
    ...(oldText === null ? ['new file mode 100644'] : []),
    `--- ${oldText === null ? '/dev/null' : `a/${path}`}`,
    `+++ b/${path}`,
  ];
  const hunks: string[] = [];
  let k = 0;
  let oldLine = 1;
  let newLine = 1;
  while (k < ops.length) {
    if (ops[k]!.kind === ' ') {
      k++;
      oldLine++;
      newLine++;
      continue;
    }
    // A hunk: back up `context` lines, run until `2*context` unchanged lines in a row.
    const start = Math.max(0, k - context);
    const back = k - start;
    let end = k;
    let quiet = 0;
    while (end < ops.length && quiet <= 2 * context) {
      quiet = ops[end]!.kind === ' ' ? quiet + 1 : 0;
      end++;
    }
    end = Math.min(ops.length, end - Math.max(0, quiet - context));
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    const os = oldLine - back;
    const ns = newLine - back;
    hunks.push(`@@ -${oldCount === 0 ? os - 1 : os},${oldCount} +${newCount === 0 ? ns - 1 : ns},${newCount} @@`);
    for (const o of slice) hunks.push(`${o.kind}${o.line}`);
    for (let x = k; x < end; x++) {
      if (ops[x]!.kind !== '+') oldLine++;
      if (ops[x]!.kind !== '-') newLine++;
    }
    k = end;
  }
  return [...header, ...hunks].join('\n') + '\n';
}

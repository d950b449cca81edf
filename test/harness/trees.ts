// Comparing export directories on disk (what `diff -r` says) for replication tests.
import { execFile } from 'node:child_process';

/** `diff -r --no-dereference a b`: undefined when identical, else diff's output. */
export function diffTrees(a: string, b: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    execFile(
      'diff',
      ['-r', '--no-dereference', a, b],
      { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        if (!err) return resolve(undefined);
        if ((err as { code?: number }).code === 1) return resolve(stdout || 'differ');
        reject(new Error(`diff failed: ${stderr || err.message}`));
      },
    );
  });
}

/** Polls until `a` and `b` are identical or `timeoutMs` passes; returns the last difference. */
export async function waitSameTrees(
  a: string,
  b: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    last = await diffTrees(a, b);
    if (last === undefined || Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

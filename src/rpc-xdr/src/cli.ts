/**
 * xdrgen: compiles the `.x` files named in a JSON config into TypeScript modules.
 *
 *   xdrgen --config xdr-specs/codegen.json [--check]
 *
 * Config: `{ "outputs": [{ "spec": "xdr-specs/nfs3.x", "out": "src/protocol/generated/nfs3.ts",
 * "runtime": "@nfs/rpc-xdr" }] }`, paths relative to the current directory. `--check` writes
 * nothing and exits 1 if any output is missing or stale.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { compileXdr, XdrSpecError } from './compiler/index.js';

interface Output {
  spec: string;
  out: string;
  runtime: string;
}

function loadConfig(path: string): Output[] {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const outputs = (raw as { outputs?: unknown }).outputs;
  if (!Array.isArray(outputs)) throw new Error(`${path}: "outputs" must be an array`);
  return outputs.map((o: unknown, i) => {
    const x = o as Partial<Output>;
    for (const k of ['spec', 'out', 'runtime'] as const) {
      if (typeof x[k] !== 'string') throw new Error(`${path}: outputs[${i}].${k} must be a string`);
    }
    return x as Output;
  });
}

function main(argv: string[]): number {
  const ci = argv.indexOf('--config');
  const config = ci >= 0 ? argv[ci + 1] : undefined;
  const check = argv.includes('--check');
  if (!config) {
    console.error('usage: xdrgen --config FILE [--check]');
    return 2;
  }
  let stale = 0;
  for (const o of loadConfig(config)) {
    const text = compileXdr(readFileSync(o.spec, 'utf8'), {
      specPath: o.spec,
      runtimeImport: o.runtime,
    });
    const current = existsSync(o.out) ? readFileSync(o.out, 'utf8') : undefined;
    if (check) {
      if (current !== text) {
        console.error(`stale: ${o.out} (regenerate with npm run gen)`);
        stale++;
      }
      continue;
    }
    if (current !== text) {
      mkdirSync(dirname(o.out), { recursive: true });
      writeFileSync(o.out, text);
      console.log(`wrote ${o.out}`);
    }
  }
  return stale > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof XdrSpecError ? e.message : e);
  process.exitCode = 1;
}

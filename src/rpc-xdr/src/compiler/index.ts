/**
 * The XDR compiler: RFC 4506 specifications with RFC 5531 program definitions in, typed
 * TypeScript codecs out.
 */
import { generate, type GenerateOptions } from './generate.js';
import { buildModel } from './model.js';
import { parseSpecification } from './parser.js';

export { XdrSpecError, type SourcePos } from './errors.js';
export { parseSpecification } from './parser.js';
export { buildModel, type Model } from './model.js';
export type { GenerateOptions } from './generate.js';

/** Compiles one `.x` source text into a TypeScript module's text. */
export function compileXdr(source: string, opts: GenerateOptions): string {
  const spec = parseSpecification(source, opts.specPath);
  return generate(buildModel(spec), opts);
}

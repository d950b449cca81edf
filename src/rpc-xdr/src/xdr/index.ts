export * from './errors.js';
export * from './limits.js';
export { XdrReader } from './reader.js';
export { XdrWriter, padded } from './writer.js';
export * from './codec.js';

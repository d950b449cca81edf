/**
 * @nfs/rpc-xdr: an XDR (RFC 4506) runtime and compiler, and an ONC-RPC (RFC 5531) runtime.
 * Knows nothing about NFS.
 */
export * from './xdr/index.js';
export * from './rpc/index.js';
export * as rpcMsg from './generated/rpc-msg.js';

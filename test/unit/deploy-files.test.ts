// The shipped deployment files stay valid: the example config passes validation and the systemd
// unit runs the command that exists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadConfigFile, parseConfig } from '../../src/config/config.js';

describe('deploy/', () => {
  it('config.example.json is a valid configuration', () => {
    const cfg = parseConfig(
      loadConfigFile('deploy/config.example.json'),
      'deploy/config.example.json',
    );
    assert.equal(cfg.export.path, '/projects');
    assert.equal(cfg.primary.kind, 'nfs');
  });

  it('nfs-proxy.service runs `nfs-proxy serve --config` and writes only the state directory', () => {
    const unit = readFileSync('deploy/nfs-proxy.service', 'utf8');
    assert.match(unit, /^ExecStart=.*nfs-proxy serve --config \/etc\/nfs-proxy\/config\.json$/m);
    assert.match(unit, /^ProtectSystem=strict$/m);
    assert.match(unit, /^ReadWritePaths=\/var\/lib\/nfs-proxy$/m);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, dryRunFlag, parseCommandArgs } from '../../cli/src/clusterCommand';

describe('parseCommandArgs', () => {
  const options = { 'dry-run': { type: 'string' }, force: { type: 'boolean' } } as const;

  it('a bare --dry-run means client and does not swallow the next argument', () => {
    const { values, positionals } = parseCommandArgs(['--dry-run', 'node-1'], options, { 'dry-run': 'client' });
    assert.equal(values['dry-run'], 'client');
    assert.deepEqual(positionals, ['node-1']);
    assert.equal(parseCommandArgs(['node-1', '--dry-run=server'], options, { 'dry-run': 'client' }).values['dry-run'], 'server');
  });

  it('unknown flags are usage errors', () => {
    assert.throws(() => parseCommandArgs(['--bogus'], options), UsageError);
  });

  it('dry-run values as kubectl checks them', () => {
    assert.equal(dryRunFlag(undefined), 'none');
    assert.equal(dryRunFlag('server'), 'server');
    assert.throws(() => dryRunFlag('maybe'), /Invalid dry-run value \(maybe\)\. Must be "none", "server", or "client"\./);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globMatcher } from '../../../server/src/analysis/glob';

describe('exclude globs', () => {
  const cases: [string, string, boolean][] = [
    ['**/node_modules/**', 'node_modules', true],
    ['**/node_modules/**', 'a/node_modules/b/c.yaml', true],
    ['**/node_modules/**', 'node_modules_x/c.yaml', false],
    ['**/.git', '.git', true],
    ['charts/**', 'charts/x/templates/a.yaml', true],
    ['charts/**', 'other/charts/a.yaml', false],
    ['**/*.{yml,json}', 'deep/a.json', true],
    ['**/*.{yml,json}', 'deep/a.yaml', false],
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'dir/a.yaml', false],
    ['test?.yaml', 'test1.yaml', true],
    ['[ab].yaml', 'b.yaml', true],
    ['[!ab].yaml', 'b.yaml', false],
    ['a+b(c).yaml', 'a+b(c).yaml', true],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(globMatcher([glob])(path), expected));
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelSelectorAsSelector, labelSelectorGoString, parseSelector, selectorMatches, selectorOrNothing, selectorToString, validateLabelSelector } from '../../../server/src/k8s/labels';
import { formatFieldError } from '../../../server/src/k8s/validation';
import type { LabelSelector } from '../../../server/src/k8s/types';

describe('labelSelectorAsSelector', () => {
  const cases: { name: string; selector: LabelSelector | null | undefined; labels: Record<string, string>; matches: boolean }[] = [
    { name: 'null selects nothing', selector: null, labels: { app: 'web' }, matches: false },
    { name: 'undefined selects nothing', selector: undefined, labels: {}, matches: false },
    { name: '{} selects everything, even no labels', selector: {}, labels: {}, matches: true },
    { name: 'empty lists select everything', selector: { matchLabels: {}, matchExpressions: [] }, labels: { a: 'b' }, matches: true },
    { name: 'matchLabels equal', selector: { matchLabels: { app: 'web' } }, labels: { app: 'web', tier: 'x' }, matches: true },
    { name: 'matchLabels differ', selector: { matchLabels: { app: 'web' } }, labels: { app: 'api' }, matches: false },
    { name: 'matchLabels key absent', selector: { matchLabels: { app: 'web' } }, labels: {}, matches: false },
    { name: 'In present', selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] }, labels: { env: 'b' }, matches: true },
    { name: 'In absent key', selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['a'] }] }, labels: {}, matches: false },
    { name: 'NotIn absent key matches', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a'] }] }, labels: {}, matches: true },
    { name: 'NotIn listed value', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a'] }] }, labels: { env: 'a' }, matches: false },
    { name: 'Exists', selector: { matchExpressions: [{ key: 'env', operator: 'Exists' }] }, labels: { env: '' }, matches: true },
    { name: 'DoesNotExist', selector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, labels: { env: 'x' }, matches: false },
    { name: 'AND of requirements', selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'Exists' }] }, labels: { app: 'web' }, matches: false },
    { name: 'unknown operator selects nothing', selector: { matchExpressions: [{ key: 'env', operator: 'Matches', values: ['a'] }] }, labels: { env: 'a' }, matches: false },
    { name: 'In without values selects nothing', selector: { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] }, labels: { env: 'a' }, matches: false },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(selectorMatches(selectorOrNothing(c.selector), c.labels), c.matches));
  }

  test('an unknown operator is a conversion error naming it', () => {
    const r = labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] });
    assert.deepEqual(r, { ok: false, error: '"Foo" is not a valid label selector operator' });
  });

  test('string form sorts by key', () => {
    const r = labelSelectorAsSelector({ matchLabels: { tier: 'web', app: 'x' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['b', 'a'] }] });
    assert.ok(r.ok);
    assert.equal(selectorToString(r.selector), 'app=x,env notin (a,b),tier=web');
  });
});

describe('parseSelector', () => {
  const cases: { text: string; labels: Record<string, string>; matches: boolean }[] = [
    { text: '', labels: {}, matches: true },
    { text: 'app=web', labels: { app: 'web' }, matches: true },
    { text: 'app==web', labels: { app: 'api' }, matches: false },
    { text: 'app!=web', labels: {}, matches: true },
    { text: 'app!=web', labels: { app: 'web' }, matches: false },
    { text: 'env in (a, b)', labels: { env: 'b' }, matches: true },
    { text: 'env notin (a,b)', labels: { env: 'c' }, matches: true },
    { text: 'env notin (a,b)', labels: {}, matches: true },
    { text: 'env', labels: { env: '' }, matches: true },
    { text: '!env', labels: { env: '' }, matches: false },
    { text: 'app=web, !canary', labels: { app: 'web' }, matches: true },
    { text: 'size>2', labels: { size: '3' }, matches: true },
    { text: 'size<2', labels: { size: 'x' }, matches: false },
    { text: 'app=', labels: { app: '' }, matches: true },
  ];
  for (const c of cases) {
    test(`${JSON.stringify(c.text)} on ${JSON.stringify(c.labels)}`, () => {
      const r = parseSelector(c.text);
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(selectorMatches(r.selector, c.labels), c.matches);
    });
  }
  for (const bad of ['app=web=x', 'env in a', 'env in (a', '=x', 'a b', 'app=we b', 'bad/key/x=1']) {
    test(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parseSelector(bad).ok, false));
  }
  test('round-trips through the string form', () => {
    const r = parseSelector('tier notin (b,a),app=web,!x');
    assert.ok(r.ok);
    assert.equal(selectorToString(r.selector), 'app=web,tier notin (a,b),!x');
  });
});

describe('validateLabelSelector', () => {
  const cases: { name: string; selector: LabelSelector | null; errors: string[] }[] = [
    { name: 'null is valid', selector: null, errors: [] },
    {
      name: 'In needs values',
      selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      errors: ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    },
    {
      name: 'Exists forbids values',
      selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      errors: ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    },
    {
      name: 'unknown operator',
      selector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] },
      errors: ['spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator'],
    },
    {
      name: 'bad label value',
      selector: { matchLabels: { app: 'web site' } },
      errors: [
        `spec.selector.matchLabels: Invalid value: "web site": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(validateLabelSelector(c.selector, 'spec.selector').map(formatFieldError), c.errors));
  }
});

test("labelSelectorGoString: Go's %v of a *LabelSelector (gogo's String(): keys sorted, requirements without '&', nil slices as [])", () => {
  const cases: [LabelSelector | null | undefined, string][] = [
    [null, 'nil'],
    [{}, '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}'],
    [{ matchLabels: { tier: 'db', app: 'web' } }, '&LabelSelector{MatchLabels:map[string]string{app: web,tier: db,},MatchExpressions:[]LabelSelectorRequirement{},}'],
    [
      { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'gone', operator: 'DoesNotExist' }] },
      '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[a b],},LabelSelectorRequirement{Key:gone,Operator:DoesNotExist,Values:[],},},}',
    ],
  ];
  for (const [selector, text] of cases) assert.equal(labelSelectorGoString(selector), text);
});

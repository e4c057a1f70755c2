import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { applyFix } from './fixes';
import { deployment, lint, pdb, yaml } from './harness';
import { runCases } from './run';

const web = deployment('web', { app: 'web', tier: 'front' }, 3);
const selectWeb = ['  minAvailable: 1', '  selector:', '    matchLabels: {app: web}'];

describe('pdb-conflict', () => {
  runCases('pdb-conflict', [
    {
      name: 'one PDB per workload is fine',
      files: { 'web.yaml': web, 'pdb.yaml': pdb('web-pdb', selectWeb) },
      expect: [],
    },
    {
      name: 'two PDBs in other files select one Deployment: reported on both PDBs and the Deployment',
      files: { 'web.yaml': web, 'a.yaml': pdb('a', selectWeb), 'b.yaml': pdb('b', ['  maxUnavailable: 1', '  selector:', '    matchLabels: {tier: front}']) },
      expect: ['web.yaml:12 error', 'a.yaml:8 error', 'b.yaml:8 error'],
      messages: [
        'The pods of Deployment web are selected by 2 PodDisruptionBudgets (a, b). Every eviction of these pods is answered 500 "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", and kubectl drain fails on them.',
        'PodDisruptionBudget a selects the same pods as PodDisruptionBudget b: Deployment web.',
        'PodDisruptionBudget b selects the same pods as PodDisruptionBudget a: Deployment web.',
      ],
    },
    {
      name: 'policy/v1 selector {} selects every pod of the namespace',
      files: { 'web.yaml': web, 'all.yaml': pdb('all', ['  maxUnavailable: 1', '  selector: {}']), 'pdb.yaml': pdb('web-pdb', selectWeb) },
      expect: ['web.yaml:12 error', 'all.yaml:8 error', 'pdb.yaml:8 error'],
    },
    {
      name: 'policy/v1beta1 selector {} selects no pod',
      files: { 'web.yaml': web, 'all.yaml': pdb('all', ['  maxUnavailable: 1', '  selector: {}'], 'policy/v1beta1'), 'pdb.yaml': pdb('web-pdb', selectWeb) },
      expect: [],
    },
    {
      name: 'a null or missing selector selects no pod in either version',
      files: {
        'web.yaml': web,
        'null.yaml': pdb('null', ['  maxUnavailable: 1', '  selector: null']),
        'none.yaml': pdb('none', ['  maxUnavailable: 1'], 'policy/v1beta1'),
        'pdb.yaml': pdb('web-pdb', selectWeb),
      },
      expect: [],
    },
    {
      name: 'PDBs never reach across namespaces',
      files: { 'web.yaml': web, 'a.yaml': pdb('a', selectWeb), 'b.yaml': pdb('b', selectWeb, 'policy/v1', 'other') },
      expect: [],
    },
    {
      name: 'matchExpressions: In, NotIn, Exists and DoesNotExist',
      files: {
        'web.yaml': web,
        'in.yaml': pdb('in', ['  maxUnavailable: 1', '  selector:', '    matchExpressions:', '    - {key: app, operator: In, values: [web, api]}']),
        'notin.yaml': pdb('notin', ['  maxUnavailable: 1', '  selector:', '    matchExpressions:', '    - {key: app, operator: NotIn, values: [db]}']),
        'exists.yaml': pdb('exists', ['  maxUnavailable: 1', '  selector:', '    matchExpressions:', '    - {key: tier, operator: Exists}']),
        'absent.yaml': pdb('absent', ['  maxUnavailable: 1', '  selector:', '    matchExpressions:', '    - {key: tier, operator: DoesNotExist}']),
      },
      expect: ['web.yaml:12 error', 'in.yaml:8 error', 'notin.yaml:8 error', 'exists.yaml:8 error'],
      messages: ['selected by 3 PodDisruptionBudgets (exists, in, notin)'],
    },
    {
      name: 'a bare Pod and PDBs inside a kind: List',
      files: {
        'pod.yaml': yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: solo', '  labels: {app: solo}', 'spec:', '  containers: [{name: c, image: x}]'),
        'list.yaml': yaml(
          'apiVersion: v1',
          'kind: List',
          'items:',
          '- apiVersion: policy/v1',
          '  kind: PodDisruptionBudget',
          '  metadata: {name: one}',
          '  spec: {minAvailable: 1, selector: {matchLabels: {app: solo}}}',
          '- apiVersion: policy/v1',
          '  kind: PodDisruptionBudget',
          '  metadata: {name: two}',
          '  spec: {maxUnavailable: 0, selector: {matchLabels: {app: solo}}}',
        ),
      },
      expect: ['pod.yaml:5 error', 'list.yaml:7 error', 'list.yaml:11 error'],
      messages: ['The pods of Pod solo are selected by 2 PodDisruptionBudgets (one, two)'],
    },
  ]);

  describe('quick fixes, each titled with what it changes, each ending the conflict', () => {
    // The sample workspace's case: checkout under checkout-pdb, and a team-wide budget over every frontend pod.
    const checkout = deployment('checkout', { app: 'checkout', tier: 'frontend' }, 3);
    const shop = deployment('shop', { app: 'shop', tier: 'frontend' }, 2);
    const checkoutPdb = pdb('checkout-pdb', ['  maxUnavailable: 1', '  selector:', '    matchLabels:', '      app: checkout']);
    const frontendPdb = pdb('frontend-pdb', ['  minAvailable: "50%"', '  selector:', '    matchLabels:', '      tier: frontend']);
    const files = { 'checkout.yaml': `${checkout}---\n${checkoutPdb}`, 'shop.yaml': shop, 'frontend-pdb.yaml': frontendPdb };
    const conflicts = (f: Record<string, string>) => lint(f).findings.filter((x) => x.ruleId === 'pdb-conflict');
    const on = (pdbName: string) => conflicts(files).find((f) => f.message.startsWith(`PodDisruptionBudget ${pdbName} `))!;

    it('offers narrowing, removing and merging where each applies', () => {
      assert.deepEqual(on('frontend-pdb').fixes.map((f) => f.title), [
        "Narrow frontend-pdb's selector (app NotIn checkout): it no longer selects Deployment checkout",
        'Remove PodDisruptionBudget frontend-pdb: checkout-pdb (maxUnavailable 1) alone guards the pods they shared',
        'Merge checkout-pdb into frontend-pdb: one budget over Deployment checkout, Deployment shop with the stricter guarantee (maxUnavailable 1: 1 disruption allowed with every pod Ready); checkout-pdb is removed',
      ]);
      // checkout-pdb selects nothing but the shared pods: narrowing it would be removing it; it does not cover shop: no merge into it.
      assert.deepEqual(on('checkout-pdb').fixes.map((f) => f.title), ['Remove PodDisruptionBudget checkout-pdb: frontend-pdb (minAvailable 50%) alone guards the pods they shared']);
    });

    it('narrowing adds a NotIn requirement: frontend-pdb keeps shop, checkout-pdb alone selects checkout', () => {
      const fixed = applyFix(files, on('frontend-pdb'), "Narrow frontend-pdb's selector (app NotIn checkout): it no longer selects Deployment checkout");
      assert.deepEqual(parse(fixed['frontend-pdb.yaml']!).spec.selector, { matchLabels: { tier: 'frontend' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['checkout'] }] });
      assert.deepEqual(lint(fixed).findings, []);
    });

    it('removing empties the budget\'s document and nothing else', () => {
      const fixed = applyFix(files, on('checkout-pdb'));
      assert.equal(fixed['checkout.yaml'], `${checkout}`);
      assert.deepEqual(conflicts(fixed), []);
    });

    it('merging into frontend-pdb: checkout-pdb\'s stricter maxUnavailable replaces its minAvailable, checkout-pdb is removed', () => {
      const title = on('frontend-pdb').fixes[2]!.title;
      const fixed = applyFix(files, on('frontend-pdb'), title);
      assert.equal(fixed['checkout.yaml'], checkout);
      assert.deepEqual(parse(fixed['frontend-pdb.yaml']!).spec, { maxUnavailable: 1, selector: { matchLabels: { tier: 'frontend' } } });
      assert.deepEqual(lint(fixed).findings, []);
    });

    it('merging keeps the stricter guarantee: here the one merged in, so its minAvailable replaces maxUnavailable', () => {
      const lenient = pdb('frontend-pdb', ['  maxUnavailable: 2', '  selector:', '    matchLabels:', '      tier: frontend']);
      const strict = pdb('checkout-pdb', ['  minAvailable: 4', '  selector:', '    matchLabels:', '      app: checkout']);
      const mixed = { 'checkout.yaml': checkout, 'shop.yaml': shop, 'strict.yaml': strict, 'frontend-pdb.yaml': lenient };
      const finding = conflicts(mixed).find((f) => f.message.startsWith('PodDisruptionBudget frontend-pdb '))!;
      const title = finding.fixes.find((f) => f.title.startsWith('Merge'))!.title;
      assert.equal(title, 'Merge checkout-pdb into frontend-pdb: one budget over Deployment checkout, Deployment shop with the stricter guarantee (minAvailable 4: 1 disruption allowed with every pod Ready); checkout-pdb is removed');
      const fixed = applyFix(mixed, finding, title);
      assert.equal(fixed['strict.yaml'], '');
      assert.deepEqual(parse(fixed['frontend-pdb.yaml']!).spec, { minAvailable: 4, selector: { matchLabels: { tier: 'frontend' } } });
      assert.deepEqual(lint(fixed).findings, []);
    });
  });

  it('one Pod under 40 PDBs: each finding names five, counts the rest, and gives five related locations per list', () => {
    const solo = yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: solo', '  labels: {app: solo}', 'spec:', '  containers: [{name: c, image: x}]');
    const names = Array.from({ length: 40 }, (_, i) => `pdb-${String(i).padStart(2, '0')}`);
    const files = { 'solo.yaml': solo, 'pdbs.yaml': names.map((name) => pdb(name, ['  maxUnavailable: 1', '  selector: {matchLabels: {app: solo}}'])).join('---\n') };
    const findings = lint(files).findings.filter((f) => f.ruleId === 'pdb-conflict');
    assert.equal(findings.length, 41);
    const [onPod, ...onPdbs] = findings;
    assert.ok(onPod!.message.startsWith('The pods of Pod solo are selected by 40 PodDisruptionBudgets (pdb-00, pdb-01, pdb-02, pdb-03, pdb-04 and 35 more).'), onPod!.message);
    assert.equal(onPod!.related.length, 5);
    assert.ok(onPdbs[0]!.message.startsWith('PodDisruptionBudget pdb-00 selects the same pods as PodDisruptionBudget pdb-01, PodDisruptionBudget pdb-02, PodDisruptionBudget pdb-03, PodDisruptionBudget pdb-04, PodDisruptionBudget pdb-05 and 34 more: Pod solo.'), onPdbs[0]!.message);
    assert.ok(onPdbs[2]!.message.startsWith('PodDisruptionBudget pdb-02 selects the same pods as PodDisruptionBudget pdb-00, PodDisruptionBudget pdb-01, PodDisruptionBudget pdb-03, PodDisruptionBudget pdb-04, PodDisruptionBudget pdb-05 and 34 more: Pod solo.'), onPdbs[2]!.message);
    assert.deepEqual(onPdbs.map((f) => f.related.length), Array(40).fill(6), 'five other budgets and the pod');
  });
});

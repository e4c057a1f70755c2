import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisEngine } from '../../../server/src/analysis/engine';
import { clusterFactsFrom, LiveCluster } from '../../../server/src/analysis/liveCluster';
import { defaultSettings } from '../../../server/src/analysis/settings';
import { anchorAt, nameAnchor } from '../../../server/src/analysis/anchors';
import { rules } from '../../../server/src/rules/registry';
import type { Rule } from '../../../server/src/analysis/rule';
import type { Finding } from '../../../server/src/analysis/findings';
import { deployment, node, pdb, yaml } from '../rules/harness';

const web = (replicas: number, namespace = 'default') => deployment('web', { app: 'web' }, replicas, [], namespace);
const webPdb = (namespace = 'default') => pdb('web-pdb', ['  minAvailable: 2', '  selector: {matchLabels: {app: web}}'], 'policy/v1', namespace);

/** A fresh engine over the files, set in path order. */
function cold(files: Record<string, string>): AnalysisEngine {
  const engine = new AnalysisEngine(rules);
  for (const uri of Object.keys(files).sort()) engine.setFile(uri, files[uri]!);
  return engine;
}

/** Every finding of the files, with its message and related locations. */
function everyFinding(engine: AnalysisEngine, files: Record<string, string>): Finding[] {
  return Object.keys(files)
    .sort()
    .flatMap((uri) => engine.findingsFor(uri));
}

/** A rule that records which objects it was run on. */
function spy(): Rule & { calls: string[] } {
  const calls: string[] = [];
  return { id: 'spy', description: '', defaultSeverity: 'hint', docs: '', fixable: false, kinds: ['PodDisruptionBudget'], inputs: ['selection'], calls, check: (o) => (calls.push(`${o.namespace}/${o.name}`), []) };
}

describe('analysis engine', () => {
  it('re-checks a PDB in another file when the workload it selects changes', () => {
    const engine = new AnalysisEngine(rules);
    engine.setFile('pdb.yaml', webPdb());
    engine.setFile('web.yaml', web(3));
    assert.deepEqual(engine.findingsFor('pdb.yaml').map((f) => f.ruleId), []);
    const changed = engine.setFile('web.yaml', web(2));
    assert.ok(changed.has('pdb.yaml'));
    assert.deepEqual(engine.findingsFor('pdb.yaml').map((f) => f.ruleId), ['pdb-blocks-eviction']);
    engine.removeFile('web.yaml');
    assert.deepEqual(engine.findingsFor('pdb.yaml').map((f) => f.ruleId), ['pdb-selects-nothing']);
  });

  it('matches selectors whichever comes first, the PDBs or the pods, and follows label edits', () => {
    const engine = new AnalysisEngine(rules);
    const selectors = [
      '  selector: {matchLabels: {app: web}}',
      '  selector: {matchExpressions: [{key: app, operator: In, values: [db, web]}]}',
      '  selector: {matchExpressions: [{key: app, operator: NotIn, values: [db]}]}',
      '  selector: {}',
    ];
    selectors.forEach((selector, i) => engine.setFile(`p${i}.yaml`, pdb(`p${i}`, ['  maxUnavailable: 1', selector])));
    engine.setFile('web.yaml', web(3));
    const selecting = () => [...engine.index.pdbsSelecting([...engine.index.podLikes('default')][0]!)].map((p) => p.name).sort();
    assert.deepEqual(selecting(), ['p0', 'p1', 'p2', 'p3']);
    engine.setFile('web.yaml', deployment('web', { app: 'db' }, 3));
    assert.deepEqual(selecting(), ['p1', 'p3']);
    engine.removeFile('p3.yaml');
    engine.setFile('web.yaml', deployment('web', { tier: 'x' }, 3));
    assert.deepEqual(selecting(), ['p2']);
    engine.setFile('p0.yaml', pdb('p0', ['  maxUnavailable: 1', '  selector: {matchLabels: {tier: x}}']));
    assert.deepEqual(selecting(), ['p0', 'p2']);
  });

  it('re-runs a rule only on the objects whose inputs changed', () => {
    const probe = spy();
    const engine = new AnalysisEngine([probe]);
    for (const ns of ['a', 'b']) {
      engine.setFile(`${ns}/web.yaml`, web(3, ns));
      engine.setFile(`${ns}/pdb.yaml`, webPdb(ns));
    }
    probe.calls.length = 0;
    engine.setFile('a/web.yaml', web(4, 'a'));
    assert.deepEqual(probe.calls, ['a/web-pdb']);
    probe.calls.length = 0;
    engine.setFile('a/web.yaml', web(4, 'a'));
    assert.deepEqual(probe.calls, [], 'an unchanged text runs nothing');
    engine.setFile('b/other.yaml', deployment('other', { app: 'other' }, 1, [], 'b'));
    assert.deepEqual(probe.calls, [], 'a workload no PDB selects touches no PDB');
  });

  it('live cluster facts re-run only the rules that read them, where they moved', () => {
    const readsPods = Object.assign(spy(), { id: 'pods', inputs: ['livePods'] as const });
    const readsNodes = Object.assign(spy(), { id: 'nodes', kinds: ['Deployment'], inputs: ['liveNodes'] as const });
    const neither = spy();
    const engine = new AnalysisEngine([readsPods, readsNodes, neither]);
    for (const ns of ['a', 'b']) {
      engine.setFile(`${ns}/web.yaml`, web(3, ns));
      engine.setFile(`${ns}/pdb.yaml`, webPdb(ns));
    }
    const calls = () => [readsPods.calls, readsNodes.calls, neither.calls].map((c) => c.splice(0).sort());
    calls();
    const node = { name: 'n1', labels: {}, taints: [], unschedulable: false };
    const facts = (podsOfA: Record<string, string>[], nodes = [node], context = 'c1') =>
      new LiveCluster({ context, nodes, pods: [...podsOfA.map((labels) => ({ namespace: 'a', labels })), { namespace: 'b', labels: { app: 'web' } }] });
    assert.deepEqual(engine.setCluster(facts([{ app: 'web' }])), new Set(), 'the spies find nothing, so no file has other findings');
    assert.deepEqual(calls(), [['a/web-pdb', 'b/web-pdb'], ['a/web', 'b/web'], []], 'a first cluster: everything that reads it');
    assert.deepEqual(engine.setCluster(facts([{ app: 'web' }, { app: 'web' }])), new Set(), 'the same facts (a label set twice counts once)');
    assert.deepEqual(calls(), [[], [], []]);
    engine.setCluster(facts([{ app: 'web' }, { app: 'db' }]));
    assert.deepEqual(calls(), [['a/web-pdb'], [], []], "a pod of namespace a: a's PDBs");
    engine.setCluster(facts([{ app: 'web' }, { app: 'db' }], [{ ...node, unschedulable: true }]));
    assert.deepEqual(calls(), [[], ['a/web', 'b/web'], []], 'a cordon: the node readers');
    engine.setCluster(facts([{ app: 'web' }, { app: 'db' }], [{ ...node, unschedulable: true }], 'c2'));
    assert.deepEqual(calls(), [['a/web-pdb', 'b/web-pdb'], ['a/web', 'b/web'], []], 'another context is named in messages: all of them');
    engine.setCluster(undefined);
    assert.deepEqual(calls(), [['a/web-pdb', 'b/web-pdb'], ['a/web', 'b/web'], []], 'no cluster any more');
  });

  it('a rename that makes two folders alternatives judges what they relate again, as a cold analysis would', () => {
    const engine = new AnalysisEngine(rules);
    const staging = (name: string) => [deployment(name, { app: 'web' }, 2), pdb('canary', ['  maxUnavailable: 1', '  selector: {matchLabels: {app: web}}'])].join('---\n');
    const files: Record<string, string> = { 'prod/app.yaml': [web(3), webPdb()].join('---\n'), 'staging/app.yaml': staging('other') };
    for (const [uri, text] of Object.entries(files)) engine.setFile(uri, text);
    const conflicts = () => Object.keys(files).flatMap((uri) => engine.findingsFor(uri).filter((f) => f.ruleId === 'pdb-conflict').map((f) => `${uri}:${f.range.start.line + 1}`));
    assert.deepEqual(conflicts(), ['prod/app.yaml:12', 'prod/app.yaml:25', 'staging/app.yaml:12', 'staging/app.yaml:25'], 'no object in common: one cluster');
    // Deployment web in both folders: they are alternatives, and prod's findings go although prod/app.yaml did not change.
    const changed = engine.setFile('staging/app.yaml', (files['staging/app.yaml'] = staging('web')));
    assert.ok(changed.has('prod/app.yaml'));
    assert.deepEqual(conflicts(), []);
    assert.deepEqual(everyFinding(engine, files), everyFinding(cold(files), files));
    engine.setFile('staging/app.yaml', (files['staging/app.yaml'] = staging('other')));
    assert.deepEqual(conflicts(), ['prod/app.yaml:12', 'prod/app.yaml:25', 'staging/app.yaml:12', 'staging/app.yaml:25']);
  });

  it('an analysis kept up to date edit by edit finds what a cold one finds (seeded random edits over variants)', () => {
    const documents = [
      web(3),
      web(1),
      deployment('api', { app: 'web', tier: 'api' }, 2, ['      nodeSelector: {pool: gpu}']),
      webPdb(),
      pdb('web-pdb', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']),
      pdb('canary', ['  maxUnavailable: 1', '  selector: {matchLabels: {tier: api}}']),
      pdb('all', ['  maxUnavailable: 1', '  selector: {}']),
      node('node-1', { pool: 'gpu' }, ['  - {key: gpu, effect: NoSchedule}']),
      node('node-1', { pool: 'gpu' }, []),
      node('node-2', { pool: 'gpu' }, [], true),
      yaml('apiVersion: policy/v1', 'kind: Eviction', 'metadata:', '  name: web-0'),
      yaml('apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: web}', 'spec:', '  replicas: 1', '  selector: {matchLabels: {app: db}}', '  template: {metadata: {labels: {app: db}}, spec: {containers: []}}'),
      yaml('apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'metadata: {name: web}', 'spec: {scaleTargetRef: {kind: Deployment, name: web}}'),
    ];
    const paths = ['app.yaml', 'base/app.yaml', 'prod/app.yaml', 'prod/pdb.yaml', 'staging/app.yaml', 'overlays/a/x.yaml', 'overlays/b/x.yaml', 'testdata/one.yaml', 'testdata/two.yaml', 'nodes.yaml'];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const engine = new AnalysisEngine(rules);
    const files: Record<string, string> = {};
    for (let step = 0; step < 300; step++) {
      const path = paths[random(paths.length)]!;
      if (random(5) === 0) {
        delete files[path];
        engine.removeFile(path);
      } else {
        files[path] = Array.from({ length: 1 + random(3) }, () => documents[random(documents.length)]!).join('---\n');
        engine.setFile(path, files[path]);
      }
      assert.deepEqual(everyFinding(engine, files), everyFinding(cold(files), files), `after step ${step} (${path})`);
    }
  });

  it('a rule re-run that finds the same publishes no other file', () => {
    const engine = new AnalysisEngine(rules);
    engine.setFile('gpu.yaml', node('gpu-1', { pool: 'gpu' }, ['  - {key: gpu, effect: NoSchedule}']));
    engine.setFile('cpu.yaml', node('cpu-1', { pool: 'cpu' }, []));
    for (let i = 0; i < 5; i++) engine.setFile(`app-${i}.yaml`, deployment(`app-${i}`, { app: `app-${i}` }, 1, ['      nodeSelector: {pool: gpu}']));
    assert.deepEqual(engine.findingsFor('app-0.yaml').map((f) => f.ruleId), ['untolerated-taint']);
    // Every pod is judged again against the nodes, and finds what it found.
    assert.deepEqual(engine.setFile('cpu.yaml', node('cpu-1', { pool: 'cpu', zone: 'a' }, [])), new Set(['cpu.yaml']));
  });

  it('a batch runs each rule once for all its files', () => {
    const probe = spy();
    const engine = new AnalysisEngine([probe]);
    const changed = engine.batch(() => {
      for (let i = 0; i < 20; i++) assert.deepEqual(engine.setFile(`web-${i}.yaml`, [web(3), webPdb()].join('---\n').replaceAll('web-pdb', `web-pdb-${i}`)), new Set());
    });
    assert.equal(changed.size, 20);
    assert.equal(probe.calls.length, 20, 'each PDB once, though each file brought pods every PDB selects');
  });

  it('reads facts from a notification defensively', () => {
    assert.equal(clusterFactsFrom(null), undefined);
    assert.equal(clusterFactsFrom({ context: 'c', nodes: 'x', pods: [] }), undefined);
    assert.deepEqual(
      clusterFactsFrom({
        context: 'c',
        nodes: [{ name: 'n1', labels: { a: 'b', bad: 1 }, taints: [{ key: 'k', effect: 'NoSchedule', value: '' }, { effect: 'NoSchedule' }], unschedulable: 'yes' }, { labels: {} }],
        pods: [{ namespace: 'd', labels: { app: 'x' } }, { labels: {} }],
      }),
      { context: 'c', nodes: [{ name: 'n1', labels: { a: 'b' }, taints: [{ key: 'k', effect: 'NoSchedule' }], unschedulable: false }], pods: [{ namespace: 'd', labels: { app: 'x' } }] },
    );
  });

  it('re-reads only the document an edit touched', () => {
    const engine = new AnalysisEngine(rules);
    const docs = Array.from({ length: 50 }, (_, i) => deployment(`d${i}`, { app: `d${i}` }, 1));
    engine.index.setFile('many.yaml', docs.join('---\n'), 'complete');
    const before = engine.index.file('many.yaml')!.documents;
    docs[20] = deployment('d20', { app: 'd20' }, 5);
    const change = engine.index.setFile('many.yaml', docs.join('---\n'), 'complete');
    assert.equal(change.addedDocuments.length, 1);
    assert.equal(change.removedDocuments.length, 1);
    const after = engine.index.file('many.yaml')!.documents;
    assert.equal(after.filter((d, i) => d === before[i]).length, 49);
  });

  it('keeps findings and related locations right when documents above them move', () => {
    const engine = new AnalysisEngine(rules);
    const twoPdbs = [webPdb(), pdb('other', ['  maxUnavailable: 1', '  selector: {matchLabels: {app: web}}'])].join('---\n');
    engine.setFile('pdbs.yaml', twoPdbs);
    engine.setFile('web.yaml', web(3));
    const conflict = () => engine.findingsFor('web.yaml').find((f) => f.ruleId === 'pdb-conflict')!;
    assert.deepEqual(conflict().related.map((r) => r.location.range.start.line), [16, 7]);
    const changed = engine.setFile('pdbs.yaml', `# a comment\n# another\n${twoPdbs}`);
    assert.ok(changed.has('web.yaml'), 'the file pointing into the edited one is published again');
    assert.deepEqual(conflict().related.map((r) => r.location.range.start.line), [18, 9]);
    assert.deepEqual(engine.findingsFor('pdbs.yaml').map((f) => f.range.start.line), [9, 18]);
  });

  it('honours suppression comments', () => {
    const engine = new AnalysisEngine(rules);
    const old = (comment: string) => `${comment}\n` + pdb('p', ['  minAvailable: 1'], 'policy/v1beta1');
    engine.setFile('a.yaml', old('# kube-eviction-disable-next-line deprecated-api -- migrating next sprint'));
    engine.setFile('b.yaml', old('# kube-eviction-disable-next-line pdb-conflict'));
    engine.setFile('c.yaml', old('# kube-eviction-disable-next-line'));
    assert.deepEqual(engine.findingsFor('a.yaml').map((f) => f.ruleId), ['pdb-selects-nothing']);
    assert.deepEqual(engine.findingsFor('b.yaml').map((f) => f.ruleId), ['deprecated-api', 'pdb-selects-nothing']);
    assert.deepEqual(engine.findingsFor('c.yaml').map((f) => f.ruleId), ['pdb-selects-nothing']);
  });

  it('applies per-rule settings and the target version', () => {
    const engine = new AnalysisEngine(rules);
    engine.setFile('p.yaml', pdb('p', ['  minAvailable: 1'], 'policy/v1beta1'));
    assert.deepEqual(engine.findingsFor('p.yaml').map((f) => `${f.ruleId} ${f.severity}`), ['deprecated-api error', 'pdb-selects-nothing information']);
    engine.configure({ ...defaultSettings, kubernetesVersion: '1.22', rules: { 'pdb-selects-nothing': 'off' } });
    assert.deepEqual(engine.findingsFor('p.yaml').map((f) => `${f.ruleId} ${f.severity}`), ['deprecated-api warning']);
    engine.configure({ ...defaultSettings, rules: { 'deprecated-api': 'hint', 'pdb-selects-nothing': 'off' } });
    assert.deepEqual(engine.findingsFor('p.yaml').map((f) => `${f.ruleId} ${f.severity}`), ['deprecated-api hint']);
  });
});

describe('quick fixes', () => {
  // pdb-conflict, deprecated-api and untolerated-taint, each with its fixes.
  const files = {
    'web.yaml': deployment('web', { app: 'web' }, 3, ['      nodeSelector: {pool: db}']),
    'pdbs.yaml': [webPdb(), pdb('web-pdb-2', ['  maxUnavailable: 1', '  selector: {matchLabels: {app: web}}'], 'policy/v1beta1')].join('---\n'),
    'node.yaml': node('n1', { pool: 'db' }, ['  - {key: dedicated, value: db, effect: NoSchedule}']),
  };

  it('an engine that makes none (lint) finds the same, without them', () => {
    const withFixes = everyFinding(cold(files), files);
    const offered = withFixes.filter((f) => f.fixes.length).map((f) => f.ruleId);
    assert.deepEqual([...new Set(offered)].sort(), ['deprecated-api', 'pdb-conflict', 'untolerated-taint']);
    const engine = new AnalysisEngine(rules, defaultSettings, { fixes: false });
    for (const uri of Object.keys(files).sort()) engine.setFile(uri, files[uri as keyof typeof files]);
    const without = everyFinding(engine, files);
    assert.deepEqual(without.filter((f) => f.fixes.length), []);
    assert.deepEqual(without, withFixes.map((f) => ({ ...f, fixes: [] })));
  });
});

describe('a rule that fails', () => {
  /** Throws on the Deployments named in `failOn`, as a rule with a bug would. */
  const failOn = new Set(['web']);
  const buggy: Rule = {
    id: 'buggy',
    description: '',
    defaultSeverity: 'warning',
    docs: '',
    fixable: false,
    kinds: ['Deployment'],
    inputs: [],
    check: (o) => {
      if (failOn.has(o.name)) throw new RangeError('Maximum call stack size exceeded');
      return [];
    },
  };

  it('is reported on the object as a rule-failed error naming the rule, never as no findings; it clears when the rule runs again', () => {
    const errors: string[] = [];
    const engine = new AnalysisEngine([...rules, buggy], defaultSettings, { reportError: (message) => void errors.push(message) });
    engine.setFile('web.yaml', web(3));
    engine.setFile('other.yaml', deployment('other', { app: 'other' }, 1));
    const [finding, ...rest] = engine.findingsFor('web.yaml');
    assert.deepEqual(rest, []);
    assert.deepEqual([finding!.ruleId, finding!.severity, finding!.range.start.line], ['rule-failed', 'error', 3]);
    assert.equal(finding!.message, 'Rule buggy failed on Deployment web, so its findings here are missing: RangeError: Maximum call stack size exceeded. This is a bug in kube-eviction; please report it.');
    assert.deepEqual(engine.findingsFor('other.yaml'), []);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^kube-eviction: rule buggy failed on Deployment web in web\.yaml: RangeError: Maximum call stack size exceeded\n/);

    // Neither a setting nor a suppression comment hides it; fixing the cause does.
    engine.configure({ ...defaultSettings, rules: { 'rule-failed': 'off' } });
    engine.setFile('web.yaml', `# kube-eviction-disable-next-line\n${web(3)}`);
    assert.deepEqual(engine.findingsFor('web.yaml').map((f) => f.ruleId), ['rule-failed']);
    failOn.clear();
    engine.setFile('web.yaml', web(3));
    assert.deepEqual(engine.findingsFor('web.yaml'), []);
  });
});

describe('bounds', () => {
  it('replicas are counted, never made one by one: 2147483647 under minAvailable 100% blocks every eviction', () => {
    const engine = new AnalysisEngine(rules, defaultSettings, { reportError: (message) => assert.fail(message) });
    engine.setFile('web.yaml', web(2147483647));
    engine.setFile('pdb.yaml', pdb('web-pdb', ['  minAvailable: "100%"', '  selector: {matchLabels: {app: web}}']));
    const [finding] = engine.findingsFor('pdb.yaml');
    assert.match(finding!.message, /^disruptionsAllowed is always 0 \(minAvailable 100% of 2147483647 pods\): expectedPods 2147483647, desiredHealthy 2147483647, disruptionsAllowed 0 even with all 2147483647 pods ready\./);
    assert.equal(finding!.related[0]!.message, 'selected: Deployment web, 2147483647 replicas');
  });

  it('a finding lists 20 related locations and counts the rest', () => {
    // The rules name a few related objects per list themselves (see the pdb-conflict and untolerated-taint tests); this is the bound for any rule.
    const manyRelated: Rule = {
      ...spy(),
      id: 'many-related',
      check: (object) => [{ at: nameAnchor(object), message: 'm', related: Array.from({ length: 30 }, (_, i) => ({ at: anchorAt(object, ['spec']), message: `r${i}` })) }],
    };
    const engine = new AnalysisEngine([manyRelated]);
    engine.setFile('pdb.yaml', pdb('shop', ['  maxUnavailable: 0', '  selector: {matchLabels: {app: shop}}']));
    const [finding] = engine.findingsFor('pdb.yaml');
    assert.equal(finding!.related.length, 21);
    assert.deepEqual(finding!.related.slice(19).map((r) => [r.message, r.location.uri, r.location.range.start.line]), [
      ['r19', 'pdb.yaml', 5],
      ['and 10 more, not listed', 'pdb.yaml', finding!.range.start.line],
    ]);
  });
});

describe('bad input', () => {
  const lintOne = (text: string) => {
    const engine = new AnalysisEngine(rules);
    engine.setFile('f.yaml', text);
    return engine.findingsFor('f.yaml');
  };

  it('a malformed document gives one parse finding and the others are still analysed', () => {
    const text = [pdb('old', ['  minAvailable: 1'], 'policy/v1beta1'), yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: [broken', 'spec: {}'), pdb('old2', ['  minAvailable: 1'], 'policy/v1beta1')].join('---\n');
    const findings = lintOne(text).filter((f) => f.ruleId !== 'pdb-selects-nothing');
    assert.deepEqual(findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}`), ['deprecated-api:1', 'parse-error:13', 'deprecated-api:15']);
    assert.match(findings[1]!.message, /^This document is not valid YAML, so it is not analysed: /);
  });

  it('a field of the wrong type: the API server could not decode it', () => {
    const [finding] = lintOne(deployment('web', { app: 'web' }, 3).replace('replicas: 3', 'replicas: "3"'));
    assert.equal(finding!.ruleId, 'parse-error');
    assert.equal(finding!.message, 'spec.replicas: expected an integer, found the string "3": the API server cannot decode this object, so it is not analysed');
  });

  it('a number its int32 field cannot hold: the API server could not decode it either', () => {
    for (const [replicas, shown] of [['1e308', '1e+308'], ['2147483648', '2147483648'], ['-2147483649', '-2147483649']]) {
      const [finding] = lintOne(web(0).replace('replicas: 0', `replicas: ${replicas}`));
      assert.equal(finding!.message, `spec.replicas: expected an integer from -2^31 to 2^31-1 (int32), found the number ${shown}: the API server cannot decode this object, so it is not analysed`);
    }
    assert.deepEqual(lintOne(web(0).replace('replicas: 0', 'replicas: -2147483648')).map((f) => f.ruleId), []);
  });

  it('Helm templates are skipped without findings', () => {
    const chart = yaml(
      '{{- if .Values.pdb.enabled }}',
      'apiVersion: policy/v1beta1',
      'kind: PodDisruptionBudget',
      'metadata:',
      '  name: {{ include "app.fullname" . }}',
      'spec:',
      '  minAvailable: {{ .Values.pdb.minAvailable }}',
      '{{- end }}',
    );
    assert.deepEqual(lintOne(chart), []);
    assert.deepEqual(lintOne(pdb('x', ['  minAvailable: "{{ .Values.min }}"', '  selector: {matchLabels: {app: x}}'])), []);
  });

  it('an alias bomb gives a parse finding, quickly', () => {
    const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: bomb', '  labels:', '    a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`    ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const findings = lintOne(lines.join('\n'));
    assert.deepEqual(findings.map((f) => f.ruleId), ['parse-error']);
    assert.match(findings[0]!.message, /document contains excessive aliasing$/);
  });

  it('aliases are bounded by the share of the document they expand to, as Kubernetes\' decoder bounds them', () => {
    // go-yaml fails a decode of over 1000 nodes more than 99% of which come from alias expansion.
    // `a` has 10 scalars, each next level 10 aliases of the previous one: up to c that is
    // 1358 nodes, 97% expanded (accepted); with d, 13,580 nodes, 99.6% (refused).
    const laughs = (levels: number) => {
      const lines = ['    a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < levels; i++) {
        const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
        lines.push(`    ${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
      }
      return ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: laughs', '  annotations:', ...lines].join('\n');
    };
    assert.deepEqual(lintOne(laughs(3)).map((f) => f.ruleId), [], 'over 100 aliases, but no more than the API server accepts');
    const refused = lintOne(laughs(4));
    assert.deepEqual(refused.map((f) => f.ruleId), ['parse-error']);
    assert.match(refused[0]!.message, /document contains excessive aliasing$/);
    // 150 aliases of a small list: over the `yaml` package's own limit of 100, and fine for Kubernetes.
    const args = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: many', 'spec:', '  containers:', '  - name: c', '    image: i', '    env: &e [{name: A, value: x}]', `    args: [${Array(150).fill('*e').join(', ')}]`];
    assert.deepEqual(lintOne(args.join('\n')).map((f) => f.ruleId), []);
  });

  it('a 20 MB file is read whole when the size limit allows it', () => {
    const volumes = ['      volumes:', ...Array.from({ length: 150 }, (_, j) => `      - {name: volume-${j}, emptyDir: {}}`)];
    const docs = Array.from({ length: 4_000 }, (_, i) => `${deployment(`d${i}`, { app: `d${i}` }, 1, volumes)}---\n${pdb(`p${i}`, ['  minAvailable: 1', `  selector: {matchLabels: {app: d${i}}}`])}`);
    const text = docs.join('---\n');
    assert.ok(text.length > 20 * 1024 * 1024);
    const engine = new AnalysisEngine(rules, { ...defaultSettings, maxFileSize: 64 * 1024 * 1024 });
    engine.setFile('big.yaml', text);
    const findings = engine.findingsFor('big.yaml');
    assert.equal(findings.length, 4_000);
    assert.ok(findings.every((f) => f.ruleId === 'pdb-blocks-eviction'));
  });

  describe('syntax errors where the fast reader does not look (a container, annotations)', () => {
    const web = (...lines: string[]) => `${deployment('web', { app: 'web' }, 3)}${lines.join('\n')}\n`;
    const unclosed = '        env: [{name: A, value: x}';
    const bomb = ['  annotations:', '    a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`    ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const annotated = (lines: string[]) => deployment('web', { app: 'web' }, 3).replace('  namespace: default\n', `  namespace: default\n${lines.join('\n')}\n`);
    // [case, document, line:column (or line) of the finding, message]
    const cases: [string, string, string, RegExp][] = [
      ['an unclosed flow sequence', web('        env: [{name: A, value: x}'), '18:1', /must be sufficiently indented and end with a \]$/],
      ['an alias before its anchor', web('        args: [*flags]', '        command: &flags [run]'), '17:16', /Unresolved alias \(the anchor must be set before the alias\): flags$/],
      ['a bad escape', web('        env: [{name: A, value: "\\q"}]'), '17:33', /Invalid escape sequence \\q$/],
      ['a sequence item without its dash', web('        env:', '        - name: A', '          value: x', '         bad: 1'), '20:1', /Sequence item without - indicator$/],
      // Where the stack runs out depends on the stack: the line only.
      ['deep nesting', web(`        args: ${'['.repeat(20000)}${']'.repeat(20000)}`), '17', /The document is nested too deeply to be read$/],
      ['an alias bomb', annotated(bomb), '7:28', /document contains excessive aliasing$/],
      ['an anchor that holds itself', annotated(['  annotations: &self {a: *self}']), '6:26', /anchor 'self' value contains itself$/],
    ];
    for (const [name, text, at, message] of cases) {
      it(`${name}: one parse finding, from lint at once or after a fast read`, () => {
        const document = `${pdb('other', ['  maxUnavailable: 1'], 'policy/v1beta1')}---\n${text}`;
        const shifted = (position: string) => position.replace(/^\d+/, (line) => String(Number(line) + 8));
        const parseErrors = (engine: AnalysisEngine) =>
          engine.findingsFor('f.yaml').filter((f) => f.ruleId !== 'deprecated-api' && f.ruleId !== 'pdb-selects-nothing');
        const summary = (engine: AnalysisEngine) =>
          parseErrors(engine).map((f) => `${f.ruleId} ${f.range.start.line + 1}${at.includes(':') ? `:${f.range.start.character + 1}` : ''}`);
        const complete = new AnalysisEngine(rules);
        complete.setFile('f.yaml', document);
        assert.deepEqual(summary(complete), [`parse-error ${shifted(at)}`]);
        assert.match(parseErrors(complete)[0]!.message, message);
        assert.deepEqual(complete.findingsFor('f.yaml').map((f) => f.ruleId).filter((id) => id === 'deprecated-api'), ['deprecated-api'], 'the other document is still analysed');

        const fast = new AnalysisEngine(rules);
        fast.setFile('f.yaml', document, 'fast');
        assert.deepEqual(summary(fast), [], 'the fast reader skips the broken part');
        assert.equal(fast.index.file('f.yaml')!.readFastOnly, true);
        assert.ok(fast.completeFile('f.yaml').has('f.yaml'));
        assert.deepEqual(summary(fast), [`parse-error ${shifted(at)}`]);
        assert.equal(fast.index.file('f.yaml')!.readFastOnly, false);
        assert.deepEqual(fast.completeFile('f.yaml'), new Set(), 'read completely once');
      });
    }

    it('a repeated key, as in kubernetes/examples: a warning naming it, and the document analysed with the last value', () => {
      // `replicas:` twice: kubectl 1.32 applies it without a warning, keeping the last (checked against the sandbox).
      const repeated = deployment('web', { app: 'web' }, 3).replace('  replicas: 3\n', '  replicas: 3\n  replicas: 1\n');
      const budget = pdb('web-pdb', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']);
      for (const reading of ['complete', 'fast'] as const) {
        const engine = new AnalysisEngine(rules);
        engine.setFile('pdb.yaml', budget);
        engine.setFile('web.yaml', repeated, reading);
        const [warning] = engine.findingsFor('web.yaml');
        assert.equal(`${warning!.ruleId} ${warning!.severity} ${warning!.range.start.line + 1}:${warning!.range.start.character + 1}`, 'duplicate-key warning 7:3', reading);
        assert.equal(
          warning!.message,
          '"replicas" is given again on line 8 of this mapping: kubectl keeps the value given last and drops this one without a warning (its YAML reader, sigs.k8s.io/yaml, lets a later key overwrite an earlier one). The document is analysed with the last value; remove the repeated key.',
        );
        assert.deepEqual(warning!.related.map((r) => r.location.range.start.line + 1), [8]);
        // Analysed with the last value: one replica under minAvailable 1 allows no eviction.
        assert.deepEqual(engine.findingsFor('pdb.yaml').map((f) => f.ruleId), ['pdb-blocks-eviction'], reading);
      }
    });

    it('a repeated key where the fast reader does not look is found by the complete reading, still a warning', () => {
      const engine = new AnalysisEngine(rules);
      engine.setFile('web.yaml', web('        image: other'), 'fast');
      assert.deepEqual(engine.findingsFor('web.yaml'), []);
      assert.deepEqual(engine.completeFile('web.yaml'), new Set(['web.yaml']));
      assert.deepEqual(engine.findingsFor('web.yaml').map((f) => `${f.ruleId} ${f.range.start.line + 1}`), ['duplicate-key 16']);
      assert.deepEqual(engine.completeFile('web.yaml'), new Set(), 'read completely once');
      const complete = new AnalysisEngine(rules);
      complete.setFile('web.yaml', web('        image: other'));
      assert.deepEqual(complete.findingsFor('web.yaml').map((f) => `${f.ruleId} ${f.range.start.line + 1}`), ['duplicate-key 16']);
    });

    it('a document found invalid is no longer analysed, and what it took part in is re-checked', () => {
      const engine = new AnalysisEngine(rules);
      engine.setFile('pdb.yaml', webPdb());
      engine.setFile('web.yaml', web(unclosed), 'fast');
      assert.deepEqual(engine.findingsFor('pdb.yaml').map((f) => f.ruleId), []);
      assert.deepEqual(engine.completeFile('web.yaml'), new Set(['web.yaml', 'pdb.yaml']));
      assert.deepEqual(engine.findingsFor('pdb.yaml').map((f) => f.ruleId), ['pdb-selects-nothing']);
      assert.deepEqual(engine.findingsFor('web.yaml').map((f) => f.ruleId), ['parse-error']);
    });

    it('valid anchors and Go templates in skipped parts give no finding, and a template is still analysed', () => {
      const sound: [string, string][] = [
        ['anchors and aliases', web('        env: &e [{name: A, value: x}]', '        args: *e')],
        ['a template value', web('        image: {{ .Values.image }}')],
        ['a template block', web('        env: {{ toYaml .Values.env | nindent 8 }}')],
      ];
      for (const [name, text] of sound) {
        const engine = new AnalysisEngine(rules);
        engine.setFile('pdb.yaml', pdb('web-pdb', ['  minAvailable: 3', '  selector: {matchLabels: {app: web}}']));
        engine.setFile('web.yaml', text, 'fast');
        engine.completeFile('web.yaml');
        assert.deepEqual(engine.findingsFor('web.yaml').map((f) => f.ruleId), [], name);
        assert.deepEqual(engine.findingsFor('pdb.yaml').map((f) => f.ruleId), ['pdb-blocks-eviction'], `${name}: the Deployment is analysed`);
      }
    });

    it('reads completely a few documents at a time', () => {
      const engine = new AnalysisEngine(rules);
      const docs = [web(), web(unclosed), web(), web(unclosed)];
      engine.setFile('f.yaml', docs.join('---\n'), 'fast');
      const parseErrorLines = () => engine.findingsFor('f.yaml').filter((f) => f.ruleId === 'parse-error').map((f) => f.range.start.line + 1);
      engine.completeFile('f.yaml', 2);
      assert.deepEqual(parseErrorLines(), [36]);
      assert.equal(engine.index.file('f.yaml')!.readFastOnly, true);
      engine.completeFile('f.yaml', 2);
      assert.deepEqual(parseErrorLines(), [36, 72]);
      assert.equal(engine.index.file('f.yaml')!.readFastOnly, false);
    });

    it('an edit reads the changed document completely', () => {
      const engine = new AnalysisEngine(rules);
      engine.setFile('f.yaml', [web(), web()].join('---\n'), 'fast');
      engine.setFile('f.yaml', [web(), web(unclosed)].join('---\n'));
      assert.deepEqual(engine.findingsFor('f.yaml').map((f) => `${f.ruleId} ${f.range.start.line + 1}`), ['parse-error 36']);
      const [first, second] = engine.index.file('f.yaml')!.documents;
      assert.deepEqual([first!.content, second!.content].map((c) => (c.state === 'read' ? `read ${c.complete}` : c.state)), ['read false', 'error']);
    });
  });

  it('binary garbage and deeply nested documents do not crash', () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    assert.deepEqual(lintOne(garbage), []);
    const deep = yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: deep', `  labels: ${'['.repeat(20000)}${']'.repeat(20000)}`);
    assert.deepEqual(lintOne(deep).map((f) => f.ruleId), ['parse-error']);
  });
});

// The sandbox's built-in scenario tells the sample workspace's story: the
// walkthrough laid out as without the database, the database on its own
// node, and the sample Eviction (eviction.yaml) answered by the simulator as
// its hover predicts from the manifests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AnalysisEngine } from '../../../server/src/analysis/engine';
import { hoverAt } from '../../../server/src/analysis/hovers';
import type { Pod } from '../../../server/src/k8s/types';
import { rules } from '../../../server/src/rules/registry';
import { buildCluster } from '../../../server/src/sim/scenario';
import { builtInScenario, databaseNode } from '../../../server/src/sim/scenarios/builtIn';
import { walkthroughScenario } from '../../../server/src/sim/scenarios/walkthrough';
import { evict } from './helpers';

const workspace = join(__dirname, '../../../../test/fixtures/workspace');

function start(objects: unknown[]) {
  const { cluster, report } = buildCluster({ objects, warmUpMs: 60_000 });
  assert.deepEqual(report, { rejected: [], skipped: [] });
  return cluster;
}

/** Which app runs where: node name to the sorted apps of its pods. */
function layout(objects: unknown[]): Record<string, string[]> {
  const pods = start(objects).list('pods', 'default') as Pod[];
  const byNode: Record<string, string[]> = {};
  for (const pod of pods) (byNode[pod.spec?.nodeName ?? 'Pending'] ??= []).push(pod.metadata?.labels?.app ?? '');
  for (const apps of Object.values(byNode)) apps.sort();
  return byNode;
}

describe('the built-in scenario', () => {
  test('the walkthrough is laid out as without the database, which has db-1 to itself', () => {
    const alone = layout(walkthroughScenario());
    const both = layout(builtInScenario());
    assert.deepEqual(both, { ...alone, [databaseNode]: ['postgres', 'postgres', 'postgres'] });
  });

  test('the sample Eviction gets from the simulator the answer its hover predicts from the workspace: 429, postgres-pdb', () => {
    const engine = new AnalysisEngine(rules);
    const files = Object.fromEntries(readdirSync(workspace).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(join(workspace, f), 'utf8')]));
    for (const [name, text] of Object.entries(files)) engine.setFile(name, text);
    const eviction = files['eviction.yaml']!;
    const hover = hoverAt(engine, 'eviction.yaml', eviction.indexOf('kind: Eviction') + 'kind: '.length + 1)!.markdown;
    assert.match(hover, /^\*\*postgres-pdb \(minAvailable 3; 3 healthy, 3 desired\) allows no disruption now: the API server should refuse \(429\): (The disruption budget postgres-pdb needs 3 healthy pods and has 3 currently)\.\*\*/);
    const predictedCause = /refuse \(429\): ([^*]+)\.\*\*/.exec(hover)![1];

    const cluster = start(builtInScenario());
    const name = /name: (\S+)/.exec(eviction)![1]!;
    const answer = evict(cluster, name, { deleteOptions: { dryRun: ['All'] } }).status;
    assert.equal(answer.code, 429);
    assert.equal(answer.details?.causes?.[0]?.message, predictedCause);
    const pod = cluster.get('pods', 'default', name);
    assert.ok(pod.ok && !(pod.value as Pod).metadata?.deletionTimestamp, 'a dry run changes nothing');
  });
});

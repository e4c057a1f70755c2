// Repositories as they are laid out: variants of one object (same kind,
// namespace and name in several files) are alternatives, never siblings, and
// the rules that relate objects relate those deployed together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Settings } from '../../../server/src/analysis/settings';
import { deployment, lint, node, pdb, yaml } from '../rules/harness';

/** The rules that relate objects to each other. */
const relating = new Set(['pdb-conflict', 'pdb-blocks-eviction', 'pdb-selects-nothing', 'untolerated-taint', 'eviction-invalid']);

interface LayoutCase {
  name: string;
  files: Record<string, string>;
  settings?: Partial<Settings>;
  /** `file:line rule` of every finding of the relating rules, in file order. */
  expect: string[];
  /** Substrings of those findings' messages, in the order of `expect`. */
  messages?: string[];
}

function runLayouts(cases: LayoutCase[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const { findings } = lint(c.files, c.settings);
      const mine = findings.filter((f) => relating.has(f.ruleId));
      assert.deepEqual(
        mine.map((f) => `${f.uri}:${f.range.start.line + 1} ${f.ruleId}`),
        c.expect,
        mine.map((f) => `${f.uri}:${f.range.start.line + 1} ${f.ruleId} ${f.message}`).join('\n'),
      );
      (c.messages ?? []).forEach((part, i) => assert.ok(mine[i]!.message.includes(part), `${mine[i]!.message}\n  does not contain\n${part}`));
    });
  }
}

const selecting = (app: string, budget: string) => [`  ${budget}`, '  selector:', `    matchLabels: {app: ${app}}`];
const web = (replicas: number) => deployment('web', { app: 'web' }, replicas);
const webPdb = (budget: string, name = 'web-pdb') => pdb(name, selecting('web', budget));

/** One rendering of a linkerd-like install, as golden files hold them: HA renders add budgets and replicas. */
function install(ha: boolean): string {
  const component = (name: string) => [
    yaml(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: linkerd-${name}`,
      '  namespace: linkerd',
      'spec:',
      `  replicas: ${ha ? 3 : 1}`,
      `  selector: {matchLabels: {linkerd.io/control-plane-component: ${name}}}`,
      '  template:',
      `    metadata: {labels: {linkerd.io/control-plane-component: ${name}}}`,
      '    spec: {containers: [{name: c, image: x}]}',
    ),
    ...(ha ? [pdb(`linkerd-${name}`, ['  maxUnavailable: 1', `  selector: {matchLabels: {linkerd.io/control-plane-component: ${name}}}`], 'policy/v1', 'linkerd')] : []),
  ];
  return ['identity', 'destination', 'proxy-injector'].flatMap(component).join('---\n');
}

const gpuNode = (tainted: boolean) => node('node-1', { pool: 'gpu' }, tainted ? ['  - {key: gpu, value: "true", effect: NoSchedule}'] : []);
const onGpu = (name: string) => deployment(name, { app: name }, 1, ['      nodeSelector: {pool: gpu}']);
const statefulSet = (replicas: number) =>
  yaml('apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: db}', 'spec:', `  replicas: ${replicas}`, '  selector: {matchLabels: {app: db}}', '  template: {metadata: {labels: {app: db}}, spec: {containers: []}}');
const eviction = (pod: string) => yaml('apiVersion: policy/v1', 'kind: Eviction', 'metadata:', `  name: ${pod}`);

describe('clusters: variants of one object are alternatives', () => {
  describe('Kustomize: base and overlays', () => {
    runLayouts([
      {
        name: 'every overlay patches the base budget: one budget per cluster, the nearest variant of each object',
        files: {
          'base/deployment.yaml': web(3),
          'base/pdb.yaml': webPdb('minAvailable: 1'),
          'overlays/prod/pdb.yaml': webPdb('minAvailable: 2'),
          'overlays/staging/pdb.yaml': webPdb('minAvailable: 1'),
          'overlays/staging/deployment.yaml': web(1),
        },
        // Staging runs one replica under minAvailable 1; prod's budget is judged against the base's three.
        expect: ['overlays/staging/pdb.yaml:7 pdb-blocks-eviction'],
        messages: ['minAvailable 1 of 1 pods'],
      },
      {
        name: "an overlay's own extra budget conflicts with the base's in that overlay only",
        files: {
          'base/deployment.yaml': web(3),
          'base/pdb.yaml': webPdb('minAvailable: 1'),
          'overlays/prod/extra-pdb.yaml': webPdb('maxUnavailable: 1', 'web-extra'),
          'overlays/prod/pdb.yaml': webPdb('minAvailable: 2'),
          'overlays/staging/pdb.yaml': webPdb('minAvailable: 1'),
        },
        expect: [
          'base/deployment.yaml:12 pdb-conflict',
          'base/pdb.yaml:8 pdb-conflict',
          'overlays/prod/extra-pdb.yaml:8 pdb-conflict',
          'overlays/prod/pdb.yaml:8 pdb-conflict',
        ],
        messages: ['selected by 2 PodDisruptionBudgets (web-extra, web-pdb)', 'PodDisruptionBudget web-pdb selects the same pods as PodDisruptionBudget web-extra: Deployment web.'],
      },
    ]);
  });

  describe('one folder per environment', () => {
    runLayouts([
      {
        name: 'folders of any name holding variants of one object are alternatives: the same names do not conflict',
        files: {
          'prod/web.yaml': [web(3), webPdb('minAvailable: 2')].join('---\n'),
          'staging/web.yaml': [web(1), webPdb('maxUnavailable: 1')].join('---\n'),
        },
        expect: [],
      },
      {
        name: 'a conflict in one environment is reported there only',
        files: {
          'prod/web.yaml': [web(3), webPdb('minAvailable: 2')].join('---\n'),
          'staging/web.yaml': [web(2), webPdb('maxUnavailable: 1'), webPdb('maxUnavailable: 1', 'web-canary')].join('---\n'),
        },
        expect: ['staging/web.yaml:12 pdb-conflict', 'staging/web.yaml:25 pdb-conflict', 'staging/web.yaml:35 pdb-conflict'],
        messages: ['selected by 2 PodDisruptionBudgets (web-canary, web-pdb)'],
      },
      ...['env', 'envs', 'environments', 'clusters', 'overlays'].map((folder) => ({
        name: `${folder}/*: environments with their own object names never relate to each other`,
        files: {
          [`deploy/${folder}/prod/app.yaml`]: [deployment('web-prod', { app: 'web' }, 3), webPdb('minAvailable: 2', 'pdb-prod')].join('---\n'),
          [`deploy/${folder}/staging/app.yaml`]: [deployment('web-staging', { app: 'web' }, 2), webPdb('minAvailable: 1', 'pdb-staging')].join('---\n'),
        },
        expect: [],
      })),
      {
        name: 'folders of other names with their own object names are one cluster, as far as the files tell',
        files: {
          'prod/app.yaml': [deployment('web-prod', { app: 'web' }, 3), webPdb('minAvailable: 2', 'pdb-prod')].join('---\n'),
          'staging/app.yaml': [deployment('web-staging', { app: 'web' }, 2), webPdb('minAvailable: 1', 'pdb-staging')].join('---\n'),
        },
        expect: ['prod/app.yaml:12 pdb-conflict', 'prod/app.yaml:25 pdb-conflict', 'staging/app.yaml:12 pdb-conflict', 'staging/app.yaml:25 pdb-conflict'],
      },
      {
        name: 'kubeEviction.clusters tells them apart; a file in two clusters (a base) relates to both',
        settings: { clusters: { prod: ['prod/**', 'common/**'], staging: ['staging/**', 'common/**'] } },
        files: {
          'prod/app.yaml': [deployment('web-prod', { app: 'web' }, 3), webPdb('minAvailable: 2', 'pdb-prod')].join('---\n'),
          'staging/app.yaml': [deployment('web-staging', { app: 'web' }, 2), webPdb('minAvailable: 1', 'pdb-staging')].join('---\n'),
          'common/api.yaml': [deployment('api', { app: 'api' }, 1), pdb('api-pdb', selecting('api', 'minAvailable: 1'))].join('---\n'),
          'tools/all.yaml': pdb('all', selecting('api', 'maxUnavailable: 1')),
        },
        // tools/ is in no cluster: its budget selects nothing of prod or staging.
        expect: ['common/api.yaml:24 pdb-blocks-eviction', 'tools/all.yaml:8 pdb-selects-nothing'],
      },
    ]);
  });

  describe('golden and test data files', () => {
    runLayouts([
      {
        name: 'linkerd-like install renderings in testdata: no budget conflicts with its own variants',
        files: {
          'cli/cmd/testdata/install_default.golden.yaml': install(false),
          'cli/cmd/testdata/install_ha_output.golden.yaml': install(true),
          'cli/cmd/testdata/upgrade_ha.golden.yaml': install(true),
        },
        expect: [],
      },
      {
        name: 'renderings side by side in a folder of any name: told apart by their variants',
        files: { 'charts/renders/default.yaml': install(false), 'charts/renders/ha.yaml': install(true), 'charts/renders/ha-upgrade.yaml': install(true) },
        expect: [],
      },
      {
        name: 'each test data file is a case of its own',
        files: {
          'testdata/conflict-a.yaml': [web(3), webPdb('minAvailable: 1')].join('---\n'),
          'testdata/conflict-b.yaml': webPdb('maxUnavailable: 1', 'other'),
        },
        expect: ['testdata/conflict-b.yaml:8 pdb-selects-nothing'],
      },
      {
        name: 'two variants in one file count once',
        files: { 'all.yaml': [web(3), webPdb('minAvailable: 1'), webPdb('minAvailable: 1')].join('---\n') },
        expect: [],
      },
    ]);
  });

  describe('nodes and evictions', () => {
    runLayouts([
      {
        name: "clusters/*: a pod is judged against its own cluster's variant of a node; a shared one against the first of the nearest",
        files: {
          'apps/batch.yaml': onGpu('batch'),
          'clusters/a/app.yaml': onGpu('trainer'),
          'clusters/a/nodes.yaml': gpuNode(true),
          'clusters/b/app.yaml': onGpu('trainer'),
          'clusters/b/nodes.yaml': gpuNode(false),
        },
        expect: ['apps/batch.yaml:14 untolerated-taint', 'clusters/a/app.yaml:14 untolerated-taint'],
        messages: ['"0/1 nodes are available: 1 node(s) had untolerated taint {gpu: true}.', '"0/1 nodes are available: 1 node(s) had untolerated taint {gpu: true}.'],
      },
      {
        name: "an Eviction names a pod of its own cluster's variant of the StatefulSet",
        files: {
          'prod/db.yaml': statefulSet(1),
          'prod/evict.yaml': eviction('db-2'),
          'staging/db.yaml': statefulSet(3),
          'staging/evict.yaml': eviction('db-2'),
          'testdata/evict.yaml': eviction('db-0'),
        },
        expect: ['prod/evict.yaml:4 eviction-invalid', 'testdata/evict.yaml:4 eviction-invalid'],
        messages: ['No pod db-2 in namespace default in the workspace', 'No pod db-0 in namespace default in the workspace'],
      },
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { lint, pdb, yaml } from './harness';
import { AnalysisEngine } from '../../../server/src/analysis/engine';
import { rules } from '../../../server/src/rules/registry';
import { applyFix } from './fixes';
import { runCases } from './run';
import { hoverAt } from '../../../server/src/analysis/hovers';

const v1beta1 = pdb('web-pdb', ['  minAvailable: 1', '  selector:', '    matchLabels: {app: web}'], 'policy/v1beta1');

describe('deprecated-api', () => {
  runCases('deprecated-api', [
    { name: 'policy/v1 is current', files: { 'p.yaml': pdb('p', ['  minAvailable: 1']) }, expect: [] },
    {
      name: 'policy/v1beta1 PDB: error at the default target 1.32',
      files: { 'p.yaml': v1beta1 },
      expect: ['p.yaml:1 error'],
      messages: ['policy/v1beta1 PodDisruptionBudget is not served by Kubernetes 1.32 (removed in 1.25, deprecated since 1.21): applying it fails with: no matches for kind "PodDisruptionBudget" in version "policy/v1beta1". Use policy/v1 (only the apiVersion changes).'],
    },
    { name: 'policy/v1beta1 PDB: warning where 1.24 still serves it', files: { 'p.yaml': v1beta1 }, settings: { kubernetesVersion: '1.24' }, expect: ['p.yaml:1 warning'] },
    { name: 'policy/v1beta1 PDB: nothing before 1.21', files: { 'p.yaml': v1beta1 }, settings: { kubernetesVersion: '1.20' }, expect: [] },
    {
      name: 'PodSecurityPolicy: removed, with no replacement',
      files: { 'psp.yaml': yaml('apiVersion: policy/v1beta1', 'kind: PodSecurityPolicy', 'metadata: {name: restricted}', 'spec: {privileged: false}') },
      expect: ['psp.yaml:1 error'],
      messages: ['Pod Security Admission'],
    },
    {
      name: 'policy/v1beta1 Eviction: still accepted, deprecated',
      files: { 'e.yaml': yaml('apiVersion: policy/v1beta1', 'kind: Eviction', 'metadata: {name: web-0, namespace: default}') },
      expect: ['e.yaml:1 warning'],
    },
  ]);

  it('moves a PDB to policy/v1 with its quick fix', () => {
    const files = { 'p.yaml': v1beta1 };
    const [finding] = lint(files).findings.filter((f) => f.ruleId === 'deprecated-api');
    assert.equal(finding!.fixes[0]!.title, 'Move to policy/v1');
    const fixed = applyFix(files, finding!);
    assert.equal(fixed['p.yaml'], v1beta1.replace('policy/v1beta1', 'policy/v1'));
    assert.deepEqual(lint(fixed).findings.filter((f) => f.ruleId === 'deprecated-api'), []);
  });

  it('warns that selector {} changes meaning, and offers a fix that keeps selecting no pods', () => {
    const files = { 'p.yaml': pdb('all', ['  maxUnavailable: 1', '  selector: {}'], 'policy/v1beta1'), 'web.yaml': yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: w}', 'spec: {containers: []}') };
    const [finding] = lint(files).findings.filter((f) => f.ruleId === 'deprecated-api');
    assert.match(finding!.message, /selector: \{\}` selects no pods in policy\/v1beta1 but every pod of the namespace in policy\/v1/);
    assert.deepEqual(finding!.fixes.map((f) => f.preferred), [true, false]);
    const kept = applyFix(files, finding!, 'Move to policy/v1, keeping selector {} selecting no pods');
    assert.deepEqual(parse(kept['p.yaml']!).spec.selector, { matchExpressions: [{ key: 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match', operator: 'Exists' }] });
    // Kept: the PDB still selects nothing, so it conflicts with nothing and reports it selects nothing.
    assert.deepEqual(lint(kept).findings.map((f) => f.ruleId), ['pdb-selects-nothing']);
    const plain = applyFix(files, finding!, 'Move to policy/v1 (selector {} then selects every pod of the namespace)');
    assert.equal(parse(plain['p.yaml']!).apiVersion, 'policy/v1');
    // Now it selects the bare pod, which has no controller: maxUnavailable then counts no pods and allows nothing.
    const after = lint(plain).findings;
    assert.deepEqual(after.map((f) => f.ruleId), ['pdb-blocks-eviction']);
    assert.match(after[0]!.message, /only pods that have a controller, and Pod w has none/);
  });
});

/**
 * Every (apiVersion, kind) of the table, one object each, and what the rule
 * reports at 1.16, 1.22, 1.25 and 1.32: E error (not served), W warning
 * (deprecated), - nothing.
 */
const byTarget: [string, string, string][] = [
    ['admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfiguration', 'WEEE'],
    ['admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration', 'WEEE'],
    ['admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy', '---W'],
    ['admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicyBinding', '---W'],
    ['admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicy', '----'],
    ['admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicyBinding', '----'],
    ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', 'WEEE'],
    ['apiregistration.k8s.io/v1beta1', 'APIService', '-EEE'],
    ['apps/v1beta1', 'ControllerRevision', 'EEEE'],
    ['apps/v1beta1', 'Deployment', 'EEEE'],
    ['apps/v1beta1', 'StatefulSet', 'EEEE'],
    ['apps/v1beta2', 'ControllerRevision', 'EEEE'],
    ['apps/v1beta2', 'DaemonSet', 'EEEE'],
    ['apps/v1beta2', 'Deployment', 'EEEE'],
    ['apps/v1beta2', 'ReplicaSet', 'EEEE'],
    ['apps/v1beta2', 'StatefulSet', 'EEEE'],
    ['authentication.k8s.io/v1beta1', 'TokenReview', '-EEE'],
    ['authentication.k8s.io/v1beta1', 'SelfSubjectReview', '---W'],
    ['authorization.k8s.io/v1beta1', 'LocalSubjectAccessReview', '-EEE'],
    ['authorization.k8s.io/v1beta1', 'SelfSubjectAccessReview', '-EEE'],
    ['authorization.k8s.io/v1beta1', 'SelfSubjectRulesReview', '-EEE'],
    ['authorization.k8s.io/v1beta1', 'SubjectAccessReview', '-EEE'],
    ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', '-WEE'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '--WE'],
    ['batch/v1beta1', 'CronJob', '-WEE'],
    ['certificates.k8s.io/v1beta1', 'CertificateSigningRequest', '-EEE'],
    ['certificates.k8s.io/v1beta1', 'ClusterTrustBundle', '----'],
    ['coordination.k8s.io/v1beta1', 'Lease', '-EEE'],
    ['coordination.k8s.io/v1beta1', 'LeaseCandidate', '----'],
    ['discovery.k8s.io/v1beta1', 'EndpointSlice', '-WEE'],
    ['events.k8s.io/v1beta1', 'Event', '-WEE'],
    ['extensions/v1beta1', 'DaemonSet', 'EEEE'],
    ['extensions/v1beta1', 'Deployment', 'EEEE'],
    ['extensions/v1beta1', 'Ingress', 'WEEE'],
    ['extensions/v1beta1', 'NetworkPolicy', 'EEEE'],
    ['extensions/v1beta1', 'PodSecurityPolicy', 'EEEE'],
    ['extensions/v1beta1', 'ReplicaSet', 'EEEE'],
    ['flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', '--WE'],
    ['flowcontrol.apiserver.k8s.io/v1beta1', 'PriorityLevelConfiguration', '--WE'],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '---E'],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfiguration', '---E'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '---E'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', '---E'],
    ['networking.k8s.io/v1beta1', 'Ingress', '-EEE'],
    ['networking.k8s.io/v1beta1', 'IngressClass', '-EEE'],
    ['networking.k8s.io/v1beta1', 'IPAddress', '----'],
    ['networking.k8s.io/v1beta1', 'ServiceCIDR', '----'],
    ['node.k8s.io/v1beta1', 'RuntimeClass', '-WEE'],
    ['policy/v1beta1', 'PodDisruptionBudget', '-WEE'],
    ['policy/v1beta1', 'PodSecurityPolicy', '-WEE'],
    ['policy/v1beta1', 'Eviction', '-WWW'],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', '-EEE'],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRoleBinding', '-EEE'],
    ['rbac.authorization.k8s.io/v1beta1', 'Role', '-EEE'],
    ['rbac.authorization.k8s.io/v1beta1', 'RoleBinding', '-EEE'],
    ['resource.k8s.io/v1beta1', 'DeviceClass', '----'],
    ['resource.k8s.io/v1beta1', 'ResourceClaim', '----'],
    ['resource.k8s.io/v1beta1', 'ResourceClaimTemplate', '----'],
    ['resource.k8s.io/v1beta1', 'ResourceSlice', '----'],
    ['resource.k8s.io/v1beta2', 'DeviceClass', '----'],
    ['resource.k8s.io/v1beta2', 'ResourceClaim', '----'],
    ['resource.k8s.io/v1beta2', 'ResourceClaimTemplate', '----'],
    ['resource.k8s.io/v1beta2', 'ResourceSlice', '----'],
    ['scheduling.k8s.io/v1beta1', 'PriorityClass', 'WEEE'],
    ['storage.k8s.io/v1beta1', 'CSIDriver', '-EEE'],
    ['storage.k8s.io/v1beta1', 'CSINode', '-EEE'],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', '--WE'],
    ['storage.k8s.io/v1beta1', 'StorageClass', '-EEE'],
    ['storage.k8s.io/v1beta1', 'VolumeAttachment', '-EEE'],
    ['storage.k8s.io/v1beta1', 'VolumeAttributesClass', '----'],
];

describe('deprecated-api: every built-in version at 1.16, 1.22, 1.25 and 1.32', () => {
  const targets = ['1.16', '1.22', '1.25', '1.32'];
  // One file of all the objects, as a repository of old manifests would hold them.
  const file = byTarget.map(([apiVersion, kind], i) => yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: object-${i}`, '  namespace: default')).join('---\n');
  for (const target of targets) {
    it(`at ${target}`, () => {
      const findings = lint({ 'old.yaml': file }, { kubernetesVersion: target }).findings.filter((f) => f.ruleId === 'deprecated-api');
      const got = new Map(findings.map((f) => [f.range.start.line / 6, f.severity === 'error' ? 'E' : f.severity === 'warning' ? 'W' : f.severity]));
      const t = targets.indexOf(target);
      const expected = byTarget.map(([apiVersion, kind, codes]) => `${apiVersion} ${kind} ${codes[t]}`);
      assert.deepEqual(byTarget.map(([apiVersion, kind], i) => `${apiVersion} ${kind} ${got.get(i) ?? '-'}`), expected);
    });
  }
});

describe('deprecated-api: messages say what replaces a version and what changes', () => {
  runCases('deprecated-api', [
    {
      name: 'autoscaling/v2beta1: the metric targets change shape',
      files: { 'h.yaml': yaml('apiVersion: autoscaling/v2beta1', 'kind: HorizontalPodAutoscaler', 'metadata: {name: web}', 'spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 3}') },
      expect: ['h.yaml:1 error'],
      messages: ['autoscaling/v2beta1 HorizontalPodAutoscaler is not served by Kubernetes 1.32 (removed in 1.25, deprecated since 1.22): applying it fails with: no matches for kind "HorizontalPodAutoscaler" in version "autoscaling/v2beta1". Use autoscaling/v2: metric targets move into a `target` object: `targetAverageUtilization: N` becomes `target: {type: Utilization, averageUtilization: N}`'],
    },
    {
      name: 'a deprecated, still served version warns with the removal release',
      files: { 'v.yaml': yaml('apiVersion: admissionregistration.k8s.io/v1beta1', 'kind: ValidatingAdmissionPolicy', 'metadata: {name: p}') },
      expect: ['v.yaml:1 warning'],
      messages: ['admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy is deprecated since Kubernetes 1.31 and not served from 1.34. Kubernetes 1.32 serves no replacement for it.'],
    },
    {
      name: 'extensions/v1beta1 PodSecurityPolicy: its replacement is gone too',
      files: { 'psp.yaml': yaml('apiVersion: extensions/v1beta1', 'kind: PodSecurityPolicy', 'metadata: {name: p}') },
      expect: ['psp.yaml:1 error'],
      messages: ['use Pod Security Admission'],
    },
    {
      name: 'items of a List are checked one by one',
      files: { 'l.yaml': yaml('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: batch/v1beta1', '  kind: CronJob', '  metadata: {name: a}', '- apiVersion: batch/v1', '  kind: CronJob', '  metadata: {name: b}') },
      expect: ['l.yaml:4 error'],
    },
    {
      name: 'a JSON manifest',
      files: { 'r.json': '{"apiVersion": "rbac.authorization.k8s.io/v1beta1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": []}' },
      expect: ['r.json:1 error'],
    },
  ]);
});

/** Applies the fix, and checks the result reads as expected and lints clean of deprecated-api. */
function fixed(files: Record<string, string>, title?: string): Record<string, string> {
  const [finding] = lint(files).findings.filter((f) => f.ruleId === 'deprecated-api');
  assert.ok(finding, 'a deprecated-api finding');
  const after = applyFix(files, finding, title);
  assert.deepEqual(lint(after).findings.filter((f) => f.ruleId === 'deprecated-api' || f.ruleId === 'parse-error'), []);
  return after;
}

describe('deprecated-api quick fixes: conversions that keep the meaning, applied and linted again', () => {
  it('autoscaling/v2beta2 to v2: same fields', () => {
    const hpa = yaml(
      'apiVersion: autoscaling/v2beta2',
      'kind: HorizontalPodAutoscaler',
      'metadata: {name: web}',
      'spec:',
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
      '  minReplicas: 2',
      '  maxReplicas: 5',
      '  metrics:',
      '  - type: Resource',
      '    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}',
    );
    const after = fixed({ 'h.yaml': hpa });
    assert.equal(after['h.yaml'], hpa.replace('autoscaling/v2beta2', 'autoscaling/v2'));
  });

  it('autoscaling/v2beta1 to v2: each metric source converted as the API server converts it', () => {
    const old = yaml(
      'apiVersion: autoscaling/v2beta1',
      'kind: HorizontalPodAutoscaler',
      'metadata: {name: web}',
      'spec:',
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
      '  maxReplicas: 10',
      '  metrics:',
      '  - type: Resource',
      '    resource:',
      '      name: cpu',
      '      targetAverageUtilization: 60',
      '  - type: Pods',
      '    pods: {metricName: requests, targetAverageValue: 1k}',
      '  - type: Object',
      '    object:',
      '      target: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main}',
      '      metricName: hits',
      '      targetValue: 2k',
      '  - type: External',
      '    external:',
      '      metricName: queue',
      '      metricSelector:',
      '        matchLabels: {queue: jobs}',
      '      targetAverageValue: "30"',
    );
    const after = fixed({ 'h.yaml': old })['h.yaml']!;
    assert.deepEqual(parse(after).spec.metrics, [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Pods', pods: { metric: { name: 'requests' }, target: { type: 'AverageValue', averageValue: '1k' } } },
      { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'hits' }, target: { type: 'Value', value: '2k' } } },
      { type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { queue: 'jobs' } } }, target: { type: 'AverageValue', averageValue: '30' } } },
    ]);
    assert.equal(parse(after).apiVersion, 'autoscaling/v2');
    assert.ok(after.includes('    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}\n'), after);
  });

  it('autoscaling/v2beta1 with a field the conversion does not know: no fix', () => {
    const odd = yaml('apiVersion: autoscaling/v2beta1', 'kind: HorizontalPodAutoscaler', 'metadata: {name: web}', 'spec:', '  metrics:', '  - type: Resource', '    resource: {name: cpu, targetAverageUtilization: 60, extra: 1}');
    const [finding] = lint({ 'h.yaml': odd }).findings.filter((f) => f.ruleId === 'deprecated-api');
    assert.deepEqual(finding!.fixes, []);
  });

  it('batch/v1beta1 CronJob and rbac v1beta1: the apiVersion alone, quoted as it was', () => {
    const cron = yaml('apiVersion: "batch/v1beta1"', 'kind: CronJob', 'metadata: {name: c}', 'spec:', '  schedule: "@hourly"', '  jobTemplate: {spec: {template: {spec: {containers: [], restartPolicy: Never}}}}');
    assert.equal(fixed({ 'c.yaml': cron })['c.yaml'], cron.replace('"batch/v1beta1"', '"batch/v1"'));
    const role = yaml('apiVersion: rbac.authorization.k8s.io/v1beta1', 'kind: Role', 'metadata: {name: r}', 'rules: []');
    assert.equal(fixed({ 'r.yaml': role })['r.yaml'], role.replace('v1beta1', 'v1'));
  });

  it('flowcontrol v1beta2 FlowSchema: to the version the target serves, past removed ones', () => {
    const schema = yaml('apiVersion: flowcontrol.apiserver.k8s.io/v1beta2', 'kind: FlowSchema', 'metadata: {name: f}');
    assert.equal(fixed({ 'f.yaml': schema })['f.yaml'], schema.replace('v1beta2', 'v1'));
  });

  it('extensions/v1beta1 Deployment without a selector: writes the selector the old version defaulted', () => {
    const old = yaml(
      'apiVersion: extensions/v1beta1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    metadata:',
      '      labels: {app: web, tier: "front"}',
      '    spec:',
      '      containers: [{name: c, image: nginx}]',
    );
    const after = fixed({ 'd.yaml': old })['d.yaml']!;
    assert.equal(after, old.replace('extensions/v1beta1', 'apps/v1').replace('  replicas: 2', '  selector: {matchLabels: {app: web, tier: "front"}}\n  replicas: 2'));
    assert.deepEqual(parse(after).spec.selector, { matchLabels: { app: 'web', tier: 'front' } });
  });

  it('a Deployment with neither selector nor template labels gets no fix: the message says what to set', () => {
    const [finding] = lint({ 'd.yaml': yaml('apiVersion: apps/v1beta1', 'kind: Deployment', 'metadata: {name: web}', 'spec: {template: {spec: {containers: []}}}') }).findings;
    assert.deepEqual(finding!.fixes, []);
    assert.match(finding!.message, /apps\/v1 requires `spec.selector`/);
  });

  it('networking.k8s.io/v1beta1 Ingress: backends, defaultBackend and pathType as the API server converts them', () => {
    const old = yaml(
      'apiVersion: networking.k8s.io/v1beta1',
      'kind: Ingress',
      'metadata: {name: web}',
      'spec:',
      '  backend:',
      '    serviceName: fallback',
      '    servicePort: 80',
      '  rules:',
      '  - host: example.com',
      '    http:',
      '      paths:',
      '      - path: /api',
      '        backend:',
      '          servicePort: http',
      '          serviceName: api',
      '      - path: /',
      '        pathType: Prefix',
      '        backend: {serviceName: web, servicePort: 8080}',
    );
    const after = fixed({ 'i.yaml': old })['i.yaml']!;
    assert.equal(
      after,
      yaml(
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata: {name: web}',
        'spec:',
        '  defaultBackend:',
        '    service:',
        '      name: fallback',
        '      port:',
        '        number: 80',
        '  rules:',
        '  - host: example.com',
        '    http:',
        '      paths:',
        '      - pathType: ImplementationSpecific',
        '        path: /api',
        '        backend:',
        '          service:',
        '            name: api',
        '            port:',
        '              name: http',
        '      - path: /',
        '        pathType: Prefix',
        '        backend: {service: {name: web, port: {number: 8080}}}',
      ),
    );
  });

  it('extensions/v1beta1 Ingress in flow style', () => {
    const old = yaml('apiVersion: extensions/v1beta1', 'kind: Ingress', 'metadata: {name: w}', 'spec: {rules: [{http: {paths: [{path: /, backend: {serviceName: w, servicePort: "80"}}]}}]}');
    const after = fixed({ 'i.yaml': old })['i.yaml']!;
    assert.deepEqual(parse(after).spec.rules[0].http.paths[0], { pathType: 'ImplementationSpecific', path: '/', backend: { service: { name: 'w', port: { name: '80' } } } });
  });

  it('no fix where moving changes the meaning: a webhook configuration, a CRD', () => {
    for (const [apiVersion, kind] of [['admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration'], ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition']]) {
      const [finding] = lint({ 'x.yaml': yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata: {name: x}') }).findings.filter((f) => f.ruleId === 'deprecated-api');
      assert.deepEqual(finding!.fixes, [], kind);
      assert.ok(finding!.message.length > 200, finding!.message);
    }
  });
});

describe('deprecated-api: custom resources of CustomResourceDefinitions in the workspace', () => {
  const crd = (versions: string[]) =>
    yaml(
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: widgets.example.com}',
      'spec:',
      '  group: example.com',
      '  names: {kind: Widget, plural: widgets}',
      '  scope: Namespaced',
      '  versions:',
      ...versions,
    );
  const widget = (version: string, name = 'w') => yaml(`apiVersion: example.com/${version}`, 'kind: Widget', `metadata: {name: ${name}}`, 'spec: {size: 1}');
  const versions = [
    '  - name: v1alpha1',
    '    served: false',
    '    storage: false',
    '    schema: {openAPIV3Schema: {type: object}}',
    '  - name: v1beta1',
    '    served: true',
    '    storage: false',
    '    deprecated: true',
    '    deprecationWarning: "example.com/v1beta1 Widget is deprecated; use example.com/v1"',
    '  - name: v1',
    '    served: true',
    '    storage: true',
  ];

  runCases('deprecated-api', [
    {
      name: 'served: false is an error, deprecated a warning with its deprecationWarning, a current version nothing',
      files: { 'crd.yaml': crd(versions), 'a.yaml': widget('v1alpha1'), 'b.yaml': widget('v1beta1'), 'c.yaml': widget('v1') },
      expect: ['a.yaml:1 error', 'b.yaml:1 warning'],
      messages: [
        'example.com/v1alpha1 Widget is not served: CustomResourceDefinition widgets.example.com sets `served: false` for v1alpha1, so applying it fails with: no matches for kind "Widget" in version "example.com/v1alpha1".',
        'example.com/v1beta1 Widget is deprecated by CustomResourceDefinition widgets.example.com; the API server warns: "example.com/v1beta1 Widget is deprecated; use example.com/v1".',
      ],
    },
    {
      name: 'without its CRD in the workspace, a custom resource is not judged',
      files: { 'a.yaml': widget('v1alpha1') },
      expect: [],
    },
  ]);

  it('points at the version of the CRD, and re-checks the custom resources when the CRD changes', () => {
    const engine = new AnalysisEngine(rules);
    engine.setFile('a.yaml', widget('v1beta1'));
    engine.setFile('b.yaml', widget('v1', 'other'));
    const widgetFindings = () => ['a.yaml', 'b.yaml'].flatMap((uri) => engine.findingsFor(uri)).filter((f) => f.ruleId === 'deprecated-api');
    assert.deepEqual(widgetFindings(), []);
    // Both Widgets are checked again (b.yaml finds the same, so it is not published again); the other files are not.
    engine.setFile('other.yaml', yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: d}', 'spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}}}'));
    assert.deepEqual([...engine.setFile('crd.yaml', crd(versions))].sort(), ['a.yaml', 'crd.yaml']);
    const [finding] = widgetFindings();
    assert.equal(finding!.severity, 'warning');
    assert.deepEqual(finding!.related.map((r) => `${r.location.uri}:${r.location.range.start.line + 1} ${r.message}`), ['crd.yaml:13 CustomResourceDefinition widgets.example.com: version v1beta1']);
    // v1 deprecated too, and v1beta1 no longer served: both custom resources change.
    engine.setFile('crd.yaml', crd(['  - {name: v1beta1, served: false, storage: false}', '  - {name: v1, served: true, storage: true, deprecated: true}']));
    assert.deepEqual(widgetFindings().map((f) => `${f.uri} ${f.severity}`), ['a.yaml error', 'b.yaml warning']);
    assert.match(widgetFindings()[1]!.message, /the API server warns: "example.com\/v1 Widget is deprecated"\.$/);
    engine.removeFile('crd.yaml');
    assert.deepEqual(widgetFindings(), []);
  });

  it('an apiextensions.k8s.io/v1beta1 CRD defines its custom resources too (and is itself deprecated)', () => {
    const old = yaml('apiVersion: apiextensions.k8s.io/v1beta1', 'kind: CustomResourceDefinition', 'metadata: {name: widgets.example.com}', 'spec:', '  group: example.com', '  names: {kind: Widget}', '  versions:', '  - {name: v1, served: true, storage: true, deprecated: true}');
    const findings = lint({ 'crd.yaml': old, 'w.yaml': widget('v1') }).findings.filter((f) => f.ruleId === 'deprecated-api');
    assert.deepEqual(findings.map((f) => `${f.uri} ${f.severity}`), ['crd.yaml error', 'w.yaml warning']);
  });

  it('hovering the apiVersion of a custom resource says what its CRD says', () => {
    const { engine } = lint({ 'crd.yaml': crd(versions), 'b.yaml': widget('v1beta1') });
    const text = hoverAt(engine, 'b.yaml', 'apiVersion: example.com/v1beta1'.indexOf('v1beta1'))!;
    assert.match(text.markdown, /deprecated by CustomResourceDefinition widgets.example.com/);
  });
});

describe('deprecated-api hovers', () => {
  it('the apiVersion of any deprecated kind: its lifecycle, the warning kubectl prints, and what changes', () => {
    const { engine } = lint({ 'i.yaml': yaml('apiVersion: networking.k8s.io/v1beta1', 'kind: Ingress', 'metadata: {name: i}') }, { kubernetesVersion: '1.20' });
    const text = hoverAt(engine, 'i.yaml', 3)!.markdown;
    assert.ok(text.startsWith('**networking.k8s.io/v1beta1 Ingress**: introduced in Kubernetes 1.14, deprecated in 1.19, not served from Kubernetes 1.22. Kubernetes 1.20 still serves it, deprecated.'), text);
    assert.match(text, /The API server warns: "networking.k8s.io\/v1beta1 Ingress is deprecated in v1.19\+, unavailable in v1.22\+; use networking.k8s.io\/v1 Ingress"/);
    assert.match(text, /Use networking.k8s.io\/v1: `spec.backend` is renamed `spec.defaultBackend`/);
  });
});

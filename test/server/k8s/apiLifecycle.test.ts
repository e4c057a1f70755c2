import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiLifecycle, deprecationWarning, lifecycleOf, servedReplacement, statusAt } from '../../../server/src/k8s/apiLifecycle';
import { compareKubeAwareVersionStrings, customResourceVersionStatus, defaultDeprecationWarning, definitionSpec } from '../../../server/src/k8s/customResourceDefinitions';

/**
 * Values read from upstream's generated code, kubernetes/kubernetes
 * staging/src/k8s.io/api/<group>/<version>/zz_generated.prerelease-lifecycle.go
 * (`APILifecycleIntroduced`, `APILifecycleDeprecated`, `APILifecycleRemoved`,
 * `APILifecycleReplacement`), and types.go markers where noted:
 * [apiVersion, kind, introduced, deprecated, removed, replacement group/version Kind].
 */
const upstream: [string, string, string, string, string, string | undefined][] = [
  // admissionregistration/v1beta1 (a 1.34 tree: MutatingAdmissionPolicy returns 1, 34)
  ['admissionregistration.k8s.io/v1beta1', 'MutatingWebhookConfiguration', '1.9', '1.16', '1.22', 'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration'],
  ['admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration', '1.9', '1.16', '1.22', 'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration'],
  ['admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy', '1.28', '1.31', '1.34', undefined],
  ['admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicyBinding', '1.34', '1.37', '1.40', undefined],
  // apiextensions-apiserver pkg/apis/apiextensions/v1beta1
  ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', '1.7', '1.16', '1.22', 'apiextensions.k8s.io/v1 CustomResourceDefinition'],
  // apps/v1beta1
  ['apps/v1beta1', 'ControllerRevision', '1.7', '1.8', '1.16', 'apps/v1 ControllerRevision'],
  ['apps/v1beta1', 'Deployment', '1.6', '1.8', '1.16', 'apps/v1 Deployment'],
  ['apps/v1beta1', 'StatefulSet', '1.5', '1.8', '1.16', 'apps/v1 StatefulSet'],
  // authentication/v1beta1, authorization/v1beta1 (types.go: introduced=1.2, deprecated=1.19, replacement=authorization.k8s.io,v1,…)
  ['authentication.k8s.io/v1beta1', 'TokenReview', '1.4', '1.19', '1.22', 'authentication.k8s.io/v1 TokenReview'],
  ['authorization.k8s.io/v1beta1', 'SubjectAccessReview', '1.2', '1.19', '1.22', 'authorization.k8s.io/v1 SubjectAccessReview'],
  ['authorization.k8s.io/v1beta1', 'SelfSubjectRulesReview', '1.8', '1.19', '1.22', 'authorization.k8s.io/v1 SelfSubjectRulesReview'],
  // autoscaling/v2beta1
  ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.8', '1.22', '1.25', 'autoscaling/v2beta2 HorizontalPodAutoscaler'],
  // batch/v1beta1 types.go: introduced=1.8, deprecated=1.21, removed=1.25, replacement=batch,v1,CronJob
  ['batch/v1beta1', 'CronJob', '1.8', '1.21', '1.25', 'batch/v1 CronJob'],
  // certificates/v1beta1 types.go: introduced=1.12, deprecated=1.19, replacement=certificates.k8s.io,v1,CertificateSigningRequest
  ['certificates.k8s.io/v1beta1', 'CertificateSigningRequest', '1.12', '1.19', '1.22', 'certificates.k8s.io/v1 CertificateSigningRequest'],
  // coordination/v1beta1 types.go: introduced=1.12, deprecated=1.19, replacement=coordination.k8s.io,v1,Lease
  ['coordination.k8s.io/v1beta1', 'Lease', '1.12', '1.19', '1.22', 'coordination.k8s.io/v1 Lease'],
  // discovery/v1beta1 types.go: introduced=1.16, deprecated=1.21, removed=1.25, replacement=discovery.k8s.io,v1,EndpointSlice
  ['discovery.k8s.io/v1beta1', 'EndpointSlice', '1.16', '1.21', '1.25', 'discovery.k8s.io/v1 EndpointSlice'],
  // rbac/v1beta1, scheduling/v1beta1
  ['rbac.authorization.k8s.io/v1beta1', 'ClusterRole', '1.6', '1.17', '1.22', 'rbac.authorization.k8s.io/v1 ClusterRole'],
  ['rbac.authorization.k8s.io/v1beta1', 'RoleBinding', '1.6', '1.17', '1.22', 'rbac.authorization.k8s.io/v1 RoleBinding'],
  ['scheduling.k8s.io/v1beta1', 'PriorityClass', '1.11', '1.14', '1.22', 'scheduling.k8s.io/v1 PriorityClass'],
  // extensions/v1beta1
  ['extensions/v1beta1', 'DaemonSet', '1.1', '1.8', '1.16', 'apps/v1 DaemonSet'],
  ['extensions/v1beta1', 'Deployment', '1.1', '1.8', '1.16', 'apps/v1 Deployment'],
  ['extensions/v1beta1', 'Ingress', '1.1', '1.14', '1.22', 'networking.k8s.io/v1 Ingress'],
  ['extensions/v1beta1', 'NetworkPolicy', '1.3', '1.9', '1.16', 'networking.k8s.io/v1 NetworkPolicy'],
  ['extensions/v1beta1', 'PodSecurityPolicy', '1.2', '1.11', '1.16', 'policy/v1beta1 PodSecurityPolicy'],
  // apps/v1beta2
  ['apps/v1beta2', 'ControllerRevision', '1.8', '1.9', '1.16', 'apps/v1 ControllerRevision'],
  ['apps/v1beta2', 'DaemonSet', '1.8', '1.9', '1.16', 'apps/v1 DaemonSet'],
  ['apps/v1beta2', 'ReplicaSet', '1.8', '1.9', '1.16', 'apps/v1 ReplicaSet'],
  ['apps/v1beta2', 'StatefulSet', '1.8', '1.9', '1.16', 'apps/v1 StatefulSet'],
  // autoscaling/v2beta2 types.go: introduced=1.12, deprecated=1.23, replacement=autoscaling,v2,HorizontalPodAutoscaler (removed: deprecated + 3)
  ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.12', '1.23', '1.26', 'autoscaling/v2 HorizontalPodAutoscaler'],
  // kube-aggregator pkg/apis/apiregistration/v1beta1
  ['apiregistration.k8s.io/v1beta1', 'APIService', '1.7', '1.19', '1.22', 'apiregistration.k8s.io/v1 APIService'],
  // flowcontrol/v1beta3
  ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.26', '1.29', '1.32', 'flowcontrol.apiserver.k8s.io/v1 FlowSchema'],
  ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', '1.26', '1.29', '1.32', 'flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration'],
  // flowcontrol/v1beta1: introduced only (deprecated = 1.20 + 3, removed = 1.23 + 3)
  ['flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', '1.20', '1.23', '1.26', undefined],
  ['flowcontrol.apiserver.k8s.io/v1beta1', 'PriorityLevelConfiguration', '1.20', '1.23', '1.26', undefined],
  // networking/v1beta1 (IngressClass's replacement names the list kind upstream)
  ['networking.k8s.io/v1beta1', 'Ingress', '1.14', '1.19', '1.22', 'networking.k8s.io/v1 Ingress'],
  ['networking.k8s.io/v1beta1', 'IngressClass', '1.18', '1.19', '1.22', 'networking.k8s.io/v1 IngressClassList'],
  // policy/v1beta1
  ['policy/v1beta1', 'PodDisruptionBudget', '1.5', '1.21', '1.25', 'policy/v1 PodDisruptionBudget'],
  ['policy/v1beta1', 'PodSecurityPolicy', '1.10', '1.21', '1.25', undefined],
  ['policy/v1beta1', 'Eviction', '1.5', '1.22', '1.25', undefined],
  // storage/v1beta1
  ['storage.k8s.io/v1beta1', 'CSIDriver', '1.14', '1.19', '1.22', 'storage.k8s.io/v1 CSIDriver'],
  ['storage.k8s.io/v1beta1', 'CSINode', '1.14', '1.17', '1.22', 'storage.k8s.io/v1 CSINode'],
  ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.21', '1.24', '1.27', 'storage.k8s.io/v1 CSIStorageCapacity'],
  ['storage.k8s.io/v1beta1', 'StorageClass', '1.4', '1.19', '1.22', 'storage.k8s.io/v1 StorageClass'],
  ['storage.k8s.io/v1beta1', 'VolumeAttachment', '1.10', '1.19', '1.22', 'storage.k8s.io/v1 VolumeAttachment'],
];

describe('API lifecycle table', () => {
  for (const [apiVersion, kind, introduced, deprecated, removed, replacement] of upstream) {
    it(`${apiVersion} ${kind} has upstream's generated values`, () => {
      const l = lifecycleOf(apiVersion, kind);
      assert.ok(l);
      assert.deepEqual([l.introducedIn, l.deprecatedIn, l.removedIn], [introduced, deprecated, removed]);
      // The table leaves Eviction's replacement to stillAccepted's note where upstream has none.
      if (kind !== 'Eviction') assert.equal(l.replacement && `${l.replacement.apiVersion} ${l.replacement.kind}`, replacement);
    });
  }

  it('lists each (apiVersion, kind) once, never a GA version, and only releases after introduction', () => {
    const keys = apiLifecycle.map((l) => `${l.apiVersion} ${l.kind}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const l of apiLifecycle) {
      assert.match(l.apiVersion, /\/v\d+(alpha|beta)\d+$/, l.apiVersion);
      assert.ok(Number(l.introducedIn.split('.')[1]) <= Number(l.deprecatedIn.split('.')[1]), `${l.apiVersion} ${l.kind}`);
      assert.ok(Number(l.deprecatedIn.split('.')[1]) < Number(l.removedIn.split('.')[1]), `${l.apiVersion} ${l.kind}`);
    }
  });

  it('policy/v1beta1 PodDisruptionBudget by target version', () => {
    const l = lifecycleOf('policy/v1beta1', 'PodDisruptionBudget')!;
    assert.deepEqual(['1.20', '1.21', '1.24', '1.25', '1.32'].map((t) => statusAt(l, t)), ['current', 'deprecated', 'deprecated', 'removed', 'removed']);
  });

  it('policy/v1beta1 Eviction stays accepted', () => assert.equal(statusAt(lifecycleOf('policy/v1beta1', 'Eviction')!, '1.32'), 'deprecated'));

  it('the replacement served at the target: a chain is followed, a removed end gives none', () => {
    const v1beta2 = lifecycleOf('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema')!;
    assert.equal(servedReplacement(v1beta2, '1.28'), 'flowcontrol.apiserver.k8s.io/v1beta3');
    assert.equal(servedReplacement(v1beta2, '1.32'), 'flowcontrol.apiserver.k8s.io/v1');
    const psp = lifecycleOf('extensions/v1beta1', 'PodSecurityPolicy')!;
    assert.equal(servedReplacement(psp, '1.20'), 'policy/v1beta1');
    assert.equal(servedReplacement(psp, '1.22'), 'policy/v1beta1', 'deprecated, and still the last served');
    assert.equal(servedReplacement(psp, '1.25'), undefined);
    const v2beta1 = lifecycleOf('autoscaling/v2beta1', 'HorizontalPodAutoscaler')!;
    assert.equal(servedReplacement(v2beta1, '1.22'), 'autoscaling/v2beta2');
    assert.equal(servedReplacement(v2beta1, '1.24'), 'autoscaling/v2', 'past a deprecated replacement');
  });

  it("the API server's warning (apiserver deprecation.go WarningMessage)", () => {
    assert.equal(deprecationWarning(lifecycleOf('policy/v1beta1', 'PodDisruptionBudget')!), 'policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget');
    assert.equal(deprecationWarning(lifecycleOf('policy/v1beta1', 'PodSecurityPolicy')!), 'policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+');
  });

  it('policy/v1 is not in the table', () => assert.equal(lifecycleOf('policy/v1', 'PodDisruptionBudget'), undefined));
});

describe('CustomResourceDefinition versions', () => {
  it("orders versions as Kubernetes does (apimachinery CompareKubeAwareVersionStrings)", () => {
    const sorted = ['v1alpha1', 'foo', 'v2', 'v1beta2', 'v1', 'v10beta1', 'v1beta10', 'bar'].sort((a, b) => compareKubeAwareVersionStrings(b, a));
    assert.deepEqual(sorted, ['v2', 'v1', 'v10beta1', 'v1beta10', 'v1beta2', 'v1alpha1', 'bar', 'foo']);
  });

  const crd = (versions: unknown[], version?: string) =>
    definitionSpec({ spec: { group: 'example.com', names: { kind: 'Widget' }, versions: versions as never, ...(version ? { version } : {}) } })!;

  it("a deprecated version without its own text gets the API server's default warning, naming the newest served version above it", () => {
    const spec = crd([
      { name: 'v1alpha1', served: true, deprecated: true },
      { name: 'v1beta1', served: true },
      { name: 'v1', served: true },
      { name: 'v2', served: false },
    ]);
    assert.equal(defaultDeprecationWarning('v1alpha1', spec), 'example.com/v1alpha1 Widget is deprecated; use example.com/v1 Widget');
    assert.deepEqual(customResourceVersionStatus(spec, 'v1alpha1'), { status: 'deprecated', version: 'v1alpha1', warning: 'example.com/v1alpha1 Widget is deprecated; use example.com/v1 Widget' });
    assert.deepEqual(customResourceVersionStatus(spec, 'v2'), { status: 'notServed', version: 'v2' });
    assert.equal(customResourceVersionStatus(spec, 'v1'), undefined);
    assert.equal(defaultDeprecationWarning('v1', crd([{ name: 'v1', served: true, deprecated: true }])), 'example.com/v1 Widget is deprecated');
  });

  it('its own deprecationWarning wins; a v1beta1 `version` is the one served version', () => {
    const spec = crd([{ name: 'v1', served: true, deprecated: true, deprecationWarning: 'widgets v1 go away in 3.0' }]);
    assert.deepEqual(customResourceVersionStatus(spec, 'v1'), { status: 'deprecated', version: 'v1', warning: 'widgets v1 go away in 3.0' });
    assert.deepEqual(crd([], 'v1beta1').versions, [{ name: 'v1beta1', served: true, deprecated: false }]);
  });
});

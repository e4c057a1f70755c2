// Every message the extension shows, read as a person reads it: no doubled
// punctuation, no raw icon syntax, no Markdown where plain text is shown.
// The texts come from walking what builds them: every export of the explain
// modules, the rules' Problems and the hovers on the sample workspace, and the
// extension's builders of tree items, view messages, confirmations, results,
// progress lines, the status bar and the details documents.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { drainConfirmation, evictionConfirmation, evictionsConfirmation } from '../client/src/actions/confirmation';
import { cordonResultMessage, evictionResultMessage, reportResultMessage } from '../client/src/actions/messages';
import type { DrainEvent, DrainReport, EvictionAnswer, EvictionOutcome } from '../client/src/cluster';
import { kubectlDrainLine } from '../client/src/cluster/drainLines';
import { explainEviction, explainFailure } from '../client/src/cluster/explain';
import type { ClusterFailure } from '../client/src/cluster/failure';
import type { ConnectionState, ContextTarget } from '../client/src/contextInUse';
import { detailsDocument } from '../client/src/details/detailsText';
import { stateMessage } from '../client/src/explorer/stateMessage';
import { itemView } from '../client/src/explorer/treeItems';
import { ClusterTreeModel, type TreeElement, type ViewScope } from '../client/src/explorer/treeModel';
import { evictionForecast } from '../client/src/forecast';
import { simulatedClusterOf } from '../client/src/cluster/plan/snapshot';
import { ActionHistory } from '../client/src/history';
import { planDrain, planEvictions, planOutcomeText, planReport, snapshotOfManifests } from '../client/src/cluster';
import { walkthroughScenario } from '../server/src/sim/scenarios/walkthrough';
import { statusBarView } from '../client/src/statusBarView';
import { AnalysisEngine } from '../server/src/analysis/engine';
import { hoverAt } from '../server/src/analysis/hovers';
import * as accessTexts from '../server/src/explain/access';
import * as apiLifecycleTexts from '../server/src/explain/apiLifecycle';
import * as budgetTexts from '../server/src/explain/budget';
import * as clusterTexts from '../server/src/explain/cluster';
import * as evictionTexts from '../server/src/explain/eviction';
import * as planTexts from '../server/src/explain/plan';
import * as taintTexts from '../server/src/explain/taints';
import * as validationTexts from '../server/src/explain/validation';
import { apiLifecycle } from '../server/src/k8s/apiLifecycle';
import { evictionMessages, predictEviction } from '../server/src/k8s/eviction';
import * as status from '../server/src/k8s/status';
import type { DisruptionHold, HoldCause } from '../server/src/k8s/disruptionHold';
import type { Pod, PodDisruptionBudget, Status } from '../server/src/k8s/types';
import type { FieldError } from '../server/src/k8s/validation';
import { apiServerWords } from '../server/src/explain/validation';
import { evictionCodeLenses } from '../server/src/lsp/codeLens';
import { rules } from '../server/src/rules/registry';
import { added, node, pdb, pod, walkthrough } from './client/explorer/fixtures';
import { textFaults, type TextKind } from './support/textFaults';

const now = Date.parse('2026-01-01T00:00:00Z');
const workspace = join(__dirname, '../../test/fixtures/workspace');
const target: ContextTarget = { context: 'prod-eu', cluster: 'eu-1', server: 'https://10.0.0.1:6443', namespace: 'default', user: 'ops' };

/** Texts by where they are shown; duplicates are checked once. */
class Texts {
  readonly all = new Map<string, { kind: TextKind; where: string }>();
  add(where: string, kind: TextKind, ...texts: (string | undefined)[]): void {
    for (const text of texts) if (text) this.all.set(`${kind}\u0000${text}`, { kind, where });
  }
  /** An explanation: its summary is shown alone (plain), its details as Markdown. */
  explanation(where: string, e: { summary: string; details: string }): void {
    this.add(`${where} (summary)`, 'plain', e.summary);
    this.add(`${where} (details)`, 'markdown', e.details);
  }
  faults(): string[] {
    return [...this.all].flatMap(([key, { kind, where }]) => textFaults(key.slice(key.indexOf('\u0000') + 1), kind).map((f) => `${where}: ${f}`));
  }
}

const budgetStatus = (allowed: number, current = 3, desired = 2): PodDisruptionBudget['status'] => ({ observedGeneration: 1, disruptionsAllowed: allowed, currentHealthy: current, desiredHealthy: desired, expectedPods: 3 });

describe('the texts the extension shows', () => {
  it('every export of the explain modules, with the inputs they meet', () => {
    const texts = new Texts();
    const covered = new Set<string>();
    const markdown = (name: string, ...values: string[]) => {
      covered.add(name);
      texts.add(`explain ${name}`, 'markdown', ...values);
    };
    const explanation = (name: string, ...values: { summary: string; details: string }[]) => {
      covered.add(name);
      for (const v of values) texts.explanation(`explain ${name}`, v);
    };
    const web = { ...pdb('web-pdb', 'web', {}), status: budgetStatus(1) };
    const statuses: Status[] = [
      status.tooManyRequests(evictionMessages.violatesBudget, 0, [{ reason: 'DisruptionBudget', message: evictionMessages.needsHealthy('web-pdb', 2, 2) }]),
      status.tooManyRequests(evictionMessages.violatesBudget, 10, [{ reason: 'DisruptionBudget', message: evictionMessages.stillProcessing('web-pdb') }]),
      status.internalError(evictionMessages.multipleBudgets),
      status.notFound('pods', '', 'web-a'),
      status.forbidden('pods', '', 'web-a', 'User "viewer" cannot create resource "pods/eviction" in API group "" in the namespace "default"'),
      { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 201, message: '' },
      { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 422, message: 'Eviction "x" is invalid' },
    ] as Status[];

    for (const l of apiLifecycle) {
      for (const v of ['1.16', '1.20', '1.22', '1.25', '1.32']) {
        markdown('lifecycleText', apiLifecycleTexts.lifecycleText(l, v));
        markdown('migrationText', apiLifecycleTexts.migrationText(l, v));
      }
      markdown('migrationChanges', apiLifecycleTexts.migrationChanges(l) ?? '');
    }
    markdown('stillAcceptedNote', apiLifecycleTexts.stillAcceptedNote);
    markdown(
      'customResourceVersionText',
      apiLifecycleTexts.customResourceVersionText('example.com/v1alpha1', 'Widget', 'widgets.example.com', { status: 'notServed', version: 'v1alpha1' }),
      apiLifecycleTexts.customResourceVersionText('example.com/v1beta1', 'Widget', 'widgets.example.com', { status: 'deprecated', version: 'v1beta1', warning: 'example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget' }),
    );
    markdown('pdbFieldDocs', ...Object.values(budgetTexts.pdbFieldDocs));
    markdown('budgetSpecSummary', budgetTexts.budgetSpecSummary({ minAvailable: '50%' }), budgetTexts.budgetSpecSummary({ maxUnavailable: 1 }), budgetTexts.budgetSpecSummary(undefined));
    markdown('budgetFacts', budgetTexts.budgetFacts(web), budgetTexts.budgetFacts({ metadata: { name: 'new-pdb' }, spec: {} }));
    markdown('budgetNumbers', budgetTexts.budgetNumbers(web.status!));
    markdown('blockedConsequence', budgetTexts.blockedConsequence);
    markdown('conflictConsequence', budgetTexts.conflictConsequence);
    markdown('syncFailedExplanation', budgetTexts.syncFailedExplanation('jobs.batch does not implement the scale subresource'));

    explanation('evictedDryRun', clusterTexts.evictedDryRun);
    explanation('multipleBudgetsNamed', clusterTexts.multipleBudgetsNamed([]), clusterTexts.multipleBudgetsNamed(['a', 'b']));
    explanation('throttled', clusterTexts.throttled(), clusterTexts.throttled(5));
    explanation('unreachable', ...['connectionRefused', 'dns', 'timeout', 'connectionReset', 'tlsUnknownAuthority', 'tlsHostnameMismatch', 'tlsCertificateExpired', 'tls', 'network', 'other'].map((cause) => clusterTexts.unreachable(target.server, cause)));
    explanation('unauthorized', clusterTexts.unauthorized(target.server));
    explanation('forbiddenByRbac', clusterTexts.forbiddenByRbac('nodes "n1" is forbidden: User "viewer" cannot patch resource "nodes" in API group "" at the cluster scope'));
    explanation('credentialsUnavailable', clusterTexts.credentialsUnavailable('the exec credential plugin "aws" was not found'));
    explanation('kubeconfigProblem', clusterTexts.kubeconfigProblem('the kubeconfig sets no current-context'));
    explanation('cancelled', clusterTexts.cancelled);
    const facts = { node: 'n1', dryRun: false, evicted: 2, terminating: 1, blocked: 1, failed: 1, refusedByFilters: false, cordoned: true };
    const drainCases = (['drained', 'failed', 'timedOut', 'cancelled'] as const).flatMap((result) => [
      { ...facts, result },
      { ...facts, result, dryRun: true, cordoned: false },
      { ...facts, result, blocked: 0, failed: 0, terminating: 0, cordoned: false },
      { ...facts, result, refusedByFilters: true },
    ]);
    explanation('drainOutcome', ...drainCases.map((f) => clusterTexts.drainOutcome(f)));
    explanation('evictionsOutcome', ...drainCases.map((f) => clusterTexts.evictionsOutcome(f)));

    markdown('evictionOverview', evictionTexts.evictionOverview);
    explanation('evicted', evictionTexts.evicted);
    explanation('budgetExhausted', evictionTexts.budgetExhausted(), evictionTexts.budgetExhausted(evictionMessages.needsHealthy('web-pdb', 2, 2)));
    explanation('stillProcessing', evictionTexts.stillProcessing);
    explanation('multipleBudgets', evictionTexts.multipleBudgets);
    explanation('podNotFound', evictionTexts.podNotFound);
    explanation('forbidden', evictionTexts.forbidden);
    explanation('explainEvictionStatus', ...statuses.map(evictionTexts.explainEvictionStatus));
    markdown('evictionResponses', evictionTexts.evictionResponses());
    const objects = walkthrough();
    const predictions = [
      predictEviction('web-a', objects.pod('default', 'web-a'), [web], now),
      predictEviction('web-a', objects.pod('default', 'web-a'), [{ ...web, status: budgetStatus(0, 2, 2) }], now),
      predictEviction('web-a', objects.pod('default', 'web-a'), [web, { ...web, metadata: { ...web.metadata, name: 'web-pdb-2' } }], now),
      predictEviction('web-a', objects.pod('default', 'web-a'), [{ ...web, metadata: { ...web.metadata, generation: 2 } }], now),
      predictEviction('web-a', pod('web-a', 'node-1', { app: 'web' }, { ready: false }), [{ ...web, status: budgetStatus(0, 2, 2) }], now),
      predictEviction('web-a', pod('web-a', 'node-1', { app: 'web' }, { phase: 'Pending' }), [web], now),
      predictEviction('batch', objects.pod('default', 'batch-worker-x'), [web], now),
      predictEviction('ghost', undefined, [], now),
    ];
    markdown('describePredictedAnswer', ...predictions.map(evictionTexts.describePredictedAnswer));
    markdown('describeWorkspacePrediction', ...predictions.map((p) => evictionTexts.describeWorkspacePrediction(p, 'web-a', 'Deployment web', true)));

    markdown('taintEffectDocs', ...Object.values(taintTexts.taintEffectDocs));
    markdown('tolerationFieldDocs', ...Object.values(taintTexts.tolerationFieldDocs));
    markdown('wellKnownTaintDocs', ...Object.values(taintTexts.wellKnownTaintDocs));
    markdown('taintsDoc', taintTexts.taintsDoc);
    markdown('tolerationsDoc', taintTexts.tolerationsDoc);
    markdown('noNodeAcceptsConsequence', taintTexts.noNodeAcceptsConsequence('DaemonSet', ''), taintTexts.noNodeAcceptsConsequence('Deployment', '0/3 nodes are available: 3 node(s) were unschedulable.'));

    const fieldErrors: FieldError[] = [
      { type: 'Invalid', field: 'spec.tolerations[0].operator', value: 'core.Toleration{…}', detail: "value must be empty when `operator` is 'Exists'" },
      { type: 'Required', field: 'spec.taints[0].effect', detail: '' },
      { type: 'NotSupported', field: 'spec.unhealthyPodEvictionPolicy', value: '"x"', detail: 'supported values: "AlwaysAllow", "IfHealthyBudget"' },
      { type: 'Forbidden', field: 'spec', detail: 'updates to this field are forbidden' },
      { type: 'Duplicate', field: 'spec.taints[1]', value: 'core.Taint{…}', detail: '' },
      { type: 'TooLong', field: 'metadata.name', detail: 'must have at most 63 bytes' },
    ];
    covered.add('fieldErrorMessage').add('apiServerWords');
    for (const e of fieldErrors) {
      const [own, quoted] = validationTexts.fieldErrorMessage(e).split(validationTexts.apiServerWords);
      texts.add('explain fieldErrorMessage', 'plain', own);
      texts.add('explain fieldErrorMessage (the API server\'s words)', 'apiServer', quoted);
    }

    // The drain planner's: a hold for each kind of cause, and each verdict.
    const fit = '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.';
    const held = { namespace: 'default', name: 'web-e', node: 'node-3' };
    const causes: HoldCause[] = [
      { kind: 'unschedulable', pod: held, message: fit },
      { kind: 'unschedulable', pod: held, message: '' },
      { kind: 'starting', pod: held, reason: 'ContainerCreating' },
      { kind: 'notReady', pod: held, reason: 'ContainersNotReady' },
      { kind: 'terminating', pod: held },
      { kind: 'missing', count: 2 },
      { kind: 'neverAllows', expectedPods: 3, desiredHealthy: 3 },
      { kind: 'neverAllows', expectedPods: 0, desiredHealthy: 0 },
      { kind: 'syncFailed', message: 'jobs.batch does not implement the scale subresource' },
      { kind: 'stillProcessing' },
    ];
    const hold = (cause: HoldCause | undefined, morePods = 0): DisruptionHold => ({ namespace: 'default', pdb: 'web-pdb', expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0, needed: 1, causes: cause ? [cause] : [], morePods });
    const holds = [...causes.map((c) => hold(c)), hold(causes[3], 12), hold(undefined), { ...hold(undefined), disruptionsAllowed: 1, needed: 0 }];
    markdown('planTime', ...[0, 4.2, 62, 3600].map(planTexts.planTime));
    markdown('noAnswerInPlan', planTexts.noAnswerInPlan);
    markdown('holdCauseText', ...causes.map((c) => planTexts.holdCauseText(c, 'web-pdb')));
    markdown('holdRemedy', ...holds.map(planTexts.holdRemedy));
    explanation('explainHold', ...holds.map(planTexts.explainHold));
    covered.add('holdSummary');
    texts.add('explain holdSummary', 'plain', ...holds.map(planTexts.holdSummary));
    const plainCause = planTexts.holdSummary(hold(causes[0]));
    const node = (name: string, result: string, open = false) => ({ name, result, held: open ? [{ toSeconds: null, cause: plainCause }] : [], refused: [], failed: [] });
    explanation(
      'explainPlanVerdict',
      planTexts.explainPlanVerdict({ verdict: 'completes', durationSeconds: 2, nodes: [node('node-1', 'drained')], pending: [] }),
      planTexts.explainPlanVerdict({ verdict: 'completes', durationSeconds: 12, nodes: [node('node-1', 'drained'), node('node-2', 'drained')], pending: [{}] }),
      planTexts.explainPlanVerdict({ verdict: 'completes-after-event', durationSeconds: 4.2, nodes: [node('node-1', 'drained'), node('node-2', 'stuck', true)], pending: [{}], unblockedBy: { event: { kind: 'uncordon', node: 'node-1', atSeconds: 4.2 }, durationSeconds: 17.3 } }),
      planTexts.explainPlanVerdict({ verdict: 'stuck', durationSeconds: 4.2, nodes: [node('node-1', 'drained'), node('node-2', 'stuck', true), node('node-3', 'notStarted')], pending: [{}, {}] }),
      planTexts.explainPlanVerdict({ verdict: 'fails', durationSeconds: 0, nodes: [{ ...node('n1', 'refused'), refused: [{}] }], pending: [] }),
      planTexts.explainPlanVerdict({ verdict: 'fails', durationSeconds: 0, nodes: [{ ...node('n9', 'failed'), problem: 'nodes "n9" not found' }], pending: [] }),
    );

    markdown('heldProgress', planTexts.heldProgress('web-pdb', ['default/web-a']), ...holds.map((h) => planTexts.heldProgress('web-pdb', ['default/web-a', 'default/web-b'], h)));
    markdown('uncordonRemedy', planTexts.uncordonRemedy(['node-1'], 'default/web-p'), planTexts.uncordonRemedy(['node-1', 'node-3'], 'default/web-p'));
    markdown(
      'heldOffer',
      planTexts.heldOffer('the drain of node-2', 'prod-eu', { budget: 'web-pdb', summary: plainCause, pending: 'default/web-p', uncordon: ['node-1'] }),
      planTexts.heldOffer('the eviction of 2 pods', 'prod-eu', { budget: 'web-pdb', summary: plainCause, uncordon: [] }),
    );
    const accepted = { pod: 'default/web-a', code: 201, answer: '201 Created: evicted', acceptedSeconds: 0, goneSeconds: 2 };
    const refusal = { budget: 'web-pdb', cause: plainCause, fromSeconds: 0 };
    covered.add('plannedEvictionText');
    texts.add(
      'explain plannedEvictionText',
      'plain',
      ...[
        { ...accepted, replacement: { pod: 'default/web-b', node: 'node-3', readySeconds: 11 } },
        { ...accepted, replacement: { pod: 'default/web-b', node: 'node-3', readySeconds: null } },
        { ...accepted, goneSeconds: null, replacement: { pod: 'default/web-b', node: null, readySeconds: null, pending: '0/3 nodes are available: 3 node(s) were unschedulable.' } },
        { ...accepted, replacement: null },
        { ...accepted, code: 429, answer: evictionTexts.budgetExhausted().summary, acceptedSeconds: 11.1, goneSeconds: 13.1, held: { ...refusal, toSeconds: 11.1 } },
        { ...accepted, code: 429, answer: evictionTexts.budgetExhausted().summary, acceptedSeconds: null, goneSeconds: null, held: { ...refusal, toSeconds: null } },
        { ...accepted, code: 500, answer: evictionTexts.multipleBudgets.summary, acceptedSeconds: null, goneSeconds: null, failed: 'error when evicting pods/"web-a" -n "default": This pod has more than one PodDisruptionBudget' },
        { ...accepted, code: 404, answer: '404 Not Found', message: 'pods "web-a" not found', acceptedSeconds: null, goneSeconds: null },
        { ...accepted, code: 0, answer: planTexts.noAnswerInPlan, acceptedSeconds: null, goneSeconds: null },
      ].flatMap((e: planTexts.PlannedEvictionFacts) => [{ retried: true }, { retried: false }, { retried: true, brief: true }].map((style) => planTexts.plannedEvictionText(e, style))),
    );

    const evictAttributes = { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'default', name: 'web-a' };
    const nodeAttributes = { verb: 'patch', group: '', resource: 'nodes', name: 'node-1' };
    const denials: accessTexts.DenialFacts[] = [
      { attributes: evictAttributes, source: 'review', message: 'pods "web-a" is forbidden: User "viewer" cannot create resource "pods/eviction" in API group "" in the namespace "default"' },
      { attributes: { ...evictAttributes, namespace: undefined, name: undefined }, source: 'review', reason: 'no RBAC policy matched' },
      { attributes: nodeAttributes, source: 'answer', message: 'nodes "node-1" is forbidden: User "viewer" cannot patch resource "nodes" in API group "" at the cluster scope' },
    ];
    const accesses: (accessTexts.AccessFacts | undefined)[] = [undefined, {}, { evict: true, patchNodes: true, user: 'admin' }, { evict: false, patchNodes: false, user: 'viewer', denials: { evict: denials[0], patchNodes: denials[2] } }, { evict: false, denials: { evict: denials[1] } }, { patchNodes: false }];
    markdown('permissionText', ...[evictAttributes, nodeAttributes, denials[1]!.attributes].map(accessTexts.permissionText));
    markdown('describeForbiddenAnswer', ...denials.map(accessTexts.describeForbiddenAnswer));
    markdown('actionUnavailable', ...denials.map((d) => accessTexts.actionUnavailable('Eviction of pod default/web-a', 'prod-eu', d)));
    covered.add('accessLimits');
    texts.add('explain accessLimits', 'plain', ...accesses.map(accessTexts.accessLimits));
    markdown('accessSentences', ...accesses.flatMap(accessTexts.accessSentences));
    markdown('explainAccess', ...accesses.map((a) => accessTexts.explainAccess('prod-eu', a)));

    const exported = [accessTexts, apiLifecycleTexts, budgetTexts, clusterTexts, evictionTexts, planTexts, taintTexts, validationTexts].flatMap((m) => Object.keys(m));
    assert.deepEqual(exported.filter((name) => !covered.has(name)), [], 'every export of the explain modules is walked');
    assert.deepEqual(texts.faults(), []);
  });

  it('the Problems entries, hovers and code lenses of the sample workspace', () => {
    const texts = new Texts();
    const engine = new AnalysisEngine(rules);
    const files = Object.fromEntries(readdirSync(workspace).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(join(workspace, f), 'utf8')]));
    for (const [name, text] of Object.entries(files)) engine.setFile(name, text);
    let findings = 0;
    for (const name of Object.keys(files)) {
      for (const finding of engine.findingsFor(name)) {
        findings += 1;
        // A rejected field's message quotes the API server's exact words after its own sentence.
        const [own, quoted] = finding.message.split(apiServerWords);
        texts.add(`Problems ${name} ${finding.ruleId}`, 'plain', own, ...finding.related.map((r) => r.message), ...finding.fixes.map((f) => f.title));
        texts.add(`Problems ${name} ${finding.ruleId} (the API server's words)`, 'apiServer', quoted);
      }
      const text = files[name]!;
      for (let offset = 0; offset < text.length; offset++) {
        if (text[offset] === '\n' || text[offset] === ' ') continue;
        texts.add(`hover ${name}:${offset}`, 'markdown', hoverAt(engine, name, offset)?.markdown);
      }
      const file = engine.index.file(name);
      if (file) for (const lens of evictionCodeLenses(file)) texts.add(`code lens ${name}`, 'plain', lens.command?.title);
    }
    assert.ok(findings >= 10, `the sample workspace has its findings (${findings})`);
    assert.deepEqual(texts.faults(), []);
  });

  it("the extension's own builders: tree items, view messages, status bar, confirmations, results, progress lines, details documents, plan reports", async () => {
    const texts = new Texts();
    const objects = walkthrough();
    objects.apply(added(node('node-4', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'gpu', value: 'yes', effect: 'NoExecute' }] }), 'node'));
    objects.apply(added(pod('web-p', undefined, { app: 'web' }, { phase: 'Pending' }), 'pod'));
    objects.apply(added(pod('web-t', 'node-3', { app: 'web' }, { terminating: true }), 'pod'));
    objects.apply(added(pod('api-0', 'node-2', { app: 'api' }, { namespace: 'shop', ready: false }), 'pod'));
    objects.apply(added(pdb('api-pdb', 'api', { disruptionsAllowed: 0 }, 'shop'), 'pdb'));
    objects.apply(added(pdb('api-pdb-2', 'api', {}, 'shop'), 'pdb'));
    objects.apply(added({ metadata: { name: 'new-pdb', namespace: 'default', generation: 2 }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'x' } } } }, 'pdb'));
    const scheduledNot = objects.pod('default', 'web-p')!;
    objects.apply({ resource: 'pod', type: 'modified', previous: scheduledNot, object: { ...scheduledNot, status: { ...scheduledNot.status, conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/4 nodes are available: 1 Insufficient cpu, 3 node(s) were unschedulable. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.' }] } } });
    const viewerDenial = { attributes: { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'default' }, source: 'review' as const, message: 'pods is forbidden: User "viewer" cannot create resource "pods/eviction" in API group "" in the namespace "default"' };
    const history = new ActionHistory();
    history.record('prod-eu', 'Eviction of pod default/web-a', 'info', '201 Created: evicted', () => undefined);
    history.record('other', 'Simulated drain of node-1, node-2', 'warning', 'Completes only once node-1 is uncordoned: node-2 is stuck until then');
    const held = history.start('prod-eu', 'Drain of node node-2', 'starting');
    history.update(held, '1 of 2 pods gone; waiting for web-pdb to allow evicting default/web-b', { summary: 'web-pdb allows no disruption until 1 more pod is Ready: default/web-p is Pending', details: 'It is released once the Pending pod can run.', remedies: [{ title: 'Uncordon node-1', command: 'kubeEviction.uncordonNode', argument: {} }, { title: 'Open web-pdb', command: 'kubeEviction.showDetails', argument: {} }] });
    history.start('prod-eu', 'Drain of node node-3', 'pod default/web-c evicted');
    const scopes: ViewScope[] = [
      { target },
      { target, namespaces: ['shop'], access: { evict: false } },
      { target, namespaces: ['default', 'shop'], access: { evict: false, patchNodes: false, user: 'viewer', denials: { evict: viewerDenial } } },
      { target, access: { patchNodes: false } },
    ];
    for (const scope of scopes) {
      const model = new ClusterTreeModel(objects, scope, history);
      const walk = (elements: TreeElement[]) => {
        for (const element of elements) {
          const view = itemView(model, element, now)!;
          texts.add(`tree ${element.id}`, 'plain', view.label, view.description);
          texts.add(`tree ${element.id} (tooltip)`, 'markdown', view.tooltip);
          walk(model.children(element));
        }
      };
      walk(model.roots());
    }

    const failures: ClusterFailure[] = [
      { kind: 'config', message: 'context "x" is not defined in the kubeconfig' },
      { kind: 'credentials', message: 'the exec credential plugin "aws" was not found' },
      { kind: 'unreachable', cause: 'connectionRefused', server: target.server, message: `cannot reach the Kubernetes API server at ${target.server}: connection refused` },
      { kind: 'unauthorized', server: target.server, message: 'the API server rejected the credentials of this context (401 Unauthorized): they are wrong or have expired' },
      { kind: 'forbidden', message: 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope' },
      { kind: 'notFound', message: 'nodes "n9" not found' },
      { kind: 'cancelled', message: 'cancelled' },
      { kind: 'other', message: 'the server answered HTTP 500.' },
    ];
    const states: ConnectionState[] = [
      { kind: 'idle' },
      { kind: 'noKubeconfig', message: 'no kubeconfig found: /home/u/.kube/config does not exist and $KUBECONFIG is not set' },
      { kind: 'unknownContext', message: 'the current-context, "gone", is not defined in the kubeconfig; choose one of: a, b', contexts: ['a', 'b'] },
      { kind: 'selected', target },
      { kind: 'connecting', target },
      ...failures.map((failure): ConnectionState => ({ kind: 'failed', target, failure })),
    ];
    for (const state of states) {
      texts.add(`view message ${state.kind}`, 'plain', stateMessage(state)?.message);
      const bar = statusBarView(state);
      texts.add(`status bar ${state.kind}`, 'plain', bar.accessibleLabel, bar.text.replace(/^\$\([a-z~-]+\) /, ''));
      texts.add(`status bar ${state.kind} (tooltip)`, 'markdown', bar.tooltip);
    }
    for (const failure of failures) texts.explanation(`failure ${failure.kind}`, explainFailure(failure));

    const web = pdb('web-pdb', 'web', {});
    const podRef = { namespace: 'default', name: 'web-a' };
    const walkthroughCopy = snapshotOfManifests(walkthroughScenario(), 'the walkthrough', now);
    const webPods = (simulatedClusterOf(walkthroughCopy, {}).sim.list('pods') as Pod[]).filter((p) => p.metadata?.name?.startsWith('web-')).map((p) => ({ namespace: 'default', name: p.metadata!.name! }));
    for (const pods of [[podRef], webPods.slice(0, 1), webPods]) {
      const planned = await planEvictions(walkthroughCopy, { pods });
      assert.ok(planned.ok);
      const c = pods.length === 1 ? evictionConfirmation(target, pods[0]!, { kind: 'plan', plan: planned.plan }, 5) : evictionsConfirmation(target, pods, { kind: 'plan', plan: planned.plan });
      texts.add('eviction confirmation', 'plain', c.message, c.detail);
    }
    texts.add('eviction confirmation (not simulated)', 'plain', evictionConfirmation(target, podRef, { kind: 'notSimulated', why: 'the cluster could not be listed: cancelled' }, 5).detail);
    const allChoices = { ignoreDaemonSets: true, deleteEmptyDirData: true, force: true, gracePeriodSeconds: 30, timeoutSeconds: 60 };
    for (const nodes of [['node-1'], ['node-1', 'node-2'], ['node-9']]) {
      const planned = await planDrain(snapshotOfManifests(walkthroughScenario(), 'the walkthrough', now), { nodes });
      assert.ok(planned.ok);
      const c = drainConfirmation(target, nodes[0]!, { kind: 'plan', plan: planned.plan }, allChoices);
      texts.add(`drain confirmation (plan of ${nodes.join(', ')})`, 'plain', c.message, c.detail, planOutcomeText(planned.plan));
      texts.add(`plan report of ${nodes.join(', ')}`, 'markdown', planReport(planned.plan).markdown);
    }
    texts.add('drain confirmation (not simulated)', 'plain', drainConfirmation(target, 'node-1', { kind: 'notSimulated', why: 'the cluster could not be listed: cancelled' }, allChoices).detail);
    texts.add('eviction forecast (forbidden)', 'plain', evictionForecast({ evict: false, user: 'viewer', denials: { evict: viewerDenial } }, objects.pod('default', 'web-a')!, [web], now).text);

    const answers: EvictionAnswer[] = [
      { kind: 'evicted', code: 201, dryRun: false, message: 'eviction accepted' },
      { kind: 'evicted', code: 201, dryRun: true, message: 'eviction accepted (server dry run)' },
      { kind: 'blocked', code: 429, pdb: { name: 'web-pdb', disruptionsAllowed: 0 }, message: evictionMessages.violatesBudget, cause: evictionMessages.needsHealthy('web-pdb', 2, 2) },
      { kind: 'stillProcessing', code: 429, pdb: { name: 'web-pdb' }, retryAfterSeconds: 10, message: evictionMessages.violatesBudget, cause: evictionMessages.stillProcessing('web-pdb') },
      { kind: 'throttled', code: 429, retryAfterSeconds: 3, message: 'Too many requests, please try again later.' },
      { kind: 'multipleBudgets', code: 500, pdbs: ['a', 'b'], message: evictionMessages.multipleBudgets },
      ...failures.map((f) => ({ ...f, code: 403 }) as EvictionAnswer),
    ];
    for (const answer of answers) {
      const outcome = { ...answer, pod: podRef, explanation: explainEviction(answer) } as EvictionOutcome;
      texts.add(`eviction result ${answer.kind}`, 'plain', evictionResultMessage(target, podRef, outcome, false), evictionResultMessage(target, podRef, outcome, true));
      texts.explanation(`eviction explanation ${answer.kind}`, outcome.explanation);
    }
    const report = (result: DrainReport['result'], explanation: DrainReport['explanation']): DrainReport => ({
      node: 'n1', result, dryRun: 'none', cordoned: true, filterErrors: [], warnings: '', evicted: [], terminating: [], left: [], errors: [], pendingPods: [], explanation,
    });
    for (const result of ['drained', 'failed', 'timedOut', 'cancelled'] as const) {
      const facts = { node: 'n1', result, dryRun: false, evicted: 1, terminating: 1, blocked: 1, failed: 1, refusedByFilters: false, cordoned: true };
      texts.add(`drain result ${result}`, 'plain', reportResultMessage(target, report(result, clusterTexts.drainOutcome(facts))), reportResultMessage(target, report(result, clusterTexts.evictionsOutcome(facts))));
    }
    for (const outcome of [{ kind: 'done', node: 'n1', unschedulable: true, changed: true }, { kind: 'done', node: 'n1', unschedulable: true, changed: false }, ...failures] as Parameters<typeof cordonResultMessage>[3][]) {
      texts.add(`cordon result ${outcome.kind}`, 'plain', cordonResultMessage(target, 'n1', true, outcome), cordonResultMessage(target, 'n1', false, outcome));
    }

    const ref = { namespace: 'default', name: 'web-a' };
    const blocked = answers[2] as Extract<EvictionAnswer, { kind: 'blocked' }>;
    const events: DrainEvent[] = [
      { type: 'cordoned', node: 'n1', changed: true, dryRun: 'none' },
      { type: 'cordoned', node: 'n1', changed: false, dryRun: 'server' },
      { type: 'cordonFailed', node: 'n1', failure: failures[4]!, explanation: explainFailure(failures[4]!) },
      { type: 'warning', message: 'ignoring DaemonSet-managed Pods: default/ds-x' },
      { type: 'evicting', pod: ref, attempt: 2, dryRun: 'client' },
      { type: 'blocked', pod: ref, answer: blocked, retry: { when: 'budgetAllows', pdb: 'web-pdb', fallbackSeconds: 30 }, explanation: explainEviction(blocked) },
      { type: 'blocked', pod: ref, answer: blocked, retry: { when: 'retryAfter', seconds: 10 }, explanation: explainEviction(blocked) },
      { type: 'evicted', pod: ref, dryRun: 'none' },
      { type: 'waiting', pod: ref },
      { type: 'gone', pod: ref, alreadyGone: false },
      { type: 'skipped', pod: ref, message: 'pod "web-a" has DeletionTimestamp older than 30 seconds, skipping' },
    ];
    for (const event of events) texts.add(`drain line ${event.type}`, 'plain', kubectlDrainLine(event)?.line);

    for (const [kind, name, namespace] of [['pod', 'web-a', 'default'], ['pod', 'web-p', 'default'], ['node', 'node-1', ''], ['node', 'node-4', ''], ['pdb', 'web-pdb', 'default'], ['pdb', 'api-pdb', 'shop']] as const) {
      const object = kind === 'pod' ? objects.pod(namespace, name) : kind === 'node' ? objects.node(name) : objects.budget(namespace, name);
      const base = { kind, name, namespace, context: target.context, view: objects, nowMs: now, access: { evict: false, user: 'viewer', denials: { evict: viewerDenial } } };
      const event = { metadata: { name: 'e1' }, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/${name} to node-1`, count: 2, lastTimestamp: '2026-01-01T00:00:00Z', source: { component: 'default-scheduler' } };
      for (const input of [{ ...base, object, events: [event] }, { ...base, object, events: undefined }, { ...base, object, events: [], eventsProblem: 'events is forbidden' }, { ...base, object: undefined, lastSeen: object, events: [] }]) {
        const comments = detailsDocument(input).text.split('\n').filter((line) => line.startsWith('#'));
        texts.add(`details ${kind} ${name}`, 'plain', ...comments.map((line) => line.replace(/^#\s?/, '')));
      }
    }
    assert.deepEqual(texts.faults(), []);
  });
});

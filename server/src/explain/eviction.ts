// What the eviction subresource answers, and what to do about each answer.
// Plain functions of plain data returning Markdown: hovers show them, the
// cluster commands and the CLI print them (see text.ts for plain text).
import { evictionMessages, stillProcessingRetryAfterSeconds, type EvictionPrediction } from '../k8s/eviction';
import type { Status } from '../k8s/types';
import { budgetFacts } from './budget';
import { plural, sentence } from './text';

export const evictionOverview =
  'An **Eviction** is a policy-controlled DELETE: `POST /api/v1/namespaces/{namespace}/pods/{name}/eviction`. ' +
  "The API server first checks the PodDisruptionBudgets (PDBs) whose selector matches the pod's labels, and evicts only if exactly one " +
  'of them allows a disruption now (or none covers the pod). Pods that are Pending, Succeeded, Failed or already terminating skip the check. ' +
  '`kubectl drain` evicts every pod of a node this way.';

export interface ResponseExplanation {
  /** One line: the code and what it means. */
  summary: string;
  /** What happened and what to do, in Markdown. */
  details: string;
}

export const evicted: ResponseExplanation = {
  summary: '201 Created: evicted',
  details:
    'The pod gets the condition `DisruptionTarget=True` (reason `EvictionByEvictionAPI`) and is deleted gracefully, with its ' +
    '`terminationGracePeriodSeconds` (30 s by default); it may still be terminating when the answer arrives. Its PDB\'s ' +
    '`disruptionsAllowed` goes down by one (the pod is recorded in `status.disruptedPods`) until the disruption controller sees it gone. ' +
    "Nothing to do: the pod's controller creates a replacement, which the scheduler places on another node. (policy/v1beta1 clients see 200.)",
};

export function budgetExhausted(cause?: string): ResponseExplanation {
  return {
    summary: `429 Too Many Requests: ${evictionMessages.violatesBudget}`,
    details:
      `${cause ? `${cause}. ` : ''}The budget allows no disruption now (\`disruptionsAllowed\` is 0), so the pod is left running. ` +
      'There is no Retry-After: `kubectl drain` retries every 5 s until its `--timeout`. ' +
      'What to do: wait until enough pods are Ready again (replacements of pods evicted earlier), scale the workload up, ' +
      'or relax the budget (`minAvailable` lower, `maxUnavailable` higher).',
  };
}

export const stillProcessing: ResponseExplanation = {
  summary: `429 Too Many Requests, Retry-After: ${stillProcessingRetryAfterSeconds}`,
  details:
    "The PDB's spec changed and the disruption controller has not processed it yet (`status.observedGeneration` is below " +
    `\`metadata.generation\`): "The disruption budget … is still being processed by the server." The answer carries ` +
    `\`Retry-After: ${stillProcessingRetryAfterSeconds}\`; client-go (and so kubectl) retries it by itself, up to 10 times. ` +
    'What to do: wait; if it persists, check that kube-controller-manager is running.',
};

export const multipleBudgets: ResponseExplanation = {
  summary: `500 Internal Server Error: ${evictionMessages.multipleBudgets}`,
  details:
    'More than one PDB selects this pod, and the eviction subresource supports only one. Nothing is changed, and the answer has no ' +
    'Retry-After: `kubectl drain` fails on this pod at once. What to do: make the selectors of the PDBs disjoint, so that exactly one covers each pod.',
};

export const podNotFound: ResponseExplanation = {
  summary: '404 Not Found',
  details: 'The pod does not exist: it was already deleted or evicted, or the name or namespace is wrong. `kubectl drain` counts it as evicted.',
};

export const forbidden: ResponseExplanation = {
  summary: '403 Forbidden',
  details:
    'Either the caller may not `create` the `pods/eviction` subresource (RBAC), or the namespace is terminating (cause `NamespaceTerminating`: ' +
    '`kubectl drain` retries it every 5 s), or the PDB\'s status is broken (`pdb disruptions allowed is negative`, or more than 2000 ' +
    '`disruptedPods` not yet confirmed by the disruption controller). What to do: grant the permission, or check kube-controller-manager.',
};

/** The explanation of an eviction answer, from its Status. */
export function explainEvictionStatus(status: Status): ResponseExplanation {
  switch (status.code) {
    case 200:
    case 201:
      return evicted;
    case 404:
      return podNotFound;
    case 403:
      return { summary: `403 Forbidden: ${status.message ?? ''}`.trimEnd(), details: forbidden.details };
    case 429: {
      if ((status.details?.retryAfterSeconds ?? 0) > 0) return stillProcessing;
      return budgetExhausted(status.details?.causes?.[0]?.message);
    }
    case 500:
      if (status.message === evictionMessages.multipleBudgets) return multipleBudgets;
      return { summary: `500: ${status.message ?? ''}`, details: 'The API server failed the request; nothing was evicted.' };
    default:
      return { summary: `${status.code}: ${status.message ?? ''}`, details: 'The eviction was refused; nothing was evicted.' };
  }
}

/** Every answer an eviction can get, for the documentation of an Eviction manifest. */
export function evictionResponses(): string {
  return [evicted, budgetExhausted(), stillProcessing, multipleBudgets, podNotFound, forbidden]
    .map((r) => `- **${sentence(r.summary)}** ${r.details}`)
    .join('\n');
}

const nameOf = (obj: { metadata?: { name?: string } }) => obj.metadata?.name ?? '';

/**
 * The answer an eviction is predicted to get, in one sentence: which budget
 * decides, with its numbers, and the expected answer. For confirmations, tooltips
 * (from the live budgets) and the Eviction hover (from the manifests).
 */
export function describePredictedAnswer(prediction: EvictionPrediction): string {
  if (prediction.code === 201) {
    switch (prediction.why) {
      case 'skipsBudget':
        return 'The pod is Pending, finished or already terminating, so no PodDisruptionBudget is consulted: the API server should accept (201).';
      case 'noBudget':
        return 'No PodDisruptionBudget selects the pod: the API server should accept (201).';
      case 'unhealthyPodAllowed':
        return `The pod is not Ready and ${budgetFacts(prediction.pdb!)} can spare it: the API server should accept (201) without using a disruption.`;
      case 'allowed': {
        const after = prediction.statusAfter?.disruptionsAllowed ?? 0;
        const allowed = prediction.pdb?.status?.disruptionsAllowed ?? 0;
        return `${budgetFacts(prediction.pdb!)} allows ${plural(allowed, 'disruption')} now: the API server should accept (201), leaving ${after} until a replacement is Ready.`;
      }
    }
  }
  if (prediction.code === 404) return `The pod does not exist: the API server should answer 404 (${prediction.status.message ?? 'Not Found'}).`;
  const cause = prediction.status.details?.causes?.[0]?.message;
  const answer = `the API server should refuse (${prediction.code}): ${sentence(cause ?? prediction.status.message ?? '')}`;
  if (prediction.pdbs && prediction.pdbs.length > 1) return `${prediction.pdbs.map(nameOf).join(' and ')} all select the pod: ${answer}`;
  if (prediction.pdb) {
    const pdb = prediction.pdb;
    if ((pdb.status?.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) return `${budgetFacts(pdb)} changed, and the disruption controller has not caught up yet: ${answer}`;
    const allowed = pdb.status?.disruptionsAllowed ?? 0;
    return `${budgetFacts(pdb)} allows ${allowed > 0 ? plural(allowed, 'disruption') : 'no disruption'} now: ${answer}`;
  }
  return `${answer[0]!.toUpperCase()}${answer.slice(1)}`;
}

/**
 * The lead of an Eviction hover: the predicted answer, and what it rests on
 * (`owner`: what the pod belongs to, e.g. `StatefulSet postgres`;
 * `countUnknown`: the manifests do not give the pod count).
 */
export function describeWorkspacePrediction(prediction: EvictionPrediction, podName: string, owner: string, countUnknown: boolean): string {
  const assumption = countUnknown ? ' The manifests do not say how many pods run; this assumes one.' : '';
  return `**${describePredictedAnswer(prediction)}** Predicted from the manifests for pod ${podName} (${owner}), with every pod Running and Ready.${assumption}`;
}

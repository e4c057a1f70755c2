// The one place where the cluster layer asks for explanation texts. The texts
// belong to server/src/explain, the single source shared with hovers and the
// CLI; this only picks the text for each class of answer.

import * as eviction from '../../../server/src/explain/eviction';
import type { EvictionAnswer } from './evictionAnswer';

export { plainText } from '../../../server/src/explain/text';

/** What an answer means and what to do about it: a one-line summary, details in Markdown. */
export interface Explanation {
  summary: string;
  details: string;
}

export function explainEviction(answer: EvictionAnswer): Explanation {
  switch (answer.kind) {
    case 'evicted':
      return answer.dryRun
        ? { summary: `${eviction.evicted.summary} (server dry run: nothing was changed)`, details: eviction.evicted.details }
        : eviction.evicted;
    case 'blocked':
      return eviction.budgetExhausted(answer.cause);
    case 'stillProcessing':
      return eviction.stillProcessing;
    case 'multipleBudgets':
      return eviction.multipleBudgets;
    case 'notFound':
      return eviction.podNotFound;
    case 'forbidden':
      return { summary: `403 Forbidden: ${answer.message}`, details: eviction.forbidden.details };
    default:
      // Throttling, and every way of not getting an answer about the pod (unreachable, credentials, …): the message says it all.
      return { summary: answer.message, details: '' };
  }
}

// The one place where the cluster layer asks for explanation texts. The texts
// belong to server/src/explain, the single source shared with hovers and the
// CLI; until that module is on main this returns the API server's own words.

import type { EvictionAnswer } from './evictionAnswer';

export function explainEviction(answer: EvictionAnswer): string {
  switch (answer.kind) {
    case 'blocked':
    case 'stillProcessing':
      return answer.cause ? `${answer.message} ${answer.cause}` : answer.message;
    default:
      return answer.message;
  }
}

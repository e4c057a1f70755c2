// The one place where the cluster layer asks for explanation texts. The texts
// belong to server/src/explain, the single source shared with hovers and the
// CLI; until that module is on main this returns the API server's own words.

import type { EvictionAnswer } from './evictionAnswer';

/** What an answer means and what to do about it: a one-line summary, details in Markdown. */
export interface Explanation {
  summary: string;
  details: string;
}

export function explainEviction(answer: EvictionAnswer): Explanation {
  switch (answer.kind) {
    case 'blocked':
    case 'stillProcessing':
      return { summary: answer.message, details: answer.cause };
    default:
      return { summary: answer.message, details: '' };
  }
}

/** Markdown to terminal text. */
export function plainText(markdown: string): string {
  return markdown;
}

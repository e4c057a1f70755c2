// The explanations are Markdown; terminals and notifications get plain text.

export function plainText(markdown: string): string {
  return markdown.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}

/** `text` as a sentence: it ends with a full stop unless it already ends with one (or ? or !). */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) || trimmed === '' ? trimmed : `${trimmed}.`;
}

/** `1 pod`, `3 pods`: a count and its word, plural unless it is one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How many objects a finding names before it counts the rest (and how many related locations it gives). */
export const namedInFindings = 5;

/**
 * `first` (the first items of `total`) joined by `separator`; beyond namedInFindings, the rest counted:
 * "a, b, c, d, e and 7 more" (a list joined by " and " is then joined by ", "; one joined by "; " ends "; and 7 more").
 */
export function listFew(first: readonly string[], total: number, separator = ', '): string {
  const shown = first.slice(0, namedInFindings);
  const rest = total - shown.length;
  if (rest <= 0) return shown.join(separator);
  return separator === '; ' ? `${shown.join(separator)}; and ${rest} more` : `${shown.join(', ')} and ${rest} more`;
}

// The explanations are Markdown; terminals and notifications get plain text.

export function plainText(markdown: string): string {
  return markdown.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}

/** `text` as a sentence: it ends with a full stop unless it already ends with one (or ? or !). */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) || trimmed === '' ? trimmed : `${trimmed}.`;
}

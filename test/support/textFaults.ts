// The check every message the extension shows must pass: no doubled
// punctuation ("budget.. The", "support.."), no raw codicon syntax
// (`$(warning)`, which only the status bar's text renders), and, where plain
// text is shown (notifications, dialogs, tree descriptions, Problems, code
// lens titles), no Markdown (`**`, backticks, links).

/** `apiServer`: the API server's exact words, quoted as they are (only checked for icon syntax). */
export type TextKind = 'plain' | 'markdown' | 'apiServer';

const checks: { kinds: TextKind[]; pattern: RegExp; fault: string }[] = [
  // Two marks in a row, across emphasis or spaces; an ellipsis (three dots) and numbers (1.32, 10:00) are not doubled.
  { kinds: ['plain', 'markdown'], pattern: /(?<![.\d])[.,;:!?](?:\*\*|`|\s)*[.,;:!?](?![.\d/])/, fault: 'doubled punctuation' },
  { kinds: ['plain', 'markdown'], pattern: /\S\s+[.,;:](?=\s|$)/, fault: 'a space before punctuation' },
  { kinds: ['plain', 'markdown', 'apiServer'], pattern: /\$\([a-z0-9-]+(?:~[a-z]+)?\)/, fault: 'raw icon syntax' },
  { kinds: ['plain'], pattern: /\*\*|`|\]\(/, fault: 'Markdown in plain text' },
];

/** What is wrong with `text` shown as `kind`: an empty list when nothing is. */
export function textFaults(text: string, kind: TextKind): string[] {
  const faults: string[] = [];
  for (const { kinds, pattern, fault } of checks) {
    if (!kinds.includes(kind)) continue;
    const match = pattern.exec(text);
    if (match) faults.push(`${fault} at "${text.slice(Math.max(0, match.index - 25), match.index + match[0].length + 25)}"`);
  }
  return faults;
}

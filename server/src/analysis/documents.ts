// Splits a YAML stream into documents without parsing it. A line that begins
// with `---` or `...` (followed by a blank or the end of the line) is a document
// marker wherever it appears: YAML forbids such lines inside any scalar, so this
// split is exact. JSON files contain no such line and stay one document. A
// byte-order mark stays at the start of the first document; the readers skip it.

export interface DocumentSpan {
  start: number;
  end: number;
}

const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

export function splitDocuments(text: string): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  let start = 0;
  marker.lastIndex = 0;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    const at = match.index;
    if (match[0] === '---') {
      if (at > start) spans.push({ start, end: at });
      start = at;
    } else {
      const lineEnd = text.indexOf('\n', at);
      const end = lineEnd === -1 ? text.length : lineEnd + 1;
      spans.push({ start, end });
      start = end;
    }
  }
  if (start < text.length || spans.length === 0) spans.push({ start, end: text.length });
  return spans;
}

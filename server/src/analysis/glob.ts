// VS Code style globs (`**/node_modules/**`, `*.{yaml,yml}`) for excluding
// files, matched against paths relative to the workspace root with `/`.

export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        if (atSegmentStart && slashAfter) {
          out += '(?:.*/)?';
          i += 2;
        } else if (atSegmentStart && i + 2 === glob.length && out.endsWith('/')) {
          out = `${out.slice(0, -1)}(?:/.*)?`;
          i += 1;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close === -1) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, close).split(',').map(escape).join('|')})`;
        i = close;
      }
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, close);
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else {
      out += escape(c);
    }
  }
  return new RegExp(`^${out}$`);
}

function escape(text: string): string {
  return text.replace(/[.+^$()|\\]/g, '\\$&');
}

/** A predicate over root-relative paths that is true when any glob matches. */
export function globMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const patterns = globs.map(globToRegExp);
  return (path) => patterns.some((p) => p.test(path));
}

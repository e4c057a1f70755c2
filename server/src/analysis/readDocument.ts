// One document of a file -> its tree, or why there is none. Documents of kinds
// no rule reads are dropped by a regular-expression look at their `kind:`
// before any parsing; the rest go to the fast reader, and to `yaml` where the
// fast reader gives up.
import { readFast, Unsupported } from './fastReader';
import { isListKind, manifestInterest, readKinds } from './interest';
import type { MapNode, Node } from './tree';
import { readWithYaml, type ParseError } from './yamlReader';

export type DocumentContent =
  /** Nothing to analyse: no manifest of a kind the rules read, or a template (Helm, Go). */
  | { state: 'ignored' }
  | { state: 'error'; error: ParseError }
  | { state: 'read'; root: MapNode };

const ignored: DocumentContent = { state: 'ignored' };

export function readDocument(text: string): DocumentContent {
  if (!mayHoldReadKinds(text)) return ignored;
  let root: Node | undefined;
  try {
    root = readFast(text, manifestInterest);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    const result = readWithYaml(text, manifestInterest);
    if ('error' in result) return isTemplate(text) ? ignored : { state: 'error', error: result.error };
    root = result.root;
  }
  if (root?.type !== 'map' || holdsTemplate(root)) return ignored;
  return { state: 'read', root };
}

const topLevelKind = /^kind[ \t]*:[ \t]*["']?([A-Za-z0-9]+)/m;
const anyKind = /["']?\bkind["']?[ \t]*:[ \t]*["']?([A-Za-z0-9]+)/g;

/** Whether a document may hold an object of a kind the rules read (a cheap over-approximation). */
function mayHoldReadKinds(text: string): boolean {
  const top = topLevelKind.exec(text);
  if (top) return isReadKind(top[1]!);
  anyKind.lastIndex = 0;
  for (let match = anyKind.exec(text); match; match = anyKind.exec(text)) if (isReadKind(match[1]!)) return true;
  return false;
}

function isReadKind(kind: string): boolean {
  return readKinds.has(kind) || isListKind(kind);
}

function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/** A Go template action in a value the rules read: the value is not what the cluster will see. */
function holdsTemplate(node: Node): boolean {
  switch (node.type) {
    case 'scalar':
      return typeof node.value === 'string' && node.value.includes('{{');
    case 'map':
      return node.pairs.some((pair) => holdsTemplate(pair.key) || holdsTemplate(pair.value));
    case 'seq':
      return node.items.some(holdsTemplate);
    case 'skipped':
      return false;
  }
}

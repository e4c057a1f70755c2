// The complete check of a document (its parts no rule reads included) at the
// cost of the fast reader: a document the fast reader reads whole, every path
// a read path, is valid YAML (it reads exactly or gives up, see fastReader.ts),
// so `yaml` parses only what the fast reader gives up on and reports the error,
// if any, exactly as before. `lint`'s worker threads and the background
// complete reading check every document of a kind the rules read this way; a
// document read completely at once is checked in the same pass where the fast
// reader can (readDocument), this way where it cannot.
import { readFast, Unsupported } from './fastReader';
import type { DuplicateKey } from './tree';
import { yamlCheck, type ParseError } from './yamlReader';

/** A whole document's first error, as `yamlCheck` reports it, or else every key it repeats. */
export type WholeDocumentCheck = { error: ParseError } | { duplicates: DuplicateKey[] };

export function wholeDocumentCheck(text: string): WholeDocumentCheck {
  const duplicates: DuplicateKey[] = [];
  try {
    // A document that is no collection (a scalar, only comments) is rare and cheap for `yaml`.
    if (readFast(text, true, duplicates) !== undefined) return { duplicates };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
  }
  return yamlCheck(text);
}

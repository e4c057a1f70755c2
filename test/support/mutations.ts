// Documents with a few random edits, seeded (the same every run): hostile
// input for the readers' tests, which compare two readings of each.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { splitDocuments } from '../../server/src/analysis/documents';
import { deploymentDoc } from './workspace';

/** Documents of the sample workspace and of a generated Deployment, each with a few random edits (seeded: the same every run). */
export function* mutatedDocuments(rounds: number): Generator<string> {
  const fixtures = resolve(__dirname, '../../../test/fixtures/workspace');
  let seed = 1;
  const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const texts = [...readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(fixtures, f), 'utf8')), deploymentDoc('ns', 'app', 2, rnd)];
  const documents = texts.flatMap((text) => splitDocuments(text).map((span) => text.slice(span.start, span.end)));
  const pieces = [' ', '\n', ':', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '\t', '&a', '*a', '!', '|', '>', '?', '\\', '  ', '\n  ', ': ', '<<', '...', '---', '%', '@', '`', '\r\n', '\n- ', '{a: ', '[1, ', '"\\u00'];
  for (let round = 0; round < rounds; round++) {
    let text = documents[Math.floor(rnd() * documents.length)]!;
    for (let edits = 1 + Math.floor(rnd() * 3); edits > 0; edits--) {
      const at = Math.floor(rnd() * text.length);
      const op = rnd();
      if (op < 0.45) text = text.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + text.slice(at);
      else if (op < 0.75) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3));
      else {
        const from = Math.floor(rnd() * text.length);
        text = text.slice(0, at) + text.slice(from, from + 1 + Math.floor(rnd() * 10)) + text.slice(at);
      }
    }
    for (const span of splitDocuments(text)) yield text.slice(span.start, span.end);
  }
}

// Parse-only time of the two YAML parsers over the same files: the floors the
// analysis is compared with. Prints one JSON line. `js-yaml` as a second
// argument times js-yaml alone.
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { listManifestFiles } from '../server/src/analysis/workspaceFiles';

const texts = listManifestFiles(process.argv[2]!, []).map((f) => readFileSync(f, 'utf8'));
const time = (parse: (text: string) => unknown) => {
  const started = performance.now();
  for (const text of texts) parse(text);
  return performance.now() - started;
};
const jsYamlMs = time((text) => loadAll(text));
const yamlMs = process.argv[3] === 'js-yaml' ? undefined : time((text) => parseAllDocuments(text));
process.stdout.write(`${JSON.stringify({ yamlMs, jsYamlMs })}\n`);

// Parse-only time of the two YAML parsers over the same files: the floors the
// analysis is compared with. Prints one JSON line. `js-yaml` as a second
// argument times js-yaml alone (and loads no other parser: the process is
// then what a script that loads the files with js-yaml is, timed whole by lint.ts).
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { listManifestFiles } from '../server/src/analysis/workspaceFiles';

const texts = listManifestFiles(process.argv[2]!, []).map((f) => readFileSync(f, 'utf8'));
const time = (parse: (text: string) => unknown) => {
  const started = performance.now();
  for (const text of texts) parse(text);
  return performance.now() - started;
};
const jsYamlMs = time((text) => loadAll(text));
const yaml = process.argv[3] === 'js-yaml' ? undefined : (require('yaml') as typeof import('yaml'));
const yamlMs = yaml && time((text) => yaml.parseAllDocuments(text));
process.stdout.write(`${JSON.stringify({ yamlMs, jsYamlMs })}\n`);

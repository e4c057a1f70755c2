// Small formatting shared by the cluster subcommands.

import { plainText, type Explanation } from '../../client/src/cluster/explain';

export { withDryRun } from '../../client/src/cluster/drainLines';

/** An explanation under the line it explains. */
export function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

/** The details of an explanation as indented terminal text ('' when there are none). */
export function explanationLines(explanation: Explanation): string {
  return explanation.details ? indent(plainText(explanation.details)) : '';
}

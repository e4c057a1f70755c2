// Small formatting shared by the cluster subcommands.

import type { DryRunStrategy } from '../../client/src/cluster';
import { plainText, type Explanation } from '../../client/src/cluster/explain';

/**
 * kubectl's printer suffix for dry runs (cmdutil.PrintFlagsWithDryRunStrategy):
 * `node/n1 cordoned (dry run)`, `… (server dry run)`.
 */
export function withDryRun(line: string, dryRun: DryRunStrategy): string {
  return dryRun === 'client' ? `${line} (dry run)` : dryRun === 'server' ? `${line} (server dry run)` : line;
}

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

// Every rule, in the order the README documents them. Ids are part of the
// interface: settings, suppression comments and CLI output use them.
import { deprecatedApi } from './deprecatedApi';
import { evictionInvalid } from './evictionInvalid';
import { pdbBlocksEviction } from './pdbBlocksEviction';
import { pdbConflict } from './pdbConflict';
import { pdbInvalid } from './pdbInvalid';
import { pdbSelectsNothing } from './pdbSelectsNothing';
import { readingRules } from '../analysis/engine';
import type { Rule } from '../analysis/rule';
import { tolerationInvalid } from './tolerationInvalid';
import { untoleratedTaint } from './untoleratedTaint';

export const rules: readonly Rule[] = [
  pdbConflict,
  pdbBlocksEviction,
  pdbSelectsNothing,
  pdbInvalid,
  deprecatedApi,
  untoleratedTaint,
  tolerationInvalid,
  evictionInvalid,
];

/** The ids a setting or a settings file may name: every rule's, and those of the findings about reading. */
export const configurableRuleIds: ReadonlySet<string> = new Set([...rules.map((r) => r.id), ...Object.values(readingRules).map((r) => r.id)]);

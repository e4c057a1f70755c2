import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDeleteOptions } from '../../../server/src/k8s/deleteOptions';
import { formatFieldError } from '../../../server/src/k8s/validation';
import type { DeleteOptions } from '../../../server/src/k8s/types';

const cases: [string, DeleteOptions, string[]][] = [
  ['empty options are valid', {}, []],
  ['a negative grace period is not rejected (BeforeDelete makes it 1)', { gracePeriodSeconds: -5 }, []],
  ['dryRun All is valid', { dryRun: ['All'] }, []],
  ['dryRun other than All', { dryRun: ['X'] }, ['dryRun: Unsupported value: []string{"X"}: supported values: "All"']],
  ['unknown propagationPolicy', { propagationPolicy: 'Later' }, ['propagationPolicy: Unsupported value: "Later": supported values: "Foreground", "Background", "Orphan", "nil"']],
  ['orphanDependents with a policy', { orphanDependents: true, propagationPolicy: 'Orphan' }, ['propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set']],
];
for (const [name, options, errors] of cases) test(name, () => assert.deepEqual(validateDeleteOptions(options).map(formatFieldError), errors));

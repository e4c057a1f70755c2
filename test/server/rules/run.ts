import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lint, summary, type Case } from './harness';

/** One `it` per case: exactly the expected findings of `ruleId`, with the expected message parts. */
export function runCases(ruleId: string, cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const { findings } = lint(c.files, c.settings, c.cluster);
      // A rule that throws must not pass for one that found nothing.
      assert.deepEqual(findings.filter((f) => f.ruleId === 'rule-failed').map((f) => f.message), []);
      const mine = findings.filter((f) => f.ruleId === ruleId);
      assert.deepEqual(mine.map(summary), c.expect, mine.map((f) => `${summary(f)} ${f.message}`).join('\n'));
      (c.messages ?? []).forEach((part, i) => {
        const message = mine[i]!.message;
        if (typeof part === 'string') assert.ok(message.includes(part), `${message}\n  does not contain\n${part}`);
        else assert.match(message, part);
      });
    });
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainEvictionStatus } from '../../../server/src/explain/eviction';
import { plainText } from '../../../server/src/explain/text';
import { budgetExhaustedStatus, multipleBudgetsStatus, stillProcessingStatus } from '../../../server/src/k8s/eviction';
import { forbidden, notFound, success } from '../../../server/src/k8s/status';

describe('explanations of eviction answers', () => {
  it('explains each Status the eviction subresource returns', () => {
    assert.equal(explainEvictionStatus(success()).summary, '201 Created: evicted');
    const exhausted = explainEvictionStatus(budgetExhaustedStatus('web-pdb', { desiredHealthy: 2, currentHealthy: 2 }));
    assert.equal(exhausted.summary, "429 Too Many Requests: Cannot evict pod as it would violate the pod's disruption budget.");
    assert.match(exhausted.details, /^The disruption budget web-pdb needs 2 healthy pods and has 2 currently\. The budget allows no disruption now/);
    assert.match(exhausted.details, /kubectl drain` retries every 5 s/);
    assert.equal(explainEvictionStatus(stillProcessingStatus('web-pdb')).summary, '429 Too Many Requests, Retry-After: 10');
    assert.match(explainEvictionStatus(multipleBudgetsStatus()).details, /fails on this pod at once/);
    assert.equal(explainEvictionStatus(notFound('pods', '', 'ghost')).summary, '404 Not Found');
    const denied = explainEvictionStatus(forbidden('poddisruptionbudget', 'policy', 'web-pdb', 'pdb disruptions allowed is negative'));
    assert.equal(denied.summary, '403 Forbidden: poddisruptionbudget.policy "web-pdb" is forbidden: pdb disruptions allowed is negative');
  });

  it('turns the Markdown into plain text for terminals', () => {
    assert.equal(plainText('**429**: `kubectl drain` retries'), '429: kubectl drain retries');
  });
});

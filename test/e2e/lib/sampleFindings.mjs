// What the sample workspace (test/fixtures/workspace, see its README) shows:
// each rule of issue 2 in the file built for it, at the rule's default
// severity, and no other finding (web.yaml and nodes.yaml are clean).
export const expectedFindings = [
  { file: 'checkout.yaml', rule: 'pdb-conflict', severity: 'error' },
  { file: 'frontend-pdb.yaml', rule: 'pdb-conflict', severity: 'error' },
  { file: 'postgres.yaml', rule: 'pdb-blocks-eviction', severity: 'warning' },
  { file: 'metrics-pdb.yaml', rule: 'pdb-selects-nothing', severity: 'information' },
  { file: 'queue.yaml', rule: 'pdb-invalid', severity: 'error' },
  { file: 'legacy-api-pdb.yaml', rule: 'deprecated-api', severity: 'error' },
  { file: 'gpu-training.yaml', rule: 'untolerated-taint', severity: 'error' },
  { file: 'batch-worker.yaml', rule: 'toleration-invalid', severity: 'error' },
  { file: 'eviction-invalid.yaml', rule: 'eviction-invalid', severity: 'error' },
];

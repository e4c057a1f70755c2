// Keystrokes through the real language server (dist/server.js over stdio):
// from didChange to the answer of a hover sent right behind it. The server
// handles messages in order and analyses a change as it arrives, so the
// answer comes once the edit is analysed (and published, when its
// diagnostics changed: unchanged ones are not sent again).
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from '../test/server/lsp/client';

export async function lspEditLatencies(path: string, edits: number): Promise<{ scanMs: number; completeMs: number; editMs: number[] }> {
  const client = new TestClient();
  const uri = pathToFileURL(path).href;
  try {
    const started = performance.now();
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dirname(path)).href, capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } } });
    const scanned = client.nextPublish(uri);
    client.connection.sendNotification('initialized', {});
    await scanned;
    const scanMs = performance.now() - started;
    await client.until(() => client.progress.some((p) => p.value.kind === 'end'), 'the complete reading', 120_000);
    const completeMs = performance.now() - started - scanMs;
    // The text is the scanned one, so opening it changes nothing and publishes nothing.
    const text = readFileSync(path, 'utf8');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const lines = text.split('\n');
    const replicaLines = lines.flatMap((l, i) => (/^ {2}replicas: \d+$/.test(l) ? [i] : []));
    const editMs: number[] = [];
    for (let i = 0; i < edits; i++) {
      const line = replicaLines[(i * 104729) % replicaLines.length]!;
      const value = String((Number(lines[line]!.slice(12)) % 5) + 1);
      const sent = performance.now();
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ range: { start: { line, character: 12 }, end: { line, character: lines[line]!.length } }, text: value }],
      });
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 4 } });
      editMs.push(performance.now() - sent);
      lines[line] = `  replicas: ${value}`;
    }
    return { scanMs, completeMs, editMs };
  } finally {
    await client.stop();
  }
}

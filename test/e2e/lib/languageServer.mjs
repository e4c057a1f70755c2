// Asks the bundled language server (dist/server.js, over stdio) what it does
// with the sample workspace, so the in-editor tests of issue 2 run from the
// build whose server publishes findings, hovers and quick fixes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, sampleWorkspace } from './paths.mjs';

/** Reads Content-Length framed JSON-RPC messages from `stream`, calling `onMessage` for each. */
function readMessages(stream, onMessage) {
  let buffer = Buffer.alloc(0);
  stream.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      onMessage(JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()));
      buffer = buffer.subarray(headerEnd + 4 + length);
    }
  });
}

/**
 * Starts the server, opens `file` of the sample workspace and reports
 * { diagnostics: whether findings were published for it within `waitMs`,
 *   hover, codeActions, codeLens: the capabilities it announced }.
 * A server that does not answer `initialize` in 15 s is broken: that throws.
 */
export async function probeLanguageServer({ file = 'postgres.yaml', waitMs = 5000 } = {}) {
  const server = spawn(process.execPath, [join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const send = (message) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const uri = pathToFileURL(join(sampleWorkspace, file)).href;
  let initialized;
  let diagnosed;
  const initializeResult = new Promise((resolve) => { initialized = resolve; });
  const published = new Promise((resolve) => { diagnosed = resolve; });
  readMessages(server.stdout, (message) => {
    if (message.id === 1) initialized(message.result);
    else if (message.method === 'textDocument/publishDiagnostics' && message.params.uri === uri && message.params.diagnostics.length > 0) diagnosed(true);
    // Requests from the server (configuration, registrations, progress): answer so it goes on.
    else if (message.id !== undefined && message.method) {
      send({ id: message.id, result: message.method === 'workspace/configuration' ? message.params.items.map(() => null) : null });
    }
  });
  const timeout = (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value).unref());
  try {
    const workspaceUri = pathToFileURL(sampleWorkspace).href;
    send({ id: 1, method: 'initialize', params: {
      processId: process.pid, rootUri: workspaceUri, workspaceFolders: [{ uri: workspaceUri, name: 'workspace' }],
      capabilities: { textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['markdown', 'plaintext'] } } },
    } });
    const result = await Promise.race([initializeResult, timeout(15_000)]);
    if (!result) throw new Error('dist/server.js did not answer initialize within 15 s');
    send({ method: 'initialized', params: {} });
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(join(sampleWorkspace, file), 'utf8') } } });
    const { capabilities } = result;
    return {
      diagnostics: await Promise.race([published, timeout(waitMs, false)]),
      hover: Boolean(capabilities.hoverProvider),
      codeActions: Boolean(capabilities.codeActionProvider),
      codeLens: Boolean(capabilities.codeLensProvider),
    };
  } finally {
    server.kill();
  }
}

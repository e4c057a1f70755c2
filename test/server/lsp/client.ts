// A minimal LSP client over stdio for the tests: the real server program
// (dist/server.js), real JSON-RPC messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const serverPath = resolve(__dirname, '../../../../dist/server.js');

export class TestClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** How many times each file's diagnostics were published. */
  readonly publishes = new Map<string, number>();
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  /** What workspace/configuration answers, per section. */
  configuration: Record<string, unknown> = { kubeEviction: {}, 'files.exclude': {} };
  readonly warnings: string[] = [];
  /** window/workDoneProgress: the tokens the server created and the $/progress values it sent, in order. */
  readonly progressTokens: string[] = [];
  readonly progress: { token: string; value: { kind: string; title?: string; message?: string; percentage?: number } }[] = [];
  readonly logs: string[] = [];

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.publishes.set(params.uri, (this.publishes.get(params.uri) ?? 0) + 1);
      this.settle();
    });
    this.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      this.warnings.push(params.message);
      this.settle();
      return null;
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => void this.logs.push(params.message));
    this.connection.onRequest('workspace/configuration', (params: { items: { section: string }[] }) => params.items.map((i) => this.configuration[i.section] ?? null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', (params: { token: string }) => void this.progressTokens.push(params.token));
    this.connection.onNotification('$/progress', (params: TestClient['progress'][number]) => {
      this.progress.push(params);
      this.settle();
    });
    this.connection.listen();
  }

  private settle(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `check` holds on what the client received (checked after each publication and progress report). */
  until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; have ${JSON.stringify([...this.diagnostics].map(([u, d]) => [u, d.map((x) => x.code)]))}`)), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Resolves at the next publication of a file's diagnostics. */
  nextPublish(uri: string): Promise<void> {
    const count = this.publishes.get(uri) ?? 0;
    return this.until(() => (this.publishes.get(uri) ?? 0) > count, `a publication for ${uri}`);
  }

  codes(uri: string): string[] {
    return (this.diagnostics.get(uri) ?? []).map((d) => String(d.code));
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    this.connection.sendNotification('exit');
    await new Promise((resolve) => this.process.once('exit', resolve));
    this.connection.dispose();
  }
}

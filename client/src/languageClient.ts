// The language client: starts dist/server.js over Node IPC for YAML and JSON
// documents. The server reads its settings itself (workspace/configuration)
// and registers for their changes; the client passes only the workspace's
// trust, which the server cannot see. It writes to the extension's one output
// channel; `middleware` adapts what the server offers and asks to the client's
// state (the code lenses' context, the settings set explicitly).
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Middleware, type ServerOptions } from 'vscode-languageclient/node';

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel, middleware: Middleware, initializationOptions: object): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    diagnosticCollectionName: 'kube-eviction',
    outputChannel,
    middleware,
    initializationOptions,
  };
  // The id makes `kubeEviction.trace.server` trace the protocol.
  return new LanguageClient('kubeEviction', 'Kube Eviction', serverOptions, clientOptions);
}

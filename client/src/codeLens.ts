// The language server puts "Evict" and "Dry run" lenses on Eviction
// manifests (server/src/lsp/codeLens.ts); here they get the context in their
// titles, and are asked for again whenever the context or the trust changes.
// In Restricted Mode there are none: cluster actions need a trusted workspace.
import * as vscode from 'vscode';
import { CodeLensRequest, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import { evictionLensCommands } from '../../server/src/lsp/codeLens';
import type { Ctx } from './ctx';

export function codeLensMiddleware(ctx: Ctx, selectContextCommand: string): Middleware {
  return {
    async provideCodeLenses(document, token, next) {
      if (!vscode.workspace.isTrusted) return [];
      const lenses = (await next(document, token)) ?? [];
      const context = ctx.target()?.context;
      return lenses.flatMap((lens) => {
        const command = lens.command;
        if (!command) return [lens];
        if (!context) {
          // One lens where the two would be, saying what is missing.
          if (command.command !== evictionLensCommands.evict && lenses.some((l) => l.command?.command === evictionLensCommands.evict && l.range.isEqual(lens.range))) return [];
          return [new vscode.CodeLens(lens.range, { title: 'Kube Eviction: no kubeconfig context; choose one', command: selectContextCommand })];
        }
        if (command.command === evictionLensCommands.evict) command.title = `Evict on ${context}`;
        return [lens];
      });
    },
  };
}

/** Makes VS Code ask the language server for the code lenses of the open documents again. */
export function refreshCodeLenses(client: LanguageClient): void {
  const feature = client.getFeature(CodeLensRequest.method);
  const providers = new Set(vscode.workspace.textDocuments.map((document) => feature.getProvider(document)));
  for (const provider of providers) provider?.onDidChangeCodeLensEmitter.fire();
}

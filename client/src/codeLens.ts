// The language server puts "Evict" and "Dry run" lenses on Eviction
// manifests (server/src/lsp/codeLens.ts, with the ids of server/src/lsp/contract.ts); here they get the context in their
// titles, and are asked for again whenever the context or the trust changes.
// In Restricted Mode there are none: cluster actions need a trusted workspace.
import * as vscode from 'vscode';
import { CodeLensRequest, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import { evictionLensCommands } from '../../server/src/lsp/contract';
import type { Ctx } from './ctx';

export function codeLensMiddleware(ctx: Ctx, selectContextCommand: string): Middleware {
  return {
    async provideCodeLenses(document, token, next) {
      if (!vscode.workspace.isTrusted) return [];
      const lenses = (await next(document, token)) ?? [];
      const state = ctx.contextInUse.state;
      if (state.kind === 'idle') return lenses;
      if (!('target' in state)) {
        // No context to act on: one lens per Eviction instead of its two, saying so.
        const ranges = new Map(lenses.map((lens) => [`${lens.range.start.line}:${lens.range.start.character}`, lens.range]));
        return [...ranges.values()].map((range) => new vscode.CodeLens(range, { title: 'Kube Eviction: no kubeconfig context; choose one', command: selectContextCommand }));
      }
      for (const lens of lenses) if (lens.command?.command === evictionLensCommands.evict) lens.command.title = `Evict on ${state.target.context}`;
      return lenses;
    },
  };
}

/** Makes VS Code ask the language server for the code lenses of the open documents again. */
export function refreshCodeLenses(client: LanguageClient): void {
  const feature = client.getFeature(CodeLensRequest.method);
  const providers = new Set(vscode.workspace.textDocuments.map((document) => feature.getProvider(document)));
  for (const provider of providers) provider?.onDidChangeCodeLensEmitter.fire();
}

// Activation: kept small. Each feature lives in its own module and is handed
// the extension context.
import type * as vscode from 'vscode';
import { createLanguageClient } from './languageClient';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const client = createLanguageClient(context);
  context.subscriptions.push(client);
  await client.start();
}

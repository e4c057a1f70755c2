// The Explain action's documents: read-only Markdown documents of their own
// scheme, shown in VS Code's Markdown preview beside the editor.
import * as vscode from 'vscode';

export const explanationScheme = 'kube-eviction-explanation';

export class ExplanationDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private count = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(explanationScheme, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens `markdown` as a document titled `title` (its tab shows the title). */
  async open(title: string, markdown: string): Promise<void> {
    this.count += 1;
    const name = title.replace(/[\\/:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
    const uri = vscode.Uri.from({ scheme: explanationScheme, path: `/${this.count}/${name}.md` });
    this.contents.set(uri.toString(), markdown);
    await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'markdown');
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}

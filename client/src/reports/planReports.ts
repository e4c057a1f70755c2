// Simulated drains' reports: read-only Markdown documents of their own
// scheme, opened in the editor with code lenses on their findings (open the
// budget, reveal a pod in the Cluster view, drain a node for real with the
// same options, uncordon the node the verdict names), and a Markdown
// preview a lens away. Kept for the session, so that the History reopens them.
import * as vscode from 'vscode';
import type { DrainPlan, PlanReport } from '../cluster';
import { clusterLayer } from '../clusterLayer';
import type { ContextTarget } from '../contextInUse';
import type { Ctx } from '../ctx';
import type { DrainChoices } from '../actions/drainChoices';
import { planLenses } from './planLenses';

export const planScheme = 'kube-eviction-plan';

interface Shown {
  target: ContextTarget;
  plan: DrainPlan;
  report: PlanReport;
  choices: DrainChoices;
}

export class PlanReports implements vscode.TextDocumentContentProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly shown = new Map<string, Shown>();
  private count = 0;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(planScheme, this),
      vscode.languages.registerCodeLensProvider({ scheme: planScheme }, this),
      this.lensesChanged,
      // Lenses depend on the live cluster (which pods exist, which nodes are cordoned).
      ctx.onDidChangeState(() => this.lensesChanged.fire()),
      ctx.onDidChangeObject((change) => change.resource !== 'pdb' && this.lensesChanged.fire()),
    ];
  }

  /** Opens the report of `plan`; returns the function that opens it again. */
  async open(target: ContextTarget, plan: DrainPlan, choices: DrainChoices): Promise<() => Promise<void>> {
    this.count += 1;
    const uri = vscode.Uri.from({ scheme: planScheme, path: `/${this.count}/Drain plan ${plan.order.join(', ')} on ${target.context}.md` });
    this.shown.set(uri.toString(), { target, plan, report: clusterLayer().planReport(plan), choices });
    const show = async () => {
      const document = await vscode.workspace.openTextDocument(uri);
      if (document.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(document, 'markdown');
      await vscode.window.showTextDocument(document, { preview: false });
    };
    await show();
    return show;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.shown.get(uri.toString())?.report.markdown ?? '# This report is gone: simulate the drain again.\n';
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const shown = this.shown.get(document.uri.toString());
    if (!shown) return [];
    const state = this.ctx.contextInUse.state;
    const live = state.kind === 'ready' && state.target.context === shown.target.context ? state.snapshot : undefined;
    return planLenses(shown.report, shown.plan, live, shown.choices, document.uri).map(
      (lens) => new vscode.CodeLens(new vscode.Range(lens.line, 0, lens.line, 0), { title: lens.title, command: lens.command, arguments: [lens.argument] }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.shown.clear();
  }
}

// The extension's state, in one object handed explicitly to every feature
// (rust-analyzer's Ctx): the output channel's log, the context in use and
// its events, the explanation documents. Settings are read fresh on each use.
import * as vscode from 'vscode';
import { ContextInUse, type ConnectionState } from './contextInUse';
import type { SnapshotChange, SnapshotHealth } from './cluster';
import { readConfig, type Config } from './config';
import { ExplanationDocuments } from './explainView';
import { ActionHistory, type HistoryEntry } from './history';
import { Log } from './log';
import { ViewScopes } from './viewScope';

export class Ctx implements vscode.Disposable {
  readonly log: Log;
  readonly contextInUse: ContextInUse;
  readonly explanations: ExplanationDocuments;
  private readonly stateEmitter = new vscode.EventEmitter<ConnectionState>();
  private readonly changeEmitter = new vscode.EventEmitter<SnapshotChange>();
  private readonly healthEmitter = new vscode.EventEmitter<SnapshotHealth>();
  private readonly scopeEmitter = new vscode.EventEmitter<void>();
  private readonly historyEmitter = new vscode.EventEmitter<HistoryEntry | undefined>();
  /** The session's evictions, drains and simulated drains (the view's History). */
  readonly history: ActionHistory;
  /** An entry of the history changed (undefined: entries came or went). */
  readonly onDidChangeHistory = this.historyEmitter.event;
  /** The namespaces shown per context, and what each context's user is known not to be allowed. */
  readonly scopes: ViewScopes;
  /** A namespace filter changed, or a review or a 403 told what the user may do. */
  readonly onDidChangeScope = this.scopeEmitter.event;
  /** The connection's state: connecting, ready, or why not. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** One object of the snapshot changed (from the watches). */
  readonly onDidChangeObject = this.changeEmitter.event;
  /** A watch was interrupted, or runs again. */
  readonly onDidChangeHealth = this.healthEmitter.event;
  /** Stops scrubbing the credentials of the view's cluster, once another state replaces it. */
  private releaseViewCluster: () => void = () => {};

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {
    this.log = new Log(output);
    this.explanations = new ExplanationDocuments();
    this.history = new ActionHistory((entry) => this.historyEmitter.fire(entry));
    this.scopes = new ViewScopes(extension.globalState, () => this.scopeEmitter.fire());
    this.contextInUse = new ContextInUse({
      kubeconfig: () => readConfig().kubeconfig,
      memory: extension.globalState,
      onState: (state) => {
        this.releaseViewCluster();
        if (state.kind === 'ready') this.releaseViewCluster = this.log.watch(state.cluster);
        this.stateEmitter.fire(state);
      },
      onChange: (change) => this.changeEmitter.fire(change),
      onHealth: (health) => this.healthEmitter.fire(health),
    });
  }

  config(): Config {
    return readConfig();
  }

  dispose(): void {
    this.contextInUse.close();
    this.stateEmitter.dispose();
    this.changeEmitter.dispose();
    this.healthEmitter.dispose();
    this.scopeEmitter.dispose();
    this.historyEmitter.dispose();
    this.explanations.dispose();
  }
}

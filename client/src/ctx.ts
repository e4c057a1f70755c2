// The extension's state, in one object handed explicitly to every feature
// (rust-analyzer's Ctx): the output channel's log, the context in use and
// its events, the explanation documents. Settings are read fresh on each use.
import * as vscode from 'vscode';
import { ContextInUse, type ConnectionState } from './contextInUse';
import type { SnapshotChange, SnapshotHealth } from './cluster';
import { readConfig, type Config } from './config';
import { ExplanationDocuments } from './explainView';
import { Log } from './log';

export class Ctx implements vscode.Disposable {
  readonly log: Log;
  readonly contextInUse: ContextInUse;
  readonly explanations: ExplanationDocuments;
  private readonly stateEmitter = new vscode.EventEmitter<ConnectionState>();
  private readonly changeEmitter = new vscode.EventEmitter<SnapshotChange>();
  private readonly healthEmitter = new vscode.EventEmitter<SnapshotHealth>();
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
    this.explanations.dispose();
  }
}

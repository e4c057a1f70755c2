// The language server: LSP wiring over the analysis engine. It scans the
// workspace folders once (reading files fast, then completely in the
// background), then follows editor changes (didOpen/didChange/didClose), file
// changes on disk (didChangeWatchedFiles), workspace folders
// (didChangeWorkspaceFolders), settings (workspace/configuration) and the
// live cluster's facts (kubeEviction/liveCluster), and publishes the findings
// of every file whose findings may have changed. With
// kubeEviction.kustomize.renderOverlays in a trusted workspace, the files of
// Kustomize overlays are analysed through the overlays instead (overlays.ts).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { relative, sep } from 'node:path';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MarkupKind,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type TextDocuments,
  type WorkspaceFolder,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisEngine } from '../analysis/engine';
import { globMatcher } from '../analysis/glob';
import { hoverAt } from '../analysis/hovers';
import { clusterFactsFrom, LiveCluster } from '../analysis/liveCluster';
import { defaultSettings } from '../analysis/settings';
import { configFileName } from '../analysis/configFile';
import { listManifestFiles, manifestExtensions, readManifestFile } from '../analysis/workspaceFiles';
import { rules } from '../rules/registry';
import type { Finding } from '../analysis/findings';
import { fetchSettings } from './configuration';
import { evictionCodeLenses } from './codeLens';
import { CompleteReading } from './completeReading';
import { liveClusterNotification, workspaceTrustNotification, type WorkspaceTrust } from './contract';
import { KustomizeOverlays } from './overlays';
import { codeActions, toDiagnostic } from './protocol';
import { inSlices } from './slices';

/** A client that cannot answer (or has gone) changes nothing the server does. */
function ignore(): void {}

/** One spelling per file, whichever way a client encodes its URI. */
function normalizeUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}

function folderPaths(folders: readonly WorkspaceFolder[]): string[] {
  return folders.filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
}

export class LanguageServer {
  private readonly engine = new AnalysisEngine(rules, defaultSettings, {
    reportError: (message) => this.connection.console.error(message),
    relativePath: (uri) => this.relativePath(uri),
  });
  private folders: string[] = [];
  private exclude: readonly string[] = defaultSettings.exclude;
  private excluded: (path: string) => boolean = globMatcher(this.exclude);
  private canPullConfiguration = false;
  private canWatchFiles = false;
  private canWatchConfiguration = false;
  private canFollowFolders = false;
  /** Files read from disk by the scan (open documents come from the editor). */
  private readonly onDisk = new Set<string>();
  /** What each file's diagnostics were when last sent. */
  private readonly published = new Map<string, string>();
  private scan: Promise<void> = Promise.resolve();
  /** Told by the client (contract.ts); until then, untrusted. */
  private trusted = false;
  private renderOverlays = false;
  /** The settings file's problems, shown on it. */
  private settingsFile: { uri: string; findings: Finding[] } | undefined;
  private readonly overlays = new KustomizeOverlays({
    folders: () => this.folders,
    exclude: () => this.exclude,
    settings: () => this.engine.settings,
    cluster: () => this.engine.cluster,
    ownershipChanged: (gained, lost) => this.moveAnalysis(gained, lost),
    publish: (uris) => this.publish(uris),
    log: (message) => this.connection.console.info(message),
    warn: (message) => void Promise.resolve(this.connection.window.showWarningMessage(`kube-eviction: ${message}`)).catch(ignore),
  });
  private readonly completeReading = new CompleteReading(this.engine, {
    isOpen: (uri) => this.isOpen(uri),
    publish: (uris) => this.publish(uris),
    guard: (work, fallback) => this.guard(work, fallback),
    createProgress: () => this.connection.window.createWorkDoneProgress(),
  });

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {}

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.initialized());
    connection.onDidChangeConfiguration(() => void this.reload());
    connection.onDidChangeWatchedFiles(({ changes }) => {
      const uris = new Set<string>();
      for (const change of changes) {
        const uri = normalizeUri(change.uri);
        if (uri.endsWith(`/${configFileName}`)) void this.reload();
        if (this.overlays.affects(uri)) this.overlays.schedule();
        if (this.documents.get(change.uri) || !manifestExtensions.test(uri)) continue;
        for (const u of change.type === FileChangeType.Deleted ? this.forget(uri) : this.readFromDisk(uri)) uris.add(u);
      }
      this.publish(uris);
      this.completeReading.schedule();
    });
    documents.onDidChangeContent(({ document }) => this.publish(this.readOpenDocument(document)));
    documents.onDidClose(({ document }) => {
      const uri = normalizeUri(document.uri);
      this.publish(this.onDisk.has(uri) || this.isInFolders(uri) ? this.readFromDisk(uri) : this.forget(uri));
      this.completeReading.schedule();
    });
    connection.onNotification(liveClusterNotification, (params: unknown) => {
      const facts = clusterFactsFrom(params);
      const cluster = facts ? new LiveCluster(facts) : undefined;
      this.publish(this.guard(() => this.engine.setCluster(cluster), new Set<string>()));
      this.overlays.setCluster(cluster);
    });
    connection.onNotification(workspaceTrustNotification, (params: WorkspaceTrust) => {
      this.trusted = params?.workspaceTrusted === true;
      this.overlays.configure(this.renderOverlays && this.trusted);
    });
    connection.onHover(({ textDocument, position }) => {
      const uri = normalizeUri(textDocument.uri);
      const file = this.engine.index.file(uri);
      if (!file) return null;
      const hover = this.guard(() => hoverAt(this.engine, uri, file.lineMap.offsetAt(position)), undefined);
      if (!hover) return null;
      return {
        contents: { kind: MarkupKind.Markdown, value: hover.markdown },
        range: { start: file.lineMap.positionAt(hover.start), end: file.lineMap.positionAt(hover.end) },
      };
    });
    connection.onCodeAction(({ textDocument, range }) => {
      const uri = normalizeUri(textDocument.uri);
      const file = this.engine.index.file(uri);
      if (!file) return [];
      const text = file.content;
      const lineText = (line: number) => text.slice(file.lineMap.lineStart(line), file.lineMap.lineStart(line + 1));
      return codeActions(this.findingsFor(uri), range, lineText, !/\.json$/i.test(uri));
    });
    connection.onCodeLens(({ textDocument }) => {
      const file = this.engine.index.file(normalizeUri(textDocument.uri));
      return file ? this.guard(() => evictionCodeLenses(file), []) : [];
    });
    documents.listen(connection);
    connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.folders = folderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []));
    this.trusted = (params.initializationOptions as Partial<WorkspaceTrust> | undefined)?.workspaceTrusted === true;
    const workspace = params.capabilities.workspace;
    this.canFollowFolders = !!workspace?.workspaceFolders;
    this.canPullConfiguration = !!workspace?.configuration;
    this.canWatchFiles = !!workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.canWatchConfiguration = !!workspace?.didChangeConfiguration?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kube-eviction' },
    };
  }

  private async initialized(): Promise<void> {
    if (this.canWatchConfiguration) this.connection.client.register(DidChangeConfigurationNotification.type, { section: ['kubeEviction', 'files.exclude'] }).catch(ignore);
    const watchers = ['**/*.{yaml,yml,json}', `**/${configFileName}`, '**/Kustomization'].map((globPattern) => ({ globPattern }));
    if (this.canWatchFiles) this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(ignore);
    if (this.canFollowFolders) this.connection.workspace.onDidChangeWorkspaceFolders((event) => void this.changeFolders(event));
    await this.reload();
  }

  /** Reads the settings, re-runs every rule, and rescans the folders (the exclusions may have changed). */
  private reload(): Promise<void> {
    this.scan = this.scan.then(async () => {
      const { settings, exclude, problems, renderOverlays, configFile } = await fetchSettings(this.connection, this.canPullConfiguration, this.folders);
      for (const problem of problems) Promise.resolve(this.connection.window.showWarningMessage(`kube-eviction: ${problem}`)).catch(ignore);
      const settingsFiles = [this.settingsFile?.uri, configFile?.uri].filter((uri): uri is string => !!uri);
      this.settingsFile = configFile;
      this.exclude = exclude;
      this.excluded = globMatcher(exclude);
      this.renderOverlays = renderOverlays;
      this.publish(this.guard(() => this.engine.configure(settings), new Set<string>(settingsFiles)));
      // The size limit may have moved either way for the open documents too.
      for (const document of this.documents.all()) this.publish(this.readOpenDocument(document));
      await this.rescan();
      this.overlays.configure(this.renderOverlays && this.trusted);
    });
    return this.scan;
  }

  /** Scans every folder again and forgets the files it no longer lists (deleted, or excluded now). */
  private async rescan(): Promise<void> {
    const wanted = await this.scanFolders(this.folders);
    this.forgetFilesOnDisk((uri) => !wanted.has(uri));
  }

  /** Added folders are scanned; the files of removed ones are forgotten (unless open in the editor). */
  private changeFolders({ added, removed }: WorkspaceFoldersChangeEvent): Promise<void> {
    this.scan = this.scan.then(async () => {
      const gone = new Set(folderPaths(removed));
      const fresh = folderPaths(added).filter((folder) => !this.folders.includes(folder));
      this.folders = [...this.folders.filter((folder) => !gone.has(folder)), ...fresh];
      this.forgetFilesOnDisk((uri) => !this.isInFolders(uri));
      await this.scanFolders(fresh);
      this.overlays.schedule(0);
    });
    return this.scan;
  }

  /** Reads the manifest files of some folders (fast, then completely in the background); returns their URIs. */
  private async scanFolders(folders: readonly string[]): Promise<Set<string>> {
    const started = Date.now();
    const wanted = new Set<string>();
    for (const folder of folders) {
      const unreadable = (path: string, reason: string) => this.connection.console.warn(`kube-eviction: cannot read folder ${path}: ${reason}`);
      for (const path of listManifestFiles(folder, this.exclude, { unreadable })) wanted.add(pathToFileURL(path).href);
    }
    const uris = new Set<string>();
    // A slice of files at a time, the rules run once per slice: a file does not re-judge what the ones before it brought.
    await inSlices(
      wanted,
      (uri) => {
        if (!this.isOpen(uri)) for (const u of this.readFromDisk(uri)) uris.add(u);
      },
      (slice) => {
        for (const u of this.guard(() => this.engine.batch(slice), new Set<string>())) uris.add(u);
      },
    );
    this.publish(uris);
    this.connection.console.info(`kube-eviction: analysed ${wanted.size} files in ${Date.now() - started} ms`);
    this.completeReading.schedule();
    return wanted;
  }

  /** Files gone from the folders: forgotten, or, while the editor holds them, no longer read from disk on close. */
  private forgetFilesOnDisk(gone: (uri: string) => boolean): void {
    const uris = new Set<string>();
    for (const uri of [...this.onDisk]) {
      if (!gone(uri)) continue;
      if (this.isOpen(uri)) this.onDisk.delete(uri);
      else for (const u of this.forget(uri)) uris.add(u);
    }
    this.publish(uris);
  }

  /** An open document obeys kubeEviction.maxFileSize as a file on disk does: a huge one is not analysed on each keystroke. */
  private readOpenDocument(document: TextDocument): Set<string> {
    const uri = normalizeUri(document.uri);
    if (this.isExcluded(uri) || this.overlays.owns(uri)) return new Set();
    const text = document.getText();
    const size = Buffer.byteLength(text);
    return this.guard(() => (size > this.engine.settings.maxFileSize ? this.engine.setFileTooLarge(uri, size) : this.engine.setFile(uri, text)), new Set<string>());
  }

  private readFromDisk(uri: string): Set<string> {
    if (this.isExcluded(uri) || this.overlays.owns(uri)) return this.forget(uri);
    const content = readManifestFile(fileURLToPath(uri), this.engine.settings.maxFileSize);
    // Binary, unreadable, or not a regular file (a folder, a device such as /dev/zero, a named pipe): not a manifest.
    if (content.kind !== 'text' && content.kind !== 'tooLarge') return this.forget(uri);
    this.onDisk.add(uri);
    return this.guard(() => (content.kind === 'tooLarge' ? this.engine.setFileTooLarge(uri, content.size) : this.engine.setFile(uri, content.text, 'fast')), new Set<string>());
  }

  /** Files now analysed through overlays leave the workspace's analysis; those no longer are read again. */
  private moveAnalysis(gained: ReadonlySet<string>, lost: ReadonlySet<string>): void {
    const uris = new Set<string>();
    for (const uri of gained) for (const u of this.guard(() => this.engine.removeFile(uri), new Set<string>())) uris.add(u);
    for (const uri of lost) {
      const open = this.documents.get(uri);
      if (open) for (const u of this.guard(() => this.engine.setFile(uri, open.getText()), new Set<string>())) uris.add(u);
      else if (this.isInFolders(uri)) for (const u of this.readFromDisk(uri)) uris.add(u);
    }
    this.publish(uris);
    this.completeReading.schedule();
  }

  /** A file's findings: the workspace analysis's, its overlays', and the settings file's problems. */
  private findingsFor(uri: string): Finding[] {
    const own = this.settingsFile?.uri === uri ? this.settingsFile.findings : [];
    return [...this.engine.findingsFor(uri), ...this.overlays.findingsFor(uri), ...own];
  }

  private isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  private forget(uri: string): Set<string> {
    this.onDisk.delete(uri);
    const uris = this.guard(() => this.engine.removeFile(uri), new Set<string>());
    uris.add(uri);
    return uris;
  }

  private isInFolders(uri: string): boolean {
    return this.folderOf(uri) !== undefined;
  }

  private folderOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const path = fileURLToPath(uri);
    return this.folders.find((folder) => !relative(folder, path).startsWith('..'));
  }

  /** The file's path in its workspace folder, with `/`, as globs read it. */
  private relativePath(uri: string): string | undefined {
    const folder = this.folderOf(uri);
    return folder === undefined ? undefined : relative(folder, fileURLToPath(uri)).split(sep).join('/');
  }

  private isExcluded(uri: string): boolean {
    const path = this.relativePath(uri);
    return path !== undefined && this.excluded(path);
  }

  /** Analysis errors are bugs: log them and keep serving rather than crash the editor's server. */
  private guard<T>(work: () => T, fallback: T): T {
    try {
      return work();
    } catch (error) {
      this.connection.console.error(`kube-eviction: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  }

  /** Diagnostics are sent only when they differ from what the client has: a rule re-run that finds the same costs the editor nothing. */
  private publish(uris: Iterable<string>): void {
    for (const uri of uris) {
      const diagnostics = this.findingsFor(uri).map(toDiagnostic);
      const text = JSON.stringify(diagnostics);
      if (this.published.get(uri) === text) continue;
      this.published.set(uri, text);
      this.connection.sendDiagnostics({ uri, diagnostics }).catch(ignore);
    }
  }
}

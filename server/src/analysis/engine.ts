// The analysis engine: the workspace index plus the findings of every rule on
// every object, kept up to date file by file. After a change it re-runs a rule
// only on the objects the change added and on those whose inputs (see
// RuleInput) moved, and tells which files' findings to publish again.
import { nameAnchor } from '../rules/anchors';
import type { Rule, RuleContext } from '../rules/rule';
import { duplicateKeyMessage } from '../explain/reading';
import { anchorOf, materialize, type Finding, type RuleFinding, type Severity } from './findings';
import { LiveCluster, noClusterChange, type ClusterChange } from './liveCluster';
import type { ManifestDocument, ManifestObject } from './manifestFile';
import type { CompleteCheck, Reading } from './readDocument';
import { defaultSettings, type Settings } from './settings';
import { isSuppressed } from './suppression';
import type { DuplicateKey } from './tree';
import { emptyChange, WorkspaceIndex, type IndexChange } from './workspaceIndex';

/** Findings the engine makes itself, about reading rather than about Kubernetes. */
export const readingRules = {
  parseError: {
    id: 'parse-error',
    defaultSeverity: 'error' as Severity,
    description: 'A manifest of a kind the rules read is not valid YAML, or has a field of the wrong type (the API server would reject it).',
  },
  duplicateKey: {
    id: 'duplicate-key',
    defaultSeverity: 'warning' as Severity,
    description: 'A mapping gives a key twice: kubectl keeps the last value and drops the earlier one without a word.',
  },
  fileTooLarge: {
    id: 'file-too-large',
    defaultSeverity: 'information' as Severity,
    description: 'A file larger than kubeEviction.maxFileSize is not analysed.',
  },
} as const;

/**
 * A rule that threw on an object (a bug): reported where the object is, as
 * an error no setting or comment turns off, so that its missing findings are
 * never taken for "no findings".
 */
export const ruleFailedId = 'rule-failed';

/** See AnalysisEngine.batch. */
export interface EngineBatch {
  setFile(uri: string, text: string, reading?: Reading): void;
  completeFile(uri: string, check?: CompleteCheck): void;
  setFileTooLarge(uri: string, size: number): void;
  /** Runs the rules over what the batch changed; returns the files whose findings may have changed. */
  run(): Set<string>;
}

export class AnalysisEngine {
  readonly index = new WorkspaceIndex();
  private settingsValue: Settings;
  private readonly store = new Map<ManifestObject, Map<string, RuleFinding[]>>();
  /** For each file, the objects whose findings point into it (related locations, fixes). */
  private readonly pointedFrom = new Map<string, Set<ManifestObject>>();
  private readonly oversized = new Map<string, number>();
  /** The rules that threw on an object, with what they threw: reported as findings, never taken for "no findings". */
  private readonly failures = new Map<ManifestObject, Map<string, string>>();
  private liveCluster: LiveCluster | undefined;

  /** `reportError` hears of a rule that threw: a bug, which must not take the other findings down. */
  constructor(
    readonly rules: readonly Rule[],
    settings: Settings = defaultSettings,
    private readonly reportError: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
  ) {
    this.settingsValue = settings;
  }

  get settings(): Settings {
    return this.settingsValue;
  }

  /**
   * Sets a file's content; returns the files whose findings may have changed.
   * `fast` leaves the parts no rule reads unchecked until completeFile.
   */
  setFile(uri: string, text: string, reading: Reading = 'complete'): Set<string> {
    this.oversized.delete(uri);
    return this.run(this.index.setFile(uri, text, reading));
  }

  /**
   * Many files at once (the CLI's reading): each is indexed as it comes, and
   * the rules run once, when the batch is run, over everything the files
   * changed, instead of again on the objects each new file touches.
   */
  batch(): EngineBatch {
    const change = emptyChange();
    return {
      setFile: (uri, text, reading = 'complete') => {
        this.oversized.delete(uri);
        this.index.setFile(uri, text, reading, change);
      },
      completeFile: (uri, check) => void this.index.completeFile(uri, Infinity, check, change),
      setFileTooLarge: (uri, size) => {
        this.index.removeFile(uri, change);
        this.oversized.set(uri, size);
        change.files.add(uri);
      },
      run: () => this.run(change),
    };
  }

  /** Checks what a fast reading of a file skipped (see setFile), in `limit` documents at most; returns the files whose findings changed. */
  completeFile(uri: string, limit = Infinity, check?: CompleteCheck): Set<string> {
    return this.run(this.index.completeFile(uri, limit, check));
  }

  removeFile(uri: string): Set<string> {
    const hadNotice = this.oversized.delete(uri);
    const uris = this.run(this.index.removeFile(uri));
    if (hadNotice) uris.add(uri);
    return uris;
  }

  /** A file over maxFileSize: not read, reported once. */
  setFileTooLarge(uri: string, size: number): Set<string> {
    const uris = this.run(this.index.removeFile(uri));
    this.oversized.set(uri, size);
    uris.add(uri);
    return uris;
  }

  get cluster(): LiveCluster | undefined {
    return this.liveCluster;
  }

  /** The live cluster's facts, or none: re-runs the rules that read what moved; returns the files whose findings may have changed. */
  setCluster(cluster: LiveCluster | undefined): Set<string> {
    const moved = LiveCluster.change(this.liveCluster, cluster);
    this.liveCluster = cluster;
    return this.run(emptyChange(), moved);
  }

  /** New settings: every rule runs again on everything. */
  configure(settings: Settings): Set<string> {
    this.settingsValue = settings;
    this.store.clear();
    this.pointedFrom.clear();
    this.failures.clear();
    const change = emptyChange();
    change.added.push(...this.index.objects());
    const uris = this.run(change);
    for (const file of this.index.files()) uris.add(file.uri);
    for (const uri of this.oversized.keys()) uris.add(uri);
    return uris;
  }

  private severityOf(ruleId: string, severity: Severity): Severity | undefined {
    const setting = this.settingsValue.rules[ruleId];
    if (setting === 'off') return undefined;
    return setting ?? severity;
  }

  private run(change: IndexChange, cluster: ClusterChange = noClusterChange): Set<string> {
    const uris = new Set(change.files);
    for (const uri of change.files) for (const object of this.pointedFrom.get(uri) ?? []) uris.add(object.document.file.uri);
    for (const object of change.removed) this.forget(object);
    const context: RuleContext = { index: this.index, settings: this.settingsValue, cluster: this.liveCluster };
    for (const rule of this.rules) {
      if (this.settingsValue.rules[rule.id] === 'off') continue;
      const kinds = rule.kinds === 'all' ? undefined : new Set(rule.kinds);
      const subjects = new Set<ManifestObject>();
      const consider = (object: ManifestObject) => {
        if ((!kinds || kinds.has(object.kind)) && this.index.has(object)) subjects.add(object);
      };
      change.added.forEach(consider);
      if (rule.inputs.includes('selection')) {
        change.touchedPdbs.forEach(consider);
        change.touchedPodLikes.forEach(consider);
      }
      if ((rule.inputs.includes('nodes') && change.nodesChanged) || (rule.inputs.includes('liveNodes') && cluster.nodes)) {
        for (const object of this.index.objects()) consider(object);
      }
      if (rule.inputs.includes('livePods')) {
        if (cluster.pods === 'all') for (const object of this.index.objects()) consider(object);
        else for (const namespace of cluster.pods) this.index.pdbs(namespace).forEach(consider);
      }
      if (rule.inputs.includes('podNames')) for (const namespace of change.podNamespaces) this.index.evictions(namespace).forEach(consider);
      if (rule.inputs.includes('definitions')) change.touchedCustomResources.forEach(consider);
      for (const subject of subjects) {
        let findings: RuleFinding[] = [];
        try {
          findings = rule.check(subject, context);
          this.recordFailure(subject, rule.id, undefined);
        } catch (error) {
          this.reportError(`kube-eviction: rule ${rule.id} failed on ${subject.kind} ${subject.name} in ${subject.document.file.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          this.recordFailure(subject, rule.id, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        }
        this.record(subject, rule.id, findings);
        uris.add(subject.document.file.uri);
      }
    }
    return uris;
  }

  private record(subject: ManifestObject, ruleId: string, findings: RuleFinding[]): void {
    let byRule = this.store.get(subject);
    if (findings.length === 0) {
      byRule?.delete(ruleId);
      if (byRule?.size === 0) this.store.delete(subject);
      return;
    }
    if (!byRule) {
      byRule = new Map();
      this.store.set(subject, byRule);
    }
    byRule.set(ruleId, findings);
    const home = subject.document.file.uri;
    for (const finding of findings) {
      const anchors = [...(finding.related ?? []).flatMap((r) => (r.at ? [r.at] : [])), ...(finding.fixes ?? []).flatMap((f) => f.edits.map((e) => e.at))];
      for (const anchor of anchors) {
        const uri = anchor.document.file.uri;
        if (uri === home) continue;
        let from = this.pointedFrom.get(uri);
        if (!from) this.pointedFrom.set(uri, (from = new Set()));
        from.add(subject);
      }
    }
  }

  private recordFailure(subject: ManifestObject, ruleId: string, failure: string | undefined): void {
    let byRule = this.failures.get(subject);
    if (failure === undefined) {
      byRule?.delete(ruleId);
      if (byRule?.size === 0) this.failures.delete(subject);
      return;
    }
    if (!byRule) this.failures.set(subject, (byRule = new Map()));
    byRule.set(ruleId, failure);
  }

  private forget(object: ManifestObject): void {
    this.store.delete(object);
    this.failures.delete(object);
    for (const from of this.pointedFrom.values()) from.delete(object);
  }

  /** The findings located in a file, in document order, as the language server and the CLI report them. */
  findingsFor(uri: string): Finding[] {
    const out: Finding[] = [];
    const size = this.oversized.get(uri);
    if (size !== undefined) {
      const severity = this.severityOf(readingRules.fileTooLarge.id, readingRules.fileTooLarge.defaultSeverity);
      if (severity) {
        const mb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`);
        out.push({
          uri,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity,
          ruleId: readingRules.fileTooLarge.id,
          message: `Not analysed: this file is ${mb(size)}, over kubeEviction.maxFileSize (${mb(this.settingsValue.maxFileSize)}).`,
          related: [],
          fixes: [],
        });
      }
    }
    const file = this.index.file(uri);
    if (!file) return out;
    for (const document of file.documents) {
      this.readingFindings(document, out);
      for (const object of document.objects) {
        for (const [ruleId, failure] of this.failures.get(object) ?? []) {
          out.push(
            materialize(ruleFailedId, 'error', {
              at: nameAnchor(object),
              message: `Rule ${ruleId} failed on ${object.kind} ${object.name}, so its findings here are missing: ${failure}. This is a bug in kube-eviction; please report it.`,
            }),
          );
        }
        for (const [ruleId, findings] of this.store.get(object) ?? []) {
          for (const finding of findings) {
            const severity = this.severityOf(ruleId, finding.severity ?? this.rules.find((r) => r.id === ruleId)!.defaultSeverity);
            if (!severity || isSuppressed(document.suppressions, ruleId, finding.at.start)) continue;
            out.push(materialize(ruleId, severity, finding));
          }
        }
      }
    }
    return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  private readingFindings(document: ManifestDocument, out: Finding[]): void {
    if (document.content.state === 'read') this.duplicateKeyFindings(document, document.content.duplicates, out);
    const { id, defaultSeverity } = readingRules.parseError;
    const severity = this.severityOf(id, defaultSeverity);
    if (!severity) return;
    const report = (start: number, end: number, message: string) => {
      if (!isSuppressed(document.suppressions, id, start)) out.push(materialize(id, severity, { at: { document, start, end }, message }));
    };
    if (document.content.state === 'error') {
      const { error } = document.content;
      report(error.start, Math.max(error.end, error.start), `This document is not valid YAML, so it is not analysed: ${error.message}`);
    }
    for (const error of document.decodeErrors) {
      report(error.node.start, error.node.end, `${error.message}: the API server cannot decode this object, so it is not analysed`);
    }
  }

  private duplicateKeyFindings(document: ManifestDocument, duplicates: readonly DuplicateKey[], out: Finding[]): void {
    const { id, defaultSeverity } = readingRules.duplicateKey;
    const severity = this.severityOf(id, defaultSeverity);
    if (!severity) return;
    for (const { name, first, last } of duplicates) {
      if (isSuppressed(document.suppressions, id, first.start)) continue;
      const line = document.file.lineMap.positionAt(document.start + last.start).line + 1;
      out.push(
        materialize(id, severity, {
          at: anchorOf(document, first),
          message: duplicateKeyMessage(name, line),
          related: [{ at: anchorOf(document, last), message: `The ${JSON.stringify(name)} kubectl keeps.` }],
        }),
      );
    }
  }
}

// The analysis engine: the workspace index plus the findings of every rule on
// every object, kept up to date file by file. After a change it re-runs a rule
// only on the objects the change added and on those whose inputs (see
// RuleInput) moved, and tells which files' findings to publish again.
import { duplicateKeyMessage } from '../explain/reading';
import { nameAnchor } from './anchors';
import { anchorOf, flatten, materialize, sameFindings, type Anchor, type Located, type Finding, type RuleFinding, type Severity } from './findings';
import { readingInterest } from './interest';
import { LiveCluster, noClusterChange, type ClusterChange } from './liveCluster';
import type { DocumentReader, ManifestDocument, ManifestObject } from './manifestFile';
import { fewConflictingBudgets, Relations } from './relations';
import type { Rule, RuleContext } from './rule';
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

export interface EngineOptions {
  /** Hears of a rule that threw: a bug, which must not take the other findings down. */
  reportError?: (message: string) => void;
  /** Where a file is in its workspace folder, for the explicit cluster groups' globs. */
  relativePath?: (uri: string) => string | undefined;
  /** Whether rules make quick fixes (see RuleContext.fixes); only where they are shown. */
  fixes?: boolean;
}

export class AnalysisEngine {
  readonly index: WorkspaceIndex;
  /** What the rules relate, deployed together; hovers read it too. */
  readonly related: Relations;
  private settingsValue: Settings;
  /** Each object's findings by rule: a short list (few rules find something on one object). */
  private readonly store = new Map<ManifestObject, [ruleId: string, findings: RuleFinding[]][]>();
  /** For each file, the objects whose findings point into it (related locations, fixes). */
  private readonly pointedFrom = new Map<string, Set<ManifestObject>>();
  private readonly oversized = new Map<string, number>();
  /** The rules that threw on an object, with what they threw: reported as findings, never taken for "no findings". */
  private readonly failures = new Map<ManifestObject, Map<string, string>>();
  private liveCluster: LiveCluster | undefined;

  private readonly defaultSeverities: ReadonlyMap<string, Severity>;

  /** Index changes of a batch (see batch), analysed when it ends. */
  private pending: IndexChange | undefined;

  private readonly reportError: (message: string) => void;
  private readonly relativePath: (uri: string) => string | undefined;
  private readonly fixes: boolean;

  constructor(
    readonly rules: readonly Rule[],
    settings: Settings = defaultSettings,
    { reportError = (message) => process.stderr.write(`${message}\n`), relativePath = (uri) => uri, fixes = true }: EngineOptions = {},
  ) {
    this.reportError = reportError;
    this.relativePath = relativePath;
    this.fixes = fixes;
    this.settingsValue = settings;
    this.index = new WorkspaceIndex(readingInterest(rules));
    this.related = new Relations(this.index);
    this.index.clusters.configure(settings.clusters, relativePath);
    this.defaultSeverities = new Map(rules.map((rule) => [rule.id, rule.defaultSeverity]));
  }

  get settings(): Settings {
    return this.settingsValue;
  }

  /**
   * Sets a file's content; returns the files whose findings may have changed.
   * `fast` leaves the parts no rule reads unchecked until completeFile; a
   * function gives the readings made elsewhere (lint's worker threads).
   */
  setFile(uri: string, text: string, reading: DocumentReader = 'complete'): Set<string> {
    this.oversized.delete(uri);
    return this.analyse(this.index.setFile(uri, text, reading, this.pending));
  }

  /** Checks what a fast reading of a file skipped (see setFile), in `limit` documents at most; returns the files whose findings changed. */
  completeFile(uri: string, limit = Infinity): Set<string> {
    return this.analyse(this.index.completeFile(uri, limit, this.pending));
  }

  removeFile(uri: string): Set<string> {
    const hadNotice = this.oversized.delete(uri);
    const change = this.index.removeFile(uri, this.pending);
    if (hadNotice) change.files.add(uri);
    return this.analyse(change);
  }

  /** A file over maxFileSize: not read, reported once. */
  setFileTooLarge(uri: string, size: number): Set<string> {
    const change = this.index.removeFile(uri, this.pending);
    this.oversized.set(uri, size);
    change.files.add(uri);
    return this.analyse(change);
  }

  /**
   * Runs `work` (setFile, removeFile… calls) with the rules run once at the
   * end for all of it, as a scan of many files wants: returns the files whose
   * findings may have changed. Inside, those calls return no files.
   */
  batch(work: () => void): Set<string> {
    if (this.pending) {
      work();
      return new Set();
    }
    const change = (this.pending = emptyChange());
    try {
      work();
    } finally {
      this.pending = undefined;
    }
    return this.run(change);
  }

  /** batch, for work that reads as it goes (the CLI's files arrive from worker threads). */
  async batchAsync(work: () => Promise<void>): Promise<Set<string>> {
    if (this.pending) {
      await work();
      return new Set();
    }
    const change = (this.pending = emptyChange());
    try {
      await work();
    } finally {
      this.pending = undefined;
    }
    return this.run(change);
  }

  private analyse(change: IndexChange): Set<string> {
    return change === this.pending ? new Set() : this.run(change);
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
    this.index.clusters.configure(settings.clusters, this.relativePath);
    this.related.invalidate();
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
    this.related.invalidate(change);
    const context: RuleContext = { index: this.index, related: this.related, settings: this.settingsValue, cluster: this.liveCluster, fixes: this.fixes };
    // The objects added, by kind: a rule looks at those of its kinds only (a scan adds thousands).
    const added = new Map<string, ManifestObject[]>();
    for (const object of change.added) {
      const ofKind = added.get(object.kind);
      if (ofKind) ofKind.push(object);
      else added.set(object.kind, [object]);
    }
    for (const rule of this.rules) {
      if (this.settingsValue.rules[rule.id] === 'off') continue;
      const kinds = rule.kinds === 'all' ? undefined : new Set(rule.kinds);
      const subjects = new Set<ManifestObject>();
      const consider = (object: ManifestObject) => {
        if ((!kinds || kinds.has(object.kind)) && this.index.has(object)) subjects.add(object);
      };
      if (kinds) for (const kind of kinds) added.get(kind)?.forEach(consider);
      else change.added.forEach(consider);
      // What a moved object relates to is chosen again: every rule that relates objects judges it again.
      if (rule.inputs.some((input) => input !== 'liveNodes' && input !== 'livePods')) change.moved.forEach(consider);
      if (rule.inputs.includes('selection')) {
        for (const selectorClass of change.touchedSelectors) selectorClass.members.forEach(consider);
        for (const podClass of change.touchedPodClasses) podClass.members.forEach(consider);
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
      if (rule.inputs.includes('conflictingBudgets')) {
        for (const subject of [...subjects]) {
          if (subject.kind !== 'PodDisruptionBudget') continue;
          const { others } = this.related.conflictOf(subject);
          if (others.count <= fewConflictingBudgets) others.first().forEach(consider);
        }
      }
      for (const subject of subjects) {
        let findings: RuleFinding[] = [];
        let failure: string | undefined;
        try {
          findings = rule.check(subject, context);
        } catch (error) {
          this.reportError(`kube-eviction: rule ${rule.id} failed on ${subject.kind} ${subject.name} in ${subject.document.file.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
        const failed = this.recordFailure(subject, rule.id, failure);
        if (this.record(subject, rule.id, findings) || failed) uris.add(subject.document.file.uri);
      }
    }
    return uris;
  }

  /** Keeps a rule's findings on an object; returns whether they differ from those it had (a rule re-run that finds the same changes no file). */
  private record(subject: ManifestObject, ruleId: string, findings: RuleFinding[]): boolean {
    const byRule = this.store.get(subject);
    const at = byRule ? byRule.findIndex(([id]) => id === ruleId) : -1;
    if (sameFindings(at >= 0 ? byRule![at]![1] : [], findings)) return false;
    if (findings.length === 0) {
      byRule!.splice(at, 1);
      if (byRule!.length === 0) this.store.delete(subject);
      return true;
    }
    if (!byRule) this.store.set(subject, [[ruleId, findings]]);
    else if (at >= 0) byRule[at]![1] = findings;
    else byRule.push([ruleId, findings]);
    const home = subject.document.file;
    const pointAt = (anchor: Anchor | undefined) => {
      if (!anchor || anchor.document.file === home) return;
      const uri = anchor.document.file.uri;
      let from = this.pointedFrom.get(uri);
      if (!from) this.pointedFrom.set(uri, (from = new Set()));
      from.add(subject);
    };
    for (const finding of findings) {
      flatten(finding.message);
      for (const related of finding.related ?? []) {
        flatten(related.message);
        pointAt(related.at);
      }
      for (const fix of finding.fixes ?? []) for (const edit of fix.edits) pointAt(edit.at);
    }
    return true;
  }

  /** Keeps whether a rule failed on an object; returns whether that changed. */
  private recordFailure(subject: ManifestObject, ruleId: string, failure: string | undefined): boolean {
    let byRule = this.failures.get(subject);
    if (byRule?.get(ruleId) === failure) return false;
    if (failure === undefined) {
      byRule?.delete(ruleId);
      if (byRule?.size === 0) this.failures.delete(subject);
      return true;
    }
    if (!byRule) this.failures.set(subject, (byRule = new Map()));
    byRule.set(ruleId, failure);
    return true;
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
    const located: Located = new Map();
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
            const severity = this.severityOf(ruleId, finding.severity ?? this.defaultSeverities.get(ruleId)!);
            if (!severity || isSuppressed(document.suppressions, ruleId, finding.at.start)) continue;
            out.push(materialize(ruleId, severity, finding, located));
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

// Kustomize overlays in the editor (kubeEviction.kustomize.renderOverlays, in
// a trusted workspace only: kubectl runs nothing otherwise). Each overlay of
// the workspace folders is rendered with the user's kubectl and analysed on
// its own, as the cluster would receive it, and its findings go on the files
// it is made of (kustomize/overlayFindings.ts). Those files are then analysed
// through their overlays only: a base and its patches read as they are would
// give findings about objects no cluster receives. A change on disk to one of
// them, or to any kustomization file, renders the overlays again.
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AnalysisEngine } from '../analysis/engine';
import type { Finding } from '../analysis/findings';
import type { LiveCluster } from '../analysis/liveCluster';
import type { Settings } from '../analysis/settings';
import { listManifestFiles } from '../analysis/workspaceFiles';
import { findOverlays, isKustomizationFile, kustomizationFileIn, kustomizationFileNames, readText } from '../kustomize/kustomization';
import { OverlayFindings } from '../kustomize/overlayFindings';
import { KustomizeError, renderOverlay } from '../kustomize/render';
import { rules } from '../rules/registry';

export interface OverlayHost {
  folders(): readonly string[];
  exclude(): readonly string[];
  settings(): Settings;
  cluster(): LiveCluster | undefined;
  /** Files now analysed through overlays (`gained`), or plainly again (`lost`). */
  ownershipChanged(gained: ReadonlySet<string>, lost: ReadonlySet<string>): void;
  publish(uris: Iterable<string>): void;
  log(message: string): void;
  /** Said once to the user (kubectl missing). */
  warn(message: string): void;
}

interface Overlay {
  /** The overlay's analysis, on kubectl's output: the only file of its engine. */
  engine?: AnalysisEngine;
  placement?: OverlayFindings;
  /** Its files (URIs) and the findings on each. */
  findings: Map<string, Finding[]>;
  sources: Set<string>;
}

const renderedUri = 'kube-eviction:rendered-overlay';
/** How long a change waits for the next (a save touches several files), and how long kubectl may take. */
const settleMs = 300;
const kubectlTimeoutMs = 60_000;

export class KustomizeOverlays {
  private enabled = false;
  private overlays = new Map<string, Overlay>();
  private owned = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private warned = false;

  constructor(private readonly host: OverlayHost) {}

  /** On (the setting, in a trusted workspace) or off; renders (again) when on. */
  configure(enabled: boolean): void {
    this.enabled = enabled;
    this.schedule(0);
  }

  /** Whether a file is analysed through an overlay (and so not on its own). */
  owns(uri: string): boolean {
    return this.owned.has(uri);
  }

  findingsFor(uri: string): Finding[] {
    const out: Finding[] = [];
    for (const overlay of this.overlays.values()) out.push(...(overlay.findings.get(uri) ?? []));
    return out;
  }

  /** Whether a change on disk to this file may change what the overlays render. */
  affects(uri: string): boolean {
    return this.enabled && (this.owned.has(uri) || (uri.startsWith('file:') && isKustomizationFile(fileURLToPath(uri))));
  }

  /** Renders again once changes settle. */
  schedule(delayMs = settleMs): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running.then(() => this.refresh()).catch((error: unknown) => this.host.log(`kube-eviction: rendering overlays failed: ${String(error)}`));
    }, delayMs);
  }

  /** Resolves when the renderings scheduled so far are done (tests). */
  async settled(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await this.running;
  }

  /** The live cluster's facts for the overlays' analyses too. */
  setCluster(cluster: LiveCluster | undefined): void {
    const uris = new Set<string>();
    for (const overlay of this.overlays.values()) {
      if (!overlay.engine || !overlay.placement) continue;
      overlay.engine.setCluster(cluster);
      for (const uri of overlay.findings.keys()) uris.add(uri);
      overlay.findings = this.place(overlay.engine, overlay.placement, overlay.sources, overlay.placement.overlay.dir);
      for (const uri of overlay.findings.keys()) uris.add(uri);
    }
    this.host.publish(uris);
  }

  private async refresh(): Promise<void> {
    const before = new Set([...this.overlays.values()].flatMap((o) => [...o.findings.keys()]));
    const overlays = new Map<string, Overlay>();
    if (this.enabled) {
      const exclude = this.host.exclude();
      const files = this.host.folders().flatMap((folder) => listManifestFiles(folder, exclude, { accept: (name) => (kustomizationFileNames as readonly string[]).includes(name) }));
      for (const dir of findOverlays(files)) overlays.set(dir, await this.render(dir));
    }
    this.overlays = overlays;
    const owned = new Set([...overlays.values()].flatMap((o) => [...o.sources]));
    const gained = new Set([...owned].filter((uri) => !this.owned.has(uri)));
    const lost = new Set([...this.owned].filter((uri) => !owned.has(uri)));
    this.owned = owned;
    if (gained.size || lost.size) this.host.ownershipChanged(gained, lost);
    this.host.publish(new Set([...before, ...[...overlays.values()].flatMap((o) => [...o.findings.keys()])]));
  }

  private async render(dir: string): Promise<Overlay> {
    const kustomization = pathToFileURL(kustomizationFileIn(dir) ?? dir).href;
    try {
      const rendered = await renderOverlay(dir, { timeoutMs: kubectlTimeoutMs });
      // Findings placed on the overlay's sources carry no quick fixes (overlayFindings.ts): none are made.
      const engine = new AnalysisEngine(rules, this.host.settings(), { reportError: (message) => this.host.log(message), fixes: false });
      engine.setCluster(this.host.cluster());
      engine.setFile(renderedUri, rendered.text);
      const placement = new OverlayFindings(rendered, readText);
      const sources = new Set([...placement.sourceFiles()].map((file) => pathToFileURL(file).href));
      this.host.log(`kube-eviction: rendered the overlay ${dir} with kubectl kustomize (${sources.size} files)`);
      return { engine, placement, sources, findings: this.place(engine, placement, sources, dir) };
    } catch (error) {
      if (!(error instanceof KustomizeError)) throw error;
      this.host.log(`kube-eviction: ${error.message}`);
      if (/was not found/.test(error.message) && !this.warned) {
        this.warned = true;
        this.host.warn(error.message);
      }
      // kubectl's own message, on the overlay's kustomization file.
      const finding: Finding = { uri: kustomization, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', ruleId: 'kustomize', message: error.message, related: [], fixes: [] };
      return { sources: new Set(), findings: new Map([[kustomization, [finding]]]) };
    }
  }

  /** The overlay's findings by file; an overlay is named by its folder, relative to the workspace folder it is in. */
  private place(engine: AnalysisEngine, placement: OverlayFindings, sources: ReadonlySet<string>, dir: string): Map<string, Finding[]> {
    const byUri = new Map<string, Finding[]>([...sources].map((uri) => [uri, []]));
    const folder = this.host.folders().find((f) => !relative(f, dir).startsWith('..'));
    const name = folder === undefined ? dir : relative(folder, dir).split(sep).join('/') || '.';
    for (const finding of placement.place(engine.findingsFor(renderedUri), (file) => pathToFileURL(file).href, name)) {
      let list = byUri.get(finding.uri);
      if (!list) byUri.set(finding.uri, (list = []));
      list.push(finding);
    }
    return byUri;
  }
}

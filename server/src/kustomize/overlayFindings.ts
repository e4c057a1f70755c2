// The findings of a rendered overlay on the files it came from: the analysis
// runs on kubectl's output, as the cluster would receive it, and each finding
// (and each place it relates to) moves to its source spot (origins.ts). A
// suppression comment in the source file applies there; quick fixes are left
// out, since their edits were made for the rendered text.
import type { Finding, Location } from '../analysis/findings';
import { LineMap, type Position } from '../analysis/lineMap';
import { isSuppressed, parseSuppressions, type Suppression } from '../analysis/suppression';
import { OverlayOrigins, type SourceSpot } from './origins';
import type { RenderedOverlay } from './render';

interface SourceText {
  lines: LineMap;
  suppressions: readonly Suppression[];
}

export class OverlayFindings {
  private readonly origins: OverlayOrigins;
  private readonly rendered: LineMap;
  private readonly texts = new Map<string, SourceText>();

  constructor(
    readonly overlay: RenderedOverlay,
    private readonly readFile: (path: string) => string | undefined,
  ) {
    this.origins = new OverlayOrigins(overlay, readFile);
    this.rendered = new LineMap(overlay.text);
  }

  /** The overlay's kustomization file. */
  get kustomizationFile(): string {
    return this.origins.fallback;
  }

  /** The files the overlay is made of (see OverlayOrigins.sourceFiles). */
  sourceFiles(): Set<string> {
    return this.origins.sourceFiles();
  }

  /**
   * The findings made on the rendered text (the one file of their analysis),
   * on their source files, named by `name`; suppressed ones left out. Each
   * relates to the overlay, called `overlayName`.
   */
  place(findings: readonly Finding[], name: (file: string) => string, overlayName: string): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    const overlayNote = { location: { uri: name(this.kustomizationFile), range: zeroRange }, message: `in the overlay ${overlayName} as kubectl kustomize renders it` };
    for (const finding of findings) {
      const spot = this.spotOf(finding.range.start);
      if (isSuppressed(this.text(spot.file).suppressions, finding.ruleId, spot.start)) continue;
      const placed: Finding = {
        ...finding,
        ...this.location(spot, name),
        related: [...finding.related.map((r) => ({ ...r, location: this.location(this.spotOf(r.location.range.start), name) })), overlayNote],
        fixes: [],
      };
      const key = JSON.stringify([placed.uri, placed.range, placed.ruleId, placed.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(placed);
    }
    return out;
  }

  private spotOf(start: Position): SourceSpot {
    return this.origins.locate(this.rendered.offsetAt(start));
  }

  private location(spot: SourceSpot, name: (file: string) => string): Location {
    const { lines } = this.text(spot.file);
    return { uri: name(spot.file), range: { start: lines.positionAt(spot.start), end: lines.positionAt(spot.end) } };
  }

  private text(file: string): SourceText {
    let text = this.texts.get(file);
    if (!text) {
      const content = this.readFile(file) ?? '';
      this.texts.set(file, (text = { lines: new LineMap(content), suppressions: parseSuppressions(content) }));
    }
    return text;
  }
}

const zeroRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

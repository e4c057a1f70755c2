// What was done on the clusters during this session: each eviction, drain
// and simulated drain, running or finished, with what it met and the
// document that explains it, so that a result stays reachable after its
// notification is gone. The Cluster view shows it as its History branch. A
// drain held by a budget carries the live cause and what would unblock it.
// Kept in memory only, newest first. No VS Code here.

export type HistorySeverity = 'info' | 'warning' | 'error';

/** Something the view offers to unblock a held drain: a command of the extension and its argument. */
export interface Remedy {
  title: string;
  command: string;
  argument: unknown;
}

export interface HistoryEntry {
  readonly id: number;
  readonly context: string;
  /** What was done: `Drain of node node-2`, `Eviction of pod default/web-a`. */
  readonly title: string;
  readonly startedAt: Date;
  /** How it ended; undefined while it runs. */
  severity?: HistorySeverity;
  /** One line: its latest step while it runs, then its result. */
  summary: string;
  /** While a budget holds it: why (the summary is plain, the details Markdown) and what would release it. */
  held?: { summary: string; details: string; remedies: Remedy[] };
  /** Opens the document that explains it (its Explain, a plan's report). */
  open?: () => unknown;
}

/** Entries kept at most; the oldest finished ones go first. */
export const maxHistoryEntries = 50;

export class ActionHistory {
  private readonly list: HistoryEntry[] = [];
  private next = 1;

  constructor(
    /** Told of a change: the entry that changed, or undefined when entries came, went or finished (the count of those running changed). */
    private readonly changed: (entry: HistoryEntry | undefined) => void = () => {},
    private readonly max = maxHistoryEntries,
  ) {}

  entries(): readonly HistoryEntry[] {
    return this.list;
  }

  entry(id: number): HistoryEntry | undefined {
    return this.list.find((e) => e.id === id);
  }

  /** An action that runs from now on. */
  start(context: string, title: string, summary: string): HistoryEntry {
    const entry: HistoryEntry = { id: this.next++, context, title, startedAt: new Date(), summary };
    this.list.unshift(entry);
    this.trim();
    this.changed(undefined);
    return entry;
  }

  /** A running action's latest step, or what holds it now (undefined: nothing). */
  update(entry: HistoryEntry, summary: string, held: HistoryEntry['held']): void {
    if (entry.severity || (entry.summary === summary && JSON.stringify(entry.held) === JSON.stringify(held))) return;
    entry.summary = summary;
    if (held) entry.held = held;
    else delete entry.held;
    this.changed(entry);
  }

  /** How a running action ended, and what a click opens. */
  finish(entry: HistoryEntry, severity: HistorySeverity, summary: string, open?: () => unknown): void {
    entry.severity = severity;
    entry.summary = summary;
    delete entry.held;
    if (open) entry.open = open;
    this.changed(undefined);
  }

  /** An action that is over as soon as it is told (an eviction's answer, a plan). */
  record(context: string, title: string, severity: HistorySeverity, summary: string, open?: () => unknown): HistoryEntry {
    const entry = this.start(context, title, summary);
    this.finish(entry, severity, summary, open);
    return entry;
  }

  private trim(): void {
    for (let i = this.list.length - 1; i >= 0 && this.list.length > this.max; i--) if (this.list[i]!.severity !== undefined) this.list.splice(i, 1);
  }
}

/** Where a subcommand writes; the dispatch table passes the process's streams, tests pass collectors. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

// V8 tuned for a command that runs about a second and ends (lint). V8
// optimizes a function once it has run a while (its interrupt budget), on
// background threads, inlining what it calls: for the reader and the index,
// whose functions run hot within milliseconds and inline into each other, it
// compiled for about 0.6 s of CPU during a 1.1 s lint of the generated
// 10,000-object workspace. On two cores those threads took the second core,
// and the main thread's garbage collection and compilation, from the main
// thread. A larger budget optimizes only what stays hot, and a smaller
// inlining limit makes each compilation cheaper: on two cores the lint took
// 1.02-1.07 s instead of 1.15 s (medians of nine alternated runs), its
// process CPU 1.3 s instead of 1.7 s. With more cores the compiler runs
// beside the main thread and the defaults are kept.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

export function tuneForBatchRun(): void {
  // Functions compiled before this keep the defaults; a command's own work starts after it.
  if (availableParallelism() <= 2) setFlagsFromString('--interrupt-budget=300000 --max-inlined-bytecode-size-cumulative=230');
}

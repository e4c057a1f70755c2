// V8 tuned for a command that runs about a second and ends (lint). V8
// optimizes a function once it has run for a while (its interrupt budget),
// compiling on background threads and inlining what the function calls. The
// reader's and the index's functions get hot within milliseconds and inline
// into one another, so during a 1.1 s lint of the generated 10,000-object
// workspace those threads used about 0.6 s of CPU; on two cores that CPU is
// taken from the main thread. With a larger budget only the functions that
// stay hot are optimized, and with a smaller inlining limit each compilation
// costs less: on two cores the lint took 1.02-1.07 s instead of 1.15 s
// (medians of nine alternated runs) and its process 1.3 s of CPU instead of
// 1.7 s. With more cores the compiler runs beside the main thread, and the
// defaults are kept.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

export function tuneForBatchRun(): void {
  // Functions compiled before this keep the defaults; a command's own work starts after it.
  if (availableParallelism() <= 2) setFlagsFromString('--interrupt-budget=300000 --max-inlined-bytecode-size-cumulative=230');
}

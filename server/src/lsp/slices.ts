// Long work in the language server (the folder scan, the complete reading)
// runs in slices, so that editor events get in between them.

/**
 * A pause to await between units of work: once a slice has run its time, it
 * calls `atSliceEnd` and yields to the event loop.
 */
export function slices(atSliceEnd: () => void = () => {}, sliceMs = 20): () => Promise<void> {
  let sliceStart = Date.now();
  return async () => {
    if (Date.now() - sliceStart <= sliceMs) return;
    atSliceEnd();
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = Date.now();
  };
}

/**
 * Runs `each` over `items` in slices of `sliceMs`, yielding to the event loop
 * between them; each slice runs inside `around` (one analysis batch, say).
 */
export async function inSlices<T>(items: Iterable<T>, each: (item: T) => void, around: (slice: () => void) => void, sliceMs = 20): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let done = false;
  while (!done) {
    around(() => {
      const started = Date.now();
      do {
        const next = iterator.next();
        if (next.done) {
          done = true;
          return;
        }
        each(next.value);
      } while (Date.now() - started <= sliceMs);
    });
    if (!done) await new Promise((resolve) => setImmediate(resolve));
  }
}

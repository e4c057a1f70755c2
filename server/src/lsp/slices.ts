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

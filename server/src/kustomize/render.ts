// Renders a Kustomize overlay with the user's own kubectl (`kubectl kustomize`,
// kustomize's build as the cluster would receive it), asking it to annotate
// each object with where it came from. Nothing is written into the user's
// folder: a kustomization in a temporary folder takes the overlay as its one
// resource and adds `buildMetadata` (kustomize: api/types/kustomization.go,
// OriginAnnotations and TransformerAnnotations; kustomize 4.5.3 and later,
// kubectl 1.24 and later). kubectl runs with an argument array, never a shell.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';

export interface RenderOptions {
  /** The overlay as messages name it (default: its path as given). */
  name?: string;
  /** The kubectl to run; default `kubectl` on PATH. */
  kubectl?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Milliseconds before kubectl is stopped (remote resources can hang); default 5 minutes. */
  timeoutMs?: number;
}

export interface RenderedOverlay {
  /** The overlay folder (absolute). */
  dir: string;
  /** kubectl's output: the objects, each with config.kubernetes.io/origin and alpha.config.kubernetes.io/transformations. */
  text: string;
  /** The temporary folder the annotations' paths are relative to (already removed). */
  base: string;
  /** What kubectl printed on stderr while succeeding (kustomize's deprecation warnings). */
  warnings: string;
}

export class KustomizeError extends Error {}

const maxOutput = 512 * 1024 * 1024;

export function renderOverlay(overlayDir: string, options: RenderOptions = {}): Promise<RenderedOverlay> {
  const dir = resolve(overlayDir);
  const name = options.name ?? overlayDir;
  const base = mkdtempSync(join(tmpdir(), 'kube-eviction-kustomize-'));
  const resource = relative(base, dir).split('\\').join('/');
  if (isAbsolute(resource)) {
    rmSync(base, { recursive: true, force: true });
    return Promise.reject(new KustomizeError(`cannot render ${name}: it is on another drive than the temporary folder ${tmpdir()}`));
  }
  writeFileSync(join(base, 'kustomization.yaml'), `# Written by kube-eviction to render ${dir} with origin annotations.\nresources:\n- ${JSON.stringify(resource)}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`);
  const kubectl = options.kubectl ?? 'kubectl';
  return new Promise<RenderedOverlay>((done, fail) => {
    execFile(
      kubectl,
      ['kustomize', base],
      { env: options.env ?? process.env, signal: options.signal, timeout: options.timeoutMs ?? 300_000, maxBuffer: maxOutput, encoding: 'utf8', windowsHide: true },
      (error, stdout, stderr) => {
        rmSync(base, { recursive: true, force: true });
        // klog's header (`E1205 18:47:03.021265 9531 run.go:72] `) says nothing to the user.
        const said = stderr
          .split(base)
          .join('<overlay wrapper>')
          .replace(/^[EWIF]\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\] /gm, '')
          .trim();
        if (!error) return done({ dir, text: stdout, base, warnings: said });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return fail(new KustomizeError(`cannot render ${name}: ${kubectl} was not found (kube-eviction renders overlays with your kubectl, "kubectl kustomize"; install kubectl 1.24 or later, or put it on PATH)`));
        if (options.signal?.aborted) return fail(new KustomizeError(`rendering ${name} was cancelled`));
        if (error.killed) return fail(new KustomizeError(`kubectl kustomize ${name} did not finish within ${Math.round((options.timeoutMs ?? 300_000) / 1000)} s`));
        const hint = /buildMetadata|unknown field/i.test(said) ? '\n(kube-eviction asks for buildMetadata: [originAnnotations], which needs kubectl 1.24 or later)' : '';
        fail(new KustomizeError(`kubectl kustomize ${name} failed${said ? `:\n${said}` : ` (${error.message})`}${hint}`));
      },
    );
  });
}

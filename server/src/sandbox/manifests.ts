// Reads a scenario from disk: one manifest file or a folder of them, YAML
// (several documents per file) or JSON. Every
// problem is reported with the file and position it comes from, and nothing
// is half-read: either all objects are returned or an error.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../k8s/types';

export interface Manifest {
  object: KubeObject;
  /** `file` or `file (document N)`, for messages. */
  origin: string;
}

export type ManifestsRead = { ok: true; manifests: Manifest[] } | { ok: false; error: string };

const maxFileBytes = 10 * 1024 * 1024;
const maxAliasCount = 100;
const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `path`, a manifest file or a folder whose *.yaml, *.yml and *.json files are read in name order. */
export function readManifests(path: string): ManifestsRead {
  let files: string[];
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      files = readdirSync(path)
        .filter((f) => !f.startsWith('.') && manifestExtensions.has(extname(f).toLowerCase()))
        .sort()
        .map((f) => join(path, f))
        .filter((f) => statSync(f).isFile());
      if (files.length === 0) return { ok: false, error: `${path}: no manifests (*.yaml, *.yml, *.json) in this folder` };
    } else {
      files = [path];
    }
  } catch (e) {
    return { ok: false, error: `${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}` };
  }
  const manifests: Manifest[] = [];
  for (const file of files) {
    const r = readManifestFile(file);
    if (!r.ok) return r;
    manifests.push(...r.manifests);
  }
  return { ok: true, manifests };
}

/** The manifests of one file (every document; a `kind: List` whole). */
export function readManifestFile(file: string): ManifestsRead {
  let text: string;
  try {
    if (statSync(file).size > maxFileBytes) return { ok: false, error: `${file}: larger than ${maxFileBytes / 1024 / 1024} MiB, not read` };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, error: `${file}: ${(e as Error).message}` };
  }
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const manifests: Manifest[] = [];
  for (const [i, doc] of list.entries()) {
    const origin = list.length > 1 ? `${file} (document ${i + 1})` : file;
    const problem = doc.errors[0];
    if (problem) {
      const [line, col] = problem.linePos?.[0] ? [problem.linePos[0].line, problem.linePos[0].col] : [0, 0];
      return { ok: false, error: `${file}:${line}:${col}: ${problem.message.split('\n')[0]}` };
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (e) {
      return { ok: false, error: `${origin}: ${(e as Error).message}` };
    }
    if (value === null || value === undefined) continue;
    // A `kind: List` stays whole: the simulator's scenario loader opens it.
    if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
      return { ok: false, error: `${origin}: not a Kubernetes object (apiVersion and kind are required)` };
    }
    manifests.push({ object: value as KubeObject, origin });
  }
  return { ok: true, manifests };
}

// `lint -`: the manifests on standard input (`helm template … | kube-eviction
// lint -`), read to the end and bounded as files are: past maxFileSize only
// counted, never kept.
import type { FileContent } from '../../server/src/analysis/workspaceFiles';

export async function readStandardInput(input: NodeJS.ReadableStream, maxFileSize: number): Promise<FileContent> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += bytes.length;
      if (size <= maxFileSize) chunks.push(bytes);
      else chunks.length = 0;
    }
  } catch (error) {
    return { kind: 'unreadable', message: (error as Error).message };
  }
  if (size > maxFileSize) return { kind: 'tooLarge', size };
  const bytes = Buffer.concat(chunks);
  if (bytes.subarray(0, 8000).includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: bytes.toString('utf8') };
}

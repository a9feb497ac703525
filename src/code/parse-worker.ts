import { parentPort } from 'node:worker_threads';
import { preloadGrammars } from './grammar-loader.js';
import { languageById } from './language-registry.js';
import { type ParseOutcome, type ParseRequest, parseSourceFile } from './parse-source-file.js';

/** Messages between the parser pool and a worker: a batch of files in, their outcomes out. */
export interface ParseBatch {
  id: number;
  requests: ParseRequest[];
  /** Languages to load before parsing anything (see preloadGrammars). */
  preload?: string[];
}

export interface ParseBatchResult {
  id: number;
  outcomes: ParseOutcome[];
}

const port = parentPort;
if (port) {
  port.on('message', async (batch: ParseBatch) => {
    if (batch.preload) await preloadGrammars(batch.preload.flatMap((id) => languageById(id) ?? []));
    const outcomes: ParseOutcome[] = [];
    for (const request of batch.requests) outcomes.push(await parseSourceFile(request));
    port.postMessage({ id: batch.id, outcomes } satisfies ParseBatchResult);
  });
}

import { parentPort } from 'node:worker_threads';
import { type ParseOutcome, type ParseRequest, parseSourceFile } from './parse-source-file.js';

/** Messages between the parser pool and a worker: a batch of files in, their outcomes out. */
export interface ParseBatch {
  id: number;
  requests: ParseRequest[];
}

export interface ParseBatchResult {
  id: number;
  outcomes: ParseOutcome[];
}

const port = parentPort;
if (port) {
  port.on('message', async (batch: ParseBatch) => {
    const outcomes: ParseOutcome[] = [];
    for (const request of batch.requests) outcomes.push(await parseSourceFile(request));
    port.postMessage({ id: batch.id, outcomes } satisfies ParseBatchResult);
  });
}

import { AutomatosxError } from '../errors/index.js';

/**
 * A runner's lease on an execution changed hands (it expired and another process took the run over):
 * the write it tried was refused, and the runner must stop without writing anything more.
 */
export class LeaseLostError extends AutomatosxError {
  constructor(readonly executionId: string) {
    super(
      `execution ${executionId} was taken over by another process (its lease expired); this process stopped running it`,
      { code: 'lease-lost' },
    );
  }
}

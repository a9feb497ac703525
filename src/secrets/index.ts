/**
 * The one secret policy: which names hold secrets, which values are known secrets, and how text is
 * redacted. Used by the logger, the environment of agent commands, errors, step outputs, transcripts,
 * memory and the event log.
 */
export {
  knownSecretValues,
  minimumSecretLength,
  registerSecretValues,
  secretsFromEnvironment,
} from './known-secrets.js';
export { redactArguments } from './redact-arguments.js';
export {
  containsSecret,
  redactError,
  redactedText,
  redactSecrets,
  redactString,
  redactStrings,
} from './redact-secrets.js';
export { scrubEnvironment } from './scrub-environment.js';
export { isSecretName } from './secret-names.js';
export { createStreamingRedactor } from './streaming-redactor.js';

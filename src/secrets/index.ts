/**
 * The one secret policy: which names hold secrets, which values are known secrets, and how text is
 * redacted. Used by the logger, the environment of agent commands, errors, step outputs, transcripts,
 * memory and the event log.
 */
export {
  isSecretKey,
  redactedText,
  redactSecrets,
  redactString,
  secretsFromEnvironment,
} from './redact-secrets.js';
export { scrubEnvironment } from './scrub-environment.js';

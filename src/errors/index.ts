export {
  AutomatosxError,
  type AutomatosxErrorOptions,
  ErrorKind,
  InvalidInputError,
} from './automatosx-error.js';
export { nearestNames } from './nearest-names.js';

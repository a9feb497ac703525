export { createSimulator } from './create-simulator.js';
export { simulatedMarker } from './plan-answer.js';
export { simulatedHeader } from './respond-model.js';
export {
  type FaultCondition,
  type FaultKind,
  FaultKinds,
  type FaultRule,
  type ProviderStats,
  type ScriptRule,
  type SimProvider,
  type Simulator,
  type SimulatorOptions,
} from './simulator-options.js';

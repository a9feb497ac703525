export { createSimulator } from './create-simulator.js';
export { parseFaultSpec } from './parse-fault-spec.js';
export { simulatedMarker } from './plan-answer.js';
export { simulatedHeader } from './simulated-response.js';
export { loadSimulatorConfig, parseSimulatorConfig, simulatorConfigSchema } from './simulator-config.js';
export {
  type FaultCondition,
  type FaultKind,
  FaultKinds,
  type FaultRule,
  type ScriptRule,
  type SimProvider,
  type SimProviderStats,
  type Simulator,
  type SimulatorOptions,
} from './simulator-options.js';

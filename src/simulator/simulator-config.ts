import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { FaultKinds, type FaultRule, type ScriptRule, type SimulatorOptions } from './simulator-options.js';

const count = z.number().int().min(0);
const faultRuleSchema = z.strictObject({
  provider: z.string().min(1).optional(),
  on: z
    .strictObject({
      requests: z.array(z.number().int().min(1)).optional(),
      every: z.number().int().min(1).optional(),
      probability: z.number().min(0).max(1).optional(),
      from: z.number().int().min(1).optional(),
      to: z.number().int().min(1).optional(),
    })
    .optional(),
  fault: z.enum(FaultKinds),
  retryAfterSeconds: z.number().min(0).optional(),
  retryAfterMs: count.optional(),
  afterTokens: count.optional(),
  delayMs: count.optional(),
  times: count.optional(),
});
const scriptRuleSchema = z.strictObject({
  provider: z.string().min(1).optional(),
  match: z.string().optional(),
  matchRegex: z.string().optional(),
  after: z.enum(['user', 'tool-result']).optional(),
  reply: z.string().optional(),
  toolCall: z.strictObject({ name: z.string().min(1), input: z.record(z.string(), z.unknown()) }).optional(),
  object: z.unknown().optional(),
  times: count.optional(),
});

/** The `ax sim --config` file: the simulator's options as JSON. */
export const simulatorConfigSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  latencyMs: count.optional(),
  firstTokenMs: count.optional(),
  tokensPerSecond: z.number().min(0).optional(),
  seed: z.number().int().optional(),
  faults: z.array(faultRuleSchema).optional(),
  script: z.array(scriptRuleSchema).optional(),
});

/** Reads and validates a simulator config file; errors name the file and the JSON path of each problem. */
export async function loadSimulatorConfig(path: string): Promise<SimulatorOptions> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`Cannot read simulator config ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`Simulator config ${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseSimulatorConfig(value, path);
}

export function parseSimulatorConfig(value: unknown, source = 'simulator config'): SimulatorOptions {
  const parsed = simulatorConfigSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new InvalidInputError(`${source} is invalid:\n${problems.join('\n')}`, {
      code: 'simulator-invalid-config',
    });
  }
  // zod's optional fields are `T | undefined`; drop undefined keys for exactOptionalPropertyTypes.
  return JSON.parse(JSON.stringify(parsed.data)) as SimulatorOptions & {
    faults?: FaultRule[];
    script?: ScriptRule[];
  };
}

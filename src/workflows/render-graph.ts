import { buildGraph } from './workflow-graph.js';
import { type StepKind, stepKindsOf, type WorkflowDefinition, type WorkflowStep } from './workflow-schema.js';

function kindLabel(step: WorkflowStep): string {
  const kinds: StepKind[] = stepKindsOf(step);
  let label = kinds.join('+') || 'none';
  if (kinds[0] === 'agent' && step.agent !== undefined) label = `agent ${step.agent}`;
  if (kinds[0] === 'workflow' && step.workflow !== undefined) label = `workflow ${step.workflow}`;
  if (step.forEach !== undefined) label += ', forEach';
  return label;
}

/** Mermaid ids must be plain words, and keys may hold `-`, so nodes get positional ids and key labels. */
function mermaidLabel(text: string): string {
  return text.replaceAll('"', '#quot;');
}

/** The workflow as a Mermaid flowchart: one node per step (key and kind), an edge from each dependency. */
export function renderMermaid(definition: WorkflowDefinition): string {
  const graph = buildGraph(definition.steps);
  const ids = new Map(definition.steps.map((step, index) => [step.key, `s${index}`]));
  const lines = ['graph TD'];
  for (const step of definition.steps) {
    const shape =
      step.approval !== undefined ? ['{{', '}}'] : step.workflow !== undefined ? ['[[', ']]'] : ['[', ']'];
    lines.push(
      `  ${ids.get(step.key)}${shape[0]}"${mermaidLabel(`${step.key} (${kindLabel(step)})`)}"${shape[1]}`,
    );
  }
  for (const step of definition.steps) {
    for (const dep of graph.dependencies.get(step.key) ?? []) {
      const label = step.if === undefined ? '' : `|if|`;
      lines.push(`  ${ids.get(dep)} -->${label} ${ids.get(step.key)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The workflow as text for a terminal: one block per level, each step with its kind and what it waits
 * for. Levels show what could run side by side; the scheduler does not wait for whole levels.
 */
export function renderTextGraph(definition: WorkflowDefinition): string {
  const graph = buildGraph(definition.steps);
  const byKey = new Map(definition.steps.map((step) => [step.key, step]));
  const width = Math.max(...definition.steps.map((step) => step.key.length));
  const kindWidth = Math.max(...definition.steps.map((step) => kindLabel(step).length));
  const stepCount = definition.steps.length === 1 ? '1 step' : `${definition.steps.length} steps`;
  const levelCount = graph.levels.length === 1 ? '1 level' : `${graph.levels.length} levels`;
  const lines = [`${definition.name}: ${stepCount} in ${levelCount}`];
  graph.levels.forEach((level, index) => {
    lines.push(`level ${index + 1}`);
    for (const key of level) {
      const step = byKey.get(key)!;
      const deps = graph.dependencies.get(key) ?? [];
      const after = deps.length > 0 ? `  ← ${deps.join(', ')}` : '';
      const condition = step.if === undefined ? '' : `  if ${step.if}`;
      lines.push(
        `  ${key.padEnd(width)}  ${kindLabel(step).padEnd(kindWidth)}${after}${condition}`.trimEnd(),
      );
    }
  });
  return `${lines.join('\n')}\n`;
}

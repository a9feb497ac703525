import { useEffect, useRef, useState } from '/assets/vendor/hooks.mjs';
import htm from '/assets/vendor/htm.mjs';
import { h } from '/assets/vendor/preact.mjs';
import { api, formatCost, formatDuration, formatTime, listen } from './api.js';
import { DagView } from './dag-view.js';

const html = htm.bind(h);

/** Step status after an event of the log, the same rule the store folds events with. */
const statusOfEvent = {
  step_started: 'running',
  step_retrying: 'running',
  step_completed: 'succeeded',
  step_failed: 'failed',
  step_skipped: 'skipped',
  step_interrupted: 'pending',
  step_cancelled: 'cancelled',
};

function StepDetail({ executionId, stepKey }) {
  const [detail, setDetail] = useState(undefined);
  useEffect(() => {
    setDetail(undefined);
    api(
      'GET',
      `/api/v1/executions/${encodeURIComponent(executionId)}/steps/${encodeURIComponent(stepKey)}`,
    ).then(setDetail, (failure) => setDetail({ error: failure.message }));
  }, [executionId, stepKey]);
  if (!detail) return html`<p class="muted">Loading step ${stepKey}…</p>`;
  if (detail.error) return html`<p class="muted">${detail.error}</p>`;
  const { step, transcript } = detail;
  const output = typeof step.output === 'string' ? step.output : JSON.stringify(step.output ?? null, null, 2);
  return html`<div class="card step-detail" aria-label=${`Step ${step.key}`}>
    <h3>${step.key} <span class=${`state state-${step.status}`}>${step.status}</span></h3>
    <p class="muted">attempt ${step.attempt}${step.finishedAt && step.startedAt ? ` · ${formatDuration(step.finishedAt - step.startedAt)}` : ''}
      ${step.usage ? ` · ${step.usage.provider}/${step.usage.model} · ${step.usage.inputTokens + step.usage.outputTokens} tokens · ${formatCost(step.usage.costUsd)}${step.usage.simulated ? ' (simulated)' : ''}` : ''}</p>
    ${step.error && html`<pre class="error">${step.error}</pre>`}
    <h4>Output</h4>
    <pre class="output">${output}</pre>
    ${
      transcript &&
      html`<h4>Agent transcript (${transcript.agent})</h4>
      <p><strong>Task:</strong> ${transcript.task}</p>
      ${transcript.toolCalls.map(
        (call) => html`<details><summary>${call.toolName} ${call.error ? '— refused/failed' : ''}</summary>
          <pre>${JSON.stringify(call.input, null, 2)}</pre>
          <pre>${call.error ?? JSON.stringify(call.output, null, 2)}</pre></details>`,
      )}
      <pre class="output">${transcript.text ?? ''}</pre>`
    }
  </div>`;
}

export function ExecutionPage({ id }) {
  const [detail, setDetail] = useState(undefined);
  const [graph, setGraph] = useState(undefined);
  const [events, setEvents] = useState([]);
  const [live, setLive] = useState({});
  const [selected, setSelected] = useState(undefined);
  const [message, setMessage] = useState('');
  const refresh = useRef(() => {});
  const path = `/api/v1/executions/${encodeURIComponent(id)}`;

  useEffect(() => {
    let timer;
    const load = () => api('GET', path).then(setDetail, (failure) => setMessage(failure.message));
    refresh.current = () => {
      clearTimeout(timer);
      timer = setTimeout(load, 60);
    };
    load();
    api('GET', `${path}/graph`).then(setGraph, () => setGraph(undefined));
    setEvents([]);
    setLive({});
    const stop = listen(`${path}/events`, (event) => {
      setEvents((current) => [...current, event]);
      const status = statusOfEvent[event.type];
      if (status && event.stepKey) setLive((current) => ({ ...current, [event.stepKey]: status }));
      refresh.current();
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [id]);

  if (!detail) return html`<p class="muted">${message || `Loading ${id}…`}</p>`;
  const { execution, steps, usage, pendingApprovals } = detail;
  const stored = Object.fromEntries(steps.map((step) => [step.key, step.status]));
  const statusOf = (key) => live[key] ?? stored[key] ?? 'pending';
  const act = async (label, method, actionPath, body) => {
    setMessage('');
    try {
      await api(method, `${path}${actionPath}`, body);
      setMessage(`${label}: requested`);
      refresh.current();
    } catch (failure) {
      setMessage(`${label}: ${failure.message}`);
    }
  };
  const failedStep = steps.find((step) => step.status === 'failed' && !step.key.includes('['));
  const state = execution.state;
  return html`<section>
    <p><a href="#/executions">← Executions</a></p>
    <div class="row">
      <h1 class="grow"><code>${execution.id}</code> · ${execution.workflowName}</h1>
      <span class=${`state state-${state}`} data-testid="run-state">${state}</span>
    </div>
    <p class="muted">started ${formatTime(execution.startedAt)} · resumed ${execution.resumeCount} times
      · ${usage.inputTokens + usage.outputTokens} tokens · ${formatCost(usage.costUsd)}${usage.simulated ? ' (simulated, not billed)' : ''}</p>
    ${execution.error && html`<pre class="error">${execution.error}</pre>`}
    <div class="row actions">
      ${pendingApprovals.map(
        (approval) => html`<div class="card approval" aria-label=${`Approval ${approval.key}`}>
          <strong>${approval.key}</strong>: ${approval.message}
          <button type="button" class="primary" onClick=${() => act('Approve', 'POST', `/approvals/${encodeURIComponent(approval.key)}`, { decision: 'approve', by: 'dashboard' })}>Approve</button>
          <button type="button" class="danger" onClick=${() => act('Reject', 'POST', `/approvals/${encodeURIComponent(approval.key)}`, { decision: 'reject', by: 'dashboard' })}>Reject</button>
        </div>`,
      )}
      ${state === 'executing' && html`<button type="button" onClick=${() => act('Pause', 'POST', '/pause')}>Pause</button>`}
      ${(state === 'executing' || state === 'paused') && html`<button type="button" class="danger" onClick=${() => act('Cancel', 'POST', '/cancel')}>Cancel</button>`}
      ${
        (state === 'failed' || state === 'paused') &&
        html`<button type="button" class="primary" onClick=${() => act('Resume', 'POST', '/resume', {})}>
        ${failedStep ? `Resume from ${failedStep.key}` : 'Resume'}
      </button>`
      }
      ${message && html`<span class="muted" role="status">${message}</span>`}
    </div>
    <${DagView} graph=${graph} statusOf=${statusOf} selected=${selected} onSelect=${setSelected} />
    <div class="columns">
      <div>
        <h2>Steps</h2>
        <table class="list" aria-label="Steps">
          <thead><tr><th>Step</th><th>State</th><th>Attempt</th><th>Time</th></tr></thead>
          <tbody>
            ${steps.map(
              (step) => html`<tr>
                <td><button type="button" class="link" onClick=${() => setSelected(step.key)}>${step.key}</button></td>
                <td><span class=${`state state-${statusOf(step.key)}`}>${statusOf(step.key)}</span></td>
                <td>${step.attempt}</td>
                <td>${step.finishedAt && step.startedAt ? formatDuration(step.finishedAt - step.startedAt) : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${selected && html`<${StepDetail} executionId=${execution.id} stepKey=${selected} />`}
      </div>
      <div>
        <h2>Timeline</h2>
        <ol class="timeline" aria-label="Events">
          ${events.map(
            (event) => html`<li>
              <span class="muted">${new Date(event.at).toLocaleTimeString()}</span>
              <code>${event.type}</code>${event.stepKey ? html` <strong>${event.stepKey}</strong>` : ''}
              ${event.data?.error ? html` <span class="error">${event.data.error}</span>` : ''}
            </li>`,
          )}
        </ol>
      </div>
    </div>
  </section>`;
}

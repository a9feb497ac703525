import { useEffect, useState } from '/assets/vendor/hooks.mjs';
import htm from '/assets/vendor/htm.mjs';
import { h } from '/assets/vendor/preact.mjs';
import { api, formatDuration, formatTime, listen } from './api.js';

const html = htm.bind(h);

function SubmitBox({ onSubmitted }) {
  const [workflows, setWorkflows] = useState([]);
  const [name, setName] = useState('');
  const [inputs, setInputs] = useState('{}');
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', '/api/v1/workflows').then((answer) => {
      setWorkflows(answer.workflows);
      setName(answer.workflows[0]?.name ?? '');
    });
  }, []);
  const submit = async (event) => {
    event.preventDefault();
    setError('');
    try {
      const parsed = JSON.parse(inputs || '{}');
      const answer = await api('POST', '/api/v1/executions', { workflow: name, inputs: parsed });
      onSubmitted(answer.executionId);
    } catch (failure) {
      setError(failure.message);
    }
  };
  return html`<form class="card row" onSubmit=${submit} aria-label="Run a workflow">
    <label>Workflow
      <select value=${name} onChange=${(event) => setName(event.target.value)}>
        ${workflows.map((workflow) => html`<option value=${workflow.name}>${workflow.name}</option>`)}
      </select>
    </label>
    <label class="grow">Inputs (JSON)
      <input value=${inputs} onInput=${(event) => setInputs(event.target.value)} />
    </label>
    <button type="submit" class="primary">Run</button>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </form>`;
}

export function ExecutionsPage({ filter }) {
  const [executions, setExecutions] = useState([]);
  const [cursor, setCursor] = useState(undefined);
  const [error, setError] = useState('');
  const query = filter === 'failed' ? '&state=failed' : '';
  const load = () =>
    api('GET', `/api/v1/executions?limit=50${query}`).then(
      (answer) => {
        setExecutions(answer.executions);
        setCursor(answer.nextCursor);
      },
      (failure) => setError(failure.message),
    );
  useEffect(() => {
    load();
    // Any event of any execution: fetch that execution and put it in its place, newest first.
    const pending = new Set();
    let timer;
    const stop = listen('/api/v1/events', (event) => {
      pending.add(event.executionId.split('/')[0]);
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const ids = [...pending];
        pending.clear();
        const fresh = await Promise.all(
          ids.map((id) => api('GET', `/api/v1/executions/${encodeURIComponent(id)}`).catch(() => undefined)),
        );
        setExecutions((current) => {
          const byId = new Map(current.map((execution) => [execution.id, execution]));
          for (const detail of fresh) {
            if (!detail) continue;
            const execution = detail.execution;
            if (filter === 'failed' && execution.state !== 'failed') byId.delete(execution.id);
            else byId.set(execution.id, execution);
          }
          return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt || a.id.localeCompare(b.id));
        });
      }, 50);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [filter]);
  const more = async () => {
    const answer = await api('GET', `/api/v1/executions?limit=50${query}&cursor=${cursor}`);
    setExecutions((current) => [...current, ...answer.executions]);
    setCursor(answer.nextCursor);
  };
  return html`<section>
    <div class="row">
      <h1 class="grow">${filter === 'failed' ? 'Dead letters (failed runs)' : 'Executions'}</h1>
      <a class="button" href=${filter === 'failed' ? '#/executions' : '#/dead-letters'}>
        ${filter === 'failed' ? 'Show all' : 'Show failed only'}
      </a>
    </div>
    <${SubmitBox} onSubmitted=${(id) => {
      location.hash = `#/executions/${encodeURIComponent(id)}`;
    }} />
    ${error && html`<p class="error">${error}</p>`}
    <table class="list" aria-label="Executions">
      <thead><tr><th>Execution</th><th>Workflow</th><th>State</th><th class="wide">Started</th><th>Duration</th></tr></thead>
      <tbody>
        ${executions.map(
          (execution) => html`<tr data-execution=${execution.id}>
            <td><a href=${`#/executions/${encodeURIComponent(execution.id)}`}><code>${execution.id}</code></a></td>
            <td>${execution.workflowName}</td>
            <td><span class=${`state state-${execution.state}`}>${execution.state}</span></td>
            <td class="wide">${formatTime(execution.startedAt)}</td>
            <td>${formatDuration((execution.completedAt ?? execution.updatedAt) - execution.startedAt)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${executions.length === 0 && html`<p class="muted">No executions yet: run one above, or with ax workflow run.</p>`}
    ${cursor && html`<button type="button" onClick=${more}>Load more</button>`}
  </section>`;
}

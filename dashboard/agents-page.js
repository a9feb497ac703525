import { useEffect, useState } from '/assets/vendor/hooks.mjs';
import htm from '/assets/vendor/htm.mjs';
import { h } from '/assets/vendor/preact.mjs';
import { api } from './api.js';

const html = htm.bind(h);

function RouteBox() {
  const [task, setTask] = useState('');
  const [result, setResult] = useState(undefined);
  const [error, setError] = useState('');
  const submit = async (event) => {
    event.preventDefault();
    setError('');
    try {
      setResult(await api('POST', '/api/v1/agents/route', { task }));
    } catch (failure) {
      setError(failure.message);
    }
  };
  return html`<form class="card" onSubmit=${submit} aria-label="Route a task">
    <label for="task">Which agent gets this task?</label>
    <div class="row">
      <input id="task" class="grow" value=${task} placeholder="e.g. add an index to the orders table"
        onInput=${(event) => setTask(event.target.value)} required />
      <button type="submit" class="primary">Route</button>
    </div>
    ${error && html`<p class="error">${error}</p>`}
    ${
      result &&
      html`<div class="route-result">
      <p><strong>${result.best ?? 'no agent matched'}</strong></p>
      <ol>${result.matches.map(
        (
          match,
        ) => html`<li><strong>${match.agent}</strong> — confidence ${Math.round(match.confidence * 100)} %
          <div class="muted">${match.reasons.map((reason) => `"${reason.term}" (${reason.source}: ${reason.label})`).join(', ')}</div></li>`,
      )}</ol>
    </div>`
    }
  </form>`;
}

/** Agents: their profiles, and a box that routes a task and shows the reasons. */
export function AgentsPage() {
  const [agents, setAgents] = useState([]);
  useEffect(() => {
    api('GET', '/api/v1/agents').then((answer) => setAgents(answer.agents));
  }, []);
  return html`<section>
    <h1>Agents</h1>
    <${RouteBox} />
    <div class="grid">
      ${agents.map(
        (agent) => html`<article class="card agent">
          <h3>${agent.displayName} <span class="muted">(${agent.name})</span></h3>
          <p class="muted">${agent.role} · ${agent.team}</p>
          <p>${agent.description}</p>
          <p class="tags">${agent.capabilities.map((capability) => html`<span class="tag">${capability}</span>`)}</p>
          <p class="muted">tools: ${agent.tools.join(', ') || 'none'}</p>
        </article>`,
      )}
    </div>
  </section>`;
}

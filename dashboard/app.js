import { useEffect, useState } from '/assets/vendor/hooks.mjs';
import htm from '/assets/vendor/htm.mjs';
import { h, render } from '/assets/vendor/preact.mjs';
import { AgentsPage } from './agents-page.js';
import { api } from './api.js';
import { ExecutionPage } from './execution-page.js';
import { ExecutionsPage } from './executions-page.js';
import { ProvidersPage } from './providers-page.js';

const html = htm.bind(h);

function useHash() {
  const [hash, setHash] = useState(location.hash || '#/executions');
  useEffect(() => {
    const update = () => setHash(location.hash || '#/executions');
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return hash;
}

function useTheme() {
  const [theme, setTheme] = useState(localStorage.getItem('ax-theme') ?? 'auto');
  useEffect(() => {
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    localStorage.setItem('ax-theme', theme);
  }, [theme]);
  const next = { auto: 'dark', dark: 'light', light: 'auto' };
  return [theme, () => setTheme(next[theme] ?? 'auto')];
}

function Login({ onDone }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const submit = async (event) => {
    event.preventDefault();
    try {
      await api('POST', '/api/v1/session', { token: token.trim() });
      onDone();
    } catch (failure) {
      setError(failure.message);
    }
  };
  return html`<main class="login">
    <h1>AutomatosX</h1>
    <form onSubmit=${submit} class="card">
      <label for="token">API token</label>
      <p class="muted">Printed by <code>ax server</code>: the file it names, or AX_API_TOKEN.</p>
      <input id="token" name="token" type="password" autocomplete="current-password" value=${token}
        onInput=${(event) => setToken(event.target.value)} required />
      <button type="submit" class="primary">Log in</button>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </form>
  </main>`;
}

function App() {
  const hash = useHash();
  const [theme, toggleTheme] = useTheme();
  const [session, setSession] = useState('checking');
  const check = () =>
    api('GET', '/api/v1/executions?limit=1').then(
      () => setSession('in'),
      (failure) => setSession(failure.status === 401 ? 'out' : 'in'),
    );
  useEffect(() => {
    check();
  }, []);
  if (session === 'checking') return html`<p class="muted pad">Connecting…</p>`;
  if (session === 'out') return html`<${Login} onDone=${check} />`;
  const logout = async () => {
    await api('DELETE', '/api/v1/session');
    setSession('out');
  };
  const parts = hash.slice(2).split('/');
  let page;
  if (parts[0] === 'executions' && parts[1])
    page = html`<${ExecutionPage} id=${decodeURIComponent(parts[1])} />`;
  else if (parts[0] === 'providers') page = html`<${ProvidersPage} />`;
  else if (parts[0] === 'agents') page = html`<${AgentsPage} />`;
  else page = html`<${ExecutionsPage} filter=${parts[0] === 'dead-letters' ? 'failed' : ''} />`;
  const link = (href, label, active) =>
    html`<a href=${href} aria-current=${active ? 'page' : undefined}>${label}</a>`;
  return html`<header class="top">
      <strong class="brand">AutomatosX</strong>
      <nav>
        ${link('#/executions', 'Executions', parts[0] === 'executions' || parts[0] === '')}
        ${link('#/dead-letters', 'Dead letters', parts[0] === 'dead-letters')}
        ${link('#/providers', 'Providers', parts[0] === 'providers')}
        ${link('#/agents', 'Agents', parts[0] === 'agents')}
      </nav>
      <span class="spacer"></span>
      <button type="button" onClick=${toggleTheme} title="Theme: auto, dark or light">Theme: ${theme}</button>
      <button type="button" onClick=${logout}>Log out</button>
    </header>
    <main class="page">${page}</main>`;
}

render(html`<${App} />`, document.getElementById('app'));

/**
 * The first-run page reached through the setup URL the node prints. It is deliberately tiny and
 * self-contained (no framework, nothing fetched from elsewhere); the full web app replaces the
 * rest of `/` when it lands.
 */
export const SETUP_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Set up Kith</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  main { max-width: 26rem; margin: 4rem auto; padding: 0 1rem; }
  label { display: block; margin-top: 1rem; }
  input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
  meter { width: 100%; }
  button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; }
  #message { margin-top: 1rem; min-height: 1.5rem; }
</style>
</head>
<body>
<main>
  <h1>Set up this Kith node</h1>
  <p>Create the first administrator.</p>
  <form id="setup">
    <label>User name <input name="name" autocomplete="username" required pattern="[a-z0-9][a-z0-9._\\-]{0,31}"></label>
    <label>Password <input name="password" type="password" autocomplete="new-password" required></label>
    <meter id="strength" min="0" max="4" low="2" high="3" optimum="4" value="0"></meter>
    <div id="hint" aria-live="polite"></div>
    <button type="submit">Create administrator</button>
  </form>
  <div id="message" role="status"></div>
</main>
<script src="/setup.js"></script>
</body>
</html>
`;

export const SETUP_JS = `'use strict';
const token = new URLSearchParams(location.hash.slice(1)).get('token') || new URLSearchParams(location.search).get('token') || '';
const form = document.getElementById('setup');
const meter = document.getElementById('strength');
const hint = document.getElementById('hint');
const message = document.getElementById('message');
async function post(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { ok: res.ok, body: res.status === 204 ? {} : await res.json() };
}
let pending;
form.password.addEventListener('input', () => {
  clearTimeout(pending);
  pending = setTimeout(async () => {
    const r = await post('/api/v1/password-strength', { password: form.password.value || ' ', name: form.name.value });
    meter.value = r.body.score;
    hint.textContent = r.body.ok ? 'Strong enough.' : [r.body.warning, ...(r.body.suggestions || [])].filter(Boolean).join(' ');
  }, 150);
});
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const r = await post('/api/v1/setup', { token, name: form.name.value, password: form.password.value });
  message.textContent = r.ok ? 'Done: you are signed in as ' + r.body.user.name + '.' : r.body.error.message;
});
`;

export const HOME_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kith</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto;">
<h1>Kith node</h1>
<p>This node is running. The REST API is described at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body></html>
`;

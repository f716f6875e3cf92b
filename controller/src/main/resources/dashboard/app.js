// The dashboard: policies and their state, a selected policy's charts and controls, the
// decision history with filters, the live leases. Refreshes itself every 10 seconds.
import { call, query, token, Unauthorized } from './api.js';
import { capacityChart, queueChart } from './charts.js';

const REFRESH_MS = 10000;
const $ = (selector) => document.querySelector(selector);
const state = { policies: [], selected: null, open: new Set(), charts: {}, series: null, decisions: [], cursor: null, seen: { action: new Set(), outcome: new Set(), reason: new Set() } };
// For people poking around in the console and for the browser test.
window.dashboard = state;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
const dateTime = (iso) => (iso ? new Date(iso).toLocaleString() : '');
const ago = (iso) => {
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  // The browser's clock may run a little behind the daemon's.
  if (s < 5) return 'just now';
  return s < 90 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};
const badge = (kind, text, title) => el('span', { class: `badge ${kind}`, title: title || '' }, text);

function showError(message) {
  const p = $('#error');
  p.textContent = message || '';
  p.hidden = !message;
}

// ---- login -------------------------------------------------------------------------------

function showLogin(message) {
  $('#content').hidden = true;
  $('#logout').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message || '';
  $('#token').focus();
}

async function login(event) {
  event.preventDefault();
  token.set($('#token').value.trim());
  try {
    await call('GET', '/v1/policies');
  } catch (e) {
    token.clear();
    showLogin(e instanceof Unauthorized ? 'That token was refused: use one of auth.adminTokens.' : e.message);
    return;
  }
  start();
}

// ---- policies ----------------------------------------------------------------------------

// Late: the oldest message has waited longer than its queue's target, or the policy has not
// been evaluated for three of its intervals (the scheduler is behind or the daemon stopped).
function lateness(p) {
  const last = p.status.lastDecision;
  if (!last) return badge('warn', 'not evaluated yet');
  if (Date.now() - new Date(last.time).getTime() > 3000 * p.spec.evaluationIntervalSeconds + 5000) {
    return badge('bad', 'evaluation late', `last evaluated ${ago(last.time)}, every ${p.spec.evaluationIntervalSeconds} s expected`);
  }
  const inputs = last.inputs || {};
  const late = p.spec.queues.filter((q) => {
    const name = q.url.substring(q.url.lastIndexOf('/') + 1);
    const age = inputs[`oldestWaitSeconds.${name}`];
    return typeof age === 'number' && q.targetWaitSeconds && age > q.targetWaitSeconds;
  });
  if (late.length) return badge('bad', 'late', late.map((q) => `${q.url}: over its ${q.targetWaitSeconds} s target`).join('\n'));
  return badge('ok', 'on time');
}

function stateBadges(p) {
  const s = p.status;
  const out = [];
  if (s.override) out.push(badge('info', `held at ${s.override.desiredCapacity}`, describeIntervention('override', s.override)));
  if (s.paused) out.push(badge('warn', 'paused', describeIntervention('pause', s.paused)));
  // Conditions read as Kubernetes' HPA does: AbleToScale or ScalingActive False is a fault;
  // ScalingLimited True (held at a bound or by the lease floor) is worth a glance, False is the normal case.
  const conditions = s.conditions || [];
  const failing = conditions.find((c) => c.type !== 'ScalingLimited' && c.status === 'False');
  if (failing) out.push(badge('bad', failing.reason, failing.message));
  const limited = conditions.find((c) => c.type === 'ScalingLimited' && c.status === 'True');
  if (limited) out.push(badge('warn', `limited: ${limited.reason}`, limited.message));
  if (p.spec.dryRun) out.push(badge('info', 'dry run'));
  if (!out.length) out.push(badge('ok', 'active'));
  return out;
}

function describeIntervention(kind, i) {
  return `${kind} by ${i.by} from ${i.from} since ${dateTime(i.since)}` + (i.until ? ` until ${dateTime(i.until)}` : ' until removed')
    + (i.reason ? ` (reason: ${i.reason})` : '');
}

function renderPolicies(list) {
  state.policies = list.items;
  const errors = $('#load-errors');
  errors.replaceChildren(...list.loadErrors.map((e) => el('p', { class: 'error' }, `policy reload failed at ${dateTime(e.at)}; the last good policies stay in force: `, el('pre', {}, e.message))));
  const rows = list.items.map((p) => {
    const c = p.status.capacity;
    const last = p.status.lastDecision;
    const capacity = c ? `${c.desired} desired, ${c.inService} in service` + (c.booting ? `, ${c.booting} booting` : '') + ` [${c.minSize}–${c.maxSize}]` : 'group not found';
    const backlog = last && last.inputs && typeof last.inputs.backlog === 'number' ? String(last.inputs.backlog) : '–';
    return el('tr', { 'data-policy': p.name, class: p.name === state.selected ? 'selected' : '', onclick: () => select(p.name) },
      el('td', {}, el('strong', {}, p.name)),
      el('td', {}, p.spec.target.autoScalingGroupName),
      el('td', {}, capacity),
      el('td', {}, c ? String(c.leases) : '–'),
      el('td', {}, backlog),
      el('td', {}, lateness(p)),
      el('td', {}, stateBadges(p)),
      el('td', {}, last ? [el('span', { class: 'muted' }, `${ago(last.time)}: `), last.message] : '–'));
  });
  $('#policies tbody').replaceChildren(...rows);
  const filter = $('#filter-policy');
  const names = list.items.map((p) => p.name);
  if ([...filter.options].slice(1).map((o) => o.value).join() !== names.join()) {
    const chosen = filter.value;
    filter.replaceChildren(el('option', { value: '' }, 'any'), ...names.map((n) => el('option', { value: n }, n)));
    filter.value = chosen;
  }
  if (!state.selected && list.items.length) select(list.items[0].name);
}

// ---- one policy: charts and controls -----------------------------------------------------

async function select(name) {
  state.selected = name;
  document.querySelectorAll('#policies tbody tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.policy === name));
  $('#policy-detail').hidden = false;
  $('#policy-title').textContent = name;
  $('#control-message').textContent = '';
  renderPolicyState();
  await loadSeries();
}

function renderPolicyState() {
  const p = state.policies.find((x) => x.name === state.selected);
  if (!p) return;
  const s = p.status;
  const lines = [];
  if (s.paused) lines.push(el('div', {}, badge('warn', 'paused'), describeIntervention('paused', s.paused)));
  if (s.override) lines.push(el('div', {}, badge('info', `held at ${s.override.desiredCapacity}`), describeIntervention('override', s.override)));
  if (!lines.length) lines.push(el('span', { class: 'muted' }, `The policy sizes ${p.spec.target.autoScalingGroupName} within [${p.spec.target.minCapacity}, ${p.spec.target.maxCapacity}].`));
  $('#policy-state').replaceChildren(...lines);
  $('#override-capacity').min = p.spec.target.minCapacity;
  $('#override-capacity').max = p.spec.target.maxCapacity;
}

async function loadSeries() {
  const name = state.selected;
  if (!name) return;
  const chosen = $('#window').value;
  const series = await call('GET', `/v1/policies/${encodeURIComponent(name)}/series${query({ window: chosen })}`);
  if (name !== state.selected || chosen !== $('#window').value) return;
  state.series = series;
  state.charts.capacity = capacityChart($('#chart-capacity'), series);
  state.charts.queues = queueChart($('#chart-queues'), series);
}

const untilFrom = (minutes) => (minutes ? new Date(Date.now() + Number(minutes) * 60000).toISOString() : undefined);

async function control(action) {
  const name = state.selected;
  const message = $('#control-message');
  try {
    await action(`/v1/policies/${encodeURIComponent(name)}`);
    message.className = 'muted';
    message.textContent = 'Done: the next evaluation follows it.';
    await refresh();
  } catch (e) {
    message.className = 'error';
    message.textContent = e.message;
  }
}

function wireControls() {
  $('#pause-form').addEventListener('submit', (e) => {
    e.preventDefault();
    control((base) => call('PUT', `${base}/pause`, { reason: $('#pause-reason').value || undefined, until: untilFrom($('#pause-for').value) }));
  });
  $('#resume-button').addEventListener('click', () => control((base) => call('DELETE', `${base}/pause`)));
  $('#override-form').addEventListener('submit', (e) => {
    e.preventDefault();
    control((base) => call('PUT', `${base}/override`, {
      desiredCapacity: Number($('#override-capacity').value),
      reason: $('#override-reason').value || undefined,
      until: untilFrom($('#override-for').value),
    }));
  });
  $('#clear-override-button').addEventListener('click', () => control((base) => call('DELETE', `${base}/override`)));
}

// ---- decisions ---------------------------------------------------------------------------

function decisionFilters() {
  return {
    policy: $('#filter-policy').value,
    action: $('#filter-action').value,
    outcome: $('#filter-outcome').value,
    reason: $('#filter-reason').value,
  };
}

// The filter menus offer the values seen so far; the API itself lists every allowed value in a 400.
function rememberValues(items) {
  for (const d of items) for (const key of ['action', 'outcome', 'reason']) state.seen[key].add(d[key]);
  for (const key of ['action', 'outcome', 'reason']) {
    const select = $(`#filter-${key}`);
    const chosen = select.value;
    const values = [...state.seen[key]].sort();
    if (select.options.length === values.length + 1) continue;
    select.replaceChildren(el('option', { value: '' }, 'any'), ...values.map((v) => el('option', { value: v }, v)));
    select.value = chosen;
  }
}

// An answer is shown when it was asked with the filters now chosen and is newer than the one on
// screen. Keying on the latest request alone starved the list on a loaded daemon: each refresh's
// request superseded the one before it, so no answer that took longer than a refresh was shown.
let decisionRequests = 0;
let decisionsShown = 0;
async function loadDecisions(older) {
  const filters = decisionFilters();
  const params = { ...filters, limit: 50, cursor: older ? state.cursor : undefined };
  const request = ++decisionRequests;
  const page = await call('GET', `/v1/decisions${query(params)}`);
  if (request < decisionsShown || query(filters) !== query(decisionFilters())) return;
  decisionsShown = request;
  state.decisions = older ? state.decisions.concat(page.items) : page.items;
  state.cursor = page.nextCursor;
  $('#more-decisions').hidden = !page.nextCursor;
  rememberValues(page.items);
  renderDecisions();
}

// A capacity the decision did not know (the group could not be described) is null: shown as such, never as 0.
function capacity(n) {
  return n === null || n === undefined ? 'unknown' : String(n);
}

function renderDecisions() {
  const rows = [];
  for (const d of state.decisions) {
    const kind = d.outcome === 'FAILED' || d.outcome === 'ACT_FAILED' ? 'bad' : d.action === 'NONE' ? 'ok' : 'info';
    const row = el('tr', { class: 'decision', 'data-id': d.id },
      el('td', {}, time(d.time)), el('td', {}, d.policy), el('td', {}, badge(kind, d.action)), el('td', {}, d.outcome),
      el('td', {}, `${capacity(d.currentCapacity)} → ${capacity(d.desiredCapacity)}`), el('td', {}, d.reason), el('td', { class: 'message' }, d.message));
    const details = el('tr', { class: 'details', hidden: !state.open.has(d.id) }, el('td', { colSpan: 7 }, stagesTable(d),
      el('details', {}, el('summary', {}, 'inputs'), el('pre', {}, JSON.stringify(d.inputs, null, 2)))));
    row.addEventListener('click', () => {
      details.hidden = !details.hidden;
      if (details.hidden) state.open.delete(d.id); else state.open.add(d.id);
    });
    rows.push(row, details);
  }
  if (!rows.length) rows.push(el('tr', {}, el('td', { colSpan: 7, class: 'muted' }, 'no decision matches')));
  $('#decisions tbody').replaceChildren(...rows);
}

function stagesTable(d) {
  return el('table', { class: 'stages' },
    el('thead', {}, el('tr', {}, el('th', {}, 'stage'), el('th', {}, 'capacity'), el('th', {}, 'reason'), el('th', {}, 'detail'))),
    el('tbody', {}, (d.stages || []).map((s) => el('tr', {}, el('td', {}, s.name), el('td', {}, String(s.capacity)), el('td', {}, s.reason), el('td', {}, s.detail)))));
}

// ---- leases ------------------------------------------------------------------------------

// Either shape: one lease per instance ({instanceId, expiresAt, protected}) or an instance with
// its holders ({instanceId, protected, draining, holders: [{holder, expiresAt}]}).
function renderLeases(list) {
  const items = (list && list.items) || [];
  const rows = items.map((l) => {
    const holders = Array.isArray(l.holders) ? l.holders : [{ holder: l.holder || 'default', expiresAt: l.expiresAt }];
    return el('tr', {},
      el('td', {}, l.instanceId), el('td', {}, l.autoScalingGroupName || ''),
      el('td', {}, l.protected ? badge('ok', 'protected') : badge('warn', 'not yet')),
      el('td', {}, l.draining ? badge('warn', 'draining') : ''),
      el('td', {}, holders.map((h) => el('div', {}, `${h.holder} (until ${time(h.expiresAt)})`))));
  });
  if (!rows.length) rows.push(el('tr', {}, el('td', { colSpan: 5, class: 'muted' }, 'no live lease')));
  $('#leases tbody').replaceChildren(...rows);
}

// ---- the loop ----------------------------------------------------------------------------

async function refresh() {
  try {
    const [policies, leases] = await Promise.all([call('GET', '/v1/policies'), call('GET', '/v1/leases')]);
    renderPolicies(policies);
    renderPolicyState();
    renderLeases(leases);
    await Promise.all([loadSeries(), state.decisions.length > 50 ? Promise.resolve() : loadDecisions(false)]);
    showError('');
    $('#updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    if (e instanceof Unauthorized) {
      token.clear();
      stop();
      showLogin('The token was refused; enter it again.');
      return;
    }
    showError(e.message);
  }
}

// The next refresh is timed from the end of the previous one: a slow answer never has a second
// copy of the same requests queued behind it. A new start or a stop ends the loop before it.
let timer = null;
let loop = 0;
async function refreshLoop(generation) {
  await refresh();
  if (generation === loop) timer = setTimeout(() => refreshLoop(generation), REFRESH_MS);
}

function stop() {
  loop += 1;
  clearTimeout(timer);
}

function start() {
  $('#login').hidden = true;
  $('#content').hidden = false;
  $('#logout').hidden = false;
  stop();
  refreshLoop(loop);
}

$('#login').addEventListener('submit', login);
$('#logout').addEventListener('click', () => { token.clear(); stop(); showLogin(''); });
$('#window').addEventListener('change', () => loadSeries().catch((e) => showError(e.message)));
for (const id of ['#filter-policy', '#filter-action', '#filter-outcome', '#filter-reason']) {
  $(id).addEventListener('change', () => loadDecisions(false).catch((e) => showError(e.message)));
}
$('#more-decisions').addEventListener('click', () => loadDecisions(true).catch((e) => showError(e.message)));
wireControls();
// A link may carry the token in its fragment (never sent to the server, so never in a log), as the
// screenshot script's does: it goes to this tab's storage and out of the address bar.
if (location.hash.startsWith('#token=')) {
  token.set(decodeURIComponent(location.hash.substring('#token='.length)));
  history.replaceState(null, '', location.pathname + location.search);
}
if (token.get()) start(); else showLogin('');

// The nfs-proxy dashboard: a console client in the browser (protocol: docs/console.md).
//
// One WebSocket to /ws; the first message is `auth {token}`. Every panel is filled from console
// methods and kept live by events. A method the proxy does not have (`unknown-method`) turns its
// panel into an "unavailable" note instead of breaking the page. No innerHTML anywhere: every
// string from the proxy (file names, reasons, audit details) goes in as text.

/** sessionStorage key of the token: gone when the tab closes. */
const TOKEN_KEY = 'nfs-proxy.console-token';
/** Width of the lag chart's window. Unit: ms. */
const LAG_WINDOW_MS = 5 * 60_000;
/** Status polling period while no `lag` events arrive. Unit: ms. */
const STATUS_POLL_FAST_MS = 2_000;
/** Status polling period while `lag` events arrive (journal, counters). Unit: ms. */
const STATUS_POLL_SLOW_MS = 10_000;
/** Tasks and level polling period (events keep them live in between). Unit: ms. */
const SLOW_POLL_MS = 15_000;
/** Audit rows kept on the page. */
const AUDIT_ROWS = 200;
/** Longest wait between reconnection attempts. Unit: ms. */
const RECONNECT_MAX_MS = 10_000;

const ROLES = ['viewer', 'operator', 'admin'];
/** Role each action needs (as the proxy enforces it; the UI hides what the token cannot do). */
const NEEDS = {
  'level.set': 'operator',
  'policy.set': 'admin',
  'versions.create': 'operator',
  'versions.delete': 'operator',
  'versions.prune': 'operator',
  restore: 'operator',
  verify: 'operator',
  'audit.list': 'operator',
  'tasks.create': 'operator',
  'tasks.cancel': 'operator',
  resync: 'admin',
  promote: 'admin',
};

const STATE_CLASS = {
  'in-sync': 's-ok',
  serving: 's-ok',
  lagging: 's-warn',
  'catching-up': 's-info',
  resyncing: 's-purple',
  'needs-resync': 's-orange',
  out: 's-bad',
  unreachable: 's-bad',
  pending: 's-info',
  running: 's-info',
  paused: 's-warn',
  done: 's-ok',
  failed: 's-bad',
  cancelled: 's-muted',
  ok: 's-ok',
  error: 's-bad',
};

const LEVEL_CLASSES = ['lv-normal', 'lv-guarded', 'lv-elevated', 'lv-severe', 'lv-emergency'];
const SERIES_COLOURS = [
  '#4c9bff',
  '#a371f7',
  '#3fb950',
  '#f0883e',
  '#e3b341',
  '#ff7b72',
  '#39c5cf',
];

// ---- small DOM helpers ------------------------------------------------------------------------

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Creates an element; string children become text nodes. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function showError(el, message) {
  el.textContent = message ?? '';
  el.hidden = !message;
}

// ---- formatting -------------------------------------------------------------------------------

function fmtInt(n) {
  const v = Number(n);
  return Number.isFinite(v) ? v.toLocaleString('en-US') : '—';
}

function fmtBytes(n) {
  let v = Number(n);
  if (!Number.isFinite(v)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function fmtSeconds(n) {
  const v = Number(n);
  if (!Number.isFinite(v)) return '—';
  if (v < 10) return `${v.toFixed(1)} s`;
  if (v < 90) return `${Math.round(v)} s`;
  if (v < 5400) return `${Math.round(v / 60)} min`;
  if (v < 172_800) return `${(v / 3600).toFixed(1)} h`;
  return `${Math.round(v / 86_400)} d`;
}

/** A period in seconds as "every …" text. */
function fmtEvery(sec) {
  const v = Number(sec);
  if (!Number.isFinite(v) || v <= 0) return 'none';
  if (v % 86_400 === 0) return `${v / 86_400} d`;
  if (v % 3600 === 0) return `${v / 3600} h`;
  if (v % 60 === 0) return `${v / 60} min`;
  return `${v} s`;
}

function toMs(t) {
  if (typeof t === 'number') return t;
  if (typeof t === 'string') {
    const n = Number(t);
    return Number.isFinite(n) ? n : Date.parse(t);
  }
  return NaN;
}

function fmtTime(t) {
  const ms = toMs(t);
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const time = d.toLocaleTimeString('en-GB', { hour12: false });
  const today = new Date().toDateString() === d.toDateString();
  return today ? time : `${d.toLocaleDateString('en-CA')} ${time}`;
}

function fmtAgo(t) {
  const ms = toMs(t);
  if (!Number.isFinite(ms)) return '';
  const sec = Math.round((Date.now() - ms) / 1000);
  if (sec < -5) return `in ${fmtSeconds(-sec)}`;
  if (sec < 5) return 'just now';
  return `${fmtSeconds(sec).replace('.0', '')} ago`;
}

/** A short one-line summary of a params or result object. */
function summary(o) {
  if (o === null || o === undefined) return '';
  if (typeof o !== 'object') return String(o);
  return Object.entries(o)
    .filter(([, v]) => v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

// ---- the console connection ------------------------------------------------------------------

class CallError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** One authenticated WebSocket to the console: calls with ids, events by name. */
class ConsoleClient {
  constructor() {
    this.ws = null;
    this.nextId = 1;
    this.pending = new Map();
    this.handlers = new Map();
  }

  /** Opens the socket and authenticates; resolves to the token's role. */
  open(token) {
    this.close();
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/ws`);
    this.ws = ws;
    return new Promise((resolve, reject) => {
      let settled = false;
      ws.addEventListener('open', () => {
        this.call('auth', { token }).then(
          (r) => {
            settled = true;
            resolve(r.role);
          },
          (e) => {
            settled = true;
            reject(e);
            ws.close();
          },
        );
      });
      ws.addEventListener('message', (ev) => this.onMessage(ev.data));
      ws.addEventListener('close', (ev) => {
        if (this.ws === ws) this.ws = null;
        for (const p of this.pending.values())
          p.reject(new CallError('disconnected', 'the connection to the console closed'));
        this.pending.clear();
        if (!settled) {
          settled = true;
          reject(new CallError('disconnected', 'cannot reach the console'));
        } else this.emit('close', ev);
      });
    });
  }

  close() {
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close();
  }

  get connected() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  /** Calls a method; `onProgress` receives this call's `progress` events. */
  call(method, params, onProgress) {
    if (!this.connected)
      return Promise.reject(new CallError('disconnected', 'not connected to the console'));
    const id = this.nextId++;
    const msg = { id, method };
    if (params && Object.keys(params).length > 0) msg.params = params;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.ws.send(JSON.stringify(msg));
    });
  }

  on(event, fn) {
    if (!this.handlers.has(event)) this.handlers.set(event, []);
    this.handlers.get(event).push(fn);
  }

  emit(event, data) {
    for (const fn of this.handlers.get(event) ?? []) {
      try {
        fn(data);
      } catch (e) {
        reportError(e);
      }
    }
  }

  onMessage(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg.event === 'progress' && msg.id !== undefined) {
      this.pending.get(msg.id)?.onProgress?.(msg.data);
      return;
    }
    if (typeof msg.event === 'string') {
      this.emit(msg.event, msg.data);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) {
      // An error without an id (a bad message or a rate limit) answers nothing we sent.
      if (msg.error) toast('bad', `Console: ${msg.error.code}`, msg.error.message);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.error) p.reject(new CallError(msg.error.code, msg.error.message));
    else p.resolve(msg.result);
  }
}

const client = new ConsoleClient();

// ---- state ------------------------------------------------------------------------------------

const state = {
  token: null,
  role: null,
  status: null,
  health: [],
  level: null,
  versions: [],
  tasks: [],
  audit: [],
  /** Lag samples: {t, v: {site: {lagMutations, lagBytes, lagSeconds}}}. */
  samples: [],
  lastLagEventMs: 0,
  metric: 'lagMutations',
  taskFilter: 'active',
  /** Features the proxy lacks (a method answered unknown-method). */
  missing: new Set(),
  timers: [],
  reconnectDelay: 1000,
  freshVersion: null,
};

function can(method) {
  const need = NEEDS[method] ?? 'viewer';
  return ROLES.indexOf(state.role) >= ROLES.indexOf(need);
}

/** Calls a method, marking it missing on unknown-method (the caller gets undefined). */
async function optional(method, params) {
  try {
    return await client.call(method, params);
  } catch (e) {
    if (e.code === 'unknown-method') {
      state.missing.add(method);
      return undefined;
    }
    throw e;
  }
}

function reportError(e, title = 'Error') {
  if (e && e.code === 'disconnected') return;
  toast('bad', title, e && e.code ? `${e.code}: ${e.message}` : String(e?.message ?? e));
}

// ---- toasts and banner -------------------------------------------------------------------------

function toast(kind, title, text) {
  const t = h(
    'div',
    {
      class: `toast toast-${kind}`,
      role: kind === 'bad' ? 'alert' : 'status',
      title: 'Click to dismiss',
      onclick: () => t.remove(),
    },
    h('strong', null, title),
    text ? h('div', null, text) : null,
  );
  $('#toasts').append(t);
  setTimeout(() => t.remove(), kind === 'bad' ? 9000 : 5000);
  while ($('#toasts').children.length > 5) $('#toasts').firstElementChild.remove();
}

function banner(text, bad = false) {
  const b = $('#banner');
  b.textContent = text ?? '';
  b.classList.toggle('banner-bad', bad);
  b.hidden = !text;
}

function setConn(up, text) {
  const c = $('#conn');
  c.classList.toggle('conn-up', up);
  c.classList.toggle('conn-down', !up);
  $('#conn-text').textContent = text;
}

// ---- sites -----------------------------------------------------------------------------------

/** The primary and every backup, in a stable order, with health merged in. */
function siteList() {
  const st = state.status;
  if (!st) return [];
  const health = new Map((state.health ?? []).map((x) => [x.name, x]));
  const out = [];
  const ph = health.get(st.primary);
  out.push({
    name: st.primary,
    role: 'primary',
    state: ph && ph.reachable === false ? 'unreachable' : 'serving',
    mode: null,
    health: ph,
  });
  for (const site of st.sites ?? [])
    out.push({ ...site, role: 'backup', health: health.get(site.name) });
  return out;
}

function backupNames() {
  return (state.status?.sites ?? []).map((x) => x.name);
}

function seriesColour(name) {
  const i = backupNames().indexOf(name);
  return SERIES_COLOURS[(i < 0 ? 0 : i) % SERIES_COLOURS.length];
}

function renderStats() {
  const st = state.status;
  if (!st) return;
  const backups = st.sites ?? [];
  const inSync = backups.filter((x) => x.state === 'in-sync').length;
  const tile = (k, v, cls) =>
    h(
      'div',
      { class: 'stat' },
      h('span', { class: 'k' }, k),
      h('span', { class: `v ${cls ?? ''}` }, v),
    );
  $('#stats').replaceChildren(
    tile('primary', st.primary),
    tile(
      'in sync',
      `${inSync}/${backups.length}`,
      backups.length && inSync < backups.length ? 's-warn' : 's-ok',
    ),
    tile('mutations', fmtInt(st.mutations)),
    tile('journal', fmtBytes(st.journal?.bytes ?? 0)),
    tile('versions', fmtInt(state.versions.length || st.versions)),
  );
}

function renderSites() {
  const box = $('#sites');
  const sites = siteList();
  const key = sites.map((x) => `${x.name}:${x.role}`).join(',') + `|${state.role}`;
  if (box.dataset.key !== key) {
    box.dataset.key = key;
    box.replaceChildren(...sites.map(siteCard));
  }
  for (const site of sites)
    updateSiteCard(box.querySelector(`[data-site="${CSS.escape(site.name)}"]`), site);
  renderStats();
}

function siteCard(site) {
  const metric = (k, cls) =>
    h(
      'div',
      { class: 'metric' },
      h('div', { class: 'k' }, k),
      h('div', { class: `v ${cls}` }, '—'),
    );
  const card = h(
    'article',
    { class: 'site-card', dataset: { site: site.name, role: site.role } },
    h(
      'div',
      { class: 'site-top' },
      h('span', { class: 'site-name' }, site.name),
      h('span', { class: 'pill site-state' }, '—'),
    ),
    h('div', { class: 'site-role' }),
    h(
      'div',
      { class: 'site-metrics' },
      metric('Lag', 'm-mut'),
      metric('Bytes', 'm-bytes'),
      metric('Behind', 'm-sec'),
      metric('Latency', 'm-lat'),
    ),
    h('div', { class: 'site-reason' }),
  );
  if (site.role === 'backup') {
    const actions = [];
    if (can('verify'))
      actions.push(
        h(
          'button',
          { type: 'button', class: 'btn btn-small verify', onclick: () => verifySite(site.name) },
          'Verify',
        ),
      );
    if (can('resync'))
      actions.push(
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small btn-ghost resync',
            onclick: () => resyncSite(site.name),
          },
          'Resync…',
        ),
      );
    if (can('promote'))
      actions.push(
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small btn-ghost promote',
            onclick: () => openPromote(site.name),
          },
          'Promote…',
        ),
      );
    if (actions.length) card.append(h('div', { class: 'site-actions' }, actions));
  }
  return card;
}

function updateSiteCard(card, site) {
  if (!card) return;
  const cls = STATE_CLASS[site.state] ?? 's-muted';
  card.className = `site-card ${cls}`;
  const pill = $('.site-state', card);
  pill.className = `pill site-state ${cls}`;
  pill.textContent = site.state;
  const role = $('.site-role', card);
  if (site.role === 'primary')
    role.replaceChildren(h('span', { class: 'role-primary' }, 'primary'), ' · serves clients');
  else
    role.replaceChildren(
      h(
        'span',
        { class: 'legend-dot' },
        h('span', { class: 'swatch', 'data-colour': seriesColour(site.name) }),
      ),
      `backup · ${site.mode ?? '?'}`,
    );
  const set = (sel, text) => ($(sel, card).textContent = text);
  const label = (sel, text) => ($(sel, card).previousElementSibling.textContent = text);
  if (site.role === 'backup') {
    set('.m-mut', fmtInt(site.lagMutations));
    set('.m-bytes', fmtBytes(site.lagBytes));
    set('.m-sec', fmtSeconds(site.lagSeconds));
  } else {
    // The primary has no lag: its card shows what flows out of it instead.
    const st = state.status;
    label('.m-mut', 'Mutations');
    label('.m-bytes', 'Journal');
    label('.m-sec', 'Hot');
    set('.m-mut', fmtInt(st?.mutations));
    set('.m-bytes', fmtBytes(st?.journal?.bytes ?? 0));
    set('.m-sec', fmtInt(st?.hotObjects ?? 0));
  }
  const hl = site.health;
  const lat = $('.m-lat', card);
  lat.textContent = hl
    ? hl.reachable === false
      ? 'down'
      : hl.latencyMs === undefined || hl.latencyMs === null
        ? '—'
        : `${Number(hl.latencyMs).toFixed(1)} ms`
    : '—';
  lat.className = `v m-lat ${hl && hl.reachable === false ? 's-bad' : ''}`;
  const reason =
    hl && hl.reachable === false
      ? `unreachable${hl.lastError ? `: ${hl.lastError}` : ''} · ${fmtInt(hl.consecutiveFailures)} failed probes`
      : site.role === 'primary'
        ? hl?.lastOkMs
          ? `reachable · last probe ${fmtTime(hl.lastOkMs)}`
          : ''
        : site.reason
          ? `${site.reason}${site.since ? ` · since ${fmtTime(site.since)}` : ''}`
          : site.since
            ? `since ${fmtTime(site.since)}`
            : '';
  set('.site-reason', reason);
  $('.site-reason', card).title = reason;
  // Swatches take their colour through the CSSOM (inline style attributes are blocked by the CSP).
  for (const sw of $$('.swatch[data-colour]', card)) sw.style.background = sw.dataset.colour;
}

async function verifySite(name) {
  toast('info', `Verifying ${name}…`, 'Comparing the backup with the primary.');
  try {
    const r = await client.call('verify', { site: name });
    const x = r?.[name];
    if (x?.identical) toast('ok', `${name} is identical to the primary`, summary(x.progress));
    else
      toast(
        'warn',
        `${name} differs from the primary`,
        `${fmtInt(x?.count)} differences; resync repairs them.`,
      );
  } catch (e) {
    reportError(e, `Verify ${name} failed`);
  }
}

function resyncSite(name) {
  confirmDialog(
    `Resync ${name}?`,
    `Walks the whole tree and makes ${name} identical to the primary. Its mutations are journaled meanwhile.`,
    'Resync',
    async () => {
      toast('info', `Resyncing ${name}…`);
      try {
        const r = await client.call('resync', { site: name });
        toast('ok', `${name} resynced`, `${fmtInt(r?.repaired)} differences repaired`);
      } catch (e) {
        reportError(e, `Resync ${name} failed`);
      }
      refreshStatus();
    },
  );
}

// ---- lag chart -------------------------------------------------------------------------------

function addSample(t, sites) {
  const v = {};
  for (const x of sites ?? [])
    v[x.name] = {
      lagMutations: Number(x.lagMutations) || 0,
      lagBytes: Number(x.lagBytes) || 0,
      lagSeconds: Number(x.lagSeconds) || 0,
    };
  state.samples.push({ t, v });
  const cutoff = Date.now() - LAG_WINDOW_MS - 10_000;
  while (state.samples.length && state.samples[0].t < cutoff) state.samples.shift();
  renderChart();
}

/** The smallest 1, 2 or 5 × 10^n at least `v`. */
function niceCeil(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function fmtMetric(metric, v) {
  if (metric === 'lagBytes') return fmtBytes(v);
  if (metric === 'lagSeconds') return fmtSeconds(v).replace('.0 s', ' s');
  return fmtInt(Math.round(v));
}

function renderChart() {
  const box = $('#lag-chart');
  const W = Math.max(300, box.clientWidth);
  const H = Math.max(120, box.clientHeight);
  const pad = { l: 58, r: 14, t: 12, b: 24 };
  const metric = state.metric;
  const now = Date.now();
  const t0 = now - LAG_WINDOW_MS;
  const names = backupNames();
  const samples = state.samples.filter((x) => x.t >= t0 - 2000);
  let max = 0;
  for (const x of samples) for (const n of names) max = Math.max(max, x.v[n]?.[metric] ?? 0);
  // Four steps of a round size: whole mutations, half seconds, binary multiples of a KiB.
  const step =
    metric === 'lagBytes'
      ? niceBytes(max / 4)
      : Math.max(metric === 'lagSeconds' ? 0.5 : 1, niceCeil(max / 4));
  const top = step * 4;
  const X = (t) => pad.l + ((t - t0) / LAG_WINDOW_MS) * (W - pad.l - pad.r);
  const Y = (v) => pad.t + (1 - v / top) * (H - pad.t - pad.b);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img' });
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    svg.append(
      s('line', { class: 'grid-line', x1: pad.l, x2: W - pad.r, y1: Y(v), y2: Y(v) }),
      s(
        'text',
        { class: 'axis-label', x: pad.l - 8, y: Y(v) + 4, 'text-anchor': 'end' },
        fmtMetric(metric, v),
      ),
    );
  }
  for (let m = 0; m <= 5; m++) {
    const t = now - m * 60_000;
    svg.append(
      s('line', {
        class: 'grid-line',
        x1: X(t),
        x2: X(t),
        y1: pad.t,
        y2: H - pad.b,
        'stroke-dasharray': '2 4',
      }),
      s(
        'text',
        {
          class: 'axis-label',
          x: X(t),
          y: H - 6,
          'text-anchor': m === 0 ? 'end' : m === 5 ? 'start' : 'middle',
        },
        m === 0 ? 'now' : `−${m} min`,
      ),
    );
  }
  for (const n of names) {
    const pts = samples.filter((x) => x.v[n]).map((x) => [X(Math.max(t0, x.t)), Y(x.v[n][metric])]);
    if (pts.length === 0) continue;
    const colour = seriesColour(n);
    const line = pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    const last = pts[pts.length - 1];
    svg.append(
      s('polygon', {
        class: 'area',
        fill: colour,
        points: `${pts[0][0].toFixed(1)},${Y(0)} ${line} ${last[0].toFixed(1)},${Y(0)}`,
      }),
      s('polyline', { class: 'series', stroke: colour, points: line, dataset: { site: n } }),
      s('circle', { cx: last[0], cy: last[1], r: 3, fill: colour }),
    );
  }
  box.replaceChildren(svg);
  if (names.length === 0)
    box.append(h('div', { class: 'chart-empty' }, 'No backup sites configured'));
  else if (samples.length === 0)
    box.append(h('div', { class: 'chart-empty' }, 'Collecting samples…'));
  $('#lag-legend').replaceChildren(
    ...names.map((n) => {
      const last = samples.length ? samples[samples.length - 1].v[n]?.[metric] : undefined;
      const sw = h('span', { class: 'swatch' });
      sw.style.background = seriesColour(n);
      return h(
        'span',
        null,
        sw,
        h('span', { class: 'mono' }, n),
        last === undefined ? '' : h('span', { class: 'muted' }, ` ${fmtMetric(metric, last)}`),
      );
    }),
  );
}

function niceBytes(v) {
  if (v <= 0) return 1024;
  const p = 1024 ** Math.floor(Math.log(v) / Math.log(1024));
  return niceCeil(v / p) * p;
}

// ---- disaster level ----------------------------------------------------------------------------

function levelClass(i, n) {
  if (i < 0) return '';
  return LEVEL_CLASSES[Math.round((i * (LEVEL_CLASSES.length - 1)) / Math.max(1, n - 1))];
}

function fmtKeep(l) {
  const r = l.retention ?? {};
  const keep = l.keepLast ?? r.keepLast ?? r.last;
  const parts = [];
  if (keep !== undefined) parts.push(keep === 0 ? 'default' : `last ${keep}`);
  for (const [k, u] of [
    ['hourly', 'h'],
    ['daily', 'd'],
    ['weekly', 'w'],
  ])
    if (r[k]) parts.push(`${r[k]}${u}`);
  return parts.join(' · ') || '—';
}

function renderLevel() {
  const missing = state.missing.has('level.get');
  $('#level-body').hidden = missing;
  $('#level-unavailable').hidden = !missing;
  const L = state.level;
  const badge = $('#hdr-level');
  if (!L) {
    badge.hidden = missing;
    return;
  }
  const levels = L.levels ?? [];
  const idx = levels.findIndex((x) => x.name === L.level);
  const cls = levelClass(idx, levels.length);
  badge.hidden = false;
  badge.className = `topbar-level ${cls}`;
  $('#hdr-level-name').textContent = L.level;
  const setBy = L.auto ? 'automatic assessment' : L.setBy;
  const cur = $('#level-current');
  cur.className = `level-current ${cls}`;
  cur.replaceChildren(
    h('div', { class: 'level-name', id: 'level-name' }, L.level),
    h(
      'div',
      { class: 'level-meta' },
      `since ${fmtTime(L.since)} (${fmtAgo(L.since)})`,
      setBy ? ` · set by ${setBy}` : '',
    ),
    L.reason ? h('div', { class: 'level-reason' }, L.reason) : null,
  );
  $('#level-ladder').replaceChildren(
    ...levels.map((x, i) =>
      h(
        'div',
        {
          class: `step ${levelClass(i, levels.length)} ${i <= idx ? 'reached' : ''} ${i === idx ? 'current' : ''}`,
          title: x.name,
        },
        x.name,
      ),
    ),
  );
  const calm =
    L.auto && L.calmUntilMs
      ? `falls back to ${L.base ?? 'the base level'} ${fmtAgo(L.calmUntilMs)} without new signals`
      : `automatic raises fall back after ${fmtSeconds(L.calmSeconds)} of calm`;
  // The automatic assessment: its last firing (level.get `assessment.last`, or the live event).
  const a = L.assessment;
  const last = state.assessment ?? a?.last;
  const off = a && a.enabled === false;
  $('#level-assessment').replaceChildren(
    h(
      'div',
      { id: 'assessment-last' },
      h('span', { class: 'k' }, 'Automatic assessment: '),
      off
        ? 'off'
        : last
          ? h(
              'span',
              null,
              h('strong', null, last.level ?? ''),
              ` ${fmtAgo(last.atMs)} — ${last.reason}`,
            )
          : 'watching; nothing raised the level yet',
    ),
    off ? null : h('div', { class: 'muted' }, calm),
  );
  $('#policy-table tbody').replaceChildren(
    ...levels.map((x, i) =>
      h(
        'tr',
        { class: i === idx ? 'current-level' : '', dataset: { level: x.name } },
        h('td', null, h('span', { class: `pill ${levelClass(i, levels.length)} lv-pill` }, x.name)),
        h('td', null, fmtEvery(x.intervalSeconds)),
        h('td', null, fmtKeep(x)),
        h('td', null, x.syncAsync ? 'yes' : 'no'),
        h(
          'td',
          { class: 'num' },
          can('policy.set') && !state.missing.has('policy.set')
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-link btn-small edit-policy',
                  onclick: () => openPolicy(x),
                },
                'Edit',
              )
            : null,
        ),
      ),
    ),
  );
  const sel = $('#level-select');
  const keep = sel.dataset.touched === '1' ? sel.value : L.level;
  sel.replaceChildren(...levels.map((x) => h('option', { value: x.name }, x.name)));
  sel.value = levels.some((x) => x.name === keep) ? keep : L.level;
}

async function refreshLevel() {
  try {
    const L = await optional('level.get');
    if (L) state.level = L;
  } catch (e) {
    reportError(e, 'Loading the disaster level failed');
  }
  renderLevel();
}

async function setLevel(ev) {
  ev.preventDefault();
  const level = $('#level-select').value;
  const reason = $('#level-reason').value.trim();
  showError($('#level-error'), '');
  $('#level-apply').disabled = true;
  try {
    const r = await client.call('level.set', reason ? { level, reason } : { level });
    state.level = { ...state.level, ...(r && r.view ? r.view : r) };
    $('#level-reason').value = '';
    $('#level-select').dataset.touched = '';
    const v = r?.version;
    toast('ok', `Level set to ${level}`, v ? `Version ${v.name ?? ''} taken.` : undefined);
    if (v) refreshVersions();
  } catch (e) {
    showError($('#level-error'), `${e.code ?? 'error'}: ${e.message}`);
  }
  $('#level-apply').disabled = false;
  renderLevel();
}

function openPolicy(l) {
  const d = $('#dlg-policy');
  $('#policy-level').textContent = l.name;
  $('#policy-interval').value = String(l.intervalSeconds ?? '');
  $('#policy-keep').value = String(l.keepLast ?? l.retention?.keepLast ?? '');
  $('#policy-sync').checked = !!l.syncAsync;
  showError($('#policy-error'), '');
  d.dataset.level = l.name;
  d.showModal();
}

async function savePolicy(ev) {
  ev.preventDefault();
  const d = $('#dlg-policy');
  const params = { level: d.dataset.level, syncAsync: $('#policy-sync').checked };
  const iv = $('#policy-interval').value.trim();
  const keep = $('#policy-keep').value.trim();
  if (iv !== '') params.intervalSeconds = Number(iv);
  if (keep !== '') params.keepLast = Number(keep);
  try {
    const r = await client.call('policy.set', params);
    if (r && r.levels) state.level = { ...state.level, ...r };
    d.close();
    toast('ok', `Policy of ${params.level} saved`);
    refreshLevel();
  } catch (e) {
    showError($('#policy-error'), `${e.code ?? 'error'}: ${e.message}`);
  }
}

// ---- versions --------------------------------------------------------------------------------

function reasonTag(reason) {
  const word = String(reason ?? '')
    .split(/[\s:(]/)[0]
    .toLowerCase();
  return h(
    'span',
    { class: `tag tag-reason tag-${word.replace(/[^a-z-]/g, '')}`, title: reason ?? '' },
    reason || '—',
  );
}

function renderVersions() {
  const list = [...state.versions].sort(
    (a, b) => (toMs(b.createdMs) || 0) - (toMs(a.createdMs) || 0) || b.id - a.id,
  );
  $('#versions-count').textContent = list.length ? String(list.length) : '';
  const ol = $('#versions');
  if (list.length === 0) {
    ol.replaceChildren(h('li', { class: 'empty' }, 'No versions yet.'));
    return;
  }
  ol.replaceChildren(
    ...list.map((v) =>
      h(
        'li',
        {
          class: `version-item ${state.freshVersion === v.name ? 'fresh' : ''}`,
          dataset: { name: v.name },
        },
        h('div', { class: 'version-name' }, v.name),
        h(
          'div',
          { class: 'version-meta' },
          h('span', { title: fmtAgo(v.createdMs) }, fmtTime(v.createdMs)),
          reasonTag(v.reason),
          v.entries !== undefined ? h('span', null, `${fmtInt(v.entries)} entries`) : null,
          v.preservedBytes ? h('span', null, `${fmtBytes(v.preservedBytes)} preserved`) : null,
        ),
        h(
          'div',
          { class: 'version-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small browse',
              onclick: () => openBrowse(v.name, '/'),
            },
            'Browse',
          ),
          can('restore')
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small btn-ghost restore',
                  onclick: () => openRestore(v.name, '/'),
                },
                'Restore…',
              )
            : null,
          can('versions.delete') && !state.missing.has('versions.delete')
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small btn-ghost delete',
                  title: 'Delete this version',
                  onclick: () => deleteVersion(v.name),
                },
                'Delete',
              )
            : null,
        ),
      ),
    ),
  );
}

async function refreshVersions() {
  try {
    state.versions = (await client.call('versions.list')) ?? [];
  } catch (e) {
    reportError(e, 'Loading versions failed');
  }
  renderVersions();
  renderStats();
}

async function createVersion(ev) {
  ev.preventDefault();
  const name = $('#version-name').value.trim();
  const btn = $('#version-create');
  btn.disabled = true;
  try {
    const v = await client.call('versions.create', name ? { name } : {});
    $('#version-name').value = '';
    state.freshVersion = v?.name ?? null;
    toast(
      'ok',
      `Version ${v?.name ?? ''} taken`,
      v?.entries !== undefined ? `${fmtInt(v.entries)} entries` : undefined,
    );
    await refreshVersions();
  } catch (e) {
    reportError(e, 'Taking a version failed');
  }
  btn.disabled = false;
}

function deleteVersion(name) {
  confirmDialog(
    `Delete version ${name}?`,
    'Its preserved copies are released. This cannot be undone.',
    'Delete',
    async () => {
      try {
        await client.call('versions.delete', { name });
        toast('ok', `Version ${name} deleted`);
      } catch (e) {
        if (e.code === 'unknown-method') {
          state.missing.add('versions.delete');
          toast('warn', 'Deleting versions is not available on this proxy');
        } else reportError(e, `Deleting ${name} failed`);
      }
      refreshVersions();
    },
  );
}

async function pruneVersions() {
  try {
    const r = await client.call('versions.prune');
    toast(
      'ok',
      'Versions pruned',
      `${r?.deleted?.length ?? 0} deleted, ${fmtInt(r?.copiesRemoved)} copies removed`,
    );
  } catch (e) {
    reportError(e, 'Pruning failed');
  }
  refreshVersions();
}

// ---- browse ----------------------------------------------------------------------------------

function joinPath(dir, name) {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** The directory shown in the browse dialog; `entries` grows page by page (`more`). */
const browsing = { version: '', path: '/', entries: [], more: false };

const isDir = (e) => e.type === 'dir' || e.type === 'directory';

async function openBrowse(version, path) {
  const d = $('#dlg-browse');
  $('#browse-version').textContent = version;
  if (!d.open) d.showModal();
  showError($('#browse-error'), '');
  Object.assign(browsing, { version, path, entries: [], more: false });
  const parts = path.split('/').filter(Boolean);
  const crumbs = [
    h('button', { type: 'button', onclick: () => openBrowse(version, '/') }, version),
  ];
  parts.forEach((p, i) => {
    const to = `/${parts.slice(0, i + 1).join('/')}`;
    crumbs.push(
      h('span', { class: 'sep' }, '/'),
      h('button', { type: 'button', onclick: () => openBrowse(version, to) }, p),
    );
  });
  $('#browse-crumbs').replaceChildren(...crumbs);
  $('#browse-table tbody').replaceChildren(
    h('tr', null, h('td', { colspan: 4, class: 'empty' }, 'Loading…')),
  );
  await loadBrowsePage();
}

/** Fetches the next page of the directory being browsed and redraws it. */
async function loadBrowsePage() {
  const { version, path } = browsing;
  let r;
  try {
    r = await client.call('versions.browse', { version, path, from: browsing.entries.length });
  } catch (e) {
    $('#browse-table tbody').replaceChildren();
    showError(
      $('#browse-error'),
      e.code === 'unknown-method'
        ? 'Browsing versions is not available on this proxy (no versions.browse).'
        : `${e.code ?? 'error'}: ${e.message}`,
    );
    return;
  }
  if (browsing.version !== version || browsing.path !== path) return;
  browsing.entries.push(...(Array.isArray(r) ? r : (r?.entries ?? [])));
  browsing.more = !Array.isArray(r) && !!r?.more;
  renderBrowse();
}

function renderBrowse() {
  const { version, path, entries, more } = browsing;
  const parts = path.split('/').filter(Boolean);
  const list = [...entries].sort(
    (a, b) =>
      (isDir(a) ? 0 : 1) - (isDir(b) ? 0 : 1) || String(a.name).localeCompare(String(b.name)),
  );
  const rows = [];
  if (parts.length) {
    const up = `/${parts.slice(0, -1).join('/')}`;
    rows.push(
      h(
        'tr',
        null,
        h(
          'td',
          { colspan: 4 },
          h(
            'div',
            { class: 'entry-name' },
            h('span', { class: 'entry-icon' }, '↰'),
            h('button', { type: 'button', onclick: () => openBrowse(version, up) }, '..'),
          ),
        ),
      ),
    );
  }
  for (const e of list) {
    const p = joinPath(path, e.name);
    const gone = e.type === 'gone';
    rows.push(
      h(
        'tr',
        { dataset: { entry: e.name } },
        h(
          'td',
          null,
          h(
            'div',
            { class: 'entry-name' },
            h('span', { class: 'entry-icon' }, isDir(e) ? '▸' : e.type === 'symlink' ? '↪' : '·'),
            isDir(e)
              ? h(
                  'button',
                  { type: 'button', class: 'open-dir', onclick: () => openBrowse(version, p) },
                  `${e.name}/`,
                )
              : h('span', { class: gone ? 'mono muted' : 'mono' }, e.name),
            gone
              ? h('span', { class: 'tag', title: 'no longer readable on the primary' }, 'gone')
              : null,
            e.type === 'symlink' ? h('span', { class: 'tag' }, 'symlink') : null,
          ),
        ),
        h('td', { class: 'num' }, isDir(e) || gone ? '' : fmtBytes(e.size)),
        h('td', { class: 'muted' }, gone ? '' : fmtTime(e.mtimeMs)),
        h(
          'td',
          { class: 'num' },
          can('restore') && !gone
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small btn-ghost restore-entry',
                  onclick: () => openRestore(version, p),
                },
                'Restore…',
              )
            : null,
        ),
      ),
    );
  }
  if (list.length === 0)
    rows.push(h('tr', null, h('td', { colspan: 4, class: 'empty' }, 'Empty directory')));
  if (more)
    rows.push(
      h(
        'tr',
        null,
        h(
          'td',
          { colspan: 4, class: 'empty' },
          h(
            'button',
            { type: 'button', class: 'btn btn-small', onclick: () => loadBrowsePage() },
            `Show more (${fmtInt(entries.length)} shown)`,
          ),
        ),
      ),
    );
  $('#browse-table tbody').replaceChildren(...rows);
}

// ---- restore ---------------------------------------------------------------------------------

function openRestore(version, path) {
  const d = $('#dlg-restore');
  $('#dlg-browse').close();
  $('#restore-version').textContent = version;
  d.dataset.version = version;
  $('#restore-path').value = path;
  $('#restore-to').value = '';
  $('#restore-ack').checked = false;
  $('#restore-submit').disabled = true;
  $('#restore-progress').hidden = true;
  $('#dlg-restore [data-close]').textContent = 'Cancel';
  showError($('#restore-error'), '');
  updateRestoreAck();
  d.showModal();
}

function updateRestoreAck() {
  const to = $('#restore-to').value.trim();
  const path = $('#restore-path').value.trim() || '/';
  $('#restore-ack-text').textContent =
    `I understand that files at ${to || path} are overwritten with their state in ${$('#dlg-restore').dataset.version}`;
}

async function doRestore(ev) {
  ev.preventDefault();
  const d = $('#dlg-restore');
  const params = { version: d.dataset.version, path: $('#restore-path').value.trim() || '/' };
  const to = $('#restore-to').value.trim();
  if (to) params.to = to;
  const prog = $('#restore-progress');
  prog.hidden = false;
  $('.bar', prog).className = 'bar indeterminate';
  $('.progress-text', prog).textContent = 'Starting…';
  $('#restore-submit').disabled = true;
  showError($('#restore-error'), '');
  try {
    const r = await client.call('restore', params, (p) => {
      $('.progress-text', prog).textContent =
        `${fmtInt(p.files)} files · ${fmtInt(p.directories)} directories · ${fmtBytes(p.bytes)}`;
    });
    $('.bar', prog).className = 'bar done';
    $('#dlg-restore [data-close]').textContent = 'Close';
    $('.bar span', prog).style.width = '100%';
    $('.progress-text', prog).textContent =
      `Done: ${fmtInt(r?.files)} files, ${fmtInt(r?.directories)} directories, ${fmtBytes(r?.bytes)}${r?.skipped?.length ? `, ${r.skipped.length} skipped` : ''}`;
    toast('ok', `Restored ${params.path} from ${params.version}`, to ? `into ${to}` : 'in place');
  } catch (e) {
    $('.bar', prog).className = 'bar failed';
    showError($('#restore-error'), `${e.code ?? 'error'}: ${e.message}`);
    $('#restore-submit').disabled = false;
  }
}

// ---- promote ---------------------------------------------------------------------------------

function openPromote(site) {
  const d = $('#dlg-promote');
  d.dataset.site = site;
  $('#promote-site').textContent = site;
  $('#promote-expect').textContent = site;
  $('#promote-former').textContent = state.status?.primary ?? '';
  $('#promote-confirm').value = '';
  const st = (state.status?.sites ?? []).find((x) => x.name === site);
  $('#promote-force').checked = false;
  $('#promote-force').closest('label').hidden = st?.state === 'in-sync';
  $('#promote-submit').disabled = true;
  showError($('#promote-error'), '');
  d.showModal();
  $('#promote-confirm').focus();
}

async function doPromote(ev) {
  ev.preventDefault();
  const d = $('#dlg-promote');
  const site = d.dataset.site;
  if ($('#promote-confirm').value !== site) return;
  $('#promote-submit').disabled = true;
  showError($('#promote-error'), '');
  try {
    const r = await client.call('promote', { site, force: $('#promote-force').checked });
    d.close();
    toast(
      'ok',
      `${site} is now the primary`,
      r ? `former primary ${r.former ?? '?'}; clients paused ${fmtInt(r.pauseMs)} ms` : undefined,
    );
  } catch (e) {
    showError($('#promote-error'), `${e.code ?? 'error'}: ${e.message}`);
    $('#promote-submit').disabled = false;
  }
  refreshStatus();
}

// ---- tasks -----------------------------------------------------------------------------------

/** A task's progress as a fraction 0..1, or undefined when it cannot be told. */
function taskFraction(t) {
  if (t.state === 'done') return 1;
  const p = t.progress;
  if (typeof p === 'number') return p > 1 ? p / 100 : p;
  if (p && typeof p === 'object') {
    if (typeof p.fraction === 'number') return p.fraction;
    if (typeof p.percent === 'number') return p.percent / 100;
    for (const [a, b] of [
      ['done', 'total'],
      ['current', 'total'],
      ['bytesDone', 'bytesTotal'],
      ['filesDone', 'filesTotal'],
    ])
      if (typeof p[a] === 'number' && typeof p[b] === 'number' && p[b] > 0)
        return Math.min(1, p[a] / p[b]);
  }
  return undefined;
}

/** What a finished task produced, in a few words. */
function resultSummary(t) {
  const r = t.result;
  if (typeof r !== 'object' || r === null) return String(r);
  if (t.kind === 'version' && r.name) return `took ${r.name}`;
  if (t.kind === 'prune' && Array.isArray(r.deleted))
    return `${r.deleted.length} deleted, ${fmtInt(r.copiesRemoved)} copies removed`;
  if ((t.kind === 'restore' || t.kind === 'export') && r.files !== undefined)
    return `${fmtInt(r.files)} files, ${fmtBytes(r.bytes)}`;
  return summary(r);
}

function taskRow(t) {
  const f = taskFraction(t);
  const active = t.state === 'running' || t.state === 'pending' || t.state === 'paused';
  const bar = h(
    'div',
    {
      class: `bar ${t.state === 'running' && f === undefined ? 'indeterminate' : ''} ${t.state === 'done' ? 'done' : ''} ${t.state === 'failed' ? 'failed' : ''}`,
    },
    h('span'),
  );
  if (f !== undefined) bar.firstChild.style.width = `${Math.round(f * 100)}%`;
  else if (t.state === 'failed') bar.firstChild.style.width = '100%';
  const when = [];
  if (t.everySeconds) when.push(`every ${fmtEvery(t.everySeconds)}`);
  if (t.nextRunMs && active) when.push(`next ${fmtTime(t.nextRunMs)}`);
  if (t.finishedMs) when.push(`finished ${fmtAgo(t.finishedMs)}`);
  else if (t.startedMs) when.push(`started ${fmtAgo(t.startedMs)}`);
  const by = t.owner ?? t.createdBy;
  const actions = [];
  if (can('tasks.cancel') && !state.missing.has('tasks.cancel')) {
    if (t.state === 'paused')
      actions.push(
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small resume',
            onclick: () => taskAction('tasks.resume', t),
          },
          'Resume',
        ),
      );
    else if (t.state === 'pending' || t.state === 'running')
      actions.push(
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small btn-ghost pause',
            onclick: () => taskAction('tasks.pause', t),
          },
          'Pause',
        ),
      );
    if (active)
      actions.push(
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small btn-ghost cancel',
            onclick: () => taskAction('tasks.cancel', t),
          },
          'Cancel',
        ),
      );
  }
  const progressText =
    t.state === 'running' && t.progress && typeof t.progress === 'object'
      ? summary(t.progress)
      : f !== undefined && t.state !== 'done'
        ? `${Math.round(f * 100)}%`
        : t.result && t.state === 'done'
          ? resultSummary(t)
          : '';
  return h(
    'div',
    { class: 'task-row', dataset: { task: t.id, state: t.state } },
    h(
      'div',
      null,
      h(
        'div',
        { class: 'task-title' },
        h('span', null, t.kind),
        h('span', { class: `pill ${STATE_CLASS[t.state] ?? 's-muted'}` }, t.state),
        h('span', { class: 'muted small' }, `#${t.id}`),
      ),
      h(
        'div',
        { class: 'task-sub', title: JSON.stringify(t.params ?? {}) },
        [summary(t.params), when.join(' · '), by ? `by ${by}` : ''].filter(Boolean).join(' · ') ||
          'no parameters',
      ),
      t.error ? h('div', { class: 'task-error' }, t.error) : null,
    ),
    h(
      'div',
      { class: 'progress-cell' },
      bar,
      h('div', { class: 'progress-text', title: progressText }, progressText),
    ),
    h('div', { class: 'task-actions' }, actions),
  );
}

function renderTasks() {
  const missing = state.missing.has('tasks.list');
  $('#tasks').hidden = missing;
  $('#tasks-unavailable').hidden = !missing;
  $('#task-new').hidden = missing || !can('tasks.create');
  if (missing) return;
  const active = (t) => t.state === 'running' || t.state === 'pending' || t.state === 'paused';
  const order = { running: 0, paused: 1, pending: 2 };
  const list = state.tasks
    .filter((t) => state.taskFilter === 'all' || active(t))
    .sort(
      (a, b) =>
        (order[a.state] ?? 3) - (order[b.state] ?? 3) ||
        (toMs(b.finishedMs ?? b.createdMs) || 0) - (toMs(a.finishedMs ?? a.createdMs) || 0),
    );
  $('#tasks-count').textContent = String(state.tasks.filter(active).length || '');
  $('#tasks').replaceChildren(
    ...(list.length
      ? list.map(taskRow)
      : [
          h(
            'div',
            { class: 'empty' },
            state.taskFilter === 'all' ? 'No tasks.' : 'No active tasks.',
          ),
        ]),
  );
}

async function refreshTasks() {
  try {
    const r = await optional('tasks.list', { limit: 100 });
    if (r) state.tasks = r;
  } catch (e) {
    reportError(e, 'Loading tasks failed');
  }
  renderTasks();
}

function upsertTask(t) {
  if (!t || t.id === undefined) return;
  const i = state.tasks.findIndex((x) => x.id === t.id);
  if (i >= 0) state.tasks[i] = t;
  else state.tasks.push(t);
  renderTasks();
}

async function taskAction(method, t) {
  const run = async () => {
    try {
      const r = await client.call(method, { id: t.id });
      if (r && r.id !== undefined) upsertTask(r);
    } catch (e) {
      reportError(e, `${method.replace('tasks.', '')} #${t.id} failed`);
    }
    refreshTasks();
  };
  if (method === 'tasks.cancel')
    confirmDialog(
      `Cancel task #${t.id}?`,
      `The ${t.kind} task stops${t.everySeconds ? ' and does not run again' : ''}.`,
      'Cancel task',
      run,
    );
  else run();
}

const TASK_PARAM_HINTS = {
  version: '{"name": "nightly"}',
  verify: '{"site": "site-1"}',
  prune: '{}',
  resync: '{"site": "site-1"}',
  restore: '{"version": "v1", "path": "/"}',
  export: '{"version": "v1", "path": "/", "out": "/var/backups/v1.tar"}',
};

function openTask() {
  $('#task-params').value = '{}';
  $('#task-at').value = '';
  $('#task-every').value = '';
  $('#task-params').placeholder = TASK_PARAM_HINTS[$('#task-kind').value] ?? '{}';
  showError($('#task-error'), '');
  $('#dlg-task').showModal();
}

async function createTask(ev) {
  ev.preventDefault();
  let params;
  try {
    params = JSON.parse($('#task-params').value.trim() || '{}');
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      throw new Error('an object');
  } catch {
    showError(
      $('#task-error'),
      `Parameters must be a JSON object, e.g. ${TASK_PARAM_HINTS[$('#task-kind').value]}`,
    );
    return;
  }
  const req = { kind: $('#task-kind').value, params };
  const at = $('#task-at').value;
  if (at) req.atMs = new Date(at).getTime();
  const every = $('#task-every').value.trim();
  if (every) req.everySeconds = Number(every);
  try {
    const t = await client.call('tasks.create', req);
    $('#dlg-task').close();
    toast(
      'ok',
      `Task #${t?.id ?? ''} created`,
      `${req.kind}${req.everySeconds ? ` every ${fmtEvery(req.everySeconds)}` : ''}`,
    );
    upsertTask(t);
  } catch (e) {
    showError($('#task-error'), `${e.code ?? 'error'}: ${e.message}`);
  }
}

// ---- audit -----------------------------------------------------------------------------------

function auditRow(a, fresh) {
  const detail =
    a.detail ??
    (a.params ? (typeof a.params === 'string' ? a.params : JSON.stringify(a.params)) : '');
  return h(
    'tr',
    { class: fresh ? 'fresh' : '' },
    h('td', { class: 'mono small' }, fmtTime(a.atMs)),
    h('td', null, a.role ?? '—'),
    h('td', { class: 'mono' }, a.action),
    h(
      'td',
      null,
      h('span', { class: `pill ${STATE_CLASS[a.result] ?? 's-muted'}` }, a.result ?? '—'),
    ),
    h('td', { class: 'detail', title: detail }, detail),
  );
}

function renderAudit(freshCount = 0) {
  const rows = state.audit.map((a, i) => auditRow(a, i < freshCount));
  $('#audit-table tbody').replaceChildren(
    ...(rows.length
      ? rows
      : [h('tr', null, h('td', { colspan: 5, class: 'empty' }, 'No audited calls yet.'))]),
  );
}

async function refreshAudit() {
  if (!can('audit.list')) {
    renderAudit();
    return;
  }
  try {
    const r = await optional('audit.list', { limit: 50 });
    if (r) state.audit = r.slice(0, AUDIT_ROWS);
  } catch (e) {
    // A role that may not read the audit log still sees the live events.
    if (e.code !== 'forbidden') reportError(e, 'Loading the audit log failed');
  }
  renderAudit(state.freshAudit ?? 0);
  state.freshAudit = 0;
}

// ---- generic confirmation ----------------------------------------------------------------------

let confirmAction = null;
function confirmDialog(title, text, button, action) {
  $('#confirm-title').textContent = title;
  $('#confirm-text').textContent = text;
  $('#confirm-submit').textContent = button;
  confirmAction = action;
  $('#dlg-confirm').showModal();
}

// ---- status and events ---------------------------------------------------------------------------

async function refreshStatus() {
  try {
    const st = await client.call('status');
    state.status = st;
    if (Array.isArray(st.health)) state.health = st.health;
    if (Date.now() - state.lastLagEventMs > 3000) addSample(Date.now(), st.sites);
    renderSites();
  } catch (e) {
    reportError(e, 'Loading status failed');
  }
}

function wireEvents() {
  client.on('lag', (d) => {
    state.lastLagEventMs = Date.now();
    if (state.status) {
      for (const x of d.sites ?? []) {
        const site = state.status.sites.find((y) => y.name === x.name);
        if (site) Object.assign(site, x);
      }
      renderSites();
    }
    addSample(toMs(d.atMs) || Date.now(), d.sites);
  });
  client.on('site.state', (d) => {
    const bad = d.to === 'out' || d.to === 'needs-resync';
    toast(
      bad ? 'bad' : d.to === 'in-sync' ? 'ok' : 'warn',
      `${d.site}: ${d.from} → ${d.to}`,
      d.reason,
    );
    refreshStatus();
  });
  client.on('health', (d) => {
    if (Array.isArray(d)) state.health = d;
    else if (d && Array.isArray(d.sites)) state.health = d.sites;
    renderSites();
  });
  client.on('version', () => refreshVersions());
  client.on('level', (d) => {
    if (d && d.level) {
      const was = state.level?.level;
      // The event carries the level's view; keep the assessment level.get added.
      state.level = { ...state.level, ...(d.view ?? d) };
      if (was && was !== state.level.level)
        toast('warn', `Disaster level: ${state.level.level}`, state.level.reason);
      renderLevel();
    } else refreshLevel();
  });
  client.on('assessment', (d) => {
    state.assessment = d;
    renderLevel();
  });
  client.on('task', (t) => upsertTask(t));
  client.on('audit', (a) => {
    state.audit.unshift({ atMs: Date.now(), ...a });
    state.audit.length = Math.min(state.audit.length, AUDIT_ROWS);
    state.freshAudit = (state.freshAudit ?? 0) + 1;
    renderAudit(state.freshAudit);
    // The event has no params; the log has them (for roles that may read it): fetch, debounced.
    if (can('audit.list') && !state.missing.has('audit.list')) {
      clearTimeout(state.auditTimer);
      state.auditTimer = setTimeout(() => refreshAudit(), 500);
    }
  });
  for (const ev of ['promotion', 'takeover'])
    client.on(ev, (d) => {
      toast(
        'warn',
        ev === 'takeover' ? 'Automatic takeover' : 'Promotion',
        d?.primary ? `${d.primary} is now the primary` : undefined,
      );
      refreshStatus();
    });
  client.on('close', () => onDisconnect());
}

// ---- session -----------------------------------------------------------------------------------

function applyRole() {
  $('#role-badge').textContent = state.role ?? '—';
  $('#role-badge').title = state.role === 'viewer' ? 'read-only' : '';
  for (const el of $$('[data-needs]'))
    el.hidden = ROLES.indexOf(state.role) < ROLES.indexOf(el.dataset.needs);
}

function clearTimers() {
  for (const t of state.timers) clearInterval(t);
  state.timers = [];
}

async function loadAll() {
  // Subscriptions are newer than the events themselves: a proxy without `subscribe` sends all.
  try {
    await optional('subscribe', {
      topics: ['sites', 'lag', 'versions', 'tasks', 'level', 'audit', 'health'],
    });
  } catch (e) {
    reportError(e, 'Subscribing to events failed');
  }
  await Promise.all([
    refreshStatus(),
    refreshLevel(),
    refreshVersions(),
    refreshTasks(),
    refreshAudit(),
  ]);
  clearTimers();
  state.timers.push(
    setInterval(() => {
      const lagLive = Date.now() - state.lastLagEventMs < 3000;
      if (!lagLive || Date.now() - (state.lastStatusMs ?? 0) >= STATUS_POLL_SLOW_MS) {
        state.lastStatusMs = Date.now();
        refreshStatus();
      } else renderChart();
    }, STATUS_POLL_FAST_MS),
    setInterval(() => {
      if (!state.missing.has('tasks.list')) refreshTasks();
      if (!state.missing.has('level.get')) refreshLevel();
    }, SLOW_POLL_MS),
  );
}

async function signIn(token) {
  const role = await client.open(token);
  state.token = token;
  state.role = role;
  state.reconnectDelay = 1000;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('#login').hidden = true;
  $('#app').hidden = false;
  setConn(true, 'live');
  banner('');
  applyRole();
  await loadAll();
}

function onDisconnect() {
  clearTimers();
  if (!state.token) return;
  setConn(false, 'reconnecting');
  banner('Connection to the console lost: reconnecting… (the data shown may be stale)', true);
  const delay = state.reconnectDelay;
  state.reconnectDelay = Math.min(RECONNECT_MAX_MS, delay * 2);
  setTimeout(async () => {
    if (!state.token || client.connected) return;
    try {
      await signIn(state.token);
      toast('ok', 'Reconnected');
    } catch (e) {
      if (e.code === 'unauthenticated') signOut('Your token is no longer accepted. Sign in again.');
      else onDisconnect();
    }
  }, delay);
}

function signOut(message) {
  state.token = null;
  state.role = null;
  sessionStorage.removeItem(TOKEN_KEY);
  clearTimers();
  client.close();
  $('#app').hidden = true;
  $('#login').hidden = false;
  showError($('#login-error'), message ?? '');
  $('#login-token').value = '';
  $('#login-token').focus();
}

async function onLogin(ev) {
  ev.preventDefault();
  const token = $('#login-token').value.trim();
  if (!token) return;
  const btn = $('#login-submit');
  btn.disabled = true;
  showError($('#login-error'), '');
  try {
    await signIn(token);
  } catch (e) {
    showError(
      $('#login-error'),
      e.code === 'unauthenticated'
        ? 'This token was refused: it is not valid on this proxy.'
        : `Cannot sign in: ${e.message}`,
    );
    state.token = null;
  }
  btn.disabled = false;
}

function wireUi() {
  $('#login-form').addEventListener('submit', onLogin);
  $('#logout').addEventListener('click', () => signOut());
  $('#level-form').addEventListener('submit', setLevel);
  $('#level-select').addEventListener('change', () => ($('#level-select').dataset.touched = '1'));
  $('#version-form').addEventListener('submit', createVersion);
  $('#versions-prune').addEventListener('click', () =>
    confirmDialog(
      'Prune versions?',
      'Versions no retention rule keeps are deleted with their preserved copies.',
      'Prune',
      pruneVersions,
    ),
  );
  $('#task-new').addEventListener('click', openTask);
  $('#task-kind').addEventListener(
    'change',
    () => ($('#task-params').value = TASK_PARAM_HINTS[$('#task-kind').value] ?? '{}'),
  );
  $('#task-form').addEventListener('submit', createTask);
  $('#policy-form').addEventListener('submit', savePolicy);
  $('#promote-form').addEventListener('submit', doPromote);
  $('#promote-confirm').addEventListener(
    'input',
    () =>
      ($('#promote-submit').disabled =
        $('#promote-confirm').value !== $('#dlg-promote').dataset.site),
  );
  $('#restore-form').addEventListener('submit', doRestore);
  $('#restore-ack').addEventListener(
    'change',
    () => ($('#restore-submit').disabled = !$('#restore-ack').checked),
  );
  for (const id of ['#restore-path', '#restore-to'])
    $(id).addEventListener('input', updateRestoreAck);
  $('#confirm-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    $('#dlg-confirm').close();
    const a = confirmAction;
    confirmAction = null;
    a?.();
  });
  for (const b of $$('dialog [data-close]'))
    b.addEventListener('click', () => b.closest('dialog').close());
  for (const b of $$('#lag-metric button'))
    b.addEventListener('click', () => {
      state.metric = b.dataset.metric;
      for (const x of $$('#lag-metric button')) x.classList.toggle('active', x === b);
      renderChart();
    });
  for (const b of $$('#tasks-filter button'))
    b.addEventListener('click', () => {
      state.taskFilter = b.dataset.filter;
      for (const x of $$('#tasks-filter button')) x.classList.toggle('active', x === b);
      renderTasks();
    });
  new ResizeObserver(() => renderChart()).observe($('#lag-chart'));
}

async function boot() {
  wireUi();
  wireEvents();
  // A token in the URL fragment (`#token=...`, printed by `nfs-proxy demo`) signs in at once;
  // the fragment never reaches the server and is removed from the address bar and history.
  const frag = new URLSearchParams(location.hash.slice(1));
  const fromUrl = frag.get('token');
  if (fromUrl) history.replaceState(null, '', location.pathname + location.search);
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    signOut();
    return;
  }
  try {
    await signIn(token);
  } catch (e) {
    signOut(
      e.code === 'unauthenticated'
        ? 'This token was refused: it is not valid on this proxy.'
        : `Cannot sign in: ${e.message}`,
    );
  }
}

boot();

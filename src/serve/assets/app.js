// jeugdsim serve: the page. Plain JavaScript, no build step, no request beyond this server.
// The server owns every rule: it builds the scenario file from the variants' values and
// checks it with the command line's messages; the page only shows and collects values.
'use strict';

const S = { phrases: null, lang: 'nl', scenarios: [], sc: null, columns: [], factors: [],
  run: null, source: null, checkTimer: null, open: {} };

const $ = (id) => document.getElementById(id);
const t = (key) => (S.phrases && S.phrases[S.lang][key]) || key;
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v; else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
};

// Numbers as the reader's language writes them.
const fmt = (x, digits = 0) => (x === null || x === undefined || Number.isNaN(x)) ? '–'
  : x.toLocaleString(S.lang === 'nl' ? 'nl-NL' : 'en-GB',
    { minimumFractionDigits: digits, maximumFractionDigits: digits });
const money = (x) => `${x < 0 ? '-' : ''}€${Math.abs(x) >= 1e6 ? `${fmt(Math.abs(x) / 1e6, 1)} mln` : `${fmt(Math.abs(x) / 1e3, 0)} k`}`;
// A variant as the reader knows it: its label where it has one.
const labelOf = (name) => { const c = S.columns.find((x) => x.name === name); return (c && c.label) || name; };

async function api(path, options = {}) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({ message: response.statusText }));
  return { ok: response.ok, status: response.status, body };
}

function translate() {
  document.documentElement.lang = S.lang;
  document.querySelectorAll('[data-t]').forEach((e) => { e.textContent = t(e.dataset.t); });
}

// --- RON values: the page reads `Scheme(k: v, …)` and writes it back. -----------------

function splitTop(inner) {
  const parts = []; let depth = 0; let quoted = false; let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '"' && inner[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) { parts.push(inner.slice(start, i)); start = i + 1; }
  }
  parts.push(inner.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length);
}

function parseCall(text) {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)?\s*\(([\s\S]*)\)\s*$/.exec(text || '');
  if (!m) return { scheme: (text || '').trim(), params: [] };
  const params = splitTop(m[2]).map((p) => {
    const i = p.indexOf(':');
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  });
  return { scheme: m[1] || '', params };
}

const writeCall = (call) => `${call.scheme}(${call.params.map(([k, v]) => `${k}: ${v}`).join(', ')})`;

// --- Values of a variant --------------------------------------------------------------

const allLevers = () => S.sc.groups.flatMap((g) => g.levers);
const financingOf = (path) => allLevers().find((l) => l.kind === 'financing' && path.startsWith(l.path + '.'));

function financingValue(col, lever) {
  return col.set[lever.path] !== undefined ? col.set[lever.path] : lever.value;
}

// The value a variant gives a lever's path: its own, one inside a value it sets whole,
// or the scenario's.
function valueOf(col, lever) {
  if (lever.each.length) return valueOf(col, item(lever, lever.each[0]));
  if (col.set[lever.path] !== undefined) return col.set[lever.path];
  const owner = financingOf(lever.path);
  if (owner) {
    const call = parseCall(financingValue(col, owner));
    const found = call.params.find(([k]) => k === lever.path.slice(owner.path.length + 1));
    return found ? found[1] : '';
  }
  return lever.value;
}

function setFinancingParam(col, owner, param, value) {
  const call = parseCall(financingValue(col, owner));
  call.params = call.params.filter(([k]) => k !== param);
  if (value !== '') call.params.push([param, value]);
  const text = writeCall(call);
  if (text === owner.value) delete col.set[owner.path]; else col.set[owner.path] = text;
}

// One item of a `[*]` lever, as a lever of its own.
const item = (lever, [path, value]) => ({ ...lever, path, value, each: [] });

function setValue(col, lever, value) {
  if (lever.each.length) { for (const e of lever.each) setValue(col, item(lever, e), value); return; }
  const owner = financingOf(lever.path);
  if (owner) return setFinancingParam(col, owner, lever.path.slice(owner.path.length + 1), value);
  if (lever.kind === 'month' && value !== '') value = `"${value}"`;
  if (value === '' || value === lever.value) delete col.set[lever.path];
  else col.set[lever.path] = value;
}

function setScheme(col, lever, scheme) {
  for (const k of Object.keys(col.set)) if (k.startsWith(lever.path + '.')) delete col.set[k];
  if (parseCall(lever.value).scheme === scheme) delete col.set[lever.path];
  else col.set[lever.path] = `${scheme}()`;
}

function setFactor(k, lever, factor) {
  const col = S.columns[k];
  S.factors[k][lever.path] = factor;
  const f = Number(factor);
  for (const [path, base] of lever.targets) {
    if (factor === '' || f === 1 || Number.isNaN(f)) delete col.set[path];
    else col.set[path] = String(Math.round(base * f * 100) / 100);
  }
}

// --- Drawing ----------------------------------------------------------------------------

function drawRegion() {
  const sc = S.sc; const o = sc.overview;
  $('region-summary').textContent = `${sc.name}: ${o.municipalities} ${t('serve.municipalities')}, `
    + `${fmt(o.youth_0_17)} ${t('serve.youths_0_17')}, ${o.contracts} ${t('serve.contracts')}; `
    + `${sc.start}, ${sc.horizon_months} ${t('serve.months')}`;
  const m = $('municipalities'); m.replaceChildren(
    el('tr', {}, el('th', { text: t('serve.municipality') }), el('th', { class: 'num', text: t('serve.youths_0_17') })),
    ...sc.municipalities.map((x) => el('tr', {}, el('td', { text: x.name }), el('td', { class: 'num', text: fmt(x.youth_0_17) }))));
  const s = $('segments'); s.replaceChildren(el('tr', {},
    ...['serve.sub_segment', 'serve.kind', 'serve.providers_start_max', 'serve.financing'].map((k) => el('th', { text: t(k) }))));
  for (const seg of o.segments) for (const sub of seg.sub_segments) {
    s.append(el('tr', {}, el('td', { text: `${seg.name} · ${sub.name}` }), el('td', { text: sub.kind }),
      el('td', { class: 'num', text: `${sub.providers_at_start} – ${sub.providers_max}` }),
      el('td', { text: sub.financing.join('; ') })));
  }
}

function drawVariants() {
  const table = $('variants');
  table.replaceChildren(el('tr', {}, el('th', { text: t('serve.variant') }), el('th', { text: t('serve.variant_name') }),
    el('th', { text: t('serve.variant_label') }), el('th', { text: t('serve.other_changes') }), el('th')));
  const leverPaths = new Set(allLevers().flatMap((l) => [l.path, ...l.targets.map(([p]) => p), ...l.each.map(([p]) => p)]));
  S.columns.forEach((col, k) => {
    const name = el('input', { type: 'text', class: 'col-name', 'data-col': k, value: col.name });
    name.addEventListener('change', () => { col.name = name.value.trim(); changed(); });
    const label = el('input', { type: 'text', class: 'label col-label', 'data-col': k, value: col.label || '' });
    label.addEventListener('change', () => { col.label = label.value.trim() || null; changed(); });
    const others = Object.keys(col.set).filter((p) => !leverPaths.has(p));
    const remove = el('button', { type: 'button', class: 'remove', 'data-col': k, text: t('serve.remove') });
    remove.disabled = S.columns.length < 2;
    remove.addEventListener('click', () => { S.columns.splice(k, 1); S.factors.splice(k, 1); draw(); changed(); });
    table.append(el('tr', { 'data-col': k }, el('td', { text: k === 0 ? t('serve.baseline') : `${k + 1}` }),
      el('td', {}, name), el('td', {}, label), el('td', { class: 'hint', text: others.join(', ') }), el('td', {}, remove)));
  });
}

function rangeText(l) {
  if (l.low === null && l.high === null) return '';
  if (l.high === null) return `≥ ${l.low}`;
  return `${l.low} – ${l.high}`;
}

function cell(lever, k) {
  const col = S.columns[k];
  const td = el('td', { 'data-col': k, 'data-path': lever.path });
  if (lever.kind === 'financing') {
    const call = parseCall(financingValue(col, lever));
    const select = el('select', { 'data-col': k, 'data-path': lever.path, 'data-param': '' });
    const names = S.sc.schemes.map((s) => s.name);
    if (!names.includes(call.scheme)) names.push(call.scheme);
    for (const n of names) select.append(el('option', { value: n, text: n }));
    select.value = call.scheme;
    select.addEventListener('change', () => { setScheme(col, lever, select.value); draw(); changed(); });
    td.append(select);
    const scheme = S.sc.schemes.find((s) => s.name === call.scheme);
    for (const [param, unit] of (scheme ? scheme.params : [])) {
      const found = call.params.find(([p]) => p === param);
      const input = el('input', { type: 'text', 'data-col': k, 'data-path': lever.path, 'data-param': param,
        value: found ? found[1] : '', placeholder: t('serve.default'), title: unit });
      input.addEventListener('change', () => { setFinancingParam(col, lever, param, input.value.trim()); draw(); changed(); });
      td.append(el('label', { class: 'param' }, el('span', { text: `${param} (${unit})` }), input));
    }
    if (col.set[lever.path] !== undefined) td.classList.add('changed');
  } else if (lever.kind === 'factor') {
    const input = el('input', { type: 'number', step: '0.01', min: '0', 'data-col': k, 'data-path': lever.path,
      value: S.factors[k][lever.path] || '1' });
    input.addEventListener('change', () => { setFactor(k, lever, input.value.trim()); changed(); });
    if ((S.factors[k][lever.path] || '1') !== '1') td.classList.add('changed');
    td.append(input);
  } else {
    // A financing parameter can be set only where the variant's scheme has it.
    const first = lever.each.length ? item(lever, lever.each[0]) : lever;
    const owner = financingOf(first.path);
    const inScheme = !owner || S.sc.schemes.some((s) => s.name === parseCall(financingValue(col, owner)).scheme
      && s.params.some(([p]) => owner.path + '.' + p === first.path));
    const raw = valueOf(col, lever);
    const input = el('input', { type: lever.kind === 'month' ? 'month' : 'text', 'data-col': k, 'data-path': lever.path,
      value: lever.kind === 'month' ? raw.replace(/"/g, '') : raw, placeholder: t('serve.default') });
    input.disabled = !inScheme;
    input.addEventListener('change', () => { setValue(col, lever, input.value.trim()); draw(); changed(); });
    if (raw !== lever.value) td.classList.add('changed');
    if (lever.each.length) td.dataset.each = lever.each.map(([p]) => p).join('|');
    td.append(input);
  }
  return td;
}

function drawLevers() {
  const box = $('levers'); box.replaceChildren();
  for (const group of S.sc.groups) {
    // Each group folds, so a region's dozens of levers stay readable; the first is open.
    const fold = el('details', { 'data-group': group.id }, el('summary', { text: `${t(`serve.group_${group.id}`)} (${group.levers.length})` }));
    fold.open = S.open[group.id] !== undefined ? S.open[group.id] : group === S.sc.groups[0];
    fold.addEventListener('toggle', () => { S.open[group.id] = fold.open; });
    const table = el('table', { class: 'levers', 'data-group': group.id });
    table.append(el('tr', {}, el('th', { text: t('serve.lever') }), el('th', { text: t('serve.unit') }),
      el('th', { text: t('serve.range') }), ...S.columns.map((c) => el('th', { text: c.label || c.name }))));
    for (const lever of group.levers) {
      const what = el('td', {}, el('div', { text: [lever.place, t(`serve.field_${lever.field}`) === `serve.field_${lever.field}` ? lever.field : t(`serve.field_${lever.field}`)].filter((x) => x).join(' · ') }));
      if (lever.scope) what.append(el('div', { class: 'hint', text: `${t('serve.in_variant')} ${lever.scope}` }));
      if (lever.source) what.append(el('div', { class: 'source', text: lever.source }));
      table.append(el('tr', { 'data-path': lever.path }, what, el('td', { class: 'unit', text: lever.unit }),
        el('td', { class: 'unit', text: rangeText(lever) }), ...S.columns.map((_, k) => cell(lever, k))));
    }
    fold.append(table);
    box.append(fold);
  }
}

function draw() { drawVariants(); drawLevers(); }

// --- Checking, running, showing the answer -------------------------------------------------

function request() {
  const number = (id) => ($(id).value.trim() === '' ? null : Number($(id).value));
  return { scenario: S.sc.id, replications: number('replications'), seed: number('seed'), lang: S.lang,
    columns: S.columns.map((c) => ({ name: c.name, label: c.label || null, set: c.set })) };
}

function showProblems(problems) {
  document.querySelectorAll('td .problem').forEach((e) => e.remove());
  const general = $('general-problems'); general.replaceChildren();
  for (const p of problems || []) {
    let placed = false;
    if (p.column !== null && p.path) {
      const cells = [...document.querySelectorAll(`td[data-col="${p.column}"][data-path]`)];
      const at = cells.find((c) => c.dataset.path === p.path || (c.dataset.each || '').split('|').includes(p.path))
        || cells.find((c) => p.path.startsWith(c.dataset.path + '.') || c.dataset.path.startsWith(p.path + '.'));
      if (at) {
        at.append(el('div', { class: 'problem', text: p.message })); placed = true;
        const fold = at.closest('details'); if (fold) fold.open = true;
      }
    }
    if (!placed) {
      const who = p.column !== null && S.columns[p.column] ? `${S.columns[p.column].name}: ` : '';
      general.append(el('li', { text: who + p.message }));
    }
  }
}

async function check() {
  const r = await api('/api/check', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request()) });
  showProblems(r.ok ? [] : (r.body.problems || [{ column: null, path: null, message: r.body.message }]));
  S.source = r.ok ? r.body : null;
  $('run').disabled = !r.ok; $('download-scenario').disabled = !r.ok;
  document.body.dataset.checked = r.ok ? 'ok' : 'problems';
  document.body.dataset.checks = String(Number(document.body.dataset.checks || 0) + 1);
  return r.ok;
}

function changed() {
  document.body.dataset.checked = 'pending';
  clearTimeout(S.checkTimer);
  S.checkTimer = setTimeout(check, 150);
}

function downloadScenario() {
  if (!S.source) return;
  const blob = new Blob([S.source.text], { type: 'text/plain' });
  const a = el('a', { href: URL.createObjectURL(blob), download: S.source.file_name });
  document.body.append(a); a.click(); a.remove();
}

async function run() {
  if (!(await check())) return;
  const r = await api('/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request()) });
  if (!r.ok) { showProblems(r.body.problems || [{ column: null, path: null, message: r.body.message }]); return; }
  S.run = r.body;
  $('result').hidden = true; $('progress-section').hidden = false; $('run').disabled = true;
  $('cancel').disabled = false;
  document.body.dataset.run = 'running';
  const events = new EventSource(`/api/runs/${S.run.id}/events`);
  events.addEventListener('progress', (e) => {
    const st = JSON.parse(e.data);
    $('progress').value = st.total ? st.done / st.total : 0;
    $('progress-text').textContent = st.state === 'queued' ? t('serve.waiting')
      : `${fmt(st.done)} / ${fmt(st.total)} ${t('serve.replications_done')}`;
    if (['done', 'failed', 'cancelled'].includes(st.state)) {
      events.close(); finished(st);
    }
  });
}

function finished(st) {
  $('run').disabled = false; $('cancel').disabled = true;
  document.body.dataset.run = st.state;
  if (st.state === 'done') { $('progress-section').hidden = true; showResult(st); return; }
  $('progress-text').textContent = st.state === 'cancelled' ? t('serve.cancelled') : `${t('serve.failed')}: ${st.message}`;
}

async function showResult(st) {
  const base = `/runs/${st.id}/files/`;
  $('download-workbook').href = `${base}results.xlsx`;
  $('download-run-scenario').href = `${base}scenario.ron`;
  $('open-report').href = `${base}report.html`;
  $('result-dir').textContent = st.dir;
  $('result-cli').textContent = st.cli;
  $('report-frame').src = `${base}report.html`;
  const file = st.command === 'compare' ? 'comparison.json' : 'summary.json';
  const r = await api(base + file);
  $('answer').replaceChildren(st.command === 'compare' ? comparisonTable(r.body) : summaryTable(r.body));
  $('result').hidden = false;
}

// The answer as the report's first table: per variant, its difference from the baseline.
function comparisonTable(c) {
  const table = el('table', { id: 'answer-table' });
  table.append(el('tr', {}, ...['serve.variant', 'serve.total_cost', 'serve.difference', 'serve.ci95',
    'serve.p_year_over_budget', 'serve.mean_wait_months', 'serve.forced_changes'].map((k) => el('th', { text: t(k) }))));
  const row = (name, cells) => el('tr', { 'data-variant': name }, el('td', { text: labelOf(name) }), ...cells);
  const num = (metric, value, text) => el('td', { class: 'num', 'data-metric': metric, 'data-value': String(value), text });
  const first = c.answer[0];
  if (first) {
    table.append(row(first.baseline, [num('total_cost_incl_admin', first.total_cost_incl_admin.baseline, money(first.total_cost_incl_admin.baseline)),
      el('td'), el('td'), num('p_year_over_budget', first.p_year_over_budget.baseline, fmt(100 * first.p_year_over_budget.baseline, 0) + '%'),
      num('mean_wait_months', first.mean_wait_months.baseline, fmt(first.mean_wait_months.baseline, 2)),
      num('forced_provider_changes', first.forced_provider_changes.baseline, fmt(first.forced_provider_changes.baseline, 0))]));
  }
  for (const a of c.answer) {
    const d = a.total_cost_incl_admin;
    table.append(row(a.variant, [num('total_cost_incl_admin', d.variant, money(d.variant)),
      num('difference', d.mean, money(d.mean)), el('td', { class: 'num', text: `${money(d.ci95[0])} – ${money(d.ci95[1])}` }),
      num('p_year_over_budget', a.p_year_over_budget.variant, fmt(100 * a.p_year_over_budget.variant, 0) + '%'),
      num('mean_wait_months', a.mean_wait_months.variant, fmt(a.mean_wait_months.variant, 2)),
      num('forced_provider_changes', a.forced_provider_changes.variant, fmt(a.forced_provider_changes.variant, 0))]));
  }
  const box = el('div', {}, table);
  for (const a of c.answer) if (a.sentence) box.append(el('p', { class: 'sentence', text: a.sentence }));
  return box;
}

function summaryTable(s) {
  const table = el('table', { id: 'answer-table' });
  table.append(el('tr', {}, ...['serve.outcome', 'serve.mean', 'serve.ci95', 'serve.p5_p95'].map((k) => el('th', { text: t(k) }))));
  for (const metric of ['total_cost_incl_admin', 'total_cost', 'mean_waiting_youths', 'mean_wait_months', 'forced_provider_changes']) {
    const m = s.metrics[metric]; if (!m) continue;
    const f = metric.includes('cost') ? money : (x) => fmt(x, 2);
    table.append(el('tr', { 'data-variant': s.scenario }, el('td', { text: t(`serve.metric_${metric}`) }),
      el('td', { class: 'num', 'data-metric': metric, 'data-value': String(m.mean), text: f(m.mean) }),
      el('td', { class: 'num', text: `${f(m.ci95[0])} – ${f(m.ci95[1])}` }),
      el('td', { class: 'num', text: `${f(m.p5)} – ${f(m.p95)}` })));
  }
  return table;
}

// --- Start ----------------------------------------------------------------------------------

async function openScenario(id) {
  const r = await api(`/api/scenarios/${id}`);
  $('scenario-problem').textContent = r.ok ? '' : r.body.message;
  $('region').hidden = !r.ok; $('levers-section').hidden = !r.ok; $('result').hidden = true;
  if (!r.ok) return;
  S.sc = r.body;
  S.columns = r.body.columns;
  S.factors = S.columns.map(() => ({}));
  $('scenario-file').textContent = S.sc.file;
  $('replications').value = S.sc.replications; $('seed').value = S.sc.seed;
  drawRegion(); draw(); check();
}

async function start() {
  const p = await api('/api/phrases');
  S.phrases = p.body; S.lang = p.body.lang; $('lang').value = S.lang;
  $('version').textContent = `v${p.body.version}`;
  translate();
  const list = await api('/api/scenarios');
  S.scenarios = list.body;
  for (const s of S.scenarios) $('scenario').append(el('option', { value: s.id, text: s.problem ? `${s.name} (!)` : s.name }));
  $('scenario').addEventListener('change', () => openScenario(Number($('scenario').value)));
  $('lang').addEventListener('change', () => { S.lang = $('lang').value; translate(); if (S.sc) { drawRegion(); draw(); check(); } });
  $('add-variant').addEventListener('click', () => {
    const last = S.columns[S.columns.length - 1];
    let n = S.columns.length + 1; while (S.columns.some((c) => c.name === `variant_${n}`)) n++;
    S.columns.push({ name: `variant_${n}`, label: null, set: { ...last.set } });
    S.factors.push({ ...S.factors[S.factors.length - 1] });
    draw(); changed();
  });
  ['replications', 'seed'].forEach((id) => $(id).addEventListener('change', changed));
  $('run').addEventListener('click', run);
  $('cancel').addEventListener('click', () => { if (S.run) api(`/api/runs/${S.run.id}/cancel`, { method: 'POST' }); });
  $('download-scenario').addEventListener('click', downloadScenario);
  if (S.scenarios.length) await openScenario(0);
  document.body.dataset.ready = 'yes';
}

start();

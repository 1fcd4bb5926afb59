// ontrack's page: the scenario's YAML is the source of truth; the key
// parameter fields write into it; every change reruns the scenario, first
// on a few worlds for a quick answer, then on all of them, and a newer
// change cancels the runs of an older one.
'use strict';

(function () {
  const QUICK_N = 2000; // worlds for the first answer, about 100 ms
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  const yaml = $('#yaml');
  let savedID = document.body.dataset.saved || '';
  let controller = null; // the runs in flight, aborted by the next change
  let last = null; // the last full view, for downloads
  let generation = 0;

  // body is the request the page stands for, as every endpoint takes it.
  function body() {
    const b = {};
    if (yaml.value.trim() !== '') b.scenario = yaml.value;
    const presets = $$('input[name=preset]:checked').map((e) => e.value);
    if (presets.length) b.presets = presets;
    const sets = $$('input[name=set]').map((e) => e.value);
    if (sets.length) b.set = sets;
    const n = $('#n').value.trim();
    if (n !== '') b.n = Number(n);
    const seed = $('#seed').value.trim();
    if (seed !== '') b.seed = Number(seed);
    return b;
  }

  // ---- editing the YAML from a field ----

  function reEscape(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  // scalar writes a value as a YAML scalar: plain where YAML reads it
  // back as the same text, else single-quoted.
  function scalar(v) {
    if (/^[-?:,\[\]{}#&*!|>'"%@`]/.test(v) && !/^-?[0-9.]/.test(v)) return "'" + v.replace(/'/g, "''") + "'";
    if (/: |\s#|^\s|\s$/.test(v) || /^[{[]/.test(v)) return "'" + v.replace(/'/g, "''") + "'";
    return v;
  }

  // setParam sets section.key to value in the YAML text (or removes it
  // when value is empty), keeping everything else as written.
  function setParam(text, path, value) {
    const dot = path.indexOf('.');
    const sec = path.slice(0, dot);
    const key = path.slice(dot + 1);
    const lines = text.split('\n');
    const v = value === '' ? null : scalar(value);
    // A top-level dotted key: field.growth: 30%
    const dotted = new RegExp('^' + reEscape(path) + ':(\\s|$)');
    const di = lines.findIndex((l) => dotted.test(l));
    if (di >= 0) {
      if (v === null) lines.splice(di, 1);
      else lines[di] = path + ': ' + v + trailingComment(lines[di]);
      return lines.join('\n');
    }
    const head = new RegExp('^' + reEscape(sec) + ':\\s*(#.*)?$');
    const si = lines.findIndex((l) => head.test(l));
    if (si < 0) {
      if (v === null) return text;
      let t = text;
      if (t !== '' && !t.endsWith('\n')) t += '\n';
      return t + sec + ':\n  ' + key + ': ' + v + '\n';
    }
    let indent = null;
    let end = si + 1;
    let children = 0;
    const item = /^(\s+)([^\s:#]+):(\s|$)/;
    for (let i = si + 1; i < lines.length; i++) {
      const l = lines[i];
      if (/^\s*(#.*)?$/.test(l)) continue;
      if (!/^\s/.test(l)) break;
      end = i + 1;
      const m = item.exec(l);
      if (!m) continue;
      if (indent === null) indent = m[1];
      if (m[1] !== indent) continue;
      children++;
      if (m[2] === key) {
        if (v === null) {
          lines.splice(i, 1);
          if (children === 1 && !hasChild(lines, si, indent)) lines.splice(si, 1);
        } else {
          lines[i] = indent + key + ': ' + v + trailingComment(l);
        }
        return lines.join('\n');
      }
    }
    if (v === null) return text;
    lines.splice(end, 0, (indent || '  ') + key + ': ' + v);
    return lines.join('\n');
  }

  function hasChild(lines, si, indent) {
    for (let i = si + 1; i < lines.length; i++) {
      const l = lines[i];
      if (/^\s*(#.*)?$/.test(l)) continue;
      return l.startsWith(indent);
    }
    return false;
  }

  function trailingComment(line) {
    const m = /\s+#[^'"]*$/.exec(line);
    return m ? m[0] : '';
  }

  // ---- running ----

  let timer = null;
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(run, delay);
  }

  async function post(url, b, signal) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(b),
      signal: signal,
    });
    const data = await res.json();
    if (!res.ok) {
      const err = new Error(data.error || res.statusText);
      err.api = data;
      err.status = res.status;
      throw err;
    }
    return data;
  }

  async function run() {
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    const gen = ++generation;
    const b = body();
    const n = b.n === undefined ? Number(document.body.dataset.defaultN) : b.n;
    setStatus('Running ' + fmtCount(Math.min(n, QUICK_N)) + ' worlds…', 'busy');
    try {
      if (n > QUICK_N) {
        const quick = await post('/api/view', Object.assign({}, b, { n: QUICK_N }), signal);
        if (gen !== generation) return;
        clearErrors();
        render(quick);
        setStatus('A first answer from ' + fmtCount(QUICK_N) + ' worlds; refining to ' + fmtCount(n) + '…', 'busy');
      }
      const full = await post('/api/view', b, signal);
      if (gen !== generation) return;
      clearErrors();
      render(full);
      last = { body: b, view: full };
      // Counted for the browser tests, which wait on it.
      document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
      setStatus('Done: ' + fmtCount(full.run.samples) + ' worlds, seed ' + full.run.seed + '.', 'done');
    } catch (e) {
      if (e.name === 'AbortError' || gen !== generation) return;
      showError(e);
    }
  }

  function setStatus(text, cls) {
    const s = $('#status');
    s.textContent = text;
    s.className = 'status-line ' + (cls || '');
    document.body.dataset.state = cls || '';
  }

  function clearErrors() {
    $('#results').classList.remove('stale');
    $('#yaml-error').hidden = true;
    yaml.classList.remove('bad');
    for (const f of $$('.field')) {
      const e = $('.field-error', f);
      e.hidden = true;
      e.textContent = '';
      $('input', f).classList.remove('bad');
    }
  }

  // showError puts a message where its mistake is: at the field of the
  // parameter it names, and under the editor with its line:col when it
  // is in the file.
  function showError(e) {
    clearErrors();
    const a = e.api || {};
    let placed = false;
    if (a.path) {
      const f = $('.field[data-path="' + CSS.escape(a.path) + '"]');
      if (f) {
        const fe = $('.field-error', f);
        fe.textContent = e.message;
        fe.hidden = false;
        $('input', f).classList.add('bad');
        placed = true;
      }
    }
    if (a.file === 'scenario.yaml' || !placed) {
      const ye = $('#yaml-error');
      ye.textContent = a.line ? 'line ' + a.line + ', column ' + a.col + ': ' + e.message : e.message;
      ye.hidden = false;
      if (a.file === 'scenario.yaml') yaml.classList.add('bad');
    }
    // The numbers below are the last good run's, not this scenario's.
    $('#results').classList.add('stale');
    setStatus(e.status === 503 ? 'The server is busy; trying again shortly.' : 'Not run: fix the mistake shown. The numbers below are the last run\u2019s.', 'error');
    if (e.status === 503) schedule(1500);
  }

  // ---- rendering ----

  function fmt3(x) {
    return x === null || x === undefined ? 'n/a' : x.toFixed(3);
  }
  // As the command's reports write it: more decimals where the error
  // would round to 0.000, so that an error is never shown as none.
  function decimals(se) {
    let d = 3;
    while (se > 0 && se < 0.5 * Math.pow(10, -d) && d < 6) d++;
    return d;
  }
  function prob(p, se) {
    if (p === null || p === undefined || se === null || se === undefined) return fmt3(p) + ' ± ' + fmt3(se);
    const d = decimals(se);
    return p.toFixed(d) + ' ± ' + se.toFixed(d);
  }
  // A change in P with its error, signed: "+0.080 ± 0.001".
  function delta(x, se) {
    const s = prob(x, se);
    if (s.startsWith('-')) return /^-[0.]+ /.test(s) ? '+' + s.slice(1) : s; // -0.000 is +0.000
    return '+' + s;
  }
  function fmtCount(n) {
    return Number(n).toLocaleString('en-US');
  }
  function yr(x, horizon) {
    if (x === null || x === undefined || (horizon && x > horizon)) return 'never';
    return x.toFixed(1);
  }
  function quants(q, horizon) {
    return [q.p10, q.p50, q.p90].map((x) => yr(x, horizon)).join(' · ');
  }

  function render(v) {
    const r = v.run;
    const p = $('#p-on-track');
    p.value = String(r.p_on_track);
    p.textContent = prob(r.p_on_track, r.p_on_track_stderr);
    $('#deadline').textContent = 'done before ' + r.deadline.toUpperCase();
    $('#sentence').textContent = v.sentence;
    $('#lead-sentence').textContent = v.lead_sentence;
    $('#never-label').textContent = 'P(never done by ' + r.horizon + ')';
    $('#p-never').textContent = prob(r.p_never, r.p_never_stderr);
    $('#lead').textContent = r.lead_years.p50 === null ? 'n/a' : r.lead_years.p50.toFixed(1);
    $('#done-year').textContent = quants(r.done_year, r.horizon);
    $('#asi-year').textContent = quants(r.asi_year);
    const out = $('#outcomes');
    out.textContent = '';
    for (const o of v.outcomes) row(out, [o.name, o.meaning, prob(o.p, o.stderr)], [false, false, true]);
    row(out, ['', '(of which safe_to_help only seemed done)', prob(r.false_assurance.p, r.false_assurance.stderr)], [false, false, true]);
    for (const name of ['race', 'lead', 'fan', 'outcomes']) {
      const box = $('#chart-' + name + ' .svg');
      box.innerHTML = v.charts[name] || '';
    }
    $('#fan-caption').textContent = 'The share of the main work done by each year: the median and the 10th to 90th percentile band over ' +
      fmtCount(v.fan_n) + ' of the worlds, with the deadline\u2019s band shaded.';
    const ch = $('#changes');
    ch.textContent = '';
    if (r.changes.length === 0) {
      row(ch, ['Nothing: this is the default scenario.'], [false]);
    } else {
      row(ch, ['parameter', 'value', 'from', 'source'], [false, false, false, false], true);
      for (const c of r.changes) row(ch, [c.path, c.value, c.origin, c.source], [false, false, false, false]);
    }
    for (const fv of v.fields) {
      const f = $('.field[data-path="' + CSS.escape(fv.path) + '"]');
      if (!f) continue;
      const input = $('input', f);
      if (document.activeElement !== input && !f.dataset.pending) input.value = fv.value;
      $('.mark', f).hidden = !fv.changed;
      f.classList.toggle('changed', fv.changed);
      $('.origin', f).textContent = fv.changed ? ' · set by ' + fv.origin : '';
      $('.source', f).textContent = fv.source;
      const st = $('.status', f);
      st.textContent = fv.status;
      st.className = 'status status-' + fv.status;
      $('.thumb', f).innerHTML = fv.thumb || '';
    }
  }

  function row(table, cells, numeric, head) {
    const tr = document.createElement('tr');
    cells.forEach((c, i) => {
      const td = document.createElement(head ? 'th' : 'td');
      td.textContent = c;
      if (numeric[i]) td.className = 'n';
      tr.appendChild(td);
    });
    table.appendChild(tr);
  }

  // ---- saving and downloads ----

  async function save() {
    const b = body();
    if (savedID) b.parent = savedID;
    try {
      const a = await post('/api/scenarios', b);
      savedID = a.id;
      document.body.dataset.saved = a.id;
      const url = new URL(a.url, location.href).href;
      const link = $('#share-link');
      link.href = url;
      link.textContent = url;
      $('#share').hidden = false;
      history.replaceState(null, '', a.url);
    } catch (e) {
      showError(e);
    }
  }

  function download(name, type, data) {
    const url = URL.createObjectURL(new Blob([data], { type: type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function downloadAs(kind) {
    const b = body();
    switch (kind) {
      case 'yaml':
        download('scenario.yaml', 'application/yaml', yaml.value);
        return;
      case 'json': {
        const res = await fetch('/api/run', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
        download('run.json', 'application/json', await res.text());
        return;
      }
      case 'csv': {
        const res = await fetch('/api/worlds', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
        download(res.ok ? 'worlds.csv' : 'error.json', res.ok ? 'text/csv' : 'application/json', await res.blob());
        return;
      }
      case 'report': {
        b.n = Math.min(b.n || 100000, 20000);
        const res = await fetch('/api/report.html', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
        download(res.ok ? 'ontrack-report.html' : 'error.json', res.ok ? 'text/html' : 'application/json', await res.blob());
        return;
      }
      case 'svg':
        if (!last) return;
        // The charts come without xmlns, for inline HTML; a file needs it.
        for (const [name, svg] of Object.entries(last.view.charts)) {
          download(name + '.svg', 'image/svg+xml', svg.replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" '));
        }
    }
  }

  // ---- the sections below the answer: each calls its endpoint ----

  // section runs one request for a section, showing its progress and any
  // error in its status line; a newer request of the same section
  // cancels the older.
  const sectionControllers = {};
  async function section(name, url, b, show) {
    const status = $('#' + name + '-status');
    if (sectionControllers[name]) sectionControllers[name].abort();
    const c = new AbortController();
    sectionControllers[name] = c;
    if (status) {
      status.textContent = 'Running…';
      status.className = 'status-line busy';
    }
    try {
      const data = await post(url, b, c.signal);
      show(data);
      if (status) {
        status.textContent = 'Done.';
        status.className = 'status-line done';
      }
      document.body.dataset[name] = String(Number(document.body.dataset[name] || 0) + 1);
    } catch (e) {
      if (e.name === 'AbortError') return;
      const text = e.message;
      if (status) {
        status.textContent = text;
        status.className = 'status-line error';
      } else {
        show(null, text);
      }
    }
  }

  // table fills el with a head and rows; num says which columns are
  // numbers (right-aligned): all but the first unless given.
  function table(el, head, rows, num) {
    num = num || head.map((_, i) => i > 0);
    el.textContent = '';
    row(el, head, num, true);
    for (const r of rows) row(el, r, num, false);
  }

  function pct(x) {
    return x === null ? 'n/a' : (100 * x).toFixed(1) + '%';
  }

  function runViews() {
    const mix = $$('input[data-weight]')
      .filter((e) => e.value.trim() !== '' && Number(e.value) > 0)
      .map((e) => e.dataset.weight + '=' + e.value.trim());
    const b = body();
    const req = { mix: mix.join(','), n: Math.min(b.n || 100000, 50000) };
    if (b.seed !== undefined) req.seed = b.seed;
    section('views', '/api/mix?chart=1', req, (v) => {
      const m = v.report;
      $('#views-chart').innerHTML = v.chart;
      const rows = m.components.map((c) => [c.name, pct(c.weight), prob(c.p_on_track, c.p_on_track_stderr),
        c.lead_years.p50 === null ? 'n/a' : c.lead_years.p50.toFixed(1)]);
      rows.push(['pooled', '100%', prob(m.p_on_track, m.p_on_track_stderr), m.lead_years.p50 === null ? 'n/a' : m.lead_years.p50.toFixed(1)]);
      table($('#views-table'), ['view', 'weight', 'P(on track)', 'median lead'], rows);
      $('#views-note').textContent = 'Disagreement share: ' + pct(m.on_track_variance.share_between) +
        ' of the variance of being on track, ' + pct(m.lead_variance.share_between) + ' of the lead\u2019s; ' +
        fmtCount(m.samples) + ' worlds, the same for every view.';
    });
  }

  function runExplain(ev) {
    ev.preventDefault();
    const b = body();
    const req = { from: { presets: [$('#explain-from').value] }, to: { presets: [$('#explain-to').value] }, n: Math.min(b.n || 100000, 5000) };
    if (b.seed !== undefined) req.seed = b.seed;
    const t = $('#explain-table');
    section('explain', '/api/explain?chart=1', req, (v, err) => {
      if (err) {
        t.textContent = err;
        $('#explain-chart').innerHTML = '';
        return;
      }
      const e = v.report;
      $('#explain-chart').innerHTML = v.chart;
      const rows = e.parts.map((p) => [p.name, p.changes.map((c) => c.from + ' \u2192 ' + c.to).join('; '),
        delta(p.delta_p_on_track, p.delta_p_on_track_stderr)]);
      rows.push(['the whole', e.from.name + ' ' + fmt3(e.from.p_on_track) + ' \u2192 ' + e.to.name + ' ' + fmt3(e.to.p_on_track),
        delta(e.delta_p_on_track, e.delta_p_on_track_stderr)]);
      table(t, ['difference', 'from \u2192 to', 'share of the change in P(on track)'], rows, [false, false, true]);
    });
  }

  // stream posts b to url and reads its answer as JSON lines, calling
  // onProgress for each progress line; it returns the result line's
  // value or throws the error line's.
  async function stream(url, b, signal, onProgress) {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b), signal: signal });
    if (!res.ok) {
      const data = await res.json();
      const err = new Error(data.error || res.statusText);
      err.api = data;
      err.status = res.status;
      throw err;
    }
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (value) buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (line.result) return line.result;
        if (line.error) {
          const err = new Error(line.error.error);
          err.api = line.error;
          throw err;
        }
        onProgress(line);
      }
      if (done) throw new Error('the answer ended early');
    }
  }

  async function runMore() {
    const b = body();
    b.n = Math.min(b.n || 100000, 20000);
    const status = $('#more-status');
    if (sectionControllers.more) sectionControllers.more.abort();
    const c = new AbortController();
    sectionControllers.more = c;
    status.textContent = 'Running…';
    status.className = 'status-line busy';
    let m;
    try {
      m = await stream('/api/report?progress=1', b, c.signal, (p) => {
        if (p.total > 0) {
          status.textContent = 'Running: part ' + p.phase + ', ' + fmtCount(p.done) + ' of ' + fmtCount(p.total) + ' worlds (' + Math.round((100 * p.done) / p.total) + '%)';
        }
      });
    } catch (e) {
      if (e.name === 'AbortError') return;
      status.textContent = e.message;
      status.className = 'status-line error';
      return;
    }
    status.textContent = 'Done.';
    status.className = 'status-line done';
    $('#more-out').hidden = false;
    for (const name of ['levers', 'cost', 'tornado', 'sobol']) {
      const fig = $('#chart-' + name);
      fig.hidden = !m.charts[name];
      $('.svg', fig).innerHTML = m.charts[name] || '';
    }
    const lv = $('#levers');
    if (m.compare) {
      table(lv, ['lever', 'what it does', 'change ± paired SE', 'cost (mean)'], m.compare.interventions.map((a) => [
        a.name, a.description, delta(a.delta_p_on_track, a.delta_p_on_track_paired_stderr),
        a.cost === null ? '' : '$' + fmtCount(Math.round(a.cost)),
      ]), [false, false, true, true]);
    } else {
      lv.textContent = 'This scenario has no levers (interventions: in a scenario file).';
    }
    document.body.dataset.more = String(Number(document.body.dataset.more || 0) + 1);
  }

  function runCombine(ev) {
    ev.preventDefault();
    const b = body();
    b.n = Math.min(b.n || 100000, 20000);
    b.combine = $('#combine').value.split(/[\s,]+/).filter((c) => c !== '');
    const t = $('#combine-table');
    section('combine', '/api/compare?chart=1', b, (v, err) => {
      if (err) {
        t.textContent = err;
        $('#combine-chart').innerHTML = '';
        return;
      }
      $('#combine-chart').innerHTML = v.chart;
      table(t, ['lever', 'change ± paired SE', 'P(on track)'], v.report.interventions.map((a) => [a.name,
        delta(a.delta_p_on_track, a.delta_p_on_track_paired_stderr),
        prob(a.p_on_track, a.p_on_track_stderr)]));
    });
  }

  function runSolve(ev) {
    ev.preventDefault();
    const b = body();
    b.n = Math.min(b.n || 100000, 20000);
    Object.assign(b, { vary: $('#solve-vary').value.trim(), in: $('#solve-in').value.trim(), target: $('#solve-target').value.trim() });
    const out = $('#solve-out');
    out.textContent = 'Solving…';
    section('solve', '/api/seek', b, (v, err) => {
      if (err) {
        out.textContent = err;
        $('#solve-chart').innerHTML = '';
        return;
      }
      const s = v.solve;
      $('#solve-chart').innerHTML = v.chart;
      if (!s.reachable) {
        out.textContent = 'Not reachable in ' + s.range_lo + '..' + s.range_hi + ': P(on track) runs from ' + fmt3(s.metric_at_range_lo) + ' to ' + fmt3(s.metric_at_range_hi) + '.';
        return;
      }
      const band = s.value_lo95 !== null && s.value_hi95 !== null ? ' (95% interval ' + fmtNum(s.value_lo95) + ' to ' + fmtNum(s.value_hi95) + ')' : '';
      out.textContent = s.vary + ' = ' + fmtNum(s.value) + (s.unit ? ' ' + s.unit : '') + band + ' brings P(on track) to ' + fmt3(s.target) +
        ', on ' + fmtCount(s.samples) + ' worlds in ' + s.runs + ' runs.';
    });
  }

  function fmtNum(x) {
    return Math.abs(x) >= 1000 ? fmtCount(Math.round(x)) : Number(x.toPrecision(4)).toString();
  }

  function runSweep(ev) {
    ev.preventDefault();
    const b = body();
    b.n = Math.min(b.n || 100000, 5000);
    b.axes = [$('#sweep-axes').value.trim(), $('#sweep-axes2').value.trim()].filter((a) => a !== '');
    const t = $('#sweep-table');
    section('sweep', '/api/sweep?chart=1', b, (v, err) => {
      if (err) {
        t.textContent = err;
        $('#sweep-chart').innerHTML = '';
        return;
      }
      const s = v.report;
      $('#sweep-chart').innerHTML = v.chart;
      table(t, s.axes.map((a) => a.path).concat(['P(on track)', 'P(never)', 'median lead']), s.cells.map((c) =>
        c.values.map(fmtNum).concat([prob(c.p_on_track, c.p_on_track_stderr), prob(c.p_never, c.p_never_stderr),
          c.lead_years.p50 === null ? 'n/a' : c.lead_years.p50.toFixed(1)])));
    });
  }

  function runCondition(ev) {
    ev.preventDefault();
    const b = body();
    b.n = Math.min(b.n || 100000, 50000);
    b.given = [$('#condition-given').value.trim()];
    const t = $('#condition-table');
    section('condition', '/api/condition', b, (c, err) => {
      if (err) {
        t.textContent = err;
        return;
      }
      table(t, ['observation', 'P(seen)', 'P(on track | seen)', 'worlds', 'P(on track | not seen)', 'worlds'], c.given.map((g) => [
        g.given, prob(g.p_observation, g.p_observation_stderr), prob(g.p_on_track_given, g.p_on_track_given_stderr), fmtCount(g.worlds_given),
        prob(g.p_on_track_given_not, g.p_on_track_given_not_stderr), fmtCount(g.worlds_not)]));
    });
  }

  // ---- wiring ----

  yaml.addEventListener('input', () => schedule(400));
  for (const e of $$('input[name=preset]')) e.addEventListener('change', () => schedule(0));
  for (const e of [$('#n'), $('#seed')]) e.addEventListener('change', () => schedule(0));
  for (const f of $$('.field')) {
    const input = $('input', f);
    const apply = () => {
      delete f.dataset.pending;
      let value = input.value.trim();
      if (value === f.dataset.default && !f.classList.contains('changed')) value = '';
      yaml.value = setParam(yaml.value, f.dataset.path, value);
      schedule(0);
    };
    let t = null;
    input.addEventListener('input', () => {
      f.dataset.pending = '1';
      clearTimeout(t);
      t = setTimeout(apply, 500);
    });
    input.addEventListener('change', () => {
      clearTimeout(t);
      if (f.dataset.pending) apply();
    });
  }
  $('#save').addEventListener('click', save);
  $('#run-views').addEventListener('click', runViews);
  $('#run-more').addEventListener('click', runMore);
  $('#explain-form').addEventListener('submit', runExplain);
  $('#solve-form').addEventListener('submit', runSolve);
  $('#combine-form').addEventListener('submit', runCombine);
  $('#sweep-form').addEventListener('submit', runSweep);
  $('#condition-form').addEventListener('submit', runCondition);
  for (const b of $$('[data-download]')) b.addEventListener('click', () => downloadAs(b.dataset.download));

  // The tests read this to know the page's script has started.
  document.body.dataset.ready = '1';
  run();
})();

// SPDX-License-Identifier: MIT
// dashboard.js -- fills index.html from /api/report (the JSON of
// `report --format json`) and refreshes it every `refresh` seconds.
//
// Layout, first screen: the health strip (each collector's last flush, lag
// and drops, amber or red when something is wrong), four tiles (figure,
// change, sparkline) and two charts; the partial (current) bucket is drawn
// lighter and labelled, never as a sudden drop. With several sites, small
// multiples per site follow (one /api/report per site). Times are 24-hour,
// dates en-GB ("3 Dec 2026"), in the report's time zone.
//
// Every text from the API goes into the page through textContent or
// setAttribute, never innerHTML: source and instance names are
// attacker-influenced, and the server's Content-Security-Policy forbids
// inline script anyway.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const params = new URLSearchParams(window.location.search);
  const api = new URLSearchParams();
  for (const k of ['month', 'from', 'to', 'last', 'at', 'site', 'top_sources']) {
    const v = params.get(k);
    if (v) api.set(k, v);
  }
  if (!api.has('month') && !api.has('from') && !api.has('last')) api.set('last', '24h');
  const refreshS = Math.max(5, parseInt(params.get('refresh') || '60', 10) || 60);
  // Health thresholds (seconds): a collector flushes about once a second.
  const FLUSH_AMBER = 120, FLUSH_RED = 600, LAG_AMBER = 600, LAG_RED = 3600;
  const SHARE = 'emails_sent_tls_share';
  // Reasons in the words of the report (figures_reason_label).
  const REASONS = { reputation: 'sender reputation', ips: 'intrusion prevention' };

  function $(id) { return document.getElementById(id); }

  // Control characters (ESC, BEL, ...) shown as U+FFFD, as in the HTML report.
  function clean(s) { return String(s).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd'); }

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, clean(v));
    for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(clean(k)));
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = clean(text);
    return e;
  }

  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  // "4,012,345"
  function int(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

  function human(n) {
    const units = [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];
    for (const [size, name] of units) if (n >= size) return (Math.round(n / size * 10) / 10).toFixed(1) + ' ' + name;
    return int(n);
  }

  function pct(p) {
    if (p === null || p === undefined) return 'no outgoing email';
    if (p >= 100) return '100%';
    if (p <= 0) return '0%';
    if (p > 99.9) return '99.9%';
    if (p < 0.1) return '0.1%';
    return p.toFixed(1) + '%';
  }

  // 24-hour times and en-GB dates in the report's zone (the browser's when
  // the zone is unknown to it).
  let zone = undefined;
  function fmt(t, opts) {
    const o = Object.assign({ hourCycle: 'h23' }, opts);
    try {
      return new Intl.DateTimeFormat('en-GB', Object.assign({ timeZone: zone }, o)).format(t);
    } catch (e) {
      return new Intl.DateTimeFormat('en-GB', o).format(t);
    }
  }
  function clockText(t) {
    return fmt(t, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) + ', ' +
      fmt(t, { day: 'numeric', month: 'short', year: 'numeric' });
  }

  // "45 s", "12 min", "3 h", "2 days", "8.1 years"
  function duration(s) {
    s = Math.max(0, Math.round(s));
    if (s < 90) return s + ' s';
    if (s < 5400) return Math.round(s / 60) + ' min';
    if (s < 129600) return Math.round(s / 3600) + ' h';
    if (s < 86400 * 365) return Math.round(s / 86400) + ' days';
    return (s / (86400 * 365.25)).toFixed(1) + ' years';
  }

  function shown(f, prev) {
    if (f.metric === SHARE) {
      const v = prev ? f.previous : f.value;
      if (v === null) return 'no outgoing email';
      return pct(v) + ' (' + int(prev ? f.previous_numerator : f.numerator) + ' of ' +
        int(prev ? f.previous_denominator : f.denominator) + ')';
    }
    return (f.approximate ? 'about ' : '') + int(prev ? f.previous : f.value);
  }

  // The change against the previous window, as the report words it
  // (figures_change_text); '' when there is no earlier data at all.
  function change(r, f) {
    if (r.no_earlier_data) return '';
    let c;
    if (f.metric === SHARE) {
      if (f.previous === null) return 'no outgoing email before';
      if (f.value === null) return 'no outgoing email now';
      c = f.change_points;
    } else {
      c = f.change_pct;
      if (c === null || c === undefined) return f.value ? 'up from 0' : 'no change';
    }
    if (Math.abs(c) < 0.05) return 'no change';
    const s = (c > 0 ? '+' : '') + c.toFixed(1);
    return f.metric === SHARE ? s + ' points' : s + '%';
  }

  function changeClass(f, ch) {
    // More encryption is good news; more blocked traffic is only news.
    const good = f.metric === SHARE;
    return ch.startsWith('+') ? (good ? 'down' : 'up') : ch.startsWith('-') ? (good ? 'up' : 'down') : '';
  }

  function plain(f) {
    if (f.metric === SHARE) return f.value === null ? '' : f.value.toFixed(2);
    return String(f.value);
  }

  function numSpan(f, site) {
    return el('span', { class: 'num', 'data-metric': f.metric, 'data-site': site, 'data-value': plain(f) }, shown(f, false));
  }

  // The series of one tile: a column of the hourly or daily series.
  function column(series, metric) {
    if (metric === SHARE) return series.map((d) => (d.emails_sent ? 100 * d.emails_sent_tls / d.emails_sent : null));
    return series.map((d) => d[metric]);
  }

  function sparkline(values, partial, cls) {
    const W = 160, H = 34;
    const s = svg('svg', { class: 'spark ' + cls, viewBox: `0 0 ${W} ${H}`, 'aria-hidden': 'true', preserveAspectRatio: 'none' });
    const vals = values.filter((v) => v !== null);
    if (!vals.length) return s;
    const max = Math.max(...vals), min = Math.min(0, ...vals);
    const n = values.length, slot = W / Math.max(1, n);
    values.forEach((v, i) => {
      if (v === null) return;
      const h = max > min ? (H - 2) * (v - min) / (max - min) : 0;
      s.append(svg('rect', { x: i * slot + slot * 0.1, y: H - h, width: Math.max(1, slot * 0.8), height: h,
        class: partial[i] ? 'partial' : '' }));
    });
    return s;
  }

  function tile(r, f, series) {
    const t = el('article', { class: 'tile', id: 'tile-' + f.metric });
    t.append(el('h2', {}, f.title));
    const v = el('p', { class: 'value' });
    if (f.metric === SHARE && f.value !== null) {
      v.append(el('span', { class: 'num', 'data-metric': f.metric, 'data-site': r.site, 'data-value': plain(f) }, pct(f.value)));
      v.append(' ', el('span', { class: 'unit' }, 'of ' + int(f.denominator) + ' messages'));
    } else {
      v.append(numSpan(f, r.site));
      if (f.metric !== SHARE) v.append(' ', el('span', { class: 'unit' }, f.unit));
    }
    t.append(v);
    const ch = change(r, f);
    if (ch) t.append(el('p', { class: 'cmp' }, el('span', { class: 'chg ' + changeClass(f, ch) }, ch), ' vs ' + r.previous_window.label));
    t.append(sparkline(column(series, f.metric), series.map((d) => d.partial), f.metric));
    return t;
  }

  // The full card (definition, reasons): in "the figures in words".
  function card(r, f) {
    const c = el('article', { class: 'card', id: 'fig-' + f.metric });
    c.append(el('h3', {}, f.title));
    const v = el('p', { class: 'value' }, numSpan(f, r.site));
    if (f.metric !== SHARE) {
      v.append(' ', el('span', { class: 'unit' }, f.unit));
      if (f.value >= 10000) v.append(' ', el('span', { class: 'human' }, '(' + human(f.value) + ')'));
    }
    c.append(v);
    const ch = change(r, f);
    if (ch) c.append(el('p', { class: 'cmp' }, r.previous_window.label + ': ' + shown(f, true) + ' \u00b7 ',
      el('span', { class: 'chg ' + changeClass(f, ch) }, ch)));
    if (f.by) {
      const max = Math.max(1, ...Object.values(f.by));
      const t = el('table', { class: 'reasons' });
      for (const [reason, n] of Object.entries(f.by)) {
        const bar = el('span', { class: 'rbar' });
        bar.style.width = (100 * n / max).toFixed(1) + '%';
        t.append(el('tr', {}, el('th', {}, REASONS[reason] || reason),
          el('td', { class: 'rb' }, bar), el('td', { 'data-metric': f.metric, 'data-reason': reason, 'data-value': n }, int(n))));
      }
      c.append(t);
    }
    c.append(el('p', { class: 'def' }, el('b', {}, 'Definition: '), f.definition, ' ', el('b', {}, 'Unit: '),
      f.unit + (f.approximate ? ' (estimated, within about 2%)' : '') + '.'));
    return c;
  }

  // Bar chart of one column of a series, as SVG. A partial bucket (the
  // window covers only part of it: the current hour, say) is drawn lighter
  // and labelled, so that it does not read as a fall.
  function chart(title, cls, series, col, hourly, compact) {
    const W = 640, H = compact ? 120 : 190, left = 52, right = 6, top = 14, bottom = 20;
    const max = Math.max(0, ...series.map((d) => d[col]));
    let step = 1;
    while (step * 4 < max) {
      if (step * 2 * 4 >= max) { step *= 2; break; }
      if (step * 5 * 4 >= max) { step *= 5; break; }
      step *= 10;
    }
    const topV = step * 4, pw = W - left - right, ph = H - top - bottom;
    const slot = series.length ? pw / series.length : pw;
    const fig = el('figure', { class: 'chart ' + cls });
    fig.append(el('figcaption', {}, title));
    const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
    for (let k = 0; k <= 4; k += compact ? 2 : 1) {
      const y = top + ph - ph * k / 4;
      s.append(svg('line', { x1: left, x2: W - right, y1: y, y2: y, class: 'grid' }));
      s.append(svg('text', { x: left - 4, y: y + 4, class: 'axis', 'text-anchor': 'end' }, int(step * k)));
    }
    const every = series.length <= 16 ? 1 : series.length <= 40 ? 3 : series.length <= 80 ? 6 : 12;
    series.forEach((d, i) => {
      const x = left + slot * i;
      const bh = topV ? ph * d[col] / topV : 0;
      const lab = hourly ? d.time : String(Number(d.date.slice(8)));
      const when = fmt(Date.parse(d.from), { day: 'numeric', month: 'short', year: 'numeric' }) +
        (hourly ? ' ' + d.time : '');
      if (d.no_data) {
        const g = svg('rect', { x, y: top, width: slot, height: ph, class: 'gap' });
        g.append(svg('title', {}, when + ': no data (possible gap)'));
        s.append(g);
      }
      const b = svg('rect', { x: x + slot * 0.12, y: top + ph - bh, width: slot * 0.76, height: bh,
        class: d.partial ? 'bar partial' : 'bar', 'data-date': d.date, 'data-value': d[col] });
      if (hourly) b.setAttribute('data-hour', d.time);
      if (d.partial) b.setAttribute('data-partial', 'true');
      b.append(svg('title', {}, when + ': ' + int(d[col]) + (d.partial ? (hourly ? ' (part of the hour only)' : ' (part of the day only)') : '')));
      s.append(b);
      if (d.partial && i === series.length - 1)
        s.append(svg('text', { x: x + slot * 0.88, y: Math.max(top + 8, top + ph - bh - 4), class: 'partial-label', 'text-anchor': 'end' }, 'so far'));
      if (i % every === 0) s.append(svg('text', { x: x + slot / 2, y: H - 5, class: 'axis', 'text-anchor': 'middle' }, lab));
    });
    fig.append(s);
    return fig;
  }

  // One collector's health: ok, amber or red, and why in words.
  function health(r, c) {
    const now = Date.parse(r.generated);
    const age = c.last_flush ? (now - Date.parse(c.last_flush)) / 1000 : Infinity;
    let level = 0;
    const why = [];
    if (age > FLUSH_RED) { level = 2; why.push('no flush for ' + duration(age)); }
    else if (age > FLUSH_AMBER) { level = Math.max(level, 1); why.push('no flush for ' + duration(age)); }
    if (c.lag_s !== null && c.lag_s > LAG_RED) { level = 2; why.push('behind by ' + duration(c.lag_s)); }
    else if (c.lag_s !== null && c.lag_s > LAG_AMBER) { level = Math.max(level, 1); why.push('behind by ' + duration(c.lag_s)); }
    if (c.lines_dropped > 0) { level = Math.max(level, 1); why.push(int(c.lines_dropped) + ' messages lost'); }
    if (c.possible_gaps > 0) { level = Math.max(level, 1); why.push(int(c.possible_gaps) + ' possible gap' + (c.possible_gaps > 1 ? 's' : '')); }
    const state = ['ok', 'amber', 'red'][level];
    const li = el('li', { class: 'hc ' + state, 'data-state': state, 'data-site': c.site, 'data-instance': c.instance });
    li.append(el('b', {}, c.site + ' \u00b7 ' + c.instance));
    li.append(el('span', {}, c.last_flush ? 'flushed ' + clockText(Date.parse(c.last_flush)) + ' (' + duration(age) + ' ago)' : 'never flushed'));
    li.append(el('span', {}, 'lag ' + (c.lag_s === null ? 'unknown' : duration(c.lag_s))));
    li.append(el('span', {}, int(c.lines_dropped) + ' dropped'));
    if (level) li.append(el('span', { class: 'why' }, why.join(', ')));
    li.setAttribute('title', (level ? why.join(', ') : 'healthy') + '; Redis reconnects ' + c.redis_reconnects);
    return li;
  }

  function renderHealth(r) {
    const list = $('health-list');
    clear(list);
    const cols = r.data_quality.collectors || [];
    if (!cols.length) list.append(el('li', { class: 'hc amber', 'data-state': 'amber' }, 'No collector has reported for these sites yet.'));
    // Worst first; beyond a few, the rest as one chip, so that the strip
    // never pushes the figures off the first screen.
    const items = cols.map((c) => health(r, c));
    const rank = { red: 0, amber: 1, ok: 2 };
    items.sort((a, b) => rank[a.getAttribute('data-state')] - rank[b.getAttribute('data-state')]);
    const MAX = 8;
    items.slice(0, items.length > MAX ? MAX - 1 : MAX).forEach((li) => list.append(li));
    if (items.length > MAX) {
      const rest = items.slice(MAX - 1);
      const n = (st) => rest.filter((li) => li.getAttribute('data-state') === st).length;
      const st = n('red') ? 'red' : n('amber') ? 'amber' : 'ok';
      list.append(el('li', { class: 'hc ' + st, 'data-state': st, title: rest.map((li) => li.getAttribute('data-site') + ' / ' +
        li.getAttribute('data-instance') + ': ' + li.getAttribute('data-state')).join('\n') },
      rest.length + ' more collectors: ' + n('ok') + ' healthy, ' + n('amber') + ' amber, ' + n('red') + ' red'));
    }
    const worst = list.querySelector('li[data-state="red"]') ? 'red'
      : list.querySelector('li[data-state="amber"]') ? 'amber' : 'ok';
    $('health').setAttribute('data-state', worst);
  }

  function renderCharts(r, target, compact) {
    const hourly = r.hourly && r.hourly.length > 0;
    const series = hourly ? r.hourly : r.daily;
    const unit = hourly ? 'hour' : 'day';
    target.append(chart('Emails blocked per ' + unit, 'emails', series, 'emails_blocked', hourly, compact));
    target.append(chart('Attacks prevented per ' + unit, 'attacks', series, 'attacks_blocked', hourly, compact));
    return series;
  }

  function renderSiteNav(r) {
    const nav = $('site-nav');
    clear(nav);
    const all = r.site === 'all' ? r.sites : null;
    nav.hidden = !(all && all.length > 1) && !(r.site !== 'all');
    const mk = (label, site) => {
      const u = new URLSearchParams(api);
      if (site) u.set('site', site); else u.delete('site');
      const a = el('a', { href: '?' + u.toString() }, label);
      if ((site || 'all') === r.site) a.setAttribute('aria-current', 'page');
      return a;
    };
    nav.append(mk('All sites', null));
    for (const s of (all || r.sites)) nav.append(mk(s, s));
  }

  function render(r) {
    zone = r.time_zone;
    const site = r.site;
    $('scope').textContent = (r.sites.length > 1 || site === 'all' ? 'Sites: ' + (r.sites.join(', ') || 'none yet')
      : 'Site: ' + site) + ' \u00b7 ' + r.window.label + ' \u00b7 time zone ' + r.time_zone +
      (r.no_earlier_data ? ' \u00b7 ' + r.no_earlier_data : ' \u00b7 compared with ' + r.previous_window.label);
    document.title = 'threattally \u2014 ' + r.window.label;
    renderHealth(r);
    renderSiteNav(r);

    const charts = $('charts');
    clear(charts);
    const series = renderCharts(r, charts, false);
    const tiles = $('tiles');
    clear(tiles);
    for (const f of r.figures) if (f.panel) tiles.append(tile(r, f, series));

    const hl = $('headline');
    clear(hl);
    for (const h of r.headline) hl.append(el('li', {}, h));
    $('no-prev').textContent = r.no_earlier_data || '';
    const cards = $('cards');
    clear(cards);
    for (const f of r.figures) if (f.panel) cards.append(card(r, f));

    const bs = $('by-site');
    clear(bs);
    const several = r.by_site && r.by_site.length > 0;
    $('sites-section').hidden = !several;
    if (several) {
      const head = el('tr', {}, el('th', {}, 'Figure'));
      for (const s of r.by_site) head.append(el('th', {}, s.site));
      head.append(el('th', {}, 'Combined'));
      bs.append(el('thead', {}, head));
      const body = el('tbody');
      r.figures.forEach((f, i) => {
        const tr = el('tr', {}, el('th', {}, f.title));
        for (const s of r.by_site) tr.append(el('td', {}, numSpan(s.figures[i], s.site)));
        tr.append(el('td', { class: 'combined' }, numSpan(f, site)));
        body.append(tr);
      });
      bs.append(body);
    }

    // top_sources: only when the page was asked for it (?top_sources=N)
    const ts = r.top_sources;
    $('top-section').hidden = !ts;
    const tt = $('top');
    clear(tt);
    if (ts) {
      $('top-title').textContent = ts.title;
      const day = (t) => fmt(t, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
      $('top-def').textContent = ts.definition + ' Days: ' + day(Date.parse(ts.from)) + ' to ' +
        day(Date.parse(ts.to) - 86400000) + ' (UTC).';
      tt.append(el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'Network'), el('th', {}, 'Attacks'))));
      const tb = el('tbody');
      ts.networks.forEach((n, i) => tb.append(el('tr', {}, el('td', {}, String(i + 1)),
        el('td', { 'data-network': '' }, n.network), el('td', { 'data-value': n.attacks }, int(n.attacks)))));
      if (!ts.networks.length) tb.append(el('tr', {}, el('td', { colspan: '3' }, 'No network was counted for these days.')));
      tt.append(tb);
    }

    const q = r.data_quality;
    const qt = $('quality');
    clear(qt);
    const words = (o) => Object.entries(o).map(([k, v]) => k.replace(/_/g, ' ') + ' ' + int(v)).join(', ');
    const unparsed = words(q.unparsed_by_reason), dropped = words(q.dropped_by_reason);
    qt.append(el('tr', {}, el('th', {}, 'Lines read'), el('td', { 'data-metric': 'lines_total', 'data-value': q.lines_total }, int(q.lines_total))));
    qt.append(el('tr', {}, el('th', {}, 'Not recognised'), el('td', { 'data-metric': 'lines_unparsed', 'data-value': q.lines_unparsed },
      int(q.lines_unparsed) + (unparsed ? ' (' + unparsed + ')' : ''))));
    qt.append(el('tr', {}, el('th', {}, 'Lost in transit'), el('td', { 'data-metric': 'lines_dropped', 'data-value': q.lines_dropped },
      int(q.lines_dropped) + (dropped ? ' (' + dropped + ')' : '') + (q.lines_dropped ? ' \u2014 possible data gap' : ''))));
    const st = $('sources');
    clear(st);
    st.append(el('thead', {}, el('tr', {}, el('th', {}, 'Site'), el('th', {}, 'Source'), el('th', {}, 'Last seen'))));
    const sb = el('tbody');
    for (const s of q.sources) sb.append(el('tr', {}, el('td', {}, s.site), el('td', { class: 'src' }, s.name),
      el('td', {}, s.last_seen ? clockText(Date.parse(s.last_seen)) : 'unknown')));
    st.append(sb);
    const notes = $('notes');
    clear(notes);
    for (const n of q.notes) notes.append(el('li', {}, n));
  }

  // Small multiples: each site's own charts, from its own /api/report.
  function loadMultiples(r) {
    const box = $('multiples');
    if (!(r.by_site && r.by_site.length)) { clear(box); return Promise.resolve(); }
    return Promise.all(r.by_site.map((s) => {
      const u = new URLSearchParams(api);
      u.set('site', s.site);
      u.delete('top_sources');
      return fetch('/api/report?' + u.toString(), { cache: 'no-store', credentials: 'same-origin' })
        .then((res) => (res.ok ? res.json() : null)).catch(() => null);
    })).then((reports) => {
      clear(box);
      reports.forEach((sr, i) => {
        const name = r.by_site[i].site;
        const m = el('article', { class: 'multiple', 'data-site': name }, el('h3', {}, name));
        if (!sr) { m.append(el('p', { class: 'muted' }, 'Could not load this site.')); box.append(m); return; }
        renderCharts(sr, m, true);
        box.append(m);
      });
    });
  }

  function setNav() {
    for (const a of document.querySelectorAll('nav a[data-last]')) {
      const u = new URLSearchParams();
      u.set('last', a.getAttribute('data-last'));
      if (params.get('site')) u.set('site', params.get('site'));
      if (params.get('at')) u.set('at', params.get('at'));
      if (params.get('top_sources')) u.set('top_sources', params.get('top_sources'));
      a.setAttribute('href', '?' + u.toString());
      if (api.get('last') === a.getAttribute('data-last')) a.setAttribute('aria-current', 'page');
    }
    $('json-link').setAttribute('href', '/api/report?' + api.toString());
  }

  let loadedAt = null;
  function load() {
    fetch('/api/report?' + api.toString(), { cache: 'no-store', credentials: 'same-origin' })
      .then((res) => res.json().catch(() => ({})).then((body) => {
        if (!res.ok) throw new Error(body && body.error ? body.error : 'the server answered HTTP ' + res.status);
        return body;
      }), () => { throw new Error('the dashboard server did not answer'); })
      .then((r) => {
        render(r);
        $('error').hidden = true;
        document.body.setAttribute('data-state', 'ready');
        loadedAt = new Date();
        $('state').textContent = 'Live \u00b7 refreshes every ' + refreshS + ' s';
        $('clock').textContent = 'Updated ' + clockText(loadedAt);
        return loadMultiples(r);
      })
      .catch((e) => {
        // The state line says what is wrong instead of "Loading...": with
        // figures already on the page they stay, marked as stale.
        const stale = loadedAt !== null;
        const msg = 'No figures: ' + e.message;
        $('error').textContent = (stale ? 'The figures below are from ' + clockText(loadedAt) + ' and may be out of date. ' : '') + msg;
        $('error').hidden = false;
        $('state').textContent = stale ? 'Stale \u00b7 retrying every ' + refreshS + ' s' : msg;
        $('clock').textContent = 'Tried ' + clockText(new Date());
        document.body.setAttribute('data-state', stale ? 'stale' : 'error');
      })
      .finally(() => {
        window.setTimeout(load, refreshS * 1000);
      });
  }

  document.addEventListener('DOMContentLoaded', () => {
    setNav();
    load();
  });
})();

// SPDX-License-Identifier: MIT
// dashboard.js -- fills index.html from /api/report (the JSON of
// `report --format json`) and refreshes it every `refresh` seconds.
//
// Every text from the API goes into the page through textContent or
// setAttribute, never innerHTML: source names are attacker-influenced, and
// the server's Content-Security-Policy forbids inline script anyway.
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
    if (text !== undefined) e.textContent = String(text);
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
    return p.toFixed(1) + '%';
  }

  function shown(f, prev) {
    if (f.metric === 'emails_sent_tls_share') {
      const v = prev ? f.previous : f.value;
      if (v === null) return 'no outgoing email';
      return pct(v) + ' (' + int(prev ? f.previous_numerator : f.numerator) + ' of ' +
        int(prev ? f.previous_denominator : f.denominator) + ')';
    }
    return (f.approximate ? 'about ' : '') + int(prev ? f.previous : f.value);
  }

  function change(f) {
    const c = f.metric === 'emails_sent_tls_share' ? f.change_points : f.change_pct;
    if (c === null || c === undefined) return f.metric === 'emails_sent_tls_share' ? 'n/a' : (f.value ? 'new' : 'none either');
    const s = Math.abs(c) < 0.05 ? '0.0' : (c > 0 ? '+' : '') + c.toFixed(1);
    return f.metric === 'emails_sent_tls_share' ? s + ' points' : s + '%';
  }

  function plain(f) {
    if (f.metric === 'emails_sent_tls_share') return f.value === null ? '' : f.value.toFixed(2);
    return String(f.value);
  }

  function numSpan(f, site) {
    return el('span', { class: 'num', 'data-metric': f.metric, 'data-site': site, 'data-value': plain(f) }, shown(f, false));
  }

  function card(r, f) {
    const c = el('article', { class: 'card', id: 'fig-' + f.metric });
    c.append(el('h3', {}, f.title));
    const v = el('p', { class: 'value' }, numSpan(f, r.site));
    if (f.metric !== 'emails_sent_tls_share') {
      v.append(' ', el('span', { class: 'unit' }, f.unit));
      if (f.value >= 10000) v.append(' ', el('span', { class: 'human' }, '(' + human(f.value) + ')'));
    }
    c.append(v);
    const ch = change(f);
    // More encryption is good news; more blocked traffic is only news.
    const good = f.metric === 'emails_sent_tls_share';
    const dir = ch.startsWith('+') ? (good ? 'down' : 'up') : ch.startsWith('-') ? (good ? 'up' : 'down') : '';
    c.append(el('p', { class: 'cmp' }, 'Previous (' + r.previous_window.label + '): ' + shown(f, true) + ' \u00b7 change ',
      el('span', { class: 'chg ' + dir }, ch)));
    if (f.by) {
      const max = Math.max(1, ...Object.values(f.by));
      const t = el('table', { class: 'reasons' });
      for (const [reason, n] of Object.entries(f.by)) {
        const bar = el('span', { class: 'rbar' });
        bar.style.width = (100 * n / max).toFixed(1) + '%';
        t.append(el('tr', {}, el('th', {}, reason), el('td', { class: 'rb' }, bar),
          el('td', { 'data-metric': f.metric, 'data-reason': reason, 'data-value': n }, int(n))));
      }
      c.append(t);
    }
    c.append(el('p', { class: 'def' }, el('b', {}, 'Definition: '), f.definition, ' ', el('b', {}, 'Unit: '),
      f.unit + (f.approximate ? ' (estimated, within about 2%)' : '') + '. ', el('b', {}, 'Window: '),
      r.window.label + ', time zone ' + r.time_zone + '.'));
    return c;
  }

  // Bar chart of one column of a series, as SVG.
  function chart(title, cls, series, col, hourly) {
    const W = 720, H = 200, left = 60, right = 8, top = 8, bottom = 24;
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
    for (let k = 0; k <= 4; k++) {
      const y = top + ph - ph * k / 4;
      s.append(svg('line', { x1: left, x2: W - right, y1: y, y2: y, class: 'grid' }));
      s.append(svg('text', { x: left - 4, y: y + 4, class: 'axis', 'text-anchor': 'end' }, int(step * k)));
    }
    const every = series.length <= 16 ? 1 : series.length <= 40 ? 3 : series.length <= 80 ? 6 : 12;
    series.forEach((d, i) => {
      const x = left + slot * i;
      const bh = topV ? ph * d[col] / topV : 0;
      const lab = hourly ? d.time : String(Number(d.date.slice(8)));
      if (d.no_data) {
        const g = svg('rect', { x, y: top, width: slot, height: ph, class: 'gap' });
        g.append(svg('title', {}, d.date + (hourly ? ' ' + d.time : '') + ': no data (possible gap)'));
        s.append(g);
      }
      const b = svg('rect', { x: x + slot * 0.12, y: top + ph - bh, width: slot * 0.76, height: bh, class: 'bar',
        'data-date': d.date, 'data-value': d[col] });
      if (hourly) b.setAttribute('data-hour', d.time);
      b.append(svg('title', {}, d.date + (hourly ? ' ' + d.time : '') + ': ' + int(d[col])));
      s.append(b);
      if (i % every === 0) s.append(svg('text', { x: x + slot / 2, y: H - 6, class: 'axis', 'text-anchor': 'middle' }, lab));
    });
    fig.append(s);
    return fig;
  }

  function render(r) {
    const site = r.site;
    $('scope').textContent = (r.sites.length > 1 || site === 'all' ? 'Sites: ' + (r.sites.join(', ') || 'none yet')
      : 'Site: ' + site) + ' \u00b7 ' + r.window.label + ' (' + r.window.from + ' to ' + r.window.to + ', time zone ' +
      r.time_zone + ') \u00b7 compared with ' + r.previous_window.label;
    document.title = 'threattally \u2014 ' + r.window.label;
    const hl = $('headline');
    clear(hl);
    for (const h of r.headline) hl.append(el('li', {}, h));
    const cards = $('cards');
    clear(cards);
    for (const f of r.figures) if (f.panel) cards.append(card(r, f));

    const charts = $('charts');
    clear(charts);
    const hourly = r.hourly && r.hourly.length > 0;
    const series = hourly ? r.hourly : r.daily;
    const unit = hourly ? 'hour' : 'day';
    $('chart-title').textContent = hourly ? 'Hour by hour' : 'Day by day';
    charts.append(chart('Emails blocked per ' + unit, 'emails', series, 'emails_blocked', hourly));
    charts.append(chart('Attacks prevented per ' + unit, 'attacks', series, 'attacks_blocked', hourly));

    const bs = $('by-site');
    clear(bs);
    $('by-site-section').hidden = !(r.by_site && r.by_site.length);
    if (r.by_site && r.by_site.length) {
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
      const lastDay = new Date(Date.parse(ts.to) - 86400000).toISOString().slice(0, 10);
      $('top-def').textContent = ts.definition + ' Days: ' + ts.from.slice(0, 10) + ' to ' + lastDay + ' (UTC).';
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
    const unparsed = Object.entries(q.unparsed_by_reason).map(([k, v]) => k + ' ' + int(v)).join(', ');
    const dropped = Object.entries(q.dropped_by_reason).map(([k, v]) => k + ' ' + int(v)).join(', ');
    qt.append(el('tr', {}, el('th', {}, 'Lines read'), el('td', { 'data-metric': 'lines_total', 'data-value': q.lines_total }, int(q.lines_total))));
    qt.append(el('tr', {}, el('th', {}, 'Lines unparsed'), el('td', { 'data-metric': 'lines_unparsed', 'data-value': q.lines_unparsed },
      int(q.lines_unparsed) + (unparsed ? ' (' + unparsed + ')' : ''))));
    qt.append(el('tr', {}, el('th', {}, 'Lines dropped'), el('td', { 'data-metric': 'lines_dropped', 'data-value': q.lines_dropped },
      int(q.lines_dropped) + (dropped ? ' (' + dropped + ')' : '') + (q.lines_dropped ? ' \u2014 possible data gap' : ''))));
    const st = $('sources');
    clear(st);
    st.append(el('thead', {}, el('tr', {}, el('th', {}, 'Site'), el('th', {}, 'Source'), el('th', {}, 'Last seen (UTC)'))));
    const sb = el('tbody');
    for (const s of q.sources) sb.append(el('tr', {}, el('td', {}, s.site), el('td', { class: 'src' }, s.name), el('td', {}, s.last_seen || 'unknown')));
    st.append(sb);
    const notes = $('notes');
    clear(notes);
    for (const n of q.notes) notes.append(el('li', {}, n));
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

  let timer = null;
  function load() {
    fetch('/api/report?' + api.toString(), { cache: 'no-store', credentials: 'same-origin' })
      .then((res) => res.json().then((body) => {
        if (!res.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + res.status);
        return body;
      }))
      .then((r) => {
        render(r);
        $('error').hidden = true;
        document.body.setAttribute('data-state', 'ready');
        $('status').textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshes every ' + refreshS + ' s.';
      })
      .catch((e) => {
        $('error').textContent = 'Could not load the figures: ' + e.message;
        $('error').hidden = false;
        document.body.setAttribute('data-state', 'error');
      })
      .finally(() => {
        timer = window.setTimeout(load, refreshS * 1000);
      });
  }

  document.addEventListener('DOMContentLoaded', () => {
    setNav();
    load();
  });
  void timer;
})();

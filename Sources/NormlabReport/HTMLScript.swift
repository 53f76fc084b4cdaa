/// The report page's script: a few dozen lines, no framework. Without it the page is complete
/// (static SVG, every table); with it a chart's legend entries hide and show their series, a
/// loss chart switches between linear and log y, and hovering a curve chart draws a vertical
/// rule with dots on the curves and a tooltip of the step and each curve's mean and band, with
/// the per-seed values of the curve nearest the pointer (read from the chart's JSON,
/// `HTMLChartData`). It creates SVG elements in
/// the namespace of the chart it draws on, so the page names no URL at all.
enum HTMLScript {
  static let source = #"""
(function () {
  'use strict';
  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) return '—';
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2).replace('e+', 'e');
    return String(parseFloat(v.toPrecision(4)));
  }
  function symlog(v) {
    var m = Math.abs(v), w = 1 / 0.9;
    return m <= 1 ? v * w : (v < 0 ? -1 : 1) * (w + Math.log10(m));
  }
  // [scale, lower, upper, deviceStart, deviceEnd] -> data value to SVG coordinate.
  function axis(a) {
    var f = a[0] === 'log' ? function (v) { return v > 0 ? Math.log10(v) : NaN; }
      : a[0] === 'symlog' ? symlog : function (v) { return v; };
    var lo = f(a[1]), hi = f(a[2]);
    return function (v) { return a[3] + (f(v) - lo) / (hi - lo) * (a[4] - a[3]); };
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function nearest(xs, x) {
    var best = -1, d = Infinity;
    for (var i = 0; i < xs.length; i++) {
      var di = Math.abs(xs[i] - x);
      if (xs[i] !== null && di < d) { d = di; best = i; }
    }
    return best;
  }

  function setup(fig) {
    var svgs = Array.prototype.slice.call(fig.querySelectorAll('svg.chart-svg'));
    var card = fig.querySelector('.chart-card');
    var hidden = {};
    var isHidden = function (keys) { return keys.some(function (k) { return hidden[k]; }); };

    function apply() {
      svgs.forEach(function (svg) {
        svg.querySelectorAll('g.series[data-keys]').forEach(function (g) {
          g.classList.toggle('is-hidden', isHidden(g.getAttribute('data-keys').split(' ')));
        });
        svg.querySelectorAll('g.legend-entry[data-key]').forEach(function (g) {
          var off = !!hidden[g.getAttribute('data-key')];
          g.classList.toggle('is-off', off);
          g.setAttribute('aria-pressed', off ? 'false' : 'true');
        });
      });
    }
    svgs.forEach(function (svg) {
      svg.querySelectorAll('g.legend-entry[data-key]').forEach(function (g) {
        var toggle = function (e) {
          var k = g.getAttribute('data-key');
          hidden[k] = !hidden[k];
          apply();
          e.preventDefault();
        };
        g.addEventListener('click', toggle);
        g.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') toggle(e); });
      });
    });

    var tools = fig.querySelector('.chart-tools');
    if (tools && svgs.length > 1) {
      var buttons = Array.prototype.slice.call(tools.querySelectorAll('button[data-view]'));
      var show = function (view) {
        svgs.forEach(function (svg, i) { svg.classList.toggle('alt-view', i !== view); });
        buttons.forEach(function (b) { b.setAttribute('aria-pressed', +b.getAttribute('data-view') === view ? 'true' : 'false'); });
      };
      buttons.forEach(function (b) { b.addEventListener('click', function () { show(+b.getAttribute('data-view')); }); });
      tools.hidden = false;
    }

    var source = fig.querySelector('script.chart-data');
    var data = null;
    try { data = source ? JSON.parse(source.textContent) : null; } catch (e) { data = null; }
    if (!data || !card) return;
    var tip = el('div', 'tooltip');
    tip.hidden = true;
    tip.setAttribute('role', 'status');
    card.appendChild(tip);

    svgs.forEach(function (svg) {
      var view = data.views[+svg.getAttribute('data-view')] || [];
      var ns = svg.namespaceURI;
      var rule = document.createElementNS(ns, 'line');
      rule.setAttribute('class', 'hover-rule');
      rule.style.display = 'none';
      var dots = document.createElementNS(ns, 'g');
      dots.setAttribute('class', 'hover-dots');
      svg.appendChild(rule);
      svg.appendChild(dots);
      var hide = function () {
        tip.hidden = true;
        rule.style.display = 'none';
        while (dots.firstChild) dots.removeChild(dots.firstChild);
      };
      svg.addEventListener('pointerleave', hide);
      svg.addEventListener('pointermove', function (e) {
        var ctm = svg.getScreenCTM();
        if (!ctm) return;
        var p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
        var index = view.findIndex(function (g) {
          var r = g.plot;
          return p.x >= r[0] && p.x <= r[0] + r[2] && p.y >= r[1] && p.y <= r[1] + r[3];
        });
        var panel = index >= 0 ? data.panels[index] : null;
        var rows = panel ? panel.rows.filter(function (row) { return !isHidden(row.keys.map(String)); }) : [];
        if (!rows.length) { hide(); return; }
        var g = view[index], mx = axis(g.x), my = axis(g.y), best = null;
        rows.forEach(function (row) {
          row.x.forEach(function (x) {
            var d = Math.abs(mx(x) - p.x);
            if (isFinite(d) && (best === null || d < best.d)) best = { d: d, x: x };
          });
        });
        if (!best) { hide(); return; }
        var px = mx(best.x), r = g.plot;
        rule.setAttribute('x1', px); rule.setAttribute('x2', px);
        rule.setAttribute('y1', r[1]); rule.setAttribute('y2', r[1] + r[3]);
        rule.style.display = '';
        while (dots.firstChild) dots.removeChild(dots.firstChild);
        // Every visible curve at this x; the one nearest the pointer also lists its seeds.
        var shown = [];
        rows.forEach(function (row) {
          var i = nearest(row.x, best.x);
          if (i < 0 || Math.abs(mx(row.x[i]) - px) > 3) return;
          var py = my(row.y[i]);
          shown.push({ row: row, i: i, py: py, d: isFinite(py) ? Math.abs(py - p.y) : Infinity });
          if (isFinite(py) && py >= r[1] && py <= r[1] + r[3]) {
            var dot = document.createElementNS(ns, 'circle');
            dot.setAttribute('cx', px); dot.setAttribute('cy', py); dot.setAttribute('r', 2.6);
            dot.setAttribute('fill', row.color);
            dots.appendChild(dot);
          }
        });
        var words = data.words || { band: 'band', smoothed: 'smoothed', seed: 'seed' };
        var focus = shown.reduce(function (a, b) { return b.d < a.d ? b : a; }, shown[0] || null);
        tip.textContent = '';
        var head = el('div', 'tip-x', (panel.x || 'x') + ' ' + fmt(best.x));
        if (shown.some(function (s) { return s.row.lo; })) head.appendChild(el('span', 'tip-band', ' · ' + words.band + ': ' + (data.band || words.band)));
        tip.appendChild(head);
        shown.forEach(function (s) {
          var row = s.row, i = s.i;
          var line = el('div', 'tip-row' + (s === focus ? ' focus' : ''));
          var swatch = el('span', 'tip-swatch' + (row.dash === 'solid' ? '' : ' dashed'));
          swatch.style.borderColor = row.color;
          line.appendChild(swatch);
          line.appendChild(el('span', 'tip-name', row.name));
          line.appendChild(el('span', 'tip-value', fmt(row.raw ? row.raw[i] : row.y[i])));
          if (row.lo && row.hi) line.appendChild(el('span', 'tip-band', '[' + fmt(row.lo[i]) + ', ' + fmt(row.hi[i]) + ']'));
          tip.appendChild(line);
          if (s === focus && (row.seeds || row.raw)) {
            var parts = [];
            if (row.raw) parts.push(words.smoothed + ' ' + fmt(row.y[i]));
            (row.seeds || []).forEach(function (seed) { parts.push(words.seed + ' ' + seed.seed + ': ' + fmt(seed.y[i])); });
            tip.appendChild(el('div', 'tip-seeds', parts.join(' · ')));
          }
        });
        tip.hidden = false;
        // Beside the rule, on the side with more room; within the card.
        var box = card.getBoundingClientRect(), x = e.clientX - box.left, y = e.clientY - box.top;
        var left = x > box.width / 2 ? x - tip.offsetWidth - 16 : x + 16;
        var top = Math.min(Math.max(0, y - tip.offsetHeight / 2), Math.max(0, box.height - tip.offsetHeight));
        left = Math.min(Math.max(0, left), Math.max(0, box.width - tip.offsetWidth));
        tip.style.left = left + 'px';
        tip.style.top = top + 'px';
      });
    });
  }

  document.documentElement.classList.add('js');
  document.querySelectorAll('figure.chart').forEach(setup);
})();
"""#
}

/// The report page's stylesheet: system fonts (no web fonts), light and dark themes from
/// `prefers-color-scheme`, charts on a light card in both (their colours were chosen for
/// white paper), and a print stylesheet that drops the controls, keeps every chart and table
/// whole and starts the main parts on new pages.
enum HTMLStyle {
  static let source = #"""
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --rule: #d1d9e0; --stripe: #f5f7f9;
  --head: #eef1f4; --accent: #4477aa; --code: #eff2f5; --card: #ffffff; --card-edge: #e3e7eb;
  --pass: #1a7f37; --fail: #cf222e; --warn-bg: #fff8c5; --warn-fg: #4d3800; --fail-bg: #ffebe9;
  --tip-bg: rgba(255, 255, 255, 0.97); --tip-fg: #1f2328; --tip-edge: #c5ccd3;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --fg: #e3e6ea; --muted: #9aa5b1; --rule: #353c45; --stripe: #171b21;
    --head: #1d232a; --accent: #7fb0e0; --code: #1f252c; --card: #fbfbfa; --card-edge: #3a414a;
    --pass: #4cc26a; --fail: #ff7b72; --warn-bg: #3b2f00; --warn-fg: #f5e08a; --fail-bg: #3d1214;
    --tip-bg: rgba(28, 33, 40, 0.97); --tip-fg: #e3e6ea; --tip-edge: #4a525c;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); }
body {
  margin: 0 auto; max-width: 62rem; padding: 2rem 1.5rem 4rem; background: var(--bg); color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "WenQuanYi Micro Hei", sans-serif;
}
h1, h2, h3 { line-height: 1.25; }
h1 { font-size: 2rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.45rem; margin: 2.6rem 0 0.8rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.5rem; }
a { color: var(--accent); }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; background: var(--code); padding: 0.08em 0.3em; border-radius: 3px; }
.eyebrow { margin: 0; color: var(--muted); font-size: 0.85rem; letter-spacing: 0.06em; text-transform: uppercase; }
.cover { border-bottom: 3px solid var(--accent); padding-bottom: 1rem; }
.cover .description { font-size: 1.05rem; }
.facts { display: flex; flex-wrap: wrap; gap: 0.4rem 2rem; margin: 1rem 0 0; font-size: 0.9rem; }
.facts div { display: flex; gap: 0.4rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.banner { margin: 1rem 0 0; padding: 0.6rem 0.9rem; border-radius: 6px; background: var(--warn-bg); color: var(--warn-fg); font-weight: 600; }
.banner.interrupted { background: var(--fail-bg); color: var(--fail); }
.toc { margin: 1.5rem 0 0; font-size: 0.95rem; }
.toc h2 { font-size: 1rem; margin: 0 0 0.3rem; border: 0; padding: 0; color: var(--muted); }
.toc ol { margin: 0; padding-left: 1.4rem; columns: 2 16rem; }
.note { color: var(--muted); font-size: 0.9rem; }
.table-wrap { overflow-x: auto; margin: 0.8rem 0 1.2rem; }
table.data { border-collapse: collapse; width: 100%; font-size: 0.86rem; font-variant-numeric: tabular-nums; }
table.data th, table.data td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--rule); }
table.data thead th { background: var(--head); border-bottom: 2px solid var(--rule); }
table.data tbody tr:nth-child(even) { background: var(--stripe); }
table.data td.key { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.95em; }
.verdict.pass { color: var(--pass); font-weight: 600; }
.verdict.fail { color: var(--fail); font-weight: 600; }
.tally { font-weight: 600; }
figure.chart { margin: 1.6rem auto 2rem; }
.settings-head { font-size: 0.95rem; color: var(--muted); margin: 1.2rem 0 0.3rem; }
.settings { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 0 1.6rem; margin: 0 0 1.2rem; font-size: 0.86rem; }
.settings div { display: flex; justify-content: space-between; gap: 1rem; padding: 0.28rem 0.2rem; border-bottom: 1px solid var(--rule); break-inside: avoid; }
.settings dt code { background: none; padding: 0; }
.settings dd { margin: 0; text-align: right; overflow-wrap: anywhere; }
.chart-tools { display: flex; justify-content: flex-end; align-items: center; gap: 0.3rem; font-size: 0.82rem; color: var(--muted); margin-bottom: 0.3rem; }
.chart-tools[hidden] { display: none; }
.chart-tools button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--rule); border-radius: 4px; padding: 0.1rem 0.6rem; cursor: pointer; }
.chart-tools button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: var(--bg); }
.chart-card { position: relative; background: var(--card); border: 1px solid var(--card-edge); border-radius: 8px; padding: 0.5rem; }
svg.chart-svg { display: block; width: 100%; height: auto; }
svg.chart-svg text { white-space: pre; }
svg.chart-svg.alt-view { display: none; }
.series.is-hidden { display: none; }
.legend-entry[data-key] { cursor: pointer; }
.legend-entry[data-key]:focus { outline: none; }
.legend-entry[data-key]:focus-visible { outline: 2px solid var(--accent); }
.legend-entry.is-off { opacity: 0.3; }
.hover-rule { stroke: #555555; stroke-width: 0.7; stroke-dasharray: 3 2; pointer-events: none; }
.hover-dots circle { stroke: #ffffff; stroke-width: 0.8; pointer-events: none; }
.tooltip {
  position: absolute; z-index: 2; pointer-events: none; max-width: 22rem; padding: 0.35rem 0.55rem;
  background: var(--tip-bg); color: var(--tip-fg); border: 1px solid var(--tip-edge); border-radius: 6px;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.18); font-size: 0.74rem; line-height: 1.35; font-variant-numeric: tabular-nums;
}
.tooltip[hidden] { display: none; }
.tip-x { font-weight: 700; margin-bottom: 0.15rem; }
.tip-x .tip-band { font-weight: 400; }
.tip-row { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tip-row.focus .tip-name { text-decoration: underline; }
.tip-swatch { display: inline-block; width: 1rem; margin-right: 0.35rem; vertical-align: middle; border-top: 2.5px solid; }
.tip-swatch.dashed { border-top-style: dashed; }
.tip-name { font-weight: 600; margin-right: 0.45rem; }
.tip-value { margin-right: 0.35rem; }
.tip-band { color: var(--muted); }
.tooltip .tip-band, .tooltip .tip-seeds { color: inherit; opacity: 0.72; }
.tip-seeds { padding-left: 1.35rem; margin-bottom: 0.1rem; }
figcaption { margin-top: 0.5rem; font-size: 0.9rem; color: var(--muted); }
figcaption p { margin: 0.3rem 0; }
.math-display { margin: 0.8rem 0; overflow-x: auto; }
math { font-family: "DejaVu Math TeX Gyre", "STIX Two Math", "Cambria Math", math; }
footer { margin-top: 3rem; padding-top: 0.8rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.82rem; }
@page { margin: 14mm 12mm; }
@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --fg: #000000; --muted: #444444; --rule: #bbbbbb; --stripe: #f3f3f3; --head: #e8e8e8;
    --code: #f0f0f0; --card: #ffffff; --card-edge: #ffffff; --pass: #1a7f37; --fail: #b00020;
    --warn-bg: #fff3b0; --warn-fg: #3d2e00; --fail-bg: #ffe3e0;
  }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .toc, .chart-tools, .tooltip, .hover-rule, .hover-dots { display: none !important; }
  .chart-card { border: 0; padding: 0; }
  svg.chart-svg { max-height: 11cm; }
  figure.chart, table.data tr, .math-display, .banner { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  main > section.part { break-before: page; }
  footer { break-before: avoid; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""#
}

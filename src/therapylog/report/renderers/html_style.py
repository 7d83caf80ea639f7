"""The summary page's stylesheet: calm on screen, clean on paper (A4 and Letter alike).

No ``@page size``: the page follows the paper the printer or the reader chooses, and the
layout is fluid down to the narrower of the two (A4, 210 mm). Sections, findings, charts and
table rows never split across pages; headings stay with what follows them.
"""

CSS = """
:root {
  --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --paper: #ffffff; --wash: #f5f7fa;
  --serious: #b42318; --serious-wash: #fef3f2; --warning: #b54708; --warning-wash: #fffaeb;
  --info: #175cd3; --info-wash: #eff8ff; --positive: #067647; --positive-wash: #ecfdf3;
  --before: #6172f3; --after: #c11574;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--wash); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "DejaVu Sans", sans-serif;
}
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; background: var(--paper); }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .25rem; letter-spacing: -.01em; }
h2 {
  font-size: 1.2rem; margin: 2rem 0 .75rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--line);
}
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
p { margin: .5rem 0; }
.meta { color: var(--muted); margin: 0; }
.meta strong { color: var(--ink); font-weight: 600; }
.notice {
  border-left: 4px solid var(--warning); background: var(--warning-wash);
  padding: .5rem .75rem; margin: 1rem 0;
}
.glance {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr)); gap: .5rem;
  margin: 1.25rem 0 0; padding: 0; list-style: none;
}
.glance li { border: 1px solid var(--line); border-radius: 8px; padding: .5rem .75rem; }
.glance .n { display: block; font-size: 1.35rem; font-weight: 650; line-height: 1.2; }
.glance .l { display: block; color: var(--muted); font-size: .8rem; }
ul.good { list-style: none; padding: 0; margin: 0; }
ul.good > li {
  position: relative; padding: .45rem .75rem .45rem 2.1rem; margin: .4rem 0;
  background: var(--positive-wash); border-radius: 8px;
}
ul.good > li::before {
  content: "✓"; position: absolute; left: .75rem; top: .45rem; color: var(--positive);
  font-weight: 700;
}
ul.good .t { font-weight: 600; display: block; }
ul.good ul { margin: .2rem 0; padding-left: 1.1rem; list-style: disc; }
.point {
  border: 1px solid var(--line); border-left: 5px solid var(--muted); border-radius: 8px;
  padding: .75rem 1rem; margin: .75rem 0;
}
.point.serious { border-left-color: var(--serious); }
.point.warning { border-left-color: var(--warning); }
.point.info { border-left-color: var(--info); }
.point h3 { margin: 0 0 .4rem; }
.point ul { margin: .35rem 0; padding-left: 1.25rem; }
.point .dates { color: var(--muted); font-size: .85rem; margin-bottom: 0; }
.private, .intro { color: var(--muted); font-style: italic; margin: 1rem 0 0; }
.point h3 .num { color: var(--muted); margin-right: .35rem; }
.facts .rule { color: var(--muted); font-size: .8rem; font-weight: 400; }
.facts li { margin: .2rem 0; }
table.compact { width: auto; min-width: 50%; }
section.safety {
  border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 8px;
  padding: .25rem 1rem .5rem; margin: .75rem 0;
}
.aside { font-size: .9rem; background: var(--wash); padding: .4rem .6rem; border-radius: 6px; }
.badge {
  display: inline-block; font-size: .7rem; font-weight: 700; letter-spacing: .05em;
  text-transform: uppercase; padding: .1rem .45rem; border-radius: 999px; margin-right: .4rem;
  vertical-align: .12em;
}
.badge.serious { color: var(--serious); background: var(--serious-wash); }
.badge.warning { color: var(--warning); background: var(--warning-wash); }
.badge.info { color: var(--info); background: var(--info-wash); }
.badge.positive { color: var(--positive); background: var(--positive-wash); }
ul.questions { list-style: none; padding: 0; }
ul.questions li { padding: .3rem 0 .3rem 1.8rem; position: relative; }
ul.questions li::before {
  content: ""; position: absolute; left: .2rem; top: .55rem; width: .85rem; height: .85rem;
  border: 1.5px solid var(--muted); border-radius: 3px;
}
figure { margin: 1rem 0 1.5rem; }
figcaption { font-weight: 600; margin-bottom: .25rem; }
figcaption small { display: block; font-weight: 400; color: var(--muted); }
svg.chart { width: 100%; height: auto; display: block; overflow: visible; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .tickmark { stroke: #9aa5b1; }
/* Chart text sizes are set on each <text> (the label layout depends on them), not here. */
svg .tick { fill: var(--muted); }
svg .tick.current { fill: var(--ink); font-weight: 700; }
svg .value, svg .cutoff-label {
  fill: var(--ink); paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round;
}
svg .period { fill: #e8ecf7; }
svg .before { fill: #fff; stroke: var(--before); stroke-width: 2; }
svg .after { fill: var(--after); }
svg .stem { stroke-width: 2.5; }
svg .stem.up { stroke: var(--positive); }
svg .stem.down { stroke: var(--serious); }
svg .series { fill: none; stroke-width: 2; }
svg .series.phq9, svg .point.phq9 { stroke: var(--before); }
svg .series.gad7, svg .point.gad7 { stroke: var(--after); }
svg .point { fill: #fff; stroke-width: 2; }
svg .cutoff { stroke-dasharray: 5 4; stroke-width: 1.2; }
svg .cutoff.phq9 { stroke: var(--before); }
svg .cutoff.gad7 { stroke: var(--after); }
svg .cutoff-label.phq9, svg .value.phq9 { fill: var(--before); }
svg .cutoff-label.gad7, svg .value.gad7 { fill: var(--after); }
svg .bar.empathic-failure { fill: #f79009; }
svg .bar.boundary { fill: var(--serious); }
svg .bar.safety { fill: #b42318; }
svg .bar.competence { fill: #c4320a; }
svg .bar.treatment { fill: #7a5af8; }
svg .bar.practical { fill: #2e90fa; }
svg .bar.reliability { fill: #98a2b3; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .8rem; color: var(--muted); margin: .25rem 0 0; padding: 0; list-style: none; }
.legend span { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -.1rem; margin-right: .3rem; }
.legend .before { border: 2px solid var(--before); border-radius: 50%; }
.legend .after { background: var(--after); border-radius: 50%; }
.legend .up { background: var(--positive); height: .25rem; vertical-align: .2rem; }
.legend .down { background: var(--serious); height: .25rem; vertical-align: .2rem; }
.legend .period { background: #e8ecf7; }
.legend .phq9 { background: var(--before); } .legend .gad7 { background: var(--after); }
.legend .empathic-failure { background: #f79009; } .legend .boundary { background: var(--serious); }
.legend .safety { background: #b42318; } .legend .competence { background: #c4320a; }
.legend .treatment { background: #7a5af8; } .legend .practical { background: #2e90fa; }
.legend .reliability { background: #98a2b3; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1.25rem; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .8rem; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td { overflow-wrap: anywhere; }
.twocol { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0 1.5rem; }
.note { white-space: pre-line; }
dl.notes dt { font-weight: 600; margin-top: .6rem; }
dl.notes dd { margin: .1rem 0 0; white-space: pre-line; }
.about h3 { font-size: .95rem; }
.about p { font-size: .9rem; }
footer { color: var(--muted); font-size: .8rem; margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: .75rem; }
@media (max-width: 30rem) { body { font-size: 14px; } main { padding: 1rem .75rem; } }
@page { margin: 14mm 13mm 16mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  html, body { background: #fff; font-size: 10pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h1 { font-size: 18pt; }
  h2 { font-size: 13pt; margin-top: 1.2rem; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .point, figure, ul.good > li, .glance, tr, dl.notes dd, .about h3 + p {
    break-inside: avoid; page-break-inside: avoid;
  }
  dl.notes dt, .about > p { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  svg.chart { max-height: 62mm; }
  footer { margin-top: 1rem; }
}
"""

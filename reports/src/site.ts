/**
 * The HTML report a person opens: reports/site/index.html, static (no server, no network, works from
 * file://). Every table (paper vs measured, Δ coloured, sortable by clicking a column header), every figure,
 * each number's runs one click away (runs/<sweep>/<id>.html: spec, metrics, history length, backend, git
 * commit), demo rows marked. Inline CSS and JS only.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join, relative } from 'node:path';
import { writeFileAtomic } from '@peftbench/util';
import type { BuildReportsResult } from './build.ts';
import { renderBudgetFigure, renderLayerFigure, renderParamsScatter, renderSparsityFigure, renderTrainingCurves } from './figures.ts';
import { renderFigure6 } from './it-tuning-figure6-chart.ts';
import { formatAggregate, formatDiff, formatNumber } from './format.ts';
import { methodLabel, type MethodInfo } from './methods.ts';
import { measuredParams } from './render-markdown.ts';
import type { ResultRecord } from './result-files.ts';
import type { GlueTable } from './table.ts';

export interface SiteOptions {
  outDir: string;
  noFigures?: boolean;
  methods?: readonly MethodInfo[];
}

export interface SiteResult {
  index: string;
  figures: string[];
  runs: number;
  /** Table sections written (id, title, row count), for tests. */
  sections: { id: string; title: string; rows: number }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function runProvenance(r: ResultRecord): string {
  const b = r.result.backend;
  return `${r.id}: ${b.name} (${b.threads} thread${b.threads === 1 ? '' : 's'}), git ${r.git.commit ? r.git.commit.slice(0, 10) + (r.git.dirty ? ' (dirty)' : '') : 'unknown'}`;
}

function runPage(r: ResultRecord, files: { result?: string; log?: string }): string {
  const best = r.result.best;
  const rows: [string, string][] = [
    ['run', r.id],
    ['sweep', r.sweep],
    ['status', `${r.result.status}${r.result.message ? ` — ${r.result.message}` : ''}`],
    ['family / task', `${r.spec.family} / ${r.spec.task}`],
    ['method', r.spec.method],
    ['method config', JSON.stringify(r.spec.methodConfig)],
    ['seed', String(r.spec.seed)],
    ['model', r.spec.model],
    ['data', JSON.stringify(r.spec.data)],
    ['protocol', r.spec.protocol],
    ['hyperparameters', JSON.stringify(r.spec.hyper)],
    ['trainable parameters', String(r.result.trainableParams)],
    ['selected checkpoint', best ? `${best.metric} = ${String(best.value)} at step ${best.step}` : 'none'],
    ['reported metrics', best?.testMetrics ? JSON.stringify(best.testMetrics) : '(selection split: see evals)'],
    ['evaluations', String(r.result.evals.length)],
    ['training history', r.result.history ? `${r.result.history.step.length} steps` : 'not recorded'],
    ['backend', `${r.result.backend.name}, ${r.result.backend.threads} thread(s); ${Object.entries(r.result.backend.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`],
    ['git commit', r.git.commit ? `${r.git.commit}${r.git.dirty ? ' (uncommitted changes)' : ''}` : 'unknown'],
    ['wall time', `${r.result.wallSeconds.toFixed(1)} s`],
    ['finished', r.finishedAt],
  ];
  const links = [files.result ? `<a href="${esc(files.result)}">result file</a>` : '', files.log ? `<a href="${esc(files.log)}">run log</a>` : ''].filter(Boolean).join(' · ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(r.id)}</title><style>${CSS}</style></head><body>
<p><a href="../../index.html">← report</a></p><h1>${esc(r.id)}</h1>${r.spec.data.kind === 'demo' ? '<p><span class="demo">demo data</span></p>' : ''}
${links ? `<p>${links}</p>` : ''}<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>Evaluations</h2><table class="kv"><tr><th>step</th><th>metrics</th></tr>${r.result.evals.map((e) => `<tr><td>${e.step}</td><td>${esc(JSON.stringify(e.metrics))}</td></tr>`).join('')}</table>
<h2>Result file</h2><pre>${esc(JSON.stringify(r, null, 2))}</pre></body></html>\n`;
}

function tableHtml(t: GlueTable, byId: Map<string, ResultRecord>, runHref: (r: ResultRecord) => string): string {
  const digits = Object.fromEntries(t.layout.columns.map((c) => [c.column, c.digits ?? 1]));
  const head = ['Method', '', '# Params', ...t.columns, ...(t.average ? ['Avg.'] : []), 'Runs'];
  const diffClass = (v: number | null) => (v === null ? '' : v > 0.05 ? ' class="pos"' : v < -0.05 ? ' class="neg"' : '');
  const groups = t.rows.map((row) => {
    const runs = row.runs.map((id) => byId.get(id)).filter((r): r is ResultRecord => r !== undefined);
    const prov = runs.map(runProvenance).join('\n');
    const measuredCell = (c: GlueTable['rows'][number]['cells'][string], col: string) =>
      `<td class="num" data-v="${c.measured?.mean ?? ''}"${c.measured ? ` title="${esc(`${c.measured.used}/${c.measured.of} runs${c.chosen ? `; ${c.chosen}` : ''}\n${prov}`)}"` : ''}>${formatAggregate(c.measured, digits[col])}</td>`;
    const status = row.status && !Object.values(row.cells).some((c) => c.measured) ? row.status : null;
    const links = runs.map((r) => `<a href="${esc(runHref(r))}" title="${esc(runProvenance(r))}">s${r.spec.seed}</a>`).join(' ');
    const measured = `<tr class="measured${status ? ' missing' : ''}"><th scope="row">${esc(row.label)}${runs.some((r) => r.spec.data.kind === 'demo') ? ' <span class="demo">demo</span>' : ''}</th><td>${status ? `<span class="status">${esc(status)}</span>` : 'measured'}</td><td class="num" data-v="${row.params[0] ?? ''}">${measuredParams(row)}</td>${t.columns.map((c) => measuredCell(row.cells[c], c)).join('')}${t.average ? `<td class="num" data-v="${row.avg.measured?.mean ?? ''}">${formatNumber(row.avg.measured?.mean ?? null)}${row.avg.measured && row.avg.over < row.avg.of ? ` (${row.avg.over}/${row.avg.of})` : ''}</td>` : ''}<td class="runs">${links}</td></tr>`;
    const p = row.paperRow;
    const paper = p
      ? `<tr class="paper"><td></td><td>paper (${esc(p.label_as_printed ?? p.method)}, ${esc(p.model)})</td><td class="num">${esc(p.trainable_params ?? '—')}</td>${t.columns.map((c) => `<td class="num">${formatNumber(row.cells[c].paper, digits[c])}</td>`).join('')}${t.average ? `<td class="num">${formatNumber(row.avg.paper)}</td>` : ''}<td></td></tr>
<tr class="delta"><td></td><td>Δ</td><td></td>${t.columns.map((c) => `<td class="num"${diffClass(row.cells[c].diff)}>${formatDiff(row.cells[c].diff, digits[c])}</td>`).join('')}${t.average ? `<td class="num"${diffClass(row.avg.diff)}>${formatDiff(row.avg.diff)}</td>` : ''}<td></td></tr>`
      : `<tr class="paper"><td></td><td>paper</td><td class="num">—</td>${t.columns.map(() => '<td class="num">—</td>').join('')}${t.average ? '<td class="num">—</td>' : ''}<td></td></tr>`;
    return `<tbody class="row" data-key="${esc(row.key)}">${measured}\n${paper}</tbody>`;
  });
  return `<table class="report sortable"><thead><tr>${head.map((h, i) => `<th${i >= 2 && i < head.length - 1 ? ' class="sort" title="click to sort by the measured value"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>\n${groups.join('\n')}</table>`;
}

const CSS = `body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;max-width:1400px}
table.report{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
table.report th,table.report td{border-bottom:1px solid #ddd;padding:.2rem .45rem;text-align:left}
table.report td.num{text-align:right;font-variant-numeric:tabular-nums}
table.report tbody.row{border-top:2px solid #999}
table.report tr.paper td,table.report tr.delta td{color:#555;font-size:.85rem}
th.sort{cursor:pointer;text-decoration:underline dotted}
td.pos{color:#1a7f37;font-weight:600} td.neg{color:#c62828;font-weight:600}
.status{color:#8a5a00;font-style:italic} tr.missing th{color:#777}
.demo{background:#ffe08a;border-radius:3px;padding:0 .3rem;font-size:.75rem}
dl.header{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;font-size:.85rem} dl.header dt{font-weight:600}
figure{display:inline-block;margin:.5rem} figure img{max-width:680px;border:1px solid #ddd}
table.kv th{text-align:left;padding-right:1rem;vertical-align:top} pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.8rem}
nav a{margin-right:.6rem;font-size:.85rem} .left-out{color:#c62828}`;

const SCRIPT = `(function(){
  var errors=[];
  window.addEventListener('error',function(e){errors.push(String(e.message||e));document.body.dataset.errors=String(errors.length);});
  document.querySelectorAll('table.sortable').forEach(function(table){
    table.querySelectorAll('th.sort').forEach(function(th){
      th.addEventListener('click',function(){
        var col=Array.prototype.indexOf.call(th.parentNode.children,th);
        var dir=th.dataset.dir==='desc'?'asc':'desc'; th.dataset.dir=dir;
        var groups=Array.prototype.slice.call(table.tBodies);
        groups.sort(function(a,b){
          var va=parseFloat(a.rows[0].cells[col].dataset.v), vb=parseFloat(b.rows[0].cells[col].dataset.v);
          if(isNaN(va)&&isNaN(vb))return 0; if(isNaN(va))return 1; if(isNaN(vb))return -1;
          return dir==='desc'?vb-va:va-vb;});
        groups.forEach(function(g){table.appendChild(g);});
      });
    });
  });
  function imagesDone(){
    var imgs=document.images, ok=0, bad=0;
    for(var i=0;i<imgs.length;i++){ if(imgs[i].complete&&imgs[i].naturalWidth>0)ok++; else bad++; }
    document.body.dataset.images=ok+'/'+imgs.length; document.body.dataset.brokenImages=String(bad);
    document.body.dataset.errors=String(errors.length); document.body.dataset.ready='1';
  }
  if(document.readyState==='complete')imagesDone(); else window.addEventListener('load',imagesDone);
})();`;

export async function buildSite(built: BuildReportsResult, o: SiteOptions): Promise<SiteResult> {
  rmSync(join(o.outDir, 'figures'), { recursive: true, force: true });
  rmSync(join(o.outDir, 'runs'), { recursive: true, force: true });
  mkdirSync(join(o.outDir, 'figures'), { recursive: true });
  const records = built.sweeps.flatMap((s) => s.records);
  const idIndex = new Map(records.map((r) => [r.id, r]));
  const runHref = (r: ResultRecord) => `runs/${slug(r.sweep)}/${r.id}.html`;
  for (const s of built.sweeps) {
    for (const r of s.records) {
      const result = join(s.dir, `${r.id}.json`);
      const log = join(s.dir, 'logs', `${r.id}.log`);
      writeFileAtomic(join(o.outDir, runHref(r)), runPage(r, { result: existsSync(result) ? pathToFileURL(result).href : undefined, log: existsSync(log) ? pathToFileURL(log).href : undefined }));
    }
  }
  const figures: string[] = [];
  const label = (m: string) => methodLabel(o.methods ?? [], m);
  const figure = async (name: string, png: Buffer | null, caption: string): Promise<string> => {
    if (!png) return '';
    const file = join(o.outDir, 'figures', `${name}.png`);
    writeFileAtomic(file, png);
    figures.push(file);
    return `<figure><img src="figures/${esc(name)}.png" alt="${esc(caption)}"><figcaption>${esc(caption)}</figcaption></figure>`;
  };

  const sections: string[] = [];
  const index: SiteResult['sections'] = [];
  const nav: string[] = [];
  for (const [i, b] of built.tables.entries()) {
    const t = b.table;
    const id = `t${i}-${slug(b.sweep || 'paper')}-${b.layoutId}`;
    nav.push(`<a href="#${id}">${esc(b.sweep ? `${b.sweep}: ${b.layoutId}` : b.layoutId)}</a>`);
    const mine = t.rows.flatMap((r) => r.runs).map((rid) => idIndex.get(rid)).filter((r): r is ResultRecord => r !== undefined);
    const figs: string[] = [];
    if (!o.noFigures) {
      figs.push(await figure(`${id}-figure6`, await renderFigure6(t), 'IT-Tuning Figure 6 layout: score per shift / scale combination and task (mean ± std over seeds)'));
      figs.push(await figure(`${id}-params`, await renderParamsScatter(t), `${t.title}: trainable parameters vs score`));
      const setRecords = b.sweep ? (built.sweeps.find((s) => s.name === b.sweep)?.records ?? []).filter((r) => r.spec.family === b.family) : [];
      for (const task of [...new Set(mine.map((r) => r.spec.task))]) {
        const curves = await renderTrainingCurves(t, setRecords, task);
        figs.push(await figure(`${id}-${slug(task)}-loss`, curves.loss, `${task}: training loss per row (mean ± std over seeds)`));
        figs.push(await figure(`${id}-${slug(task)}-metric`, curves.metric, `${task}: selection metric vs step per row (mean ± std over seeds)`));
      }
      if (b.layoutId.startsWith('id3-') && setRecords.length > 0) {
        figs.push(await figure(`${id}-budget`, await renderBudgetFigure(setRecords, label), 'ID3 Figure 5 layout: score vs budget'));
        figs.push(await figure(`${id}-sparsity`, await renderSparsityFigure(setRecords, 'sparsity', label), 'ID3 Figure 8 layout: tensor sparsity vs training iteration'));
        figs.push(await figure(`${id}-entropy`, await renderSparsityFigure(setRecords, 'entropy', label), 'ID3 Figure 9 layout: sparsity entropy vs training iteration'));
        figs.push(await figure(`${id}-layers`, await renderLayerFigure(setRecords, 'share', label), 'Budget share per layer after training (the allocation of ID3 Figure 7)'));
      }
    }
    const files = b.files.map((f) => relative(o.outDir, f)).map((f) => `<a href="${esc(f)}">${esc(f.split('/').pop()!)}</a>`).join(' · ');
    sections.push(`<section id="${id}" data-layout="${esc(b.layoutId)}" data-sweep="${esc(b.sweep)}">
<h2>${esc(t.title)}${t.demo ? ' <span class="demo">demo data</span>' : ''}</h2>
<dl class="header">${t.header.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
${tableHtml(t, idIndex, runHref)}
${t.notes.length ? `<details><summary>Notes (${t.notes.length})</summary><ul>${t.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></details>` : ''}
<p class="files">Markdown / CSV: ${files}</p>
${figs.filter(Boolean).join('\n')}
</section>`);
    index.push({ id, title: t.title, rows: t.rows.length });
  }
  const leftOut = built.leftOut.length
    ? `<section id="left-out"><h2 class="left-out">Result files left out (${built.leftOut.length})</h2><ul>${built.leftOut.map((l) => `<li><code>${esc(l.file)}</code>: ${esc(l.reason)}</li>`).join('')}</ul></section>`
    : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>peftbench report</title><style>${CSS}</style></head>
<body>
<h1>peftbench report</h1>
<p>Every table regenerated from result files (${records.length} runs in ${built.sweeps.length} sweep folder(s)) beside the papers' printed numbers
(<code>@peftbench/papers</code>). Δ = measured − paper (green above, red below). Click a column header to sort; hover a measured number for its runs,
backend and git commit; the run links open each run's config and metrics. Rows on <span class="demo">demo data</span> are marked.</p>
<nav>${nav.join(' ')}</nav>
${leftOut}
${sections.join('\n')}
<script>${SCRIPT}</script>
</body></html>
`;
  const indexFile = join(o.outDir, 'index.html');
  writeFileAtomic(indexFile, html);
  return { index: indexFile, figures, runs: records.length, sections: index };
}

'use strict';
// The dashboards for leaders: one page per view, chosen by the hash (#/page?year=&quarter=&county=
// &township=…) so a view can be shared by link. Every number comes from the JSON API
// (dashboards/README-api.md); the server enforces the roles, this code only adapts the filters
// to them and explains a refusal (403). Each chart's ECharts instance stays on its container
// (echarts.getInstanceByDom(el)), containers are marked data-chart="name" for tests.
(function () {
  const PAGES = {
    overview: {title: '总览', render: renderOverview},
    quintiles: {title: '五等份趋势', render: renderQuintiles},
    townships: {title: '乡镇对比', render: renderTownships},
    declining: {title: '收入下降户', render: renderDeclining},
    household: {title: '户收入历史', render: renderHousehold},
    subsidy: {title: '补贴发放', render: renderSubsidy},
    evidence: {title: '收入佐证', render: renderEvidence},
    quality: {title: '数据质量', render: renderQuality}
  };
  const QUARTER = ['', '第一季度', '第二季度', '第三季度', '第四季度'];
  const QUINTILE = ['全部脱贫人口', '低收入组', '中低收入组', '中等收入组', '中高收入组', '高收入组'];
  const SOURCE = {wage: '工资性', operating: '经营净', property: '财产性', transfer: '转移性'};
  const ROLE = {city: '市级', county: '县区', township: '乡镇', assessor: '考核评估', analyst: '数据分析'};
  const NOT_REPORTED = '该季度数据尚未报送';
  /** Indicators where a fall is the good direction (shares of problems, counts of failures). */
  const LOWER_IS_BETTER = ['E04', 'E05', 'E10', 'E12', 'E13'];
  const PALETTE = ['#8c1c13', '#d9822b', '#2f80ed', '#27ae60', '#7b61ff', '#5f6b7a'];

  let session = null;
  let regions = null;
  let periods = [];
  let labels = {};
  let renderToken = 0;

  // --- formatting (Chinese conventions) ---------------------------------------------------

  function num(v) {
    return v === null || v === undefined || v === '' ? null : Number(v);
  }
  function fmtNumber(v, digits) {
    const n = num(v);
    if (n === null || Number.isNaN(n)) {
      return '—';
    }
    return n.toLocaleString('zh-CN', {minimumFractionDigits: digits, maximumFractionDigits: digits});
  }
  function fmtYuan(v) {
    const n = num(v);
    if (n !== null && Math.abs(n) >= 100000) {
      return fmtNumber(n / 10000, 2) + ' 万元';
    }
    return n === null ? '—' : fmtNumber(n, 2) + ' 元';
  }
  function fmtPct(v) {
    return num(v) === null ? '—' : fmtNumber(v, 2) + '%';
  }
  function fmtCount(v, unit) {
    return num(v) === null ? '—' : fmtNumber(v, 0) + (unit ? ' ' + unit : '');
  }
  function fmtBool(v) {
    return v === true ? '是' : v === false ? '否' : '—';
  }
  function fmtByType(v, type) {
    switch (type) {
      case 'money': return num(v) === null ? '—' : fmtNumber(v, 2);
      case 'pct': return num(v) === null ? '—' : fmtNumber(v, 2);
      case 'ratio4': return num(v) === null ? '—' : fmtNumber(v, 4);
      case 'int': return num(v) === null ? '—' : fmtNumber(v, 0);
      case 'boolean': return fmtBool(v);
      default: return v === null || v === undefined ? '—' : String(v);
    }
  }
  function round2(x) {
    return x === null || !Number.isFinite(x) ? null : Math.round(x * 100) / 100;
  }
  function periodLabel(y, q) {
    return y + '年' + QUARTER[q];
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
  }

  // --- the URL state ---------------------------------------------------------------------

  function readState() {
    const hash = location.hash.replace(/^#\/?/, '');
    const [page, query] = hash.split('?');
    const p = new URLSearchParams(query || '');
    const state = {page: PAGES[page] ? page : null};
    for (const key of ['year', 'quarter', 'county', 'township', 'id', 'sort', 'order']) {
      state[key] = p.get(key) || null;
    }
    state.year = state.year ? Number(state.year) : null;
    state.quarter = state.quarter ? Number(state.quarter) : null;
    return state;
  }

  function hashOf(state) {
    const p = new URLSearchParams();
    for (const key of ['year', 'quarter', 'county', 'township', 'id', 'sort', 'order']) {
      if (state[key] !== null && state[key] !== undefined && state[key] !== '') {
        p.set(key, state[key]);
      }
    }
    return '#/' + state.page + '?' + p.toString();
  }

  function go(changes, replace) {
    const next = Object.assign(readState(), changes);
    const hash = hashOf(fixState(next));
    if (hash === location.hash) {
      render();
    } else if (replace) {
      history.replaceState(null, '', hash);
      render();
    } else {
      location.hash = hash;
    }
  }

  /** The state with the role's fixed area and a period filled in. */
  function fixState(s) {
    if (!s.page) {
      s.page = session.role === 'township' ? 'townships' : 'overview';
    }
    if (session.role === 'county' || session.role === 'township') {
      s.county = session.county;
    }
    if (session.role === 'township') {
      s.township = session.township;
    }
    if (s.township && !s.county) {
      const c = regions.counties.find(c => c.townships.includes(s.township));
      s.county = c ? c.county : null;
    }
    if (s.county && s.township) {
      const c = regions.counties.find(c => c.county === s.county);
      if (!c || !c.townships.includes(s.township)) {
        s.township = null;
      }
    }
    if (!s.year && periods.length) {
      s.year = periods[periods.length - 1].year;
    }
    if (!s.quarter) {
      const inYear = periods.filter(p => p.year === s.year);
      s.quarter = inYear.length ? inYear[inYear.length - 1].quarter : 4;
    }
    if (s.page !== 'household') {
      s.id = null;
    }
    if (s.page !== 'townships' && s.page !== 'declining') {
      s.sort = null;
      s.order = null;
    }
    return s;
  }

  // --- the API ---------------------------------------------------------------------------

  class Forbidden extends Error {}

  async function api(path) {
    const response = await fetch('api/' + path, {credentials: 'same-origin'});
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (response.status === 401) {
      location.href = 'login.html?next=' + encodeURIComponent(location.hash);
      throw new Error('未登录或登录已过期');
    }
    if (response.status === 403) {
      throw new Forbidden(body && body.message ? body.message : '');
    }
    if (!response.ok) {
      throw new Error('服务器返回 ' + response.status + (body && body.message ? '：' + body.message : ''));
    }
    return body;
  }

  function query(params) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== null && v !== undefined && v !== '') {
        p.set(k, v);
      }
    }
    const s = p.toString();
    return s ? '?' + s : '';
  }

  /** Every row of a mart for the filters, page after page (the API pages at 1000 rows). */
  async function martRows(mart, params) {
    const rows = [];
    for (let page = 1; page <= 200; page++) {
      const body = await api('marts/' + mart + query(Object.assign({}, params, {page: page, page_size: 1000})));
      rows.push(...body.rows);
      if (rows.length >= body.total || body.rows.length === 0) {
        break;
      }
    }
    return rows;
  }

  /** Like Promise.all, but a failure is always the first one in list order (the same message every time). */
  async function all(promises) {
    const results = await Promise.allSettled(promises);
    const failed = results.find(r => r.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    return results.map(r => r.value);
  }

  function exportUrl(mart, format, params) {
    return 'api/marts/' + mart + '/export' + query(Object.assign({}, params, {format: format}));
  }

  // --- page parts ------------------------------------------------------------------------

  function el(tag, attrs, html) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) {
        e.setAttribute(k, v);
      }
    }
    if (html !== undefined) {
      e.innerHTML = html;
    }
    return e;
  }

  function heading(view, title, note) {
    view.appendChild(el('h2', {}, esc(title)));
    if (note) {
      view.appendChild(el('p', {class: 'note'}, esc(note)));
    }
  }

  function forbiddenBox(view, message) {
    const who = ROLE[session.role] + '账号' + (session.township ? '（' + session.county + session.township + '）'
      : session.county ? '（' + session.county + '）' : '');
    view.appendChild(el('div', {class: 'forbidden', 'data-forbidden': ''},
      '无权访问：您的' + esc(who) + '不能查看此页面的数据。' + (message ? '<br><span class="muted">服务器说明：'
        + esc(message) + '</span>' : '') + '<br>如需查看，请联系市级管理员。'));
  }

  function emptyBox(parent, message) {
    parent.appendChild(el('div', {class: 'empty', 'data-empty': ''}, esc(message)));
  }

  /**
   * A panel with a title, a CSV download of its data (client side, UTF-8 with a BOM) and
   * optional API export links; returns its body.
   */
  function panel(parent, opts) {
    const p = el('section', {class: 'panel', 'data-panel': opts.name});
    const head = el('div', {class: 'panel-head'});
    head.appendChild(el('h3', {}, esc(opts.title)));
    const tools = el('div', {class: 'toolbar'});
    if (opts.csv) {
      const b = el('button', {type: 'button', 'data-csv': opts.name}, '下载 CSV');
      b.addEventListener('click', () => {
        const t = opts.csv();
        downloadCsv(opts.fileName || opts.name, t.header, t.rows);
      });
      tools.appendChild(b);
    }
    for (const link of opts.links || []) {
      tools.appendChild(el('a', {class: 'button', href: link.href, 'data-export': link.format, download: ''},
        esc(link.label)));
    }
    head.appendChild(tools);
    p.appendChild(head);
    const body = el('div', {class: 'panel-body'});
    p.appendChild(body);
    parent.appendChild(p);
    return body;
  }

  function csvCell(v) {
    if (v === null || v === undefined) {
      return '';
    }
    const s = String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function downloadCsv(name, header, rows) {
    const lines = [header.map(csvCell).join(',')].concat(rows.map(r => r.map(csvCell).join(',')));
    const blob = new Blob(['\uFEFF' + lines.join('\r\n') + '\r\n'], {type: 'text/csv;charset=utf-8'});
    const a = el('a', {href: URL.createObjectURL(blob), download: name + '.csv'});
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  function chart(parent, name, option, small) {
    const box = el('div', {class: 'chart' + (small ? ' small' : ''), 'data-chart': name});
    parent.appendChild(box);
    const instance = echarts.init(box, null, {renderer: 'canvas'});
    for (const series of option.series || []) {
      if (series.type === 'bar' && !series.barMaxWidth) {
        series.barMaxWidth = 56;
      }
    }
    instance.setOption(Object.assign({animation: false, textStyle: {fontFamily: 'Noto Sans CJK SC, Microsoft YaHei, sans-serif'}},
      option));
    return instance;
  }

  /** A sortable table of rows; columns: {name, label, type, link(row)}. */
  function table(parent, name, columns, rows, opts) {
    opts = opts || {};
    const wrap = el('div', {class: 'table-wrap'});
    const t = el('table', {class: 'data', 'data-table': name});
    const thead = el('thead');
    const tr = el('tr');
    for (const c of columns) {
      const numeric = ['int', 'money', 'pct', 'ratio4'].includes(c.type);
      const th = el('th', {'data-column': c.name, class: (numeric ? '' : 'text ') + (opts.sort === c.name
        ? (opts.order === 'desc' ? 'sorted-desc' : 'sorted-asc') : ''), title: c.definition || null}, esc(c.label));
      if (opts.onSort) {
        th.addEventListener('click', () => opts.onSort(c.name));
      }
      tr.appendChild(th);
    }
    thead.appendChild(tr);
    t.appendChild(thead);
    const tbody = el('tbody');
    for (const r of rows) {
      const row = el('tr', {class: opts.onRow ? 'clickable' : null, 'data-key': opts.key ? opts.key(r) : null});
      for (const c of columns) {
        const numeric = ['int', 'money', 'pct', 'ratio4'].includes(c.type);
        const td = el('td', {class: numeric ? null : 'text', 'data-column': c.name});
        if (c.link && c.link(r)) {
          const a = el('a', {}, esc(fmtByType(r[c.name], c.type)));
          a.addEventListener('click', (e) => {
            e.stopPropagation();
            c.link(r)();
          });
          td.appendChild(a);
        } else {
          td.textContent = c.format ? c.format(r[c.name], r) : fmtByType(r[c.name], c.type);
        }
        row.appendChild(td);
      }
      if (opts.onRow) {
        row.addEventListener('click', () => opts.onRow(r));
      }
      tbody.appendChild(row);
    }
    t.appendChild(tbody);
    wrap.appendChild(t);
    parent.appendChild(wrap);
    return t;
  }

  function martColumns(mart) {
    return labels[mart] || [];
  }

  function areaNote(s, what) {
    return s.township ? what + '按县区统计，未按乡镇筛选；乡镇情况见“乡镇对比”。' : null;
  }

  // --- 总览 ----------------------------------------------------------------------------------

  async function renderOverview(view, s) {
    const region = s.county || regions.city;
    heading(view, '总览 · ' + region + ' · ' + periodLabel(s.year, s.quarter), areaNote(s, '考核指标'));
    view.appendChild(el('div', {class: 'print-only'}, '<p>打印时间：' + esc(new Date().toLocaleString('zh-CN'))
      + '</p>'));
    const data = await api('indicators' + query({county: s.county}));
    const tools = panel(view, {
      name: 'indicators', title: '考核评价指标（E01–E13）',
      csv: () => ({
        header: ['region', 'indicator_code', 'indicator_name', 'year', 'quarter', 'numerator', 'denominator', 'value', 'unit'],
        rows: data.indicators.flatMap(i => i.series.map(p => [data.region, i.code, i.name, p.year, p.quarter,
          p.numerator, p.denominator, p.value, i.unit]))
      }),
      fileName: 'indicators_' + data.region,
      links: [{label: '导出 XLSX', format: 'xlsx', href: exportUrl('mart_evaluation_metrics', 'xlsx',
        {year: s.year, quarter: s.quarter, county: s.county})}]
    });
    const print = el('button', {type: 'button', 'data-print': ''}, '打印');
    print.addEventListener('click', () => window.print());
    tools.parentElement.querySelector('.toolbar').appendChild(print);
    const current = data.indicators.filter(i => i.series.some(p => p.year === s.year && p.quarter === s.quarter));
    if (!current.length) {
      emptyBox(tools, NOT_REPORTED + '（' + periodLabel(s.year, s.quarter) + '没有考核指标数据）');
      return;
    }
    const grid = el('div', {class: 'grid'});
    tools.appendChild(grid);
    for (const i of data.indicators) {
      const index = i.series.findIndex(p => p.year === s.year && p.quarter === s.quarter);
      const point = index >= 0 ? i.series[index] : null;
      const prev = index > 0 ? i.series[index - 1] : null;
      const card = el('div', {class: 'card', 'data-indicator': i.code});
      card.appendChild(el('div', {class: 'code'}, esc(i.code)));
      card.appendChild(el('div', {class: 'name'}, esc(i.name)));
      const value = point ? num(point.value) : null;
      const shown = value === null ? '—' : fmtNumber(value, ['人', '笔', '户'].includes(i.unit) ? 0 : 2);
      card.appendChild(el('div', {}, '<span class="value" data-value>' + esc(shown) + '</span><span class="unit">'
        + esc(value === null ? '' : i.unit) + '</span>'));
      let delta = '';
      if (!point) {
        delta = '<span class="flat">' + NOT_REPORTED + '</span>';
      } else if (value === null) {
        delta = '<span class="flat">本期无法计算（缺少可比数据或未配置监测线）</span>';
      } else if (prev && num(prev.value) !== null) {
        const d = value - num(prev.value);
        const unit = i.unit === '%' || i.unit === '百分点' ? '个百分点' : i.unit;
        const better = LOWER_IS_BETTER.includes(i.code) ? d < 0 : d > 0;
        const cls = d === 0 ? 'flat' : better ? 'better' : 'worse';
        delta = '<span class="' + cls + '" data-delta="' + round2(d) + '">较' + periodLabel(prev.year, prev.quarter) + ' '
          + (d > 0 ? '↑ ' : d < 0 ? '↓ ' : '持平 ') + (d === 0 ? '' : fmtNumber(Math.abs(d), unit === '个百分点' ? 2 : 0) + ' ' + unit)
          + '</span>';
      } else {
        delta = '<span class="flat">无上期数据</span>';
      }
      card.appendChild(el('div', {class: 'delta'}, delta));
      if (point && num(point.denominator) !== null) {
        card.appendChild(el('div', {class: 'frac'}, esc('分子 ' + fmtNumber(point.numerator, 2) + ' / 分母 '
          + fmtNumber(point.denominator, 2))));
      }
      grid.appendChild(card);
      const upTo = i.series.filter(p => p.year < s.year || (p.year === s.year && p.quarter <= s.quarter));
      chart(card, 'trend-' + i.code, {
        grid: {left: 4, right: 4, top: 6, bottom: 4},
        xAxis: {type: 'category', show: false, boundaryGap: false, data: upTo.map(p => p.year + 'Q' + p.quarter)},
        yAxis: {type: 'value', show: false, scale: true},
        tooltip: {trigger: 'axis'},
        series: [{type: 'line', name: i.name, symbolSize: 4, data: upTo.map(p => num(p.value)),
          lineStyle: {color: '#8c1c13'}, itemStyle: {color: '#8c1c13'}}]
      }, true);
    }
    view.appendChild(el('p', {class: 'note'}, '数据截至：' + esc(data.as_of || '—') + '。百分比指标的变化以百分点计。'));
  }

  // --- 五等份趋势 -------------------------------------------------------------------------------

  async function renderQuintiles(view, s) {
    heading(view, '五等份趋势 · ' + regions.city, s.county ? '五等份分组为全市口径，不按县区、乡镇筛选。' : null);
    const [trend, transition, cohort] = await all([
      martRows('mart_quintile_trend', {}), martRows('mart_quintile_transition', {}), martRows('mart_cohort_progress', {})]);
    const grid = el('div', {class: 'grid-2'});
    view.appendChild(grid);

    const methods = [...new Set(trend.map(r => r.method))];
    const method = methods[0];
    const years = [...new Set(trend.map(r => r.year))].sort();
    const rowsOf = (q) => years.map(y => trend.find(r => r.year === y && r.quintile === q && r.method === method));
    let body = panel(grid, {
      name: 'quintile-trend', title: '各组人均纯收入（元）',
      csv: () => ({header: ['year', 'quintile', 'method', 'pc_mean'],
        rows: trend.map(r => [r.year, r.quintile, r.method, r.pc_mean])}),
      links: [{label: '导出 CSV（全部列）', format: 'csv', href: exportUrl('mart_quintile_trend', 'csv', {})}]
    });
    if (!trend.length) {
      emptyBox(body, '尚无五等份分组数据（需要第四季度收入采集）');
    } else {
      chart(body, 'quintile-trend', {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 20, top: 40, bottom: 30},
        xAxis: {type: 'category', data: years.map(y => y + '年')},
        yAxis: {type: 'value', name: '元'},
        series: [1, 2, 3, 4, 5].map(q => ({type: 'line', name: QUINTILE[q], data: rowsOf(q).map(r => r ? num(r.pc_mean) : null)}))
      });
      if (methods.length) {
        body.appendChild(el('p', {class: 'note'}, '分组方法：' + esc(methods.join('、'))));
      }
    }

    const inYear = trend.filter(r => r.year === s.year && r.method === method).sort((a, b) => a.quintile - b.quintile);
    body = panel(grid, {
      name: 'quintile-composition', title: s.year + '年各组收入构成（%）',
      csv: () => ({header: ['year', 'quintile', 'wage_share', 'operating_share', 'property_share', 'transfer_share'],
        rows: inYear.map(r => [r.year, r.quintile, r.wage_share, r.operating_share, r.property_share, r.transfer_share])})
    });
    if (!inYear.length) {
      emptyBox(body, '该年度数据尚未报送（' + s.year + '年没有五等份分组）');
    } else {
      chart(body, 'quintile-composition', {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 50, right: 20, top: 40, bottom: 30},
        xAxis: {type: 'category', data: inYear.map(r => QUINTILE[r.quintile])},
        yAxis: {type: 'value', name: '%'},
        series: ['wage', 'operating', 'property', 'transfer'].map(k => ({type: 'bar', stack: 'share', name: SOURCE[k] + '收入',
          data: inYear.map(r => num(r[k + '_share']))}))
      });
    }

    const baseYear = s.year - 1;
    const moves = transition.filter(r => r.base_year === baseYear);
    body = panel(grid, {
      name: 'quintile-transition', title: baseYear + '年→' + s.year + '年 组间流动（户）',
      csv: () => ({header: ['base_year', 'from_quintile', 'to_quintile', 'households'],
        rows: moves.map(r => [r.base_year, r.from_quintile, r.to_quintile, r.households])})
    });
    if (!moves.length) {
      emptyBox(body, '没有' + baseYear + '年到' + s.year + '年的组间流动数据（需要连续两年分组）');
    } else {
      const names = [1, 2, 3, 4, 5].map(q => QUINTILE[q]);
      chart(body, 'quintile-transition', {
        tooltip: {formatter: p => baseYear + '年' + names[p.value[1]] + ' → ' + s.year + '年' + names[p.value[0]] + '：' + p.value[2] + ' 户'},
        grid: {left: 110, right: 20, top: 10, bottom: 90},
        xAxis: {type: 'category', data: names, name: s.year + '年组别', nameLocation: 'middle', nameGap: 28},
        yAxis: {type: 'category', data: names, name: baseYear + '年组别', nameLocation: 'middle', nameGap: 90},
        visualMap: {min: 0, max: Math.max(...moves.map(r => r.households)), calculable: true, orient: 'horizontal',
          left: 'center', bottom: 0, inRange: {color: ['#fff5eb', '#8c1c13']}},
        series: [{type: 'heatmap', name: '户数', label: {show: true},
          data: moves.map(r => [r.to_quintile - 1, r.from_quintile - 1, r.households])}]
      });
    }

    const periodsOf = [...new Set(cohort.map(r => r.year * 10 + r.quarter))].sort();
    const line = (bq) => periodsOf.map(k => {
      const r = cohort.find(r => r.year * 10 + r.quarter === k && r.base_quintile === bq);
      return r ? num(r.growth_pct) : null;
    });
    body = panel(grid, {
      name: 'cohort-progress', title: '低收入组与全部脱贫人口人均纯收入增幅（%，年初至季末同比）',
      csv: () => ({header: ['year', 'quarter', 'base_quintile', 'households', 'pc_mean_current', 'pc_mean_prior', 'growth_pct'],
        rows: cohort.filter(r => r.base_quintile <= 1).map(r => [r.year, r.quarter, r.base_quintile, r.households,
          r.pc_mean_current, r.pc_mean_prior, r.growth_pct])}),
      links: [{label: '导出 CSV（全部列）', format: 'csv', href: exportUrl('mart_cohort_progress', 'csv', {})}]
    });
    if (!cohort.length) {
      emptyBox(body, '尚无队列进展数据（需要上年分组和上年同期收入采集）');
    } else {
      chart(body, 'cohort-progress', {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 50, right: 20, top: 40, bottom: 30},
        xAxis: {type: 'category', data: periodsOf.map(k => Math.floor(k / 10) + '年Q' + (k % 10))},
        yAxis: {type: 'value', name: '%'},
        series: [{type: 'line', name: '低收入组（上年第1组）', data: line(1), lineStyle: {width: 3}},
          {type: 'line', name: '全部脱贫人口', data: line(0), lineStyle: {type: 'dashed'}}]
      });
    }
  }

  // --- 乡镇对比 -------------------------------------------------------------------------------

  async function renderTownships(view, s) {
    const scope = s.county || regions.city;
    heading(view, '乡镇对比 · ' + scope + ' · ' + periodLabel(s.year, s.quarter),
      '点击表头排序；点击县区进入该县区，点击乡镇查看该乡镇的收入下降户。' + (s.county ? '排名为县内排名。' : '排名为全市排名。'));
    const params = {year: s.year, quarter: s.quarter, county: s.county, township: s.township};
    const rows = await martRows('mart_township_comparison', Object.assign({sort: s.sort, order: s.order}, params));
    const ranked = rows.filter(r => num(r.pc_growth_pct) !== null)
      .sort((a, b) => num(b.pc_growth_pct) - num(a.pc_growth_pct));
    let body = panel(view, {
      name: 'township-growth', title: '各乡镇人均纯收入增幅（%）',
      csv: () => ({header: ['county', 'township', 'pc_growth_pct', s.county ? 'rank_in_county' : 'rank_in_city'],
        rows: ranked.map(r => [r.county, r.township, r.pc_growth_pct, s.county ? r.rank_in_county : r.rank_in_city])})
    });
    if (!rows.length) {
      emptyBox(body, NOT_REPORTED + '（' + scope + periodLabel(s.year, s.quarter) + '没有乡镇对比数据）');
      return;
    }
    if (!ranked.length) {
      emptyBox(body, '本期没有可比户（缺少上年同期收入采集），无法计算增幅和排名');
    } else {
      const c = chart(body, 'township-growth', {
        tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
        grid: {left: 130, right: 80, top: 10, bottom: 30},
        xAxis: {type: 'value', name: '%'},
        yAxis: {type: 'category', inverse: true, data: ranked.map(r => (s.county ? '' : r.county + ' ') + r.township)},
        series: [{type: 'bar', name: '人均纯收入增幅', data: ranked.map(r => num(r.pc_growth_pct)),
          label: {show: true, position: 'right', formatter: p => fmtNumber(p.value, 2) + '%'}}]
      });
      c.getDom().style.height = Math.max(240, 34 * ranked.length + 50) + 'px';
      c.resize();
      c.on('click', p => go({page: 'declining', county: ranked[p.dataIndex].county, township: ranked[p.dataIndex].township}));
    }
    body = panel(view, {
      name: 'township-table', title: '乡镇对比明细',
      links: [{label: '导出 CSV', format: 'csv', href: exportUrl('mart_township_comparison', 'csv', params)}]
    });
    const columns = martColumns('mart_township_comparison').filter(c => !['year', 'quarter'].includes(c.name)).map(c =>
      Object.assign({}, c, {
        link: c.name === 'county' ? r => () => go({county: r.county, township: null})
          : c.name === 'township' ? r => () => go({page: 'declining', county: r.county, township: r.township}) : null
      }));
    table(body, 'township-table', columns, rows, {
      sort: s.sort, order: s.order, key: r => r.county + '/' + r.township,
      onSort: name => go({sort: name, order: s.sort === name && s.order !== 'desc' ? 'desc' : 'asc'})
    });
  }

  // --- 收入下降户 ------------------------------------------------------------------------------

  async function renderDeclining(view, s) {
    const scope = (s.county || regions.city) + (s.township || '');
    heading(view, '收入下降户 · ' + scope + ' · ' + periodLabel(s.year, s.quarter),
      '人均纯收入低于上年同期或（第四季度）低于监测线的户；点击一行查看该户各期情况。');
    const params = {year: s.year, quarter: s.quarter, county: s.county, township: s.township};
    const rows = await martRows('mart_declining_households', Object.assign({sort: s.sort || 'change_pct', order: s.order || 'asc'}, params));
    const checks = el('div', {class: 'checks'});
    const filters = [['declined', '收入下降'], ['below_line', '低于监测线'], ['escalation_required', '需提级帮扶'],
      ['not_escalated', '需提级但未提级']];
    for (const [key, text] of filters) {
      checks.appendChild(el('label', {}, '<input type="checkbox" data-filter="' + key + '"> ' + esc(text)));
    }
    view.appendChild(checks);
    const bySource = Object.keys(SOURCE).map(k => rows.filter(r => r.declined && r.main_decline_source === k).length);
    let body = panel(view, {
      name: 'decline-sources', title: '收入下降户的主要下降来源（户）',
      csv: () => ({header: ['main_decline_source', 'households'], rows: Object.keys(SOURCE).map((k, i) => [k, bySource[i]])})
    });
    if (!rows.length) {
      emptyBox(body, '该季度没有收入下降或低于监测线的户，或数据尚未报送');
    } else {
      chart(body, 'decline-sources', {
        tooltip: {trigger: 'axis'}, grid: {left: 50, right: 20, top: 20, bottom: 30},
        xAxis: {type: 'category', data: Object.values(SOURCE).map(v => v + '收入')},
        yAxis: {type: 'value', name: '户', minInterval: 1},
        series: [{type: 'bar', name: '户数', data: bySource, itemStyle: {color: '#d9822b'}}]
      });
    }
    body = panel(view, {
      name: 'declining-table', title: '户列表',
      links: [{label: '导出 XLSX', format: 'xlsx', href: exportUrl('mart_declining_households', 'xlsx', params)},
        {label: '导出 CSV', format: 'csv', href: exportUrl('mart_declining_households', 'csv', params)}]
    });
    const count = el('p', {class: 'note', 'data-count': ''});
    body.appendChild(count);
    const holder = el('div');
    body.appendChild(holder);
    const show = ['household_id', 'county', 'township', 'village', 'household_type', 'household_size', 'head_name_masked',
      'base_quintile', 'pc_current', 'pc_prior', 'change_pct', 'declined', 'below_line', 'main_decline_source',
      'escalation_required', 'escalated', 'helper_level'];
    const columns = martColumns('mart_declining_households').filter(c => show.includes(c.name)).map(c => Object.assign({}, c,
      c.name === 'main_decline_source' ? {format: v => v ? SOURCE[v] + '收入' : '—'} : {}));
    const draw = () => {
      const on = [...checks.querySelectorAll('input:checked')].map(i => i.dataset.filter);
      const shown = rows.filter(r => on.every(f => f === 'not_escalated' ? r.escalation_required && !r.escalated : r[f]));
      count.textContent = '共 ' + shown.length + ' 户' + (shown.length !== rows.length ? '（筛选前 ' + rows.length + ' 户）' : '');
      holder.innerHTML = '';
      if (!shown.length) {
        emptyBox(holder, rows.length ? '没有符合勾选条件的户' : '没有需要关注的户');
        return;
      }
      table(holder, 'declining-table', columns, shown, {
        sort: s.sort || 'change_pct', order: s.order || 'asc', key: r => r.household_id,
        onSort: name => go({sort: name, order: (s.sort || 'change_pct') === name && (s.order || 'asc') !== 'desc' ? 'desc' : 'asc'}),
        onRow: r => go({page: 'household', id: r.household_id, county: r.county, township: r.township})
      });
    };
    checks.addEventListener('change', draw);
    draw();
  }

  async function renderHousehold(view, s) {
    heading(view, '户收入历史 · ' + (s.id || ''), '该户在各期监测范围快照中的收入、构成、务工、帮扶措施和补贴发放（均为年初至季末累计）。');
    if (!s.id) {
      emptyBox(view, '请先在“收入下降户”列表中选择一户');
      return;
    }
    const data = await api('households/' + encodeURIComponent(s.id));
    const points = data.periods;
    const latest = data.latest;
    const head = latest.history || latest.declining || latest.evidence;
    if (head) {
      const name = latest.declining && latest.declining.head_name_masked;
      view.appendChild(el('p', {class: 'note', 'data-household-head': ''}, esc(head.county + ' ' + head.township
        + (head.village ? ' ' + head.village : '')
        + (head.household_type ? ' · ' + head.household_type : '') + (head.household_size ? ' · ' + head.household_size + ' 人' : '')
        + (head.helper_level ? ' · 帮扶责任人 ' + head.helper_level : '') + (name ? ' · 户主 ' + name : ''))));
    }
    const flags = [];
    if (latest.declining) {
      const d = latest.declining;
      const what = [d.declined ? '收入下降' : null, d.below_line ? '低于监测线' : null,
        d.escalation_required ? (d.escalated ? '需提级帮扶，已提级' : '需提级帮扶，未提级') : null].filter(x => x);
      flags.push('最近一次列入收入下降户：' + periodLabel(d.year, d.quarter) + (what.length ? '（' + what.join('，') + '）' : ''));
    }
    if (latest.evidence) {
      const e = latest.evidence;
      flags.push('最近一期收入佐证（' + periodLabel(e.year, e.quarter) + '）覆盖率 ' + fmtPct(e.evidence_coverage)
        + (e.unsupported_wage ? '，工资性无佐证' : '') + (e.unsupported_transfer ? '，转移性无佐证' : ''));
    }
    if (flags.length) {
      view.appendChild(el('p', {class: 'note', 'data-household-flags': ''}, esc(flags.join('；'))));
    }

    // pc by quarter: the history table's pc (every snapshot period), else the declining mart's
    const byPeriod = {};
    for (const p of points) {
      byPeriod[p.year + '-' + p.quarter] = p;
    }
    const pcOf = p => p ? (p.history ? num(p.history.pc) : p.declining ? num(p.declining.pc_current) : null) : null;
    const priorOf = p => {
      const before = pcOf(byPeriod[(p.year - 1) + '-' + p.quarter]);
      return before !== null ? before : p.declining ? num(p.declining.pc_prior) : null;
    };
    const incomePoints = points.filter(p => pcOf(p) !== null);
    const label = p => p.year + '年Q' + p.quarter;
    let body = panel(view, {
      name: 'household-income', title: '人均纯收入：本期与上年同期（元，年初至季末累计）',
      csv: () => ({header: ['year', 'quarter', 'pc', 'pc_prior'],
        rows: incomePoints.map(p => [p.year, p.quarter, pcOf(p), priorOf(p)])}),
      fileName: 'household_' + s.id
    });
    if (!incomePoints.length) {
      emptyBox(body, '该户没有收入采集数据');
    } else {
      chart(body, 'household-income', {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 20, top: 40, bottom: 30},
        xAxis: {type: 'category', data: incomePoints.map(label)},
        yAxis: {type: 'value', name: '元'},
        series: [{type: 'bar', name: '本期人均纯收入', data: incomePoints.map(pcOf)},
          {type: 'bar', name: '上年同期人均纯收入', data: incomePoints.map(priorOf)}]
      });
    }

    const hist = points.filter(p => p.history).map(p => Object.assign({period: periodLabel(p.year, p.quarter)}, p.history));
    const surveyed = points.filter(p => p.history && p.history.surveyed);
    const COMPONENTS = [['wage_income', 'wage'], ['operating_net', 'operating'], ['property_income', 'property'],
      ['transfer_income', 'transfer']];
    body = panel(view, {
      name: 'household-components', title: '收入构成（元，年初至季末累计）',
      csv: () => ({header: ['year', 'quarter', 'net_income'].concat(COMPONENTS.map(c => c[0])),
        rows: surveyed.map(p => [p.year, p.quarter, p.history.net_income].concat(COMPONENTS.map(c => p.history[c[0]])))}),
      fileName: 'household_' + s.id + '_components'
    });
    if (!surveyed.length) {
      emptyBox(body, '该户没有收入构成数据');
    } else {
      chart(body, 'household-components', {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 20, top: 40, bottom: 30},
        xAxis: {type: 'category', data: surveyed.map(label)},
        yAxis: {type: 'value', name: '元'},
        series: COMPONENTS.map((c, i) => ({type: 'bar', stack: 'income', name: SOURCE[c[1]] + '收入',
          itemStyle: {color: PALETTE[i + 1]}, data: surveyed.map(p => num(p.history[c[0]]))}))
      });
    }

    const withHistory = points.filter(p => p.history);
    body = panel(view, {
      name: 'household-support', title: '务工、救助、帮扶措施与补贴发放（年初至季末累计）',
      csv: () => ({header: ['year', 'quarter', 'employed_months', 'assistance_months', 'interventions',
        'intervention_amount', 'payments_due', 'payments_paid', 'payments_on_time_full', 'amount_due', 'amount_paid'],
      rows: withHistory.map(p => [p.year, p.quarter, p.history.employed_months, p.history.assistance_months,
        p.history.interventions, p.history.intervention_amount, p.history.payments_due, p.history.payments_paid,
        p.history.payments_on_time_full, p.history.amount_due, p.history.amount_paid])}),
      fileName: 'household_' + s.id + '_support'
    });
    if (!withHistory.length) {
      emptyBox(body, '暂无该户的历史数据（household_history 尚未发布）');
    } else {
      chart(body, 'household-support', {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 50, right: 20, top: 40, bottom: 30},
        xAxis: {type: 'category', data: withHistory.map(label)},
        yAxis: {type: 'value', name: '人月 / 次 / 笔', minInterval: 1},
        series: [
          {type: 'bar', name: '务工人月', data: withHistory.map(p => num(p.history.employed_months))},
          {type: 'bar', name: '救助人月', data: withHistory.map(p => num(p.history.assistance_months))},
          {type: 'bar', name: '帮扶措施次数', data: withHistory.map(p => num(p.history.interventions))},
          {type: 'line', name: '应发补贴笔数', data: withHistory.map(p => num(p.history.payments_due))},
          {type: 'line', name: '按时足额笔数', data: withHistory.map(p => num(p.history.payments_on_time_full))}]
      });
      table(body, 'household-support', [
        {name: 'period', label: '期别', type: 'string'},
        {name: 'employed_months', label: '务工人月', type: 'int'},
        {name: 'assistance_months', label: '救助人月', type: 'int'},
        {name: 'interventions', label: '帮扶措施（次）', type: 'int'},
        {name: 'intervention_amount', label: '帮扶金额（元）', type: 'money'},
        {name: 'payments_due', label: '应发补贴（笔）', type: 'int'},
        {name: 'payments_paid', label: '已发（笔）', type: 'int'},
        {name: 'payments_on_time_full', label: '按时足额（笔）', type: 'int'},
        {name: 'amount_due', label: '应发金额（元）', type: 'money'},
        {name: 'amount_paid', label: '实发金额（元）', type: 'money'}
      ], hist, {key: r => r.year + '-' + r.quarter});
    }

    body = panel(view, {name: 'household-periods', title: '各期明细'});
    const rows = points.map(p => Object.assign({period: periodLabel(p.year, p.quarter), pc: pcOf(p), pc_prior: priorOf(p)},
      p.history ? {net_income: p.history.net_income, household_size: p.history.household_size,
        township: p.history.township} : {},
      p.declining ? {declined: p.declining.declined, below_line: p.declining.below_line,
        main_decline_source: p.declining.main_decline_source, escalation_required: p.declining.escalation_required,
        escalated: p.declining.escalated} : {},
      p.evidence ? {evidence_coverage: p.evidence.evidence_coverage, unsupported_wage: p.evidence.unsupported_wage,
        unsupported_transfer: p.evidence.unsupported_transfer} : {}));
    table(body, 'household-periods', [
      {name: 'period', label: '期别', type: 'string'},
      {name: 'township', label: '乡镇', type: 'string'},
      {name: 'household_size', label: '人口', type: 'int'},
      {name: 'net_income', label: '纯收入（元）', type: 'money'},
      {name: 'pc', label: '人均纯收入（元）', type: 'money'},
      {name: 'pc_prior', label: '上年同期（元）', type: 'money'},
      {name: 'declined', label: '收入下降', type: 'boolean'},
      {name: 'below_line', label: '低于监测线', type: 'boolean'},
      {name: 'main_decline_source', label: '主要下降来源', type: 'string', format: v => v ? SOURCE[v] + '收入' : '—'},
      {name: 'escalation_required', label: '需提级帮扶', type: 'boolean'},
      {name: 'escalated', label: '已提级帮扶', type: 'boolean'},
      {name: 'evidence_coverage', label: '佐证覆盖率（%）', type: 'pct'},
      {name: 'unsupported_wage', label: '工资性无佐证', type: 'boolean'},
      {name: 'unsupported_transfer', label: '转移性无佐证', type: 'boolean'}
    ], rows, {key: r => r.period});
  }

  // --- 补贴发放 -------------------------------------------------------------------------------

  async function renderSubsidy(view, s) {
    const scope = s.county || regions.city;
    heading(view, '补贴发放 · ' + scope + ' · ' + s.year + '年' + QUARTER[s.quarter] + '应发',
      areaNote(s, '补贴发放') || '按应发月份统计；“未匹配”为领取人不在监测户中的补贴。');
    const params = {year: s.year, quarter: s.quarter, county: s.county};
    const rows = await martRows('mart_subsidy_timeliness', params);
    const links = [{label: '导出 CSV（全部列）', format: 'csv', href: exportUrl('mart_subsidy_timeliness', 'csv', params)}];
    if (!rows.length) {
      emptyBox(panel(view, {name: 'subsidy-item', title: '各补贴项目按时足额发放率（%）', links: links}),
        NOT_REPORTED + '（' + s.year + '年' + QUARTER[s.quarter] + '没有应发补贴）');
      return;
    }
    const sum = (list, key) => list.reduce((a, r) => a + (num(r[key]) || 0), 0);
    const group = (key) => {
      const keys = [...new Set(rows.map(r => r[key]))].sort((a, b) => (a > b ? 1 : a < b ? -1 : 0));
      return keys.map(k => {
        const list = rows.filter(r => r[key] === k);
        const due = sum(list, 'payments_due');
        return {key: k, due: due, onTime: sum(list, 'on_time_full'), overdue: sum(list, 'unpaid_overdue'),
          rate: due ? round2(sum(list, 'on_time_full') / due * 100) : null};
      });
    };
    const grid = el('div', {class: 'grid-2'});
    view.appendChild(grid);
    const csvOf = (g, key) => () => ({header: [key, 'payments_due', 'on_time_full', 'unpaid_overdue', 'on_time_rate'],
      rows: g.map(x => [x.key, x.due, x.onTime, x.overdue, x.rate])});
    const rateBar = (name, title, g, fmt, key) => {
      const body = panel(grid, {name: name, title: title, csv: csvOf(g, key), links: name === 'subsidy-item' ? links : []});
      chart(body, name, {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 50, right: 50, top: 40, bottom: 60},
        xAxis: {type: 'category', data: g.map(x => fmt(x.key)), axisLabel: {interval: 0, rotate: g.length > 4 ? 30 : 0}},
        yAxis: [{type: 'value', name: '%', max: 100}, {type: 'value', name: '笔', minInterval: 1}],
        series: [{type: 'bar', name: '按时足额发放率', data: g.map(x => x.rate)},
          {type: 'line', name: '逾期未发笔数', yAxisIndex: 1, data: g.map(x => x.overdue)}]
      });
    };
    rateBar('subsidy-item', '各补贴项目按时足额发放率（%）', group('subsidy_item'), k => k, 'subsidy_item');
    rateBar('subsidy-county', '各县区按时足额发放率（%）', group('county'), k => k, 'county');
    rateBar('subsidy-month', '各应发月份按时足额发放率（%）', group('due_month'), k => k + '月', 'due_month');
    const overdue = rows.filter(r => num(r.unpaid_overdue) > 0 || num(r.returned) > 0)
      .sort((a, b) => num(b.unpaid_overdue) - num(a.unpaid_overdue));
    const body = panel(view, {
      name: 'subsidy-overdue', title: '逾期未发与退回（按月份、县区、项目）',
      csv: () => ({header: ['year', 'due_month', 'county', 'subsidy_item', 'payments_due', 'unpaid_overdue', 'returned', 'paid_late', 'short_paid'],
        rows: overdue.map(r => [r.year, r.due_month, r.county, r.subsidy_item, r.payments_due, r.unpaid_overdue, r.returned, r.paid_late, r.short_paid])})
    });
    if (!overdue.length) {
      emptyBox(body, '本期没有逾期未发或退回的补贴');
    } else {
      table(body, 'subsidy-overdue', martColumns('mart_subsidy_timeliness').filter(c => c.name !== 'year'), overdue, {});
    }
  }

  // --- 收入佐证 -------------------------------------------------------------------------------

  async function renderEvidence(view, s) {
    const scope = (s.county || regions.city) + (s.township || '');
    heading(view, '收入佐证 · ' + scope + ' · ' + periodLabel(s.year, s.quarter),
      '佐证覆盖率 = 部门记录佐证的工资性与转移性收入 / 申报的工资性与转移性收入（E11 口径）。');
    const params = {year: s.year, quarter: s.quarter, county: s.county, township: s.township};
    const rows = await martRows('mart_income_evidence', params);
    const byTownship = [];
    for (const r of rows) {
      let t = byTownship.find(x => x.county === r.county && x.township === r.township);
      if (!t) {
        t = {county: r.county, township: r.township, households: 0, covered: 0, declared: 0, unsupported: 0};
        byTownship.push(t);
      }
      const dw = num(r.declared_wage) || 0;
      const dt = num(r.declared_transfer) || 0;
      t.households += 1;
      t.covered += Math.min(num(r.evidenced_wage) || 0, dw) + Math.min(num(r.evidenced_transfer) || 0, dt);
      t.declared += dw + dt;
      t.unsupported += r.unsupported_wage || r.unsupported_transfer ? 1 : 0;
    }
    byTownship.forEach(t => {
      t.coverage = t.declared ? round2(t.covered / t.declared * 100) : null;
    });
    byTownship.sort((a, b) => (num(a.coverage) ?? 999) - (num(b.coverage) ?? 999));
    let body = panel(view, {
      name: 'evidence-township', title: '各乡镇收入佐证覆盖率（%）',
      csv: () => ({header: ['county', 'township', 'households', 'evidence_coverage', 'unsupported_households'],
        rows: byTownship.map(t => [t.county, t.township, t.households, t.coverage, t.unsupported])})
    });
    if (!rows.length) {
      emptyBox(body, NOT_REPORTED + '（' + scope + periodLabel(s.year, s.quarter) + '没有收入采集）');
      return;
    }
    const c = chart(body, 'evidence-township', {
      tooltip: {trigger: 'axis'}, grid: {left: 130, right: 80, top: 10, bottom: 30},
      xAxis: {type: 'value', name: '%', max: 100},
      yAxis: {type: 'category', inverse: true, data: byTownship.map(t => (s.county ? '' : t.county + ' ') + t.township)},
      series: [{type: 'bar', name: '佐证覆盖率', data: byTownship.map(t => t.coverage), itemStyle: {color: '#2f80ed'},
        label: {show: true, position: 'right', formatter: p => fmtNumber(p.value, 2) + '%'}}]
    });
    c.getDom().style.height = Math.max(200, 34 * byTownship.length + 50) + 'px';
    c.resize();
    const unsupported = rows.filter(r => r.unsupported_wage || r.unsupported_transfer || r.reported_pc_mismatch);
    body = panel(view, {
      name: 'evidence-unsupported', title: '收入无佐证或申报不一致的户',
      links: [{label: '导出 CSV（全部户）', format: 'csv', href: exportUrl('mart_income_evidence', 'csv', params)}]
    });
    if (!unsupported.length) {
      emptyBox(body, '本期所有户的工资性、转移性收入均有佐证');
      return;
    }
    const show = ['household_id', 'county', 'township', 'declared_wage', 'evidenced_wage', 'declared_transfer',
      'evidenced_transfer', 'evidence_coverage', 'unsupported_wage', 'unsupported_transfer', 'reported_pc_mismatch'];
    table(body, 'evidence-unsupported', martColumns('mart_income_evidence').filter(c => show.includes(c.name)), unsupported, {
      key: r => r.household_id,
      onRow: r => go({page: 'household', id: r.household_id, county: r.county, township: r.township})
    });
  }

  // --- 数据质量 -------------------------------------------------------------------------------

  async function renderQuality(view, s) {
    heading(view, '数据质量 · 各数据源报送、入库与隔离情况', '按报送期筛选所选年度（月度数据为年初至季末各月）；数据质量为全市口径。');
    const data = await api('quality');
    const inPeriod = (period) => {
      const m = /^(\d{4})(?:-(\d{2})|-Q(\d))?/.exec(period || '');
      if (!m || Number(m[1]) !== s.year) {
        return false;
      }
      const month = m[2] ? Number(m[2]) : m[3] ? Number(m[3]) * 3 : 12;
      return month <= s.quarter * 3;
    };
    const deliveries = data.deliveries.filter(d => inPeriod(d.period));
    const quarantine = data.quarantine.filter(q => inPeriod(q.period)
      && deliveries.some(d => d.delivery_id === q.delivery_id && d.status === 'loaded'));
    const feeds = [...new Set(deliveries.map(d => d.feed))].sort();
    const latest = deliveries.filter(d => d.status === 'loaded');
    const totals = feeds.map(f => {
      const list = latest.filter(d => d.feed === f);
      const sum = k => list.reduce((a, d) => a + (num(d[k]) || 0), 0);
      return {feed: f, received: sum('rows_received'), loaded: sum('rows_loaded'), quarantined: sum('rows_quarantined')};
    });
    let body = panel(view, {
      name: 'quality-feeds', title: '各数据源接收、入库、隔离行数（当前有效报送）',
      csv: () => ({header: ['feed', 'rows_received', 'rows_loaded', 'rows_quarantined'],
        rows: totals.map(t => [t.feed, t.received, t.loaded, t.quarantined])})
    });
    if (!deliveries.length) {
      emptyBox(body, '该年度至' + QUARTER[s.quarter] + '末尚无数据报送');
      return;
    }
    chart(body, 'quality-feeds', {
      tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 70, right: 20, top: 40, bottom: 60},
      xAxis: {type: 'category', data: feeds, axisLabel: {interval: 0, rotate: feeds.length > 4 ? 20 : 0}},
      yAxis: {type: 'value', name: '行'},
      series: [{type: 'bar', name: '入库', stack: 'rows', data: totals.map(t => t.loaded), itemStyle: {color: '#27ae60'}},
        {type: 'bar', name: '隔离', stack: 'rows', data: totals.map(t => t.quarantined), itemStyle: {color: '#b42318'}}]
    });
    const reasons = [...new Set(quarantine.map(q => q.reason))].sort();
    body = panel(view, {
      name: 'quality-reasons', title: '隔离行数按原因（行）',
      csv: () => ({header: ['feed', 'period', 'reason', 'quarantined_rows'],
        rows: quarantine.map(q => [q.feed, q.period, q.reason, q.quarantined_rows])})
    });
    if (!reasons.length) {
      emptyBox(body, '所选期间没有被隔离的行');
    } else {
      chart(body, 'quality-reasons', {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 20, top: 40, bottom: 60},
        xAxis: {type: 'category', data: feeds, axisLabel: {interval: 0, rotate: feeds.length > 4 ? 20 : 0}},
        yAxis: {type: 'value', name: '行', minInterval: 1},
        series: reasons.map(reason => ({type: 'bar', stack: 'q', name: reason,
          data: feeds.map(f => quarantine.filter(q => q.feed === f && q.reason === reason)
            .reduce((a, q) => a + num(q.quarantined_rows), 0))}))
      });
    }
    body = panel(view, {
      name: 'quality-deliveries', title: '各期报送明细',
      csv: () => ({header: ['feed', 'period', 'delivery_id', 'rows_received', 'rows_loaded', 'rows_quarantined', 'status', 'received_at'],
        rows: deliveries.map(d => [d.feed, d.period, d.delivery_id, d.rows_received, d.rows_loaded, d.rows_quarantined, d.status, d.received_at])})
    });
    const STATUS = {loaded: '已入库', replaced: '已被替换', rejected: '已拒收'};
    table(body, 'quality-deliveries', [
      {name: 'feed', label: '数据源', type: 'string'}, {name: 'period', label: '期别', type: 'string'},
      {name: 'delivery_id', label: '报送编号', type: 'string'}, {name: 'rows_received', label: '接收行数', type: 'int'},
      {name: 'rows_loaded', label: '入库行数', type: 'int'}, {name: 'rows_quarantined', label: '隔离行数', type: 'int'},
      {name: 'status', label: '状态', type: 'string', format: v => STATUS[v] || v || '—'},
      {name: 'received_at', label: '接收时间', type: 'string', format: v => v ? v.replace('T', ' ') : '—'}
    ], deliveries, {});
  }

  // --- the frame: filters, navigation, breadcrumbs -----------------------------------------

  function fillFilters(s) {
    const year = document.getElementById('f-year');
    const years = [...new Set(periods.map(p => p.year).concat(s.year ? [s.year] : []))].sort();
    year.innerHTML = years.map(y => '<option value="' + y + '">' + y + '年</option>').join('');
    year.value = String(s.year);
    document.getElementById('f-quarter').value = String(s.quarter);
    const county = document.getElementById('f-county');
    county.innerHTML = (session.role === 'county' || session.role === 'township' ? '' : '<option value="">全市</option>')
      + regions.counties.map(c => '<option>' + esc(c.county) + '</option>').join('');
    county.value = s.county || '';
    county.disabled = session.role === 'county' || session.role === 'township';
    const township = document.getElementById('f-township');
    const c = regions.counties.find(c => c.county === s.county);
    township.innerHTML = (session.role === 'township' ? '' : '<option value="">全部乡镇</option>')
      + (c ? c.townships.map(t => '<option>' + esc(t) + '</option>').join('') : '');
    township.value = s.township || '';
    township.disabled = session.role === 'township' || !s.county;
    const hidden = {county: ['quintiles', 'quality'], township: ['overview', 'quintiles', 'subsidy', 'quality']}[session.role] || [];
    for (const a of document.querySelectorAll('#nav a')) {
      a.classList.toggle('hidden', hidden.includes(a.dataset.page));
      a.classList.toggle('active', a.dataset.page === s.page || (s.page === 'household' && a.dataset.page === 'declining'));
      a.href = hashOf(Object.assign({}, s, {page: a.dataset.page, id: null, sort: null, order: null}));
    }
    const crumbs = document.getElementById('crumbs');
    crumbs.innerHTML = '';
    const parts = [[regions.city, {county: null, township: null, page: s.page === 'household' ? 'declining' : s.page}]];
    if (s.county) {
      parts.push([s.county, {township: null, page: s.page === 'household' ? 'declining' : s.page}]);
    }
    if (s.township) {
      parts.push([s.township, {page: s.page === 'household' ? 'declining' : s.page}]);
    }
    if (s.page === 'household') {
      parts.push(['户 ' + s.id, null]);
    }
    const allowed = (change) => session.role === 'city' || session.role === 'assessor' || session.role === 'analyst'
      || (session.role === 'county' && change.county !== null) || (change.county !== null && change.township !== null);
    parts.forEach(([text, change], i) => {
      if (i) {
        crumbs.appendChild(el('span', {}, '›'));
      }
      if (change && i < parts.length - 1 && allowed(change)) {
        const a = el('a', {'data-crumb': text}, esc(text));
        a.addEventListener('click', () => go(change));
        crumbs.appendChild(a);
      } else {
        crumbs.appendChild(el('span', {'data-crumb': text}, esc(text)));
      }
    });
  }

  async function render() {
    const token = ++renderToken;
    const s = fixState(readState());
    const hash = hashOf(s);
    if (hash !== location.hash) {
      history.replaceState(null, '', hash);
    }
    fillFilters(s);
    const view = document.getElementById('view');
    disposeCharts(view);
    view.innerHTML = '';
    view.removeAttribute('data-ready');
    document.title = PAGES[s.page].title + ' · 梧州市脱贫人口收入监测';
    const fresh = el('div', {'data-page': s.page});
    view.appendChild(fresh);
    try {
      await PAGES[s.page].render(fresh, s);
    } catch (e) {
      if (token !== renderToken) {
        return;
      }
      disposeCharts(fresh);
      fresh.innerHTML = '';
      heading(fresh, PAGES[s.page].title);
      if (e instanceof Forbidden) {
        forbiddenBox(fresh, e.message);
      } else {
        fresh.appendChild(el('div', {class: 'error'}, '加载失败：' + esc(e.message)));
      }
    }
    if (token !== renderToken) {
      disposeCharts(fresh);
      return;
    }
    for (const box of view.querySelectorAll('[data-chart]')) {
      echarts.getInstanceByDom(box).resize();
    }
    view.setAttribute('data-ready', s.page);
    view.setAttribute('data-rendered', String(token));
  }

  function disposeCharts(root) {
    for (const box of root.querySelectorAll('[data-chart]')) {
      const instance = echarts.getInstanceByDom(box);
      if (instance) {
        instance.dispose();
      }
    }
  }

  async function loadPeriods() {
    let list = [];
    if (session.role === 'township') {
      const rows = await martRows('mart_township_comparison', {});
      list = rows.map(r => ({year: r.year, quarter: r.quarter}));
    } else {
      const data = await api('indicators');
      list = data.indicators.flatMap(i => i.series.map(p => ({year: p.year, quarter: p.quarter})));
    }
    const keys = [...new Set(list.map(p => p.year * 10 + p.quarter))].sort();
    periods = keys.map(k => ({year: Math.floor(k / 10), quarter: k % 10}));
  }

  async function start() {
    try {
      session = await api('session');
    } catch (e) {
      return;
    }
    document.getElementById('user-label').textContent = session.username + '（' + ROLE[session.role]
      + (session.county ? ' · ' + session.county : '') + (session.township ? ' · ' + session.township : '') + '）';
    const [r, marts] = await Promise.all([api('regions'), api('marts')]);
    regions = r;
    for (const m of marts.marts) {
      labels[m.name] = m.columns;
    }
    await loadPeriods();
    document.getElementById('foot').textContent = '数据来源：梧州市脱贫人口收入监测数据仓库。金额单位为元（10 万元以上以万元显示），比率为百分比。';
    document.getElementById('logout').addEventListener('click', async () => {
      await fetch('api/logout', {method: 'POST', headers: {'X-CSRF-Token': session.csrf_token}, credentials: 'same-origin'});
      location.href = 'login.html';
    });
    document.getElementById('f-year').addEventListener('change', e => go({year: Number(e.target.value)}));
    document.getElementById('f-quarter').addEventListener('change', e => go({quarter: Number(e.target.value)}));
    document.getElementById('f-county').addEventListener('change', e => go({county: e.target.value || null, township: null}));
    document.getElementById('f-township').addEventListener('change', e => go({township: e.target.value || null}));
    window.addEventListener('hashchange', render);
    const resizeAll = () => {
      for (const box of document.querySelectorAll('[data-chart]')) {
        const instance = echarts.getInstanceByDom(box);
        if (instance) {
          instance.resize();
        }
      }
    };
    window.addEventListener('resize', resizeAll);
    window.addEventListener('beforeprint', resizeAll);
    window.addEventListener('afterprint', resizeAll);
    render();
  }

  start();
})();

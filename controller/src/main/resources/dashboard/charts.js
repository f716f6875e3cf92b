// The two charts of a policy, drawn with uPlot (served from its WebJar by the daemon).
import uPlot from './vendor/uPlot.esm.js';

const COLORS = ['#1f5fbf', '#b35900', '#7b1fa2', '#00838f', '#6d4c41', '#c2185b'];
const MARK = { SCALE_OUT: ['▲', '#1a7f37'], SCALE_IN: ['▼', '#b35900'], FAILED: ['✕', '#c62828'] };

// Draws the decisions that changed capacity or failed along the top of the plot.
function markers(list) {
  return {
    hooks: {
      draw: [(u) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.font = `${Math.round(11 * devicePixelRatio)}px sans-serif`;
        ctx.textAlign = 'center';
        for (const m of list) {
          if (m.time < u.scales.x.min || m.time > u.scales.x.max) continue;
          const [glyph, color] = MARK[m.action] || ['•', '#555'];
          const x = u.valToPos(m.time, 'x', true);
          ctx.strokeStyle = color + '55';
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.fillStyle = color;
          ctx.fillText(glyph, x, u.bbox.top + 12 * devicePixelRatio);
        }
        ctx.restore();
      }],
    },
  };
}

function size(el) {
  return { width: Math.max(320, el.clientWidth || 600), height: 240 };
}

function replace(el, opts, data) {
  el.replaceChildren();
  return new uPlot({ ...opts, ...size(el) }, data, el);
}

export function capacityChart(el, series) {
  const stepped = uPlot.paths.stepped({ align: 1 });
  const opts = {
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max + 1)] } },
    axes: [{}, { label: 'instances' }],
    series: [
      {},
      { label: 'desired', stroke: '#1f5fbf', width: 2, paths: stepped },
      { label: 'in service', stroke: '#1a7f37', width: 1.5, paths: stepped },
      { label: 'leased', stroke: '#b35900', width: 1.5, dash: [5, 4], paths: stepped },
    ],
    plugins: [markers(series.markers)],
  };
  return replace(el, opts, [series.time, series.desired, series.inService, series.leased]);
}

export function queueChart(el, series) {
  const data = [series.time];
  const lines = [{}];
  series.queues.forEach((q, i) => {
    data.push(series.backlog[q]);
    lines.push({ label: `${q} backlog`, stroke: COLORS[i % COLORS.length], width: 2, scale: 'msgs' });
  });
  series.queues.forEach((q, i) => {
    data.push(series.arrivalRate[q]);
    lines.push({ label: `${q} arrivals/s`, stroke: COLORS[i % COLORS.length], width: 1, dash: [3, 3], scale: 'rate' });
  });
  const opts = {
    scales: { x: { time: true }, msgs: { range: (u, min, max) => [0, Math.max(1, max)] }, rate: { range: (u, min, max) => [0, Math.max(0.1, max)] } },
    axes: [{}, { scale: 'msgs', label: 'messages' }, { scale: 'rate', side: 1, label: 'msg/s', grid: { show: false } }],
    series: lines,
    plugins: [markers(series.markers)],
  };
  return replace(el, opts, data);
}

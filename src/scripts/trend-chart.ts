/**
 * The dashboard's trend: views, unique visitors and submissions per day, drawn by uPlot
 * from the numbers the page already shows in its table (data-series, JSON). The table
 * stays the accessible version; the canvas is a picture of it.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

type Series = { days: string[]; views: number[]; visitors: number[]; submissions: number[] };

// Counts are whole numbers: no 0.2 visitors on an axis.
const WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000];

const COLORS = { views: '#175cd3', visitors: '#067647', submissions: '#d9480f' };

function draw(el: HTMLElement): void {
  const data = JSON.parse(el.dataset.series ?? '{}') as Series;
  const x = data.days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
  const size = () => ({ width: el.clientWidth, height: 240 });
  const line = (label: string, stroke: string, fill?: string, dash?: number[]) => ({
    label,
    stroke,
    width: 2,
    ...(dash ? { dash } : {}),
    ...(fill ? { fill } : {}),
    points: { show: data.days.length <= 31 },
  });
  const chart = new uPlot(
    {
      ...size(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      // Drawn in this order, the last on top: equal counts on the two axes would otherwise
      // hide views under submissions. Dashes tell the other lines apart where they meet.
      series: [
        { label: 'Day' },
        { ...line('Submissions', COLORS.submissions, undefined, [6, 4]), scale: 'subs' },
        line('Unique visitors', COLORS.visitors, undefined, [2, 3]),
        line('Views', COLORS.views, 'rgb(23 92 211 / 8%)'),
      ],
      axes: [
        { stroke: '#5b6473', grid: { show: false } },
        { scale: 'subs', side: 1, stroke: COLORS.submissions, grid: { show: false }, incrs: WHOLE },
        { stroke: '#5b6473', grid: { stroke: '#eef0f3' }, incrs: WHOLE },
      ],
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, Math.max(4, max)] },
        subs: { range: (_u, _min, max) => [0, Math.max(4, max)] },
      },
      cursor: { drag: { x: false, y: false } },
    },
    [x, data.submissions, data.visitors, data.views],
    el,
  );
  new ResizeObserver(() => chart.setSize(size())).observe(el);
}

document.querySelectorAll<HTMLElement>('[data-trend-chart]').forEach(draw);

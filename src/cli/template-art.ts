/**
 * `npm run templates:art`: draws each template's hero illustration — a product mock-up in
 * the template's own colours — as a small SVG in public/templates/art/<id>.svg. Drawn by
 * code we wrote, from shapes only (no fonts to fetch, nothing at run time), and kept in the
 * repository under its licence (public/templates/art/LICENSE.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { listTemplates } from '../domain/templates/catalog';

type Colours = { primary: string; background: string; surface: string; text: string };
type Scene = (c: Colours) => string;

const W = 1200;
const H = 800;
const FONT = 'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, Arial, sans-serif"';

// Shapes, as strings: every value below is ours, so nothing needs escaping.
const rect = (x: number, y: number, w: number, h: number, fill: string, r = 0, extra = '') =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" fill="${fill}" ${extra}/>`;
const circle = (cx: number, cy: number, r: number, fill: string, extra = '') =>
  `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" ${extra}/>`;
const text = (x: number, y: number, s: string, size: number, fill: string, weight = 600) =>
  `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}" ${FONT}>${s}</text>`;
/** A line of copy, drawn as a rounded bar (mock-ups read as text without saying anything). */
const line = (x: number, y: number, w: number, fill: string, h = 14) =>
  rect(x, y, w, h, fill, h / 2);
const alpha = (hex: string, a: number) =>
  `${hex}${Math.round(a * 255)
    .toString(16)
    .padStart(2, '0')}`;

/** A soft shadow and a window with its title bar: the frame every product shot sits in. */
function windowFrame(c: Colours, x: number, y: number, w: number, h: number, title: string) {
  return [
    rect(x + 10, y + 24, w, h, alpha(c.text, 0.08), 22),
    rect(x, y, w, h, '#ffffff', 20, `stroke="${alpha(c.text, 0.12)}" stroke-width="2"`),
    `<path d="M${x} ${y + 20} a20 20 0 0 1 20 -20 h${w - 40} a20 20 0 0 1 20 20 v36 h-${w} z" fill="${c.surface}"/>`,
    circle(x + 28, y + 28, 7, '#f87171'),
    circle(x + 50, y + 28, 7, '#fbbf24'),
    circle(x + 72, y + 28, 7, '#34d399'),
    text(x + 100, y + 34, title, 17, alpha(c.text, 0.7), 600),
  ].join('');
}

function check(x: number, y: number, fill: string) {
  return (
    circle(x, y, 13, fill) +
    `<path d="M${x - 6} ${y} l4 5 l8 -10" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`
  );
}

const SCENES: Record<string, Scene> = {
  // Tallyhawk: the month-end close, nearly all matched, one line flagged for a person.
  'b2b-demo-request': (c) => {
    const rows = [0, 1, 2, 3, 4]
      .map((i) => {
        const y = 250 + i * 78;
        const flagged = i === 2;
        return [
          rect(
            150,
            y - 30,
            560,
            62,
            flagged ? '#fff7e6' : '#ffffff',
            12,
            `stroke="${alpha(c.text, 0.08)}"`,
          ),
          flagged
            ? circle(182, y, 13, '#f59e0b') + text(177, y + 6, '!', 18, '#fff', 800)
            : check(182, y, '#16a34a'),
          line(212, y - 12, 180 + ((i * 37) % 90), alpha(c.text, 0.55)),
          line(212, y + 8, 110, alpha(c.text, 0.18), 10),
          line(600, y - 6, 80, flagged ? '#f59e0b' : alpha(c.primary, 0.5), 12),
        ].join('');
      })
      .join('');
    const bars = [0.45, 0.62, 0.55, 0.8, 0.72, 0.95]
      .map((v, i) =>
        rect(
          790 + i * 44,
          560 - v * 220,
          28,
          v * 220,
          i === 5 ? c.primary : alpha(c.primary, 0.3),
          6,
        ),
      )
      .join('');
    return [
      windowFrame(c, 110, 110, 980, 600, 'Month-end close · March'),
      text(150, 200, 'Matched today', 22, c.text, 700),
      rows,
      rect(760, 170, 300, 430, c.surface, 16),
      text(790, 215, '92% matched', 30, c.primary, 800),
      line(790, 235, 150, alpha(c.text, 0.2), 10),
      bars,
      line(790, 580, 232, alpha(c.text, 0.15), 4),
    ].join('');
  },
  // A garden designer's concept sketch: beds, a path, a terrace and trees, seen from above.
  'consultation-booking': (c) =>
    [
      rect(120, 90, 960, 620, '#ffffff', 24, `stroke="${alpha(c.text, 0.1)}" stroke-width="2"`),
      rect(150, 120, 900, 560, alpha(c.primary, 0.07), 16),
      `<path d="M150 560 C 360 520, 420 360, 620 350 S 900 240, 1050 200" stroke="#e7dcc4" stroke-width="46" fill="none" stroke-linecap="round"/>`,
      `<path d="M190 170 h250 a30 30 0 0 1 30 30 v70 a30 30 0 0 1 -30 30 h-250 z" fill="${alpha(c.primary, 0.55)}"/>`,
      `<ellipse cx="820" cy="520" rx="170" ry="95" fill="${alpha(c.primary, 0.35)}"/>`,
      rect(640, 150, 240, 140, '#d6cbb3', 10),
      ...[0, 1, 2, 3].map((i) => line(660, 170 + i * 30, 200, '#c4b79b', 8)),
      ...[
        [300, 470, 60],
        [420, 560, 44],
        [960, 330, 52],
        [560, 200, 36],
      ].map(
        ([x, y, r]) =>
          circle(x!, y!, r!, c.primary, 'opacity="0.85"') +
          circle(x! - r! / 3, y! - r! / 3, r! / 3, '#ffffff', 'opacity="0.25"'),
      ),
      rect(170, 600, 330, 60, '#ffffff', 10, `stroke="${alpha(c.text, 0.12)}"`),
      text(192, 638, 'Concept sketch · first draft', 20, c.text, 600),
    ].join(''),
  // The playbook itself: a cover, its pages behind, and the cost line it bends downwards.
  'ebook-download': (c) =>
    [
      rect(470, 150, 400, 540, alpha(c.text, 0.08), 10, 'transform="rotate(6 670 420)"'),
      rect(440, 130, 400, 540, '#ffffff', 8, `stroke="${alpha(c.text, 0.1)}" stroke-width="2"`),
      rect(400, 110, 400, 540, c.primary, 8),
      rect(400, 110, 26, 540, alpha('#000000', 0.18), 0),
      text(460, 200, 'FREE GUIDE', 18, alpha('#ffffff', 0.8), 700),
      text(460, 270, 'The Freight', 40, '#ffffff', 800),
      text(460, 320, 'Cost Playbook', 40, '#ffffff', 800),
      line(460, 360, 220, alpha('#ffffff', 0.5), 10),
      line(460, 382, 160, alpha('#ffffff', 0.5), 10),
      `<path d="M460 470 L520 510 L580 495 L640 560 L700 548 L740 600" stroke="#ffffff" stroke-width="6" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`,
      rect(820, 430, 210, 96, '#ffffff', 14, `stroke="${alpha(c.text, 0.1)}"`),
      text(845, 488, '−12%', 40, c.primary, 800),
      line(950, 470, 56, alpha(c.text, 0.2), 10),
      line(950, 490, 40, alpha(c.text, 0.2), 10),
    ].join(''),
  // A roof inspection report: the house with each problem pinned, and the one fixed price.
  'local-quote-request': (c) =>
    [
      rect(110, 120, 620, 560, '#ffffff', 22, `stroke="${alpha(c.text, 0.1)}" stroke-width="2"`),
      rect(140, 150, 560, 380, '#dbeafe', 14),
      `<path d="M200 370 L420 210 L640 370 Z" fill="#7c4a2d"/>`,
      `<path d="M230 370 h380 v140 h-380 z" fill="#f5efe6"/>`,
      rect(280, 410, 70, 60, '#bfdbfe', 4),
      rect(490, 410, 70, 60, '#bfdbfe', 4),
      rect(390, 430, 60, 80, '#a16207', 4),
      ...[
        [330, 300],
        [500, 280],
      ].map(([x, y]) => circle(x!, y!, 20, c.primary, 'stroke="#fff" stroke-width="4"')),
      line(140, 560, 300, alpha(c.text, 0.55)),
      line(140, 590, 420, alpha(c.text, 0.18), 10),
      line(140, 612, 360, alpha(c.text, 0.18), 10),
      rect(660, 380, 430, 300, '#ffffff', 20, `stroke="${alpha(c.text, 0.12)}" stroke-width="2"`),
      text(695, 435, 'Written quote', 24, c.text, 700),
      line(695, 460, 200, alpha(c.text, 0.18), 10),
      ...[0, 1, 2].map(
        (i) =>
          check(708, 505 + i * 40, '#16a34a') +
          line(735, 498 + i * 40, 200 - i * 30, alpha(c.text, 0.4), 12),
      ),
      rect(695, 615, 360, 44, c.primary, 10),
      text(715, 645, 'One fixed price', 20, '#ffffff', 700),
    ].join(''),
  // This week's issue, open on a phone and on a laptop-sized card beside it.
  'newsletter-signup': (c) =>
    [
      windowFrame(c, 120, 110, 700, 560, 'Inbox'),
      ...[0, 1, 2, 3, 4].map((i) => {
        const y = 200 + i * 86;
        const unread = i === 0;
        return (
          rect(
            150,
            y,
            640,
            70,
            unread ? alpha(c.primary, 0.08) : '#ffffff',
            12,
            `stroke="${alpha(c.text, 0.07)}"`,
          ) +
          circle(186, y + 35, 18, unread ? c.primary : alpha(c.text, 0.15)) +
          line(220, y + 18, unread ? 260 : 200, alpha(c.text, unread ? 0.7 : 0.35)) +
          line(220, y + 42, 380, alpha(c.text, 0.15), 10)
        );
      }),
      rect(760, 170, 320, 560, c.text, 44),
      rect(776, 190, 288, 520, c.background, 32),
      text(800, 245, 'Shipped Weekly', 22, c.primary, 800),
      line(800, 265, 120, alpha(c.text, 0.2), 10),
      text(800, 320, 'Issue 112', 30, c.text, 800),
      ...[0, 1, 2, 3].map((i) =>
        line(800, 345 + i * 24, 230 - (i % 2) * 50, alpha(c.text, 0.25), 10),
      ),
      rect(800, 460, 240, 130, alpha(c.primary, 0.12), 14),
      `<path d="M820 570 L870 540 L920 555 L970 500 L1020 480" stroke="${c.primary}" stroke-width="5" fill="none" stroke-linecap="round"/>`,
      text(800, 640, '5-minute read', 18, alpha(c.text, 0.6), 600),
    ].join(''),
  // The support inbox with a reply drafted from the help centre, waiting for "Approve".
  'product-waitlist': (c) =>
    [
      windowFrame(c, 100, 100, 1000, 600, 'Quietdesk · Inbox'),
      rect(100, 156, 300, 544, c.surface, 0),
      ...[0, 1, 2, 3, 4].map((i) => {
        const y = 180 + i * 96;
        return (
          rect(118, y, 264, 80, i === 0 ? '#ffffff' : 'transparent', 12) +
          circle(150, y + 40, 18, alpha(c.primary, i === 0 ? 0.9 : 0.3)) +
          line(180, y + 24, 150, alpha(c.text, 0.5), 12) +
          line(180, y + 46, 170, alpha(c.text, 0.15), 10)
        );
      }),
      rect(440, 190, 440, 96, c.surface, 18),
      line(470, 216, 360, alpha(c.text, 0.35), 12),
      line(470, 244, 260, alpha(c.text, 0.35), 12),
      rect(
        560,
        320,
        500,
        230,
        alpha(c.primary, 0.08),
        18,
        `stroke="${alpha(c.primary, 0.4)}" stroke-width="2" stroke-dasharray="8 6"`,
      ),
      text(590, 362, 'Draft from your help centre', 18, c.primary, 700),
      ...[0, 1, 2].map((i) => line(590, 385 + i * 28, 420 - i * 70, alpha(c.text, 0.35), 12)),
      rect(590, 482, 150, 46, c.primary, 23),
      text(627, 512, 'Approve', 19, '#ffffff', 700),
      rect(756, 482, 120, 46, '#ffffff', 23, `stroke="${alpha(c.text, 0.2)}" stroke-width="2"`),
      text(790, 512, 'Edit', 19, c.text, 600),
    ].join(''),
  // Next week's rota, drafted: the shifts by day, and the text each person gets.
  'saas-free-trial': (c) => {
    const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const shades = [c.primary, alpha(c.primary, 0.55), '#f59e0b', '#10b981'];
    const cells = days
      .map((d, i) => {
        const x = 250 + i * 112;
        return (
          text(x + 20, 215, d, 17, alpha(c.text, 0.6), 700) +
          [0, 1, 2, 3]
            .map((row) => {
              const on = (i * 3 + row * 5) % 4 !== 0;
              return on
                ? rect(
                    x + 6,
                    240 + row * 90,
                    96 - ((i + row) % 3) * 14,
                    60,
                    shades[(i + row) % 4]!,
                    10,
                    'opacity="0.9"',
                  )
                : '';
            })
            .join('')
        );
      })
      .join('');
    return [
      windowFrame(c, 90, 120, 1020, 560, 'Rota · week 24 · draft'),
      ...[0, 1, 2, 3].map(
        (row) =>
          circle(170, 270 + row * 90, 24, alpha(c.text, 0.12)) +
          line(130, 302 + row * 90, 80, alpha(c.text, 0.2), 8),
      ),
      cells,
      rect(850, 470, 260, 240, '#ffffff', 24, `stroke="${alpha(c.text, 0.14)}" stroke-width="2"`),
      rect(870, 500, 200, 70, alpha(c.primary, 0.12), 14),
      line(890, 520, 150, alpha(c.text, 0.45), 10),
      line(890, 542, 110, alpha(c.text, 0.3), 10),
      rect(890, 600, 160, 44, c.primary, 22),
      text(922, 629, 'Approve', 18, '#ffffff', 700),
    ].join('');
  },
  // The webinar: two speakers live on screen, and the 13-week forecast that sees the dip.
  'webinar-registration': (c) => {
    const weeks = [62, 58, 55, 47, 38, 30, 26, 31, 40, 52, 60, 66, 70];
    const points = weeks.map((v, i) => `${560 + i * 38},${600 - v * 3}`).join(' ');
    return [
      windowFrame(c, 110, 110, 980, 590, 'Live · Cash forecasting for seasonal businesses'),
      rect(140, 180, 380, 240, alpha(c.primary, 0.14), 14),
      rect(140, 440, 380, 230, alpha(c.primary, 0.08), 14),
      circle(330, 280, 54, alpha(c.primary, 0.6)),
      rect(262, 340, 136, 80, alpha(c.primary, 0.6), 60),
      circle(330, 530, 50, alpha(c.text, 0.25)),
      rect(266, 586, 128, 84, alpha(c.text, 0.25), 60),
      rect(160, 196, 78, 32, '#dc2626', 8),
      text(176, 219, 'LIVE', 17, '#ffffff', 800),
      rect(550, 180, 510, 490, c.surface, 14),
      text(580, 225, '13-week cash forecast', 22, c.text, 700),
      line(580, 245, 180, alpha(c.text, 0.2), 10),
      `<path d="M560 ${600 - 40 * 3} H1040" stroke="${alpha(c.text, 0.25)}" stroke-width="2" stroke-dasharray="6 6"/>`,
      `<polyline points="${points}" fill="none" stroke="${c.primary}" stroke-width="6" stroke-linejoin="round" stroke-linecap="round"/>`,
      circle(560 + 6 * 38, 600 - 26 * 3, 10, '#f59e0b', 'stroke="#fff" stroke-width="3"'),
      rect(720, 560, 190, 44, '#ffffff', 10, `stroke="${alpha(c.text, 0.12)}"`),
      text(738, 589, 'Dip seen in week 7', 17, c.text, 600),
    ].join('');
  },
};

export function templateArt(id: string, colours: Colours): string | null {
  const scene = SCENES[id];
  if (!scene) return null;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">${rect(0, 0, W, H, colours.surface)}${scene(colours)}</svg>\n`;
}

if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) {
  const out = resolve(import.meta.dirname, '../../public/templates/art');
  mkdirSync(out, { recursive: true });
  for (const t of listTemplates()) {
    const svg = templateArt(t.id, t.document.theme);
    if (!svg) throw new Error(`No illustration is drawn for the template ${t.id}.`);
    writeFileSync(resolve(out, `${t.id}.svg`), svg);
    console.log(`${t.id}.svg  ${(svg.length / 1024).toFixed(1)} KB`);
  }
}

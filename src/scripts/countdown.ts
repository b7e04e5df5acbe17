/** Turns each countdown's deadline into the time left, once a second; the ended text after. */
const UNITS = [
  ['days', 86_400_000],
  ['hours', 3_600_000],
  ['minutes', 60_000],
  ['seconds', 1_000],
] as const;

document.querySelectorAll<HTMLElement>('[data-countdown]').forEach((box) => {
  const deadline = Date.parse(box.dataset.countdown!);
  const cells = box.querySelector<HTMLElement>('.k-countdown')!;
  const tick = (): void => {
    let left = deadline - Date.now();
    if (left <= 0) {
      const ended = document.createElement('p');
      ended.className = 'k-lead';
      ended.textContent = box.dataset.ended ?? '';
      cells.replaceWith(ended);
      return;
    }
    for (const [unit, ms] of UNITS) {
      const value = Math.floor(left / ms);
      left -= value * ms;
      box.querySelector(`[data-unit="${unit}"]`)!.textContent = String(value);
    }
    cells.hidden = false;
    setTimeout(tick, 1000 - (Date.now() % 1000));
  };
  tick();
});

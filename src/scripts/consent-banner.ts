/**
 * The tracking-consent banner, on pages whose workspace asks before tracking. The answer
 * is remembered in the visitor's browser; "Accept" tells the tracker to start.
 */
const KEY = 'k_consent';
const banner = document.querySelector<HTMLElement>('[data-kindling-consent-banner]');
const answered = (() => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
})();
// The tracker's script comes after this one and waits for consent while <html> carries the
// ask-first mark; a visitor who said yes before has it dropped here, before the tracker looks.
if (answered === 'yes') delete document.documentElement.dataset.kindlingConsent;
if (banner && !answered) {
  banner.hidden = false;
  banner.addEventListener('click', (event) => {
    const choice = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-consent]')
      ?.dataset.consent;
    if (!choice) return;
    try {
      localStorage.setItem(KEY, choice);
    } catch {
      /* not remembered: the banner comes back next time */
    }
    banner.hidden = true;
    if (choice === 'yes') document.dispatchEvent(new Event('k:consent'));
  });
}

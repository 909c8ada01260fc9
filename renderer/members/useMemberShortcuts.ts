import { useEffect, useRef } from 'react';

/** Alt+N: the shortcut that starts a redemption (shown on its button). */
export const NEW_REDEMPTION_KEYS = 'Alt+N';

/**
 * The member page's shortcut: Alt+N starts a redemption from anywhere on the page, also from the
 * search field (where the focus usually is after opening a member). It uses the physical key, so
 * it works on keyboards where Alt+N types a character. It does not clash with Ctrl+K or '/'.
 */
export function useMemberShortcuts(shortcuts: { newRedemption(): void }): void {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.repeat) return;
      if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === 'KeyN') {
        event.preventDefault();
        latest.current.newRedemption();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

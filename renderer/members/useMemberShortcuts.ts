import { useEffect, useRef } from 'react';

/** Alt+N: the shortcut that starts a redemption (shown on its button). */
export const NEW_REDEMPTION_KEYS = 'Alt+N';
/** Alt+K: the shortcut that opens "Edit contact details" (D3; K for kontaktinfo, shown on its button). */
export const EDIT_CONTACT_KEYS = 'Alt+K';
/** Alt+P: the supervisor's "Correct points" (B11, issue 13; P for poeng). */
export const CORRECT_POINTS_KEYS = 'Alt+P';

/**
 * The member page's shortcuts: Alt+N starts a redemption and Alt+K opens "Edit contact details"
 * (D3) from anywhere on the page, also from the search field (where the focus usually is after
 * opening a member). They use the physical key, so they work on keyboards where Alt+N types a
 * character. They do not clash with Ctrl+K or '/'.
 */
export function useMemberShortcuts(shortcuts: { newRedemption(): void; editContact?(): void; correctPoints?(): void }): void {
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
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === 'KeyK' && latest.current.editContact !== undefined) {
        event.preventDefault();
        latest.current.editContact();
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === 'KeyP' && latest.current.correctPoints !== undefined) {
        event.preventDefault();
        latest.current.correctPoints();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

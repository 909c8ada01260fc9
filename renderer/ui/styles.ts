/** Style objects several areas share (usable as `sx` and, being plain CSS values, as `style`). */

/** Read by screen readers, not shown. */
export const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  padding: 0,
  margin: '-1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

/** A keyboard-shortcut hint (Alt+N, Ctrl+K) beside a button or field. */
export const kbd = {
  fontFamily: 'inherit',
  fontSize: '0.75rem',
  lineHeight: 1,
  color: 'text.secondary',
  border: 1,
  borderColor: 'divider',
  borderRadius: 0.75,
  px: 0.75,
  py: 0.5,
  bgcolor: 'grey.50',
  whiteSpace: 'nowrap',
} as const;

/**
 * A whole number as a person types it in a form: digits, optionally grouped the Norwegian way
 * ("1 800", with a space or a no-break space) and, where `signed`, led by + or − (or -).
 * Null when it is not one.
 */
export function parseWholeNumber(text: string, options: { signed?: boolean } = {}): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  const match = (options.signed === true ? /^([+\-\u2212]?)(\d{1,9})$/ : /^()(\d{1,9})$/).exec(compact);
  if (match === null) return null;
  const value = Number(match[2]);
  return match[1] === '-' || match[1] === '\u2212' ? -value : value;
}

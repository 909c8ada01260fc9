/**
 * Turning what an agent types into a search plan. Pure: no database here.
 * Digits go to member number and phone, an @ to email, words to the folded-name index.
 */

/** ø→o, æ→ae, å→a (and capitals): agents type "bjorn" for Bjørn. Mirrors the migration's trigger. */
export function foldName(text: string): string {
  return text
    .replaceAll('ø', 'o')
    .replaceAll('Ø', 'O')
    .replaceAll('æ', 'ae')
    .replaceAll('Æ', 'Ae')
    .replaceAll('å', 'a')
    .replaceAll('Å', 'A');
}

/** Norwegian numbers to +47XXXXXXXX; other international numbers keep their +prefix. */
export function normalisePhone(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  if (trimmed.startsWith('+')) return digits.length >= 8 ? `+${digits}` : null;
  if (trimmed.startsWith('00') && digits.length >= 10) return `+${digits.slice(2)}`;
  if (digits.length === 8) return `+47${digits}`;
  if (digits.length === 10 && digits.startsWith('47')) return `+${digits}`;
  return null;
}

export type SearchPlan =
  | { kind: 'none' }
  | { kind: 'number'; memberNo: number | null; phone: string | null }
  | { kind: 'email'; email: string }
  | { kind: 'words'; tokens: string[]; ranked: boolean };

/** A single word matches a huge share of members; ranking those costs tens of ms. Rank narrower queries only. */
const RANK_FROM_CHARS = 5;

/**
 * Control characters (U+0000–U+001F, DEL and the C1 range U+007F–U+009F) are never part of a
 * name, number or address; pasted from elsewhere they would reach the FTS5 query, where a NUL
 * ends the MATCH string and makes FTS5 fail. They separate words like a space.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/gu;

export function planSearch(query: string): SearchPlan {
  const q = query.replace(CONTROL_CHARS, ' ').trim();
  if (q === '') return { kind: 'none' };
  if (q.includes('@')) return { kind: 'email', email: q.toLowerCase() };
  if (/^[+\d][\d\s-]*$/.test(q)) {
    const digits = q.replace(/[^\d]/g, '');
    const memberNo = !q.startsWith('+') && digits.length > 0 && digits.length <= 12 ? Number(digits) : null;
    return { kind: 'number', memberNo, phone: normalisePhone(q) };
  }
  const tokens = nameTokens(q).slice(0, 6);
  if (tokens.length === 0) return { kind: 'none' };
  const ranked = tokens.length > 1 || (tokens[0]?.length ?? 0) >= RANK_FROM_CHARS;
  return { kind: 'words', tokens, ranked };
}

/** A name or query as the index sees it: folded (ø→o, æ→ae, å→a), lower case, split into words. */
export function nameTokens(text: string): string[] {
  return foldName(text)
    .toLowerCase()
    .split(/[\s,.;:'"()*^{}[\]\-+]+/u)
    .filter((t) => t.length > 0);
}

/** An FTS5 MATCH expression over the folded column: every token as a quoted prefix. */
export function ftsPrefixQuery(tokens: readonly string[]): string {
  return `folded : (${tokens.map((t) => `"${t.replaceAll('"', '')}"*`).join(' AND ')})`;
}

/** Whole-word match of the tokens (no prefix), used to put exact names first. */
export function ftsExactQuery(tokens: readonly string[]): string {
  return `folded : (${tokens.map((t) => `"${t.replaceAll('"', '')}"`).join(' AND ')})`;
}

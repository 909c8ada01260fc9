import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One source for each rule: the renderer's texts name the rule numbers (B5, B9) through the
 * i18n variables filled from shared/rules.ts (renderer/i18n/index.ts, `ruleVariables`), never
 * as digits typed into a text, so a changed rule cannot leave a text saying the old number.
 */
const i18nDir = join(import.meta.dirname, '..', 'renderer', 'i18n');
const ruleNumbers = [
  { rule: 'B9 cap points (CAP_POINTS)', pattern: /10[\s\u00a0\u202f,.]?000/ },
  { rule: 'B9 cap days (CAP_AFTER_DAYS)', pattern: /\b60[\s\u00a0-]*(dager|days|day)\b/i },
  { rule: 'B5/B9 years (EXPIRY_YEARS, MEMBERSHIP_AFTER_CANCEL_YEARS)', pattern: /\b3[\s\u00a0]*(år|years)\b/i },
];

/** The quoted texts of a messages file, without its comments. */
function texts(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(/'((?:[^'\\\n]|\\.)*)'/g)].map((m) => m[1] ?? '');
}

describe('rule numbers in the renderer texts', () => {
  const files = readdirSync(i18nDir).filter((f) => /^(nb|en)(-[a-z]+)?\.ts$/.test(f));

  it('finds the message files', () => {
    expect(files).toEqual(expect.arrayContaining(['nb.ts', 'en.ts', 'nb-agent.ts', 'en-agent.ts']));
  });

  it('B5/B9: no text types a rule number; they come from shared/rules.ts', () => {
    const found: string[] = [];
    for (const file of files) {
      for (const text of texts(readFileSync(join(i18nDir, file), 'utf8'))) {
        for (const { rule, pattern } of ruleNumbers) if (pattern.test(text)) found.push(`${file}: "${text}" (${rule})`);
      }
    }
    expect(found).toEqual([]);
  });
});

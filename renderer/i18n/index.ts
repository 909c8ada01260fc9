import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { nb, type Messages } from './nb';
import { enScreen } from './en-screen';
import { nbScreen, type ScreenMessages } from './nb-screen';
import { enContact } from './en-contact';
import { nbContact, type ContactMessages } from './nb-contact';
import { enMember } from './en-member';
import { nbMember, type MemberMessages } from './nb-member';
import { enOrders } from './en-orders';
import { nbOrders, type OrdersMessages } from './nb-orders';
import { enCorrections } from './en-corrections';
import { nbCorrections, type CorrectionsMessages } from './nb-corrections';
import { enCatalog } from './en-catalog';
import { nbCatalog, type CatalogMessages } from './nb-catalog';
import { enSettings } from './en-settings';
import { nbSettings, type SettingsMessages } from './nb-settings';
import { enAudit } from './en-audit';
import { nbAudit, type AuditMessages } from './nb-audit';
import { enBilling } from './en-billing';
import { nbBilling, type BillingMessages } from './nb-billing';
import { enReports2 } from './en-reports2';
import { nbReports2, type Reports2Messages } from './nb-reports2';
import { enGdpr } from './en-gdpr';
import { nbGdpr, type GdprMessages } from './nb-gdpr';
import { formatPoints } from './format';
import { CAP_AFTER_DAYS, CAP_POINTS, EXPIRY_YEARS, MEMBERSHIP_AFTER_CANCEL_YEARS } from '../../shared/rules';

export const languages = ['nb', 'en'] as const;
export type Language = (typeof languages)[number];

const STORAGE_KEY = 'desk.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // Issue 12's texts (nb-screen.ts) sit beside the main catalog.
    // D3's texts (nb-contact.ts: correcting a caller's contact details) too.
    // Issue 12's member page (nb-member.ts: the one timeline, the ledger view, expiring soon) too.
    // Issue 12's email and held orders (nb-orders.ts: the received time, the held order's checks, safe to promise) too.
    // Issue 13's bonus catalog and earning table (nb-catalog.ts) too.
    // Issue 13's settings and terms versions (nb-settings.ts) too.
    // Issue 13's audit screen (nb-audit.ts) too.
    // Issue 14's billing files (nb-billing.ts) too.
    // Issue 15's managers' reports (nb-reports2.ts) too.
    resources: { translation: Messages & ScreenMessages & ContactMessages & MemberMessages & OrdersMessages & CorrectionsMessages & CatalogMessages & SettingsMessages & AuditMessages & BillingMessages & Reports2Messages & GdprMessages };
  }
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The agent's last choice, else bokmål. */
export function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'nb';
  } catch {
    return 'nb';
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'nb';
}

export async function setLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts this session only.
  }
  await i18next.changeLanguage(language);
}

/** Keeps <html lang> and the window title in step with the language (screen readers read it). */
function reflectLanguage(language: string): void {
  document.documentElement.lang = language;
  document.title = i18next.t('app.name');
}

/**
 * The rule numbers texts name, from shared/rules.ts — never typed into a text. Every text can
 * use them: `{{capPoints}}` (B9: 10 000), `{{capDays}}` (B9: 60), `{{expiryYears}}` (B5: 3),
 * `{{membershipYears}}` (B9: 3).
 */
export const ruleVariables = {
  capPoints: formatPoints(CAP_POINTS),
  capDays: CAP_AFTER_DAYS,
  expiryYears: EXPIRY_YEARS,
  membershipYears: MEMBERSHIP_AFTER_CANCEL_YEARS,
};

export async function initI18n(): Promise<void> {
  i18next.on('languageChanged', reflectLanguage);
  await i18next.use(initReactI18next).init({
    resources: {
      nb: { translation: { ...nb, ...nbScreen, ...nbContact, ...nbMember, ...nbOrders, ...nbCorrections, ...nbCatalog, ...nbSettings, ...nbAudit, ...nbBilling, ...nbReports2, ...nbGdpr } },
      en: { translation: { ...en, ...enScreen, ...enContact, ...enMember, ...enOrders, ...enCorrections, ...enCatalog, ...enSettings, ...enAudit, ...enBilling, ...enReports2, ...enGdpr } },
    },
    lng: storedLanguage(),
    fallbackLng: 'nb',
    supportedLngs: languages,
    interpolation: { escapeValue: false, defaultVariables: ruleVariables },
    returnNull: false,
  });
  reflectLanguage(i18next.language);
}

/** vue-i18n: Italian first, English second; all UI text lives in it.json and en.json. */
import { createI18n } from 'vue-i18n'
import en from './en.json'
import it from './it.json'
import caseRecordsEn from './caseRecords.en.json'
import caseRecordsIt from './caseRecords.it.json'
import casesEn from './cases.en.json'
import casesIt from './cases.it.json'
import personsEn from './persons.en.json'
import personsIt from './persons.it.json'
import referralsEn from './referrals.en.json'
import referralsIt from './referrals.it.json'
import auditEn from './audit.en.json'
import auditIt from './audit.it.json'
import approvalsEn from './approvals.en.json'
import approvalsIt from './approvals.it.json'

export const LOCALES = ['it', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'it'

export type MessageSchema = typeof it & typeof caseRecordsIt & typeof casesIt & typeof personsIt & typeof referralsIt & typeof auditIt & typeof approvalsIt

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value)

/** A fresh i18n instance (the app makes one; each component test makes its own). */
export function createAppI18n(locale: Locale = DEFAULT_LOCALE) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { it: { ...it, ...caseRecordsIt, ...casesIt, ...personsIt, ...referralsIt, ...auditIt, ...approvalsIt }, en: { ...en, ...caseRecordsEn, ...casesEn, ...personsEn, ...referralsEn, ...auditEn, ...approvalsEn } },
    missingWarn: false,
    fallbackWarn: false,
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>

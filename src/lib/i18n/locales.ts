import { baseLocale, locales, type Locale } from '$lib/paraglide/runtime';

export { baseLocale, locales, type Locale };

/** Each language named in its own script, so a reader finds theirs without reading Danish. */
export const localeNames: Record<Locale, string> = {
	da: 'Dansk',
	en: 'English',
	ar: 'العربية',
	fa: 'فارسی',
	tr: 'Türkçe',
	so: 'Soomaali',
	uk: 'Українська'
};

const rtlLocales = new Set<string>(['ar', 'fa']);

export function textDirection(locale: string): 'ltr' | 'rtl' {
	return rtlLocales.has(locale) ? 'rtl' : 'ltr';
}

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

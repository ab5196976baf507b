import type { Locale } from '$lib/paraglide/runtime';
import { formatSupportHours, supportHours, supportPhone } from '$lib/config/support';

/** The support line the wizard shows: the configured number, and opening hours in a given language. */
export interface SupportInfo {
	phone: { display: string; href: string };
	/** Opening hours written in `locale`, or '' when there are none to show. */
	hours: (locale: Locale) => string;
}

export const supportInfo: SupportInfo = {
	phone: supportPhone,
	hours: (locale) => formatSupportHours(supportHours, locale)
};

import type { Locale } from '$lib/paraglide/runtime';
import {
	formatSupportHours,
	publicSupportPageHref,
	supportHours,
	supportPhone,
	type SupportConfig,
	type SupportPhone
} from '$lib/config/support';

/** The support line the wizard shows, in a given language (the print view shows two at once). */
export interface SupportInfo {
	/** null: no phone line in this build; the wizard points to Borgerservice and the public pages. */
	phone: SupportPhone | null;
	/** Opening hours written in `locale`, or '' when there are none to show. */
	hours: (locale: Locale) => string;
	/** The public page about Digital Post for readers of `locale`. */
	pageHref: (locale: Locale) => string;
}

export function supportInfoFrom({ phone, hours }: SupportConfig): SupportInfo {
	return {
		phone,
		hours: (locale) => (phone && hours ? formatSupportHours(hours, locale) : ''),
		pageHref: publicSupportPageHref
	};
}

/** This build's support line. */
export const supportInfo: SupportInfo = supportInfoFrom({ phone: supportPhone, hours: supportHours });

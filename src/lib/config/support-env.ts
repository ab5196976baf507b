// The support line's settings (PUBLIC_SUPPORT_PHONE, PUBLIC_SUPPORT_HOURS) and how they are read. Free of
// SvelteKit and paraglide imports so vite.config.ts can read them once at build time for the browser bundle
// (see ./support.ts); a wrong value fails the build.

export interface SupportPhone {
	/** As people read and dial it: "+45 70 12 34 56". */
	display: string;
	/** For links: "tel:+4570123456". */
	href: string;
}

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export interface OpeningPeriod {
	from: Weekday;
	to: Weekday;
	/** Minutes after midnight, Danish time. */
	opens: number;
	closes: number;
}

export interface SupportConfig {
	/** null: this deployment has no phone line of its own. */
	phone: SupportPhone | null;
	/** null: no opening hours to show (never set without a phone). */
	hours: OpeningPeriod[] | null;
}

export function parseSupportPhone(value: string): SupportPhone {
	const display = value.trim().replace(/\s+/g, ' ');
	if (!/^\+?[0-9][0-9 ()-]{3,22}$/.test(display)) {
		throw new Error(`PUBLIC_SUPPORT_PHONE must be a phone number such as "+45 70 12 34 56", got "${value}"`);
	}
	return { display, href: `tel:${display.replace(/[^+0-9]/g, '')}` };
}

function minutes(clock: string): number {
	const [hours, mins] = clock.split(':').map(Number) as [number, number];
	return hours <= 24 && mins < 60 ? hours * 60 + mins : Number.NaN;
}

/** Parses `mon-thu 08:00-16:00; fri 08:00-14:00`; throws (and so fails the build) on anything else. */
export function parseSupportHours(value: string): OpeningPeriod[] {
	const periods = value
		.split(';')
		.map((part) => part.trim().toLowerCase())
		.filter(Boolean)
		.map((part) => {
			const match = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(part);
			const from = match?.[1] as Weekday | undefined;
			const to = (match?.[2] ?? match?.[1]) as Weekday | undefined;
			if (!match || !from || !to || !weekdays.includes(from) || !weekdays.includes(to)) {
				throw new Error(
					`PUBLIC_SUPPORT_HOURS: cannot read "${part}"; write e.g. "mon-fri 09:00-15:00; sat 10:00-12:00"`
				);
			}
			const opens = minutes(match[3]!);
			const closes = minutes(match[4]!);
			if (!(opens < closes) || closes > 24 * 60) {
				throw new Error(`PUBLIC_SUPPORT_HOURS: "${part}" must open before it closes`);
			}
			return { from, to, opens, closes };
		});
	if (periods.length === 0) throw new Error('PUBLIC_SUPPORT_HOURS is empty');
	return periods;
}

/** The support line from a build's public environment; throws (failing the build) on a wrong value. */
export function readSupportConfig(env: Partial<Record<string, string>>): SupportConfig {
	const phone = env.PUBLIC_SUPPORT_PHONE?.trim();
	const hours = env.PUBLIC_SUPPORT_HOURS?.trim();
	if (!phone) {
		if (hours) {
			throw new Error('PUBLIC_SUPPORT_HOURS is set without PUBLIC_SUPPORT_PHONE: opening hours of what?');
		}
		return { phone: null, hours: null };
	}
	return { phone: parseSupportPhone(phone), hours: hours ? parseSupportHours(hours) : null };
}

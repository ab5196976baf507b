import * as publicEnv from '$env/static/public';

// Minimal version made by the wizard helper; the pwa helper owns this file (contract in TEAM.md).
// Read at build time, so prerendered pages show the configured number offline too.
const env = publicEnv as Record<string, string | undefined>;

/** The support phone number shown to users, e.g. "+45 9931 1530". */
export const supportPhone: string = env.PUBLIC_SUPPORT_PHONE?.trim() || '+45 9931 1530';

/** Opening hours as free text, or '' when not configured. */
export const supportHours: string = env.PUBLIC_SUPPORT_HOURS?.trim() || '';

/** The number for a tel: link: digits and a leading +, nothing else. */
export function telHref(phone: string = supportPhone): string {
	return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

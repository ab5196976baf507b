import * as publicEnv from '$env/static/public';

// Minimal version made by the wizard helper; the pwa helper owns this file (contract in TEAM.md).
// Read at build time, so prerendered pages show the configured number offline too.
const env = publicEnv as Record<string, string | undefined>;

export interface SupportPhone {
	/** As people read and dial it: "+45 9931 1530". */
	display: string;
	/** For links: "tel:+4599311530". */
	href: string;
}

const display = (env.PUBLIC_SUPPORT_PHONE?.trim() || '+45 9931 1530').replace(/\s+/g, ' ');

export const supportPhone: SupportPhone = { display, href: `tel:${display.replace(/[^+0-9]/g, '')}` };

/** Opening hours as free text, or '' when not configured. */
export const supportHours: string = env.PUBLIC_SUPPORT_HOURS?.trim() || '';

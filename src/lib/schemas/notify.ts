import { z } from 'zod';
import { parseDanishMobile } from '../notify/contacts';
import { parseClock } from '../notify/quiet-hours';

// Notice settings: the forms on the settings page and the push-subscription API. Field names are the
// form fields' names, so an error's `field` points at the input to fix.

const checkbox = z
	.literal('on')
	.optional()
	.transform((value) => value === 'on');

export const emailInput = z.object({
	email: z.string().trim().max(254).pipe(z.email())
});

export const phoneInput = z.object({
	phone: z
		.string()
		.max(40)
		.transform((value, ctx) => {
			const parsed = parseDanishMobile(value);
			if (!parsed) {
				ctx.addIssue({ code: 'custom', message: 'a Danish mobile number: +45 and 8 digits' });
				return z.NEVER;
			}
			return parsed;
		})
});

export const codeInput = z.object({
	code: z
		.string()
		.transform((value) => value.replace(/\s/g, ''))
		.pipe(z.string().regex(/^\d{6}$/, 'the code is 6 digits'))
});

const clock = z.string().transform((value, ctx) => {
	const minutes = parseClock(value);
	if (minutes === null) {
		ctx.addIssue({ code: 'custom', message: 'a time as HH:MM' });
		return z.NEVER;
	}
	return minutes;
});

/** The message of the issue "quiet hours start and end at the same time". */
export const QUIET_SAME = 'quiet hours must start and end at different times';

export function preferencesInput(locales: readonly [string, ...string[]]) {
	return z
		.object({
			email: checkbox,
			sms: checkbox,
			push: checkbox,
			locale: z.enum(locales),
			quiet: checkbox,
			quietFrom: z.string().optional(),
			quietTo: z.string().optional()
		})
		.transform((input, ctx) => {
			let quiet: { start: number; end: number } | null = null;
			if (input.quiet) {
				const start = clock.safeParse(input.quietFrom ?? '');
				const end = clock.safeParse(input.quietTo ?? '');
				if (!start.success) ctx.addIssue({ code: 'custom', path: ['quietFrom'], message: 'a time as HH:MM' });
				else if (!end.success)
					ctx.addIssue({ code: 'custom', path: ['quietTo'], message: 'a time as HH:MM' });
				else if (start.data === end.data)
					ctx.addIssue({ code: 'custom', path: ['quietTo'], message: QUIET_SAME });
				else quiet = { start: start.data, end: end.data };
			}
			return { email: input.email, sms: input.sms, push: input.push, locale: input.locale, quiet };
		});
}

export const deviceRemoveInput = z.object({ device: z.uuid() });

/** Base64url as browsers give a subscription's keys (no padding). */
const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url');

/** POST /api/v1/notify/devices: the browser's PushSubscription.toJSON() plus the device's name. */
export const pushSubscriptionInput = z.object({
	endpoint: z.url({ protocol: /^https?$/ }).max(2000),
	keys: z.object({
		// An uncompressed P-256 point (65 bytes) and a 16-byte secret, base64url.
		p256dh: base64url.min(80).max(100),
		auth: base64url.min(16).max(32)
	}),
	name: z.string().trim().min(1).max(60),
	/** The app's language on this device: the notices' language when these are the first settings. */
	locale: z.string().max(10).optional()
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInput>;

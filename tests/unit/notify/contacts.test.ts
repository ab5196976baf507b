import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone, msisdnDigits, parseDanishMobile } from '$lib/notify/contacts';
import {
	codeInput,
	emailInput,
	phoneInput,
	preferencesInput,
	pushSubscriptionInput
} from '$lib/schemas/notify';

describe('Danish mobile numbers', () => {
	it('are read with or without spaces, dashes or the +45 / 0045 prefix', () => {
		for (const typed of [
			'12345678',
			'12 34 56 78',
			'+45 12 34 56 78',
			'+4512345678',
			'0045 1234-5678',
			'(+45) 1234 5678'
		])
			expect(parseDanishMobile(typed), typed).toBe('+4512345678');
	});

	it('are refused from other countries, with too few or too many digits, or starting with 0', () => {
		for (const typed of [
			'+46 70 123 45 67',
			'+4412345678',
			'1234567',
			'123456789',
			'02345678',
			'12345678a',
			'',
			'+45'
		])
			expect(parseDanishMobile(typed), typed).toBeNull();
	});

	it('are masked to the last four digits, and sent to the gateway as digits', () => {
		expect(maskPhone('+4512345678')).toBe('+45 ****5678');
		expect(msisdnDigits('+4512345678')).toBe('4512345678');
	});

	it('e-mail addresses are masked to the first letter and the domain', () => {
		expect(maskEmail('freja.nielsen@example.dk')).toBe('f***@example.dk');
		expect(maskEmail('nonsense')).toBe('***');
	});
});

describe('notice forms', () => {
	it('name the field to fix', () => {
		expect(phoneInput.safeParse({ phone: '+46 70 123 45 67' }).error?.issues[0]?.path).toEqual(['phone']);
		expect(phoneInput.parse({ phone: '12 34 56 78' })).toEqual({ phone: '+4512345678' });
		expect(emailInput.parse({ email: ' a@b.dk ' })).toEqual({ email: 'a@b.dk' });
		expect(emailInput.safeParse({ email: 'a@' }).success).toBe(false);
		expect(codeInput.parse({ code: '123 456' })).toEqual({ code: '123456' });
		expect(codeInput.safeParse({ code: '12345' }).success).toBe(false);
	});

	it('read quiet hours as minutes and refuse a start equal to the end', () => {
		const prefs = preferencesInput(['da', 'en']);
		expect(
			prefs.parse({ sms: 'on', locale: 'en', quiet: 'on', quietFrom: '22:00', quietTo: '07:30' })
		).toEqual({
			email: false,
			sms: true,
			push: false,
			locale: 'en',
			quiet: { start: 1320, end: 450 }
		});
		// Times without the box ticked are ignored.
		expect(prefs.parse({ locale: 'da', quietFrom: 'x', quietTo: 'y' }).quiet).toBeNull();
		expect(
			prefs.safeParse({ locale: 'da', quiet: 'on', quietFrom: '22:00', quietTo: '22:00' }).error?.issues[0]
				?.path
		).toEqual(['quietTo']);
		expect(prefs.safeParse({ locale: 'sv' }).error?.issues[0]?.path).toEqual(['locale']);
	});

	it('accept a browser push subscription with its keys and a device name', () => {
		const subscription = {
			endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
			keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) },
			name: '  Chrome, Android '
		};
		expect(pushSubscriptionInput.parse(subscription).name).toBe('Chrome, Android');
		expect(pushSubscriptionInput.safeParse({ ...subscription, name: '' }).success).toBe(false);
		expect(pushSubscriptionInput.safeParse({ ...subscription, endpoint: 'ftp://x' }).success).toBe(false);
		expect(
			pushSubscriptionInput.safeParse({ ...subscription, keys: { p256dh: 'short', auth: 'x' } }).success
		).toBe(false);
	});
});

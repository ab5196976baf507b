import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { lix } from '$lib/plain-language/lix';
import { readPushNotice } from '$lib/notify/push-payload';
import { locales, type Locale } from '$lib/paraglide/runtime';
import {
	codeSms,
	confirmationEmail,
	noticeEmail,
	noticeText,
	pushNotice,
	smsText,
	type NoticeContent
} from '../../../src/lib/server/notify/render';

const letter = {
	senderName: 'Københavns Kommune',
	notification: 'Husk tandlægen.',
	legal: false,
	deadline: null
};
const origin = 'https://postkasse.example';

type LetterNotice = Extract<NoticeContent, { letters: unknown }>;

function content(locale: Locale, overrides: Partial<LetterNotice> = {}): LetterNotice {
	return { kind: 'letters', locale, letters: [letter], ...overrides };
}

const accessEvents = ['requested', 'started', 'changed', 'refused', 'ended'] as const;
const access = (locale: Locale, event: (typeof accessEvents)[number]): NoticeContent => ({
	kind: 'access',
	locale,
	event,
	level: 'read_write'
});

describe('notice texts', () => {
	it('say who sent it and the sender’s own short text, and link to the mailbox', () => {
		expect(smsText(content('da'), origin)).toBe(
			'Du har fået ny post fra Københavns Kommune.\nHusk tandlægen.\nLæs din post i Postkasse: https://postkasse.example/mail'
		);
		expect(smsText(content('en', { letters: [{ ...letter, notification: '', legal: true }] }), origin)).toBe(
			'You have new post from Københavns Kommune.\nThis letter has legal effect.\nRead your post in Postkasse: https://postkasse.example/en/mail'
		);
	});

	it('count a batch and list its senders, at most three and "others"', () => {
		const senders = ['SKAT', 'Region Hovedstaden', 'Udbetaling Danmark', 'Fjordbank', 'SKAT'].map(
			(senderName) => ({
				...letter,
				senderName,
				legal: senderName === 'Fjordbank'
			})
		);
		const text = noticeText(content('da', { letters: senders }));
		expect(text.title).toBe('5 nye breve i Postkasse');
		expect(text.lines).toEqual([
			'Du har fået 5 nye breve fra SKAT, Region Hovedstaden, Udbetaling Danmark og 1 anden.',
			'Mindst ét af brevene har retsvirkning.'
		]);
	});

	it('remind of the earliest deadline in the reader’s language and Danish time', () => {
		const reminder = noticeText(
			content('en', { kind: 'reminder', letters: [{ ...letter, deadline: '2026-12-01T22:59:00Z' }] })
		);
		expect(reminder).toEqual({
			title: 'Remember your post',
			lines: ['You have not read the letter from Københavns Kommune. The deadline is 1 December 2026.']
		});
	});

	it('keep names and numbers in their own direction in Arabic and Farsi', () => {
		expect(smsText(content('ar'), origin)).toContain('\u2068Københavns Kommune\u2069');
		expect(codeSms('fa', '123456')).toContain('\u2068123456\u2069');
		expect(codeSms('da', '123456')).toBe('Din kode til Postkasse er 123456. Den virker i 10 minutter.');
	});

	it('exist in every language, and the push payload is one the service worker accepts', () => {
		for (const locale of locales) {
			const one = noticeText(content(locale));
			const many = noticeText(content(locale, { letters: [letter, { ...letter, senderName: 'SKAT' }] }));
			for (const text of [one.title, ...one.lines, many.title, ...many.lines])
				expect(text, locale).not.toMatch(/[{}]/);
			expect(readPushNotice(JSON.parse(JSON.stringify(pushNotice(content(locale)))), locales)).toMatchObject({
				locale,
				url: locale === 'da' ? '/mail' : `/${locale}/mail`
			});
		}
	});
});

describe('access notices', () => {
	it('say what happened and point to the access page, in every language', () => {
		expect(smsText(access('da', 'requested'), origin)).toBe(
			'Nogen beder om adgang til din post\nÅbn Postkasse for at sige ja eller nej.\nSe mere i Postkasse: https://postkasse.example/access'
		);
		expect(smsText(access('en', 'started'), origin)).toBe(
			'You now have access to another person’s post\nYou can read and write.\nSee more in Postkasse: https://postkasse.example/en/access'
		);
		for (const locale of locales) {
			for (const event of accessEvents) {
				const text = noticeText(access(locale, event));
				for (const line of [text.title, ...text.lines])
					expect(line, `${locale} ${event}`).not.toMatch(/[{}]/);
				expect(
					readPushNotice(JSON.parse(JSON.stringify(pushNotice(access(locale, event)))), locales)
				).toMatchObject({
					locale,
					url: locale === 'da' ? '/access' : `/${locale}/access`
				});
			}
		}
	});

	it('e-mails link to the access page and say they carry no names', () => {
		const mail = noticeEmail(access('ar', 'ended'), origin, `${origin}/ar/notify/unsubscribe?t=x`);
		expect(mail.subject).toBe('انتهى وصولك إلى بريد شخص آخر');
		expect(mail.html).toMatch(/<html lang="ar" dir="rtl">/);
		expect(mail.html).toContain('href="https://postkasse.example/ar/access"');
		expect(mail.text).toContain('لا نضع أبدًا أسماء أو بريدًا في الرسائل الإلكترونية.');
	});
});

describe('notice e-mails', () => {
	it('are text and HTML from one template, with lang and dir, no remote content, and the unsubscribe link', () => {
		const mail = noticeEmail(content('fa'), origin, 'https://postkasse.example/fa/notify/unsubscribe?t=abc');
		expect(mail.subject).toBe('نامه جدید از \u2068Københavns Kommune\u2069');
		expect(mail.html).toMatch(/^<!doctype html>\n<html lang="fa" dir="rtl">/);
		expect(mail.html).not.toMatch(/<img|url\(|<script|<link|src=/i);
		expect(mail.html).toContain('href="https://postkasse.example/fa/mail"');
		expect(mail.html).toContain('href="https://postkasse.example/fa/notify/unsubscribe?t=abc"');
		expect(mail.text).toContain('https://postkasse.example/fa/notify/unsubscribe?t=abc');
		expect(mail.text).toContain('Husk tandlægen.');
	});

	it('escape what the sender wrote', () => {
		const mail = noticeEmail(
			content('da', { letters: [{ ...letter, senderName: 'A & B <Kommune>', notification: '<b>hej</b>' }] }),
			origin,
			`${origin}/notify/unsubscribe?t=x`
		);
		expect(mail.html).toContain('A &amp; B &lt;Kommune&gt;');
		expect(mail.html).toContain('&lt;b&gt;hej&lt;/b&gt;');
		expect(mail.html).not.toContain('<b>hej');
	});

	it('the confirmation e-mail carries the link in both parts', () => {
		const link = 'https://postkasse.example/en/notify/confirm-email?t=abc';
		const mail = confirmationEmail('en', link);
		expect(mail.subject).toBe('Confirm your e-mail for Postkasse');
		expect(mail.text).toContain(link);
		expect(mail.html).toContain(`href="${link}"`);
	});
});

describe('plain language', () => {
	const da = JSON.parse(readFileSync('messages/da.json', 'utf8')) as Record<string, unknown>;
	const texts = Object.entries(da)
		.filter(([key]) => key.startsWith('notify_'))
		.flatMap(([, value]) =>
			typeof value === 'string'
				? [value]
				: (value as { match: Record<string, string> }[]).flatMap((v) => Object.values(v.match))
		)
		.map((text) => text.replace(/\{\w+\}/g, 'x'));

	it('every Danish notice as sent (SMS, e-mail) has LIX at most 35', () => {
		const legal = { ...letter, legal: true, deadline: '2026-12-01T22:59:00Z' };
		const cases: NoticeContent[] = [
			content('da'),
			content('da', { letters: [legal] }),
			content('da', { letters: [legal, { ...letter, senderName: 'SKAT' }] }),
			content('da', { kind: 'reminder', letters: [legal] }),
			content('da', { kind: 'reminder', letters: [legal, legal] }),
			...accessEvents.map((event) => access('da', event))
		];
		for (const notice of cases) {
			// Links are not words a reader reads.
			const readable = (text: string) => text.replace(/https?:\/\/\S+/g, '');
			expect(lix(readable(smsText(notice, origin))).lix).toBeLessThanOrEqual(35);
			expect(lix(readable(noticeEmail(notice, origin, `${origin}/x`).text)).lix).toBeLessThanOrEqual(35);
		}
		expect(
			lix(confirmationEmail('da', `${origin}/x`).text.replace(/https?:\/\/\S+/g, '')).lix
		).toBeLessThanOrEqual(35);
	});

	it('the settings and page texts together read easily (LIX ≤ 35)', () => {
		expect(lix(texts.join('\n')).lix).toBeLessThanOrEqual(35);
	});
});

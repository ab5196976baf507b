// The words of every notice, in the citizen's language, from the paraglide catalogues. One text model for
// all channels: a title and short body lines, then each channel adds its frame (link, unsubscribe).
// Never the letter's title, body, files or the citizen's CPR number: only the sender's name, the
// sender's own `notification` text, whether it has legal effect, and a deadline's date.
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../../paraglide/runtime.js';
import { formatDate } from '../../i18n/format';
import { textDirection } from '../../i18n/locales';
import { isolate } from '../../auth/bidi';
import { mailPath } from '../../pwa/offline-routes';
import type { PushNotice } from '../../notify/push-payload';
import type { AccessLevel } from '../../schemas/access';
import type { AccessEvent } from './outbox';

export interface NoticeLetter {
	senderName: string;
	/** The sender's own short text for notices (MeMo `notification`); '' when none. */
	notification: string;
	legal: boolean;
	/** The letter's earliest deadline (ISO), for reminders. */
	deadline: string | null;
}

export type NoticeContent =
	| { kind: 'letters' | 'reminder'; locale: Locale; letters: NoticeLetter[] }
	/** Someone-you-trust access: no names at all (neither the owner's nor the helper's), only what happened. */
	| { kind: 'access'; locale: Locale; event: AccessEvent; level: AccessLevel };

export interface NoticeText {
	title: string;
	lines: string[];
}

const BASE_LOCALE: Locale = 'da';
/** Sender names listed in a batch before "and N others". */
const MAX_SENDERS = 3;

/** Names and dates keep their own direction inside Arabic and Farsi text; other scripts need nothing. */
function bidi(locale: Locale): (value: string) => string {
	return textDirection(locale) === 'rtl' ? (value) => isolate(value) : (value) => value;
}

// Making an Intl formatter costs far more than using one.
const listFormats = new Map<Locale, Intl.ListFormat>();

function senderList(letters: NoticeLetter[], locale: Locale): string {
	const iso = bidi(locale);
	const names = [...new Set(letters.map((l) => l.senderName))];
	const shown = names.slice(0, MAX_SENDERS).map(iso);
	if (names.length > MAX_SENDERS)
		shown.push(m.notify_others({ count: names.length - MAX_SENDERS }, { locale }));
	let format = listFormats.get(locale);
	if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { type: 'conjunction' })));
	return format.format(shown);
}

function accessText(event: AccessEvent, level: AccessLevel, locale: Locale): NoticeText {
	const levelLine =
		level === 'read_write'
			? m.access_notice_level_read_write({}, { locale })
			: m.access_notice_level_read({}, { locale });
	switch (event) {
		case 'requested':
			return {
				title: m.access_notice_requested_title({}, { locale }),
				lines: [m.access_notice_requested_text({}, { locale })]
			};
		case 'started':
			return { title: m.access_notice_started_title({}, { locale }), lines: [levelLine] };
		case 'changed':
			return { title: m.access_notice_changed_title({}, { locale }), lines: [levelLine] };
		case 'refused':
			return {
				title: m.access_notice_refused_title({}, { locale }),
				lines: [m.access_notice_refused_text({}, { locale })]
			};
		case 'ended':
			return {
				title: m.access_notice_ended_title({}, { locale }),
				lines: [m.access_notice_ended_text({}, { locale })]
			};
	}
}

export function noticeText(content: NoticeContent): NoticeText {
	if (content.kind === 'access') return accessText(content.event, content.level, content.locale);
	const { kind, locale, letters } = content;
	const iso = bidi(locale);
	const first = letters[0];
	if (!first) throw new Error('a notice needs at least one letter');
	const one = letters.length === 1;
	if (kind === 'reminder') {
		const deadlines = letters
			.map((l) => l.deadline)
			.filter((d): d is string => d !== null)
			.sort();
		const date = iso(formatDate(deadlines[0] ?? new Date().toISOString(), locale));
		return {
			title: m.notify_reminder_title({}, { locale }),
			lines: [
				one
					? m.notify_reminder_one({ sender: iso(first.senderName), date }, { locale })
					: m.notify_reminder_many({ count: letters.length, date }, { locale })
			]
		};
	}
	if (one) {
		const lines: string[] = [m.notify_new_one({ sender: iso(first.senderName) }, { locale })];
		if (first.notification.trim()) lines.push(first.notification.trim());
		if (first.legal) lines.push(m.notify_legal_one({}, { locale }));
		return { title: m.notify_new_title_one({ sender: iso(first.senderName) }, { locale }), lines };
	}
	const lines: string[] = [
		m.notify_new_many({ count: letters.length, senders: senderList(letters, locale) }, { locale })
	];
	if (letters.some((l) => l.legal)) lines.push(m.notify_legal_many({}, { locale }));
	return { title: m.notify_new_title_many({ count: letters.length }, { locale }), lines };
}

/** The mailbox in the citizen's language: where every notice points. */
export function mailUrl(origin: string, locale: Locale): string {
	return `${origin}${mailPath(locale, BASE_LOCALE)}`;
}

/** The access settings page in the citizen's language: where access notices point. */
function accessPath(locale: Locale): string {
	return locale === BASE_LOCALE ? '/access' : `/${locale}/access`;
}

/** Where a notice points and the line that says so. */
function noticeLink(content: NoticeContent, origin: string): { path: string; url: string; line: string } {
	const { locale } = content;
	if (content.kind === 'access') {
		const path = accessPath(locale);
		return {
			path,
			url: `${origin}${path}`,
			line: m.access_notice_see_at({ url: `${origin}${path}` }, { locale })
		};
	}
	const url = mailUrl(origin, locale);
	return { path: mailPath(locale, BASE_LOCALE), url, line: m.notify_read_at({ url }, { locale }) };
}

export function smsText(content: NoticeContent, origin: string): string {
	const { title, lines } = noticeText(content);
	// An access notice's title is what happened; a letter notice's first line already says it.
	const head = content.kind === 'access' ? [title] : [];
	return [...head, ...lines, noticeLink(content, origin).line].join('\n');
}

export function pushNotice(content: NoticeContent): PushNotice {
	const { title, lines } = noticeText(content);
	return {
		v: 1,
		locale: content.locale,
		title,
		body: lines.join('\n'),
		url: noticeLink(content, '').path
	};
}

export interface EmailContent {
	subject: string;
	text: string;
	html: string;
}

function escapeHtml(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/**
 * One template for every e-mail: a heading, paragraphs, a button and a small footer, with `lang` and `dir`
 * set, inline styles only and no remote images (mail clients block them, and they would track readers).
 */
function emailHtml(
	locale: Locale,
	title: string,
	paragraphs: string[],
	button: { href: string; label: string },
	footer: { text: string; link?: { href: string; label: string } }[]
): string {
	const dir = textDirection(locale);
	const p = (text: string) =>
		`<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;
	const small = (item: { text: string; link?: { href: string; label: string } }) =>
		`<p style="margin:0 0 8px;font-size:14px;line-height:1.5;color:#444">${escapeHtml(item.text)}${
			item.link
				? `${item.text ? ' ' : ''}<a href="${escapeHtml(item.link.href)}" style="color:#12365c">${escapeHtml(item.link.label)}</a>`
				: ''
		}</p>`;
	return `<!doctype html>
<html lang="${locale}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1a1a1a">
<div style="max-width:560px;margin:0 auto;padding:24px 16px">
<p style="margin:0 0 16px;font-size:14px;font-weight:bold;color:#12365c">Postkasse</p>
<div style="background:#ffffff;border-radius:8px;padding:24px">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${escapeHtml(title)}</h1>
${paragraphs.map(p).join('\n')}
<p style="margin:24px 0 0"><a href="${escapeHtml(button.href)}" style="display:inline-block;padding:12px 20px;background:#12365c;color:#ffffff;text-decoration:none;border-radius:6px;font-size:16px">${escapeHtml(button.label)}</a></p>
</div>
<div style="padding:16px 4px">
${footer.map(small).join('\n')}
</div>
</div>
</body>
</html>`;
}

export function noticeEmail(content: NoticeContent, origin: string, unsubscribeUrl: string): EmailContent {
	const { locale } = content;
	const { title, lines } = noticeText(content);
	const { url, line } = noticeLink(content, origin);
	const access = content.kind === 'access';
	const why = access ? m.access_notice_why({}, { locale }) : m.notify_email_why({}, { locale });
	const noContent = access
		? m.access_notice_no_names({}, { locale })
		: m.notify_email_no_content({}, { locale });
	const text = [
		...lines,
		'',
		line,
		'',
		'--',
		`${why} ${noContent}`,
		m.notify_email_stop({ url: unsubscribeUrl }, { locale })
	].join('\n');
	const html = emailHtml(locale, title, lines, { href: url, label: m.notify_open_button({}, { locale }) }, [
		{ text: `${why} ${noContent}` },
		{ text: '', link: { href: unsubscribeUrl, label: m.notify_email_stop_link({}, { locale }) } }
	]);
	return { subject: title, text, html };
}

export function confirmationEmail(locale: Locale, link: string): EmailContent {
	const subject = m.notify_confirm_email_subject({}, { locale });
	const body = m.notify_confirm_email_text({}, { locale });
	const ignore = m.notify_confirm_email_ignore({}, { locale });
	const text = [body, '', link, '', ignore].join('\n');
	const html = emailHtml(
		locale,
		subject,
		[body],
		{ href: link, label: m.notify_confirm_email_button({}, { locale }) },
		[{ text: ignore }]
	);
	return { subject, text, html };
}

export function codeSms(locale: Locale, code: string): string {
	return m.notify_sms_code({ code: bidi(locale)(code) }, { locale });
}

// The push notification's words, taken from the message catalogues at build time. The service worker
// cannot use the paraglide runtime (it has no window), so it imports just these two keys per language.
import { pwa_push_title as daTitle, pwa_push_body as daBody } from '../../../messages/da.json';
import { pwa_push_title as enTitle, pwa_push_body as enBody } from '../../../messages/en.json';
import { pwa_push_title as arTitle, pwa_push_body as arBody } from '../../../messages/ar.json';
import { pwa_push_title as faTitle, pwa_push_body as faBody } from '../../../messages/fa.json';
import { pwa_push_title as trTitle, pwa_push_body as trBody } from '../../../messages/tr.json';
import { pwa_push_title as soTitle, pwa_push_body as soBody } from '../../../messages/so.json';
import { pwa_push_title as ukTitle, pwa_push_body as ukBody } from '../../../messages/uk.json';

export interface PushText {
	title: string;
	body: string;
	dir: 'ltr' | 'rtl';
}

export const pushTexts: Record<string, PushText> = {
	da: { title: daTitle, body: daBody, dir: 'ltr' },
	en: { title: enTitle, body: enBody, dir: 'ltr' },
	ar: { title: arTitle, body: arBody, dir: 'rtl' },
	fa: { title: faTitle, body: faBody, dir: 'rtl' },
	tr: { title: trTitle, body: trBody, dir: 'ltr' },
	so: { title: soTitle, body: soBody, dir: 'ltr' },
	uk: { title: ukTitle, body: ukBody, dir: 'ltr' }
};

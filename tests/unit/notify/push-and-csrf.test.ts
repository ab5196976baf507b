import { describe, expect, it } from 'vitest';
import { readPushNotice } from '$lib/notify/push-payload';
import { isForbiddenCrossSitePost } from '../../../src/lib/server/csrf';
import { pushEndpointAllowed } from '../../../src/lib/server/notify/config';

const locales = ['da', 'en', 'ar'];

describe('push payloads', () => {
	const notice = { v: 1, locale: 'ar', title: 'بريد جديد', body: 'نص', url: '/ar/mail' };

	it('are shown only when they are a notice in a known language pointing at our own site', () => {
		expect(readPushNotice(notice, locales)).toEqual(notice);
		expect(readPushNotice({ ...notice, v: 2 }, locales)).toBeNull();
		expect(readPushNotice({ ...notice, locale: 'xx' }, locales)).toBeNull();
		expect(readPushNotice({ ...notice, url: 'https://evil.example/' }, locales)).toBeNull();
		expect(readPushNotice({ ...notice, url: '//evil.example/' }, locales)).toBeNull();
		expect(readPushNotice({ ...notice, title: '' }, locales)).toBeNull();
		expect(readPushNotice({ ...notice, body: 'x'.repeat(1001) }, locales)).toBeNull();
		expect(readPushNotice({ locale: 'ar' }, locales)).toBeNull();
		expect(readPushNotice('text', locales)).toBeNull();
	});
});

describe('push endpoints', () => {
	it('are the browsers’ push services over https, or hosts named in PUSH_ENDPOINT_HOSTS', () => {
		expect(pushEndpointAllowed('https://fcm.googleapis.com/fcm/send/abc')).toBe(true);
		expect(pushEndpointAllowed('https://updates.push.services.mozilla.com/wpush/v2/abc')).toBe(true);
		expect(pushEndpointAllowed('https://wns2-par02p.notify.windows.com/w/?token=abc')).toBe(true);
		expect(pushEndpointAllowed('https://web.push.apple.com/abc')).toBe(true);
		expect(pushEndpointAllowed('http://fcm.googleapis.com/fcm/send/abc')).toBe(false);
		expect(pushEndpointAllowed('https://169.254.169.254/')).toBe(false);
		expect(pushEndpointAllowed('https://fcm.googleapis.com.evil.example/')).toBe(false);
		process.env.PUSH_ENDPOINT_HOSTS = '127.0.0.1:9999';
		try {
			expect(pushEndpointAllowed('http://127.0.0.1:9999/push/1')).toBe(true);
			expect(pushEndpointAllowed('http://127.0.0.1:9998/push/1')).toBe(false);
		} finally {
			delete process.env.PUSH_ENDPOINT_HOSTS;
		}
	});
});

describe('cross-site form posts', () => {
	const url = (path: string) => new URL(path, 'https://postkasse.example');
	const post = (headers: Record<string, string>, method = 'POST') =>
		new Request('https://postkasse.example/x', { method, headers });
	const form = { 'content-type': 'application/x-www-form-urlencoded' };

	it('are refused without our Origin, as SvelteKit does', () => {
		expect(isForbiddenCrossSitePost(post(form), url('/settings'))).toBe(true);
		expect(isForbiddenCrossSitePost(post({ ...form, origin: 'https://evil.example' }), url('/login'))).toBe(
			true
		);
		expect(
			isForbiddenCrossSitePost(post({ 'content-type': 'multipart/form-data; boundary=x' }), url('/logout'))
		).toBe(true);
		expect(isForbiddenCrossSitePost(post({ 'content-type': 'text/plain' }, 'DELETE'), url('/x'))).toBe(true);
	});

	it('are let through from our own origin, and JSON or GET are not form posts', () => {
		expect(
			isForbiddenCrossSitePost(post({ ...form, origin: 'https://postkasse.example' }), url('/settings'))
		).toBe(false);
		expect(
			isForbiddenCrossSitePost(post({ 'content-type': 'application/json' }), url('/api/v1/messages'))
		).toBe(false);
		expect(isForbiddenCrossSitePost(new Request('https://postkasse.example/'), url('/'))).toBe(false);
	});

	it('except the RFC 8058 one-click unsubscribe, which mail providers post without an Origin', () => {
		expect(isForbiddenCrossSitePost(post(form), url('/api/v1/notify/unsubscribe'))).toBe(false);
		expect(isForbiddenCrossSitePost(post(form, 'PUT'), url('/api/v1/notify/unsubscribe'))).toBe(true);
		expect(isForbiddenCrossSitePost(post(form), url('/notify/unsubscribe'))).toBe(true);
	});
});

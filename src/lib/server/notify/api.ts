// HTTP endpoints of notices: the VAPID public key, adding this browser as a push device, and RFC 8058
// one-click unsubscribe (no session: the link's token is the authority).
import { json, redirect, type RequestEvent } from '@sveltejs/kit';
import { getDatabase } from '../db/index';
import { apiError, invalid, readJson } from '../http';
import { pushSubscriptionInput } from '../../schemas/notify';
import { pushEndpointAllowed } from './config';
import { vapidKeys } from './keys';
import { addDevice, MAX_DEVICES } from './devices';
import { unsubscribeTarget } from './contacts';
import { readPreferences, setChannel } from './settings';
import { isLocale } from '../../i18n/locales';

const noStore = { 'cache-control': 'private, no-store' };

/** GET /api/v1/notify/push-key: the public VAPID key browsers subscribe with. */
export async function handlePushKey(): Promise<Response> {
	const { publicKey } = await vapidKeys(await getDatabase());
	return json({ publicKey }, { headers: { 'cache-control': 'no-cache' } });
}

/** POST /api/v1/notify/devices: stores this browser's push subscription for the signed-in citizen. */
export async function handleAddDevice(event: RequestEvent): Promise<Response> {
	const citizen = event.locals.citizen;
	if (!citizen) return apiError(401, 'unauthorized', 'Sign in to get notifications on this device.');
	const body = await readJson(event.request, 16 * 1024);
	if (!body.ok) return body.response;
	const parsed = pushSubscriptionInput.safeParse(body.value);
	if (!parsed.success) return invalid(parsed.error);
	if (!pushEndpointAllowed(parsed.data.endpoint)) {
		return apiError(400, 'invalid_body', 'endpoint: not a known web push service.', 'endpoint');
	}
	const db = await getDatabase();
	const now = Date.now();
	const input = parsed.data;
	const added = await db.tx(async (t) => {
		const outcome = await addDevice(t, citizen.citizenId, input, now);
		if (outcome.ok) {
			const fallback = isLocale(input.locale) ? input.locale : 'da';
			const locale = (await readPreferences(t, citizen.citizenId, fallback)).locale;
			await setChannel(t, citizen.citizenId, 'push', true, locale, now);
		}
		return outcome;
	});
	if (!added.ok) {
		return apiError(409, 'too_many_devices', `At most ${MAX_DEVICES} devices; remove one first.`, 'endpoint');
	}
	return json({ id: added.id }, { status: 201, headers: noStore });
}

function token(event: RequestEvent): string {
	return event.url.searchParams.get('t') ?? '';
}

/** POST /api/v1/notify/unsubscribe?t=…: RFC 8058 one-click; turns e-mail notices off. */
export async function handleOneClickUnsubscribe(event: RequestEvent): Promise<Response> {
	const db = await getDatabase();
	const target = await unsubscribeTarget(db, token(event));
	if (!target) return apiError(404, 'not_found', 'This unsubscribe link is not valid (any more).', 't');
	await db.tx((t) => setChannel(t, target.citizenId, 'email', false, 'da', Date.now()));
	return json({ status: 'unsubscribed' }, { headers: noStore });
}

/** GET of the same link (a mail client that opens it in a browser): the page that asks first. */
export function handleUnsubscribeLink(event: RequestEvent): Response {
	redirect(303, `/notify/unsubscribe?t=${encodeURIComponent(token(event))}`);
}

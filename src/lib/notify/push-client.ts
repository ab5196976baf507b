// The browser side of web push: is it possible here, which subscription this browser has, subscribing.

export function pushSupported(): boolean {
	return (
		typeof window !== 'undefined' &&
		'serviceWorker' in navigator &&
		'PushManager' in window &&
		'Notification' in window
	);
}

/** This browser's push endpoint, to mark "this device" in the list; null when it has none. */
export async function currentEndpoint(): Promise<string | null> {
	if (!pushSupported()) return null;
	const registration = await navigator.serviceWorker.getRegistration();
	const subscription = await registration?.pushManager.getSubscription();
	return subscription?.endpoint ?? null;
}

/** A name the citizen can recognise the device by, e.g. "Chrome, Android"; they may change it. */
export function suggestedDeviceName(userAgent: string): string | null {
	const browser = /Edg\//.test(userAgent)
		? 'Edge'
		: /Firefox\//.test(userAgent)
			? 'Firefox'
			: /Chrome\/|Chromium\//.test(userAgent)
				? 'Chrome'
				: /Safari\//.test(userAgent)
					? 'Safari'
					: null;
	const system = /Android/.test(userAgent)
		? 'Android'
		: /iPhone|iPad/.test(userAgent)
			? 'iOS'
			: /Windows/.test(userAgent)
				? 'Windows'
				: /Mac OS X/.test(userAgent)
					? 'macOS'
					: /Linux/.test(userAgent)
						? 'Linux'
						: null;
	const parts = [browser, system].filter((p): p is string => p !== null);
	return parts.length ? parts.join(', ') : null;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
	const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
	const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
	const bytes = new Uint8Array(new ArrayBuffer(raw.length));
	for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
	return bytes;
}

export type SubscribeOutcome = 'ok' | 'denied' | 'failed';

/** Asks for permission, subscribes with our VAPID key and tells the server (as a named device). */
export async function subscribeThisDevice(
	publicKey: string,
	name: string,
	locale: string
): Promise<SubscribeOutcome> {
	const permission = await Notification.requestPermission();
	if (permission !== 'granted') return 'denied';
	try {
		const registration = await navigator.serviceWorker.ready;
		const subscription =
			(await registration.pushManager.getSubscription()) ??
			(await registration.pushManager.subscribe({
				userVisibleOnly: true,
				applicationServerKey: keyBytes(publicKey)
			}));
		const response = await fetch('/api/v1/notify/devices', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...subscription.toJSON(), name, locale })
		});
		return response.ok ? 'ok' : 'failed';
	} catch {
		// No push service reachable (offline, or a browser without one).
		return 'failed';
	}
}

/** Stops push on this browser (after the citizen removed it from the list). */
export async function unsubscribeThisDevice(): Promise<void> {
	if (!pushSupported()) return;
	const registration = await navigator.serviceWorker.getRegistration();
	await (await registration?.pushManager.getSubscription())?.unsubscribe();
}

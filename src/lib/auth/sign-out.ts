/**
 * The one way out. Every way of signing out ends here, so each removes the citizen's data from the device:
 * the "Sign out" buttons (mailbox, settings, the sign-out page), a session the server no longer knows
 * (noticed online by the mailbox, or by landing on the sign-in page), and another person signing in (the
 * mailbox keeps only the signed-in citizen's data, through the same `forgetCitizens`).
 */
import { localizeHref } from '$lib/paraglide/runtime';
import { deviceHoldsCitizenData, forgetCitizens, unsavedChangesOnDevice } from '$lib/mail/device-data';

export type SignOutReason =
	/** The citizen chose to sign out: the server session is ended too. */
	| 'signed-out'
	/** The server no longer knows the session (it ran out, or was ended elsewhere). */
	| 'session-ended';

interface RunningMailbox {
	/** Stops syncing and watching, so its data can be removed. */
	stop(): Promise<void>;
	/** Its data is gone; the server session ends now (the page leaves) or when the network returns. */
	signedOut(serverSessionEndsLater: boolean): void;
}

let running: RunningMailbox | null = null;

/** The open mailbox of this page registers itself, so a sign-out stops it before its data goes. */
export function registerMailbox(mailbox: RunningMailbox): () => void {
	running = mailbox;
	return () => {
		if (running === mailbox) running = null;
	};
}

/** Set for the sign-in page when changes made on the device went with the data (per tab). */
const UNSAVED_KEY = 'postkasse.unsaved-changes-lost';
/** Set for the sign-in page after the citizen signed out here: it says so, and what left the device. */
const SIGNED_OUT_KEY = 'postkasse.signed-out';

function endServerSession(): void {
	sessionStorage.setItem(SIGNED_OUT_KEY, '1');
	// A form post, so the server's redirect to the sign-in page is followed like any navigation.
	const form = document.createElement('form');
	form.method = 'POST';
	form.action = localizeHref('/logout');
	document.body.append(form);
	form.submit();
}

/**
 * Stops the mailbox, removes every citizen's data from this device, then ends the server session and goes
 * to the sign-in page. Offline, the server session ends as soon as the network returns: resolves 'offline'
 * (the caller says so); otherwise the page is leaving.
 */
export async function signOut(reason: SignOutReason): Promise<'leaving' | 'offline'> {
	const unsaved = reason === 'session-ended' && unsavedChangesOnDevice();
	const mailbox = running;
	running = null;
	await mailbox?.stop();
	await forgetCitizens();
	if (unsaved) sessionStorage.setItem(UNSAVED_KEY, '1');
	const later = reason === 'signed-out' && !navigator.onLine;
	mailbox?.signedOut(later);
	if (reason === 'session-ended') location.assign(localizeHref('/login'));
	else if (later) addEventListener('online', endServerSession, { once: true });
	else endServerSession();
	return later ? 'offline' : 'leaving';
}

/**
 * On the sign-in page nobody is signed in on this browser: whatever a previous person left on the device
 * goes (a session that ran out while the browser was closed is noticed here). Says whether the citizen just
 * signed out here, and whether changes made on the device were lost, so the page can say so.
 */
export async function forgetPreviousCitizen(): Promise<{ signedOut: boolean; unsavedLost: boolean }> {
	let unsavedLost = sessionStorage.getItem(UNSAVED_KEY) === '1';
	const signedOut = sessionStorage.getItem(SIGNED_OUT_KEY) === '1';
	sessionStorage.removeItem(UNSAVED_KEY);
	sessionStorage.removeItem(SIGNED_OUT_KEY);
	if (await deviceHoldsCitizenData()) {
		unsavedLost ||= unsavedChangesOnDevice();
		await forgetCitizens();
	}
	return { signedOut, unsavedLost };
}

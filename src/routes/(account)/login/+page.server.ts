import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDatabase } from '$lib/server/db/index';
import {
	cancelPendingLogin,
	checkCode,
	checkPassword,
	pendingLogin,
	PENDING_LOGIN_MS
} from '$lib/server/auth/login';
import { SESSION_COOKIE, deleteSession, setSessionCookie } from '$lib/server/auth/session';
import { oidcSettings } from '$lib/server/auth/oidc/settings';
import { sourceBlockedFor } from '$lib/server/auth/sign-in-sources';
import type { Actions, PageServerLoad } from './$types';

const PENDING_COOKIE = 'postkasse_login';

const passwordForm = z.object({
	userId: z.string().trim().min(1).max(100),
	password: z.string().min(1).max(200),
	sharedComputer: z.literal('on').optional()
});

/** Why a sign-in through the identity broker came back refused (`?oidc=` from the callback). */
const brokerError = z.enum(['state', 'cancelled', 'failed', 'loa', 'no_cpr', 'unavailable']);

function afterSignIn(registered: boolean): string {
	return localizeHref(registered ? '/mail' : '/register');
}

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
	const token = cookies.get(PENDING_COOKIE);
	const pending = token ? await pendingLogin(await getDatabase(), token, Date.now()) : null;
	if (pending) return { step: 'code' as const, cardId: pending.cardId, key: pending.key };
	if (locals.citizen) redirect(303, afterSignIn(locals.citizen.registered));
	return {
		step: 'password' as const,
		// MitID through the broker beside the code card, when a broker is configured.
		broker: oidcSettings() !== null,
		brokerError: brokerError.safeParse(url.searchParams.get('oidc')).data ?? null
	};
};

export const actions: Actions = {
	password: async ({ request, cookies, url, getClientAddress }) => {
		const ip = getClientAddress();
		const db = await getDatabase();
		const data = Object.fromEntries(await request.formData());
		const userId = typeof data.userId === 'string' ? data.userId.slice(0, 100) : '';
		const sharedComputer = data.sharedComputer === 'on';

		const blockedMs = await sourceBlockedFor(db, ip, Date.now());
		if (blockedMs > 0) {
			return fail(429, {
				step: 'password' as const,
				userId,
				sharedComputer,
				error: 'rate_limited' as const,
				until: Date.now() + blockedMs
			});
		}
		const parsed = passwordForm.safeParse(data);
		if (!parsed.success) {
			const missing = parsed.error.issues[0]?.path[0] === 'userId' ? 'missing_user_id' : 'missing_password';
			return fail(400, { step: 'password' as const, userId, sharedComputer, error: missing });
		}
		const result = await checkPassword(
			db,
			{ userId: parsed.data.userId, password: parsed.data.password, sharedComputer, source: ip },
			Date.now()
		);
		if (!result.ok) {
			if (result.reason === 'locked') {
				return fail(423, {
					step: 'password' as const,
					userId,
					sharedComputer,
					error: 'locked' as const,
					until: result.until
				});
			}
			if (result.reason === 'no_card') {
				return fail(409, { step: 'password' as const, userId, sharedComputer, error: 'no_card' as const });
			}
			return fail(400, { step: 'password' as const, userId, sharedComputer, error: 'invalid' as const });
		}
		cookies.set(PENDING_COOKIE, result.pendingToken, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: PENDING_LOGIN_MS / 1000
		});
		// Post/redirect/get: the code step is its own page load, so a reload does not resend the password.
		redirect(303, localizeHref('/login'));
	},

	code: async ({ request, cookies, url, getClientAddress }) => {
		const ip = getClientAddress();
		const token = cookies.get(PENDING_COOKIE) ?? '';
		const db = await getDatabase();
		const pending = await pendingLogin(db, token, Date.now());
		if (!pending) return fail(400, { step: 'password' as const, error: 'expired' as const });
		const view = { step: 'code' as const, cardId: pending.cardId, key: pending.key };

		const blockedMs = await sourceBlockedFor(db, ip, Date.now());
		if (blockedMs > 0)
			return fail(429, { ...view, error: 'rate_limited' as const, until: Date.now() + blockedMs });

		const code = String((await request.formData()).get('code') ?? '').replace(/\s/g, '');
		if (!/^\d{6}$/.test(code)) return fail(400, { ...view, error: 'code_format' as const });

		const result = await checkCode(db, token, code, ip, Date.now());
		if (!result.ok) {
			if (result.reason === 'expired')
				return fail(400, { step: 'password' as const, error: 'expired' as const });
			if (result.reason === 'locked') {
				cookies.delete(PENDING_COOKIE, { path: '/' });
				return fail(423, { step: 'password' as const, error: 'locked' as const, until: result.until });
			}
			return fail(400, { ...view, error: 'code_wrong' as const, attemptsLeft: result.attemptsLeft });
		}
		// Rotate: whatever session this browser had before ends here.
		const previous = cookies.get(SESSION_COOKIE);
		if (previous) await deleteSession(db, previous);
		cookies.delete(PENDING_COOKIE, { path: '/' });
		setSessionCookie(cookies, url, result.sessionToken, result.storage);
		if (result.newCard || result.failedAttempts > 0) {
			// Shown once, in this response only; the server keeps nothing but the codes' hashes.
			return {
				step: 'notice' as const,
				newCard: result.newCard,
				failedAttempts: result.failedAttempts,
				next: afterSignIn(result.registered)
			};
		}
		redirect(303, afterSignIn(result.registered));
	},

	cancel: async ({ cookies }) => {
		const token = cookies.get(PENDING_COOKIE);
		if (token) await cancelPendingLogin(await getDatabase(), token);
		cookies.delete(PENDING_COOKIE, { path: '/' });
		redirect(303, localizeHref('/login'));
	}
};

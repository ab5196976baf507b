import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDatabase } from '$lib/server/db/index';
import { signedInCitizen } from '$lib/server/auth/guard';
import { markRegistered } from '$lib/server/auth/citizens';
import { listPrivateSenders, optedInSenders, setOptIns } from '$lib/server/senders/registry';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const citizen = signedInCitizen(event);
	if (citizen.registered) redirect(303, localizeHref('/settings'));
	const db = await getDatabase();
	const chosen = new Set(await optedInSenders(db, citizen.mailboxId));
	return {
		name: citizen.name,
		senders: (await listPrivateSenders(db)).map((s) => ({ ...s, optedIn: chosen.has(s.id) }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const citizen = signedInCitizen(event);
		const form = await event.request.formData();
		const chosen = form.getAll('sender').filter((v): v is string => typeof v === 'string');
		const db = await getDatabase();
		const now = Date.now();
		await db.tx(async (t) => {
			await setOptIns(t, citizen.mailboxId, chosen, now);
			await markRegistered(t, citizen.citizenId, now);
		});
		redirect(303, localizeHref('/mail'));
	}
};

import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { getDb, write } from '$lib/server/db/index';
import { signedInCitizen } from '$lib/server/auth/guard';
import { markRegistered } from '$lib/server/auth/citizens';
import { listPrivateSenders, optedInSenders, setOptIns } from '$lib/server/senders/registry';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const citizen = signedInCitizen(event);
	if (citizen.registered) redirect(303, localizeHref('/settings'));
	const db = getDb();
	const chosen = new Set(optedInSenders(db, citizen.mailboxId));
	return {
		name: citizen.name,
		senders: listPrivateSenders(db).map((s) => ({ ...s, optedIn: chosen.has(s.id) }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const citizen = signedInCitizen(event);
		const form = await event.request.formData();
		const chosen = form.getAll('sender').filter((v): v is string => typeof v === 'string');
		const db = getDb();
		const now = Date.now();
		write(db, () => {
			setOptIns(db, citizen.mailboxId, chosen, now);
			markRegistered(db, citizen.citizenId, now);
		});
		redirect(303, localizeHref('/mail'));
	}
};

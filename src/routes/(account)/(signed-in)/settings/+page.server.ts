import { getDatabase } from '$lib/server/db/index';
import { signedInCitizen } from '$lib/server/auth/guard';
import { cardStatus } from '$lib/server/auth/codecard';
import { listPrivateSenders, optedInSenders, setOptIns } from '$lib/server/senders/registry';
import { notifyActions, notifySettingsView } from '$lib/server/notify/settings-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const citizen = signedInCitizen(event);
	const db = await getDatabase();
	const chosen = new Set(await optedInSenders(db, citizen.mailboxId));
	return {
		name: citizen.name,
		userId: citizen.userId,
		storage: citizen.storage,
		card: await cardStatus(db, citizen.citizenId),
		senders: (await listPrivateSenders(db)).map((s) => ({ ...s, optedIn: chosen.has(s.id) })),
		notify: await notifySettingsView(citizen.citizenId)
	};
};

export const actions: Actions = {
	optIns: async (event) => {
		const citizen = signedInCitizen(event);
		const form = await event.request.formData();
		const chosen = form.getAll('sender').filter((v): v is string => typeof v === 'string');
		const db = await getDatabase();
		await db.tx((t) => setOptIns(t, citizen.mailboxId, chosen, Date.now()));
		return { saved: true };
	},
	...notifyActions
};

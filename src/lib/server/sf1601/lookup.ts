import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '../db/index';
import { invalid } from '../http';
import { citizenByCpr } from '../auth/citizens';
import { isOptedIn } from '../senders/registry';
import { authenticateSender } from './kombi';

/**
 * SF1601 "PostForespoerg": GET /service/PostForespoerg_1/{digitalpost|nemsms}?cprNumber=… (or cvrNumber=…)
 * answers `{"result": true|false}`: whether a letter (or NemSMS) from this sender to that person would be
 * delivered now. Postkasse has a mailbox for each citizen it knows; a private sender also needs the citizen's
 * opt-in. NemSMS go to the same mailbox (there is no SMS gateway), so both services answer alike. Companies
 * (CVR) have no mailboxes here.
 */
const lookupQuery = z
	.object({
		cprNumber: z
			.string()
			.regex(/^\d{10}$/, 'a CPR number is 10 digits')
			.optional(),
		cvrNumber: z
			.string()
			.regex(/^\d{8}$/, 'a CVR number is 8 digits')
			.optional()
	})
	.refine((q) => (q.cprNumber === undefined) !== (q.cvrNumber === undefined), {
		message: 'give either cprNumber or cvrNumber',
		path: ['cprNumber']
	});

export async function handlePostForespoerg(event: RequestEvent): Promise<Response> {
	const sender = await authenticateSender(event);
	if (sender instanceof Response) return sender;
	const query = lookupQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) return invalid(query.error, 'invalid_query');
	let result = false;
	if (query.data.cprNumber) {
		const db = await getDatabase();
		const citizen = await citizenByCpr(db, query.data.cprNumber);
		result = !!citizen && (sender.kind === 'public' || (await isOptedIn(db, citizen.mailbox_id, sender.id)));
	}
	return json({ result }, { headers: { 'cache-control': 'no-store' } });
}

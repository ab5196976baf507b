/**
 * A helper's own side of access, against the real built server: the owner's notice contact page
 * (`/access/notices?mailbox=<id>`) opens for a read-and-write helper only, and its forms change the owner's
 * contact details and note it in the owner's history; a read helper is refused, naming what is not allowed.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
	createCitizen,
	signInHttp,
	withDatabase,
	type HttpSession,
	type TestCitizen
} from '../../fixtures/citizens';
import { accessAction, giveAccess, grantBetween, historyOf } from '../../fixtures/access';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

interface Person {
	citizen: TestCitizen;
	session: HttpSession;
}

async function person(name: string): Promise<Person> {
	const citizen = await createCitizen(dataDir, { name });
	const { session } = await signInHttp(baseUrl, citizen);
	return { citizen, session };
}

let owner: Person;
let reader: Person;
let writer: Person;
let stranger: Person;

beforeAll(async () => {
	[owner, reader, writer, stranger] = await Promise.all([
		person('Grethe Ejersen'),
		person('Lars Læser'),
		person('Sofie Skriver'),
		person('Fremmed Person')
	]);
	await giveAccess(owner.session, reader.citizen, 'read');
	await giveAccess(owner.session, writer.citizen, 'read_write');
});

const page = (who: Person) => who.session.fetch(`/access/notices?mailbox=${owner.citizen.mailboxId}`);

function postEmail(who: Person, email: string): Promise<Response> {
	return who.session.fetch(`/access/notices?mailbox=${owner.citizen.mailboxId}&/notifyEmail`, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		},
		body: new URLSearchParams({ email }).toString()
	});
}

const ownersEmail = () =>
	withDatabase(dataDir, (db) =>
		db.value("SELECT address FROM notify_contacts WHERE citizen_id = $1 AND channel = 'email'", [
			owner.citizen.citizenId
		])
	);

describe("the owner's notice contacts, as a helper", () => {
	it('open for a read-and-write helper, naming whose they are', async () => {
		const res = await page(writer);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Grethe Ejersen');
		expect(html).toContain(`?mailbox=${owner.citizen.mailboxId}&amp;/notifyEmail`);
	});

	it('are refused to a read helper (403 naming what is not allowed) and a stranger (404)', async () => {
		expect((await page(reader)).status).toBe(403);
		const refused = await postEmail(reader, 'laeser@example.test');
		expect(refused.status).toBe(403);
		const answer = (await refused.json()) as { type: string; error: { message: string } };
		expect(answer.type).toBe('error');
		expect(answer.error.message).toBe('Read access does not allow changing the owner’s notice settings.');
		expect(await ownersEmail()).toBeUndefined();
		expect((await page(stranger)).status).toBe(404);
	});

	it('change the owner’s e-mail for notices when a read-and-write helper sends the form, noted in the history', async () => {
		const res = await postEmail(writer, 'grethe@example.test');
		expect(((await res.json()) as { type: string }).type).toBe('success');
		expect(await ownersEmail()).toBe('grethe@example.test');
		const history = await historyOf(dataDir, owner.citizen, writer.citizen);
		expect(history.map((h) => h.action)).toContain('notify_changed');
	});

	it('send the owner to their own settings page', async () => {
		const res = await owner.session.fetch(`/access/notices?mailbox=${owner.citizen.mailboxId}`, {
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/settings');
	});

	it('close once the helper ends their own access on the access page', async () => {
		const grant = await grantBetween(dataDir, owner.citizen, writer.citizen);
		const helperPage = await (await writer.session.fetch('/access')).text();
		expect(helperPage).toContain('Grethe Ejersen');
		expect((await accessAction(writer.session, 'leave', { grant: grant.id })).type).toBe('success');
		expect((await grantBetween(dataDir, owner.citizen, writer.citizen)).status).toBe('ended');
		expect((await page(writer)).status).toBe(403);
	});
});

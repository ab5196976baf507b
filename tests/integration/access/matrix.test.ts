/**
 * The authorization matrix of someone-you-trust access, against the real built server: every mailbox
 * endpoint × {owner, read helper, read-and-write helper, ended helper, stranger} × {read, change, reply, file},
 * for a public letter and for a company letter hidden from helpers. Each cell names the exact answer and
 * checks what happened (or did not) to the owner's mailbox.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
	createCitizen,
	deliverLetter,
	letterInput,
	senderApiKey,
	signInHttp,
	withDatabase,
	type HttpSession,
	type TestCitizen
} from '../../fixtures/citizens';
import { accessAction, giveAccess, grantBetween, historyOf } from '../../fixtures/access';
import { schemaVersions } from '../../../src/lib/schemas/sync-constants';
import type { LetterDoc } from '../../../src/lib/schemas/letter';
import type { FolderDoc } from '../../../src/lib/schemas/folder';
import type { OutgoingDoc } from '../../../src/lib/schemas/outgoing';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

type Who = 'owner' | 'read' | 'readWrite' | 'ended' | 'stranger';
const everyone: Who[] = ['owner', 'read', 'readWrite', 'ended', 'stranger'];

interface Person {
	citizen: TestCitizen;
	session: HttpSession;
}
const people = {} as Record<Who, Person>;
let owner: TestCitizen;
/** A public letter (reply allowed, one file) and a company letter from a private sender (the same). */
let publicLetter: string;
let companyLetter: string;
let publicFile: string;
let companyFile: string;
/** One of the owner's folders, for moves. */
let folderId: string;

async function person(name: string): Promise<Person> {
	const citizen = await createCitizen(dataDir, { name });
	const { session } = await signInHttp(baseUrl, citizen);
	return { citizen, session };
}

const mb = () => `mailbox=${owner.mailboxId}`;

function syncUrl(collection: keyof typeof schemaVersions, what: 'pull' | 'push' | 'stream'): string {
	return `/api/sync/v1/${collection}/${what}?v=${schemaVersions[collection]}&${mb()}`;
}

async function ownerPull<T>(collection: keyof typeof schemaVersions): Promise<T[]> {
	const res = await people.owner.session.fetch(syncUrl(collection, 'pull'));
	expect(res.status).toBe(200);
	return ((await res.json()) as { documents: T[] }).documents;
}

const ownerLetter = async (id: string) => (await ownerPull<LetterDoc>('letters')).find((l) => l.id === id)!;

function pushAs(who: Who, collection: keyof typeof schemaVersions, rows: unknown[]): Promise<Response> {
	return people[who].session.fetch(syncUrl(collection, 'push'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rows })
	});
}

/** A change of one letter's device state, from the server's current document. */
async function changeLetter(who: Who, id: string, change: (doc: LetterDoc) => Partial<LetterDoc>) {
	const doc = await ownerLetter(id);
	const next = { ...doc, ...change(doc), changedAt: { read: Date.now(), folder: Date.now() } };
	return {
		res: await pushAs(who, 'letters', [{ assumedMasterState: doc, newDocumentState: next }]),
		before: doc
	};
}

function reply(inReplyTo: string | null): OutgoingDoc {
	return {
		id: randomUUID(),
		serverSeq: 0,
		recipientId: 'skat',
		recipientName: 'Skattestyrelsen',
		inReplyTo,
		title: 'Svar',
		body: 'Tak for brevet.',
		attachments: [],
		createdAt: Date.now(),
		status: 'waiting',
		failure: null,
		sentAt: null,
		_deleted: false
	};
}

function folder(): FolderDoc {
	const now = Date.now();
	return {
		id: randomUUID(),
		serverSeq: 0,
		name: `Mappe ${now}`,
		createdAt: now,
		changedAt: { name: now },
		_deleted: false
	};
}

/** The answer a cell expects: a status, the error code of a refusal, and what the owner's mailbox shows after. */
interface Outcome {
	status: number;
	error?: string;
}
const ok: Outcome = { status: 200 };
const beyondLevel: Outcome = { status: 403, error: 'not_allowed' };
const ended: Outcome = { status: 403, error: 'access_ended' };
const stranger: Outcome = { status: 404, error: 'not_found' };
const noSuchLetter: Outcome = { status: 403, error: 'forbidden_change' };
const noSuchFile: Outcome = { status: 404, error: 'not_found' };

interface Cell {
	endpoint: string;
	act: 'read' | 'change' | 'reply' | 'file';
	letter: 'public' | 'company' | '-';
	expect: Record<Who, Outcome>;
	/** Makes the request; `effect(succeeded)` then checks the owner's mailbox changed exactly when it should. */
	run(who: Who): Promise<{ res: Response; effect?: (allowed: boolean) => Promise<void> }>;
}

const readers = { owner: ok, read: ok, readWrite: ok, ended, stranger };
const writers = { owner: ok, read: beyondLevel, readWrite: ok, ended, stranger };

const cells: Cell[] = [
	...(['letters', 'folders', 'outgoing'] as const).map((collection): Cell => ({
		endpoint: `GET sync/${collection}/pull`,
		act: 'read',
		letter: '-',
		expect: readers,
		run: async (who) => ({ res: await people[who].session.fetch(syncUrl(collection, 'pull')) })
	})),
	{
		endpoint: 'GET sync/letters/stream',
		act: 'read',
		letter: '-',
		expect: readers,
		async run(who) {
			const res = await people[who].session.fetch(syncUrl('letters', 'stream'), {
				headers: { accept: 'text/event-stream' }
			});
			if (res.status === 200) {
				expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
				await res.body!.cancel();
			}
			return { res };
		}
	},
	{
		endpoint: 'POST sync/letters/push (mark read)',
		act: 'change',
		letter: 'public',
		expect: readers,
		async run(who) {
			const { res, before } = await changeLetter(who, publicLetter, (d) => ({ read: !d.read }));
			return {
				res,
				effect: async (allowed) =>
					expect((await ownerLetter(publicLetter)).read).toBe(allowed ? !before.read : before.read)
			};
		}
	},
	{
		endpoint: 'POST sync/letters/push (move to a folder)',
		act: 'change',
		letter: 'public',
		expect: readers,
		async run(who) {
			const { res, before } = await changeLetter(who, publicLetter, (d) => ({
				folder: d.folder === folderId ? 'inbox' : folderId
			}));
			const moved = before.folder === folderId ? 'inbox' : folderId;
			return {
				res,
				effect: async (allowed) =>
					expect((await ownerLetter(publicLetter)).folder).toBe(allowed ? moved : before.folder)
			};
		}
	},
	{
		endpoint: 'POST sync/letters/push (to the trash)',
		act: 'change',
		letter: 'public',
		expect: writers,
		async run(who) {
			const { res, before } = await changeLetter(who, publicLetter, (d) => ({
				folder: d.folder === 'trash' ? 'inbox' : 'trash',
				trashedAt: d.folder === 'trash' ? null : Date.now()
			}));
			const after = before.folder === 'trash' ? 'inbox' : 'trash';
			return {
				res,
				effect: async (allowed) =>
					expect((await ownerLetter(publicLetter)).folder).toBe(allowed ? after : before.folder)
			};
		}
	},
	{
		endpoint: 'POST sync/folders/push (create)',
		act: 'change',
		letter: '-',
		expect: readers,
		async run(who) {
			const doc = folder();
			const res = await pushAs(who, 'folders', [{ assumedMasterState: null, newDocumentState: doc }]);
			return {
				res,
				effect: async (allowed) =>
					expect((await ownerPull<FolderDoc>('folders')).some((f) => f.id === doc.id)).toBe(allowed)
			};
		}
	},
	{
		endpoint: 'POST sync/folders/push (delete)',
		act: 'change',
		letter: '-',
		expect: writers,
		async run(who) {
			const doc = folder();
			expect(
				(await pushAs('owner', 'folders', [{ assumedMasterState: null, newDocumentState: doc }])).status
			).toBe(200);
			const current = (await ownerPull<FolderDoc>('folders')).find((f) => f.id === doc.id)!;
			const res = await pushAs(who, 'folders', [
				{ assumedMasterState: current, newDocumentState: { ...current, _deleted: true } }
			]);
			return {
				res,
				effect: async (allowed) =>
					expect((await ownerPull<FolderDoc>('folders')).find((f) => f.id === doc.id)!._deleted).toBe(allowed)
			};
		}
	},
	...(
		[
			['POST sync/outgoing/push (reply)', 'public'],
			['POST sync/outgoing/push (new message)', '-']
		] as const
	).map(([endpoint, letter]): Cell => ({
		endpoint,
		act: 'reply',
		letter,
		expect: writers,
		async run(who) {
			const doc = reply(letter === 'public' ? publicLetter : null);
			const res = await pushAs(who, 'outgoing', [{ assumedMasterState: null, newDocumentState: doc }]);
			return {
				res,
				effect: async (allowed) => {
					const sent = (await ownerPull<OutgoingDoc>('outgoing')).find((o) => o.id === doc.id);
					expect(sent?.status).toBe(allowed ? 'sent' : undefined);
				}
			};
		}
	})),
	{
		endpoint: 'GET files/<id>',
		act: 'file',
		letter: 'public',
		expect: readers,
		async run(who) {
			const res = await people[who].session.fetch(`/api/v1/files/${publicFile}?${mb()}`);
			if (res.status === 200) expect(await res.text()).toContain('testbrev');
			return { res };
		}
	},
	{
		endpoint: 'POST settings?/notifyPrefs (the owner’s notice settings)',
		act: 'change',
		letter: '-',
		expect: {
			owner: ok,
			read: { status: 403 },
			readWrite: ok,
			ended: { status: 403 },
			stranger: { status: 404 }
		},
		async run(who) {
			const quietStart = async () =>
				withDatabase(dataDir, (db) =>
					db.value('SELECT quiet_start FROM notify_settings WHERE citizen_id = $1', [owner.citizenId])
				);
			const before = await quietStart();
			// Each person sets a minute of their own, so every allowed change shows.
			const minute = 60 + everyone.indexOf(who);
			const res = await people[who].session.fetch(`/settings?${mb()}&/notifyPrefs`, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'application/json',
					'x-sveltekit-action': 'true'
				},
				body: new URLSearchParams({
					email: 'on',
					locale: 'da',
					quiet: 'on',
					quietFrom: `01:${String(minute - 60).padStart(2, '0')}`,
					quietTo: '07:00'
				}).toString()
			});
			return {
				res,
				effect: async (allowed) => expect(await quietStart()).toBe(allowed ? minute : before)
			};
		}
	},
	// The company letter: hidden from helpers unless the owner shows its sender.
	{
		endpoint: 'GET sync/letters/pull',
		act: 'read',
		letter: 'company',
		expect: readers,
		async run(who) {
			const res = await people[who].session.fetch(syncUrl('letters', 'pull'));
			if (res.status === 200) {
				const docs = ((await res.clone().json()) as { documents: LetterDoc[] }).documents;
				const seen = docs.find((d) => d.id === companyLetter);
				if (who === 'owner') expect(seen).toMatchObject({ title: 'Kontoudtog', _deleted: false });
				// A helper gets a tombstone without content (it removes a copy synced earlier).
				else expect(seen).toMatchObject({ title: '-', senderName: '-', notification: '', _deleted: true });
				expect(JSON.stringify(docs)).not.toContain(who === 'owner' ? 'never' : 'Kontoudtog');
			}
			return { res };
		}
	},
	{
		endpoint: 'POST sync/letters/push (mark read)',
		act: 'change',
		letter: 'company',
		expect: { owner: ok, read: noSuchLetter, readWrite: noSuchLetter, ended, stranger },
		async run(who) {
			const { res, before } = await changeLetter(who, companyLetter, (d) => ({ read: !d.read }));
			return {
				res,
				effect: async (allowed) =>
					expect((await ownerLetter(companyLetter)).read).toBe(allowed ? !before.read : before.read)
			};
		}
	},
	{
		endpoint: 'POST sync/outgoing/push (reply)',
		act: 'reply',
		letter: 'company',
		expect: writers,
		async run(who) {
			const doc = { ...reply(companyLetter), recipientId: 'fjordbank' };
			const res = await pushAs(who, 'outgoing', [{ assumedMasterState: null, newDocumentState: doc }]);
			return {
				res,
				effect: async (allowed) => {
					const sent = (await ownerPull<OutgoingDoc>('outgoing')).find((o) => o.id === doc.id);
					if (!allowed) return expect(sent).toBeUndefined();
					// A helper cannot answer a letter it may not see: to it, the letter is not there.
					expect(sent).toMatchObject(
						who === 'owner' ? { status: 'sent' } : { status: 'failed', failure: 'letter_not_found' }
					);
				}
			};
		}
	},
	{
		endpoint: 'GET files/<id>',
		act: 'file',
		letter: 'company',
		expect: { owner: ok, read: noSuchFile, readWrite: noSuchFile, ended, stranger },
		async run(who) {
			return { res: await people[who].session.fetch(`/api/v1/files/${companyFile}?${mb()}`) };
		}
	}
];

beforeAll(async () => {
	const o = await person('Karen Hansen');
	owner = o.citizen;
	people.owner = o;
	people.read = await person('Ole Læser');
	people.readWrite = await person('Wanda Skriver');
	people.ended = await person('Eva Tidligere');
	people.stranger = await person('Sam Fremmed');

	const delivered = await deliverLetter(
		baseUrl,
		dataDir,
		letterInput(owner.cpr, { label: 'Årsopgørelse', reply: true })
	);
	publicLetter = delivered.body.letterId as string;
	const company = await deliverLetter(
		baseUrl,
		dataDir,
		letterInput(owner.cpr, { label: 'Kontoudtog', reply: true }),
		'fjordbank'
	);
	expect(company.status).toBe(201);
	companyLetter = company.body.letterId as string;
	const letters = await ownerPull<LetterDoc>('letters');
	publicFile = letters.find((l) => l.id === publicLetter)!.documents[0]!.files[0]!.id;
	companyFile = letters.find((l) => l.id === companyLetter)!.documents[0]!.files[0]!.id;
	const f = folder();
	expect((await pushAs('owner', 'folders', [{ assumedMasterState: null, newDocumentState: f }])).status).toBe(
		200
	);
	folderId = f.id;

	// Read access given directly; read and write asked for by the helper and approved; an access that ended.
	await giveAccess(o.session, people.read.citizen, 'read');
	const asked = await accessAction(people.readWrite.session, 'request', {
		userId: owner.userId,
		name: 'karen  hansen',
		level: 'read_write',
		endsOn: ''
	});
	expect(asked).toEqual({ type: 'success', status: 200 });
	// A request is not access yet.
	expect((await pushAs('readWrite', 'letters', [])).status).toBe(404);
	const request = await grantBetween(dataDir, owner, people.readWrite.citizen);
	expect(await accessAction(o.session, 'approve', { grant: request.id })).toEqual({
		type: 'success',
		status: 200
	});
	await giveAccess(o.session, people.ended.citizen, 'read_write');
	const toEnd = await grantBetween(dataDir, owner, people.ended.citizen);
	expect(await accessAction(o.session, 'end', { grant: toEnd.id })).toEqual({ type: 'success', status: 200 });
});

describe('the authorization matrix', () => {
	for (const cell of cells) {
		for (const who of everyone) {
			const want = cell.expect[who];
			it(`${cell.endpoint} · ${cell.act} · ${cell.letter} letter · ${who} → ${want.status}${want.error ? ` ${want.error}` : ''}`, async () => {
				const { res, effect } = await cell.run(who);
				expect(res.status).toBe(want.status);
				if (want.error) {
					const body = (await res.json()) as { error: string; message: string };
					expect(body.error).toBe(want.error);
					expect(body.message.length).toBeGreaterThan(10);
				}
				await effect?.(want.status === 200);
			});
		}
	}
});

describe('around the matrix', () => {
	it('the owner’s own mailbox is the default, and no helper response carries the owner’s CPR number', async () => {
		const own = await people.owner.session.fetch(`/api/sync/v1/letters/pull?v=${schemaVersions.letters}`);
		expect(((await own.json()) as { documents: LetterDoc[] }).documents.map((d) => d.id)).toContain(
			publicLetter
		);
		for (const who of ['read', 'readWrite'] as const) {
			for (const collection of ['letters', 'folders', 'outgoing'] as const) {
				const text = await (await people[who].session.fetch(syncUrl(collection, 'pull'))).text();
				expect(text).not.toContain(owner.cpr);
			}
			// Without ?mailbox= a helper is in their own (empty) mailbox.
			const mine = await people[who].session.fetch(`/api/sync/v1/letters/pull?v=${schemaVersions.letters}`);
			expect(((await mine.json()) as { documents: LetterDoc[] }).documents).toEqual([]);
		}
		const bad = await people.read.session.fetch(
			`/api/sync/v1/letters/pull?v=${schemaVersions.letters}&mailbox=x`
		);
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: 'invalid_query', field: 'mailbox' });
	});

	it('tells a sender which replies a helper wrote on the citizen’s behalf', async () => {
		const res = await fetch(new URL('/api/v1/replies?limit=500', baseUrl), {
			headers: { authorization: `Bearer ${senderApiKey(dataDir, 'skat')}` }
		});
		const { replies } = (await res.json()) as {
			replies: { sender: { senderID: string }; writtenOnBehalfBy: { label: string } | null }[];
		};
		const fromOwner = replies.filter((r) => r.sender.senderID === owner.cpr);
		expect(fromOwner.map((r) => r.writtenOnBehalfBy?.label ?? null).sort()).toEqual(
			[null, null, 'Wanda Skriver', 'Wanda Skriver'].sort()
		);
	});

	it('shows in the owner’s outbox documents which messages a helper wrote (the server’s word, not the device’s)', async () => {
		const outgoing = await ownerPull<OutgoingDoc>('outgoing');
		const byHelper = outgoing.filter((o) => o.writtenBy);
		// The helper's replies: those sent (in the replies API) and the one refused for a hidden letter.
		const written = await withDatabase(dataDir, (db) =>
			db.value<number>('SELECT count(*) FROM outgoing WHERE mailbox_id = $1 AND written_by = $2', [
				owner.mailboxId,
				people.readWrite.citizen.citizenId
			])
		);
		expect(written).toBeGreaterThanOrEqual(2);
		expect(byHelper).toHaveLength(written as number);
		for (const o of byHelper)
			expect(o.writtenBy).toEqual({ id: people.readWrite.citizen.citizenId, name: 'Wanda Skriver' });
		// The owner's own messages carry no writtenBy at all (absent, not null: the devices' copies stay equal).
		expect(outgoing.filter((o) => !('writtenBy' in o))).toHaveLength(outgoing.length - byHelper.length);
		// A device cannot claim someone else wrote a message: the owner's push naming a helper is not believed.
		const id = randomUUID();
		const claimed: OutgoingDoc = {
			id,
			serverSeq: 0,
			recipientId: outgoing[0]!.recipientId,
			recipientName: outgoing[0]!.recipientName,
			inReplyTo: null,
			title: 'Mit eget brev',
			body: 'Skrevet af mig.',
			attachments: [],
			writtenBy: { id: people.readWrite.citizen.citizenId, name: 'Wanda Skriver' },
			createdAt: Date.now(),
			status: 'waiting',
			failure: null,
			sentAt: null,
			_deleted: false
		};
		const res = await pushAs('owner', 'outgoing', [{ assumedMasterState: null, newDocumentState: claimed }]);
		expect(res.status).toBe(200);
		const stored = (await ownerPull<OutgoingDoc>('outgoing')).find((o) => o.id === id);
		expect(stored).toBeDefined();
		expect(stored!.writtenBy).toBeUndefined();
	});

	it('writes the helpers’ acts, and only the allowed ones, to the owner’s history', async () => {
		const read = (await historyOf(dataDir, owner, people.read.citizen)).map((h) => h.action);
		expect(read).toEqual(
			expect.arrayContaining(['granted', 'opened', 'moved', 'folder_created', 'file_opened'])
		);
		expect(read.filter((a) => a === 'read' || a === 'unread')).toHaveLength(1);
		expect(read).not.toContain('trashed');
		expect(read).not.toContain('sent');
		expect(read).not.toContain('folder_deleted');
		const write = await historyOf(dataDir, owner, people.readWrite.citizen);
		expect(write.map((h) => h.action)).toEqual(
			// The owner put the letter in the trash first; the helper's toggle took it out again.
			expect.arrayContaining(['requested', 'approved', 'opened', 'restored', 'folder_deleted', 'sent'])
		);
		expect(write.find((h) => h.action === 'sent' && h.letter_id === publicLetter)?.detail).toBe('Svar');
		expect(write.map((h) => h.action)).toContain('notify_changed');
		expect(read).not.toContain('notify_changed');
		const gone = (await historyOf(dataDir, owner, people.ended.citizen)).map((h) => h.action);
		expect(gone).toEqual(['granted', 'ended']);
	});

	it('a helper cannot change the owner’s access list or company senders, nor grant onward', async () => {
		const writeGrant = await grantBetween(dataDir, owner, people.readWrite.citizen);
		for (const who of ['read', 'readWrite'] as const) {
			expect(await accessAction(people[who].session, 'end', { grant: writeGrant.id })).toEqual({
				type: 'failure',
				status: 404
			});
			expect(
				await accessAction(people[who].session, 'level', { grant: writeGrant.id, level: 'read' })
			).toEqual({ type: 'failure', status: 404 });
			// "Showing" the bank acts on the helper's own mailbox, never the owner's.
			await accessAction(people[who].session, 'sender', { sender: 'fjordbank', shown: '1' });
		}
		expect(await grantBetween(dataDir, owner, people.readWrite.citizen)).toMatchObject({
			status: 'active',
			level: 'read_write'
		});
		const res = await people.read.session.fetch(`/api/v1/files/${companyFile}?${mb()}`);
		expect(res.status).toBe(404);
	});

	it('shows a company’s letters to helpers when the owner chooses, and hides them again', async () => {
		const pullRead = async () =>
			(
				(await (await people.read.session.fetch(syncUrl('letters', 'pull'))).json()) as {
					documents: LetterDoc[];
				}
			).documents.find((d) => d.id === companyLetter)!;
		expect(await accessAction(people.owner.session, 'sender', { sender: 'fjordbank', shown: '1' })).toEqual({
			type: 'success',
			status: 200
		});
		expect(await pullRead()).toMatchObject({ title: 'Kontoudtog', _deleted: false });
		expect((await people.read.session.fetch(`/api/v1/files/${companyFile}?${mb()}`)).status).toBe(200);
		await accessAction(people.owner.session, 'sender', { sender: 'fjordbank', shown: '0' });
		expect(await pullRead()).toMatchObject({ title: '-', _deleted: true });
		expect(await accessAction(people.owner.session, 'sender', { sender: 'no-such', shown: '1' })).toEqual({
			type: 'failure',
			status: 404
		});
	});

	it('an upgrade lets a read helper reply at once; a downgrade stops it again', async () => {
		const grant = await grantBetween(dataDir, owner, people.read.citizen);
		expect(
			(await pushAs('read', 'outgoing', [{ assumedMasterState: null, newDocumentState: reply(null) }])).status
		).toBe(403);
		await accessAction(people.owner.session, 'level', { grant: grant.id, level: 'read_write' });
		expect(
			(await pushAs('read', 'outgoing', [{ assumedMasterState: null, newDocumentState: reply(null) }])).status
		).toBe(200);
		await accessAction(people.owner.session, 'level', { grant: grant.id, level: 'read' });
		expect(
			(await pushAs('read', 'outgoing', [{ assumedMasterState: null, newDocumentState: reply(null) }])).status
		).toBe(403);
	});
});

describe('ended or expired access stops at once', () => {
	/** Opens a helper's letters stream on the owner's mailbox; `closed` resolves when the server ends it. */
	async function openHelperStream(session: HttpSession) {
		const res = await session.fetch(syncUrl('letters', 'stream'), {
			headers: { accept: 'text/event-stream' }
		});
		expect(res.status).toBe(200);
		const reader = res.body!.getReader();
		const closed = (async () => {
			while (!(await reader.read()).done);
		})();
		return { closed, cancel: () => reader.cancel() };
	}

	it('closes the helper’s open stream when the owner ends the access', async () => {
		const helper = await person('Hans Hjælper');
		await giveAccess(people.owner.session, helper.citizen, 'read');
		const stream = await openHelperStream(helper.session);
		const grant = await grantBetween(dataDir, owner, helper.citizen);
		expect(await accessAction(people.owner.session, 'end', { grant: grant.id })).toEqual({
			type: 'success',
			status: 200
		});
		await stream.closed;
		const after = await helper.session.fetch(syncUrl('letters', 'pull'));
		expect(after.status).toBe(403);
		expect(await after.json()).toMatchObject({ error: 'access_ended' });
		const list = await helper.session.fetch('/api/v1/access');
		expect(await list.json()).toMatchObject({ mailboxes: [] });
	});

	it('closes the stream when the end date passes, and refuses every request after it', async () => {
		const helper = await person('Ida Udløb');
		await giveAccess(people.owner.session, helper.citizen, 'read');
		const list = await helper.session.fetch('/api/v1/access');
		expect(await list.json()).toMatchObject({
			mailboxes: [{ mailboxId: owner.mailboxId, ownerName: 'Karen Hansen', level: 'read', endsAt: null }]
		});
		// The end moved to a moment just ahead (an end date is a whole day; the rule is the same).
		const grant = await grantBetween(dataDir, owner, helper.citizen);
		const endsAt = Date.now() + 1500;
		await withDatabase(dataDir, (db) =>
			db.run('UPDATE access_grants SET ends_at = $1 WHERE id = $2', [endsAt, grant.id])
		);
		const stream = await openHelperStream(helper.session);
		await stream.closed;
		expect(Date.now()).toBeGreaterThanOrEqual(endsAt);
		expect((await helper.session.fetch(`/api/v1/files/${publicFile}?${mb()}`)).status).toBe(403);
		const doc = await ownerLetter(publicLetter);
		const push = await helper.session.fetch(syncUrl('letters', 'push'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				rows: [{ assumedMasterState: doc, newDocumentState: { ...doc, read: !doc.read } }]
			})
		});
		expect(push.status).toBe(403);
		expect(await push.json()).toMatchObject({ error: 'access_ended' });
	});

	it('refuses an end date in the past and a second open request, with the field named', async () => {
		const helper = await person('Jens Dato');
		expect(
			await accessAction(helper.session, 'request', {
				userId: owner.userId,
				name: owner.name,
				level: 'read',
				endsOn: '2020-01-01'
			})
		).toEqual({ type: 'failure', status: 400 });
		expect(
			await accessAction(helper.session, 'request', {
				userId: owner.userId,
				name: 'Forkert Navn',
				level: 'read',
				endsOn: ''
			})
		).toEqual({ type: 'failure', status: 404 });
		expect(
			await accessAction(helper.session, 'request', {
				userId: owner.userId,
				name: owner.name,
				level: 'all',
				endsOn: ''
			})
		).toEqual({ type: 'failure', status: 400 });
		const first = await accessAction(helper.session, 'request', {
			userId: owner.userId,
			name: owner.name,
			level: 'read',
			endsOn: '2099-12-31'
		});
		expect(first).toEqual({ type: 'success', status: 200 });
		expect(
			await accessAction(helper.session, 'request', {
				userId: owner.userId,
				name: owner.name,
				level: 'read',
				endsOn: ''
			})
		).toEqual({ type: 'failure', status: 409 });
		const pending = await people.owner.session.fetch('/api/v1/access');
		expect(await pending.json()).toMatchObject({
			requests: expect.arrayContaining([
				{ grantId: expect.any(String), helperName: 'Jens Dato', level: 'read' }
			])
		});
		const grant = await grantBetween(dataDir, owner, helper.citizen);
		expect(await accessAction(people.owner.session, 'refuse', { grant: grant.id })).toEqual({
			type: 'success',
			status: 200
		});
		// Refused is not access, and not "ended" either: the helper was never let in.
		expect((await helper.session.fetch(syncUrl('letters', 'pull'))).status).toBe(404);
	});
});

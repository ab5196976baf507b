/**
 * Seeds an empty database with the demo mailbox of content/demo: the senders, the demo citizen, their
 * folder, letters and sent messages, in the order they happened. Loaded only when seeding (startup.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, Tx } from '../db/engine';
import { nextSeq } from '../db/sequence';
import { createCitizenIn } from '../auth/citizens';
import { hashPassword } from '../auth/password';
import { createSender, senderById } from '../senders/registry';
import { randomToken } from '../crypto';
import { MINUTE } from '../config';
import { deliverMessage, prepareDocuments, type PreparedDocument } from '../mail/deliver';
import { foldersHandler } from '../sync/folders';
import { outgoingHandler } from '../sync/outgoing';
import { deliverMessageInput, type DeliverMessageInput } from '../../schemas/letter';
import { readDemoContent, resolveTime, type DemoContent, type DemoLetter } from './demo-content';
import { letterPdf } from './pdf';

export interface DemoFile {
	citizen: {
		userId: string;
		password: string;
		name: string;
		cpr: string;
		codeCard: { cardId: string; codes: Record<string, string> };
	};
	senders: { id: string; name: string; kind: 'public' | 'private'; apiKey: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const copenhagen = (options: Intl.DateTimeFormatOptions) =>
	new Intl.DateTimeFormat('da-DK', { ...options, timeZone: 'Europe/Copenhagen' });

/** Writes `{date:…}`, `{datetime:…}` and `{image:…}` of a letter's text out. */
function fillIn(text: string, now: number, content: DemoContent): string {
	return text.replace(/\{(date|datetime|image):([^}]+)\}/g, (_, kind: string, value: string) => {
		if (kind === 'image') return `data:image/png;base64,${content.image(value).toString('base64')}`;
		const at = resolveTime(value, now);
		return kind === 'date'
			? copenhagen({ dateStyle: 'long' }).format(at)
			: copenhagen({ dateStyle: 'full', timeStyle: 'short' }).format(at);
	});
}

async function deliveryInput(
	letter: DemoLetter,
	content: DemoContent,
	outgoingIds: Record<string, string>,
	now: number
): Promise<DeliverMessageInput> {
	const received = resolveTime(letter.received, now);
	const sender = content.mailbox.senders[letter.from];
	if (!sender) throw new Error(`demo letter "${letter.title}": no sender "${letter.from}"`);
	const mainFile = letter.body
		? {
				encodingFormat: 'text/html' as const,
				filename: 'brev.html',
				content: [content.mailbox.citizen.greeting[letter.lang], ...letter.body]
					.map((p) => fillIn(p.startsWith('<') ? p : `<p>${p}</p>`, now, content))
					.join('\n')
			}
		: { encodingFormat: 'text/plain' as const, filename: 'brev.txt', content: letter.text ?? '' };
	const attachments = await Promise.all(
		letter.attachments.map(async (attachment) => ({
			label: attachment.label,
			files: await Promise.all(
				attachment.files.map(async (file) => ({
					encodingFormat: 'pdf' in file ? ('application/pdf' as const) : ('image/png' as const),
					filename: file.name,
					language: file.lang,
					content: Buffer.from(
						'pdf' in file
							? await letterPdf({
									sender: sender.name,
									lang: letter.lang,
									date: new Date(received),
									...file.pdf
								})
							: content.image(file.image)
					).toString('base64')
				}))
			),
			actions: []
		}))
	);
	const time = (spec: string | undefined) => (spec ? iso(resolveTime(spec, now)) : undefined);
	return deliverMessageInput.parse({
		messageUUID: randomUUID(),
		label: letter.title,
		notification: letter.notification,
		createdDateTime: iso(received - 7 * MINUTE),
		reply: letter.reply,
		replyByDateTime: time(letter.replyBy),
		mandatory: letter.mandatory,
		legalNotification: letter.legal,
		recipient: { idType: 'CPR', recipientID: content.mailbox.citizen.cpr },
		caseID: letter.caseId,
		replyTo: letter.replyTo ? outgoingIds[letter.replyTo] : undefined,
		mainDocument: {
			label: letter.title,
			files: [
				{
					...mainFile,
					language: letter.lang,
					content: Buffer.from(mainFile.content).toString('base64')
				}
			],
			actions: letter.actions.map(({ reservation, ...action }) => ({
				...action,
				startDateTime: time(action.startDateTime),
				endDateTime: time(action.endDateTime),
				reservation: reservation && {
					uid: randomUUID(),
					abstract: reservation.abstract,
					description: reservation.description ?? '',
					location: reservation.location,
					start: iso(resolveTime(reservation.start, now)),
					end: iso(resolveTime(reservation.start, now) + reservation.minutes * MINUTE),
					organizerName: reservation.organizer
				}
			}))
		},
		additionalDocuments: attachments
	});
}

interface PreparedLetter {
	letter: DemoLetter;
	input: DeliverMessageInput;
	documents: PreparedDocument[];
}

/** Builds and checks a letter's documents (PDFs, sanitizing): before the seeding transaction. */
async function prepareLetter(
	id: string,
	letter: DemoLetter,
	content: DemoContent,
	outgoingIds: Record<string, string>,
	now: number
): Promise<PreparedLetter> {
	const input = await deliveryInput(letter, content, outgoingIds, now);
	const prepared = await prepareDocuments(input);
	if (!prepared.ok) throw new Error(`demo letter ${id}: ${prepared.message}`);
	return { letter, input, documents: prepared.documents };
}

/** Delivers one letter as its sender would, then puts it where the citizen has it. */
async function seedLetter(
	t: Tx,
	mailboxId: string,
	id: string,
	{ letter, input, documents }: PreparedLetter,
	context: { content: DemoContent; folderIds: Record<string, string> },
	now: number
): Promise<string> {
	const sender = (await senderById(t, context.content.mailbox.senders[letter.from]!.id))!;
	const received = resolveTime(letter.received, now);
	const answer = await deliverMessage(t, sender, input, documents, received);
	if (answer.status !== 201) throw new Error(`demo letter ${id} answered ${answer.status}`);
	const letterId = answer.body.letterId as string;
	if (letter.state) {
		const { read, folder, trashed } = letter.state;
		const changedAt = received + 60 * MINUTE;
		const trashedAt = trashed ? resolveTime(trashed, now) : null;
		await t.run(
			`UPDATE letters SET read = $1, folder = $2, trashed_at = $3, trashed_server_at = $4, changed_read = $5,
			 changed_folder = $6, seq = $7 WHERE id = $8`,
			[
				read,
				context.folderIds[folder] ?? folder,
				trashedAt,
				trashedAt,
				changedAt,
				changedAt,
				await nextSeq(t, mailboxId),
				letterId
			]
		);
	}
	return letterId;
}

/**
 * Seeds the demo in ONE transaction that first claims the meta key `demo_seeded`: when two processes start
 * on an empty database, the second finds the key taken (on PostgreSQL it waits for the first's commit) and
 * seeds nothing. Returns null then. demo.json is written once the data is committed.
 */
export async function seedDemo(
	db: Database,
	demoJsonPath: string,
	now = Date.now()
): Promise<DemoFile | null> {
	const content = readDemoContent();
	const { citizen, senders, folders, outgoing } = content.mailbox;
	const password = `demo-${randomToken(9)}`;
	const passwordHash = await hashPassword(password);
	const outgoingIds = Object.fromEntries(Object.keys(outgoing).map((key) => [key, randomUUID()]));
	const prepared = new Map<string, PreparedLetter>();
	for (const [id, letter] of content.letters)
		prepared.set(id, await prepareLetter(id, letter, content, outgoingIds, now));

	return db.tx(async (t) => {
		const claimed = await t.one(
			"INSERT INTO meta (key, value) VALUES ('demo_seeded', $1) ON CONFLICT (key) DO NOTHING RETURNING key",
			[String(now)]
		);
		if (!claimed) return null;
		const apiKeys: ((typeof senders)[string] & { apiKey: string })[] = [];
		for (const sender of Object.values(senders))
			apiKeys.push({ ...sender, apiKey: await createSender(t, sender, now) });
		const created = await createCitizenIn(
			t,
			{
				userId: citizen.userId,
				password,
				name: citizen.name,
				cpr: citizen.cpr,
				registered: false,
				optIns: citizen.optIns.map((key) => senders[key]!.id)
			},
			passwordHash,
			now
		);
		const { mailboxId } = created;

		const folderIds: Record<string, string> = {};
		for (const [key, folder] of Object.entries(folders)) {
			const id = randomUUID();
			const createdAt = resolveTime(folder.created, now);
			const doc = {
				id,
				serverSeq: 0,
				name: folder.name,
				createdAt,
				changedAt: { name: createdAt },
				_deleted: false
			};
			await foldersHandler.push(t, mailboxId, [{ assumedMasterState: null, newDocumentState: doc }], now);
			folderIds[key] = id;
		}
		const letterIds: Record<string, string> = {};
		const context = { content, folderIds };

		// Oldest first, so sequence numbers follow what happened; a reply is sent after the letter it answers.
		const events = [
			...[...prepared].map(([id, ready]) => ({
				at: resolveTime(ready.letter.received, now),
				run: async () => void (letterIds[id] = await seedLetter(t, mailboxId, id, ready, context, now))
			})),
			...Object.entries(outgoing).map(([key, message]) => ({
				at: resolveTime(message.sent, now),
				run: async () => {
					const sentAt = resolveTime(message.sent, now);
					const recipient = senders[message.to]!;
					const doc = {
						id: outgoingIds[key]!,
						serverSeq: 0,
						recipientId: recipient.id,
						recipientName: recipient.name,
						inReplyTo: message.inReplyTo ? letterIds[message.inReplyTo]! : null,
						title: message.title,
						body: message.body,
						attachments: [],
						createdAt: sentAt,
						status: 'waiting' as const,
						failure: null,
						sentAt: null,
						_deleted: false
					};
					await outgoingHandler.push(
						t,
						mailboxId,
						[{ assumedMasterState: null, newDocumentState: doc }],
						sentAt
					);
				}
			}))
		].sort((a, b) => a.at - b.at);
		for (const event of events) await event.run();

		const demo: DemoFile = {
			citizen: {
				userId: citizen.userId,
				password,
				name: citizen.name,
				cpr: citizen.cpr,
				codeCard: { cardId: created.card.cardId, codes: created.card.codes }
			},
			senders: apiKeys.map(({ id, name, kind, apiKey }) => ({ id, name, kind, apiKey }))
		};
		t.afterCommit(() => {
			// On PostgreSQL nothing else has made the data folder.
			mkdirSync(dirname(demoJsonPath), { recursive: true });
			writeFileSync(demoJsonPath, JSON.stringify(demo, null, '\t') + '\n', { mode: 0o600 });
		});
		return demo;
	});
}

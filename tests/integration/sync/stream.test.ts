import { describe, expect, inject, it } from 'vitest';
import { deliverLetter, letterInput, signedInCitizen, type HttpSession } from '../../fixtures/citizens';
import { letter, pushOk } from './helpers';
import { schemaVersions } from '../../../src/lib/schemas/sync-constants';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');

/** Reads an SSE response, collecting `data:` lines until `count` arrive. */
function collectEvents(res: Response) {
	const events: string[] = [];
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	const waiters: { count: number; resolve: () => void }[] = [];
	const done = (async () => {
		for (;;) {
			const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
			if (done) return;
			buffer += decoder.decode(value, { stream: true });
			let end: number;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(line.slice(6));
			}
			for (const w of waiters.filter((w) => events.length >= w.count)) w.resolve();
		}
	})();
	return {
		events,
		done,
		waitFor(count: number) {
			return events.length >= count
				? Promise.resolve()
				: new Promise<void>((resolve) => waiters.push({ count, resolve }));
		},
		close: () => reader.cancel()
	};
}

async function openStream(session: HttpSession, collection: keyof typeof schemaVersions = 'letters') {
	const res = await session.fetch(`/api/sync/v1/${collection}/stream?v=${schemaVersions[collection]}`, {
		headers: { accept: 'text/event-stream' }
	});
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
	return collectEvents(res);
}

describe('stream', () => {
	it('sends RESYNC to the citizen’s open devices when a letter is delivered, and only to them', async () => {
		const a = await signedInCitizen(baseUrl, dataDir);
		const b = await signedInCitizen(baseUrl, dataDir);
		const streamA = await openStream(a.session);
		const streamB = await openStream(b.session);
		const foldersA = await openStream(a.session, 'folders');
		try {
			await deliverLetter(baseUrl, dataDir, letterInput(a.citizen.cpr));
			await streamA.waitFor(1);
			expect(streamA.events).toEqual(['RESYNC']);

			await deliverLetter(baseUrl, dataDir, letterInput(b.citizen.cpr));
			await streamB.waitFor(1);
			expect(streamB.events).toEqual(['RESYNC']);
			// A's device hears nothing of B's letter (given a moment to arrive if it wrongly did) …
			await new Promise((r) => setTimeout(r, 500));
			expect(streamA.events).toEqual(['RESYNC']);
			// … but does hear its own next one; A's folders stream heard nothing of letters.
			await deliverLetter(baseUrl, dataDir, letterInput(a.citizen.cpr));
			await streamA.waitFor(2);
			expect(streamA.events).toEqual(['RESYNC', 'RESYNC']);
			expect(streamB.events).toEqual(['RESYNC']);
			expect(foldersA.events).toEqual([]);
		} finally {
			await Promise.all([streamA.close(), streamB.close(), foldersA.close()]);
		}
	});

	it('sends RESYNC to other devices when one device pushes a change', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const id = (await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr))).body.letterId as string;
		const stream = await openStream(session);
		try {
			const doc = await letter(session, id);
			await pushOk(session, 'letters', [
				{ assumedMasterState: doc, newDocumentState: { ...doc, read: true } }
			]);
			await stream.waitFor(1);
			expect(stream.events).toEqual(['RESYNC']);
		} finally {
			await stream.close();
		}
	});

	it('ends the stream when its session ends', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const stream = await openStream(session);
		await session.fetch('/logout', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: ''
		});
		await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr));
		await stream.done; // the server closed it instead of sending
		expect(stream.events).toEqual([]);
	});

	it('answers HEAD at once, with the stream headers and no body', async () => {
		const { session } = await signedInCitizen(baseUrl, dataDir);
		const res = await session.fetch(`/api/sync/v1/letters/stream?v=${schemaVersions.letters}`, {
			method: 'HEAD'
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(await res.text()).toBe('');
		expect(
			(
				await fetch(new URL(`/api/sync/v1/letters/stream?v=${schemaVersions.letters}`, baseUrl), {
					method: 'HEAD'
				})
			).status
		).toBe(401);
	});

	it('keeps at most 10 streams per session open: a new one closes the oldest', async () => {
		const { citizen, session } = await signedInCitizen(baseUrl, dataDir);
		const streams = [];
		for (let i = 0; i < 11; i++) streams.push(await openStream(session));
		await streams[0]!.done; // closed by the server when the 11th opened
		await deliverLetter(baseUrl, dataDir, letterInput(citizen.cpr));
		await Promise.all(streams.slice(1).map((s) => s.waitFor(1)));
		expect(streams[0]!.events).toEqual([]);
		for (const s of streams.slice(1)) expect(s.events).toEqual(['RESYNC']);
		await Promise.all(streams.map((s) => s.close()));
	});
});

import { describe, expect, it } from 'vitest';
import { MailIndex, toRow } from '../../../src/lib/mail/mail-index';
import { T0, letter } from '../sync/fixtures';

const row = (overrides: Parameters<typeof letter>[0] = {}) => toRow(letter(overrides));

describe('MailIndex', () => {
	it('lists a folder newest first and pages through it', () => {
		const index = new MailIndex();
		const rows = Array.from({ length: 120 }, (_, i) => row({ receivedAt: T0 + i * 1000 }));
		index.replaceAll(rows);
		const first = index.page('inbox', 0, 50);
		expect(first).toHaveLength(50);
		expect(first[0]!.receivedAt).toBe(T0 + 119_000);
		expect(index.page('inbox', 100, 50)).toHaveLength(20);
		expect(index.page('inbox', 100, 50).at(-1)!.receivedAt).toBe(T0);
	});

	it('keeps counters per folder up to date as letters change', () => {
		const index = new MailIndex();
		const a = row({ receivedAt: T0 });
		const b = row({ receivedAt: T0 + 1, read: true });
		const c = row({ receivedAt: T0 + 2, folder: 'archive' });
		index.replaceAll([a, b, c]);
		expect(index.count('inbox')).toEqual({ total: 2, unread: 1 });
		expect(index.count('archive')).toEqual({ total: 1, unread: 1 });
		index.upsert({ ...a, read: true });
		expect(index.count('inbox')).toEqual({ total: 2, unread: 0 });
		index.upsert({ ...b, folder: 'trash', trashedAt: T0 });
		expect(index.count('inbox')).toEqual({ total: 1, unread: 0 });
		expect(index.count('trash')).toEqual({ total: 1, unread: 0 });
		index.remove(c.id);
		expect(index.count('archive')).toEqual({ total: 0, unread: 0 });
	});

	it('shows letters of a folder that no longer exists in the inbox', () => {
		const index = new MailIndex();
		const filed = row({ folder: 'folder-1' });
		index.replaceAll([filed]);
		index.setFolders(['folder-1']);
		expect(index.list('folder-1')).toHaveLength(1);
		expect(index.list('inbox')).toHaveLength(0);
		index.setFolders([]);
		expect(index.list('inbox').map((r) => r.id)).toEqual([filed.id]);
		expect(index.count('inbox').total).toBe(1);
	});

	it('finds a reply thread, oldest first', () => {
		const index = new MailIndex();
		const first = row({ receivedAt: T0 });
		const answer = row({ receivedAt: T0 + 5, threadId: first.id });
		index.replaceAll([answer, first, row()]);
		expect(index.thread(first.id).map((r) => r.id)).toEqual([first.id, answer.id]);
	});

	it('lists every letter, in whatever folder, newest first', () => {
		const index = new MailIndex();
		const old = row({ receivedAt: T0, folder: 'archive' });
		const recent = row({ receivedAt: T0 + 10, folder: 'trash', trashedAt: T0 });
		index.replaceAll([old, recent]);
		expect(index.all().map((r) => r.id)).toEqual([recent.id, old.id]);
		index.remove(recent.id);
		expect(index.all().map((r) => r.id)).toEqual([old.id]);
	});

	it('counts the files of every document in a row', () => {
		const doc = letter();
		doc.documents[0]!.files = [
			{ id: 'f1', filename: 'a.pdf', contentType: 'application/pdf', size: 10, language: null },
			{ id: 'f2', filename: 'b.png', contentType: 'image/png', size: 10, language: null }
		];
		expect(toRow(doc).fileCount).toBe(2);
	});

	it('does not count the file that is shown as the letter itself', () => {
		const doc = letter();
		doc.documents[0]!.bodyHtml = '<p>Hej</p>';
		doc.documents[0]!.files = [
			{ id: 'f0', filename: 'brev.html', contentType: 'text/html', size: 262, language: null },
			{ id: 'f1', filename: 'a.pdf', contentType: 'application/pdf', size: 10, language: null }
		];
		expect(toRow(doc).fileCount).toBe(1);
	});
});

describe('toRow deadline', () => {
	it('takes the earliest of the reply deadline and the actions’ dates', () => {
		const doc = letter({ replyAllowed: true, replyBy: '2026-12-10T12:00:00+01:00' });
		doc.documents[0]!.actions = [
			{ label: 'Betal', actionCode: 'BETALING', endDateTime: '2026-12-05T23:59:00+01:00' },
			{ label: 'Læs', actionCode: 'INFORMATION' }
		];
		expect(toRow(doc).deadline).toBe('2026-12-05T23:59:00+01:00');
		expect(toRow(letter({ replyAllowed: false, replyBy: '2026-12-10T12:00:00+01:00' })).deadline).toBeNull();
	});
});

import { describe, expect, it } from 'vitest';
import { excerpt } from '../../../../src/lib/mail/search/excerpt';
import { anyFilter, readFilters, rowFilter } from '../../../../src/lib/mail/search/filters';
import { LetterSearch, SEARCH_INDEX_VERSION } from '../../../../src/lib/mail/search/letter-search';
import { htmlToText, letterText } from '../../../../src/lib/mail/search/letter-text';
import { toRow } from '../../../../src/lib/mail/mail-index';
import { T0, letter } from '../../sync/fixtures';

function doc(title: string, body: string, fileText?: string, overrides: Parameters<typeof letter>[0] = {}) {
	return letter({
		title,
		notification: '',
		documents: [
			{
				id: 'd1',
				kind: 'main',
				title: 'Brev',
				bodyHtml: `<p>${body}</p>`,
				files: [],
				actions: [],
				...(fileText ? { fileText } : {})
			}
		],
		...overrides
	});
}

describe('letter text', () => {
	it('takes the text out of sanitized HTML, entities decoded', () => {
		expect(htmlToText('<h1>Skat</h1><p>Beløb:&nbsp;1.200&nbsp;kr. &amp; renter&#33;</p><p>Næste</p>')).toBe(
			'Skat Beløb: 1.200 kr. & renter! Næste'
		);
	});

	it('searches documents and PDF text, but not technical documents', () => {
		const d = doc('Titel', 'brødtekst', 'tekst fra pdf');
		d.documents.push({
			id: 'd2',
			kind: 'technical',
			title: 'Data',
			bodyHtml: '<p>maskindata</p>',
			files: [],
			actions: []
		});
		const text = letterText(d);
		expect(text.body).toContain('brødtekst');
		expect(text.body).toContain('tekst fra pdf');
		expect(text.body).not.toContain('maskindata');
	});
});

describe('LetterSearch', () => {
	const housing = doc('Afgørelse', 'Du får boligstøtte fra 1. marts.');
	const tax = doc('Årsopgørelse 2025', 'Se din opgørelse.', 'Ejendomsskatten for 2025 er 12.400 kr.');
	const turkish = doc('Vergi iadeniz hazır', 'Merhaba');
	const arabic = doc('إعفاء من البريد الرقمي', 'تمت الموافقة على الإعفاء من الضريبة');
	const index = LetterSearch.empty();
	for (const d of [housing, tax, turkish, arabic]) index.add(letterText(d));
	const ids = (query: string) => index.search(query).map((hit) => hit.id);

	it('finds a word in any form, by prefix and with a small typo', () => {
		expect(ids('boligstøtten')).toEqual([housing.id]);
		expect(ids('boligst')).toEqual([housing.id]);
		expect(ids('ejendomsskat')).toEqual([tax.id]);
		expect(ids('ejendomskat')).toEqual([tax.id]);
		expect(ids('EJENDOMSSKAT 2025')).toEqual([tax.id]);
		expect(ids('boligstøtte ejendomsskat')).toEqual([]);
		expect(ids('  ')).toEqual([]);
	});

	it('finds Turkish and Arabic however they are typed', () => {
		expect(ids('HAZIR')).toEqual([turkish.id]);
		expect(ids('hazir')).toEqual([turkish.id]);
		expect(ids('اعفاء')).toEqual([arabic.id]);
		expect(ids('ضريبه')).toEqual([arabic.id]);
	});

	it('ranks a title match above a match in the text', () => {
		const inTitle = doc('Boligstøtte', 'Om din ansøgning');
		const other = LetterSearch.empty();
		other.add(letterText(housing));
		other.add(letterText(inTitle));
		expect(other.search('boligstøtte').map((hit) => hit.id)).toEqual([inTitle.id, housing.id]);
	});

	it('forgets removed letters and survives saving and loading', async () => {
		const copy = await LetterSearch.load(JSON.parse(JSON.stringify(index.save())));
		expect(copy).not.toBeNull();
		expect(copy!.size).toBe(4);
		expect(copy!.search('boligstøtte').map((hit) => hit.id)).toEqual([housing.id]);
		copy!.remove(housing.id);
		expect(copy!.has(housing.id)).toBe(false);
		expect(copy!.search('boligstøtte')).toEqual([]);
		expect(await LetterSearch.load({ ...index.save(), v: SEARCH_INDEX_VERSION + 1 })).toBeNull();
	});

	it('marks the matching words in a short excerpt', () => {
		const [hit] = index.search('ejendomsskat');
		const text = letterText(tax).body;
		const segments = excerpt(text, new Set(hit!.terms), { before: 2, length: 6 })!;
		expect(segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['Ejendomsskatten']);
		expect(segments.map((s) => s.text).join('')).toBe('… din opgørelse. Ejendomsskatten for 2025 er …');
		expect(excerpt(text, new Set(['ingenting']))).toBeNull();
	});
});

describe('search filters', () => {
	const params = (query: string) => readFilters(new URLSearchParams(query));

	it('reads the filters from the address and ignores what is not a day', () => {
		expect(params('sender=skat&folder=archive&from=2026-11-01&to=nonsense&unread=1&legal=1')).toEqual({
			sender: 'skat',
			folder: 'archive',
			from: '2026-11-01',
			to: '',
			unread: true,
			deadline: false,
			legal: true
		});
		expect(anyFilter(params('q=skat'))).toBe(false);
	});

	it('passes only the letters that match every filter, the trash only when asked', () => {
		const day = new Date(T0);
		const iso = (d: Date) =>
			`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
		const rows = {
			plain: toRow(letter({ read: true })),
			unread: toRow(letter({ senderId: 'kommune' })),
			legal: toRow(letter({ legalNotification: true, read: true })),
			deadline: toRow(
				letter({ replyAllowed: true, replyBy: new Date(T0 + 86_400_000).toISOString(), read: true })
			),
			trashed: toRow(letter({ folder: 'trash', trashedAt: T0 })),
			later: toRow(letter({ receivedAt: T0 + 3 * 86_400_000, read: true }))
		};
		const pass = (query: string) => {
			const test = rowFilter(params(query), (row) => row.folder);
			return Object.entries(rows)
				.filter(([, row]) => test(row))
				.map(([name]) => name);
		};
		expect(pass('')).toEqual(['plain', 'unread', 'legal', 'deadline', 'later']);
		expect(pass('folder=trash')).toEqual(['trashed']);
		expect(pass('unread=1')).toEqual(['unread']);
		expect(pass('legal=1')).toEqual(['legal']);
		expect(pass('deadline=1')).toEqual(['deadline']);
		expect(pass('sender=kommune')).toEqual(['unread']);
		expect(pass(`from=${iso(new Date(T0 + 86_400_000))}`)).toEqual(['later']);
		expect(pass(`to=${iso(day)}`)).toEqual(['plain', 'unread', 'legal', 'deadline']);
	});
});

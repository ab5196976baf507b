import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import {
	csvCell,
	exportRow,
	letterPath,
	lettersCsv,
	safeName,
	uniqueName
} from '../../../../src/lib/mail/export/export-index';
import { mailboxZip } from '../../../../src/lib/mail/export/mailbox-zip';
import type { FileRef } from '../../../../src/lib/schemas/letter';
import { letter, T0 } from '../../sync/fixtures';

const file = (
	id: string,
	filename: string,
	contentType: FileRef['contentType'] = 'application/pdf'
): FileRef => ({
	id,
	filename,
	contentType,
	size: 10,
	language: null
});

describe('CSV cells', () => {
	it('quotes commas, quotes and line breaks (RFC 4180)', () => {
		expect(csvCell('plain')).toBe('plain');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(' padded ')).toBe('" padded "');
		expect(csvCell(null)).toBe('');
		expect(csvCell(true)).toBe('true');
	});

	it('defuses text a spreadsheet would run as a formula', () => {
		expect(csvCell('=HYPERLINK("http://x","klik")')).toBe(`"'=HYPERLINK(""http://x"",""klik"")"`);
		expect(csvCell('+45 12 34')).toBe("'+45 12 34");
		expect(csvCell('-2+3')).toBe("'-2+3");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tcmd')).toBe("'\tcmd");
		expect(csvCell('＝1+1')).toBe("'＝1+1");
		expect(csvCell('Skat = 5')).toBe('Skat = 5');
	});
});

describe('names in the ZIP', () => {
	it('are safe on every file system and never clash', () => {
		expect(safeName('a/b\\c:d*e?f"g<h>i|j')).toBe('a b c d e f g h i j');
		expect(safeName('..')).toBe('_');
		expect(safeName('brev. ')).toBe('brev');
		expect(safeName('ضريبة العقار')).toBe('ضريبة العقار');
		const taken = new Set<string>();
		expect(['a.pdf', 'A.pdf', 'a.pdf', 'noext', 'noext'].map((n) => uniqueName(n, taken))).toEqual([
			'a.pdf',
			'A (2).pdf',
			'a (3).pdf',
			'noext',
			'noext (2)'
		]);
		const l = letter({ id: '0a1b2c3d-0000-4000-8000-000000000000', title: 'Ejendomsskat 2027/28' });
		expect(letterPath(l)).toBe('2026-11-02 Ejendomsskat 2027 28 0a1b2c3d');
	});
});

describe('letters.csv', () => {
	it('has a header, one escaped row per letter and the missing files by name', () => {
		const l = letter({ title: '=cmd|calc', senderName: 'Kommune, Aarhus', caseId: 'S-1' });
		const row = exportRow(l, 'Indbakke', 'dir', [
			{
				document: 'Brev',
				filename: 'brev.pdf',
				contentType: 'application/pdf',
				size: 1,
				path: 'dir/brev.pdf'
			},
			{ document: 'Bilag', filename: 'kort.png', contentType: 'image/png', size: 1, path: null }
		]);
		const csv = lettersCsv([row]);
		expect(csv.startsWith('\uFEFFid,received,created,sender,title,case_id,folder,read,')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines).toHaveLength(3);
		expect(lines[2]).toBe('');
		expect(lines[1]).toBe(
			[
				l.id,
				new Date(T0).toISOString(),
				l.createdAt,
				'"Kommune, Aarhus"',
				"'=cmd|calc",
				'S-1',
				'Indbakke',
				'false',
				'false',
				'',
				'dir',
				'dir/brev.pdf',
				'kort.png'
			].join(',')
		);
	});
});

describe('mailboxZip', () => {
	it('puts each letter in its own folder with its files and lists files not on the device as missing', async () => {
		const a = letter({ title: 'Boligstøtte', receivedAt: T0 + 1000 });
		a.documents[0]!.files = [file('f1', 'afgørelse.pdf'), file('f2', 'kort.png', 'image/png')];
		const b = letter({ title: 'Ejendomsskat', caseId: 'SAG-7' });
		b.documents[0]!.files = [file('f3', 'vurdering.pdf'), file('f4', 'afgørelse.pdf')];
		const bytes: Record<string, Uint8Array> = {
			f1: new TextEncoder().encode('%PDF-1 a'),
			f3: new TextEncoder().encode('%PDF-1 b'),
			f4: new TextEncoder().encode('%PDF-1 c')
		};
		const progress: number[] = [];
		const blob = await mailboxZip([a.id, b.id], {
			loadLetters: async (ids) => [a, b].filter((l) => ids.includes(l.id)),
			readFile: async (f) => bytes[f.id] ?? null,
			folderName: () => 'Indbakke',
			onProgress: (p) => progress.push(p.done),
			now: new Date(T0)
		});
		const entries = unzipSync(new Uint8Array(await blob.arrayBuffer()));
		const dirA = letterPath(a);
		const dirB = letterPath(b);
		expect(Object.keys(entries).sort()).toEqual(
			[
				`${dirA}/afgørelse.pdf`,
				`${dirB}/vurdering.pdf`,
				`${dirB}/afgørelse.pdf`,
				'letters.csv',
				'letters.json'
			].sort()
		);
		expect(strFromU8(entries[`${dirB}/afgørelse.pdf`]!)).toBe('%PDF-1 c');
		const index = JSON.parse(strFromU8(entries['letters.json']!));
		expect(index.missingFiles).toBe(1);
		expect(index.letters.map((r: { title: string }) => r.title)).toEqual(['Boligstøtte', 'Ejendomsskat']);
		expect(index.letters[0].files[1]).toMatchObject({ filename: 'kort.png', path: null });
		expect(index.letters[1]).toMatchObject({ caseId: 'SAG-7', folder: 'Indbakke', path: dirB });
		const csv = strFromU8(entries['letters.csv']!);
		expect(csv).toContain(`${dirA}/afgørelse.pdf,kort.png`);
		expect(progress).toEqual([0, 2]);
	});
});

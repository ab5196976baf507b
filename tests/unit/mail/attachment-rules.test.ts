import { describe, expect, it } from 'vitest';
import {
	ATTACHMENT_MAX_BYTES,
	ATTACHMENTS_MAX_COUNT,
	ATTACHMENTS_TOTAL_MAX_BYTES,
	attachmentName,
	checkAttachments,
	contentMatchesType
} from '../../../src/lib/mail/attachment-rules';

const MB = 1024 * 1024;

describe('attachment rule', () => {
	it('takes photos and PDFs up to the limits', () => {
		expect(
			checkAttachments([
				{ type: 'image/jpeg', size: ATTACHMENT_MAX_BYTES },
				{ type: 'application/pdf', size: 1 * MB },
				{ type: 'image/png', size: 1000 }
			])
		).toBeNull();
		expect(checkAttachments([])).toBeNull();
	});

	it('refuses a file one byte over the single-file limit, naming it', () => {
		expect(
			checkAttachments([
				{ type: 'image/png', size: 10 },
				{ type: 'image/jpeg', size: ATTACHMENT_MAX_BYTES + 1 }
			])
		).toEqual({ index: 1, problem: 'size' });
	});

	it('refuses other types, and empty files', () => {
		expect(checkAttachments([{ type: 'image/heic', size: 10 }])).toEqual({ index: 0, problem: 'type' });
		expect(checkAttachments([{ type: 'text/html', size: 10 }])).toEqual({ index: 0, problem: 'type' });
		expect(checkAttachments([{ type: 'application/pdf', size: 0 }])).toEqual({ index: 0, problem: 'empty' });
	});

	it('refuses the file that takes the sum over the total, and one file too many', () => {
		const half = ATTACHMENTS_TOTAL_MAX_BYTES / 2;
		expect(
			checkAttachments([
				{ type: 'application/pdf', size: half },
				{ type: 'application/pdf', size: half },
				{ type: 'image/png', size: 1 }
			])
		).toEqual({ index: 2, problem: 'total' });
		const many = Array.from({ length: ATTACHMENTS_MAX_COUNT + 1 }, () => ({ type: 'image/png', size: 1 }));
		expect(checkAttachments(many)).toEqual({ index: ATTACHMENTS_MAX_COUNT, problem: 'count' });
	});

	it('checks the first bytes against the type', () => {
		expect(contentMatchesType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg')).toBe(true);
		expect(contentMatchesType(new TextEncoder().encode('%PDF-1.7'), 'application/pdf')).toBe(true);
		expect(contentMatchesType(new TextEncoder().encode('<html>'), 'application/pdf')).toBe(false);
		expect(contentMatchesType(new Uint8Array([0xff, 0xd8]), 'image/png')).toBe(false);
	});

	it('keeps only a clean base name', () => {
		expect(attachmentName('C:\\Users\\me\\foto.jpg')).toBe('foto.jpg');
		expect(attachmentName('../../etc/passwd')).toBe('passwd');
		expect(attachmentName('a\u0000b\nc.pdf')).toBe('abc.pdf');
		expect(attachmentName('   ')).toBe('file');
		expect(attachmentName('x'.repeat(300))).toHaveLength(200);
	});
});

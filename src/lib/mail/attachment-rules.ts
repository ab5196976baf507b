/**
 * What a citizen may attach to a reply or a new message: the one rule, used by the compose form (to say so
 * before anything is sent) and by the server's sync push (to refuse what breaks it). No zod, no DOM, so both
 * sides and the outgoing schema can import it.
 */

/** Photos from a phone camera and PDFs. Phones turn HEIC photos into JPEG when a page asks for image/*. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Largest single file (decimal, so the form can say "8 MB" as phones count). */
export const ATTACHMENT_MAX_BYTES = 8_000_000;
/** Largest sum of one message's files: as base64, two messages still fit one sync push (32 MB). */
export const ATTACHMENTS_TOTAL_MAX_BYTES = 10_000_000;
export const ATTACHMENTS_MAX_COUNT = 5;
export const ATTACHMENT_NAME_MAX = 200;

/** What the file picker offers; `capture` is not set, so a phone lets the person choose camera or files. */
export const ATTACHMENT_ACCEPT = 'image/*,application/pdf';

export type AttachmentProblem = 'type' | 'size' | 'total' | 'count' | 'empty';

export interface AttachmentCandidate {
	type: string;
	size: number;
}

export function isAttachmentType(type: string): type is AttachmentType {
	return (ATTACHMENT_TYPES as readonly string[]).includes(type);
}

/**
 * The first problem with a message's files, or null. `index` is the file at fault; a count or total problem
 * names the file that went over.
 */
export function checkAttachments(
	files: readonly AttachmentCandidate[]
): { index: number; problem: AttachmentProblem } | null {
	let total = 0;
	for (const [index, file] of files.entries()) {
		if (index >= ATTACHMENTS_MAX_COUNT) return { index, problem: 'count' };
		if (!isAttachmentType(file.type)) return { index, problem: 'type' };
		if (file.size <= 0) return { index, problem: 'empty' };
		if (file.size > ATTACHMENT_MAX_BYTES) return { index, problem: 'size' };
		total += file.size;
		if (total > ATTACHMENTS_TOTAL_MAX_BYTES) return { index, problem: 'total' };
	}
	return null;
}

/** First bytes each type starts with, so a file is what its type says. */
const signatures: Record<AttachmentType, number[]> = {
	'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
	'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
	'image/jpeg': [0xff, 0xd8, 0xff]
};

export function contentMatchesType(bytes: Uint8Array, type: AttachmentType): boolean {
	return signatures[type].every((byte, i) => bytes[i] === byte);
}

/** A file name safe to store and show: no path, no control characters, not too long. */
export function attachmentName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
	return (clean || 'file').slice(0, ATTACHMENT_NAME_MAX);
}

import type { FileRef, LetterDocument } from '$lib/schemas/letter';

/**
 * A document's first text or HTML file is the letter itself: the server turns it into `bodyHtml`
 * (`prepareDocuments` in server/mail/deliver.ts takes the first such file of a main or additional document),
 * and the reader shows it as the letter. Listing it again as an attachment ("brev.html, 262 bytes") only
 * confuses, so the attachments are the other files.
 */
export function attachmentsOf(document: LetterDocument): FileRef[] {
	if (document.bodyHtml === null || document.kind === 'technical') return document.files;
	const body = document.files.find((f) => f.contentType === 'text/html' || f.contentType === 'text/plain');
	return body ? document.files.filter((f) => f !== body) : document.files;
}

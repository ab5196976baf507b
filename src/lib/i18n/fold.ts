/**
 * Folds text so that a search matches however it is typed: case, accents (é → e), Turkish dotless ı,
 * Arabic/Farsi letter variants and diacritics, and punctuation (runs of anything but letters and digits
 * become one space). Danish æ, ø and å stay letters of their own ("hår" is not "har"). Used by every search:
 * the help centre's and the mailbox's.
 */
export function foldText(text: string): string {
	return (
		text
			.normalize('NFC')
			.toLowerCase()
			// å would decompose into a + ring; a private-use character carries it through the accent stripping.
			.replace(/å/g, '\ue000')
			.normalize('NFKD')
			.replace(/\p{M}/gu, '')
			.replace(/\ue000/g, 'å')
			.replace(/ı/g, 'i')
			.replace(/[أإآٱ]/g, 'ا')
			.replace(/[ىیي]/g, 'ي')
			.replace(/[كک]/g, 'ك')
			.replace(/ة/g, 'ه')
			.replace(/ـ/g, '')
			.replace(/[^\p{L}\p{N}]+/gu, ' ')
			.trim()
	);
}

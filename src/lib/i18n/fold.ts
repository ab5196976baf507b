/**
 * Folds text so that a search matches however it is typed: case, accents (å → a), Turkish dotless ı,
 * Arabic/Farsi letter variants and diacritics, and punctuation (runs of anything but letters and digits
 * become one space). Used by every search: the help centre's and the mailbox's.
 */
export function foldText(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/ı/g, 'i')
		.replace(/[أإآٱ]/g, 'ا')
		.replace(/[ىیي]/g, 'ي')
		.replace(/[كک]/g, 'ك')
		.replace(/ة/g, 'ه')
		.replace(/ـ/g, '')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

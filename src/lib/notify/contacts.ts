// Phone numbers and e-mail addresses for notices: the one place that says what is accepted and how an
// address is shown masked (settings page, server log). Shared by the browser and the server.

/** A Danish mobile number in E.164 form, e.g. "+4512345678". */
export type DanishMobile = `+45${string}`;

/**
 * Reads a Danish number typed with or without spaces, dashes, dots or the +45 / 0045 prefix.
 * Digital Post accepts Danish numbers only: +45 and 8 digits (no Danish number starts with 0).
 */
export function parseDanishMobile(input: string): DanishMobile | null {
	const compact = input.replace(/[\s\-.()]/g, '');
	const match = /^(?:(?:\+|00)45)?([1-9]\d{7})$/.exec(compact);
	return match ? `+45${match[1]}` : null;
}

/** "+45 ****1234": enough for the citizen to recognise the number, too little to use it. */
export function maskPhone(msisdn: string): string {
	const digits = msisdn.replace(/\D/g, '');
	return `+45 ****${digits.slice(-4)}`;
}

/** "f***@example.dk": the first letter and the domain. */
export function maskEmail(address: string): string {
	const at = address.lastIndexOf('@');
	if (at < 1) return '***';
	return `${address[0]}***${address.slice(at)}`;
}

/** Digits only, as an SMS gateway wants the recipient: "4512345678". */
export function msisdnDigits(msisdn: string): string {
	return msisdn.replace(/\D/g, '');
}

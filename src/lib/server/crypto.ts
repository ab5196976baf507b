import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A random secret for cookies and API keys: `bytes` of randomness, base64url. */
export function randomToken(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(data: string | Uint8Array): string {
	return createHash('sha256').update(data).digest('hex');
}

/** A string of `length` random decimal digits (uniform, from the CSPRNG). */
export function randomDigits(length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += String(randomInt(10));
	return out;
}

export function equalSecrets(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

/** JSON with object keys sorted and undefined members left out, so equal values give equal strings. */
export function stableStringify(value: unknown): string {
	return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(value).sort()) {
			const member = (value as Record<string, unknown>)[key];
			if (member !== undefined) out[key] = sortKeys(member);
		}
		return out;
	}
	return value;
}

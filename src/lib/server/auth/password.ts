import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// One of OWASP's equivalent scrypt settings (Password Storage Cheat Sheet): N=2^15, r=8, p=3 uses 32 MB
// per hash instead of the 128 MB of N=2^17, p=1, which matters when several sign-ins run at once.
const PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptOptions, keyLength: number): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(
			password.normalize('NFKC'),
			salt,
			keyLength,
			{ ...params, maxmem: 256 * 1024 * 1024 },
			(err, key) => (err ? reject(err) : resolve(key))
		)
	);
}

/** `scrypt$N$r$p$salt$hash`, parameters stored with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, PARAMS, KEY_LENGTH);
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
		'$'
	);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64url');
	const actual = await derive(
		password,
		Buffer.from(salt, 'base64url'),
		{ N: Number(n), r: Number(r), p: Number(p) },
		expected.length
	);
	return timingSafeEqual(actual, expected);
}

/** A hash to verify against when the user ID is unknown, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword(randomBytes(12).toString('base64url'));
	return dummyHash;
}

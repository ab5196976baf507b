// http_ece ships no types; this is the part the web-push tests use.
declare module 'http_ece' {
	import type { ECDH } from 'node:crypto';

	interface EceParams {
		version?: 'aes128gcm' | 'aesgcm' | 'aesgcm128';
		privateKey?: ECDH;
		authSecret?: string | Buffer;
		dh?: string | Buffer;
		key?: string | Buffer;
		keyid?: string;
		salt?: string | Buffer;
		rs?: number;
	}

	const ece: {
		decrypt(buffer: Buffer, params: EceParams): Buffer;
		encrypt(buffer: Buffer, params: EceParams): Buffer;
	};
	export default ece;
}

// What every channel answers, so the worker treats e-mail, SMS and push alike.

export type SendResult =
	| { ok: true }
	/** retry: worth trying again later (network, 4xx/5xx that say "later"); gone: the address no longer exists. */
	| { ok: false; error: string; retry: boolean; gone?: boolean };

/** How long one send may take before it counts as failed (and is retried). */
export const SEND_TIMEOUT_MS = 20_000;

/** A short error text for the outbox row: no addresses, no content. */
export function errorText(error: unknown): string {
	if (error instanceof Error) {
		const code = (error as { code?: unknown }).code;
		return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`.slice(0, 300);
	}
	return String(error).slice(0, 300);
}

// When a failed notice is tried again: exponential backoff with jitter, at most an hour apart, until it
// has failed for the give-up time (24 h by default); then it is marked failed and shown in settings.

/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** The wait before attempt `attempt + 1` (attempt ≥ 1): half fixed, half random ("equal jitter"). */
export function retryDelay(attempt: number, firstMs: number, random: () => number = Math.random): number {
	const base = Math.min(firstMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS);
	return Math.round(base / 2 + (random() * base) / 2);
}

/**
 * When to try next after `attempt` failures, the first at `firstFailedAt`; null means give up. The last
 * attempt is made at the give-up time itself, so a long backoff does not end the retries early.
 */
export function nextAttemptAt(
	attempt: number,
	firstFailedAt: number,
	now: number,
	options: { firstMs: number; giveUpMs: number },
	random: () => number = Math.random
): number | null {
	const giveUpAt = firstFailedAt + options.giveUpMs;
	if (now >= giveUpAt) return null;
	return Math.min(now + retryDelay(attempt, options.firstMs, random), giveUpAt);
}

import { RateLimiterMemory } from 'rate-limiter-flexible';
import { loginIpMaxFailures } from '../config';

const WINDOW_SECONDS = 15 * 60;

/**
 * Failed sign-ins per IP address. Only failures count, so a household or office behind one address is
 * not blocked by its own successful sign-ins; the per-account lockout is separate (lockout.ts).
 */
export class LoginRateLimit {
	private readonly limiter: RateLimiterMemory;

	constructor(readonly maxFailures = loginIpMaxFailures()) {
		this.limiter = new RateLimiterMemory({ points: maxFailures, duration: WINDOW_SECONDS });
	}

	/** Milliseconds until this address may try again, or 0 when it may try now. */
	async blockedFor(ip: string): Promise<number> {
		const state = await this.limiter.get(ip);
		return state && state.consumedPoints >= this.maxFailures ? state.msBeforeNext : 0;
	}

	async recordFailure(ip: string): Promise<void> {
		try {
			await this.limiter.consume(ip);
		} catch {
			// Already over the limit: blockedFor() reports it.
		}
	}
}

let shared: LoginRateLimit | undefined;
export function loginRateLimit(): LoginRateLimit {
	shared ??= new LoginRateLimit();
	return shared;
}

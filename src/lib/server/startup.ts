import { dirname, join } from 'node:path';
import { databasePath, seedDemoData, tombstoneRetentionMs, trashRetentionMs, HOUR } from './config';
import { getDatabase } from './db/index';
import { seedDemoIfEmpty } from './seed/index';
import { deleteExpiredSessions } from './auth/session';
import { deleteExpiredSources } from './auth/sign-in-sources';
import { purgeTrash } from './mail/retention';
import { purgeTombstones } from './sync/tombstones';
import { watchHeldLetters } from './mail/release';
import { oidcSettings } from './auth/oidc/settings';
import { warmSanitizer } from './mail/html-sanitizer';
import { startHub } from './sync/hub';
import { startNotifications } from './notify/service';
import { pruneNotices } from './notify/outbox';
import { handleShutdown, markReady, onDrain } from './lifecycle';
import { endExpiredGrants } from './access/grants';
import { pruneHistory } from './access/history';
import { accessChanged } from './access/events';

let started: Promise<void> | undefined;

/** Opens and migrates the database, seeds demo data into an empty one and starts housekeeping. Once per process. */
export function startServer(options: { signals?: boolean } = {}): Promise<void> {
	started ??= (async () => {
		// A half-made broker configuration stops the start here, not at the first sign-in.
		const broker = oidcSettings();
		if (broker) console.log(`Sign-in through the identity broker ${broker.issuer.origin} is on.`);
		// Opens and migrates (PostgreSQL: under an advisory lock, so processes starting together take turns).
		const db = await getDatabase();
		await startHub(db);
		if (seedDemoData() && (await seedDemoIfEmpty(db, join(dirname(databasePath()), 'demo.json')))) {
			console.log('Seeded demo data; sign-in details are in demo.json next to the database.');
		}
		await housekeeping();
		const hourly = setInterval(() => void housekeeping(), HOUR);
		hourly.unref();
		onDrain(() => clearInterval(hourly));
		await startNotifications(db);
		await watchHeldLetters(db);
		// Not awaited: the server answers meanwhile; the first letter then finds a sanitizer thread ready.
		warmSanitizer().catch((err: unknown) =>
			console.error('sanitizer warm-up failed:', err instanceof Error ? err.message : err)
		);
		if (options.signals) handleShutdown();
		markReady();
	})();
	return started;
}

/**
 * Purges old trash and tombstones, ends expired sessions, sign-ins and accesses, forgets ended sign-in
 * windows, drops old notices and history. Runs at start and hourly, in every process: each step claims its
 * rows or is one idempotent DELETE, so N processes do it once.
 */
async function housekeeping(): Promise<void> {
	const now = Date.now();
	try {
		const db = await getDatabase();
		// Purged mailboxes' devices are woken as each purge batch commits.
		await purgeTrash(db, now, trashRetentionMs());
		await purgeTombstones(db, now, tombstoneRetentionMs());
		const expired = await db.tx(async (t) => {
			await deleteExpiredSessions(t, now);
			await deleteExpiredSources(t, now);
			await t.run('DELETE FROM pending_logins WHERE expires_at <= $1', [now]);
			await pruneNotices(t, now);
			await t.run('DELETE FROM oidc_logins WHERE expires_at <= $1', [now]);
			await pruneHistory(t, now);
			return endExpiredGrants(t, now);
		});
		for (const g of expired) accessChanged(g.mailboxId, g.helperId);
	} catch (err) {
		// A failed round must not stop the server; the next hour tries again.
		console.error('housekeeping failed:', err instanceof Error ? err.message : err);
	}
}

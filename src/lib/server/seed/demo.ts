import { writeFileSync } from 'node:fs';
import type { Db } from '../db/connection';
import { write } from '../db/connection';
import { createCitizen } from '../auth/citizens';
import { createSender } from '../senders/registry';
import { randomToken } from '../crypto';
import { demoSenders } from './senders';
import { seedDemoLetters } from './letters';
import { DEMO_CPR } from './cpr';

export interface DemoFile {
	citizen: {
		userId: string;
		password: string;
		name: string;
		cpr: string;
		codeCard: { cardId: string; codes: Record<string, string> };
	};
	senders: { id: string; name: string; kind: 'public' | 'private'; apiKey: string }[];
}

export { DEMO_CPR };

export function isEmpty(db: Db): boolean {
	return (
		!db.prepare('SELECT 1 FROM citizens LIMIT 1').get() && !db.prepare('SELECT 1 FROM senders LIMIT 1').get()
	);
}

/** Seeds an empty database with demo senders, a demo citizen and letters, and writes demo.json. */
export async function seedDemo(db: Db, demoJsonPath: string, now = Date.now()): Promise<DemoFile> {
	const senders = write(db, () =>
		Object.values(demoSenders).map((sender) => ({
			id: sender.id,
			name: sender.name,
			kind: sender.kind,
			apiKey: createSender(db, sender, now)
		}))
	);
	const password = `demo-${randomToken(9)}`;
	const citizen = { userId: 'demo', password, name: 'Freja Nielsen', cpr: DEMO_CPR };
	const created = await createCitizen(
		db,
		{ ...citizen, registered: false, optIns: [demoSenders.bank.id, demoSenders.insurer.id] },
		now
	);
	await seedDemoLetters(db, created.mailboxId, now);
	const demo: DemoFile = {
		citizen: { ...citizen, codeCard: { cardId: created.card.cardId, codes: created.card.codes } },
		senders
	};
	writeFileSync(demoJsonPath, JSON.stringify(demo, null, '\t') + '\n', { mode: 0o600 });
	return demo;
}

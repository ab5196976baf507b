/** The citizen's outgoing messages, newest first, and how many still wait to be sent. */
import type { MailDatabase, OutgoingData } from '$lib/db';

export class Outbox {
	messages = $state.raw<readonly OutgoingData[]>([]);
	/** Until the database is open, the waiting count comes from the snapshot. */
	loaded = $state(false);
	waitingFromSnapshot = $state(0);

	get waiting(): number {
		if (!this.loaded) return this.waitingFromSnapshot;
		return this.messages.filter((o) => o.status === 'waiting').length;
	}

	watch(db: MailDatabase, onChange: () => void): () => void {
		const sub = db.outgoing.find().$.subscribe((docs) => {
			this.messages = docs
				.map((doc) => doc.toJSON() as OutgoingData)
				.sort((a, b) => b.createdAt - a.createdAt);
			this.loaded = true;
			onChange();
		});
		return () => sub.unsubscribe();
	}
}

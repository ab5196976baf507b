import type pg from 'pg';

/**
 * PostgreSQL schema migrations, side by side with the SQLite ones in migrations.ts: migration N here
 * mirrors SQLite migration N, with the same tables and columns in PostgreSQL's types (a storage test
 * compares both schemas and both counts). Each runs once, in order, in its own transaction;
 * `schema_migrations` records which ran. Never edit one that has shipped: add a new one.
 *
 * Type rules: times in ms and sequences → bigint; counts → integer; flags → boolean; files → bytea;
 * user_id → citext (case-insensitive like SQLite's COLLATE NOCASE, and beyond ASCII).
 */
export const postgresMigrations: readonly string[] = [
	// 1: citizens, sign-in, senders, mailboxes, letters, folders, outgoing messages
	`
	CREATE EXTENSION IF NOT EXISTS citext;

	CREATE TABLE citizens (
		id text PRIMARY KEY,
		user_id citext NOT NULL UNIQUE,
		cpr text NOT NULL UNIQUE,
		name text NOT NULL,
		registered_at bigint,
		created_at bigint NOT NULL
	);

	CREATE TABLE credentials (
		citizen_id text PRIMARY KEY REFERENCES citizens(id) ON DELETE CASCADE,
		password_hash text NOT NULL,
		failed_attempts integer NOT NULL DEFAULT 0,
		lock_count integer NOT NULL DEFAULT 0,
		locked_until bigint,
		updated_at bigint NOT NULL
	);

	CREATE TABLE code_cards (
		id text PRIMARY KEY,
		citizen_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		status text NOT NULL CHECK (status IN ('active', 'next', 'retired')),
		salt text NOT NULL,
		challenge_key text,
		issued_at bigint NOT NULL
	);
	CREATE INDEX code_cards_citizen ON code_cards(citizen_id, status);

	CREATE TABLE code_card_codes (
		card_id text NOT NULL REFERENCES code_cards(id) ON DELETE CASCADE,
		key text NOT NULL,
		code_hash text NOT NULL,
		used_at bigint,
		PRIMARY KEY (card_id, key)
	);

	CREATE TABLE pending_logins (
		token_hash text PRIMARY KEY,
		citizen_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		card_id text NOT NULL,
		key text NOT NULL,
		shared_computer boolean NOT NULL,
		expires_at bigint NOT NULL
	);

	CREATE TABLE sessions (
		token_hash text PRIMARY KEY,
		citizen_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		storage text NOT NULL CHECK (storage IN ('persistent', 'memory')),
		created_at bigint NOT NULL,
		last_seen_at bigint NOT NULL,
		expires_at bigint NOT NULL
	);
	CREATE INDEX sessions_citizen ON sessions(citizen_id);

	CREATE TABLE senders (
		id text PRIMARY KEY,
		name text NOT NULL,
		kind text NOT NULL CHECK (kind IN ('public', 'private')),
		id_type text NOT NULL,
		accepts_messages boolean NOT NULL DEFAULT FALSE,
		api_key_hash text UNIQUE,
		last_reply_seq bigint NOT NULL DEFAULT 0,
		created_at bigint NOT NULL
	);

	-- last_seq: the mailbox's checkpoint sequence. Writers bump it with UPDATE … RETURNING, which locks
	-- the row until commit: per mailbox, sequence order is commit order, so a pull never skips a row.
	CREATE TABLE mailboxes (
		id text PRIMARY KEY,
		citizen_id text NOT NULL UNIQUE REFERENCES citizens(id) ON DELETE CASCADE,
		last_seq bigint NOT NULL DEFAULT 0
	);

	CREATE TABLE private_sender_optins (
		mailbox_id text NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		sender_id text NOT NULL REFERENCES senders(id) ON DELETE CASCADE,
		created_at bigint NOT NULL,
		PRIMARY KEY (mailbox_id, sender_id)
	);

	CREATE TABLE letters (
		id text PRIMARY KEY,
		mailbox_id text NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		seq bigint NOT NULL,
		deleted boolean NOT NULL DEFAULT FALSE,
		sender_id text NOT NULL REFERENCES senders(id),
		message_uuid text NOT NULL,
		sender_name text NOT NULL,
		sender_kind text NOT NULL,
		title text NOT NULL,
		notification text NOT NULL,
		created_at text NOT NULL,
		received_at bigint NOT NULL,
		reply_allowed boolean NOT NULL,
		reply_by text,
		legal_notification boolean NOT NULL,
		mandatory boolean NOT NULL,
		case_id text,
		thread_id text NOT NULL,
		in_reply_to text,
		documents text NOT NULL,
		read boolean NOT NULL DEFAULT FALSE,
		folder text NOT NULL DEFAULT 'inbox',
		trashed_at bigint,
		changed_read bigint NOT NULL DEFAULT 0,
		changed_folder bigint NOT NULL DEFAULT 0,
		trashed_server_at bigint,
		UNIQUE (mailbox_id, seq)
	);
	CREATE INDEX letters_folder ON letters(mailbox_id, folder);
	CREATE INDEX letters_trash ON letters(trashed_server_at) WHERE trashed_server_at IS NOT NULL;

	-- Files live in the database on both engines (the seam for an object store: mail/files.ts).
	CREATE TABLE files (
		id text PRIMARY KEY,
		mailbox_id text NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		letter_id text NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
		filename text NOT NULL,
		content_type text NOT NULL,
		language text,
		size integer NOT NULL,
		sha256 text NOT NULL,
		content bytea NOT NULL
	);
	-- PDFs and images are compressed already: store them out of line without trying again.
	ALTER TABLE files ALTER COLUMN content SET STORAGE EXTERNAL;
	CREATE INDEX files_letter ON files(letter_id);

	-- One row per (sender, messageUUID): the primary key makes delivery idempotent across processes.
	CREATE TABLE deliveries (
		sender_id text NOT NULL REFERENCES senders(id),
		message_uuid text NOT NULL,
		body_hash text NOT NULL,
		letter_id text NOT NULL,
		status integer NOT NULL,
		response text NOT NULL,
		created_at bigint NOT NULL,
		PRIMARY KEY (sender_id, message_uuid)
	);

	CREATE TABLE folders (
		mailbox_id text NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		id text NOT NULL,
		seq bigint NOT NULL,
		deleted boolean NOT NULL DEFAULT FALSE,
		name text NOT NULL,
		created_at bigint NOT NULL,
		changed_name bigint NOT NULL,
		PRIMARY KEY (mailbox_id, id),
		UNIQUE (mailbox_id, seq)
	);

	CREATE TABLE outgoing (
		mailbox_id text NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		id text NOT NULL,
		seq bigint NOT NULL,
		deleted boolean NOT NULL DEFAULT FALSE,
		recipient_id text NOT NULL,
		recipient_name text NOT NULL,
		in_reply_to text,
		thread_id text NOT NULL,
		title text NOT NULL,
		body text NOT NULL,
		created_at bigint NOT NULL,
		status text NOT NULL CHECK (status IN ('waiting', 'sent', 'failed')),
		failure text,
		sent_at bigint,
		reply_seq bigint,
		PRIMARY KEY (mailbox_id, id),
		UNIQUE (mailbox_id, seq)
	);
	CREATE UNIQUE INDEX outgoing_replies ON outgoing(recipient_id, reply_seq) WHERE reply_seq IS NOT NULL;

	CREATE TABLE meta (
		key text PRIMARY KEY,
		value text NOT NULL
	);
	`,
	// 2: MeMo in: held letters (visible_from, ms), MeMo data kept as JSON, SF1601 replay answers
	`
	ALTER TABLE letters ADD COLUMN visible_from bigint;
	ALTER TABLE letters ADD COLUMN memo text;
	CREATE INDEX letters_held ON letters(visible_from) WHERE visible_from IS NOT NULL;

	CREATE TABLE sf1601_transactions (
		sender_id text NOT NULL REFERENCES senders(id),
		transaction_id text NOT NULL,
		body_hash text NOT NULL,
		status integer NOT NULL,
		response text NOT NULL,
		created_at bigint NOT NULL,
		PRIMARY KEY (sender_id, transaction_id)
	);
	`,
	// 3: sign-in through an OpenID Connect broker (started sign-ins, linked identities, ID token for logout)
	`
	CREATE TABLE oidc_logins (
		token_hash text PRIMARY KEY,
		state text NOT NULL,
		nonce text NOT NULL,
		code_verifier text NOT NULL,
		shared_computer boolean NOT NULL,
		locale text NOT NULL,
		expires_at bigint NOT NULL
	);

	CREATE TABLE oidc_identities (
		issuer text NOT NULL,
		subject text NOT NULL,
		citizen_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		created_at bigint NOT NULL,
		PRIMARY KEY (issuer, subject)
	);

	ALTER TABLE sessions ADD COLUMN id_token text;
	`,
	// 4: sign-in hardening: failures since the last sign-in; failures per source per 15-minute window
	`
	ALTER TABLE credentials ADD COLUMN failed_since_sign_in integer NOT NULL DEFAULT 0;

	CREATE TABLE sign_in_sources (
		source text PRIMARY KEY,
		window_start bigint NOT NULL,
		failures integer NOT NULL
	);
	`,
	// 5: notices of new post by e-mail, SMS and web push (src/lib/server/notify); see the SQLite twin
	`
	CREATE TABLE notify_settings (
		citizen_id text PRIMARY KEY REFERENCES citizens(id) ON DELETE CASCADE,
		locale text NOT NULL,
		email_on boolean NOT NULL DEFAULT FALSE,
		sms_on boolean NOT NULL DEFAULT FALSE,
		push_on boolean NOT NULL DEFAULT FALSE,
		-- minutes after midnight, Danish time
		quiet_start integer,
		quiet_end integer,
		updated_at bigint NOT NULL
	);

	CREATE TABLE notify_contacts (
		citizen_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		channel text NOT NULL CHECK (channel IN ('email', 'sms')),
		address text NOT NULL,
		confirmed_at bigint,
		secret_hash text,
		secret_expires_at bigint,
		attempts integer NOT NULL DEFAULT 0,
		last_sent_at bigint,
		sent_count integer NOT NULL DEFAULT 0,
		sent_window_start bigint,
		created_at bigint NOT NULL,
		PRIMARY KEY (citizen_id, channel)
	);
	CREATE UNIQUE INDEX notify_contacts_secret ON notify_contacts(secret_hash) WHERE secret_hash IS NOT NULL;

	CREATE TABLE push_subscriptions (
		id text PRIMARY KEY,
		citizen_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		endpoint text NOT NULL UNIQUE,
		p256dh text NOT NULL,
		auth text NOT NULL,
		name text NOT NULL,
		created_at bigint NOT NULL,
		last_sent_at bigint
	);
	CREATE INDEX push_subscriptions_citizen ON push_subscriptions(citizen_id);

	-- The outbox; workers lease due rows (claim.ts: FOR UPDATE SKIP LOCKED, lease_owner/lease_until).
	CREATE TABLE notices (
		id text PRIMARY KEY,
		citizen_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		kind text NOT NULL CHECK (kind IN ('letters', 'reminder')),
		channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
		target text NOT NULL,
		status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
		due_at bigint NOT NULL,
		held boolean NOT NULL DEFAULT FALSE,
		created_at bigint NOT NULL,
		attempts integer NOT NULL DEFAULT 0,
		first_failed_at bigint,
		last_error text,
		lease_owner text,
		lease_until bigint,
		finished_at bigint,
		masked_to text
	);
	CREATE INDEX notices_due ON notices(due_at) WHERE status = 'pending';
	CREATE INDEX notices_target ON notices(citizen_id, kind, channel, target, due_at);

	CREATE TABLE notice_letters (
		notice_id text NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
		letter_id text NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
		PRIMARY KEY (notice_id, letter_id)
	);
	CREATE INDEX notice_letters_letter ON notice_letters(letter_id);

	CREATE TABLE notice_reminders (
		letter_id text PRIMARY KEY REFERENCES letters(id) ON DELETE CASCADE,
		citizen_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		due_at bigint NOT NULL,
		done_at bigint
	);
	CREATE INDEX notice_reminders_due ON notice_reminders(due_at) WHERE done_at IS NULL;
	`,
	// 6: housekeeping deletes expired sign-ins and sessions by time; a citizen's removal cascades to sign-ins
	`
	CREATE INDEX pending_logins_citizen ON pending_logins(citizen_id);
	CREATE INDEX pending_logins_expires ON pending_logins(expires_at);
	CREATE INDEX sessions_expires ON sessions(expires_at);
	`,
	// 7: a letter forwarded to an authority (MeMo ForwardData): JSON of $lib/schemas/outgoing.ts outgoingForward,
	// filled from the server's own copy of the letter when it is sent; NULL for replies and new messages
	`
	ALTER TABLE outgoing ADD COLUMN forward text;
	`,
	// 8: files citizens attach to replies and new messages (photos, PDFs). `attachments` on the message is the
	// list the devices sync (JSON: id, filename, mediaType, size); the bytes stay here for the replies API.
	`
	ALTER TABLE outgoing ADD COLUMN attachments text NOT NULL DEFAULT '[]';
	CREATE TABLE outgoing_files (
		mailbox_id text NOT NULL,
		outgoing_id text NOT NULL,
		position integer NOT NULL,
		id text NOT NULL,
		filename text NOT NULL,
		media_type text NOT NULL,
		size integer NOT NULL,
		content bytea NOT NULL,
		PRIMARY KEY (mailbox_id, outgoing_id, position),
		FOREIGN KEY (mailbox_id, outgoing_id) REFERENCES outgoing(mailbox_id, id) ON DELETE CASCADE
	);
	ALTER TABLE outgoing_files ALTER COLUMN content SET STORAGE EXTERNAL;
	`,
	// 9: someone you trust (src/lib/server/access): grants, shown private senders, history; see the SQLite twin
	`
	CREATE TABLE access_grants (
		id text PRIMARY KEY,
		mailbox_id text NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		helper_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		level text NOT NULL CHECK (level IN ('read', 'read_write')),
		status text NOT NULL CHECK (status IN ('requested', 'active', 'refused', 'ended')),
		asked_by text NOT NULL CHECK (asked_by IN ('helper', 'owner')),
		ends_at bigint,
		created_at bigint NOT NULL,
		decided_at bigint,
		ended_at bigint
	);
	CREATE UNIQUE INDEX access_grants_open ON access_grants(mailbox_id, helper_id)
		WHERE status IN ('requested', 'active');
	CREATE INDEX access_grants_helper ON access_grants(helper_id, status);
	CREATE INDEX access_grants_expiry ON access_grants(ends_at) WHERE status = 'active';

	CREATE TABLE access_sender_visibility (
		mailbox_id text NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		sender_id text NOT NULL REFERENCES senders(id) ON DELETE CASCADE,
		updated_at bigint NOT NULL,
		PRIMARY KEY (mailbox_id, sender_id)
	);

	CREATE TABLE access_history (
		id text PRIMARY KEY,
		mailbox_id text NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		helper_id text NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		action text NOT NULL,
		letter_id text,
		detail text,
		at bigint NOT NULL
	);
	CREATE INDEX access_history_mailbox ON access_history(mailbox_id, helper_id, at);
	CREATE INDEX access_history_at ON access_history(at);

	ALTER TABLE outgoing ADD COLUMN written_by text REFERENCES citizens(id) ON DELETE SET NULL;
	ALTER TABLE outgoing ADD COLUMN written_by_name text;
	`,
	// 10: notices about someone-you-trust access; see the SQLite twin (PostgreSQL changes the CHECK in place).
	`
	ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
	ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('letters', 'reminder', 'access'));
	ALTER TABLE notices ADD COLUMN grant_id text REFERENCES access_grants(id) ON DELETE CASCADE;
	ALTER TABLE notices ADD COLUMN access_event text
		CHECK (access_event IN ('requested', 'started', 'changed', 'refused', 'ended'));
	ALTER TABLE notices ADD CONSTRAINT notices_access_check
		CHECK ((kind = 'access') = (grant_id IS NOT NULL) AND (kind = 'access') = (access_event IS NOT NULL));
	CREATE INDEX notices_grant ON notices(grant_id) WHERE grant_id IS NOT NULL;
	`,
	// 11: tombstone retention; see the SQLite twin
	`
	ALTER TABLE mailboxes ADD COLUMN purged_seq bigint NOT NULL DEFAULT 0;
	ALTER TABLE letters ADD COLUMN deleted_at bigint;
	ALTER TABLE folders ADD COLUMN deleted_at bigint;
	ALTER TABLE outgoing ADD COLUMN deleted_at bigint;
	`
];

/** Any constant will do; it only has to be the same in every process of this app. */
const MIGRATION_LOCK = 0x706b6d67; // "pkmg"

/**
 * Applies pending migrations. A session-level advisory lock makes processes that start at the same time
 * take turns: the second waits, then finds nothing left to do.
 */
export async function migratePostgres(pool: pg.Pool, migrations = postgresMigrations): Promise<number> {
	const client = await pool.connect();
	let applied = 0;
	try {
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		try {
			await client.query(
				'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)'
			);
			const current = Number(
				(await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')).rows[0].v
			);
			for (let version = current; version < migrations.length; version++) {
				await client.query('BEGIN');
				try {
					await client.query(migrations[version]!);
					await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
						version + 1,
						Date.now()
					]);
					await client.query('COMMIT');
					applied++;
				} catch (err) {
					await client.query('ROLLBACK');
					throw new Error(`PostgreSQL migration ${version + 1} failed: ${(err as Error).message}`, {
						cause: err
					});
				}
			}
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
		}
	} finally {
		client.release();
	}
	return applied;
}

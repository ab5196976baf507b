/**
 * Numbered schema migrations. Each runs once, in order, inside a transaction; the database's
 * `user_version` records how far it got. Never edit a migration that has shipped: add a new one.
 */
export const migrations: readonly string[] = [
	// 1: citizens, sign-in, senders, mailboxes, letters, folders, outgoing messages
	`
	CREATE TABLE citizens (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL UNIQUE COLLATE NOCASE,
		cpr TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		registered_at INTEGER,
		created_at INTEGER NOT NULL
	);

	-- Password and lockout state. failed_attempts counts since the last success or lock.
	CREATE TABLE credentials (
		citizen_id TEXT PRIMARY KEY REFERENCES citizens(id) ON DELETE CASCADE,
		password_hash TEXT NOT NULL,
		failed_attempts INTEGER NOT NULL DEFAULT 0,
		lock_count INTEGER NOT NULL DEFAULT 0,
		locked_until INTEGER,
		updated_at INTEGER NOT NULL
	);

	-- A citizen has one active card; a 'next' card is issued when the active one runs low.
	CREATE TABLE code_cards (
		id TEXT PRIMARY KEY,
		citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		status TEXT NOT NULL CHECK (status IN ('active', 'next', 'retired')),
		salt TEXT NOT NULL,
		-- the key the next sign-in must answer; kept until answered so reloading cannot pick another
		challenge_key TEXT,
		issued_at INTEGER NOT NULL
	);
	CREATE INDEX code_cards_citizen ON code_cards(citizen_id, status);

	CREATE TABLE code_card_codes (
		card_id TEXT NOT NULL REFERENCES code_cards(id) ON DELETE CASCADE,
		key TEXT NOT NULL,
		code_hash TEXT NOT NULL,
		used_at INTEGER,
		PRIMARY KEY (card_id, key)
	) WITHOUT ROWID;

	-- Between the password step and the code step of a sign-in.
	CREATE TABLE pending_logins (
		token_hash TEXT PRIMARY KEY,
		citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		card_id TEXT NOT NULL,
		key TEXT NOT NULL,
		shared_computer INTEGER NOT NULL,
		expires_at INTEGER NOT NULL
	);

	CREATE TABLE sessions (
		token_hash TEXT PRIMARY KEY,
		citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		storage TEXT NOT NULL CHECK (storage IN ('persistent', 'memory')),
		created_at INTEGER NOT NULL,
		last_seen_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL
	);
	CREATE INDEX sessions_citizen ON sessions(citizen_id);

	CREATE TABLE senders (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		kind TEXT NOT NULL CHECK (kind IN ('public', 'private')),
		id_type TEXT NOT NULL,
		accepts_messages INTEGER NOT NULL DEFAULT 0,
		api_key_hash TEXT UNIQUE,
		-- per-sender sequence of citizens' messages to it: the cursor of GET /api/v1/replies
		last_reply_seq INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL
	);

	-- last_seq is the mailbox's checkpoint sequence, bumped by every write to its letters, folders
	-- or outgoing messages.
	CREATE TABLE mailboxes (
		id TEXT PRIMARY KEY,
		citizen_id TEXT NOT NULL UNIQUE REFERENCES citizens(id) ON DELETE CASCADE,
		last_seq INTEGER NOT NULL DEFAULT 0
	);

	CREATE TABLE private_sender_optins (
		mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		sender_id TEXT NOT NULL REFERENCES senders(id) ON DELETE CASCADE,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (mailbox_id, sender_id)
	) WITHOUT ROWID;

	CREATE TABLE letters (
		id TEXT PRIMARY KEY,
		mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		deleted INTEGER NOT NULL DEFAULT 0,
		sender_id TEXT NOT NULL REFERENCES senders(id),
		message_uuid TEXT NOT NULL,
		sender_name TEXT NOT NULL,
		sender_kind TEXT NOT NULL,
		title TEXT NOT NULL,
		notification TEXT NOT NULL,
		created_at TEXT NOT NULL,
		received_at INTEGER NOT NULL,
		reply_allowed INTEGER NOT NULL,
		reply_by TEXT,
		legal_notification INTEGER NOT NULL,
		mandatory INTEGER NOT NULL,
		case_id TEXT,
		thread_id TEXT NOT NULL,
		in_reply_to TEXT,
		documents TEXT NOT NULL,
		read INTEGER NOT NULL DEFAULT 0,
		folder TEXT NOT NULL DEFAULT 'inbox',
		trashed_at INTEGER,
		changed_read INTEGER NOT NULL DEFAULT 0,
		changed_folder INTEGER NOT NULL DEFAULT 0,
		-- server clock when the letter went to trash: the purge counts from here, not from a device clock
		trashed_server_at INTEGER,
		UNIQUE (mailbox_id, seq)
	);
	CREATE INDEX letters_folder ON letters(mailbox_id, folder);
	CREATE INDEX letters_trash ON letters(trashed_server_at) WHERE trashed_server_at IS NOT NULL;

	CREATE TABLE files (
		id TEXT PRIMARY KEY,
		mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		letter_id TEXT NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
		filename TEXT NOT NULL,
		content_type TEXT NOT NULL,
		language TEXT,
		size INTEGER NOT NULL,
		sha256 TEXT NOT NULL,
		content BLOB NOT NULL
	);
	CREATE INDEX files_letter ON files(letter_id);

	-- One row per (sender, messageUUID): makes delivery idempotent.
	CREATE TABLE deliveries (
		sender_id TEXT NOT NULL REFERENCES senders(id),
		message_uuid TEXT NOT NULL,
		body_hash TEXT NOT NULL,
		letter_id TEXT NOT NULL,
		status INTEGER NOT NULL,
		response TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (sender_id, message_uuid)
	) WITHOUT ROWID;

	CREATE TABLE folders (
		mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		id TEXT NOT NULL,
		seq INTEGER NOT NULL,
		deleted INTEGER NOT NULL DEFAULT 0,
		name TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		changed_name INTEGER NOT NULL,
		PRIMARY KEY (mailbox_id, id),
		UNIQUE (mailbox_id, seq)
	);

	CREATE TABLE outgoing (
		mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		id TEXT NOT NULL,
		seq INTEGER NOT NULL,
		deleted INTEGER NOT NULL DEFAULT 0,
		recipient_id TEXT NOT NULL,
		recipient_name TEXT NOT NULL,
		in_reply_to TEXT,
		thread_id TEXT NOT NULL,
		title TEXT NOT NULL,
		body TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('waiting', 'sent', 'failed')),
		failure TEXT,
		sent_at INTEGER,
		-- the recipient sender's reply sequence, set when sent
		reply_seq INTEGER,
		PRIMARY KEY (mailbox_id, id),
		UNIQUE (mailbox_id, seq)
	);
	CREATE UNIQUE INDEX outgoing_replies ON outgoing(recipient_id, reply_seq) WHERE reply_seq IS NOT NULL;

	CREATE TABLE meta (
		key TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);
	`,
	// 2: MeMo in. A letter held back until doNotDeliverUntilDate has visible_from set (ms, start of that day in
	// Danish time) and is hidden from sync, files and replies until a release gives it a new seq and clears it.
	// memo keeps the MeMo data the view does not show yet (JSON, see $lib/schemas/memo.ts).
	`
	ALTER TABLE letters ADD COLUMN visible_from INTEGER;
	ALTER TABLE letters ADD COLUMN memo TEXT;
	CREATE INDEX letters_held ON letters(visible_from) WHERE visible_from IS NOT NULL;

	-- SF1601 KombiPostAfsend: one row per (sender, X-TransaktionsId) answered 2xx, so a replay gets the same answer.
	CREATE TABLE sf1601_transactions (
		sender_id TEXT NOT NULL REFERENCES senders(id),
		transaction_id TEXT NOT NULL,
		body_hash TEXT NOT NULL,
		status INTEGER NOT NULL,
		response TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (sender_id, transaction_id)
	) WITHOUT ROWID;
	`,
	// 3: sign-in through an OpenID Connect broker (MitID via NemLog-in). oidc_logins holds a started sign-in
	// (state, nonce, PKCE verifier) keyed by the hash of a cookie token; oidc_identities links the broker's
	// subject to a citizen; a session started by the broker keeps its ID token for single logout.
	`
	CREATE TABLE oidc_logins (
		token_hash TEXT PRIMARY KEY,
		state TEXT NOT NULL,
		nonce TEXT NOT NULL,
		code_verifier TEXT NOT NULL,
		shared_computer INTEGER NOT NULL,
		locale TEXT NOT NULL,
		expires_at INTEGER NOT NULL
	) WITHOUT ROWID;

	CREATE TABLE oidc_identities (
		issuer TEXT NOT NULL,
		subject TEXT NOT NULL,
		citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (issuer, subject)
	) WITHOUT ROWID;

	ALTER TABLE sessions ADD COLUMN id_token TEXT;
	`,
	// 4: sign-in hardening. The lock (failed_attempts, lock_count, locked_until) now guards only the code step;
	// failures of either step since the owner last signed in are counted to tell them at the next sign-in;
	// failures per source (hashed IPv4 address or IPv6 /64) are counted per 15-minute window.
	`
	ALTER TABLE credentials ADD COLUMN failed_since_sign_in INTEGER NOT NULL DEFAULT 0;

	CREATE TABLE sign_in_sources (
		source TEXT PRIMARY KEY,
		window_start INTEGER NOT NULL,
		failures INTEGER NOT NULL
	);
	`
];

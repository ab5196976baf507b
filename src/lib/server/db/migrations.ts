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
	// 2: rate-limiter-flexible's store, so sign-in limits outlive a restart (its column order: key, points, expire)
	`
	CREATE TABLE rate_limits (
		key TEXT PRIMARY KEY,
		points INTEGER NOT NULL DEFAULT 0,
		expire INTEGER
	);
	CREATE INDEX rate_limits_expire ON rate_limits(expire);
	`
];

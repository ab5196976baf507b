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
	`,
	// 5: notices of new post by e-mail, SMS and web push (src/lib/server/notify)
	`
	-- What a citizen wants to hear about new post, in which language, and when not (SMS and push).
	CREATE TABLE notify_settings (
		citizen_id TEXT PRIMARY KEY REFERENCES citizens(id) ON DELETE CASCADE,
		locale TEXT NOT NULL,
		email_on INTEGER NOT NULL DEFAULT 0,
		sms_on INTEGER NOT NULL DEFAULT 0,
		push_on INTEGER NOT NULL DEFAULT 0,
		-- minutes after midnight, Danish time; both NULL when there are no quiet hours
		quiet_start INTEGER,
		quiet_end INTEGER,
		updated_at INTEGER NOT NULL
	);

	-- The e-mail address and mobile number notices go to; used only once confirmed_at is set.
	CREATE TABLE notify_contacts (
		citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
		address TEXT NOT NULL,
		confirmed_at INTEGER,
		-- the open confirmation: HMAC of the link token or code, when it expires, wrong codes typed
		secret_hash TEXT,
		secret_expires_at INTEGER,
		attempts INTEGER NOT NULL DEFAULT 0,
		-- confirmation messages sent (the resend limit counts them per hour)
		last_sent_at INTEGER,
		sent_count INTEGER NOT NULL DEFAULT 0,
		sent_window_start INTEGER,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (citizen_id, channel)
	) WITHOUT ROWID;
	CREATE UNIQUE INDEX notify_contacts_secret ON notify_contacts(secret_hash) WHERE secret_hash IS NOT NULL;

	-- One web-push subscription per device or browser, named so a lost phone can be removed.
	CREATE TABLE push_subscriptions (
		id TEXT PRIMARY KEY,
		citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		endpoint TEXT NOT NULL UNIQUE,
		p256dh TEXT NOT NULL,
		auth TEXT NOT NULL,
		name TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		last_sent_at INTEGER
	);
	CREATE INDEX push_subscriptions_citizen ON push_subscriptions(citizen_id);

	-- The outbox: one row per notice and channel (push: per subscription); its id is the idempotency key.
	-- A worker claims due rows by setting lease_owner/lease_until in one UPDATE; an expired lease
	-- (a crashed worker) may be claimed again.
	CREATE TABLE notices (
		id TEXT PRIMARY KEY,
		citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		kind TEXT NOT NULL CHECK (kind IN ('letters', 'reminder')),
		channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
		-- push: the subscription id; e-mail and SMS: '' (the confirmed contact when it is sent)
		target TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
		due_at INTEGER NOT NULL,
		-- 1 while held back by quiet hours (due when they end); changed quiet hours release it
		held INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL,
		attempts INTEGER NOT NULL DEFAULT 0,
		first_failed_at INTEGER,
		last_error TEXT,
		lease_owner TEXT,
		lease_until INTEGER,
		finished_at INTEGER,
		-- where it went or failed to go, masked (+45 ****1234), for the settings page
		masked_to TEXT
	);
	CREATE INDEX notices_due ON notices(due_at) WHERE status = 'pending';
	CREATE INDEX notices_target ON notices(citizen_id, kind, channel, target, due_at);

	CREATE TABLE notice_letters (
		notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
		letter_id TEXT NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
		PRIMARY KEY (notice_id, letter_id)
	) WITHOUT ROWID;
	CREATE INDEX notice_letters_letter ON notice_letters(letter_id);

	-- At most one deadline reminder per letter: when due, it queues notices if the letter is still unread.
	CREATE TABLE notice_reminders (
		letter_id TEXT PRIMARY KEY REFERENCES letters(id) ON DELETE CASCADE,
		citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		due_at INTEGER NOT NULL,
		done_at INTEGER
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
	ALTER TABLE outgoing ADD COLUMN forward TEXT;
	`,
	// 8: files citizens attach to replies and new messages (photos, PDFs). `attachments` on the message is the
	// list the devices sync (JSON: id, filename, mediaType, size); the bytes stay here for the replies API.
	`
	ALTER TABLE outgoing ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
	CREATE TABLE outgoing_files (
		mailbox_id TEXT NOT NULL,
		outgoing_id TEXT NOT NULL,
		position INTEGER NOT NULL,
		id TEXT NOT NULL,
		filename TEXT NOT NULL,
		media_type TEXT NOT NULL,
		size INTEGER NOT NULL,
		content BLOB NOT NULL,
		PRIMARY KEY (mailbox_id, outgoing_id, position),
		FOREIGN KEY (mailbox_id, outgoing_id) REFERENCES outgoing(mailbox_id, id) ON DELETE CASCADE
	);
	`,
	// 9: someone you trust (src/lib/server/access). A grant lets a helper reach an owner's mailbox at one level;
	// at most one open (requested or active) grant per pair. Expired = ended (ends_at, ms). Private senders'
	// letters stay hidden from helpers unless the owner shows that sender. The history is the owner's record of
	// what helpers did (kept at least a year). Outgoing messages a helper wrote name the helper.
	`
	CREATE TABLE access_grants (
		id TEXT PRIMARY KEY,
		mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		helper_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		level TEXT NOT NULL CHECK (level IN ('read', 'read_write')),
		status TEXT NOT NULL CHECK (status IN ('requested', 'active', 'refused', 'ended')),
		-- who asked: the helper (a request) or the owner (granted directly)
		asked_by TEXT NOT NULL CHECK (asked_by IN ('helper', 'owner')),
		ends_at INTEGER,
		created_at INTEGER NOT NULL,
		decided_at INTEGER,
		ended_at INTEGER
	);
	CREATE UNIQUE INDEX access_grants_open ON access_grants(mailbox_id, helper_id)
		WHERE status IN ('requested', 'active');
	CREATE INDEX access_grants_helper ON access_grants(helper_id, status);
	CREATE INDEX access_grants_expiry ON access_grants(ends_at) WHERE status = 'active';

	CREATE TABLE access_sender_visibility (
		mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		sender_id TEXT NOT NULL REFERENCES senders(id) ON DELETE CASCADE,
		updated_at INTEGER NOT NULL,
		PRIMARY KEY (mailbox_id, sender_id)
	);

	CREATE TABLE access_history (
		id TEXT PRIMARY KEY,
		mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
		helper_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		action TEXT NOT NULL,
		letter_id TEXT,
		-- what it was about, kept when the letter or folder is gone (letter title, folder name, level)
		detail TEXT,
		at INTEGER NOT NULL
	);
	CREATE INDEX access_history_mailbox ON access_history(mailbox_id, helper_id, at);
	CREATE INDEX access_history_at ON access_history(at);

	ALTER TABLE outgoing ADD COLUMN written_by TEXT REFERENCES citizens(id) ON DELETE SET NULL;
	ALTER TABLE outgoing ADD COLUMN written_by_name TEXT;
	`,
	// 10: notices about someone-you-trust access (kind 'access'): the owner hears of a request, the helper of
	// a start, change, refusal or end. grant_id/access_event say which grant and what happened. SQLite cannot
	// change a CHECK, so notices is rebuilt; notice_letters (which references it) is set aside and put back,
	// because dropping notices while it still pointed there would cascade-delete its rows.
	`
	CREATE TEMP TABLE notice_letters_kept AS SELECT notice_id, letter_id FROM notice_letters;
	DROP TABLE notice_letters;

	CREATE TABLE notices_new (
		id TEXT PRIMARY KEY,
		citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
		kind TEXT NOT NULL CHECK (kind IN ('letters', 'reminder', 'access')),
		channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
		target TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
		due_at INTEGER NOT NULL,
		held INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL,
		attempts INTEGER NOT NULL DEFAULT 0,
		first_failed_at INTEGER,
		last_error TEXT,
		lease_owner TEXT,
		lease_until INTEGER,
		finished_at INTEGER,
		masked_to TEXT,
		grant_id TEXT REFERENCES access_grants(id) ON DELETE CASCADE,
		access_event TEXT CHECK (access_event IN ('requested', 'started', 'changed', 'refused', 'ended')),
		CHECK ((kind = 'access') = (grant_id IS NOT NULL) AND (kind = 'access') = (access_event IS NOT NULL))
	);
	INSERT INTO notices_new (id, citizen_id, kind, channel, target, status, due_at, held, created_at, attempts,
		first_failed_at, last_error, lease_owner, lease_until, finished_at, masked_to)
	SELECT id, citizen_id, kind, channel, target, status, due_at, held, created_at, attempts,
		first_failed_at, last_error, lease_owner, lease_until, finished_at, masked_to FROM notices;
	DROP TABLE notices;
	ALTER TABLE notices_new RENAME TO notices;
	CREATE INDEX notices_due ON notices(due_at) WHERE status = 'pending';
	CREATE INDEX notices_target ON notices(citizen_id, kind, channel, target, due_at);
	CREATE INDEX notices_grant ON notices(grant_id) WHERE grant_id IS NOT NULL;

	CREATE TABLE notice_letters (
		notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
		letter_id TEXT NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
		PRIMARY KEY (notice_id, letter_id)
	) WITHOUT ROWID;
	CREATE INDEX notice_letters_letter ON notice_letters(letter_id);
	INSERT INTO notice_letters (notice_id, letter_id) SELECT notice_id, letter_id FROM notice_letters_kept;
	DROP TABLE notice_letters_kept;
	`,
	// 11: tombstones are purged after a retention period (src/lib/server/sync/tombstones.ts). deleted_at is when a
	// row became a tombstone (stamped by housekeeping for older ones); purged_seq is the mailbox's sequence up to
	// which tombstones were removed: a device whose checkpoint is older must start over (410).
	`
	ALTER TABLE mailboxes ADD COLUMN purged_seq INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE letters ADD COLUMN deleted_at INTEGER;
	ALTER TABLE folders ADD COLUMN deleted_at INTEGER;
	ALTER TABLE outgoing ADD COLUMN deleted_at INTEGER;
	`
];

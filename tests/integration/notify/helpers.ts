import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'devalue';
import { startBuiltServer } from '../../../scripts/built-server.js';
import { afterAll, beforeAll, inject } from 'vitest';
import {
	databaseUrlOf,
	freshDatabaseUrl,
	recordDatabaseUrl,
	withDatabase,
	type HttpSession
} from '../../fixtures/citizens';
import {
	notifyEnv,
	startSmsGateway,
	startSmtpSink,
	type SmsGatewaySink,
	type SmtpSink
} from '../../fixtures/notify';

export interface NotifyServer {
	baseUrl: string;
	dataDir: string;
	port: number;
	stop(): Promise<void>;
	kill(): Promise<void>;
	output(): string;
}

/** The built server on its own database, with the notice services of this test file. */
export async function startNotifyServer(
	env: Record<string, string>,
	dataDir?: string,
	port?: number
): Promise<NotifyServer> {
	const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'postkasse-notify-'));
	// A restart on the same folder keeps its database; a new folder gets a new one.
	if (!dataDir) recordDatabaseUrl(dir, await freshDatabaseUrl(inject('databaseUrl')));
	const databaseUrl = databaseUrlOf(dir) || undefined;
	const server = await startBuiltServer({ dataDir: dir, databaseUrl, env, port, stdout: 'pipe' });
	return {
		...server,
		dataDir: dir,
		async stop() {
			await server.stop();
			if (!dataDir) rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * A real SMTP server and SMS gateway, and the built server sending notices to them, for the enclosing file or
 * `describe`: started before its tests, stopped after.
 */
export function useNoticeServices(extraEnv: Record<string, string> = {}): {
	readonly smtp: SmtpSink;
	readonly sms: SmsGatewaySink;
	readonly server: NotifyServer;
} {
	let smtp: SmtpSink | undefined;
	let sms: SmsGatewaySink | undefined;
	let server: NotifyServer | undefined;
	beforeAll(async () => {
		[smtp, sms] = await Promise.all([startSmtpSink(), startSmsGateway()]);
		server = await startNotifyServer(notifyEnv({ smtp, sms }, extraEnv));
	});
	afterAll(async () => {
		await server?.stop();
		await Promise.all([smtp?.close(), sms?.close()]);
	});
	return {
		get smtp() {
			return smtp!;
		},
		get sms() {
			return sms!;
		},
		get server() {
			return server!;
		}
	};
}

export interface ActionAnswer {
	type: 'success' | 'failure' | 'redirect' | 'error';
	status: number;
	data: {
		notify?: {
			status?: string;
			error?: string;
			field?: string;
			left?: number;
			retryAt?: number;
			address?: string;
		};
		/** The confirm and unsubscribe pages' answer. */
		state?: string;
		address?: string;
	};
}

/** Posts a settings form action as the page's enhanced form does, and reads its answer. */
export async function postAction(
	session: HttpSession,
	action: string,
	fields: Record<string, string> = {},
	path = '/settings'
): Promise<ActionAnswer> {
	const res = await session.fetch(action ? `${path}?/${action}` : path, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		},
		body: new URLSearchParams(fields).toString()
	});
	const body = (await res.json()) as { type: ActionAnswer['type']; status: number; data?: string };
	return {
		type: body.type,
		status: body.status,
		data: body.data ? (parse(body.data) as ActionAnswer['data']) : {}
	};
}

export interface NoticeRow {
	id: string;
	kind: string;
	channel: string;
	status: string;
	attempts: number;
	due_at: number;
	held: number;
	letters: number;
}

export function noticesOf(dataDir: string, citizenId: string): Promise<NoticeRow[]> {
	return withDatabase(dataDir, (db) =>
		db.all<NoticeRow>(
			`SELECT n.id, n.kind, n.channel, n.status, n.attempts, n.due_at, n.held,
				 (SELECT count(*) FROM notice_letters nl WHERE nl.notice_id = n.id) AS letters
				 FROM notices n WHERE citizen_id = $1 ORDER BY created_at, id`,
			[citizenId]
		)
	);
}

/** The 6-digit code in a captured SMS. */
export function codeIn(text: string): string {
	const code = /\b(\d{6})\b/.exec(text)?.[1];
	if (!code) throw new Error(`no code in "${text}"`);
	return code;
}

/** The confirmation link in a captured e-mail's text part. */
export function confirmLinkIn(text: string): URL {
	const link = /(https?:\/\/\S+\/notify\/confirm-email\?t=\S+)/.exec(text)?.[1];
	if (!link) throw new Error('no confirmation link in the e-mail');
	return new URL(link);
}

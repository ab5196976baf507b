/**
 * The demo mailbox's data files (content/demo, described in its README): read, checked against these
 * schemas (a wrong file stops the seeding with its name and field) and turned into absolute times.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { actionCode } from '../../schemas/letter';
import { DAY, HOUR } from '../config';

/** Where the data files are: the project's content/demo (the server runs from the project folder). */
export function demoContentDir(): string {
	return resolve(process.env.DEMO_CONTENT_DIR || 'content/demo');
}

/** `-40d`, `-3h`, `-1d5h`: that long ago. */
const ago = z.string().regex(/^-(?:\d+d)?(?:\d+h)?$/, 'a time ago such as -40d, -3h or -1d5h');
/** `+3d 12:00`, `-3d 15:00`: that many days from today, at that time of day in Denmark. */
const dayAt = z.string().regex(/^[+-]\d+d \d\d:\d\d$/, 'a day and time such as +3d 12:00');
const when = z.union([dayAt, ago]);
const lang = z.enum(['da', 'en']);

const file = z.union([
	z.object({
		name: z.string().min(1),
		lang: lang.optional(),
		pdf: z.object({
			title: z.string().min(1),
			paragraphs: z.array(z.string()).min(1),
			table: z.array(z.tuple([z.string(), z.string()])).optional()
		})
	}),
	z.object({ name: z.string().min(1), lang: lang.optional(), image: z.string().regex(/^[\w-]+\.png$/) })
]);

const demoAction = z.object({
	label: z.string().min(1),
	actionCode,
	url: z.url().optional(),
	startDateTime: when.optional(),
	endDateTime: when.optional(),
	reservation: z
		.object({
			abstract: z.string().min(1),
			start: dayAt,
			minutes: z.number().int().min(1),
			location: z.string(),
			organizer: z.string(),
			description: z.string().optional()
		})
		.optional()
});

export const demoLetter = z
	.object({
		from: z.string().min(1),
		received: ago,
		lang,
		title: z.string().min(1),
		notification: z.string(),
		body: z.array(z.string()).min(1).optional(),
		text: z.string().min(1).optional(),
		attachments: z.array(z.object({ label: z.string().min(1), files: z.array(file).min(1) })).default([]),
		actions: z.array(demoAction).default([]),
		reply: z.boolean().default(false),
		replyBy: when.optional(),
		legal: z.boolean().default(false),
		mandatory: z.boolean().default(false),
		caseId: z.string().optional(),
		/** The key of the outgoing message (mailbox.json) this letter answers. */
		replyTo: z.string().optional(),
		state: z
			.object({
				read: z.boolean().default(false),
				folder: z.string().default('inbox'),
				trashed: ago.optional()
			})
			.optional()
	})
	.refine((letter) => !!letter.body !== !!letter.text, 'a letter has either a body or a text');
export type DemoLetter = z.infer<typeof demoLetter>;

export const demoMailbox = z.object({
	citizen: z.object({
		userId: z.string().min(1),
		name: z.string().min(1),
		cpr: z.string().regex(/^\d{10}$/),
		greeting: z.record(lang, z.string()),
		/** Keys of the private senders the citizen accepts post from. */
		optIns: z.array(z.string())
	}),
	senders: z.record(
		z.string(),
		z.object({
			id: z.string().min(1),
			name: z.string().min(1),
			kind: z.enum(['public', 'private']),
			idType: z.enum(['MyndighedsID', 'CVR']),
			acceptsMessages: z.boolean()
		})
	),
	folders: z.record(z.string(), z.object({ name: z.string().min(1), created: ago })),
	outgoing: z.record(
		z.string(),
		z.object({
			to: z.string(),
			/** The id (file name) of the letter this answers. */
			inReplyTo: z.string().optional(),
			title: z.string().min(1),
			body: z.string().min(1),
			sent: ago
		})
	)
});
export type DemoMailbox = z.infer<typeof demoMailbox>;

function readJson<T>(path: string, schema: z.ZodType<T>): T {
	const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		throw new Error(`${path}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
	}
	return parsed.data;
}

export interface DemoContent {
	mailbox: DemoMailbox;
	/** By id (the file name without .json). */
	letters: Map<string, DemoLetter>;
	image(name: string): Buffer;
}

export function readDemoContent(dir: string = demoContentDir()): DemoContent {
	const mailbox = readJson(join(dir, 'mailbox.json'), demoMailbox);
	const letters = new Map<string, DemoLetter>();
	for (const name of readdirSync(join(dir, 'letters'))
		.filter((n) => n.endsWith('.json'))
		.sort()) {
		letters.set(name.slice(0, -'.json'.length), readJson(join(dir, 'letters', name), demoLetter));
	}
	return { mailbox, letters, image: (name) => readFileSync(join(dir, 'images', name)) };
}

/** Turns a relative time of the data files into milliseconds since the epoch. */
export function resolveTime(spec: string, now: number): number {
	const atDay = /^([+-]\d+)d (\d\d):(\d\d)$/.exec(spec);
	if (atDay) {
		const date = new Date(now + Number(atDay[1]) * DAY);
		// Danish winter time (UTC+1) is close enough for a demo.
		date.setUTCHours(Number(atDay[2]) - 1, Number(atDay[3]), 0, 0);
		return date.getTime();
	}
	const since = /^-(?:(\d+)d)?(?:(\d+)h)?$/.exec(spec);
	if (!since) throw new Error(`not a demo time: ${spec}`);
	return now - Number(since[1] ?? 0) * DAY - Number(since[2] ?? 0) * HOUR;
}

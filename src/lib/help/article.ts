import { z } from 'zod';
import { isIconName, type IconName } from './icons';

/** Front matter every help article starts with, between two `---` lines. */
export const frontMatterSchema = z.object({
	title: z.string().min(1).max(80),
	summary: z.string().min(1).max(200),
	icon: z.string().refine(isIconName, 'unknown icon name (see src/lib/help/icons.ts)'),
	order: z.coerce.number().int().min(0),
	/** Extra words people might search for (e.g. "NemID" on the sign-in article), comma separated. */
	keywords: z.string().optional()
});

export type FrontMatter = Omit<z.infer<typeof frontMatterSchema>, 'icon'> & { icon: IconName };

/** What the help index lists. */
export interface HelpArticleSummary {
	slug: string;
	title: string;
	summary: string;
	icon: IconName;
	order: number;
}

export interface HelpArticle extends HelpArticleSummary {
	/** Rendered at build time from our own Markdown (see markdown.ts for what is allowed). */
	html: string;
	/** The article as plain text: for search and readability checks. */
	text: string;
}

/**
 * Splits `---\nkey: value\n---\nbody`. Values are single lines; that is all our articles need,
 * and anything else is an error rather than a guess.
 */
export function parseFrontMatter(source: string, file: string): { data: FrontMatter; body: string } {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
	if (!match) throw new Error(`${file}: must start with front matter between two "---" lines`);
	const fields: Record<string, string> = {};
	for (const line of match[1]!.split(/\r?\n/)) {
		if (line.trim() === '') continue;
		const pair = /^([a-z]+):\s*(.*)$/.exec(line);
		if (!pair) throw new Error(`${file}: cannot read front matter line "${line}"`);
		fields[pair[1]!] = pair[2]!.replace(/^(["'])(.*)\1$/, '$2').trim();
	}
	const parsed = frontMatterSchema.strict().safeParse(fields);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
		throw new Error(`${file}: front matter: ${issues.join('; ')}`);
	}
	return { data: parsed.data as FrontMatter, body: match[2]! };
}

import { describe, expect, it } from 'vitest';
import { firstScreenModules, namedMessages, type GraphModule } from '../../../scripts/vite/mail-chunk';

const node = (n: number) => `/app/.svelte-kit/generated/client-optimized/nodes/${n}.js`;

/** A small client build: the root layout, a public page, the mail layout and inbox, a letter page. */
function graph(): Map<string, GraphModule> {
	const modules: GraphModule[] = [
		{ id: '/app/entry.js', isEntry: true, importedIds: ['/svelte.js'], dynamicImporters: [] },
		{
			id: node(0),
			isEntry: false,
			importedIds: ['/routes/+layout.svelte'],
			dynamicImporters: ['/app/entry.js']
		},
		{
			id: node(4),
			isEntry: false,
			importedIds: ['/routes/mail/+layout.svelte'],
			dynamicImporters: ['/app/entry.js']
		},
		{
			id: node(18),
			isEntry: false,
			importedIds: ['/routes/mail/+page.svelte'],
			dynamicImporters: ['/app/entry.js']
		},
		{
			id: node(22),
			isEntry: false,
			importedIds: ['/routes/mail/letter/+page.svelte'],
			dynamicImporters: ['/app/entry.js']
		},
		{
			id: node(13),
			isEntry: false,
			importedIds: ['/routes/(public)/+page.svelte'],
			dynamicImporters: ['/app/entry.js']
		},
		{
			id: '/routes/+layout.svelte',
			isEntry: false,
			importedIds: ['/svelte.js', '/format.ts'],
			dynamicImporters: []
		},
		{
			id: '/routes/(public)/+page.svelte',
			isEntry: false,
			importedIds: ['/svelte.js', '/texts/app_name.js'],
			dynamicImporters: []
		},
		{
			id: '/routes/mail/+layout.svelte',
			isEntry: false,
			importedIds: ['/svelte.js', '/mailbox.ts', '/texts/app_name.js', '/texts/mail_inbox.js'],
			dynamicImporters: []
		},
		{
			id: '/routes/mail/+page.svelte',
			isEntry: false,
			importedIds: ['/svelte.js', '/folder-view.svelte'],
			dynamicImporters: []
		},
		{
			id: '/routes/mail/letter/+page.svelte',
			isEntry: false,
			importedIds: ['/svelte.js', '/letter-view.svelte', '/folders.ts'],
			dynamicImporters: []
		},
		{ id: '/mailbox.ts', isEntry: false, importedIds: ['/format.ts', '/folders.ts'], dynamicImporters: [] },
		{
			id: '/folder-view.svelte',
			isEntry: false,
			importedIds: ['/folders.ts', '/texts/mail_inbox.js'],
			dynamicImporters: []
		},
		{ id: '/letter-view.svelte', isEntry: false, importedIds: ['/svelte.js'], dynamicImporters: [] },
		{ id: '/folders.ts', isEntry: false, importedIds: [], dynamicImporters: [] },
		{ id: '/format.ts', isEntry: false, importedIds: [], dynamicImporters: [] },
		{ id: '/svelte.js', isEntry: false, importedIds: [], dynamicImporters: [] },
		{ id: '/texts/app_name.js', isEntry: false, importedIds: [], dynamicImporters: [] },
		{ id: '/texts/mail_inbox.js', isEntry: false, importedIds: [], dynamicImporters: [] }
	];
	return new Map(modules.map((m) => [m.id, m]));
}

const isMailRoute = (id: string) => id.startsWith('/routes/mail/');
const isFirstScreen = (id: string) =>
	id === '/routes/mail/+layout.svelte' || id === '/routes/mail/+page.svelte';

describe('the mailbox’s first screen in one chunk', () => {
	it('gathers what the mail layout and the inbox load and nothing outside the mailbox uses', () => {
		const { gathered } = firstScreenModules(graph(), isMailRoute, isFirstScreen);
		expect([...gathered].sort()).toEqual([
			'/folder-view.svelte',
			'/folders.ts',
			'/mailbox.ts',
			'/routes/mail/+layout.svelte',
			'/routes/mail/+page.svelte',
			'/texts/mail_inbox.js'
		]);
	});

	it('leaves out what public pages share (framework, formats, texts) and the route nodes', () => {
		const { gathered } = firstScreenModules(graph(), isMailRoute, isFirstScreen);
		for (const shared of ['/svelte.js', '/format.ts', '/texts/app_name.js', node(4), node(18)]) {
			expect(gathered.has(shared)).toBe(false);
		}
		// The letter page's own view is not on the first screen.
		expect(gathered.has('/letter-view.svelte')).toBe(false);
	});

	it('counts a module the mailbox alone imports dynamically as the mailbox, and one a public page imports as not', () => {
		const modules = graph();
		const add = (m: GraphModule) => modules.set(m.id, m);
		// The write actions: imported lazily by the mailbox only; they share the folders helper.
		add({
			id: '/actions.ts',
			isEntry: false,
			importedIds: ['/folders.ts'],
			dynamicImporters: ['/mailbox.ts']
		});
		// A lazy helper a public page also imports pulls its dependency out of the group.
		add({
			id: '/lazy-format.ts',
			isEntry: false,
			importedIds: ['/mailbox-only-then-public.ts'],
			dynamicImporters: ['/mailbox.ts', '/routes/(public)/+page.svelte']
		});
		add({ id: '/mailbox-only-then-public.ts', isEntry: false, importedIds: [], dynamicImporters: [] });
		modules.set('/mailbox.ts', {
			...modules.get('/mailbox.ts')!,
			importedIds: ['/format.ts', '/folders.ts', '/mailbox-only-then-public.ts']
		});
		const { gathered, mailbox } = firstScreenModules(modules, isMailRoute, isFirstScreen);
		expect(mailbox.has('/actions.ts')).toBe(true);
		expect(mailbox.has('/lazy-format.ts')).toBe(false);
		expect(gathered.has('/folders.ts')).toBe(true);
		expect(gathered.has('/mailbox-only-then-public.ts')).toBe(false);
	});
});

describe('messages a module uses through paraglide’s barrel', () => {
	const dir = '/app/src/lib/paraglide/messages/';
	it('are the ones it names', () => {
		const code = `import { m } from '$lib/paraglide/messages';\n$.set_text(t, m.mail_inbox());\nconst x = m.app_name() + m.mail_inbox();`;
		expect(namedMessages(code, dir)).toEqual([`${dir}mail_inbox.js`, `${dir}app_name.js`]);
	});

	it('may be any when the module renames the barrel or reads it by computed key', () => {
		expect(
			namedMessages(`import { m as t } from '$lib/paraglide/messages';\nt.mail_inbox();`, dir)
		).toBeNull();
		expect(namedMessages(`import { m } from '$lib/paraglide/messages';\nm[key]();`, dir)).toBeNull();
		expect(namedMessages(null, dir)).toBeNull();
	});
});

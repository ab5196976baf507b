/**
 * The icons help articles and the start page may name (front matter `icon`, `{{icon:name}}` in Markdown).
 * The drawings are the app's one icon set ($lib/components/icons.ts); these are the names content uses.
 */
import * as icons from '$lib/components/icons';
import type { IconDef } from '$lib/components/icons';

export const helpIcons = {
	mail: icons.envelope,
	key: icons.key,
	checklist: icons.checklist,
	devices: icons.devices,
	bell: icons.bell,
	download: icons.download,
	exemption: icons.exemption,
	phone: icons.phone,
	help: icons.help,
	share: icons.share,
	add: icons.addToScreen,
	menu: icons.menu,
	offline: icons.offline,
	search: icons.search,
	back: icons.back,
	forward: icons.forward,
	building: icons.building
} satisfies Record<string, IconDef>;

export type IconName = keyof typeof helpIcons;

export function isIconName(value: string): value is IconName {
	return Object.hasOwn(helpIcons, value);
}

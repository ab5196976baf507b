import type { Sender } from '../senders/registry';

/** The demo's senders: public authorities accept messages from citizens; private ones need an opt-in. */
export const demoSenders = {
	skat: {
		id: 'skat',
		name: 'Skattestyrelsen (SKAT)',
		kind: 'public',
		idType: 'MyndighedsID',
		acceptsMessages: true
	},
	kobenhavn: {
		id: 'koebenhavns-kommune',
		name: 'Københavns Kommune',
		kind: 'public',
		idType: 'MyndighedsID',
		acceptsMessages: true
	},
	region: {
		id: 'region-hovedstaden',
		name: 'Region Hovedstaden',
		kind: 'public',
		idType: 'MyndighedsID',
		acceptsMessages: true
	},
	udbetaling: {
		id: 'udbetaling-danmark',
		name: 'Udbetaling Danmark',
		kind: 'public',
		idType: 'MyndighedsID',
		acceptsMessages: true
	},
	bank: { id: 'fjordbank', name: 'Fjordbank A/S', kind: 'private', idType: 'CVR', acceptsMessages: false },
	insurer: {
		id: 'havtryg-forsikring',
		name: 'Havtryg Forsikring A/S',
		kind: 'private',
		idType: 'CVR',
		acceptsMessages: false
	},
	// Private and NOT opted in by the demo citizen: its deliveries to them are refused (403).
	isp: { id: 'lynfiber', name: 'Lynfiber A/S', kind: 'private', idType: 'CVR', acceptsMessages: false }
} as const satisfies Record<string, Sender>;

export type DemoSenderKey = keyof typeof demoSenders;

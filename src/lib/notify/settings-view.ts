// What the settings page's notice section gets from the server, and what its forms answer.

export type NoticeChannelName = 'email' | 'sms' | 'push';

export interface ContactView {
	/** The address as the citizen typed it, or the number as "+45 12 34 56 78". */
	address: string;
	confirmed: boolean;
	/** A link or code was sent and still works. */
	pending: boolean;
}

export interface FailureView {
	channel: NoticeChannelName;
	/** The masked address or the device's name. */
	to: string;
	/** Since when notices on this channel fail (ms). */
	since: number;
}

export interface DeviceView {
	id: string;
	name: string;
	createdAt: number;
	endpoint: string;
}

export interface NotifySettingsView {
	prefs: {
		email: boolean;
		sms: boolean;
		push: boolean;
		locale: string;
		quiet: boolean;
		quietFrom: string;
		quietTo: string;
	};
	email: ContactView | null;
	sms: ContactView | null;
	devices: DeviceView[];
	failures: FailureView[];
	vapidPublicKey: string;
}

export type NotifyForm = 'prefs' | 'email' | 'sms' | 'device';

/** What a notice form answers; the page shows it next to the form it came from. */
export interface NotifyResult {
	form: NotifyForm;
	/** saved, sent, already_confirmed, confirmed, removed */
	status?: string;
	/** The form field to fix. */
	field?: string;
	/** invalid, rate_limited, send_failed, wrong, expired, too_many, none, not_found, nothing_to_confirm */
	error?: string;
	retryAt?: number;
	left?: number;
	address?: string;
}

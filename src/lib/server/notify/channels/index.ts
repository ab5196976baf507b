// The channels this process sends through, made once from the configuration: real services when they are
// configured, "would send" log lines when not. Web push needs no service of ours, only the VAPID keys.
import type { Queryable } from '../../db/engine';
import { smsGateway, smtpUrl, vapidSubject } from '../config';
import { vapidKeys } from '../keys';
import { logEmailTransport, smtpTransport, type EmailTransport } from './email';
import { gatewayApiClient, logSmsGateway, type SmsGateway } from './sms';
import { webPushSender, type PushSender } from './push';

export interface Channels {
	email: EmailTransport;
	sms: SmsGateway;
	push: PushSender;
}

let channels: Channels | undefined;

export async function notifyChannels(q: Queryable): Promise<Channels> {
	if (!channels) {
		const keys = await vapidKeys(q);
		if (channels) return channels;
		const smtp = smtpUrl();
		const gateway = smsGateway();
		channels = {
			email: smtp ? smtpTransport(smtp) : logEmailTransport(),
			sms: gateway ? gatewayApiClient(gateway) : logSmsGateway(),
			push: webPushSender(keys, vapidSubject())
		};
	}
	return channels;
}

/** Says at start where notices go, so a missing SMTP_URL or SMS gateway is not a surprise. */
export function describeChannels(): string {
	const smtp = smtpUrl();
	const gateway = smsGateway();
	const where = (url: string) => {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}`;
	};
	return [
		`e-mail ${smtp ? `via ${where(smtp)}` : 'to the log (set SMTP_URL to send)'}`,
		`SMS ${gateway ? `via ${where(gateway.url)}` : 'to the log (set SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN to send)'}`,
		'web push to the browsers’ push services'
	].join(', ');
}

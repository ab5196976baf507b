// SMS through an HTTP gateway behind one small interface, so another provider is one more file.
// The client here speaks GatewayAPI's REST API: POST <url>/rest/mtsms with the account's API token.
import { maskPhone, msisdnDigits, type DanishMobile } from '../../../notify/contacts';
import { errorText, SEND_TIMEOUT_MS, type SendResult } from './types';

export interface SmsMessage {
	to: DanishMobile;
	text: string;
	/** Our idempotency key, sent as the provider's reference for the message. */
	reference: string;
	purpose: string;
}

export interface SmsGateway {
	readonly live: boolean;
	send(sms: SmsMessage): Promise<SendResult>;
}

// The GSM 03.38 alphabet (with its extension table): text outside it must go as UCS-2.
const gsm7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

export function needsUcs2(text: string): boolean {
	return !gsm7.test(text);
}

export function gatewayApiClient(config: { url: string; token: string; sender: string }): SmsGateway {
	const endpoint = `${config.url}/rest/mtsms`;
	return {
		live: true,
		async send(sms) {
			const body = {
				sender: config.sender,
				message: sms.text,
				recipients: [{ msisdn: Number(msisdnDigits(sms.to)) }],
				userref: sms.reference,
				...(needsUcs2(sms.text) ? { encoding: 'UCS2' } : {})
			};
			let res: Response;
			try {
				res = await fetch(endpoint, {
					method: 'POST',
					headers: { authorization: `Token ${config.token}`, 'content-type': 'application/json' },
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(SEND_TIMEOUT_MS)
				});
			} catch (error) {
				return { ok: false, error: errorText(error), retry: true };
			}
			const answer = (await res.json().catch(() => null)) as { code?: unknown; message?: unknown } | null;
			if (res.ok) return { ok: true };
			const detail = [answer?.code, answer?.message].filter((v) => typeof v === 'string').join(' ');
			const error = `gateway answered ${res.status}${detail ? `: ${detail}` : ''}`.slice(0, 300);
			// 4xx is a request the gateway will never take (bad number, no credit, bad token) — except
			// "too many" and "timeout"; 5xx is the gateway's own trouble and may pass later.
			const retry = res.status >= 500 || res.status === 429 || res.status === 408;
			return { ok: false, error, retry };
		}
	};
}

export function logSmsGateway(log: (line: string) => void = console.log): SmsGateway {
	return {
		live: false,
		async send(sms) {
			log(`notify: would send SMS to ${maskPhone(sms.to)} (${sms.purpose}); set SMS_GATEWAY_URL to send it`);
			return { ok: true };
		}
	};
}

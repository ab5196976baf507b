// E-mail through SMTP with nodemailer (SMTP_URL); without it, a "would send" line in the log.
import { createTransport, type Transporter } from 'nodemailer';
import { maskEmail } from '../../../notify/contacts';
import { errorText, SEND_TIMEOUT_MS, type SendResult } from './types';

export interface EmailMessage {
	to: string;
	from: string;
	subject: string;
	text: string;
	html: string;
	/** Our idempotency key as the Message-ID, so a repeat after a crash can be recognised by the receiver. */
	messageId: string;
	headers?: Record<string, string>;
	/** What it is, for the log line only ("notice", "confirmation link"). */
	purpose: string;
}

export interface EmailTransport {
	readonly live: boolean;
	send(mail: EmailMessage): Promise<SendResult>;
	close(): void;
}

export function smtpTransport(url: string): EmailTransport {
	const transporter: Transporter = createTransport({
		url,
		pool: true,
		maxConnections: 8,
		connectionTimeout: SEND_TIMEOUT_MS,
		greetingTimeout: SEND_TIMEOUT_MS,
		socketTimeout: SEND_TIMEOUT_MS
	});
	return {
		live: true,
		async send(mail) {
			try {
				await transporter.sendMail({
					from: mail.from,
					to: mail.to,
					subject: mail.subject,
					text: mail.text,
					html: mail.html,
					messageId: mail.messageId,
					headers: mail.headers
				});
				return { ok: true };
			} catch (error) {
				const code = (error as { responseCode?: unknown }).responseCode;
				// 5xx is the server's final no (unknown mailbox, refused); everything else may pass later.
				const permanent = typeof code === 'number' && code >= 500;
				return { ok: false, error: errorText(error), retry: !permanent };
			}
		},
		close: () => transporter.close()
	};
}

export function logEmailTransport(log: (line: string) => void = console.log): EmailTransport {
	return {
		live: false,
		async send(mail) {
			log(`notify: would send e-mail to ${maskEmail(mail.to)} (${mail.purpose}); set SMTP_URL to send it`);
			return { ok: true };
		},
		close() {}
	};
}

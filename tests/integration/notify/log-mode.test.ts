import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCitizen, deliverLetter, letterInput } from '../../fixtures/citizens';
import { notifyEnv, setUpNotices } from '../../fixtures/notify';
import { noticesOf, startNotifyServer, type NotifyServer } from './helpers';

// With no SMTP server or SMS gateway configured (as `npm start`), notices go to the log: masked, no content.

let server: NotifyServer;

beforeAll(async () => {
	server = await startNotifyServer(notifyEnv({}));
});

afterAll(async () => {
	await server?.stop();
});

it('logs "would send" lines with masked addresses and nothing of the letter', async () => {
	expect(server.output()).toContain('Notices: e-mail to the log (set SMTP_URL to send), SMS to the log');
	const citizen = await createCitizen(server.dataDir);
	await setUpNotices(server.dataDir, citizen, { email: 'freja.test@example.test', phone: '+4522334455' });
	const title = 'Afgørelse om boligstøtte';
	await deliverLetter(server.baseUrl, server.dataDir, letterInput(citizen.cpr, { label: title }));
	await expect
		.poll(() => server.output())
		.toMatch(/notify: would send SMS to \+45 \*\*\*\*4455 \(new-post notice, 1 letter\)/);
	await expect
		.poll(() => server.output())
		.toMatch(/notify: would send e-mail to f\*\*\*@example\.test \(new-post notice, 1 letter\)/);
	const log = server.output();
	for (const secret of [title, 'freja.test', '22334455', citizen.cpr, 'Du har fået', 'Skattestyrelsen'])
		expect(log).not.toContain(secret);
	await expect
		.poll(async () => (await noticesOf(server.dataDir, citizen.citizenId)).map((n) => n.status))
		.toEqual(['sent', 'sent']);
});

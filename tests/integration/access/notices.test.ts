/**
 * Notices about someone-you-trust access, through the real /access form actions of the built server to a real
 * SMTP server and SMS gateway inside the test: the owner hears that someone asked, the helper that access
 * started, changed, was refused and ended. No names, user IDs or CPR numbers in any text.
 */
import { describe, expect, it } from 'vitest';
import {
	createCitizen,
	signInHttp,
	withDatabase,
	type HttpSession,
	type TestCitizen
} from '../../fixtures/citizens';
import { setUpNotices, testEmail, testPhone, type CapturedMail } from '../../fixtures/notify';
import { accessAction, grantBetween } from '../../fixtures/access';
import { useNoticeServices } from '../notify/helpers';

const services = useNoticeServices();

interface Party {
	citizen: TestCitizen;
	session: HttpSession;
	email: string;
	phone: string;
}

async function party(name: string, locale: string): Promise<Party> {
	const citizen = await createCitizen(services.server.dataDir, { name });
	const email = testEmail();
	const phone = testPhone();
	await setUpNotices(services.server.dataDir, citizen, { locale, email, phone });
	const { session } = await signInHttp(services.server.baseUrl, citizen);
	return { citizen, session, email, phone };
}

const mailTo = (email: string, subject: string) => (m: CapturedMail) =>
	m.to.includes(email) && m.subject === subject;
const smsTo = (phone: string, start: string) => (m: { msisdn: number; message: string }) =>
	m.msisdn === Number(phone.replace(/\D/g, '')) && m.message.startsWith(start);

/** Neither person's name, user ID or CPR number appears in what was sent. */
function expectNoNames(text: string, ...people: Party[]) {
	for (const { citizen } of people) {
		expect(text).not.toContain(citizen.name);
		expect(text).not.toContain(citizen.userId);
		expect(text).not.toContain(citizen.cpr);
	}
}

function accessNotices(
	citizenId: string
): Promise<{ channel: string; access_event: string; status: string }[]> {
	return withDatabase(services.server.dataDir, (db) =>
		db.all<{ channel: string; access_event: string; status: string }>(
			`SELECT channel, access_event, status FROM notices WHERE citizen_id = $1 AND kind = 'access'
				 ORDER BY created_at, channel`,
			[citizenId]
		)
	);
}

describe('notices about access', () => {
	it('tell the owner of a request and the helper of the start, a change and the end, in their own language', async () => {
		const owner = await party('Karen Notisen Hansen', 'da');
		const helper = await party('Jens Hjælpersen', 'en');

		const asked = await accessAction(helper.session, 'request', {
			userId: owner.citizen.userId,
			name: owner.citizen.name,
			level: 'read',
			endsOn: ''
		});
		expect(asked.type).toBe('success');
		const request = await services.smtp.mails.waitFor(
			mailTo(owner.email, 'Nogen beder om adgang til din post')
		);
		expect(request.text).toContain('Åbn Postkasse for at sige ja eller nej.');
		expect(request.text).toContain(`${services.server.baseUrl}/access`);
		expect(request.html).toMatch(/<html lang="da" dir="ltr">/);
		expectNoNames(request.raw, owner, helper);
		const requestSms = await services.sms.messages.waitFor(smsTo(owner.phone, 'Nogen beder om adgang'));
		expectNoNames(requestSms.message, owner, helper);

		const grant = await grantBetween(services.server.dataDir, owner.citizen, helper.citizen);
		expect((await accessAction(owner.session, 'approve', { grant: grant.id })).type).toBe('success');
		const started = await services.smtp.mails.waitFor(
			mailTo(helper.email, 'You now have access to another person’s post')
		);
		expect(started.text).toContain('You can only read.');
		expect(started.text).toContain(`${services.server.baseUrl}/en/access`);
		expectNoNames(started.raw, owner, helper);
		const startedSms = await services.sms.messages.waitFor(smsTo(helper.phone, 'You now have access'));
		expect(startedSms.message).toContain('You can only read.');
		expectNoNames(startedSms.message, owner, helper);

		expect((await accessAction(owner.session, 'level', { grant: grant.id, level: 'read_write' })).type).toBe(
			'success'
		);
		const changed = await services.smtp.mails.waitFor(
			mailTo(helper.email, 'Your access to another person’s post has changed')
		);
		expect(changed.text).toContain('You can read and write.');

		expect((await accessAction(owner.session, 'end', { grant: grant.id })).type).toBe('success');
		const ended = await services.smtp.mails.waitFor(
			mailTo(helper.email, 'Your access to another person’s post has ended')
		);
		expect(ended.text).toContain('You can no longer see that post.');
		expectNoNames(ended.raw, owner, helper);

		// One notice per event and channel, each sent; the owner got only the request.
		await expect
			.poll(
				async () => (await accessNotices(helper.citizen.citizenId)).filter((n) => n.status === 'sent').length
			)
			.toBe(6);
		expect(
			(await accessNotices(helper.citizen.citizenId)).map((n) => `${n.access_event}:${n.channel}`)
		).toEqual(['started:email', 'started:sms', 'changed:email', 'changed:sms', 'ended:email', 'ended:sms']);
		expect((await accessNotices(owner.citizen.citizenId)).map((n) => n.access_event)).toEqual([
			'requested',
			'requested'
		]);
	});

	it('tell the helper of a no and of access given directly; a refused form queues nothing', async () => {
		const owner = await party('Birthe Ejer', 'da');
		const helper = await party('Ali Hjælper', 'ar');

		// A request naming the owner wrongly is refused before anything is written: no notice.
		const wrong = await accessAction(helper.session, 'request', {
			userId: owner.citizen.userId,
			name: 'Someone Else',
			level: 'read',
			endsOn: ''
		});
		expect(wrong.type).toBe('failure');
		expect(await accessNotices(owner.citizen.citizenId)).toEqual([]);

		await accessAction(helper.session, 'request', {
			userId: owner.citizen.userId,
			name: owner.citizen.name,
			level: 'read_write',
			endsOn: ''
		});
		const grant = await grantBetween(services.server.dataDir, owner.citizen, helper.citizen);
		expect((await accessAction(owner.session, 'refuse', { grant: grant.id })).type).toBe('success');
		const refused = await services.smtp.mails.waitFor(mailTo(helper.email, 'رُفض طلبك للوصول'));
		expect(refused.html).toMatch(/<html lang="ar" dir="rtl">/);
		expect(refused.text).toContain(`${services.server.baseUrl}/ar/access`);
		expectNoNames(refused.raw, owner, helper);

		const given = await accessAction(owner.session, 'grant', {
			userId: helper.citizen.userId,
			name: helper.citizen.name,
			level: 'read',
			endsOn: ''
		});
		expect(given.type).toBe('success');
		const started = await services.smtp.mails.waitFor(
			mailTo(helper.email, 'لديك الآن وصول إلى بريد شخص آخر')
		);
		expect(started.text).toContain('يمكنك القراءة فقط.');

		// The helper ending their own access tells no one by notice (the owner's history has it).
		const active = await grantBetween(services.server.dataDir, owner.citizen, helper.citizen);
		expect((await accessAction(helper.session, 'leave', { grant: active.id })).type).toBe('success');
		expect((await accessNotices(helper.citizen.citizenId)).map((n) => n.access_event)).toEqual([
			'refused',
			'refused',
			'started',
			'started'
		]);
	});
});

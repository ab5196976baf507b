import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection';
import { nextSeq, write } from '../db/connection';
import { DAY, HOUR, MINUTE } from '../config';
import { deliverMessageInput, type Action, type DeliverMessageInput } from '../../schemas/letter';
import type { OutgoingDoc } from '../../schemas/outgoing';
import type { FolderDoc } from '../../schemas/folder';
import { senderById, type Sender } from '../senders/registry';
import { deliverMessage, prepareDocuments } from '../mail/deliver';
import { outgoingHandler } from '../sync/outgoing';
import { foldersHandler } from '../sync/folders';
import { demoSenders, type DemoSenderKey } from './senders';
import { letterPdf } from './pdf';
import { heartMark, streetMap, wasteCalendar } from './png';
import { DEMO_CPR } from './cpr';

type Lang = 'da' | 'en';

interface FileSpec {
	type: 'application/pdf' | 'image/png' | 'text/plain' | 'text/html';
	name: string;
	bytes: Uint8Array | string;
	lang?: Lang;
}

interface LetterSpec {
	from: DemoSenderKey;
	/** How long ago it arrived. */
	ago: number;
	lang: Lang;
	title: string;
	notification: string;
	/** HTML body of the main document (sanitized on delivery like any other). */
	html?: string;
	text?: string;
	attachments?: { label: string; files: FileSpec[]; actions?: Action[] }[];
	actions?: Action[];
	reply?: boolean;
	replyBy?: Date;
	legal?: boolean;
	mandatory?: boolean;
	caseId?: string;
	replyTo?: string;
	state?: { read?: boolean; folder?: string; trashedAgo?: number };
}

const b64 = (data: Uint8Array | string) => Buffer.from(data).toString('base64');
const iso = (d: Date) => d.toISOString();

function letterHtml(lang: Lang, ...paragraphs: string[]): string {
	const greeting = lang === 'da' ? 'Kære Freja Nielsen' : 'Dear Freja Nielsen';
	return [`<p>${greeting}</p>`, ...paragraphs.map((p) => (p.startsWith('<') ? p : `<p>${p}</p>`))].join('\n');
}

function reservation(
	abstract: string,
	start: Date,
	minutes: number,
	location: string,
	organizer: string,
	description = ''
) {
	return {
		uid: randomUUID(),
		abstract,
		description,
		location,
		start: iso(start),
		end: iso(new Date(start.getTime() + minutes * MINUTE)),
		organizerName: organizer
	};
}

/** A day `days` from now at a given Copenhagen-ish local hour (UTC+1 in winter is close enough for a demo). */
function at(now: number, days: number, hour: number, minute = 0): Date {
	const d = new Date(now + days * DAY);
	d.setUTCHours(hour - 1, minute, 0, 0);
	return d;
}

async function pdf(
	sender: DemoSenderKey,
	title: string,
	lang: Lang,
	date: Date,
	paragraphs: string[],
	table?: [string, string][]
) {
	return letterPdf({ sender: demoSenders[sender].name, title, lang, date, paragraphs, table });
}

/** The demo citizen's letters: a realistic mix of public and private post over the last months. */
async function letterSpecs(
	now: number,
	threads: { parkingReply: string; taxReply: string }
): Promise<LetterSpec[]> {
	const received = (ago: number) => new Date(now - ago);
	const inlineMark = `data:image/png;base64,${b64(heartMark())}`;
	return [
		{
			from: 'skat',
			ago: 40 * DAY,
			lang: 'da',
			title: 'Din årsopgørelse for 2025 er klar',
			notification: 'Din årsopgørelse er klar til dig.',
			html: letterHtml(
				'da',
				'Din årsopgørelse for 2025 er nu klar. Den viser, hvad du har tjent, og hvor meget skat du har betalt.',
				'<p><strong>Resultat: Du får 2.314 kr. tilbage.</strong> Pengene kommer ind på din NemKonto inden for 3 uger.</p>',
				'Se årsopgørelsen igennem. Er noget forkert, kan du rette det på skat.dk.',
				'Med venlig hilsen<br>Skattestyrelsen'
			),
			attachments: [
				{
					label: 'Årsopgørelse 2025',
					files: [
						{
							type: 'application/pdf',
							name: 'Årsopgørelse 2025.pdf',
							lang: 'da',
							bytes: await pdf(
								'skat',
								'Årsopgørelse 2025',
								'da',
								received(40 * DAY),
								['Denne opgørelse viser din indkomst og skat for indkomståret 2025.'],
								[
									['Personlig indkomst', '412.800 kr.'],
									['Arbejdsmarkedsbidrag', '33.024 kr.'],
									['Beregnet skat', '98.530 kr.'],
									['Betalt i forskud', '100.844 kr.'],
									['Til udbetaling', '2.314 kr.']
								]
							)
						}
					]
				}
			],
			actions: [
				{ label: 'Se årsopgørelsen på skat.dk', actionCode: 'SELVBETJENING', url: 'https://skat.dk' }
			],
			state: { read: true, folder: 'tax' }
		},
		{
			from: 'skat',
			ago: 6 * DAY,
			lang: 'da',
			title: 'Du skal betale restskat',
			notification: 'Betal din restskat senest om 3 dage.',
			html: letterHtml(
				'da',
				'Du har betalt for lidt i skat i 2025. Du skal derfor betale <strong>1.870 kr.</strong> i restskat.',
				`Betal senest den ${new Intl.DateTimeFormat('da-DK', { dateStyle: 'long' }).format(at(now, 3, 12))}. Betaler du for sent, skal du betale renter.`,
				'Med venlig hilsen<br>Skattestyrelsen'
			),
			attachments: [
				{
					label: 'Betalingsoplysninger',
					files: [
						{
							type: 'application/pdf',
							name: 'Betalingsoplysninger.pdf',
							lang: 'da',
							bytes: await pdf(
								'skat',
								'Betalingsoplysninger – restskat 2025',
								'da',
								received(6 * DAY),
								['Brug oplysningerne her, hvis du betaler fra din netbank.'],
								[
									['Beløb', '1.870,00 kr.'],
									['Kortart', '+71'],
									['Betalings-id', '000004821937465'],
									['Kreditornummer', '81230426']
								]
							)
						}
					]
				}
			],
			actions: [
				{
					label: 'Betal restskat',
					actionCode: 'BETALING',
					url: 'https://skat.dk',
					endDateTime: iso(at(now, 3, 23, 59))
				}
			],
			mandatory: true,
			caseId: 'SKAT-RS-2025-55102'
		},
		{
			from: 'skat',
			ago: 60 * DAY,
			lang: 'en',
			title: 'Your preliminary income assessment for 2026',
			notification: 'Your preliminary income assessment is ready.',
			html: letterHtml(
				'en',
				'Your preliminary income assessment (forskudsopgørelse) for 2026 is ready. It is our estimate of your income, deductions and tax for the year.',
				'Please check it. If your income changes, update the assessment so you pay the right amount of tax each month.',
				'Kind regards<br>The Danish Tax Agency'
			),
			actions: [
				{ label: 'Check your assessment on skat.dk', actionCode: 'SELVBETJENING', url: 'https://skat.dk' }
			],
			state: { read: true, folder: 'archive' }
		},
		{
			from: 'skat',
			ago: 3 * DAY,
			lang: 'da',
			title: 'Afgørelse om fradrag for befordring',
			notification: 'Vi har truffet en afgørelse i din sag.',
			html: letterHtml(
				'da',
				'Vi har behandlet din sag om fradrag for befordring (kørsel mellem hjem og arbejde) for 2025.',
				'<p><strong>Afgørelse:</strong> Du får fradrag for 164 af de 210 dage, du har oplyst. Begrundelsen står i det vedhæftede brev.</p>',
				'Er du uenig, kan du klage. Du kan også svare på dette brev, hvis du har nye oplysninger.',
				'Med venlig hilsen<br>Skattestyrelsen'
			),
			attachments: [
				{
					label: 'Afgørelse',
					files: [
						{
							type: 'application/pdf',
							name: 'Afgørelse om befordringsfradrag.pdf',
							lang: 'da',
							bytes: await pdf('skat', 'Afgørelse om fradrag for befordring 2025', 'da', received(3 * DAY), [
								'Du har oplyst 210 arbejdsdage med kørsel. Efter oplysninger fra din arbejdsgiver har du haft hjemmearbejde i 46 af dagene.',
								'Vi godkender derfor fradrag for 164 dage. Din skat for 2025 bliver ændret med 1.052 kr.',
								'Klagevejledning: Du kan klage til Skatteankestyrelsen inden 3 måneder. Se skat.dk/klage.'
							])
						}
					]
				}
			],
			reply: true,
			replyBy: at(now, 21, 12),
			legal: true,
			caseId: 'SKAT-2026-118842'
		},
		{
			from: 'skat',
			ago: 20 * DAY,
			lang: 'da',
			title: 'Spørgsmål til din forskudsopgørelse',
			notification: 'Vi har et spørgsmål til dig.',
			html: letterHtml(
				'da',
				'Du har oplyst et fradrag for renteudgifter på 38.000 kr. Det er mere end sidste år.',
				'Vil du bekræfte beløbet? Du kan svare direkte på dette brev.',
				'Med venlig hilsen<br>Skattestyrelsen'
			),
			reply: true,
			replyBy: new Date(now - 10 * DAY),
			caseId: 'SKAT-FO-2026-7710',
			state: { read: true, folder: 'tax' }
		},
		{
			from: 'skat',
			ago: 15 * DAY,
			lang: 'da',
			title: 'Svar på din henvendelse om renteudgifter',
			notification: 'Vi har svaret på din besked.',
			html: letterHtml(
				'da',
				'Tak for dit svar. Vi har nu rettet din forskudsopgørelse, så renteudgifterne er 38.000 kr.',
				'Du behøver ikke gøre mere.',
				'Med venlig hilsen<br>Skattestyrelsen'
			),
			replyTo: threads.taxReply,
			caseId: 'SKAT-FO-2026-7710',
			state: { read: true, folder: 'tax' }
		},
		{
			from: 'kobenhavn',
			ago: 2 * DAY,
			lang: 'da',
			title: 'Indkaldelse til samtale i Jobcenter København',
			notification: 'Du er indkaldt til en samtale.',
			html: letterHtml(
				'da',
				`Du er indkaldt til en samtale med din sagsbehandler ${new Intl.DateTimeFormat('da-DK', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Copenhagen' }).format(at(now, 5, 10))}.`,
				'<p><strong>Sted:</strong> Jobcenter København, Gyldenløvesgade 15, 1600 København V.</p>',
				'Du skal møde op. Kan du ikke komme, skal du give besked senest 2 dage før. Du kan svare på dette brev.',
				'Med venlig hilsen<br>Jobcenter København'
			),
			actions: [
				{
					label: 'Tilføj mødet til din kalender',
					actionCode: 'AFTALE',
					startDateTime: iso(at(now, 5, 10)),
					endDateTime: iso(at(now, 5, 10, 45)),
					reservation: reservation(
						'Samtale i Jobcenter København',
						at(now, 5, 10),
						45,
						'Gyldenløvesgade 15, 1600 København V',
						'Jobcenter København',
						'Medbring dit CV.'
					)
				}
			],
			reply: true,
			replyBy: at(now, 3, 12),
			mandatory: true,
			caseId: 'JC-2026-40418'
		},
		{
			from: 'kobenhavn',
			ago: 30 * DAY,
			lang: 'da',
			title: 'Din tømmeplan for affald i 2026',
			notification: 'Se, hvornår vi henter dit affald.',
			html: letterHtml(
				'da',
				'Her er din tømmeplan for 2026. Billedet viser, hvornår vi henter hver type affald:',
				'<ul><li><strong>Grøn:</strong> madaffald – hver uge</li><li><strong>Grå:</strong> restaffald – hver 2. uge</li><li><strong>Blå:</strong> papir – hver 4. uge</li><li><strong>Orange:</strong> plast og metal – hver 4. uge</li></ul>',
				'Stil spandene ud senest kl. 6 om morgenen.',
				'Med venlig hilsen<br>Københavns Kommune, Affald og Genbrug'
			),
			attachments: [
				{
					label: 'Tømmeplan (billede)',
					files: [{ type: 'image/png', name: 'Tømmeplan 2026.png', bytes: wasteCalendar() }]
				}
			],
			actions: [{ label: 'Se tømmeplanen på kk.dk', actionCode: 'INFORMATION', url: 'https://www.kk.dk' }],
			state: { read: true }
		},
		{
			from: 'kobenhavn',
			ago: 10 * DAY,
			lang: 'da',
			title: 'Svar: Din ansøgning om beboerparkering',
			notification: 'Vi har svaret på din ansøgning.',
			html: letterHtml(
				'da',
				'Tak for din ansøgning om en beboerlicens til parkering i zone Indre By.',
				'<p><strong>Du har fået licensen.</strong> Den gælder fra den dag, du har betalt.</p>',
				'Prisen er 1.500 kr. for et år. Du kan betale med knappen nedenfor.',
				'Med venlig hilsen<br>Københavns Kommune, Parkering'
			),
			actions: [{ label: 'Betal beboerlicens', actionCode: 'BETALING', url: 'https://www.kk.dk' }],
			replyTo: threads.parkingReply,
			caseId: 'PARK-2026-99812',
			state: { read: true }
		},
		{
			from: 'kobenhavn',
			ago: 1 * DAY,
			lang: 'en',
			title: 'Your passport is ready for collection',
			notification: 'Your new passport is ready.',
			html: letterHtml(
				'en',
				'Your new passport is ready. We have booked a time for you to collect it at Citizen Service (Borgerservice).',
				'Bring your old passport or another photo ID. If the time does not suit you, you can book a new one on kk.dk.',
				'Kind regards<br>City of Copenhagen, Citizen Service'
			),
			actions: [
				{
					label: 'Add the appointment to your calendar',
					actionCode: 'AFTALE',
					reservation: reservation(
						'Collect passport at Borgerservice',
						at(now, 8, 14, 30),
						15,
						'Borgerservice, Nyropsgade 1, 1602 København V',
						'Borgerservice København'
					)
				},
				{ label: 'Book another time', actionCode: 'SELVBETJENING', url: 'https://www.kk.dk' }
			]
		},
		{
			from: 'kobenhavn',
			ago: 35 * DAY,
			lang: 'en',
			title: 'Decision on your application for a free place in after-school care',
			notification: 'We have made a decision on your application.',
			html: letterHtml(
				'en',
				'We have processed your application for a reduced fee (friplads) in after-school care.',
				'<p><strong>Decision:</strong> You are granted a 50% reduction from next month.</p>',
				'If you disagree, you could reply to this letter within 4 weeks. That deadline has now passed, but you can still contact us.',
				'Kind regards<br>City of Copenhagen, Children and Youth'
			),
			reply: true,
			replyBy: new Date(now - 4 * DAY),
			legal: true,
			caseId: 'BUF-2026-31007',
			state: { read: true }
		},
		{
			from: 'kobenhavn',
			ago: 14 * DAY,
			lang: 'da',
			title: 'Varsel om vejarbejde på din vej',
			notification: 'Der kommer vejarbejde på din vej.',
			text: 'Kære beboer\n\nFra mandag i næste uge lægger vi ny asfalt på din vej. Arbejdet tager cirka 2 uger.\n\nDu kan ikke parkere på vejen i den periode. Kortet viser, hvor du kan parkere i stedet.\n\nMed venlig hilsen\nKøbenhavns Kommune, Teknik- og Miljøforvaltningen',
			attachments: [
				{
					label: 'Kort',
					files: [{ type: 'image/png', name: 'Kort over vejarbejdet.png', bytes: streetMap() }]
				}
			],
			state: { read: true }
		},
		{
			from: 'kobenhavn',
			ago: 9 * DAY,
			lang: 'da',
			title: 'Husk at aflevere dine lånte bøger',
			notification: 'Dine lån skulle være afleveret.',
			html: letterHtml(
				'da',
				'Du har 2 bøger, som skulle have været afleveret. Aflever dem på et af Københavns Biblioteker, eller forny lånet.',
				'Afleverer du for sent, skal du betale et gebyr.',
				'Med venlig hilsen<br>Københavns Biblioteker'
			),
			actions: [
				{
					label: 'Forny dine lån',
					actionCode: 'SELVBETJENING',
					url: 'https://bibliotek.kk.dk',
					endDateTime: iso(new Date(now - 2 * DAY))
				}
			]
		},
		{
			from: 'region',
			ago: 4 * DAY,
			lang: 'da',
			title: 'Indkaldelse til undersøgelse på Rigshospitalet',
			notification: 'Du har fået en tid på hospitalet.',
			html: letterHtml(
				'da',
				'Du er henvist til en undersøgelse af dit knæ. Vi har givet dig en tid på Rigshospitalet.',
				`<p><strong>Tid:</strong> ${new Intl.DateTimeFormat('da-DK', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Copenhagen' }).format(at(now, 12, 8, 30))}<br><strong>Sted:</strong> Ortopædkirurgisk Klinik, opgang 6, Blegdamsvej 9.</p>`,
				'Læs vejledningen om, hvordan du forbereder dig. Du må gerne spise og drikke som normalt.',
				'Med venlig hilsen<br>Rigshospitalet'
			),
			attachments: [
				{
					label: 'Sådan forbereder du dig',
					files: [
						{
							type: 'application/pdf',
							name: 'Forberedelse til undersøgelse.pdf',
							lang: 'da',
							bytes: await pdf(
								'region',
								'Sådan forbereder du dig til undersøgelsen',
								'da',
								received(4 * DAY),
								[
									'Tag løst tøj på, så lægen kan se dit knæ.',
									'Tag en liste over den medicin, du tager, med.',
									'Kom 15 minutter før tiden og tag et nummer i indgangen.'
								]
							)
						}
					]
				}
			],
			actions: [
				{
					label: 'Tilføj tiden til din kalender',
					actionCode: 'AFTALE',
					reservation: reservation(
						'Undersøgelse på Rigshospitalet',
						at(now, 12, 8, 30),
						60,
						'Rigshospitalet, Blegdamsvej 9, opgang 6, 2100 København Ø',
						'Rigshospitalet'
					)
				},
				{ label: 'Se kort over hospitalet', actionCode: 'FORBEREDELSE', url: 'https://www.rigshospitalet.dk' }
			],
			reply: true,
			replyBy: at(now, 10, 12),
			caseId: 'RH-ORT-2026-2231'
		},
		{
			from: 'region',
			ago: 20 * DAY,
			lang: 'en',
			title: 'Your vaccination appointment',
			notification: 'Reminder about your vaccination.',
			html: letterHtml(
				'en',
				'You are offered a vaccination against influenza. We have booked a time for you.',
				'If you cannot come, please cancel so another person can have the time.',
				'Kind regards<br>Capital Region of Denmark'
			),
			actions: [
				{
					label: 'Add to calendar',
					actionCode: 'AFTALE',
					reservation: reservation(
						'Influenza vaccination',
						at(now, -3, 15),
						15,
						'Vaccination centre, Bella Center, Center Boulevard 5',
						'Region Hovedstaden'
					)
				}
			],
			state: { read: true, folder: 'archive' }
		},
		{
			from: 'region',
			ago: 1 * DAY + 5 * HOUR,
			lang: 'da',
			title: 'Bekræft din tid til scanning',
			notification: 'Bekræft din tid senest i morgen.',
			html: letterHtml(
				'da',
				'Du har fået en tid til en MR-scanning. Bekræft venligst, at du kan komme.',
				'Bekræfter du ikke senest i morgen, giver vi tiden til en anden.',
				'Med venlig hilsen<br>Region Hovedstaden, Radiologisk Afdeling'
			),
			actions: [
				{
					label: 'Bekræft tiden',
					actionCode: 'BEKRAEFT',
					url: 'https://www.regionh.dk',
					endDateTime: iso(at(now, 1, 23, 59))
				}
			]
		},
		{
			from: 'region',
			ago: 50 * DAY,
			lang: 'da',
			title: 'Sådan får du svar på dine prøver',
			notification: 'Ny vejledning om prøvesvar.',
			html: letterHtml(
				'da',
				`<p><img src="${inlineMark}" alt="Region Hovedstadens hjertemærke" width="48" height="48"></p>`,
				'Du kan nu se svar på dine blodprøver på sundhed.dk. Svaret kommer normalt 3 til 5 dage efter prøven.',
				'<p>Sådan gør du:</p><ol><li>Gå ind på sundhed.dk</li><li>Log på</li><li>Vælg <em>Laboratoriesvar</em></li></ol>',
				'Med venlig hilsen<br>Region Hovedstaden'
			),
			actions: [{ label: 'Gå til sundhed.dk', actionCode: 'INFORMATION', url: 'https://www.sundhed.dk' }],
			state: { read: true, folder: 'archive' }
		},
		{
			from: 'udbetaling',
			ago: 25 * DAY,
			lang: 'da',
			title: 'Afgørelse om boligstøtte',
			notification: 'Vi har truffet afgørelse om din boligstøtte.',
			html: letterHtml(
				'da',
				'Du får boligstøtte på <strong>1.245 kr. om måneden</strong> fra næste måned.',
				'Du skal give os besked, hvis din indkomst, husleje eller husstand ændrer sig.',
				'Med venlig hilsen<br>Udbetaling Danmark'
			),
			attachments: [
				{
					label: 'Afgørelse',
					files: [
						{
							type: 'application/pdf',
							name: 'Afgørelse om boligstøtte.pdf',
							lang: 'da',
							bytes: await pdf(
								'udbetaling',
								'Afgørelse om boligstøtte',
								'da',
								received(25 * DAY),
								[
									'Vi har beregnet din boligstøtte ud fra din husleje, din indkomst og antal personer i husstanden.',
									'Klagevejledning: Du kan klage over afgørelsen inden 4 uger.'
								],
								[
									['Husleje pr. måned', '7.850 kr.'],
									['Husstandsindkomst pr. år', '287.000 kr.'],
									['Boligstøtte pr. måned', '1.245 kr.']
								]
							)
						}
					]
				}
			],
			legal: true,
			caseId: 'UDK-BS-2026-884120',
			state: { read: true }
		},
		{
			from: 'udbetaling',
			ago: 70 * DAY,
			lang: 'da',
			title: 'Husk at fortælle os om ændringer',
			notification: 'Fortæl os, hvis noget ændrer sig.',
			html: letterHtml(
				'da',
				'Får du boligstøtte eller andre ydelser, skal du fortælle os, når noget ændrer sig. Det kan være flytning, ny indkomst eller nye personer i husstanden.',
				'Med venlig hilsen<br>Udbetaling Danmark'
			),
			actions: [{ label: 'Meld en ændring', actionCode: 'SELVBETJENING', url: 'https://www.borger.dk' }],
			state: { read: true, folder: 'trash', trashedAgo: 5 * DAY }
		},
		{
			from: 'udbetaling',
			ago: 45 * DAY,
			lang: 'en',
			title: 'Information about child benefit payments',
			notification: 'When your child benefit is paid.',
			html: letterHtml(
				'en',
				'Child benefit (børne- og ungeydelse) is paid four times a year: in January, April, July and October.',
				'The money goes to your NemKonto. You do not need to apply again.',
				'Kind regards<br>Udbetaling Danmark'
			),
			state: { read: true }
		},
		{
			from: 'bank',
			ago: 24 * DAY,
			lang: 'da',
			title: 'Din kontoudskrift for oktober',
			notification: 'Din kontoudskrift er klar.',
			html: letterHtml('da', 'Din kontoudskrift for oktober er vedhæftet.', 'Med venlig hilsen<br>Fjordbank'),
			attachments: [
				{
					label: 'Kontoudskrift',
					files: [
						{
							type: 'application/pdf',
							name: 'Kontoudskrift oktober.pdf',
							lang: 'da',
							bytes: await pdf(
								'bank',
								'Kontoudskrift – Lønkonto 5290-0012345678',
								'da',
								received(24 * DAY),
								['Oversigt over bevægelser i perioden 1. til 31. oktober.'],
								[
									['Primo saldo', '12.480,15 kr.'],
									['Løn', '+24.310,00 kr.'],
									['Husleje', '-7.850,00 kr.'],
									['Dagligvarer', '-4.118,40 kr.'],
									['Ultimo saldo', '24.821,75 kr.']
								]
							)
						}
					]
				}
			],
			state: { read: true, folder: 'archive' }
		},
		{
			from: 'bank',
			ago: 5 * DAY,
			lang: 'da',
			title: 'Nye vilkår for dit betalingskort',
			notification: 'Underskriv de nye vilkår.',
			html: letterHtml(
				'da',
				'Vi opdaterer vilkårene for dit betalingskort. De vigtigste ændringer er en ny grænse for kontaktløs betaling og nye gebyrer i udlandet.',
				'Underskriv de nye vilkår digitalt, så du kan blive ved med at bruge dit kort.',
				'Med venlig hilsen<br>Fjordbank'
			),
			actions: [
				{
					label: 'Læs og underskriv',
					actionCode: 'UNDERSKRIV',
					url: 'https://fjordbank.example',
					endDateTime: iso(at(now, 10, 23, 59))
				}
			]
		},
		{
			from: 'insurer',
			ago: 8 * DAY,
			lang: 'en',
			title: 'Your home insurance renewal',
			notification: 'Your home insurance renews soon.',
			html: letterHtml(
				'en',
				'Your home insurance renews next month. Your policy and the new price are attached.',
				'Pay before the due date to stay insured.',
				'Kind regards<br>Havtryg Insurance'
			),
			attachments: [
				{
					label: 'Policy',
					files: [
						{
							type: 'application/pdf',
							name: 'Home insurance policy.pdf',
							lang: 'en',
							bytes: await pdf(
								'insurer',
								'Home insurance – policy 88-410-2291',
								'en',
								received(8 * DAY),
								['This policy covers your contents against fire, water damage and theft.'],
								[
									['Sum insured', 'DKK 650,000'],
									['Excess', 'DKK 2,500'],
									['Annual premium', 'DKK 2,184']
								]
							)
						}
					]
				}
			],
			actions: [
				{
					label: 'Pay your premium',
					actionCode: 'BETALING',
					url: 'https://havtryg.example',
					endDateTime: iso(at(now, 6, 23, 59))
				}
			]
		},
		{
			from: 'insurer',
			ago: 16 * DAY,
			lang: 'da',
			title: 'Vi har modtaget din skadeanmeldelse',
			notification: 'Vi har fået din anmeldelse.',
			html: letterHtml(
				'da',
				'Tak for din anmeldelse af vandskaden i dit badeværelse. Vi behandler den inden for 10 arbejdsdage.',
				'Har du billeder af skaden, kan du sende dem som svar på dette brev.',
				'Med venlig hilsen<br>Havtryg Forsikring'
			),
			reply: true,
			caseId: 'HT-SKADE-2026-1184',
			state: { read: true }
		},
		{
			from: 'skat',
			ago: 3 * HOUR,
			lang: 'da',
			title: 'Kvittering for ændret forskudsopgørelse',
			notification: 'Vi har modtaget din ændring.',
			html: letterHtml(
				'da',
				'Vi har modtaget din ændring af forskudsopgørelsen for 2026. Dit nye skattekort bliver sendt til din arbejdsgiver.',
				'Med venlig hilsen<br>Skattestyrelsen'
			)
		}
	];
}

function toInput(spec: LetterSpec, now: number): DeliverMessageInput {
	const receivedAt = now - spec.ago;
	const main = spec.html
		? { type: 'text/html' as const, name: 'brev.html', bytes: spec.html, lang: spec.lang }
		: { type: 'text/plain' as const, name: 'brev.txt', bytes: spec.text ?? '', lang: spec.lang };
	const file = (f: FileSpec) => ({
		encodingFormat: f.type,
		filename: f.name,
		language: f.lang,
		content: b64(f.bytes)
	});
	return deliverMessageInput.parse({
		messageUUID: randomUUID(),
		label: spec.title,
		notification: spec.notification,
		createdDateTime: iso(new Date(receivedAt - 7 * MINUTE)),
		reply: spec.reply ?? false,
		replyByDateTime: spec.replyBy ? iso(spec.replyBy) : undefined,
		mandatory: spec.mandatory ?? false,
		legalNotification: spec.legal ?? false,
		recipient: { idType: 'CPR', recipientID: DEMO_CPR },
		caseID: spec.caseId,
		replyTo: spec.replyTo,
		mainDocument: { label: spec.title, files: [file(main)], actions: spec.actions ?? [] },
		additionalDocuments: (spec.attachments ?? []).map((a) => ({
			label: a.label,
			files: a.files.map(file),
			actions: a.actions ?? []
		}))
	});
}

function sender(key: DemoSenderKey, db: Db): Sender {
	const found = senderById(db, demoSenders[key].id);
	if (!found) throw new Error(`demo sender ${key} missing`);
	return found;
}

async function deliver(db: Db, mailboxId: string, spec: LetterSpec, now: number): Promise<string> {
	const input = toInput(spec, now);
	const prepared = await prepareDocuments(input);
	if (!prepared.ok) throw new Error(`demo letter "${spec.title}": ${prepared.message}`);
	const answer = deliverMessage(db, sender(spec.from, db), input, prepared.documents, now - spec.ago);
	if (answer.status !== 201) throw new Error(`demo letter "${spec.title}" answered ${answer.status}`);
	const letterId = answer.body.letterId as string;
	if (spec.state) {
		const { read = false, folder = 'inbox', trashedAgo } = spec.state;
		const changedAt = now - spec.ago + HOUR;
		const trashedAt = trashedAgo !== undefined ? now - trashedAgo : null;
		write(db, () =>
			db
				.prepare(
					`UPDATE letters SET read = ?, folder = ?, trashed_at = ?, trashed_server_at = ?, changed_read = ?,
					 changed_folder = ?, seq = ? WHERE id = ?`
				)
				.run(
					read ? 1 : 0,
					folder,
					trashedAt,
					trashedAt,
					changedAt,
					changedAt,
					nextSeq(db, mailboxId),
					letterId
				)
		);
	}
	return letterId;
}

function sendOutgoing(
	db: Db,
	mailboxId: string,
	doc: Omit<OutgoingDoc, 'serverSeq' | 'status' | 'failure' | 'sentAt' | '_deleted'>,
	at: number
) {
	const full: OutgoingDoc = {
		...doc,
		serverSeq: 0,
		status: 'waiting',
		failure: null,
		sentAt: null,
		_deleted: false
	};
	write(db, () =>
		outgoingHandler.push(db, mailboxId, [{ assumedMasterState: null, newDocumentState: full }], at)
	);
}

/** Seeds the demo citizen's mailbox: a folder, ~25 letters and two reply threads. */
export async function seedDemoLetters(db: Db, mailboxId: string, now: number): Promise<void> {
	const taxFolder: FolderDoc = {
		id: randomUUID(),
		serverSeq: 0,
		name: 'Skat og økonomi',
		createdAt: now - 90 * DAY,
		changedAt: { name: now - 90 * DAY },
		_deleted: false
	};
	write(db, () =>
		foldersHandler.push(db, mailboxId, [{ assumedMasterState: null, newDocumentState: taxFolder }], now)
	);

	const threads = { parkingReply: randomUUID(), taxReply: randomUUID() };
	const specs = (await letterSpecs(now, threads)).map((s) =>
		s.state?.folder === 'tax' ? { ...s, state: { ...s.state, folder: taxFolder.id } } : s
	);
	// Oldest first, so sequence numbers follow arrival; the outgoing messages slot in where they were sent.
	const events = [
		...specs.map((spec) => ({ ago: spec.ago, run: () => deliver(db, mailboxId, spec, now) })),
		{
			ago: 12 * DAY,
			run: async () =>
				sendOutgoing(
					db,
					mailboxId,
					{
						id: threads.parkingReply,
						recipientId: demoSenders.kobenhavn.id,
						recipientName: demoSenders.kobenhavn.name,
						inReplyTo: null,
						title: 'Ansøgning om beboerparkering',
						body: 'Hej. Jeg er flyttet til Indre By og vil gerne søge om en beboerlicens til min bil (registreringsnummer AB 12 345). Venlig hilsen Freja Nielsen',
						createdAt: now - 12 * DAY
					},
					now - 12 * DAY
				)
		},
		{
			ago: 18 * DAY,
			run: async () => {
				const question = db
					.prepare(
						"SELECT id FROM letters WHERE mailbox_id = ? AND title = 'Spørgsmål til din forskudsopgørelse'"
					)
					.pluck()
					.get(mailboxId) as string;
				sendOutgoing(
					db,
					mailboxId,
					{
						id: threads.taxReply,
						recipientId: demoSenders.skat.id,
						recipientName: demoSenders.skat.name,
						inReplyTo: question,
						title: 'Svar: Spørgsmål til din forskudsopgørelse',
						body: 'Ja, beløbet er rigtigt. Jeg har købt lejlighed i år og har derfor et nyt lån. Venlig hilsen Freja Nielsen',
						createdAt: now - 18 * DAY
					},
					now - 18 * DAY
				);
			}
		}
	].sort((a, b) => b.ago - a.ago);
	for (const event of events) await event.run();
}

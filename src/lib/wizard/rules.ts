/**
 * Exemption from Digital Post for citizens ("fritagelse fra Digital Post"), as dated data.
 *
 * This file is meant to be checked by a lawyer without reading any UI code. Every fact carries the
 * sources it comes from (see `sources` below). Two rule sets exist:
 *
 *   1. `until-2017-09-30` — the first rules: the same eight grounds as today (the law lists them; the
 *      guide Postkasse was conceived from summed them up in six lines, kept below as `sourceGuideSummary`).
 *      An exemption for a physical or cognitive impairment was permanent; every other exemption ran from
 *      the registration date until 1 November of the second calendar year after registration.
 *   2. `from-2017-10-01` — today's rules: eight grounds; every exemption lasts until the citizen signs up
 *      for Digital Post again (one given because the citizen left Denmark also ends on moving back).
 *
 * The time limit was removed on 1 October 2017. A dated exemption that had not run out by then would have
 * ended later under the old rules; it most likely still applies (our sources do not say exactly how
 * running exemptions were converted, so the citizen is told to ask Borgerservice when unsure). One that had
 * already run out (registered in 2014 or earlier, so ending on 1 November 2016 at the latest) ended.
 *
 * Which set applies is decided by the date the exemption is registered: today for a new application, or
 * the date of an older exemption the citizen is checking. The functions at the end are pure.
 */
import { compareDates, dateParts, calendarDate, type CalendarDate } from './calendar-date';

// ---------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------

export interface Source {
	/** Who published it. */
	publisher: string;
	title: string;
	/** Public address of the page; absent for the project's own, unpublished source text. */
	url?: string;
	/** What the source is relied on for, or a caveat. */
	note?: string;
}

export const sources = {
	sourceGuide: {
		publisher: 'Postkasse project',
		title: 'Newcomers’ guide to Digital Post (the guide Postkasse was conceived from; not published)',
		note: 'The grounds summed up in six lines; temporary exemptions until 1 November of the 2nd calendar year after registration; state salaries and SU stay digital (contact the SU authorities to be exempted from SU letters); apply in person, sign a form, show ID.'
	},
	thisted: {
		publisher: 'Thisted Kommune',
		title: 'Fritagelse fra digital post',
		url: 'https://thisted.dk/Borger/DigitalPost%20og%20NemID/Fritagelse.aspx',
		note: 'Pre-2017 text: the grounds summed up in six lines, time limit to 1 November of the 2nd calendar year, receipt shows the expiry date; state payslips and SU not covered (ask the SU authorities to be exempted from SU messages); proxy with power of attorney.'
	},
	seniorhaandbogen: {
		publisher: 'Seniorhåndbogen',
		title: 'Sådan bliver du fritaget for Digital Post',
		url: 'http://www.seniorhaandbogen.dk/det-boer-du-ogsaa-vide/din-digitale-post-og-nemid/saadan-bliver-du-fritaget-for-digital-post/',
		note: 'Pre-2017 text: the same six grounds and the same time limit.'
	},
	digstPress: {
		publisher: 'Digitaliseringsstyrelsen',
		title: 'Om Digital Post til pressen: Fritagelse og hjælp',
		url: 'https://www.digst.dk/It-loesninger/Digital-Post/Om-Digital-Post-til-pressen/Fritagelse-og-hjaelp',
		note: 'Pre-2017 list of six grounds; “adequate internet” means broadband of at least 512 kbit/s downstream.'
	},
	digstExemption: {
		publisher: 'Digitaliseringsstyrelsen',
		title: 'Fritagelse fra Digital Post',
		url: 'https://digst.dk/it-loesninger/digital-post/om-loesningen/fritagelse/',
		note: 'Mandatory for citizens over 15 since 1 November 2014; the criteria of the law (Lov om offentlig Digital Post) list cognitive and physical impairment and no access to a computer as separate grounds; exemption in person at the municipality; another person (a relative or carer) may make the declaration.'
	},
	denoffentlige: {
		publisher: 'DenOffentlige (Ritzau)',
		title: 'Hver tiende er fritaget for digital post – nu er det permanent',
		url: 'https://denoffentlige.dk/bloggere/ritzau-1/hver-tiende-er-fritaget-digital-post-nu-er-det-permanent',
		note: 'From 1 October 2017 only one kind of exemption exists: the one without a time limit.'
	},
	pensionist: {
		publisher: 'pensionist.dk',
		title: 'Article of 17 October 2017 on permanent exemption',
		url: 'https://www.pensionist.dk',
		note: 'Confirms the time limit was abolished from 1 October 2017.'
	},
	vejle: {
		publisher: 'Vejle Kommune',
		title: 'Fritagelse fra Digital Post',
		url: 'https://www.vejle.dk/borger/kontakt/skriv-sikkert-med-digital-post/fritagelse-fra-digital-post/',
		note: 'The eight grounds in legal wording, with examples (dementia, blindness, dyslexia, homelessness, 512 kbit/s).'
	},
	gentofte: {
		publisher: 'Gentofte Kommune',
		title: 'Fritagelse for Digital Post',
		url: 'https://www.gentofte.dk/da/Borger/Borgerservice/Digital-post/Fritagelse-for-Digital-Post',
		note: 'The eight grounds; in person, sign a form; a relative with a power of attorney; a guardian (værge) can apply for the person they are guardian for.'
	},
	egedal: {
		publisher: 'Egedal Kommune',
		title: 'Læseadgang og fritagelse',
		url: 'http://www.egedalkommune.dk/borger/mig-som-borger/digital-post-for-borgere/laeseadgang-og-fritagelse',
		note: 'Exemption is permanent until the citizen asks to be signed up again; a relative can get read access instead.'
	},
	aeldresagen: {
		publisher: 'Ældre Sagen',
		title: 'Bliv fritaget for Digital Post',
		url: 'https://www.aeldresagen.dk/viden-og-raadgivning/hverdagsliv/digital-kontakt-til-det-offentlige/gode-raad/bliv-fritaget-for-digital-post',
		note: 'A smartphone or tablet counts as a computer; phoning is not enough; the citizen need not say which ground applies, so the municipality cannot demand documentation.'
	},
	frederiksberg: {
		publisher: 'Frederiksberg Kommune',
		title: 'Fritagelse fra Digital Post',
		url: 'https://frederiksberg.dk/borgerservice/personlige-forhold/fritagelse-fra-digital-post',
		note: 'Current grounds name MitID; bring ID such as health card, driving licence or passport; proxy with power of attorney must appear in person.'
	},
	horsens: {
		publisher: 'Horsens Kommune',
		title: 'Fritagelse fra digital post',
		url: 'http://horsens.dk/OmKommunen/Kontakt/DigitalPostSikkerEmail/Borger/Fritagelse-fra-digital-post',
		note: 'Bring valid ID: health card, passport or driving licence; the person holding the power of attorney shows their own ID; read access as an alternative.'
	},
	mariagerfjord: {
		publisher: 'Mariagerfjord Kommune',
		title: 'Fritagelse fra Digital Post',
		url: 'https://www.mariagerfjord.dk',
		note: 'Unopened Digital Post from the last 6 months can be re-sent on paper; payslips from public employers, SU and company post in e-Boks or mit.dk are not covered; an exemption lasts for life.'
	},
	ballerup: {
		publisher: 'Ballerup Kommune',
		title: 'Fritagelse fra Digital Post',
		url: 'https://ballerup.dk',
		note: 'A proxy brings a signed power of attorney (fuldmagt); a guardian brings the appointment document (værgebeskikkelse).'
	},
	lifeInDenmark: {
		publisher: 'Life in Denmark (borger.dk)',
		title: 'Digital Post',
		url: 'https://lifeindenmark.borger.dk/apps-and-digital-services/Digital-Post',
		note: 'An exemption due to departure is revoked automatically when the citizen moves back and gets a permanent residence in Denmark.'
	},
	lifeInDenmarkNemId: {
		publisher: 'Life in Denmark (borger.dk)',
		title: 'NemID',
		url: 'https://lifeindenmark.borger.dk/apps-and-digital-services/nemid',
		note: 'NemID in use from 1 July 2010; MitID from October 2021; no new NemID from 30 June 2023; closed 31 October 2023.'
	},
	familieretshuset: {
		publisher: 'Familieretshuset',
		title: 'Fritagelse fra Digital Post',
		url: 'https://familieretshuset.dk/om-familieretshuset/saadan-kontakter-du-os/kontakt-fritagelse-fra-digital-post',
		note: 'The citizen is not obliged to say which criterion they meet.'
	}
} as const satisfies Record<string, Source>;

export type SourceId = keyof typeof sources;

// ---------------------------------------------------------------------------------------------------
// Grounds and how long an exemption lasts
// ---------------------------------------------------------------------------------------------------

/** The eight grounds. Both rule sets have the same eight; they differ in how long an exemption lasts. */
export type GroundId =
	| 'cognitiveImpairment'
	| 'physicalImpairment'
	| 'noComputer'
	| 'leftDenmark'
	| 'noFixedAddress'
	| 'language'
	| 'digitalId'
	| 'noBroadband';

/** How the end of an exemption is decided, as the rules state it. */
export type DurationRule =
	/** Recognised as permanent (rules until 30 September 2017). */
	| { kind: 'permanent' }
	/** From the registration date until 1 November of the 2nd calendar year after registration. */
	| { kind: 'untilNovemberFirstOfSecondYear' }
	/** Without a time limit: lasts until the citizen signs up for Digital Post again. */
	| { kind: 'untilSignedUpAgain' }
	/** As `untilSignedUpAgain`, and also ends when the citizen moves back to Denmark. */
	| { kind: 'untilMovingBack' };

export interface GroundRule {
	id: GroundId;
	/** The ground in legal wording (English), as the sources state it. */
	legalWording: string;
	duration: DurationRule;
	sources: readonly SourceId[];
}

export type RuleSetId = 'until-2017-09-30' | 'from-2017-10-01';

export interface RuleSet {
	id: RuleSetId;
	/** First and last day the rules apply to a registration (inclusive); null = open-ended. */
	inForce: { from: CalendarDate | null; until: CalendarDate | null };
	grounds: readonly GroundRule[];
	/** Must the citizen say which ground applies? null = our sources do not settle it. */
	citizenMustNameGround: boolean | null;
	/** May the municipality demand documentation of the ground? null = our sources do not say. */
	documentationMayBeDemanded: boolean | null;
	/** Unopened Digital Post that can be re-sent on paper after exemption; null = not in our sources. */
	unopenedPostResentOnPaper: { months: number } | null;
	sources: readonly SourceId[];
}

const temporary: DurationRule = { kind: 'untilNovemberFirstOfSecondYear' };
const oldRuleSources = ['digstExemption', 'sourceGuide', 'thisted', 'digstPress'] as const;

/** The rules in force until 30 September 2017. */
export const rulesUntil2017: RuleSet = {
	id: 'until-2017-09-30',
	// Digital Post became mandatory for citizens on 1 November 2014 (digstExemption); exemptions were
	// registered under these rules from the start, so no first day is set.
	inForce: { from: null, until: '2017-09-30' as CalendarDate },
	grounds: [
		{
			id: 'cognitiveImpairment',
			legalWording:
				'A cognitive impairment that prevents the citizen from receiving post digitally (for example dementia).',
			duration: { kind: 'permanent' },
			sources: oldRuleSources
		},
		{
			id: 'physicalImpairment',
			legalWording: 'A physical impairment that prevents the citizen from receiving post digitally.',
			duration: { kind: 'permanent' },
			sources: oldRuleSources
		},
		{
			id: 'noComputer',
			legalWording: 'No access to a computer in the home or place of residence.',
			duration: temporary,
			sources: oldRuleSources
		},
		{
			id: 'leftDenmark',
			legalWording: 'Registered as having left Denmark.',
			duration: temporary,
			sources: oldRuleSources
		},
		{
			id: 'noFixedAddress',
			legalWording: 'No fixed address (homeless).',
			duration: temporary,
			sources: oldRuleSources
		},
		{
			id: 'language',
			legalWording: 'Language difficulties.',
			duration: temporary,
			sources: oldRuleSources
		},
		{
			id: 'digitalId',
			legalWording: 'Practical difficulties in obtaining the public digital signature (NemID).',
			duration: temporary,
			sources: oldRuleSources
		},
		{
			id: 'noBroadband',
			legalWording:
				'No adequate internet connection: broadband of at least 512 kbit/s downstream cannot be had where the citizen lives.',
			duration: temporary,
			sources: oldRuleSources
		}
	],
	// The source guide: "sign a form indicating which of the exemptions applies to you".
	citizenMustNameGround: true,
	documentationMayBeDemanded: null,
	unopenedPostResentOnPaper: null,
	sources: ['digstExemption', 'sourceGuide', 'thisted', 'seniorhaandbogen', 'digstPress']
};

/**
 * How the guide Postkasse was conceived from (and municipal pages of the time) summed up the old grounds
 * in six lines, and which of the eight grounds each line covers.
 */
export const sourceGuideSummary: readonly { line: string; grounds: readonly GroundId[] }[] = [
	{
		line: 'Do not have access to a computer with adequate internet connection in your place of residence',
		grounds: ['noComputer', 'noBroadband']
	},
	{
		line: 'Have a physical or cognitive disability that prevents you from receiving digital mail',
		grounds: ['physicalImpairment', 'cognitiveImpairment']
	},
	{ line: 'Are registered as having left Denmark', grounds: ['leftDenmark'] },
	{ line: 'Are homeless', grounds: ['noFixedAddress'] },
	{ line: 'Have language difficulties', grounds: ['language'] },
	{ line: 'Have practical difficulties in obtaining NemID', grounds: ['digitalId'] }
];

const untilSignedUpAgain: DurationRule = { kind: 'untilSignedUpAgain' };

/** The rules in force from 1 October 2017 (today's rules). */
export const rulesFrom2017: RuleSet = {
	id: 'from-2017-10-01',
	inForce: { from: '2017-10-01' as CalendarDate, until: null },
	grounds: [
		{
			id: 'cognitiveImpairment',
			legalWording:
				'A cognitive impairment that prevents the use of Digital Post (for example dementia or a brain injury).',
			duration: untilSignedUpAgain,
			sources: ['vejle', 'gentofte', 'aeldresagen']
		},
		{
			id: 'physicalImpairment',
			legalWording:
				'A physical impairment that prevents the use of Digital Post (for example blindness or paralysis).',
			duration: untilSignedUpAgain,
			sources: ['vejle', 'gentofte', 'aeldresagen']
		},
		{
			id: 'noComputer',
			legalWording:
				'No access to a computer in the home or place of residence; a smartphone or tablet counts as a computer.',
			duration: untilSignedUpAgain,
			sources: ['vejle', 'gentofte', 'aeldresagen']
		},
		{
			id: 'leftDenmark',
			legalWording: 'Registered in the CPR register as having left Denmark.',
			duration: { kind: 'untilMovingBack' },
			sources: ['vejle', 'gentofte', 'lifeInDenmark']
		},
		{
			id: 'noFixedAddress',
			legalWording:
				'No longer registered with a fixed address or place of residence in the CPR register (for example homeless).',
			duration: untilSignedUpAgain,
			sources: ['vejle', 'gentofte']
		},
		{
			id: 'language',
			legalWording:
				'Language barriers: not mastering Danish, which makes Digital Post hard to use (for example dyslexia or another mother tongue).',
			duration: untilSignedUpAgain,
			sources: ['vejle', 'gentofte', 'frederiksberg']
		},
		{
			id: 'digitalId',
			legalWording:
				'Practical difficulties in obtaining the public digital ID (NemID at the time of the change, MitID today).',
			duration: untilSignedUpAgain,
			sources: ['vejle', 'frederiksberg']
		},
		{
			id: 'noBroadband',
			legalWording:
				'Living in an area where a broadband connection of at least 512 kbit/s download speed cannot be had.',
			duration: untilSignedUpAgain,
			sources: ['vejle', 'gentofte', 'frederiksberg']
		}
	],
	citizenMustNameGround: false,
	documentationMayBeDemanded: false,
	unopenedPostResentOnPaper: { months: 6 },
	sources: ['denoffentlige', 'pensionist', 'egedal', 'aeldresagen', 'familieretshuset', 'mariagerfjord']
};

export const ruleSets = [rulesUntil2017, rulesFrom2017] as const;

/** The day today's rules took effect: the time limit was removed. */
export const ruleChangeDate = '2017-10-01' as CalendarDate;

// ---------------------------------------------------------------------------------------------------
// The public digital ID over time
// ---------------------------------------------------------------------------------------------------

export type DigitalId = 'NemID' | 'MitID';

/**
 * NemID (user ID, password, code card) from 1 July 2010; MitID from October 2021. NemID was issued to
 * no one after 30 June 2023 and closed on 31 October 2023, so nobody can get NemID today: the wizard asks
 * about MitID and speaks of NemID only in the past.
 */
export const digitalIdTimeline = {
	nemIdFrom: '2010-07-01' as CalendarDate,
	mitIdFrom: '2021-10-01' as CalendarDate,
	nemIdLastIssued: '2023-06-30' as CalendarDate,
	nemIdClosed: '2023-10-31' as CalendarDate,
	sources: ['lifeInDenmarkNemId'] as const satisfies readonly SourceId[]
} as const;

/** The digital ID people signed in with on `date` (the one Borgerservice spoke of then). */
export function digitalIdOn(date: CalendarDate): DigitalId {
	return compareDates(date, digitalIdTimeline.mitIdFrom) < 0 ? 'NemID' : 'MitID';
}

// ---------------------------------------------------------------------------------------------------
// Facts that hold under both rule sets
// ---------------------------------------------------------------------------------------------------

export type NotCoveredId = 'publicEmployerPayslips' | 'studentGrant' | 'companyPost';
export type IdDocument = 'healthCard' | 'passport' | 'drivingLicence';
export type Representative = 'powerOfAttorney' | 'guardian';

export const rulesUnderBoth = {
	/** Post that stays digital even after exemption. */
	notCovered: [
		{
			id: 'publicEmployerPayslips',
			fact: 'Payslips from public employers (older pages: state salaries) stay digital under other legislation.',
			sources: ['sourceGuide', 'thisted', 'mariagerfjord']
		},
		{
			id: 'studentGrant',
			fact: 'Messages about SU (the state education grant) stay digital. To get them on paper, the citizen asks the SU authorities, who decide on that exemption.',
			sources: ['sourceGuide', 'thisted', 'mariagerfjord']
		},
		{
			id: 'companyPost',
			fact: 'Post from companies in e-Boks or mit.dk is not covered.',
			sources: ['mariagerfjord']
		}
	] as const satisfies readonly { id: NotCoveredId; fact: string; sources: readonly SourceId[] }[],
	application: {
		/** In person at Borgerservice in the home municipality; phoning is not enough. */
		inPersonAtBorgerservice: true,
		phoneIsEnough: false,
		signForm: true,
		idDocuments: ['healthCard', 'passport', 'drivingLicence'] as const satisfies readonly IdDocument[],
		/** Who may apply for the citizen, and what they bring besides their own ID. */
		representatives: [
			{ who: 'powerOfAttorney', brings: 'A power of attorney (fuldmagt) signed by the citizen.' },
			{ who: 'guardian', brings: 'The document appointing them guardian (værgebeskikkelse).' }
		] as const satisfies readonly { who: Representative; brings: string }[],
		sources: [
			'sourceGuide',
			'aeldresagen',
			'frederiksberg',
			'horsens',
			'ballerup',
			'gentofte',
			'digstExemption'
		] as const satisfies readonly SourceId[]
	},
	/** Help that may suit a person better than exemption. */
	alternatives: {
		/** Someone the citizen trusts (not only family) can be given read access. */
		readAccessForSomeoneTrusted: true,
		librariesAndBorgerserviceHelp: true,
		sources: ['egedal', 'horsens'] as const satisfies readonly SourceId[]
	}
} as const;

// ---------------------------------------------------------------------------------------------------
// Pure functions
// ---------------------------------------------------------------------------------------------------

/** The rule set that applies to an exemption registered on `date`. */
export function ruleSetOn(date: CalendarDate): RuleSet {
	return compareDates(date, ruleChangeDate) < 0 ? rulesUntil2017 : rulesFrom2017;
}

export function groundRule(ruleSet: RuleSet, ground: GroundId): GroundRule {
	const rule = ruleSet.grounds.find((g) => g.id === ground);
	if (!rule) throw new RangeError(`${ground} is not a ground under the rules ${ruleSet.id}`);
	return rule;
}

/** 1 November of the second calendar year after the registration year. */
export function novemberFirstOfSecondYear(registeredOn: CalendarDate): CalendarDate {
	return calendarDate(dateParts(registeredOn).year + 2, 11, 1);
}

/** When an exemption ends, worked out for one registration. */
export type ExemptionEnd =
	/** No end date: permanent, or until the citizen signs up again. */
	| { kind: 'none' }
	/** Expires on this date. */
	| { kind: 'date'; date: CalendarDate }
	/** Ends when the citizen moves back to Denmark (or signs up again). */
	| { kind: 'movingBack' };

export function endOf(duration: DurationRule, registeredOn: CalendarDate): ExemptionEnd {
	switch (duration.kind) {
		case 'permanent':
		case 'untilSignedUpAgain':
			return { kind: 'none' };
		case 'untilMovingBack':
			return { kind: 'movingBack' };
		case 'untilNovemberFirstOfSecondYear':
			return { kind: 'date', date: novemberFirstOfSecondYear(registeredOn) };
	}
}

/** The longest-lasting of several ends: no end beats moving back, which beats any date. */
export function longestEnd(ends: readonly ExemptionEnd[]): ExemptionEnd | null {
	let best: ExemptionEnd | null = null;
	for (const end of ends) {
		if (best === null || rank(end) > rank(best)) best = end;
		else if (end.kind === 'date' && best.kind === 'date' && compareDates(end.date, best.date) > 0) best = end;
	}
	return best;
}

function rank(end: ExemptionEnd): number {
	return end.kind === 'none' ? 2 : end.kind === 'movingBack' ? 1 : 0;
}

export interface GroundAssessment {
	ground: GroundRule;
	end: ExemptionEnd;
}

/** What the change of 1 October 2017 did to an exemption with an end date under the old rules. */
export type TimeLimitChange =
	/**
	 * The limit was removed before the date came: the exemption most likely still applies, lasting as
	 * today's rules say (`endNow`). Our sources do not say exactly how running exemptions were converted,
	 * so the citizen is told to ask Borgerservice when unsure.
	 */
	| { kind: 'removedBeforeEnd'; endNow: ExemptionEnd }
	/** The date came before the change: the exemption ended (unless the citizen was exempted again). */
	| { kind: 'endedBeforeChange' };

export interface Assessment {
	ruleSet: RuleSet;
	registeredOn: CalendarDate;
	grounds: GroundAssessment[];
	/** How long the exemption lasts under the rules it was registered under; null when no ground fits. */
	end: ExemptionEnd | null;
	/** Set only for an end date under the old rules. */
	timeLimitChange: TimeLimitChange | null;
}

/**
 * Works out which grounds apply and how long the exemption lasts.
 * @param registeredOn the registration date: today for a new application, or an older exemption's date
 * @param grounds the grounds that fit
 */
export function assessExemption(registeredOn: CalendarDate, grounds: readonly GroundId[]): Assessment {
	const ruleSet = ruleSetOn(registeredOn);
	const unique = [...new Set(grounds)];
	for (const ground of unique) groundRule(ruleSet, ground);
	const assessed = ruleSet.grounds
		.filter((rule) => unique.includes(rule.id))
		.map((rule) => ({ ground: rule, end: endOf(rule.duration, registeredOn) }));
	const end = longestEnd(assessed.map((a) => a.end));
	let timeLimitChange: TimeLimitChange | null = null;
	if (end?.kind === 'date') {
		timeLimitChange =
			compareDates(end.date, ruleChangeDate) >= 0
				? {
						kind: 'removedBeforeEnd',
						endNow: longestEnd(
							assessed.map((a) => endOf(groundRule(rulesFrom2017, a.ground.id).duration, ruleChangeDate))
						)!
					}
				: { kind: 'endedBeforeChange' };
	}
	return { ruleSet, registeredOn, grounds: assessed, end, timeLimitChange };
}

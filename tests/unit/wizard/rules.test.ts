import { describe, expect, it } from 'vitest';
import { parseCalendarDate as d } from '$lib/wizard/calendar-date';
import {
	assessExemption,
	digitalIdOn,
	digitalIdTimeline,
	novemberFirstOfSecondYear,
	ruleSetOn,
	rulesFrom2017,
	rulesUnderBoth,
	rulesUntil2017,
	sourceGuideSummary,
	sources,
	type ExemptionEnd,
	type GroundId
} from '$lib/wizard/rules';

describe('which rule set applies', () => {
	it.each([
		['2014-11-01', 'until-2017-09-30'],
		['2016-03-10', 'until-2017-09-30'],
		['2016-12-31', 'until-2017-09-30'],
		['2017-01-01', 'until-2017-09-30'],
		['2017-09-30', 'until-2017-09-30'],
		['2017-10-01', 'from-2017-10-01'],
		['2017-10-02', 'from-2017-10-01'],
		['2018-01-01', 'from-2017-10-01'],
		['2025-06-15', 'from-2017-10-01']
	])('registered %s → %s', (date, id) => {
		expect(ruleSetOn(d(date)).id).toBe(id);
	});
});

const eightGrounds: GroundId[] = [
	'cognitiveImpairment',
	'physicalImpairment',
	'noComputer',
	'leftDenmark',
	'noFixedAddress',
	'language',
	'digitalId',
	'noBroadband'
];

describe('the rules until 30 September 2017', () => {
	it('has the same eight grounds as today', () => {
		expect(rulesUntil2017.grounds.map((g) => g.id)).toEqual(eightGrounds);
	});

	it('keeps the source guide’s six-line summary, which covers all eight grounds', () => {
		expect(sourceGuideSummary).toHaveLength(6);
		const covered = sourceGuideSummary.flatMap((line) => line.grounds);
		expect([...covered].sort()).toEqual([...eightGrounds].sort());
		expect(new Set(covered).size).toBe(covered.length);
	});

	it.each([
		['2014-11-01', '2016-11-01'],
		['2015-01-01', '2017-11-01'],
		['2016-03-10', '2018-11-01'],
		['2016-12-31', '2018-11-01'],
		['2017-01-01', '2019-11-01'],
		['2017-09-30', '2019-11-01']
	])('a temporary exemption registered %s would last until %s', (registered, until) => {
		expect(novemberFirstOfSecondYear(d(registered))).toBe(until);
	});

	const temporaryGrounds: GroundId[] = [
		'noComputer',
		'noBroadband',
		'leftDenmark',
		'noFixedAddress',
		'language',
		'digitalId'
	];
	it.each(temporaryGrounds)('%s registered 10 March 2016 had 1 November 2018 as its end', (ground) => {
		const result = assessExemption(d('2016-03-10'), [ground]);
		expect(result.ruleSet.id).toBe('until-2017-09-30');
		expect(result.end).toEqual({ kind: 'date', date: '2018-11-01' });
		expect(result.grounds.map((g) => g.ground.id)).toEqual([ground]);
	});

	it.each(['cognitiveImpairment', 'physicalImpairment'] as const)('%s was permanent', (ground) => {
		const result = assessExemption(d('2016-03-10'), [ground]);
		expect(result.end).toEqual({ kind: 'none' });
		expect(result.timeLimitChange).toBeNull();
	});

	it('with an impairment and a temporary ground, the exemption was permanent', () => {
		const result = assessExemption(d('2015-05-05'), ['language', 'physicalImpairment']);
		expect(result.end).toEqual({ kind: 'none' });
		expect(result.grounds.map((g) => [g.ground.id, g.end.kind])).toEqual([
			['physicalImpairment', 'none'],
			['language', 'date']
		]);
	});

	it('the time limit was removed on 1 October 2017, before the end dates from 2015 on', () => {
		for (const registered of ['2015-01-01', '2016-03-10', '2017-09-30']) {
			expect(assessExemption(d(registered), ['language']).timeLimitChange).toEqual({
				kind: 'removedBeforeEnd',
				endNow: { kind: 'none' }
			});
		}
	});

	it('an exemption because the citizen left Denmark now ends on moving back', () => {
		expect(assessExemption(d('2016-03-10'), ['leftDenmark']).timeLimitChange).toEqual({
			kind: 'removedBeforeEnd',
			endNow: { kind: 'movingBack' }
		});
		// With another ground, no end at all.
		expect(assessExemption(d('2016-03-10'), ['leftDenmark', 'digitalId']).timeLimitChange).toEqual({
			kind: 'removedBeforeEnd',
			endNow: { kind: 'none' }
		});
	});

	it('one registered in 2014 had ended (1 November 2016) before the change', () => {
		const result = assessExemption(d('2014-11-20'), ['noFixedAddress']);
		expect(result.end).toEqual({ kind: 'date', date: '2016-11-01' });
		expect(result.timeLimitChange).toEqual({ kind: 'endedBeforeChange' });
	});
});

describe('the digital ID over time', () => {
	it.each([
		['2014-11-20', 'NemID'],
		['2017-10-01', 'NemID'],
		['2021-09-30', 'NemID'],
		['2021-10-01', 'MitID'],
		['2025-06-15', 'MitID']
	])('on %s people signed in with %s', (date, id) => {
		expect(digitalIdOn(d(date))).toBe(id);
	});

	it('NemID was issued until 30 June 2023 and closed on 31 October 2023', () => {
		expect(digitalIdTimeline.nemIdLastIssued).toBe('2023-06-30');
		expect(digitalIdTimeline.nemIdClosed).toBe('2023-10-31');
	});
});

describe('the rules from 1 October 2017', () => {
	it('has the eight grounds', () => {
		expect(rulesFrom2017.grounds.map((g) => g.id)).toEqual(eightGrounds);
	});

	const permanent: GroundId[] = [
		'cognitiveImpairment',
		'physicalImpairment',
		'noComputer',
		'noFixedAddress',
		'language',
		'digitalId',
		'noBroadband'
	];
	it.each(permanent.flatMap((g) => [[g, '2017-10-01'] as const, [g, '2025-06-15'] as const]))(
		'%s registered %s has no end date',
		(ground, registered) => {
			const result = assessExemption(d(registered), [ground]);
			expect(result.ruleSet.id).toBe('from-2017-10-01');
			expect(result.end).toEqual({ kind: 'none' });
			expect(result.timeLimitChange).toBeNull();
		}
	);

	it('leaving Denmark ends on moving back', () => {
		expect(assessExemption(d('2017-10-01'), ['leftDenmark']).end).toEqual({ kind: 'movingBack' });
	});

	it('leaving Denmark together with another ground has no end date', () => {
		expect(assessExemption(d('2020-02-29'), ['leftDenmark', 'language']).end).toEqual({
			kind: 'none'
		});
	});

	it('the same ground registered on the change day and the day before', () => {
		const before = assessExemption(d('2017-09-30'), ['language']);
		const after = assessExemption(d('2017-10-01'), ['language']);
		expect(before.end).toEqual<ExemptionEnd>({ kind: 'date', date: d('2019-11-01') });
		expect(after.end).toEqual<ExemptionEnd>({ kind: 'none' });
	});

	it('the citizen need not name a ground, no documentation may be demanded, 6 months re-sent on paper', () => {
		expect(rulesFrom2017.citizenMustNameGround).toBe(false);
		expect(rulesFrom2017.documentationMayBeDemanded).toBe(false);
		expect(rulesFrom2017.unopenedPostResentOnPaper).toEqual({ months: 6 });
	});
});

describe('under both rule sets', () => {
	it('SU messages: the citizen asks the SU authorities to get them on paper', () => {
		const su = rulesUnderBoth.notCovered.find((n) => n.id === 'studentGrant')!;
		expect(su.fact).toMatch(/asks the SU authorities/);
	});

	it('payslips from public employers, SU and company post are not covered', () => {
		expect(rulesUnderBoth.notCovered.map((n) => n.id)).toEqual([
			'publicEmployerPayslips',
			'studentGrant',
			'companyPost'
		]);
	});

	it('apply in person at Borgerservice, sign, bring ID; a proxy or guardian may go instead', () => {
		const { application } = rulesUnderBoth;
		expect(application.inPersonAtBorgerservice).toBe(true);
		expect(application.phoneIsEnough).toBe(false);
		expect(application.signForm).toBe(true);
		expect(application.idDocuments).toEqual(['healthCard', 'passport', 'drivingLicence']);
		expect(application.representatives.map((r) => r.who)).toEqual(['powerOfAttorney', 'guardian']);
	});

	it('no ground means no exemption and no end', () => {
		const result = assessExemption(d('2025-06-15'), []);
		expect(result.grounds).toEqual([]);
		expect(result.end).toBeNull();
	});

	it('every fact cites sources that exist', () => {
		const cited = [
			...rulesUntil2017.sources,
			...rulesFrom2017.sources,
			...rulesUntil2017.grounds.flatMap((g) => g.sources),
			...rulesFrom2017.grounds.flatMap((g) => g.sources),
			...rulesUnderBoth.notCovered.flatMap((n) => n.sources),
			...rulesUnderBoth.application.sources,
			...rulesUnderBoth.alternatives.sources,
			...digitalIdTimeline.sources
		];
		for (const grounds of [rulesUntil2017.grounds, rulesFrom2017.grounds]) {
			for (const g of grounds) expect(g.sources.length, g.id).toBeGreaterThan(0);
		}
		for (const id of cited) expect(Object.keys(sources)).toContain(id);
	});
});

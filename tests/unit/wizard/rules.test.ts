import { describe, expect, it } from 'vitest';
import { parseCalendarDate as d } from '$lib/wizard/calendar-date';
import {
	assessExemption,
	novemberFirstOfSecondYear,
	ruleSetOn,
	rulesFrom2017,
	rulesUnderBoth,
	rulesUntil2017,
	sources,
	type ExemptionEnd,
	type GroundId
} from '$lib/wizard/rules';

const today = d('2025-06-15');

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

describe('the rules until 30 September 2017', () => {
	it('has the six grounds of the source guide', () => {
		expect(rulesUntil2017.grounds.map((g) => g.id)).toEqual([
			'noComputerWithInternet',
			'disability',
			'leftDenmark',
			'homeless',
			'language',
			'digitalSignature'
		]);
	});

	it.each([
		['2014-11-01', '2016-11-01'],
		['2015-01-01', '2017-11-01'],
		['2016-03-10', '2018-11-01'],
		['2016-12-31', '2018-11-01'],
		['2017-01-01', '2019-11-01'],
		['2017-09-30', '2019-11-01']
	])('a temporary exemption registered %s lasts until %s', (registered, until) => {
		expect(novemberFirstOfSecondYear(d(registered))).toBe(until);
	});

	const temporaryGrounds: GroundId[] = [
		'noComputerWithInternet',
		'leftDenmark',
		'homeless',
		'language',
		'digitalSignature'
	];
	it.each(temporaryGrounds)('%s registered 10 March 2016 ends on 1 November 2018', (ground) => {
		const result = assessExemption(d('2016-03-10'), [ground], today);
		expect(result.ruleSet.id).toBe('until-2017-09-30');
		expect(result.end).toEqual({ kind: 'date', date: '2018-11-01' });
		expect(result.grounds.map((g) => g.ground.id)).toEqual([ground]);
	});

	it('disability or dementia is permanent', () => {
		const result = assessExemption(d('2016-03-10'), ['disability'], today);
		expect(result.end).toEqual({ kind: 'none' });
		expect(result.expired).toBe(false);
	});

	it('with disability and a temporary ground, the exemption is permanent', () => {
		const result = assessExemption(d('2015-05-05'), ['language', 'disability'], today);
		expect(result.end).toEqual({ kind: 'none' });
		expect(result.grounds.map((g) => [g.ground.id, g.end.kind])).toEqual([
			['disability', 'none'],
			['language', 'date']
		]);
	});

	it('an exemption expires on its end date, not the day before', () => {
		expect(assessExemption(d('2016-03-10'), ['homeless'], d('2018-10-31')).expired).toBe(false);
		expect(assessExemption(d('2016-03-10'), ['homeless'], d('2018-11-01')).expired).toBe(true);
	});

	it('flags exemptions still running on 1 October 2017, when the time limit was abolished', () => {
		// Registered 2014: ended 1 November 2016, before the change.
		expect(assessExemption(d('2014-11-20'), ['language'], today).laterRuleChangeMayApply).toBe(false);
		// Registered 2015: would end 1 November 2017, after the change.
		expect(assessExemption(d('2015-01-01'), ['language'], today).laterRuleChangeMayApply).toBe(true);
		expect(assessExemption(d('2017-09-30'), ['language'], today).laterRuleChangeMayApply).toBe(true);
		// Permanent ones are not affected.
		expect(assessExemption(d('2016-01-01'), ['disability'], today).laterRuleChangeMayApply).toBe(false);
	});

	it('rejects grounds that only exist under the later rules', () => {
		expect(() => assessExemption(d('2016-03-10'), ['noBroadband'], today)).toThrow(RangeError);
		expect(() => assessExemption(d('2017-09-30'), ['cognitiveImpairment'], today)).toThrow(RangeError);
	});
});

describe('the rules from 1 October 2017', () => {
	it('has the eight grounds', () => {
		expect(rulesFrom2017.grounds.map((g) => g.id)).toEqual([
			'cognitiveImpairment',
			'physicalImpairment',
			'noComputer',
			'leftDenmark',
			'noFixedAddress',
			'language',
			'digitalId',
			'noBroadband'
		]);
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
			const result = assessExemption(d(registered), [ground], today);
			expect(result.ruleSet.id).toBe('from-2017-10-01');
			expect(result.end).toEqual({ kind: 'none' });
			expect(result.expired).toBe(false);
			expect(result.laterRuleChangeMayApply).toBe(false);
		}
	);

	it('leaving Denmark ends on moving back', () => {
		expect(assessExemption(d('2017-10-01'), ['leftDenmark'], today).end).toEqual({ kind: 'movingBack' });
	});

	it('leaving Denmark together with another ground has no end date', () => {
		expect(assessExemption(d('2020-02-29'), ['leftDenmark', 'language'], today).end).toEqual({
			kind: 'none'
		});
	});

	it('the same ground registered on the change day and the day before', () => {
		const before = assessExemption(d('2017-09-30'), ['language'], today);
		const after = assessExemption(d('2017-10-01'), ['language'], today);
		expect(before.end).toEqual<ExemptionEnd>({ kind: 'date', date: d('2019-11-01') });
		expect(after.end).toEqual<ExemptionEnd>({ kind: 'none' });
	});

	it('the citizen need not name a ground, no documentation may be demanded, 6 months re-sent on paper', () => {
		expect(rulesFrom2017.citizenMustNameGround).toBe(false);
		expect(rulesFrom2017.documentationMayBeDemanded).toBe(false);
		expect(rulesFrom2017.unopenedPostResentOnPaper).toEqual({ months: 6 });
	});

	it('rejects grounds that only existed before', () => {
		expect(() => assessExemption(d('2017-10-01'), ['homeless'], today)).toThrow(RangeError);
	});
});

describe('under both rule sets', () => {
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
		const result = assessExemption(d('2025-06-15'), [], today);
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
			...rulesUnderBoth.alternatives.sources
		];
		for (const grounds of [rulesUntil2017.grounds, rulesFrom2017.grounds]) {
			for (const g of grounds) expect(g.sources.length, g.id).toBeGreaterThan(0);
		}
		for (const id of cited) expect(Object.keys(sources)).toContain(id);
	});
});

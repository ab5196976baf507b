import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import WizardScreen from '$lib/wizard/WizardScreen.svelte';
import { lix, textFromHtml } from '$lib/plain-language/lix';
import { parseCalendarDate as d } from '$lib/wizard/calendar-date';
import {
	answer,
	chooseDate,
	continueAfterHelp,
	currentStep,
	initialState,
	start,
	type Answer,
	type WizardState
} from '$lib/wizard/flow';
import { questions } from '$lib/wizard/questions';
import type { Locale } from '$lib/paraglide/runtime';
import { supportInfo } from '$lib/wizard/support-info';

// Every wizard screen as it is rendered, in Danish and English, must be easy to read.
const limits: Partial<Record<Locale, number>> = { da: 25, en: 30 };
const today = d('2025-06-15');

const noop = () => {};
const actions = {
	start: noop,
	answer: noop,
	chooseDate: noop,
	continueAfterHelp: noop,
	back: noop,
	restart: noop,
	print: noop
};

function walk(state: WizardState, answers: Answer[]): WizardState {
	return answers.reduce(answer, state);
}

const introduced = start(initialState());
const atQuestions = answer(answer(introduced, 'no'), 'no');
const olderExemption = (date: string) => chooseDate(answer(answer(introduced, 'no'), 'yes'), d(date));
const fitting = questions.map((q) => q.fitsWhen);
const notFitting = questions.map((q): Answer => (q.fitsWhen === 'yes' ? 'no' : 'yes'));
const only = (id: string) =>
	questions.map((q): Answer => (q.id === id ? q.fitsWhen : q.fitsWhen === 'yes' ? 'no' : 'yes'));

/** Named states, one per distinct screen. */
const screens: [string, WizardState][] = [
	['intro', initialState()],
	['help first', introduced],
	['help advice', answer(introduced, 'yes')],
	['already exempt?', continueAfterHelp(answer(introduced, 'yes'))],
	['date', answer(answer(introduced, 'no'), 'yes')],
	...questions.map((q, i): [string, WizardState] => [
		`question ${q.id}`,
		walk(atQuestions, notFitting.slice(0, i))
	]),
	['question digitalId (NemID, 2016)', walk(olderExemption('2016-03-10'), notFitting.slice(0, 5))],
	['outcome: one ground today', walk(atQuestions, only('device'))],
	['outcome: all grounds today', walk(atQuestions, fitting)],
	['outcome: left Denmark', walk(atQuestions, only('abroad'))],
	['outcome: no ground', walk(atQuestions, notFitting)],
	[
		'outcome: not sure about all',
		walk(
			atQuestions,
			questions.map(() => 'unsure')
		)
	],
	[
		'outcome: ground and not sure',
		walk(atQuestions, ['no', 'unsure', 'unsure', 'no', 'yes', 'no', 'yes', 'no'])
	],
	['outcome: 2016 exemption, ended, rules changed', walk(olderExemption('2016-03-10'), only('danish'))],
	['outcome: 2014 exemption, ended', walk(olderExemption('2014-11-20'), only('address'))],
	['outcome: 2016 disability, permanent', walk(olderExemption('2016-03-10'), only('memory'))],
	['outcome: 2019 exemption', walk(olderExemption('2019-05-01'), only('device'))],
	[
		'outcome: date not remembered',
		walk(chooseDate(answer(answer(introduced, 'no'), 'yes'), null), only('body'))
	],
	['outcome: not sure if already exempt', walk(answer(answer(introduced, 'no'), 'unsure'), notFitting)]
];

function screenText(state: WizardState, locale: Locale): string {
	const { body } = render(WizardScreen, {
		props: {
			wizard: state,
			today,
			locale,
			support: supportInfo,
			homeHref: '/',
			actions
		}
	});
	return textFromHtml(body);
}

describe('plain language of the wizard (LIX)', () => {
	it('covers every step kind and outcome', () => {
		const steps = new Set(screens.map(([, state]) => currentStep(state).replace(/:.*/, '')));
		expect([...steps].sort()).toEqual(
			['date', 'existing', 'helpFirst', 'helpOutcome', 'intro', 'outcome', 'question'].sort()
		);
		expect(screens.filter(([, s]) => currentStep(s) === 'outcome').length).toBeGreaterThanOrEqual(10);
	});

	for (const [locale, limit] of Object.entries(limits) as [Locale, number][]) {
		for (const [name, state] of screens) {
			it(`${locale}: ${name} has LIX ≤ ${limit}`, () => {
				const text = screenText(state, locale);
				expect(text.split('\n').length, text).toBeGreaterThan(3);
				const result = lix(text);
				expect(result.lix, `${text}\n\n${JSON.stringify(result)}`).toBeLessThanOrEqual(limit);
			});
		}
	}

	it('renders the screen in the requested language', () => {
		expect(screenText(initialState(), 'da')).toContain('Kan du blive fritaget for Digital Post?');
		expect(screenText(initialState(), 'en')).toContain('Can you be exempted from Digital Post?');
	});
});

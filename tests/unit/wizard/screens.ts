import { render } from 'svelte/server';
import WizardScreen from '$lib/wizard/WizardScreen.svelte';
import { laterParts } from '$lib/wizard/later-parts';
import { textFromHtml } from '$lib/plain-language/lix';
import { parseCalendarDate as d } from '$lib/wizard/calendar-date';
import {
	answer,
	chooseDate,
	continueAfterHelp,
	initialState,
	start,
	type Answer,
	type WizardState
} from '$lib/wizard/flow';
import { questions } from '$lib/wizard/questions';
import type { Locale } from '$lib/paraglide/runtime';
import { supportInfo, type SupportInfo } from '$lib/wizard/support-info';

// Every distinct wizard screen, as named states, for the plain-language and glossary tests.
export const today = d('2025-06-15');

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
const only = (...ids: string[]) =>
	questions.map((q): Answer => (ids.includes(q.id) ? q.fitsWhen : q.fitsWhen === 'yes' ? 'no' : 'yes'));
const digitalIdIndex = questions.findIndex((q) => q.id === 'digitalId');

export const screens: [string, WizardState][] = [
	['intro', initialState()],
	['help first', introduced],
	['help advice', answer(introduced, 'yes')],
	['already exempt?', continueAfterHelp(answer(introduced, 'yes'))],
	['date', answer(answer(introduced, 'no'), 'yes')],
	...questions.map((q, i): [string, WizardState] => [
		`question ${q.id}`,
		walk(atQuestions, notFitting.slice(0, i))
	]),
	[
		'question digitalId (2016: NemID in the past)',
		walk(olderExemption('2016-03-10'), notFitting.slice(0, digitalIdIndex))
	],
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
	['outcome: 2016 exemption, time limit removed', walk(olderExemption('2016-03-10'), only('danish'))],
	[
		'outcome: 2016 exemption, MitID hard, left Denmark',
		walk(olderExemption('2016-03-10'), only('digitalId', 'abroad'))
	],
	['outcome: 2016 left Denmark only', walk(olderExemption('2016-03-10'), only('abroad'))],
	['outcome: 2014 exemption, ended before the change', walk(olderExemption('2014-11-20'), only('address'))],
	['outcome: 2016 impairment, permanent', walk(olderExemption('2016-03-10'), only('memory'))],
	['outcome: 2019 exemption', walk(olderExemption('2019-05-01'), only('device'))],
	[
		'outcome: date not remembered',
		walk(chooseDate(answer(answer(introduced, 'no'), 'yes'), null), only('body'))
	],
	['outcome: not sure if already exempt', walk(answer(answer(introduced, 'no'), 'unsure'), notFitting)]
];

/** A screen as a reader sees it: one block (heading, paragraph, button, list item) per line. */
export function screenText(state: WizardState, locale: Locale, support: SupportInfo = supportInfo): string {
	const { body } = render(WizardScreen, {
		props: { wizard: state, today, locale, support, homeHref: '/', actions, parts: laterParts }
	});
	return textFromHtml(body);
}

import { describe, expect, it } from 'vitest';
import { parseCalendarDate as d } from '$lib/wizard/calendar-date';
import {
	answer,
	back,
	backTo,
	chooseDate,
	continueAfterHelp,
	currentStep,
	earlierDigitalId,
	initialState,
	outcomeOf,
	progress,
	start,
	parseWizardState,
	type Answer,
	type WizardState
} from '$lib/wizard/flow';
import { questions } from '$lib/wizard/questions';

const today = d('2025-06-15');

function answerAll(state: WizardState, values: Answer[]): WizardState {
	return values.reduce(answer, state);
}

/** Through the help and "already exempt?" screens to the first question. */
function toQuestions(existing: Answer = 'no'): WizardState {
	return answer(answer(start(initialState()), 'no'), existing);
}

describe('wizard flow', () => {
	it('walks intro → help → existing → eight questions → outcome', () => {
		let state = start(initialState());
		expect(currentStep(state)).toBe('helpFirst');
		state = answer(state, 'no');
		expect(currentStep(state)).toBe('existing');
		state = answer(state, 'no');
		for (const q of questions) {
			expect(currentStep(state)).toBe(`question:${q.id}`);
			state = answer(state, 'no');
		}
		expect(currentStep(state)).toBe('outcome');
	});

	it('"Yes, help is enough" leads to the help advice, which can still go on to the check', () => {
		let state = answer(start(initialState()), 'yes');
		expect(currentStep(state)).toBe('helpOutcome');
		state = continueAfterHelp(state);
		expect(currentStep(state)).toBe('existing');
	});

	it('"I am not sure" never blocks', () => {
		let state = answer(start(initialState()), 'unsure');
		expect(currentStep(state)).toBe('existing');
		state = answer(state, 'unsure');
		expect(currentStep(state)).toBe('question:device');
		state = answerAll(
			state,
			questions.map(() => 'unsure')
		);
		expect(currentStep(state)).toBe('outcome');
		const outcome = outcomeOf(state, today);
		expect(outcome.unsure).toEqual(questions.map((q) => q.id));
		expect(outcome.existingUnsure).toBe(true);
		expect(outcome.assessment.grounds).toEqual([]);
	});

	it('Back returns to the previous screen on every step and keeps the answers', () => {
		let state = toQuestions();
		state = answer(state, 'no');
		expect(currentStep(state)).toBe('question:internet');
		state = back(state);
		expect(currentStep(state)).toBe('question:device');
		expect(state.answers.device).toBe('no');
		state = back(back(back(state)));
		expect(currentStep(state)).toBe('intro');
		expect(back(state)).toBe(state);
	});

	it('the browser Back button can jump back several steps', () => {
		const state = answer(answer(toQuestions(), 'yes'), 'yes');
		expect(currentStep(backTo(state, 2))).toBe('helpFirst');
		expect(backTo(state, 99)).toBe(state);
		expect(currentStep(backTo(state, 0))).toBe('intro');
	});

	it('today’s rules apply to a new application', () => {
		const state = answerAll(toQuestions('no'), ['no', 'yes', 'no', 'no', 'yes', 'no', 'yes', 'no']);
		const outcome = outcomeOf(state, today);
		expect(outcome.assessment.ruleSet.id).toBe('from-2017-10-01');
		expect(outcome.assessment.grounds.map((g) => g.ground.id)).toEqual(['noComputer']);
		expect(outcome.assessment.end).toEqual({ kind: 'none' });
	});

	it('each question leads to its own ground under today’s rules', () => {
		const fitting: Answer[] = questions.map((q) => q.fitsWhen);
		const outcome = outcomeOf(answerAll(toQuestions(), fitting), today);
		expect(outcome.assessment.grounds.map((g) => g.ground.id).sort()).toEqual(
			[
				'cognitiveImpairment',
				'physicalImpairment',
				'noComputer',
				'leftDenmark',
				'noFixedAddress',
				'language',
				'digitalId',
				'noBroadband'
			].sort()
		);
	});

	it('an older exemption is judged by the rules on its date', () => {
		let state = toQuestions('yes');
		expect(currentStep(state)).toBe('date');
		state = chooseDate(state, d('2016-03-10'));
		// The question asks about MitID; NemID is what people used back then.
		expect(earlierDigitalId(state)).toBe('NemID');
		state = answerAll(state, ['no', 'no', 'no', 'no', 'yes', 'yes', 'yes', 'no']);
		const outcome = outcomeOf(state, today);
		expect(outcome.assessment.ruleSet.id).toBe('until-2017-09-30');
		expect(outcome.assessment.grounds.map((g) => g.ground.id)).toEqual([
			'noComputer',
			'digitalId',
			'noBroadband'
		]);
		expect(outcome.assessment.end).toEqual({ kind: 'date', date: '2018-11-01' });
		expect(outcome.assessment.timeLimitChange).toEqual({
			kind: 'removedBeforeEnd',
			endNow: { kind: 'none' }
		});
		expect(outcome.earlierDigitalId).toBe('NemID');
	});

	it('"I do not remember the date" goes on with today’s rules and says so', () => {
		const state = chooseDate(toQuestions('yes'), null);
		expect(currentStep(state)).toBe('question:device');
		expect(earlierDigitalId(state)).toBeNull();
		expect(outcomeOf(state, today).registration).toBe('unknown');
		expect(outcomeOf(state, today).assessment.ruleSet.id).toBe('from-2017-10-01');
	});

	it('an exemption from after MitID came speaks of MitID only', () => {
		expect(earlierDigitalId(chooseDate(toQuestions('yes'), d('2021-10-01')))).toBeNull();
		expect(earlierDigitalId(chooseDate(toQuestions('yes'), d('2021-09-30')))).toBe('NemID');
		expect(earlierDigitalId(toQuestions('no'))).toBeNull();
	});

	it('answering No to "already exempt?" after going back resets the date', () => {
		let state = chooseDate(toQuestions('yes'), d('2016-03-10'));
		state = back(back(state));
		expect(currentStep(state)).toBe('existing');
		state = answer(state, 'no');
		expect(state.registration).toEqual({ kind: 'today' });
	});

	it('shows progress on the question screens', () => {
		let state = start(initialState());
		expect(progress(state)).toEqual({ current: 1, total: 10 });
		state = answer(state, 'no');
		expect(progress(state)).toEqual({ current: 2, total: 10 });
		state = answer(state, 'yes');
		expect(progress(state)).toEqual({ current: 3, total: 11 });
		state = chooseDate(state, d('2020-01-01'));
		expect(progress(state)).toEqual({ current: 4, total: 11 });
		expect(progress(initialState())).toBeNull();
	});

	it('saved state survives JSON and is validated when read back', () => {
		const state = chooseDate(toQuestions('yes'), d('2016-03-10'));
		const restored = parseWizardState(JSON.parse(JSON.stringify(state)));
		expect(restored).toEqual(state);
		const finished = answerAll(
			toQuestions(),
			questions.map(() => 'unsure')
		);
		expect(parseWizardState(JSON.parse(JSON.stringify(finished)))).toEqual(finished);
		expect(parseWizardState({ ...state, path: ['nowhere'] })).toBeNull();
		expect(parseWizardState({ ...state, path: [] })).toBeNull();
		expect(parseWizardState({ ...state, path: ['question:nowhere'] })).toBeNull();
		expect(parseWizardState({ ...state, registration: { kind: 'date', date: '2017-02-30' } })).toBeNull();
		expect(parseWizardState({ ...state, registration: { kind: 'someday' } })).toBeNull();
		expect(parseWizardState({ ...state, answers: { device: 'maybe' } })).toBeNull();
		expect(parseWizardState({ ...state, answers: { nowhere: 'yes' } })).toBeNull();
		expect(parseWizardState({ ...state, helpFirst: 'perhaps' })).toBeNull();
		expect(parseWizardState(null)).toBeNull();
		expect(parseWizardState('state')).toBeNull();
	});
});

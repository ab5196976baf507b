/**
 * The wizard as a small state machine: pure functions from state to state, so every path can be tested
 * without a browser and the state can be saved on the device as plain JSON.
 */
import { isCalendarDate, type CalendarDate } from './calendar-date';
import { questions, type Answer, type QuestionId } from './questions';
import { assessExemption, digitalIdOn, type Assessment, type DigitalId, type GroundId } from './rules';

export type { Answer, QuestionId };

export type QuestionStep = `question:${QuestionId}`;
export type StepId = 'intro' | 'helpFirst' | 'helpOutcome' | 'existing' | 'date' | QuestionStep | 'outcome';

/** Which registration date decides the rules: today, an older exemption's date, or not known. */
export type Registration = { kind: 'today' } | { kind: 'date'; date: CalendarDate } | { kind: 'unknown' };

export interface WizardState {
	/** Steps visited, oldest first; the last one is shown. Back removes the last one. */
	path: StepId[];
	helpFirst: Answer | null;
	existing: Answer | null;
	registration: Registration;
	answers: Partial<Record<QuestionId, Answer>>;
}

const answers: readonly unknown[] = ['yes', 'no', 'unsure'] satisfies Answer[];
const questionIds: readonly unknown[] = questions.map((q) => q.id);
const plainSteps: readonly unknown[] = [
	'intro',
	'helpFirst',
	'helpOutcome',
	'existing',
	'date',
	'outcome'
] satisfies StepId[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const isAnswerOrNull = (value: unknown) => value === null || answers.includes(value);
const isStep = (value: unknown) =>
	plainSteps.includes(value) ||
	(typeof value === 'string' && value.startsWith('question:') && questionIds.includes(value.slice(9)));

function isRegistration(value: unknown): value is Registration {
	if (!isRecord(value)) return false;
	if (value.kind === 'today' || value.kind === 'unknown') return Object.keys(value).length === 1;
	return value.kind === 'date' && isCalendarDate(value.date) && Object.keys(value).length === 2;
}

/**
 * Reads state back from the device; anything that is not a state this code wrote gives null, and the
 * wizard starts afresh. A plain check instead of a schema library: it only ever checks what we saved
 * ourselves, and it runs on a public page where every kilobyte counts.
 */
export function parseWizardState(value: unknown): WizardState | null {
	if (!isRecord(value)) return null;
	const { path, helpFirst, existing, registration, answers: given } = value;
	if (!Array.isArray(path) || path.length === 0 || !path.every(isStep)) return null;
	if (!isAnswerOrNull(helpFirst) || !isAnswerOrNull(existing) || !isRegistration(registration)) return null;
	if (!isRecord(given)) return null;
	if (!Object.entries(given).every(([id, answer]) => questionIds.includes(id) && answers.includes(answer))) {
		return null;
	}
	return {
		path: path as StepId[],
		helpFirst: helpFirst as Answer | null,
		existing: existing as Answer | null,
		registration,
		answers: given as WizardState['answers']
	};
}

export function initialState(): WizardState {
	return { path: ['intro'], helpFirst: null, existing: null, registration: { kind: 'today' }, answers: {} };
}

export function currentStep(state: WizardState): StepId {
	return state.path[state.path.length - 1] ?? 'intro';
}

export function questionOf(step: StepId): QuestionId | null {
	return step.startsWith('question:') ? (step.slice('question:'.length) as QuestionId) : null;
}

const firstQuestion: QuestionStep = `question:${questions[0]!.id}`;

function go(state: WizardState, next: StepId, change: Partial<WizardState> = {}): WizardState {
	return { ...state, ...change, path: [...state.path, next] };
}

/** The intro's Start button. */
export function start(state: WizardState): WizardState {
	return currentStep(state) === 'intro' ? go(state, 'helpFirst') : state;
}

/** "Check exemption anyway" after the help advice. */
export function continueAfterHelp(state: WizardState): WizardState {
	return currentStep(state) === 'helpOutcome' ? go(state, 'existing') : state;
}

/** A Yes / No / I am not sure answer to the question on screen. "I am not sure" never blocks. */
export function answer(state: WizardState, value: Answer): WizardState {
	const step = currentStep(state);
	if (step === 'helpFirst') {
		return go(state, value === 'yes' ? 'helpOutcome' : 'existing', { helpFirst: value });
	}
	if (step === 'existing') {
		return value === 'yes'
			? go(state, 'date', { existing: value })
			: go(state, firstQuestion, { existing: value, registration: { kind: 'today' } });
	}
	const question = questionOf(step);
	if (question === null) return state;
	const index = questions.findIndex((q) => q.id === question);
	const next = questions[index + 1];
	return go(state, next ? `question:${next.id}` : 'outcome', {
		answers: { ...state.answers, [question]: value }
	});
}

/** The date of an older exemption, or null for "I do not remember". */
export function chooseDate(state: WizardState, date: CalendarDate | null): WizardState {
	if (currentStep(state) !== 'date') return state;
	const registration: Registration = date ? { kind: 'date', date } : { kind: 'unknown' };
	return go(state, firstQuestion, { registration });
}

export function back(state: WizardState): WizardState {
	return state.path.length > 1 ? { ...state, path: state.path.slice(0, -1) } : state;
}

/** Goes back to an earlier point of the path (the browser's Back button). */
export function backTo(state: WizardState, depth: number): WizardState {
	const keep = Math.max(1, Math.min(depth, state.path.length));
	return keep === state.path.length ? state : { ...state, path: state.path.slice(0, keep) };
}

/** The steps of the check in order, for the progress indicator (the intro and outcomes not counted). */
export function plannedSteps(state: WizardState): StepId[] {
	const steps: StepId[] = ['helpFirst'];
	if (state.path.includes('helpOutcome')) steps.push('helpOutcome');
	steps.push('existing');
	if (state.existing === 'yes' && state.path.includes('date')) steps.push('date');
	for (const q of questions) steps.push(`question:${q.id}`);
	return steps;
}

export function progress(state: WizardState): { current: number; total: number } | null {
	const steps = plannedSteps(state);
	const index = steps.indexOf(currentStep(state));
	return index === -1 ? null : { current: index + 1, total: steps.length };
}

/** The registration date whose rules apply: an older exemption's date, else today. */
export function registrationDate(state: WizardState, today: CalendarDate): CalendarDate {
	return state.registration.kind === 'date' ? state.registration.date : today;
}

/**
 * The digital ID of an older exemption's date when it was not MitID (so NemID, spoken of in the past);
 * null for a new application or an unknown date. The question itself always asks about MitID.
 */
export function earlierDigitalId(state: WizardState): Exclude<DigitalId, 'MitID'> | null {
	if (state.registration.kind !== 'date') return null;
	const id = digitalIdOn(state.registration.date);
	return id === 'MitID' ? null : id;
}

export interface Outcome {
	registration: Registration['kind'];
	assessment: Assessment;
	/** Questions answered "I am not sure", in the order asked. */
	unsure: QuestionId[];
	existingUnsure: boolean;
	/** NemID when the older exemption dates from before MitID (see `earlierDigitalId`). */
	earlierDigitalId: Exclude<DigitalId, 'MitID'> | null;
}

/** What the answers add up to, under the rules in force on the registration date. */
export function outcomeOf(state: WizardState, today: CalendarDate): Outcome {
	const grounds: GroundId[] = [];
	const unsure: QuestionId[] = [];
	for (const question of questions) {
		const given = state.answers[question.id];
		if (given === question.fitsWhen) grounds.push(question.ground);
		if (given === 'unsure') unsure.push(question.id);
	}
	return {
		registration: state.registration.kind,
		assessment: assessExemption(registrationDate(state, today), grounds),
		unsure,
		existingUnsure: state.existing === 'unsure',
		earlierDigitalId: earlierDigitalId(state)
	};
}

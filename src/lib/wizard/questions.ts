import type { GroundId } from './rules';

/** The wizard's questions, each tied to the ground it tests (the same eight under both rule sets). */
export type QuestionId =
	'device' | 'internet' | 'memory' | 'body' | 'danish' | 'digitalId' | 'address' | 'abroad';

export type Answer = 'yes' | 'no' | 'unsure';

export interface Question {
	id: QuestionId;
	/** The answer that means the ground fits (questions are asked the natural way round). */
	fitsWhen: 'yes' | 'no';
	ground: GroundId;
}

/** Asked in this order. */
export const questions: readonly Question[] = [
	{ id: 'device', fitsWhen: 'no', ground: 'noComputer' },
	{ id: 'internet', fitsWhen: 'no', ground: 'noBroadband' },
	{ id: 'memory', fitsWhen: 'yes', ground: 'cognitiveImpairment' },
	{ id: 'body', fitsWhen: 'yes', ground: 'physicalImpairment' },
	{ id: 'danish', fitsWhen: 'no', ground: 'language' },
	{ id: 'digitalId', fitsWhen: 'yes', ground: 'digitalId' },
	{ id: 'address', fitsWhen: 'no', ground: 'noFixedAddress' },
	{ id: 'abroad', fitsWhen: 'yes', ground: 'leftDenmark' }
];

import type { GroundFrom2017, GroundUntil2017, RuleSetId } from './rules';

/** The wizard's questions, each tied to the ground it tests under each rule set. */
export type QuestionId =
	'device' | 'internet' | 'memory' | 'body' | 'danish' | 'digitalId' | 'address' | 'abroad';

export type Answer = 'yes' | 'no' | 'unsure';

export interface Question {
	id: QuestionId;
	/** The answer that means the ground fits (questions are asked the natural way round). */
	fitsWhen: 'yes' | 'no';
	grounds: { 'until-2017-09-30': GroundUntil2017; 'from-2017-10-01': GroundFrom2017 };
}

/**
 * Asked in this order. Before 1 October 2017 one ground covered both "no computer" and "no adequate
 * internet", and one covered both kinds of disability, so two questions can lead to the same old ground.
 */
export const questions: readonly Question[] = [
	{
		id: 'device',
		fitsWhen: 'no',
		grounds: { 'until-2017-09-30': 'noComputerWithInternet', 'from-2017-10-01': 'noComputer' }
	},
	{
		id: 'internet',
		fitsWhen: 'no',
		grounds: { 'until-2017-09-30': 'noComputerWithInternet', 'from-2017-10-01': 'noBroadband' }
	},
	{
		id: 'memory',
		fitsWhen: 'yes',
		grounds: { 'until-2017-09-30': 'disability', 'from-2017-10-01': 'cognitiveImpairment' }
	},
	{
		id: 'body',
		fitsWhen: 'yes',
		grounds: { 'until-2017-09-30': 'disability', 'from-2017-10-01': 'physicalImpairment' }
	},
	{
		id: 'danish',
		fitsWhen: 'no',
		grounds: { 'until-2017-09-30': 'language', 'from-2017-10-01': 'language' }
	},
	{
		id: 'digitalId',
		fitsWhen: 'yes',
		grounds: { 'until-2017-09-30': 'digitalSignature', 'from-2017-10-01': 'digitalId' }
	},
	{
		id: 'address',
		fitsWhen: 'no',
		grounds: { 'until-2017-09-30': 'homeless', 'from-2017-10-01': 'noFixedAddress' }
	},
	{
		id: 'abroad',
		fitsWhen: 'yes',
		grounds: { 'until-2017-09-30': 'leftDenmark', 'from-2017-10-01': 'leftDenmark' }
	}
];

export function groundFor(question: Question, ruleSet: RuleSetId): GroundUntil2017 | GroundFrom2017 {
	return question.grounds[ruleSet];
}

// Maps the wizard's ids to their messages, in a given locale (the print view shows two at once).
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { formatDate, formatNumber } from '$lib/i18n/format';
import { calendarDateToDate, type CalendarDate } from './calendar-date';
import type { Outcome } from './flow';
import type { QuestionId } from './questions';
import type { GroundId } from './rules';

export function questionText(id: QuestionId, locale: Locale): string {
	const o = { locale };
	switch (id) {
		case 'device':
			return m.wizard_q_device({}, o);
		case 'internet':
			return m.wizard_q_internet({}, o);
		case 'memory':
			return m.wizard_q_memory({}, o);
		case 'body':
			return m.wizard_q_body({}, o);
		case 'danish':
			return m.wizard_q_danish({}, o);
		case 'digitalId':
			return m.wizard_q_digital_id({}, o);
		case 'address':
			return m.wizard_q_address({}, o);
		case 'abroad':
			return m.wizard_q_abroad({}, o);
	}
}

export function questionHint(id: QuestionId, locale: Locale): string {
	const o = { locale };
	switch (id) {
		case 'device':
			return m.wizard_q_device_hint({}, o);
		case 'internet':
			return m.wizard_q_internet_hint({}, o);
		case 'memory':
			return m.wizard_q_memory_hint({}, o);
		case 'body':
			return m.wizard_q_body_hint({}, o);
		case 'danish':
			return m.wizard_q_danish_hint({}, o);
		case 'digitalId':
			return m.wizard_q_digital_id_hint({}, o);
		case 'address':
			return m.wizard_q_address_hint({}, o);
		case 'abroad':
			return m.wizard_q_abroad_hint({}, o);
	}
}

export function groundText(id: GroundId, locale: Locale): string {
	const o = { locale };
	switch (id) {
		case 'cognitiveImpairment':
			return m.wizard_ground_cognitiveImpairment({}, o);
		case 'physicalImpairment':
			return m.wizard_ground_physicalImpairment({}, o);
		case 'noComputer':
			return m.wizard_ground_noComputer({}, o);
		case 'leftDenmark':
			return m.wizard_ground_leftDenmark({}, o);
		case 'noFixedAddress':
			return m.wizard_ground_noFixedAddress({}, o);
		case 'language':
			return m.wizard_ground_language({}, o);
		case 'digitalId':
			return m.wizard_ground_digitalId({}, o);
		case 'noBroadband':
			return m.wizard_ground_noBroadband({}, o);
	}
}

/** A calendar date written out in the locale, e.g. "1. november 2018" or "١ نوفمبر ٢٠١٨". */
export function dateText(date: CalendarDate, locale: Locale): string {
	return formatDate(calendarDateToDate(date), locale);
}

export function countText(count: number, locale: Locale): string {
	return formatNumber(count, locale);
}

/** The outcome screen's heading. */
export function outcomeTitle(outcome: Outcome, locale: Locale): string {
	const o = { locale };
	if (outcome.registration === 'date') return m.wizard_out_existing_title({}, o);
	if (outcome.assessment.grounds.length > 0) return m.wizard_out_yes_title({}, o);
	if (outcome.unsure.length > 0 || outcome.existingUnsure) return m.wizard_out_unsure_title({}, o);
	return m.wizard_out_no_title({}, o);
}

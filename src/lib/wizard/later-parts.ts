// The parts of the wizard's later screens: the date picker, the outcome's details and its printout. The
// browser loads them once the wizard is under way (Wizard.svelte), so opening the page does not download
// them; the server and the tests import them directly.
import DatePicker from './DatePicker.svelte';
import OutcomeDetails from './OutcomeDetails.svelte';
import PrintSummary from './PrintSummary.svelte';

export const laterParts = { DatePicker, OutcomeDetails, PrintSummary };
export type LaterParts = typeof laterParts;

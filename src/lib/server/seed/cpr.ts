/** 31 February never happens, so the demo CPR number can never be a real person's. */
export const DEMO_CPR = '3102901234';

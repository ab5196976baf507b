import { z } from 'zod';

// A UUID is 36 characters; the bound also gives RxDB the length it needs for a primary key.
export const uuid = z.uuid().max(36);
export const isoDateTime = z.iso.datetime({ offset: true });
/** Milliseconds since the epoch, as the server or a device clock gave it. */
export const epochMs = z.number().int().min(0).max(8.64e15);

/** The error body every API answers with; `field` names the input that was wrong. */
export const apiError = z.object({
	error: z.string(),
	message: z.string(),
	field: z.string().optional()
});
export type ApiError = z.infer<typeof apiError>;

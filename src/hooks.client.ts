import { z } from 'zod';

// zod compiles schemas with `new Function` when it may; the pages' Content-Security-Policy forbids eval, so
// zod would try, be refused (a policy violation report) and fall back. Tell it up front to not try.
z.config({ jitless: true });

/** The open mailbox, handed from the mail layout to every mail page and component through context. */
import { createContext } from 'svelte';
import type { Mailbox } from './mailbox.svelte';

const [getMailbox, setMailbox] = createContext<Mailbox>();

/** The mailbox of the surrounding mail layout (call during component initialisation). */
export const useMailbox = getMailbox;
export const provideMailbox = setMailbox;

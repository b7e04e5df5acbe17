import { createContext } from 'preact';

/** True when the person may look but not change (a viewer): inputs a fieldset cannot disable read it. */
export const ReadOnly = createContext(false);

import { AppError, type ErrorHint } from '../../shared/errors';

/** A change that runs code or moves trust, as main describes it to the person. */
export interface TrustConfirmation {
  /** One line: what is about to happen. */
  message: string;
  /** The specifics (each setting and its value, the file, the fingerprint). */
  detail: string;
  /** The label of the button that goes ahead; the other one cancels and is the default. */
  confirmLabel: string;
  /** How to do the same without the app (for where no confirmation can be asked), in words. */
  instead: string;
  /** The same as a hint, where a surface can say it its own way (the CLI as a command). */
  hint?: ErrorHint;
}

/**
 * Asks the person, in a way the renderer cannot answer for them: a native dialog of the main
 * process in the app. Answers true only when the person confirmed. The renderer is untrusted
 * (it shows text from remote machines all day), so what runs code on this computer or changes
 * which servers are believed genuine is never settled by a renderer's say-so.
 */
export interface TrustedConfirmer {
  confirm(request: TrustConfirmation): Promise<boolean>;
}

/**
 * Where main has no dialog of its own (the browser bridge, where every window is a web page that
 * whoever holds the token can drive): such changes are refused, with the way to make them outside.
 */
export const refusingConfirmer: TrustedConfirmer = {
  confirm: async (request) => {
    throw new AppError(
      'CONFIRMATION_REQUIRED',
      `${request.message} This needs a confirmation that a browser page cannot give, so nothing was changed. ${request.instead}`,
      {
        details: { detail: request.detail },
        hint: request.hint,
      },
    );
  },
};

/** Asks, and throws PROMPT_CANCELLED unless the person confirmed. */
export async function requireConfirmation(confirmer: TrustedConfirmer, request: TrustConfirmation): Promise<void> {
  if (!(await confirmer.confirm(request))) throw new AppError('PROMPT_CANCELLED', `${request.message} You did not confirm it, so nothing was changed.`);
}

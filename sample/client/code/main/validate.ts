import { validateSync } from 'class-validator';
import { SendMessage } from '../../../shared/messages';

/**
 * The DTO the server validates, checked in the browser before sending: an empty or overlong
 * message is refused without a round trip. Loaded with import() when the first message is sent,
 * so class-validator is a chunk of its own rather than part of every page load.
 */
export function problems(room: string, text: string): string[] {
  const message = Object.assign(new SendMessage(), { room, text });
  return validateSync(message).flatMap((error) => Object.values(error.constraints ?? {}));
}

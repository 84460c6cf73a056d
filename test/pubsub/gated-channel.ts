import { Channel } from 'socketstream/decorators';

/**
 * A new `slow:{id}` channel class (with presence) whose `canJoin` waits until `open()` is called,
 * to catch joins in progress without timing.
 */
export function gatedChannel() {
  let open: () => void = () => {};
  const gate = new Promise<void>((r) => (open = r));
  @Channel('slow:{id}', { presence: true })
  class SlowChannel {
    async canJoin() {
      await gate;
      return true;
    }
  }
  return { SlowChannel, open };
}

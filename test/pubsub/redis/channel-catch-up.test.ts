import type { HistoryResult, SequencedMessage } from 'socketstream';
import { ChannelCatchUp } from '../../../src/pubsub/redis/channel-catch-up';
import { eventually } from '../../support/eventually';

const msg = (seq: number): SequencedMessage => ({ seq, body: `"e":"m${seq}"` });

describe('ChannelCatchUp', () => {
  it('keeps holding live messages and reads the history again when Redis fails the first read, losing nothing', async () => {
    const delivered: number[] = [];
    let failures = 1;
    const history = async (_channel: string, after: number): Promise<HistoryResult> => {
      if (failures-- > 0) throw new Error('Redis is still down');
      return { messages: [2, 3, 4].filter((s) => s > after).map(msg), gap: false, latest: 4 };
    };
    const catchUp = new ChannelCatchUp((_c, m) => delivered.push(m.seq), history, 10);
    catchUp.live('room', msg(1));
    const channels = catchUp.hold();
    catchUp.live('room', msg(5));
    await catchUp.catchUp(channels);
    expect(delivered).toEqual([1]);
    await eventually(() => expect(delivered).toEqual([1, 2, 3, 4, 5]));
    catchUp.stop();
  });
});

import type { HistoryResult, SequencedMessage } from '../pubsub-transport';
import { LuaScript } from './lua-script';

/*
 * A channel's history is a Redis list of entries `<seq>|<at>|<body>`, oldest first, where `at` is
 * Redis's own clock (TIME) in milliseconds: one clock for every node, so the age window does not
 * depend on which node appended or reads. Entries are consecutive sequence numbers ending at the
 * channel's latest one, so the entry for seq s sits at index s - <seq of the head>.
 */

/** Lua: `<at>` in ms from Redis TIME, as an integer (TIME gives seconds and microseconds). */
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: seq, history. ARGV: body, size, maxAge, pubsub channel.
 * INCR seq; append the entry and trim the list to `size` entries, then drop entries older than
 * `maxAge` from its head (amortised: each entry is dropped once); expire the whole list after
 * `maxAge` of quiet; PUBLISH `<seq>|<body>`; return seq. A script runs atomically, so numbering,
 * history and the PUBLISH happen in one order for every node.
 */
export const appendAndPublish = new LuaScript(
  `local seq = redis.call('INCR', KEYS[1])
local size = tonumber(ARGV[2])
local maxAge = tonumber(ARGV[3])
if size > 0 and maxAge > 0 then
  ${NOW_MS}
  redis.call('RPUSH', KEYS[2], seq .. '|' .. string.format('%.0f', now) .. '|' .. ARGV[1])
  redis.call('LTRIM', KEYS[2], -size, -1)
  local oldest = now - maxAge
  while true do
    local head = redis.call('LINDEX', KEYS[2], 0)
    if not head or tonumber(string.match(head, '^%d+|(%d+)|')) >= oldest then break end
    redis.call('LPOP', KEYS[2])
  end
  redis.call('PEXPIRE', KEYS[2], maxAge)
else
  redis.call('DEL', KEYS[2])
end
redis.call('PUBLISH', ARGV[4], seq .. '|' .. ARGV[1])
return seq`,
  2,
);

/**
 * KEYS: seq, history. ARGV: afterSeq (an integer), maxAge.
 * Returns `{latest, entry…}`: the entries with seq > afterSeq no older than `maxAge`, oldest first.
 * Reads only: entries past their age are skipped here and dropped by the next append.
 */
export const readHistory = new LuaScript(
  `local latest = tonumber(redis.call('GET', KEYS[1]) or '0')
local after = tonumber(ARGV[1])
if after >= latest then return {latest} end
local head = redis.call('LINDEX', KEYS[2], 0)
if not head then return {latest} end
local start = after + 1 - tonumber(string.match(head, '^(%d+)|'))
if start < 0 then start = 0 end
${NOW_MS}
local oldest = now - tonumber(ARGV[2])
local reply = {latest}
for _, entry in ipairs(redis.call('LRANGE', KEYS[2], start, -1)) do
  local seq, at = string.match(entry, '^(%d+)|(%d+)|')
  if tonumber(seq) > after and tonumber(at) >= oldest then reply[#reply + 1] = entry end
end
return reply`,
  2,
);

/** Turns `readHistory`'s reply into the transport's result, with ChannelHistory's `gap` rule. */
export function parseHistory(reply: unknown, afterSeq: number): HistoryResult {
  const [latest, ...entries] = reply as [number, ...string[]];
  const messages = entries.map(parseEntry);
  // Something after afterSeq is missing when the first message kept is not the very next one.
  const gap = afterSeq < latest && (messages.length === 0 || messages[0].seq > afterSeq + 1);
  return { messages, gap, latest: Number(latest) };
}

/** `<seq>|<at>|<body>` → message (the body may itself contain `|`). */
function parseEntry(entry: string): SequencedMessage {
  const first = entry.indexOf('|');
  const second = entry.indexOf('|', first + 1);
  return { seq: Number(entry.slice(0, first)), body: entry.slice(second + 1) };
}

/** What `appendAndPublish` PUBLISHes, `<seq>|<body>`, back into a message; undefined when malformed. */
export function parseLiveMessage(payload: string): SequencedMessage | undefined {
  const bar = payload.indexOf('|');
  const seq = Number(payload.slice(0, bar));
  return bar > 0 && Number.isSafeInteger(seq) ? { seq, body: payload.slice(bar + 1) } : undefined;
}

/**
 * A listener of `ss.event`: the event's data and, for a channel event, the channel's name
 * (`undefined` for `publish.all`, `publish.user` and `publish.socket`).
 */
export type AppEventListener = (data: unknown, channel?: string) => void;

/**
 * The events of `ss.event`: any name the server publishes, each with an {@link AppEventListener};
 * and `$gap` (data `undefined`, the channel's name second) when messages of a channel missed
 * during a disconnect are no longer kept, for every channel with or without a handle: the way to
 * hear of a gap in a channel the server joined the session to (`session.channels`).
 */
export type AppEvents = Record<string, AppEventListener>;

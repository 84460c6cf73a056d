/**
 * A listener of `ss.event`: the event's data and, for a channel event, the channel's name
 * (`undefined` for `publish.all`, `publish.user` and `publish.socket`).
 */
export type AppEventListener = (data: unknown, channel?: string) => void;

/** The events of `ss.event`: any name the server publishes, each with an {@link AppEventListener}. */
export type AppEvents = Record<string, AppEventListener>;

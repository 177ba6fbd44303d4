// The time source every store and cache reads, injected so tests control it. Knows nothing else.

/** Returns the current time. Production uses the system clock; tests pass a manual one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

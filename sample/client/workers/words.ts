/**
 * A web worker, bundled on its own (client/workers/words.ts): counts the words of the draft
 * message off the page's thread. Started by `ss.worker('words')`.
 */
const scope = self as unknown as { onmessage: ((event: MessageEvent<string>) => void) | null; postMessage(count: number): void };

scope.onmessage = (event) => {
  scope.postMessage(event.data.trim().split(/\s+/).filter(Boolean).length);
};

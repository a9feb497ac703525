const doneMarker = 'data: [DONE]';

/**
 * A `fetch` for one chat-completions stream that notes whether the body carried the wire format's own
 * end marker, `data: [DONE]`. The AI SDK drops that line, and some OpenAI-compatible servers end a
 * complete answer with it but never send a `finish_reason`; seeing the marker is what tells such an
 * answer apart from a connection that was merely closed early.
 */
export function watchDoneMarker(fetch: typeof globalThis.fetch = globalThis.fetch): {
  fetch: typeof globalThis.fetch;
  sawDone(): boolean;
} {
  let seen = false;
  const watched: typeof globalThis.fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const decoder = new TextDecoder();
    let tail = '';
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          // Keep the end of the previous chunk so a marker split across two chunks is still found.
          const text = tail + decoder.decode(chunk, { stream: true });
          if (text.includes(doneMarker)) seen = true;
          tail = text.slice(-doneMarker.length);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return { fetch: watched, sawDone: () => seen };
}

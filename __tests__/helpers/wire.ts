/**
 * The one place tests turn a codec's stream output into bytes: every event framed with
 * `frameEvent` in order, then `closeFraming`. Tests read stream output only through this
 * helper (never an event's `data` or `encode`), so a change in how events are represented
 * needs an update here and nowhere else.
 */
import { listOf, type EventList } from '../../src/stream/event-list.js';
import { closeFraming, frameEvent, type Framing, type WireEvent } from '../../src/stream/framing.js';

/**
 * @example streamWireText(listOf([{ data: '[DONE]' }]), 'sse') // 'data: [DONE]\n\n'
 */
export function streamWireText(list: EventList | readonly WireEvent[], framing: Framing): string {
  const events = Array.isArray(list) ? listOf(list) : (list as EventList);
  let out = '';
  for (let i = 0; i < events.length; i++) out += frameEvent(framing, events.get(i), i);
  return out + closeFraming(framing, events.length);
}

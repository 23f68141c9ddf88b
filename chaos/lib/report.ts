import type { Acknowledged } from './senders.js';
import type { Subscriber } from './subscribers.js';

export interface Fault {
  name: string;
  /** When it was injected and when the service was back (ms since the run's start). */
  at: number;
  recoveredAt: number;
}

export interface FaultReport {
  fault: string;
  backAfterMs: number;
  /** The longest time any subscriber went without a delivery, across the fault. */
  longestGapMs: number;
  /** From the fault until every subscriber had a message acknowledged after the fault. */
  allLiveAgainMs: number | null;
}

/** Acknowledged messages some member of their room never got, summed over members. */
export function countLost(acknowledged: Acknowledged[], subscribers: Subscriber[]): number {
  let lost = 0;
  for (const subscriber of subscribers) {
    for (const message of acknowledged) {
      if (message.roomIndex === subscriber.roomIndex && !subscriber.delivered.has(message.id)) lost++;
    }
  }
  return lost;
}

/** True once every member has every acknowledged message of its room. */
export function allDelivered(acknowledged: Acknowledged[], subscribers: Subscriber[]): boolean {
  return countLost(acknowledged, subscribers) === 0;
}

/** The longest gap between two deliveries (or the fault and the next delivery) that spans the fault. */
function longestGap(subscriber: Subscriber, fault: Fault): number {
  const times = subscriber.deliveryTimes;
  let longest = 0;
  let previous = times.filter((time) => time <= fault.at).at(-1) ?? fault.at;
  for (const time of times) {
    if (time <= fault.at) continue;
    longest = Math.max(longest, time - previous);
    previous = time;
    if (time > fault.recoveredAt) break;
  }
  return longest;
}

function liveAgainAfter(subscriber: Subscriber, fault: Fault, acknowledged: Acknowledged[]): number | null {
  const firstAfter = acknowledged
    .filter((message) => message.roomIndex === subscriber.roomIndex && message.at > fault.at)
    .map((message) => subscriber.delivered.get(message.id))
    .filter((time): time is number => time !== undefined)
    .sort((a, b) => a - b)[0];
  return firstAfter === undefined ? null : firstAfter - fault.at;
}

export function reportFault(fault: Fault, subscribers: Subscriber[], acknowledged: Acknowledged[]): FaultReport {
  const live = subscribers.map((subscriber) => liveAgainAfter(subscriber, fault, acknowledged));
  return {
    fault: fault.name,
    backAfterMs: Math.round(fault.recoveredAt - fault.at),
    longestGapMs: Math.round(Math.max(0, ...subscribers.map((subscriber) => longestGap(subscriber, fault)))),
    allLiveAgainMs: live.includes(null) ? null : Math.round(Math.max(...(live as number[]))),
  };
}

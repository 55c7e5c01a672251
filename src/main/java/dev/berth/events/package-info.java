/**
 * Events and webhooks: what happened in the registry (a push, a delete, a pull, a quota refusal,
 * a garbage collection), recorded in an outbox in the transaction of the change, and delivered at
 * least once to subscribed receivers, as CloudEvents or CNCF Distribution notifications, signed
 * the Standard Webhooks way. Delivery runs on any replica, claims its rows with
 * {@code SKIP LOCKED}, retries with backoff, and keeps nothing only in memory.
 */
package dev.berth.events;

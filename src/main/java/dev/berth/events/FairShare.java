package dev.berth.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.berth.metadata.EventRows.DueDelivery;

/**
 * Which due deliveries the free senders take, so that a slow or failing receiver cannot hold back
 * the others: one subscription has at most {@code perSubscription} deliveries in flight (half the
 * senders), and the free senders go round the subscriptions, least busy first, each subscription's
 * deliveries oldest first. A subscription alone may still use its whole share.
 */
record FairShare(int perSubscription) {

    static FairShare forSenders(int senders) {
        return new FairShare(Math.max(1, senders / 2));
    }

    /** How many more of a subscription's deliveries may be in flight. */
    int room(long webhookId, Map<Long, Integer> inFlight) {
        return Math.max(0, perSubscription - inFlight.getOrDefault(webhookId, 0));
    }

    /**
     * Chooses at most {@code free} of the candidates (each subscription's oldest first) given what
     * is in flight now.
     */
    List<DueDelivery> choose(Map<Long, List<DueDelivery>> candidates, Map<Long, Integer> inFlight, int free) {
        List<Long> order = new ArrayList<>(candidates.keySet());
        order.sort(Comparator.<Long>comparingInt(id -> inFlight.getOrDefault(id, 0))
                .thenComparingLong(id -> candidates.get(id).isEmpty() ? Long.MAX_VALUE : candidates.get(id).get(0).id()));
        List<DueDelivery> chosen = new ArrayList<>();
        for (int round = 0; chosen.size() < free; round++) {
            boolean any = false;
            for (long webhookId : order) {
                List<DueDelivery> queue = candidates.get(webhookId);
                if (round < queue.size() && round < room(webhookId, inFlight) && chosen.size() < free) {
                    chosen.add(queue.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return chosen;
    }
}

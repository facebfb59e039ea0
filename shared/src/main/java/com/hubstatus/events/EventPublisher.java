package com.hubstatus.events;

import com.hubstatus.store.HubStore;
import com.hubstatus.store.OutboxEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Publishes events that a transaction wrote to the outbox, at most ten per PutEvents call,
 * retrying failed entries a few times; what is published leaves the outbox. What still fails
 * stays there, and the staleness sweep publishes it later, so no event is lost.
 */
public final class EventPublisher {

    /** EventBridge takes at most ten entries per PutEvents call. */
    public static final int MAX_ENTRIES_PER_CALL = 10;
    static final int ATTEMPTS = 3;

    private static final System.Logger LOG = System.getLogger(EventPublisher.class.getName());

    private final EventBridgeClient eventBridge;
    private final String busName;
    private final HubStore store;

    public EventPublisher(EventBridgeClient eventBridge, String busName, HubStore store) {
        this.eventBridge = Objects.requireNonNull(eventBridge, "eventBridge");
        this.busName = Objects.requireNonNull(busName, "busName");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Publishes the events and removes the published ones from the outbox; returns what failed. */
    public Result publish(List<OutboxEvent> events) {
        List<String> published = new ArrayList<>();
        List<OutboxEvent> failed = new ArrayList<>();
        for (int i = 0; i < events.size(); i += MAX_ENTRIES_PER_CALL) {
            List<OutboxEvent> pending = events.subList(i, Math.min(i + MAX_ENTRIES_PER_CALL, events.size()));
            for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
                pending = putBatch(pending, published);
            }
            failed.addAll(pending);
        }
        if (!published.isEmpty()) {
            store.deleteOutbox(published);
        }
        for (OutboxEvent event : failed) {
            LOG.log(Level.WARNING, "event {0} ({1}) stays in the outbox for a later attempt", event.eventId(),
                    event.detailType());
        }
        return new Result(published.size(), failed);
    }

    /** One PutEvents call; returns the entries that failed. */
    private List<OutboxEvent> putBatch(List<OutboxEvent> batch, List<String> published) {
        List<PutEventsRequestEntry> entries = batch.stream().map(e -> PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(EventCodec.SOURCE)
                .detailType(e.detailType())
                .detail(e.detail())
                .build()).toList();
        PutEventsResponse response;
        try {
            response = eventBridge.putEvents(b -> b.entries(entries));
        } catch (SdkException e) {
            LOG.log(Level.WARNING, "PutEvents failed: {0}", e.getMessage());
            return batch;
        }
        List<OutboxEvent> failed = new ArrayList<>();
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < batch.size(); i++) {
            PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
            if (result != null && result.errorCode() == null && result.eventId() != null) {
                published.add(batch.get(i).eventId());
            } else {
                failed.add(batch.get(i));
            }
        }
        return failed;
    }

    /**
     * @param published how many events were published
     * @param failed    the events that stay in the outbox
     */
    public record Result(int published, List<OutboxEvent> failed) {
    }
}

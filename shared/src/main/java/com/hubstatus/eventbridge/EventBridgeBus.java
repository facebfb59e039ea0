package com.hubstatus.eventbridge;

import com.hubstatus.observability.JsonLogger;
import com.hubstatus.events.EventCodec;
import com.hubstatus.outbox.EventBus;
import com.hubstatus.outbox.OutboxEntry;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/** hubstatus's EventBridge bus: outbox entries as PutEvents entries, at most ten per call. */
public final class EventBridgeBus implements EventBus {

    /** EventBridge takes at most ten entries per PutEvents call. */
    public static final int MAX_ENTRIES_PER_CALL = 10;

    /** Looked up at the first log line: the logging system's set-up is start-up time a request without one never needs. */
    private static final class Log {
        static final System.Logger LOG = JsonLogger.of(EventBridgeBus.class);
    }

    private final Supplier<EventBridgeClient> eventBridge;
    private final String busName;

    public EventBridgeBus(EventBridgeClient eventBridge, String busName) {
        Objects.requireNonNull(eventBridge, "eventBridge");
        this.eventBridge = () -> eventBridge;
        this.busName = Objects.requireNonNull(busName, "busName");
    }

    /**
     * A bus whose client is made by {@code eventBridge} at the first publication: a function whose
     * invocation publishes nothing never loads the EventBridge client's classes.
     */
    public EventBridgeBus(Supplier<EventBridgeClient> eventBridge, String busName) {
        this.eventBridge = Objects.requireNonNull(eventBridge, "eventBridge");
        this.busName = Objects.requireNonNull(busName, "busName");
    }

    @Override
    public Set<String> put(List<OutboxEntry> entries) {
        Set<String> accepted = new HashSet<>();
        for (int i = 0; i < entries.size(); i += MAX_ENTRIES_PER_CALL) {
            putBatch(entries.subList(i, Math.min(i + MAX_ENTRIES_PER_CALL, entries.size())), accepted);
        }
        return accepted;
    }

    /** One PutEvents call; adds the ids of the entries EventBridge accepted. */
    private void putBatch(List<OutboxEntry> batch, Set<String> accepted) {
        List<PutEventsRequestEntry> request = batch.stream().map(entry -> PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(EventCodec.SOURCE)
                .detailType(entry.detailType())
                .detail(entry.detail())
                .build()).toList();
        PutEventsResponse response;
        try {
            response = eventBridge.get().putEvents(b -> b.entries(request));
        } catch (SdkException e) {
            Log.LOG.log(Level.WARNING, "PutEvents failed: {0}", e.getMessage());
            return;
        }
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < batch.size() && i < results.size(); i++) {
            PutEventsResultEntry result = results.get(i);
            if (result.errorCode() == null && result.eventId() != null) {
                accepted.add(batch.get(i).eventId());
            }
        }
    }
}

package com.hubstatus.local.emulators.eventbridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.emulators.ExecutorShutdown;
import com.hubstatus.local.emulators.ServerSlot;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
  * A loopback stand-in for Amazon EventBridge's PutEvents, spoken over the AWS JSON 1.1 protocol so
  * the real SDK client can be pointed at it with {@code endpointOverride(endpoint())}.
  *
  * <p>It answers and validates as EventBridge does: at most {@value #MAX_ENTRIES} entries and
  * {@value #MAX_REQUEST_BYTES} bytes of entries a call (else the whole call fails with
  * ValidationException), and a per-entry InvalidArgument or MalformedDetail result for an entry
  * without Source, DetailType or Detail, or whose Detail is not a JSON object. Signatures are not
  * checked. Accepted events are recorded, then handed to subscribers.
  */
public final class LocalEventBridge implements AutoCloseable {

    /** The account and region the loopback bus claims to live in, as delivered events show them. */
    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    public static final int MAX_ENTRIES = 10;
    /** EventBridge's limit on the summed size of one request's entries, sized as its guide says. */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;

    static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String PUT_EVENTS = "AWSEvents.PutEvents";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String DEFAULT_BUS = "default";
    /** The guide sizes a given Time as 14 bytes whatever its form. */
    private static final int TIME_BYTES = 14;
    private static final System.Logger LOG = System.getLogger(LocalEventBridge.class.getName());

    private final Clock clock;
    private final int port;
    private final List<Consumer<BusEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<BusEvent>> acceptListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong putEventsCalls = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();

    // Guarded by this: what was accepted and which faults are still to be served, so that the order
    // in which concurrent calls consume faults is the order in which their events are recorded.
    private final List<BusEvent> events = new ArrayList<>();
    private final Deque<String> entryFaults = new ArrayDeque<>();
    private final Deque<CallFault> callFaults = new ArrayDeque<>();

    private final ServerSlot server = new ServerSlot();
    private ExecutorService delivery;

    public LocalEventBridge(Clock clock) {
        this(clock, 0);
    }

    /** @param port the loopback port to listen on, 0 for any free one */
    public LocalEventBridge(Clock clock, int port) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
    }

    public synchronized LocalEventBridge start() {
        server.requireStopped();
        // One thread, so subscribers see events in the order they were accepted.
        delivery = Executors.newSingleThreadExecutor(
                runnable -> {
                    Thread thread = new Thread(runnable, "local-eventbridge-delivery");
                    thread.setDaemon(true);
                    return thread;
                });
        server.start(port, this::handle);
        return this;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Every accepted event, oldest first. */
    public synchronized List<BusEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<BusEvent> events(String detailType) {
        return events.stream().filter(event -> event.detailType().equals(detailType)).toList();
    }

    /** Forgets recorded events, the call count and unused faults; subscribers stay. */
    public synchronized void clear() {
        events.clear();
        entryFaults.clear();
        callFaults.clear();
        putEventsCalls.set(0);
    }

    /** PutEvents calls received, including those that failed, so a test can see SDK retries. */
    public long putEventsCalls() {
        return putEventsCalls.get();
    }

    /** How many times a subscriber threw. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    /**
      * The next {@code count} otherwise valid entries fail with {@code errorCode} (the call still
      * answers 200, with FailedEntryCount), as EventBridge does under partial failure.
      */
    public synchronized void failNextEntries(int count, String errorCode) {
        requirePositive(count);
        Objects.requireNonNull(errorCode, "errorCode");
        for (int i = 0; i < count; i++) {
            entryFaults.addLast(errorCode);
        }
    }

    /**
      * The next {@code count} PutEvents calls fail as a whole with {@code httpStatus} and error type
      * {@code type}, such as 500 InternalException or 400 ThrottlingException.
      */
    public synchronized void failNextCalls(int count, int httpStatus, String type) {
        requirePositive(count);
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("not an error status: " + httpStatus);
        }
        Objects.requireNonNull(type, "type");
        for (int i = 0; i < count; i++) {
            callFaults.addLast(new CallFault(httpStatus, type));
        }
    }

    /**
      * Tells {@code listener} of each event accepted from now on, on a delivery thread of its own and
      * only after the caller has its response, so a slow listener never holds up a publisher.
      */
    public void subscribe(Consumer<BusEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
      * Tells {@code listener} of each event accepted from now on, on the PutEvents call's own thread
      * and before the caller has its response. Whatever the listener records (a delivery queued, a
      * counter raised) is therefore in place by the time the publisher learns that its event was
      * taken, so nobody waiting for the bus to go quiet can miss it. The listener must only record
      * or queue: anything slow holds up the publisher.
      */
    public void onAccepted(Consumer<BusEvent> listener) {
        acceptListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The event as EventBridge hands it to a Lambda target. */
    public static String toLambdaPayload(BusEvent event) {
        try {
            return JSON.writeValueAsString(envelope(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode tree always serializes", e);
        }
    }

    /** The event in EventBridge's envelope, which is also what event patterns are matched against. */
    static ObjectNode envelope(BusEvent event) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", event.id());
        envelope.put("detail-type", event.detailType());
        envelope.put("source", event.source());
        envelope.put("account", ACCOUNT);
        // EventBridge delivers times to the second.
        envelope.put("time", DateTimeFormatter.ISO_INSTANT.format(event.time().truncatedTo(ChronoUnit.SECONDS)));
        envelope.put("region", REGION);
        ArrayNode resources = envelope.putArray("resources");
        event.resources().forEach(resources::add);
        envelope.set("detail", event.detail());
        return envelope;
    }

    @Override
    public void close() {
        if (!server.stop()) {
            return;
        }
        // Let deliveries already queued finish, so a test closing the bus does not race them.
        ExecutorShutdown.within(delivery, Duration.ofSeconds(5));
    }

    private void handle(HttpExchange exchange) throws IOException {
        List<BusEvent> accepted = new ArrayList<>();
        try (exchange) {
            byte[] body = readBody(exchange);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || !PUT_EVENTS.equals(target)) {
                respondError(exchange, new Rejection(400, "UnknownOperationException",
                        "Operation " + target + " is not supported by LocalEventBridge"));
                return;
            }
            putEventsCalls.incrementAndGet();
            ObjectNode response;
            try {
                response = putEvents(body, accepted);
                accepted.forEach(event -> tell(acceptListeners, event));
            } catch (Rejection rejection) {
                respondError(exchange, rejection);
                return;
            } catch (RuntimeException bug) {
                // Answered rather than dropped: a dropped connection reads as a network fault and the SDK
                // retries it, hiding the bug behind an unrelated-looking client error.
                LOG.log(System.Logger.Level.ERROR, "PutEvents failed inside LocalEventBridge", bug);
                respondError(exchange, new Rejection(500, "InternalException", "LocalEventBridge: " + bug));
                return;
            }
            respond(exchange, 200, response);
        }
        deliver(accepted);
    }

    private ObjectNode putEvents(byte[] body, List<BusEvent> accepted) {
        CallFault fault;
        synchronized (this) {
            fault = callFaults.pollFirst();
        }
        if (fault != null) {
            throw new Rejection(fault.httpStatus(), fault.type(), "Injected by LocalEventBridge");
        }
        JsonNode request = parseRequest(body);
        JsonNode entries = request.get("Entries");
        if (entries == null || entries.isNull()) {
            throw validation("Value null at 'entries' failed to satisfy constraint: Member must not be null");
        }
        if (!entries.isArray()) {
            throw new Rejection(400, "SerializationException", "Entries must be a list");
        }
        if (entries.isEmpty()) {
            throw validation("Value '[]' at 'entries' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw validation("Value at 'entries' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + MAX_ENTRIES);
        }
        List<Entry> parsed = new ArrayList<>();
        long requestBytes = 0;
        for (JsonNode node : entries) {
            Entry entry = Entry.of(node);
            parsed.add(entry);
            requestBytes += entry.sizeInBytes();
        }
        if (requestBytes > MAX_REQUEST_BYTES) {
            throw new Rejection(400, "ValidationException",
                    "Total size of the entries in the request is over the limit.");
        }

        ObjectNode response = JSON.createObjectNode();
        ArrayNode results = JSON.createArrayNode();
        int failed = 0;
        synchronized (this) {
            for (Entry entry : parsed) {
                ObjectNode result = results.addObject();
                EntryFailure failure = entry.failure();
                if (failure == null && !entryFaults.isEmpty()) {
                    failure = new EntryFailure(entryFaults.pollFirst(), "Injected by LocalEventBridge");
                }
                if (failure != null) {
                    failed++;
                    result.put("ErrorCode", failure.code());
                    result.put("ErrorMessage", failure.message());
                    continue;
                }
                BusEvent event = entry.toEvent(UUID.randomUUID().toString(), clock.instant());
                events.add(event);
                accepted.add(event);
                result.put("EventId", event.id());
            }
        }
        response.put("FailedEntryCount", failed);
        response.set("Entries", results);
        return response;
    }

    private void deliver(List<BusEvent> accepted) {
        if (accepted.isEmpty() || listeners.isEmpty()) {
            return;
        }
        try {
            delivery.execute(() -> accepted.forEach(this::notifyListeners));
        } catch (RejectedExecutionException closing) {
            // The bus is closing; nobody is left to tell.
        }
    }

    private void notifyListeners(BusEvent event) {
        tell(listeners, event);
    }

    private void tell(List<Consumer<BusEvent>> listeners, BusEvent event) {
        for (Consumer<BusEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException | AssertionError failure) {
                // Counted rather than rethrown: one bad listener must not starve the others of events.
                listenerFailures.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "listener failed on event " + event.id(), failure);
            }
        }
    }

    private static JsonNode parseRequest(byte[] body) {
        try {
            JsonNode request = JSON.readTree(body);
            if (request == null || !request.isObject()) {
                throw new Rejection(400, "SerializationException", "Request body must be a JSON object");
            }
            return request;
        } catch (IOException e) {
            throw new Rejection(400, "SerializationException", "Request body is not valid JSON");
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void respondError(HttpExchange exchange, Rejection rejection) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", rejection.type);
        body.put("message", rejection.getMessage());
        // The SDK reads the error code from this header first, then from __type.
        exchange.getResponseHeaders().set("x-amzn-ErrorType", rejection.type);
        respond(exchange, rejection.httpStatus, body);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Rejection validation(String constraint) {
        return new Rejection(400, "ValidationException", "1 validation error detected: " + constraint);
    }

    private static void requirePositive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
    }

    private record CallFault(int httpStatus, String type) {}

    private record EntryFailure(String code, String message) {}

    /** One request entry as sent, before EventBridge has judged it. */
    private record Entry(
            String source,
            String detailType,
            String detail,
            JsonNode detailObject,
            String eventBusName,
            Instant time,
            List<String> resources) {

        static Entry of(JsonNode node) {
            if (!node.isObject()) {
                throw new Rejection(400, "SerializationException", "Each entry must be a JSON object");
            }
            List<String> resources = new ArrayList<>();
            JsonNode resourceNodes = node.get("Resources");
            if (resourceNodes != null && !resourceNodes.isNull()) {
                if (!resourceNodes.isArray()) {
                    throw new Rejection(400, "SerializationException", "Resources must be a list");
                }
                for (JsonNode resource : resourceNodes) {
                    if (!resource.isTextual()) {
                        throw new Rejection(400, "SerializationException", "Resources must be strings");
                    }
                    resources.add(resource.textValue());
                }
            }
            String detail = text(node, "Detail");
            return new Entry(
                    text(node, "Source"),
                    text(node, "DetailType"),
                    detail,
                    jsonObjectOrNull(detail),
                    text(node, "EventBusName"),
                    time(node.get("Time")),
                    resources);
        }

        /** The size EventBridge's guide computes for a PutEventsRequestEntry. */
        long sizeInBytes() {
            long size = time == null ? 0 : TIME_BYTES;
            size += utf8Length(source) + utf8Length(detailType) + utf8Length(detail);
            for (String resource : resources) {
                size += utf8Length(resource);
            }
            return size;
        }

        /** The result EventBridge gives an entry it refuses, or null for one it takes. */
        EntryFailure failure() {
            if (isMissing(source)) {
                return missing("Source");
            }
            if (isMissing(detailType)) {
                return missing("DetailType");
            }
            if (isMissing(detail)) {
                return missing("Detail");
            }
            if (detailObject == null) {
                return new EntryFailure("MalformedDetail", "Detail is malformed.");
            }
            return null;
        }

        BusEvent toEvent(String id, Instant received) {
            return new BusEvent(
                    id,
                    source,
                    detailType,
                    detailObject,
                    isMissing(eventBusName) ? DEFAULT_BUS : eventBusName,
                    time == null ? received : time,
                    resources);
        }

        private static boolean isMissing(String value) {
            return value == null || value.isEmpty();
        }

        private static EntryFailure missing(String parameter) {
            return new EntryFailure("InvalidArgument",
                    "Parameter " + parameter + " is not valid. Reason: " + parameter + " is a required argument.");
        }

        private static JsonNode jsonObjectOrNull(String detail) {
            if (isMissing(detail)) {
                return null;
            }
            try {
                JsonNode parsed = JSON.readTree(detail);
                return parsed != null && parsed.isObject() ? parsed : null;
            } catch (IOException e) {
                return null;
            }
        }

        private static String text(JsonNode entry, String field) {
            JsonNode value = entry.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw new Rejection(400, "SerializationException", field + " must be a string");
            }
            return value.textValue();
        }

        /** The JSON protocol sends timestamps as epoch seconds, possibly with a fraction. */
        private static Instant time(JsonNode value) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isNumber()) {
                BigDecimal seconds = value.decimalValue();
                long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
                long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
                return Instant.ofEpochSecond(whole, nanos);
            }
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw new Rejection(400, "SerializationException", "Time is not a timestamp: " + value);
            }
        }

        private static long utf8Length(String text) {
            return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** A call EventBridge refuses as a whole, answered with its HTTP status and error type. */
    private static final class Rejection extends RuntimeException {
        private final int httpStatus;
        private final String type;

        Rejection(int httpStatus, String type, String message) {
            super(message, null, false, false);
            this.httpStatus = httpStatus;
            this.type = type;
        }
    }
}

package com.hubstatus.usecase.port;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Where the first answer to a request with an idempotency key is kept, for its repeats. */
public interface IdempotencyRecords {

    /**
     * A request's record.
     *
     * @param requestHash  what the request asked, so a repeat asking something else is told apart
     * @param answer       the first answer, once there is one
     * @param claimedUntil while there is no answer, until when the first request is taken to be running
     */
    record IdempotencyRecord(String requestHash, Optional<StoredAnswer> answer, Instant claimedUntil) {
    }

    /** An answer as it went out: its status, headers and body. */
    record StoredAnswer(int status, Map<String, String> headers, String body) {
        public StoredAnswer {
            headers = Map.copyOf(headers);
        }
    }

    /** The record, unless there is none or it has expired. */
    Optional<IdempotencyRecord> find(String id, Instant now);

    /**
     * Records that a request is running, kept until {@code expiresAt}; false when another holds
     * the id (a record that has not expired, whose request has an answer or is still running).
     */
    boolean claim(String id, String requestHash, Instant now, Instant claimedUntil, Instant expiresAt);

    void complete(String id, StoredAnswer answer);

    /** Forgets a request that failed, so the key can be used again. */
    void release(String id);
}

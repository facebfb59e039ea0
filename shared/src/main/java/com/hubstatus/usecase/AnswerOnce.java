package com.hubstatus.usecase;

import com.hubstatus.usecase.port.IdempotencyRecords.IdempotencyRecord;
import com.hubstatus.usecase.port.IdempotencyRecords.StoredAnswer;
import com.hubstatus.usecase.port.IdempotencyRecords;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A request sent with an idempotency key is answered once: its repeats within 24 hours, with the
 * same key and the same request, get the first answer again, and change nothing; a repeat asking
 * something else with the key is refused. Only successful answers are kept: a request that failed
 * leaves the key free for a corrected one.
 */
public record AnswerOnce(IdempotencyRecords records, Clock clock) {

    /** How long a key is remembered. */
    public static final Duration KEPT = Duration.ofHours(24);
    /** How long a first request is taken to be running before its key may be taken again. */
    static final Duration RUNNING = Duration.ofSeconds(60);

    /**
     * @param caller    who asks: keys are the caller's own
     * @param operation the route, so one key means one thing
     * @param key       the client's idempotency key
     * @param request   what the request asks (its path parameters and body), as text
     * @param work      answers the request the first time
     * @throws IdempotencyKeyReusedException when the key was used for another request
     * @throws IdempotencyKeyInUseException  while the first request with the key is still running
     */
    public StoredAnswer answer(Caller caller, String operation, String key, String request, Supplier<StoredAnswer> work) {
        String id = Sha256.hex(caller.workspaceId() + "\n" + caller.userId() + "\n" + operation + "\n" + key);
        String requestHash = Sha256.hex(request);
        Instant now = clock.instant();
        Optional<IdempotencyRecord> earlier = records.find(id, now)
                .filter(record -> record.answer().isPresent() || record.claimedUntil().isAfter(now));
        if (earlier.isPresent()) {
            return replay(earlier.get(), requestHash);
        }
        if (!records.claim(id, requestHash, now, now.plus(RUNNING), now.plus(KEPT))) {
            return replay(records.find(id, now).orElseThrow(IdempotencyKeyInUseException::new), requestHash);
        }
        StoredAnswer answer;
        try {
            answer = work.get();
        } catch (RuntimeException failed) {
            release(id, failed);
            throw failed;
        }
        if (answer.status() >= 300) {
            records.release(id);
        } else {
            records.complete(id, answer);
        }
        return answer;
    }

    private static StoredAnswer replay(IdempotencyRecord earlier, String requestHash) {
        if (!earlier.requestHash().equals(requestHash)) {
            throw new IdempotencyKeyReusedException();
        }
        return earlier.answer().orElseThrow(IdempotencyKeyInUseException::new);
    }

    private void release(String id, RuntimeException failed) {
        try {
            records.release(id);
        } catch (RuntimeException alsoFailed) {
            failed.addSuppressed(alsoFailed);
        }
    }
}

package com.hubstatus.usecase;

import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.port.IdempotencyRecords.StoredAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.hubstatus.testing.TestSystem.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** AnswerOnce on the store: what a repeat of a request gets while the first runs, after it failed, and later. */
@ExtendWith(TestSystemExtension.class)
class AnswerOnceIT {

    private static final StoredAnswer CREATED = new StoredAnswer(201, Map.of("location", "/hubs/h1"), "{\"hubId\":\"h1\"}");

    @Test
    void aRepeatWhileTheFirstRequestRunsIsToldTheKeyIsInUse(TestSystem system) {
        // given
        AnswerOnce answerOnce = system.answerOnce();

        // when: the repeat arrives before the first request has its answer
        IdempotencyKeyInUseException inUse = assertThrows(IdempotencyKeyInUseException.class, () ->
                answerOnce.answer(owner("ws-in-use"), "POST /hubs", "k", "body", () -> {
                    answerOnce.answer(owner("ws-in-use"), "POST /hubs", "k", "body", () -> CREATED);
                    return CREATED;
                }));

        // then: and the first request's key is free again, its work having failed
        assertEquals(CREATED, answerOnce.answer(owner("ws-in-use"), "POST /hubs", "k", "body", () -> CREATED));
        assertEquals("a request with this idempotency key is still running; send it again in a moment", inUse.getMessage());
    }

    @Test
    void aFirstRequestThatStoppedWithoutAnAnswerHoldsItsKeyForAMinute(TestSystem system) {
        // given: the function running the first request stops between claiming the key and answering
        AnswerOnce answerOnce = system.answerOnce();
        assertThrows(Error.class, () -> answerOnce.answer(owner("ws-stopped"), "POST /hubs", "k", "body", () -> {
            throw new Error("the function stopped");
        }));
        AtomicInteger runs = new AtomicInteger();

        // when
        assertThrows(IdempotencyKeyInUseException.class, () ->
                answerOnce.answer(owner("ws-stopped"), "POST /hubs", "k", "body", () -> CREATED));
        system.clock.advance(AnswerOnce.RUNNING.plusSeconds(1));
        StoredAnswer answer = answerOnce.answer(owner("ws-stopped"), "POST /hubs", "k", "body", () -> {
            runs.incrementAndGet();
            return CREATED;
        });

        // then
        assertEquals(CREATED, answer);
        assertEquals(1, runs.get());
    }

    @Test
    void onlySuccessfulAnswersAreKept(TestSystem system) {
        // given
        AnswerOnce answerOnce = system.answerOnce();
        StoredAnswer conflict = new StoredAnswer(409, Map.of(), "{}");
        answerOnce.answer(owner("ws-kept"), "POST /hubs/{hubId}/sync", "k", "h1", () -> conflict);

        // when
        StoredAnswer later = answerOnce.answer(owner("ws-kept"), "POST /hubs/{hubId}/sync", "k", "h1", () -> CREATED);

        // then
        assertEquals(CREATED, later);
    }

    @Test
    void theSameKeyOnAnotherRouteIsAnotherRequest(TestSystem system) {
        // given
        AnswerOnce answerOnce = system.answerOnce();
        answerOnce.answer(owner("ws-routes"), "POST /hubs", "k", "body", () -> CREATED);

        // when
        StoredAnswer sync = new StoredAnswer(202, Map.of(), "{\"syncRun\":{}}");
        StoredAnswer answer = answerOnce.answer(owner("ws-routes"), "POST /hubs/{hubId}/sync", "k", "body", () -> sync);

        // then
        assertEquals(sync, answer);
        system.clock.advance(Duration.ofHours(1));
        assertEquals(CREATED, answerOnce.answer(owner("ws-routes"), "POST /hubs", "k", "body", () -> sync));
    }
}

package com.hubstatus.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.hubstatus.testing.LambdaEvents.busEvent;
import static com.hubstatus.testing.LambdaEvents.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mapping of the sweep schedule's event to SweepStaleness and of its result to the answer;
 * any other event is dropped. What the sweep does is tested in {@code com.hubstatus.usecase}.
 */
@ExtendWith(TestSystemExtension.class)
class SweepStalenessHandlerIT {

    @Test
    void theSampleScheduleEventRunsTheSweepAndAnswersItsCounts(TestSystem system) {
        // given: a hub that synced 22 h ago, so due for its automatic sync
        system.syncedHub("ws-sweep", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000001");
        system.clock.advance(Duration.ofHours(22));

        // when
        JsonNode answer = invoke(new SweepStalenessHandler(system.sweepStaleness()),
                busEvent("SweepStalenessFunction/Sweep.json", Map.of()));

        // then
        assertEquals("DONE", answer.get("outcome").asText());
        assertEquals(List.of(1, 1, 1, 0, 0), List.of(answer.get("dueHubs").asInt(), answer.get("hubsChanged").asInt(),
                answer.get("sweepScannedCount").asInt(), answer.get("eventsRepublished").asInt(),
                answer.get("eventsStillUnpublished").asInt()));
    }

    @Test
    void anEventOtherThanItsScheduleIsDroppedAndChangesNothing(TestSystem system) {
        // given
        int items = system.itemCount();

        // when
        JsonNode answer = invoke(new SweepStalenessHandler(system.sweepStaleness()),
                busEvent("RunSyncFunction/SyncRequested.json", Map.of()));

        // then
        assertEquals("DROPPED", answer.get("outcome").asText());
        assertEquals(items, system.itemCount());
    }
}

package com.hubstatus.usecase;

import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.SyncAlreadyRunningException;
import com.hubstatus.status.SyncRun;
import com.hubstatus.status.SyncTrigger;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.hubstatus.testing.TestSystem.STRANGER;
import static com.hubstatus.testing.TestSystem.manager;
import static com.hubstatus.testing.TestSystem.owner;
import static com.hubstatus.testing.TestSystem.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class StartSyncIT {

    /** A validated hub that has never synced (Requires sync). */
    private static Hub hubRequiringASync(TestSystem system, String workspace) {
        return system.validatedHub(workspace, ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
    }

    @Test
    void anOwnersSyncIsAskedForAndHandedToRunSync(TestSystem system) {
        // given
        Hub hub = hubRequiringASync(system, "ws-sync");
        system.bus.clear();

        // when
        StatusView asked = system.startSync().start(owner("ws-sync"), hub.hubId());

        // then
        SyncRun run = asked.syncRun();
        assertEquals(SyncRun.State.REQUESTED, run.state());
        assertEquals(SyncTrigger.MANUAL, run.trigger());
        assertEquals(run, asked.hub().syncRun());
        assertEquals(run.runId(), system.published(DomainEvent.SyncRequested.class).getFirst().runId());
    }

    @Test
    void aSecondSyncWhileOneIsAskedForIsRefusedAndWritesNothing(TestSystem system) {
        // given
        Hub hub = hubRequiringASync(system, "ws-twice");
        system.bus.clear();
        system.startSync().start(owner("ws-twice"), hub.hubId());
        int items = system.itemCount();

        // when / then
        assertThrows(SyncAlreadyRunningException.class, () -> system.startSync().start(owner("ws-twice"), hub.hubId()));
        assertEquals(1, system.published(DomainEvent.SyncRequested.class).size());
        assertEquals(items, system.itemCount());
    }

    @Test
    void twoOwnersPressingSyncAtOnceStartOneSync(TestSystem system) throws Exception {
        // given
        Hub hub = hubRequiringASync(system, "ws-race");
        system.bus.clear();
        CountDownLatch go = new CountDownLatch(1);
        Callable<String> press = () -> {
            go.await();
            try {
                return system.startSync().start(owner("ws-race"), hub.hubId()).syncRun().state().name();
            } catch (SyncAlreadyRunningException e) {
                return "ALREADY_RUNNING";
            }
        };

        // when
        List<String> outcomes;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<String>> presses = List.of(pool.submit(press), pool.submit(press));
            go.countDown();
            outcomes = List.of(presses.get(0).get(), presses.get(1).get()).stream().sorted().toList();
        } catch (ExecutionException e) {
            throw new AssertionError("a press failed otherwise than with 'already running'", e.getCause());
        }

        // then
        assertEquals(List.of("ALREADY_RUNNING", "REQUESTED"), outcomes);
        assertEquals(1, system.published(DomainEvent.SyncRequested.class).size());
    }

    @Test
    void aManagerMayNotSyncAndOthersCannotSeeTheHub(TestSystem system) {
        // given
        Hub hub = hubRequiringASync(system, "ws-roles");
        system.bus.clear();
        int items = system.itemCount();
        StartSync startSync = system.startSync();

        // when / then
        assertThrows(ForbiddenException.class, () -> startSync.start(manager("ws-roles"), hub.hubId()));
        assertThrows(HubNotFoundException.class, () -> startSync.start(user(STRANGER, "ws-roles"), hub.hubId()));
        assertThrows(HubNotFoundException.class, () -> startSync.start(owner("ws-elsewhere"), hub.hubId()));
        assertEquals(items, system.itemCount());
        assertTrue(system.published(DomainEvent.SyncRequested.class).isEmpty());
    }
}

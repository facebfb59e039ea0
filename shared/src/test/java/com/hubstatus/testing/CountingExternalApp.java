package com.hubstatus.testing;

import com.hubstatus.status.CheckResult;
import com.hubstatus.status.SyncResult;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An external app that counts the syncs reaching it and can hold them until a test lets them go,
 * so a test can see that a sync ran once, or not at all, and can make two deliveries overlap.
 */
public final class CountingExternalApp implements ExternalAppGateway {

    private final ExternalAppGateway app;
    private final AtomicInteger syncs = new AtomicInteger();
    private volatile CountDownLatch held = new CountDownLatch(0);

    public CountingExternalApp(ExternalAppGateway app) {
        this.app = app;
    }

    @Override
    public CheckResult check(HubRef hub) {
        return app.check(hub);
    }

    @Override
    public SyncResult sync(HubRef hub, String runId) {
        syncs.incrementAndGet();
        try {
            held.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return app.sync(hub, runId);
    }

    /** How many syncs reached the app. */
    public int syncs() {
        return syncs.get();
    }

    /** Syncs wait (five seconds at most) until {@link #release()}. */
    public void holdSyncs() {
        held = new CountDownLatch(1);
    }

    public void release() {
        held.countDown();
    }
}

package com.hubstatus.model;

import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.Finding;
import com.hubstatus.status.SyncResult;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The external app port, answering from the {@link OutsideWorld} the test scripts. It also
 * watches what reaches it: how many times each sync run was asked of it, and how many syncs of a
 * hub were under way at once.
 */
final class ScriptedApp implements ExternalAppGateway {

    private final OutsideWorld world;
    private final Map<String, Integer> callsPerSyncRun = new HashMap<>();
    private final Map<String, Integer> syncsUnderWay = new HashMap<>();
    private int checks;
    private int syncs;

    ScriptedApp(OutsideWorld world) {
        this.world = world;
    }

    @Override
    public synchronized CheckResult check(HubRef hub) {
        checks++;
        List<OutsideWorld.Finding> found = world.check(hub.app().id(), hub.businessId(), hub.serviceAccountRef());
        return new CheckResult(found.stream().map(ScriptedApp::finding).toList());
    }

    @Override
    public SyncResult sync(HubRef hub, String runId) {
        synchronized (this) {
            syncs++;
            int asked = callsPerSyncRun.merge(runId, 1, Integer::sum);
            if (asked > 1) {
                throw new AssertionError("sync run " + runId + " of hub " + hub.hubId() + " reached the app " + asked
                        + " times: one logical request must reach the app at most once");
            }
            int underWay = syncsUnderWay.merge(hub.hubId(), 1, Integer::sum);
            if (underWay > 1) {
                throw new AssertionError(underWay + " syncs of hub " + hub.hubId() + " under way at once");
            }
        }
        try {
            OutsideWorld.Finding failure = world.sync(hub.app().id(), hub.businessId(), hub.serviceAccountRef());
            return failure == null ? SyncResult.succeeded() : SyncResult.failed(finding(failure));
        } finally {
            synchronized (this) {
                syncsUnderWay.merge(hub.hubId(), -1, Integer::sum);
            }
        }
    }

    synchronized int checks() {
        return checks;
    }

    synchronized int syncs() {
        return syncs;
    }

    private static Finding finding(OutsideWorld.Finding found) {
        return switch (found) {
            case CONFIGURATION -> Finding.of(Cause.CONFIGURATION, "the business ID is not known to the app");
            case CREDENTIALS -> Finding.of(Cause.SERVICE_ACCOUNT_CREDENTIALS, "the service account's password was refused");
            case MFA -> Finding.of(Cause.SERVICE_ACCOUNT_MFA, "vendor-managed MFA is off for the service account");
            case AUTOMATION_FAILURE -> Finding.of(Cause.AUTOMATION_FAILURE, "the automation failed");
            case KNOWN_ISSUE -> Finding.of(Cause.KNOWN_ISSUE, "a known issue of the app");
            case TRANSIENT -> Finding.of(Cause.TRANSIENT, "the app did not answer in time");
        };
    }
}

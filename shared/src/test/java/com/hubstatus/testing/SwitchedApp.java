package com.hubstatus.testing;

import com.hubstatus.status.CheckResult;
import com.hubstatus.status.Finding;
import com.hubstatus.status.SyncResult;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;

/**
 * An external app that fails until a test switches it to working: its checks fail with
 * {@code checkFinding}; its syncs with {@code syncFinding}, or succeed throughout when that is null.
 */
public final class SwitchedApp implements ExternalAppGateway {

    private final Finding checkFinding;
    private final Finding syncFinding;
    private volatile boolean working;

    public SwitchedApp(Finding checkFinding, Finding syncFinding) {
        this.checkFinding = checkFinding;
        this.syncFinding = syncFinding;
    }

    public void working(boolean working) {
        this.working = working;
    }

    @Override
    public CheckResult check(HubRef hub) {
        return working ? CheckResult.passed() : CheckResult.failed(checkFinding);
    }

    @Override
    public SyncResult sync(HubRef hub, String runId) {
        return working || syncFinding == null ? SyncResult.succeeded() : SyncResult.failed(syncFinding);
    }
}

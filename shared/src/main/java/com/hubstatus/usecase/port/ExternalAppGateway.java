package com.hubstatus.usecase.port;

import com.hubstatus.status.CheckResult;
import com.hubstatus.status.SyncResult;

/**
 * Checks and syncs business hubs against their external apps. Results name the cause of every
 * problem. Implementations do not throw for failures outside this system: anything inconclusive
 * (timeouts, outages, unexpected replies) comes back as a finding with cause
 * {@link com.hubstatus.status.Cause#TRANSIENT}, so callers record nothing and try again later.
 */
public interface ExternalAppGateway {

    /** Checks the hub's configuration and service account; passes, or lists every problem found. */
    CheckResult check(HubRef hub);

    /**
     * Runs one sync of the hub. Calling it again with the same {@code runId} asks for the same
     * sync, not a second one.
     */
    SyncResult sync(HubRef hub, String runId);
}

package com.hubstatus.usecase.port;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.ValidationCohort;

import java.util.List;
import java.util.Map;

/**
 * One page of a workspace listing.
 *
 * @param hubs         the hubs of the page
 * @param cohorts      the cohorts those hubs belong to, by app
 * @param nextCursor   where the next page starts, or null on the last page
 * @param scannedCount the items the page's Query read
 */
public record WorkspacePage(List<Hub> hubs, Map<ExternalApp, ValidationCohort> cohorts, String nextCursor,
                            int scannedCount) {
    public WorkspacePage {
        hubs = List.copyOf(hubs);
        cohorts = Map.copyOf(cohorts);
    }
}

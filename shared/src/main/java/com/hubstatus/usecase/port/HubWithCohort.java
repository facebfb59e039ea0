package com.hubstatus.usecase.port;

import com.hubstatus.status.Hub;
import com.hubstatus.status.ValidationCohort;

import java.util.Objects;

/**
 * A hub with its validation cohort.
 *
 * @param hub    the hub
 * @param cohort its cohort, or null when none is stored (the status rules treat it as validated)
 */
public record HubWithCohort(Hub hub, ValidationCohort cohort) {
    public HubWithCohort {
        Objects.requireNonNull(hub, "hub");
    }
}

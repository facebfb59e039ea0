package com.hubstatus.usecase.port;

import com.hubstatus.status.Hub;
import com.hubstatus.status.ValidationCohort;

/** Something an operator must look at: an integration under review, or a hub under review of its own. */
public sealed interface UnderReview {

    /** An app's integration in a workspace, whose validation found an automation failure or known issue. */
    record Integration(ValidationCohort cohort) implements UnderReview {
    }

    /** A hub whose own check or sync found an automation failure or known issue. */
    record HubOfItsOwn(Hub hub) implements UnderReview {
    }
}

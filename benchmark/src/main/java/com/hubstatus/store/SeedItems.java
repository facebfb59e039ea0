package com.hubstatus.store;

import com.hubstatus.status.Hub;
import com.hubstatus.status.StatusEvaluator;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.status.ValidationCohort;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * Items as the store writes them, for the benchmark to load a large table with BatchWriteItem
 * instead of one transaction per hub: the same mapping, keys and sparse index attributes as
 * {@link HubStore} derives on every write.
 */
public final class SeedItems {

    private final StatusPolicy policy;
    private final StatusEvaluator evaluator;

    public SeedItems(StatusPolicy policy) {
        this.policy = policy;
        this.evaluator = new StatusEvaluator(policy);
    }

    /** A hub's item at version 1, listed under its standing status. */
    public Map<String, AttributeValue> hub(Hub hub) {
        return HubItems.hubItem(hub, 1, policy, evaluator.standing(hub));
    }

    /** A validation cohort's item at version 1. */
    public Map<String, AttributeValue> cohort(ValidationCohort cohort) {
        return HubItems.cohortItem(cohort, 1);
    }
}

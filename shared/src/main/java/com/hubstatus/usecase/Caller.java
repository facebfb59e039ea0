package com.hubstatus.usecase;

import java.util.Set;

/**
 * Who is calling, from the verified JWT claims only.
 *
 * @param userId      the {@code sub} claim
 * @param workspaceId the workspace claim
 * @param groups      the groups claim
 * @param operator    true when the groups include the operator group
 */
public record Caller(String userId, String workspaceId, Set<String> groups, boolean operator) {
    public Caller {
        groups = Set.copyOf(groups);
    }
}

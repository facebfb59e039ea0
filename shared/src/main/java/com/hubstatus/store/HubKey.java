package com.hubstatus.store;

/** Identifies a hub. */
public record HubKey(String workspaceId, String hubId) {
}

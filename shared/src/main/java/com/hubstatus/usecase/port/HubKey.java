package com.hubstatus.usecase.port;

/** Identifies a hub. */
public record HubKey(String workspaceId, String hubId) {
}

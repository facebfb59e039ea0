package com.hubstatus.status;

/** A sync was asked for while another of the same hub is still asked for or running. */
public final class SyncAlreadyRunningException extends RuntimeException {
    private final transient SyncRun running;

    public SyncAlreadyRunningException(SyncRun running) {
        super("a sync of this hub is already " + (running.state() == SyncRun.State.RUNNING ? "running" : "requested"));
        this.running = running;
    }

    public SyncRun running() {
        return running;
    }
}

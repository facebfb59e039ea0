package com.hubstatus.usecase;

import java.util.UUID;
import java.util.function.Supplier;

/** One invocation's hold on work it claimed. */
final class Invocation {

    private Invocation() {
    }

    /** A token naming this invocation as the holder of a claim. */
    static String token() {
        return UUID.randomUUID().toString();
    }

    /**
     * Does claimed work; when it fails, lets go of the claim (as best it can: the store may be
     * what failed, and then the claim lapses instead) and fails with the first failure.
     */
    static <T> T lettingGoOnFailure(Supplier<T> work, Runnable letGo) {
        try {
            return work.get();
        } catch (RuntimeException failure) {
            try {
                letGo.run();
            } catch (RuntimeException alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
            throw failure;
        }
    }
}

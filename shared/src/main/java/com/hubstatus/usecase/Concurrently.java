package com.hubstatus.usecase;

import com.hubstatus.observability.JsonLogger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * Work over many hubs, a few at a time: the time goes into waiting on DynamoDB and the external
 * app, not the CPU, so virtual threads with a cap on how many run at once.
 */
final class Concurrently {

    private static final System.Logger LOG = JsonLogger.of(Concurrently.class);

    private Concurrently() {
    }

    /**
     * Runs {@code work} on every item, at most {@code parallel} at a time, and counts the items
     * for which it answered true. An item whose work fails counts as false; the failure is logged
     * and the item is left for a later attempt.
     */
    static <T> int count(List<T> items, int parallel, Predicate<T> work) {
        Semaphore slots = new Semaphore(parallel);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        return work.test(item);
                    } finally {
                        slots.release();
                    }
                }));
            }
            int counted = 0;
            for (Future<Boolean> future : futures) {
                counted += outcomeOf(future) ? 1 : 0;
            }
            return counted;
        }
    }

    private static boolean outcomeOf(Future<Boolean> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "work on a hub failed and is left for a later attempt: {0}",
                    e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

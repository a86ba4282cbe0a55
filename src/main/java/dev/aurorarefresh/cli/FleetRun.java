package dev.aurorarefresh.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs one task per pipeline, at most {@code parallel} at once, and gives the results in the
 * fleet's order. A task that throws (a bug, an SDK surprise, running out of memory) becomes its
 * pipeline's failed result through {@code crashed}: it never stops another pipeline.
 */
final class FleetRun {
    private FleetRun() {
    }

    static <T> List<T> each(List<Fleet.Member> members, int parallel, Function<Fleet.Member, T> task,
            BiFunction<Fleet.Member, Throwable, T> crashed) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, members.size())), r -> {
            Thread t = new Thread(r, "fleet-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Fleet.Member m : members) {
                futures.add(pool.submit(() -> task.apply(m))); // what it throws comes back from get()
            }
            List<T> results = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                results.add(result(futures.get(i), members.get(i), crashed));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T result(Future<T> future, Fleet.Member m, BiFunction<Fleet.Member, Throwable, T> crashed) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return crashed.apply(m, e);
        } catch (ExecutionException e) {
            return crashed.apply(m, e.getCause());
        }
    }
}

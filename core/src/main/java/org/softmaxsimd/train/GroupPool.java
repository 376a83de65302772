package org.softmaxsimd.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads of an objective: runs one task per group, each worker taking the next group, so that which
 * thread computes a group never changes its partial sums (the objectives add them in group order afterwards).
 * With one worker the calling thread does the work.
 */
final class GroupPool implements AutoCloseable {

    /** Computes one group's partial sums with the scratch of one worker. */
    @FunctionalInterface
    interface GroupTask {
        void compute(int group, int worker);
    }

    private final int workers;
    private final ExecutorService pool;

    GroupPool(int workers) {
        this.workers = workers;
        this.pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "softmax-objective");
            thread.setDaemon(true);
            return thread;
        });
    }

    int workers() {
        return workers;
    }

    void run(int groups, GroupTask task) {
        if (pool == null) {
            for (int g = 0; g < groups; g++) {
                task.compute(g, 0);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>(workers);
        for (int t = 0; t < workers; t++) {
            int worker = t;
            tasks.add(() -> {
                for (int g; (g = next.getAndIncrement()) < groups; ) {
                    task.compute(g, worker);
                }
                return null;
            });
        }
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating the objective", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

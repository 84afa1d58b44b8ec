package io.sentimentstreams.stream;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the forward passes of scoring run: on threads of their own ({@code scoring.threads}), so that a stream thread
 * goes on polling, buffering and committing while a batch is scored, or, with none, on the stream thread itself.
 * Shared by every scoring task of one application instance. The threads start with the first batch and end after
 * {@value #IDLE_SECONDS} s without work; they are daemon threads, so an instance needs no extra shutdown step.
 */
public final class ScoringWorkers {

    private static final long IDLE_SECONDS = 30;

    private final Executor executor;
    private final int threads;
    private final AtomicInteger outstanding = new AtomicInteger();

    /**
     * @param executor runs the jobs
     * @param threads  how many jobs it runs at once; {@link #idle()} holds while fewer are outstanding
     */
    ScoringWorkers(final Executor executor, final int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.executor = executor;
        this.threads = threads;
    }

    /** Workers for {@code threads} scoring threads, or, for 0, jobs run at once on the calling stream thread. */
    static ScoringWorkers of(final int threads) {
        return threads == 0 ? new ScoringWorkers(Runnable::run, 1) : new ScoringWorkers(pool(threads), threads);
    }

    /**
     * Runs {@code job} on a worker; the future completes with its result, or with the exception it threw. With jobs
     * run on the calling thread, it is complete when this returns.
     */
    <T> CompletableFuture<T> submit(final Callable<T> job) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        outstanding.incrementAndGet();
        executor.execute(() -> {
            try {
                result.complete(job.call());
            } catch (final Exception | Error e) {
                result.completeExceptionally(e);
            } finally {
                outstanding.decrementAndGet();
            }
        });
        return result;
    }

    /** Whether a worker is free: a job submitted now would start at once. */
    boolean idle() {
        return outstanding.get() < threads;
    }

    private static ThreadPoolExecutor pool(final int threads) {
        final AtomicInteger created = new AtomicInteger();
        final ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    final Thread thread = new Thread(runnable, "scoring-worker-" + created.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}

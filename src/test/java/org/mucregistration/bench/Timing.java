package org.mucregistration.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting on the {@link System#nanoTime()} clock. */
final class Timing {

    private Timing() {
    }

    /** Sleeps until {@code nanos} (parks, then spins the last 100 µs for a precise send time). */
    static void sleepUntil(long nanos) throws InterruptedException {
        while (true) {
            final long left = nanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (left > 100_000) {
                LockSupport.parkNanos(left - 50_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Waits for the latch; false when it did not reach zero in time. */
    static boolean await(CountDownLatch latch, Duration timeout) throws InterruptedException {
        return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Polls the condition every 10 ms until it holds or the timeout passes; whether it held. */
    static boolean awaitCondition(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}

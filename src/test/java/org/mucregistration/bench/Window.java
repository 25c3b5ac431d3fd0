package org.mucregistration.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The measured window of a workload run, on the {@link System#nanoTime()} clock: an operation counts when it completes
 * inside it. Open until {@link #open} is called, and until {@link #close} after that. Also collects the run's problems.
 */
final class Window {
    private volatile long start = Long.MAX_VALUE;
    private volatile long end = Long.MAX_VALUE;
    private final Map<String, LongAdder> problems = new ConcurrentHashMap<>();

    void open(long nanos) {
        start = nanos;
    }

    void close(long nanos) {
        end = nanos;
    }

    boolean contains(long nanos) {
        return nanos >= start && nanos < end;
    }

    boolean closed() {
        return end != Long.MAX_VALUE;
    }

    /** Counts a problem (an error answer, a timeout, a lost stanza), whether inside the window or not. */
    void problem(String what) {
        problems.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    void problems(String what, long count) {
        if (count > 0) {
            problems.computeIfAbsent(what, k -> new LongAdder()).add(count);
        }
    }

    Map<String, Long> problems() {
        final Map<String, Long> snapshot = new TreeMap<>();
        problems.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }
}

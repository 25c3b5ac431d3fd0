package org.mucregistration.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Workload 4: joins at a steady total rate (open loop) into the occupied groupchat rooms. A scheduler takes an idle
 * client at {@code start + i / rate}, which enters room {@code i mod rooms} under a fresh nickname, leaves as soon as
 * its self-presence (110) arrives, and is idle again once its unavailable self-presence arrives. Join latency is from
 * the scheduled time to the self-presence. A scheduled join that finds no idle client is counted as a problem (the
 * pool is too small for the rate and latency), not silently delayed.
 */
final class JoinRate {
    private static final int IDLE = 0;
    private static final int JOINING = 1;
    private static final int LEAVING = 2;

    private final List<BenchClient> clients;
    private final List<String> rooms;
    private final int rate;
    private final CpuClock cpu;
    private final Duration timeout;
    private int runs;

    JoinRate(List<BenchClient> clients, List<String> rooms, int rate, CpuClock cpu, Duration timeout) {
        this.clients = clients;
        this.rooms = rooms;
        this.rate = rate;
        this.cpu = cpu;
        this.timeout = timeout;
    }

    private static final class State {
        final BenchClient client;
        int phase = IDLE;
        String room;
        String nick;
        String occupant;
        long scheduled;
        boolean inWindow;

        State(BenchClient client) {
            this.client = client;
        }
    }

    WorkloadResult run(Workload workload, Duration ramp, Duration windowLength) throws InterruptedException {
        final String prefix = "s" + (++runs) + "x";
        final Window window = new Window();
        final LongAdder joins = new LongAdder();
        final LatencyLog log = new LatencyLog();
        final ConcurrentLinkedQueue<State> idle = new ConcurrentLinkedQueue<>();
        final List<State> states = new ArrayList<>();
        for (BenchClient c : clients) {
            final State s = new State(c);
            states.add(s);
            idle.add(s);
            c.handler((client, xml, at) -> {
                if (!xml.startsWith("<presence")) {
                    return;
                }
                synchronized (s) {
                    if (s.phase == IDLE || !s.occupant.equals(Stanza.attribute(xml, "from"))) {
                        return;
                    }
                    final String type = Stanza.attribute(xml, "type");
                    if (s.phase == JOINING) {
                        if ("error".equals(type)) {
                            window.problem("join refused: " + Stanza.errorCondition(xml));
                            s.phase = IDLE;
                            idle.add(s);
                        } else if (type == null && Stanza.hasStatus(xml, 110)) {
                            if (s.inWindow) {
                                joins.increment();
                                log.add(at - s.scheduled);
                            }
                            s.phase = LEAVING;
                            if (!s.client.trySend(Muc.leave(s.room, s.nick))) {
                                window.problem("connection lost: " + s.client.closedBecause());
                            }
                        }
                    } else if ("unavailable".equals(type) && Stanza.hasStatus(xml, 110)) {
                        s.phase = IDLE;
                        idle.add(s);
                    } else if ("error".equals(type)) {
                        window.problem("leave refused: " + Stanza.errorCondition(xml));
                        s.phase = IDLE;
                        idle.add(s);
                    }
                }
            });
        }
        final double period = 1e9 / rate;
        final long start = System.nanoTime() + 20_000_000;
        final long open = start + ramp.toNanos();
        final long close = open + windowLength.toNanos();
        window.open(open);
        window.close(close);
        final AtomicLong scheduledInWindow = new AtomicLong();
        final Thread scheduler = new Thread(() -> {
            try {
                for (long i = 0; ; i++) {
                    final long scheduled = start + Math.round(i * period);
                    if (scheduled >= close) {
                        return;
                    }
                    Timing.sleepUntil(scheduled);
                    final boolean inWindow = window.contains(scheduled);
                    final State s = idle.poll();
                    if (s == null) {
                        if (inWindow) {
                            window.problem("no idle client at the scheduled time (pool too small)");
                        }
                        continue;
                    }
                    if (inWindow) {
                        scheduledInWindow.incrementAndGet();
                    }
                    synchronized (s) {
                        s.room = rooms.get((int) (i % rooms.size()));
                        s.nick = prefix + s.client.index + "i" + i;
                        s.occupant = s.room + "/" + s.nick;
                        s.scheduled = scheduled;
                        s.inWindow = inWindow;
                        s.phase = JOINING;
                        if (!s.client.trySend(Muc.join(s.room, s.nick))) {
                            window.problem("connection lost: " + s.client.closedBecause());
                            s.phase = IDLE;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-join-scheduler");
        scheduler.start();
        Timing.sleepUntil(open);
        final CpuClock.Sample before = cpu.sample();
        Timing.sleepUntil(close);
        final CpuClock.Sample after = cpu.sample();
        scheduler.join(timeout.toMillis());
        if (scheduler.isAlive()) {
            scheduler.interrupt();
            window.problem("scheduler still sending " + timeout.toSeconds() + " s after the window");
            scheduler.join();
        }
        final boolean allIdle = Timing.awaitCondition(() -> idle.size() == states.size(), timeout);
        for (BenchClient c : clients) {
            c.handler(BenchClient.IGNORE);
        }
        if (!allIdle) {
            window.problems("no answer within " + timeout.toSeconds() + " s (client stuck)",
                states.size() - idle.size());
        }
        return new WorkloadResult(workload, joins.sum(), windowLength.toNanos() / 1e9,
            CpuClock.Usage.between(before, after), LatencyLog.summarise(List.of(log)), window.problems(),
            String.format("%d joins scheduled in the window", scheduledInWindow.get()));
    }
}

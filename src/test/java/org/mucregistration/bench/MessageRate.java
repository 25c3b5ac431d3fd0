package org.mucregistration.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Workload 3: messages at a steady total rate (open loop: a scheduler sends message {@code i} at
 * {@code start + i / rate}, round-robin over the occupants, whether or not earlier ones arrived). Each body carries
 * its scheduled send time; every occupant of the room (the sender included) records delivery time minus that time.
 * Measuring from the scheduled time, not the moment the write happened, keeps a stalled sender from hiding delay
 * (coordinated omission). Messages scheduled inside the window are followed until every copy arrived or the timeout.
 */
final class MessageRate {
    private final ChatRooms chat;
    private final int bodyBytes;
    private final CpuClock cpu;
    private final Duration timeout;
    private int runs;

    MessageRate(ChatRooms chat, int bodyBytes, CpuClock cpu, Duration timeout) {
        this.chat = chat;
        this.bodyBytes = bodyBytes;
        this.cpu = cpu;
        this.timeout = timeout;
    }

    static String variant(int rate) {
        return rate + " msg/s";
    }

    WorkloadResult run(Workload workload, int rate, Duration ramp, Duration windowLength) throws InterruptedException {
        final String tag = "L" + (++runs);
        final Window window = new Window();
        final LongAdder copies = new LongAdder();
        final List<LatencyLog> logs = new ArrayList<>();
        final List<BenchClient> clients = chat.clients();
        for (BenchClient c : clients) {
            final LatencyLog log = new LatencyLog();
            logs.add(log);
            c.handler((client, xml, at) -> {
                if (!xml.startsWith("<message")) {
                    return;
                }
                final long[] fields = ChatRooms.fields(Stanza.body(xml), tag);
                if (fields == null) {
                    return;
                }
                if ("error".equals(Stanza.attribute(xml, "type"))) {
                    window.problem("message refused: " + Stanza.errorCondition(xml));
                } else if (window.contains(fields[0])) {
                    copies.increment();
                    log.add(at - fields[0]);
                }
            });
        }
        final double period = 1e9 / rate;
        final long start = System.nanoTime() + 20_000_000;
        final long open = start + ramp.toNanos();
        final long close = open + windowLength.toNanos();
        window.open(open);
        window.close(close);
        final AtomicLong sentInWindow = new AtomicLong();
        final LatencyLog lags = new LatencyLog();
        final Thread scheduler = new Thread(() -> {
            try {
                for (long i = 0; ; i++) {
                    final long scheduled = start + Math.round(i * period);
                    if (scheduled >= close) {
                        return;
                    }
                    Timing.sleepUntil(scheduled);
                    final int sender = (int) (i % clients.size());
                    final BenchClient client = clients.get(sender);
                    final String message = Muc.groupchat(chat.roomOf(sender),
                        ChatRooms.body(tag, scheduled, i, bodyBytes));
                    if (!client.trySend(message)) {
                        window.problem("connection lost: " + client.closedBecause());
                        continue;
                    }
                    if (window.contains(scheduled)) {
                        sentInWindow.incrementAndGet();
                        lags.add(System.nanoTime() - scheduled);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-message-scheduler");
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
        final long expected = sentInWindow.get() * chat.perRoom();
        final boolean all = Timing.awaitCondition(() -> copies.sum() >= expected, timeout);
        for (BenchClient c : clients) {
            c.handler(BenchClient.IGNORE);
        }
        if (!all) {
            window.problems("copies not delivered within " + timeout.toSeconds() + " s", expected - copies.sum());
        }
        final double achieved = sentInWindow.get() / (windowLength.toNanos() / 1e9);
        final LatencyLog.Summary lag = LatencyLog.summarise(List.of(lags));
        return new WorkloadResult(workload, variant(rate), copies.sum(), windowLength.toNanos() / 1e9,
            CpuClock.Usage.between(before, after), LatencyLog.summarise(logs), window.problems(),
            String.format("%.0f messages/s sent, %d copies expected; the load generator sent late by p99 %.2f ms, "
                + "max %.1f ms", achieved, expected, lag == null ? 0 : lag.p99() / 1e6, lag == null ? 0 : lag.max() / 1e6));
    }
}

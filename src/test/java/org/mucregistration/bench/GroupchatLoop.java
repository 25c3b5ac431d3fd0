package org.mucregistration.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Workload 2: every occupant of every groupchat room sends a message, waits for the room's copy of it to come back to
 * itself, and sends the next (one message outstanding per sender). Operations are message copies received by all
 * occupants (the sender's own copy included) inside the window.
 */
final class GroupchatLoop {
    private final ChatRooms chat;
    private final int bodyBytes;
    private final CpuClock cpu;
    private final Duration timeout;
    private int runs;

    GroupchatLoop(ChatRooms chat, int bodyBytes, CpuClock cpu, Duration timeout) {
        this.chat = chat;
        this.bodyBytes = bodyBytes;
        this.cpu = cpu;
        this.timeout = timeout;
    }

    private static final class Sender {
        final BenchClient client;
        final String room;
        long sequence;
        boolean stopped;

        Sender(BenchClient client, String room) {
            this.client = client;
            this.room = room;
        }
    }

    WorkloadResult run(Workload workload, Duration ramp, Duration windowLength) throws InterruptedException {
        final String tag = "T" + (++runs);
        final Window window = new Window();
        final LongAdder copies = new LongAdder();
        final AtomicBoolean running = new AtomicBoolean(true);
        final CountDownLatch stopped = new CountDownLatch(chat.clients().size());
        final List<Sender> senders = new ArrayList<>();
        for (int i = 0; i < chat.clients().size(); i++) {
            senders.add(new Sender(chat.clients().get(i), chat.roomOf(i)));
        }
        final long start = System.nanoTime();
        final long open = start + ramp.toNanos();
        final long close = open + windowLength.toNanos();
        window.open(open);
        window.close(close);
        for (Sender s : senders) {
            s.client.handler((client, xml, at) -> {
                if (!xml.startsWith("<message")) {
                    return;
                }
                final long[] fields = ChatRooms.fields(Stanza.body(xml), tag);
                if (fields == null) {
                    return;
                }
                if ("error".equals(Stanza.attribute(xml, "type"))) {
                    window.problem("message refused: " + Stanza.errorCondition(xml));
                } else if (window.contains(at)) {
                    copies.increment();
                }
                if (fields[0] == client.index) {
                    synchronized (s) {
                        if (fields[1] != s.sequence || s.stopped) {
                            return;
                        }
                        if (running.get()) {
                            send(s, tag, window, stopped);
                        } else {
                            s.stopped = true;
                            stopped.countDown();
                        }
                    }
                }
            });
        }
        for (Sender s : senders) {
            synchronized (s) {
                send(s, tag, window, stopped);
            }
        }
        Timing.sleepUntil(open);
        final CpuClock.Sample before = cpu.sample();
        Timing.sleepUntil(close);
        final CpuClock.Sample after = cpu.sample();
        running.set(false);
        if (!Timing.await(stopped, timeout)) {
            window.problems("own copy not back within " + timeout.toSeconds() + " s (sender stuck)", stopped.getCount());
        }
        for (Sender s : senders) {
            s.client.handler(BenchClient.IGNORE);
        }
        return new WorkloadResult(workload, copies.sum(), windowLength.toNanos() / 1e9,
            CpuClock.Usage.between(before, after), null, window.problems(), "");
    }

    private void send(Sender s, String tag, Window window, CountDownLatch stopped) {
        s.sequence++;
        if (!s.client.trySend(Muc.groupchat(s.room, ChatRooms.body(tag, s.client.index, s.sequence, bodyBytes)))) {
            window.problem("connection lost: " + s.client.closedBecause());
            s.stopped = true;
            stopped.countDown();
        }
    }
}

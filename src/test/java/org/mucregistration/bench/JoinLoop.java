package org.mucregistration.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Workload 1: every client, in a closed loop, enters a room under a fresh nickname, waits for its self-presence
 * (status 110), leaves, waits for its unavailable self-presence (110), and goes on with the next room. Operations are
 * joins completed inside the window; join latency is from sending the join to receiving the self-presence.
 */
final class JoinLoop {
    private static final int IDLE = 0;
    private static final int JOINING = 1;
    private static final int LEAVING = 2;

    private final List<BenchClient> clients;
    private final List<String> rooms;
    private final CpuClock cpu;
    private final Duration timeout;
    private int runs;

    JoinLoop(List<BenchClient> clients, List<String> rooms, CpuClock cpu, Duration timeout) {
        this.clients = clients;
        this.rooms = rooms;
        this.cpu = cpu;
        this.timeout = timeout;
    }

    private final class State {
        final BenchClient client;
        final int number;
        final LatencyLog log = new LatencyLog();
        int iteration;
        int phase = IDLE;
        String occupant;
        String room;
        String nick;
        long sentAt;

        State(BenchClient client, int number) {
            this.client = client;
            this.number = number;
        }
    }

    WorkloadResult run(Workload workload, Duration ramp, Duration windowLength) throws InterruptedException {
        final String prefix = "j" + (++runs) + "x";
        final Window window = new Window();
        final LongAdder joins = new LongAdder();
        final CountDownLatch stopped = new CountDownLatch(clients.size());
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<State> states = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            states.add(new State(clients.get(i), i));
        }
        final class Loop {
            void startJoin(State s) {
                s.iteration++;
                s.room = rooms.get((s.number + s.iteration) % rooms.size());
                s.nick = prefix + s.client.index + "i" + s.iteration;
                s.occupant = s.room + "/" + s.nick;
                s.phase = JOINING;
                s.sentAt = System.nanoTime();
                if (!s.client.trySend(Muc.join(s.room, s.nick))) {
                    window.problem("connection lost: " + s.client.closedBecause());
                    s.phase = IDLE;
                    stopped.countDown();
                }
            }

            void next(State s) {
                if (running.get()) {
                    startJoin(s);
                } else {
                    s.phase = IDLE;
                    stopped.countDown();
                }
            }

            void stanza(State s, String xml, long at) {
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
                            next(s);
                        } else if (type == null && Stanza.hasStatus(xml, 110)) {
                            if (window.contains(at)) {
                                joins.increment();
                                s.log.add(at - s.sentAt);
                            }
                            s.phase = LEAVING;
                            if (!s.client.trySend(Muc.leave(s.room, s.nick))) {
                                window.problem("connection lost: " + s.client.closedBecause());
                                s.phase = IDLE;
                                stopped.countDown();
                            }
                        }
                    } else if ("unavailable".equals(type) && Stanza.hasStatus(xml, 110)) {
                        next(s);
                    } else if ("error".equals(type)) {
                        window.problem("leave refused: " + Stanza.errorCondition(xml));
                        next(s);
                    }
                }
            }
        }
        final Loop loop = new Loop();
        final long start = System.nanoTime();
        final long open = start + ramp.toNanos();
        final long close = open + windowLength.toNanos();
        window.open(open);
        window.close(close);
        for (State s : states) {
            s.client.handler((client, xml, at) -> loop.stanza(s, xml, at));
        }
        for (State s : states) {
            synchronized (s) {
                loop.startJoin(s);
            }
        }
        Timing.sleepUntil(open);
        final CpuClock.Sample before = cpu.sample();
        Timing.sleepUntil(close);
        final CpuClock.Sample after = cpu.sample();
        running.set(false);
        if (!Timing.await(stopped, timeout)) {
            window.problems("no answer within " + timeout.toSeconds() + " s (client stuck)", stopped.getCount());
        }
        for (State s : states) {
            s.client.handler(BenchClient.IGNORE);
        }
        final List<LatencyLog> logs = states.stream().map(s -> s.log).toList();
        return new WorkloadResult(workload, joins.sum(), windowLength.toNanos() / 1e9,
            CpuClock.Usage.between(before, after), LatencyLog.summarise(logs), window.problems(), "");
    }
}

package org.mucregistration.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * Workload 5: every user registers with every room (XEP-0045 §7.10: a submitted {@code jabber:iq:register} form with
 * FORM_TYPE {@code http://jabber.org/protocol/muc#register} and {@code muc#register_roomnick}), one request
 * outstanding per user, all users at once; the same nickname for a user in every room. Operations are successful
 * results; the window runs from the first request to the last answer. Afterwards (not timed) every user asks every
 * room for its registration, to report how many registrations the server actually kept.
 */
final class Registrations {
    private final List<BenchClient> users;
    private final CpuClock cpu;
    private final Duration timeout;

    Registrations(List<BenchClient> users, CpuClock cpu, Duration timeout) {
        this.users = users;
        this.cpu = cpu;
        this.timeout = timeout;
    }

    static String nickOf(BenchClient user) {
        return "r" + user.index;
    }

    private static final class State {
        final BenchClient user;
        final LatencyLog log = new LatencyLog();
        int room = -1;
        String pending;
        long sentAt;
        boolean done;

        State(BenchClient user) {
            this.user = user;
        }
    }

    /** Has every user register with every room, as fast as the server answers. */
    WorkloadResult run(Workload workload, List<String> rooms) throws InterruptedException {
        final Window window = new Window();
        final LongAdder registered = new LongAdder();
        final CountDownLatch done = new CountDownLatch(users.size());
        final List<State> states = new ArrayList<>();
        for (BenchClient u : users) {
            final State s = new State(u);
            states.add(s);
            u.handler((client, xml, at) -> {
                if (!xml.startsWith("<iq")) {
                    return;
                }
                synchronized (s) {
                    if (s.pending == null || !s.pending.equals(Stanza.attribute(xml, "id"))) {
                        return;
                    }
                    final String type = Stanza.attribute(xml, "type");
                    if ("result".equals(type)) {
                        registered.increment();
                        s.log.add(at - s.sentAt);
                    } else if ("error".equals(type)) {
                        window.problem("registration refused: " + Stanza.errorCondition(xml));
                    } else {
                        return;
                    }
                    next(s, rooms, window, done, u1 -> Muc.register(s.pending, rooms.get(s.room), nickOf(u1)));
                }
            });
        }
        final CpuClock.Sample before = cpu.sample();
        for (State s : states) {
            synchronized (s) {
                next(s, rooms, window, done, u1 -> Muc.register(s.pending, rooms.get(s.room), nickOf(u1)));
            }
        }
        final Duration limit = timeout.plus(Duration.ofMillis(rooms.size() * timeout.toMillis() / 10));
        final boolean all = Timing.await(done, limit);
        final CpuClock.Sample after = cpu.sample();
        for (State s : states) {
            s.user.handler(BenchClient.IGNORE);
        }
        if (!all) {
            window.problems("users not finished within " + limit.toSeconds() + " s", done.getCount());
        }
        final CpuClock.Usage usage = CpuClock.Usage.between(before, after);
        return new WorkloadResult(workload, registered.sum(), usage.seconds(), usage,
            LatencyLog.summarise(states.stream().map(s -> s.log).toList()), window.problems(), "");
    }

    /**
     * Asks every room for every user's registration ({@code jabber:iq:register} get) and returns how many answered
     * {@code <registered/>} with the user's nickname (compared ignoring case: Openfire keeps it lower-cased).
     */
    long[] verify(List<String> rooms) throws InterruptedException {
        final LongAdder kept = new LongAdder();
        final LongAdder asked = new LongAdder();
        final Window window = new Window();
        final CountDownLatch done = new CountDownLatch(users.size());
        final List<State> states = new ArrayList<>();
        for (BenchClient u : users) {
            final State s = new State(u);
            states.add(s);
            u.handler((client, xml, at) -> {
                if (!xml.startsWith("<iq")) {
                    return;
                }
                synchronized (s) {
                    if (s.pending == null || !s.pending.equals(Stanza.attribute(xml, "id"))) {
                        return;
                    }
                    asked.increment();
                    final String nick = "result".equals(Stanza.attribute(xml, "type")) ? Muc.registeredNick(xml) : null;
                    if (nickOf(u).equalsIgnoreCase(nick)) {
                        kept.increment();
                    }
                    next(s, rooms, window, done, u1 -> Muc.registrationQuery(s.pending, rooms.get(s.room)));
                }
            });
        }
        for (State s : states) {
            synchronized (s) {
                next(s, rooms, window, done, u1 -> Muc.registrationQuery(s.pending, rooms.get(s.room)));
            }
        }
        Timing.await(done, timeout.plus(Duration.ofMillis(rooms.size() * timeout.toMillis() / 10)));
        for (State s : states) {
            s.user.handler(BenchClient.IGNORE);
        }
        return new long[] {kept.sum(), (long) users.size() * rooms.size(), asked.sum()};
    }

    private static void next(State s, List<String> rooms, Window window, CountDownLatch done,
                             java.util.function.Function<BenchClient, String> request) {
        s.room++;
        if (s.room >= rooms.size()) {
            s.pending = null;
            s.done = true;
            done.countDown();
            return;
        }
        s.pending = BenchClient.nextId();
        s.sentAt = System.nanoTime();
        if (!s.user.trySend(request.apply(s.user))) {
            window.problem("connection lost: " + s.user.closedBecause());
            s.pending = null;
            s.done = true;
            done.countDown();
        }
    }
}

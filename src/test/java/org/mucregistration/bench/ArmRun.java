package org.mucregistration.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.mucregistration.e2e.OpenfireServer;

/**
 * One server of one pair: logs the load users in, creates and configures the rooms, seats the groupchat occupants,
 * then warms every workload up (unmeasured) and measures every workload once, in {@link Workload} order. Nothing
 * here is timed except the workloads' windows.
 */
final class ArmRun implements AutoCloseable {
    static final String OWNER = "benchowner";
    static final String PASSWORD = "benchpass";

    private final BenchOptions options;
    private final OpenfireServer server;
    private final PrintStream out;
    private final String muc = OpenfireServer.MUC_SERVICE + "." + OpenfireServer.DOMAIN;
    private final List<BenchClient> users = Collections.synchronizedList(new ArrayList<>());
    private BenchClient owner;
    private final Requests ownerRequests = new Requests();
    private CpuClock cpu;
    /** With {@code --async-profile}: the profiler's library, copied next to the server's home once. */
    private AsyncProfiler asyncProfiler;

    /** Items per {@code muc#admin} request when the owner makes the registering users members. */
    static final int MEMBERS_PER_REQUEST = 100;

    ArmRun(BenchOptions options, OpenfireServer server, PrintStream out) {
        this.options = options;
        this.server = server;
        this.out = out;
    }

    /** The load users' names: bench0000, bench0001, ... */
    static String userName(int i) {
        return String.format("bench%04d", i);
    }

    private List<String> rooms(String prefix, int count) {
        final List<String> rooms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rooms.add(prefix + i + "@" + muc);
        }
        return rooms;
    }

    List<WorkloadResult> run() throws IOException, InterruptedException {
        cpu = new CpuClock(server.pid());
        final long setupStart = System.nanoTime();
        login();
        final List<String> joinRooms = rooms("join", options.joinRooms);
        final List<String> chatRooms = rooms("chat", options.chatRooms);
        final List<String> membersRooms = rooms("regm", options.registrationRooms);
        final List<String> membersWarm = rooms("regmw", options.registrationWarmupRooms);
        final List<String> openRooms = rooms("regn", options.registrationRooms);
        final List<String> openWarm = rooms("regnw", options.registrationWarmupRooms);
        for (List<String> set : List.of(joinRooms, chatRooms, membersRooms, membersWarm, openRooms, openWarm)) {
            for (String room : set) {
                createRoom(room);
            }
        }
        final List<BenchClient> registering = users.subList(0, options.registrationUsers);
        final List<String> bareJids = registering.stream().map(u -> u.username + "@" + OpenfireServer.DOMAIN).toList();
        for (String room : concat(membersRooms, membersWarm)) {
            // In requests of at most 100 items: the plugin's default limit per muc#admin request.
            for (int from = 0; from < bareJids.size(); from += MEMBERS_PER_REQUEST) {
                final String id = "m-" + from + "-" + room;
                final String answer = ownerRequests.iq(owner, id, Muc.members(id, room,
                    bareJids.subList(from, Math.min(bareJids.size(), from + MEMBERS_PER_REQUEST))), options.timeout);
                if (!"result".equals(Stanza.attribute(answer, "type"))) {
                    throw new IOException("Could not make the registering users members of " + room + ": " + answer);
                }
            }
        }
        final List<BenchClient> joiners = users.subList(0, options.joinClients);
        final List<BenchClient> occupants = users.subList(options.joinClients,
            options.joinClients + options.chatClients());
        final ChatRooms chat = new ChatRooms(chatRooms, occupants, options.chatOccupants);
        seat(chat);
        out.printf("  set up in %.1f s: %d users logged in, %d rooms, %d occupants seated%n",
            (System.nanoTime() - setupStart) / 1e9, users.size(), joinRooms.size() + chatRooms.size()
                + 2 * (options.registrationRooms + options.registrationWarmupRooms), occupants.size());

        final JoinLoop joinLoop = new JoinLoop(joiners, joinRooms, cpu, options.timeout);
        final GroupchatLoop groupchat = new GroupchatLoop(chat, options.bodyBytes, cpu, options.timeout);
        final MessageRate messageRate = new MessageRate(chat, options.bodyBytes, cpu, options.timeout);
        final JoinRate joinRate = new JoinRate(joiners, chatRooms, options.joinRate, cpu, options.timeout);
        final Registrations registrations = new Registrations(registering, cpu, options.timeout);

        final long warmStart = System.nanoTime();
        final Duration zero = Duration.ZERO;
        if (options.runs(Workload.JOIN_LOOP)) {
            warm(joinLoop.run(Workload.JOIN_LOOP, options.warmup, zero));
        }
        if (options.runs(Workload.GROUPCHAT)) {
            warm(groupchat.run(Workload.GROUPCHAT, options.warmup, zero));
        }
        if (options.runs(Workload.MESSAGE_RATE)) {
            warm(messageRate.run(Workload.MESSAGE_RATE, options.messageRates.get(0), options.warmup, zero));
        }
        if (options.runs(Workload.JOIN_RATE)) {
            warm(joinRate.run(Workload.JOIN_RATE, options.warmup, zero));
        }
        if (options.runs(Workload.REGISTER_MEMBERS)) {
            warm(registrations.run(Workload.REGISTER_MEMBERS, membersWarm));
        }
        if (options.runs(Workload.REGISTER_UNAFFILIATED)) {
            warm(registrations.run(Workload.REGISTER_UNAFFILIATED, openWarm));
        }
        out.printf("  warmed up in %.1f s%n", (System.nanoTime() - warmStart) / 1e9);

        final List<WorkloadResult> results = new ArrayList<>();
        if (options.runs(Workload.JOIN_LOOP)) {
            results.add(report(profiled("joins", () -> joinLoop.run(Workload.JOIN_LOOP, options.ramp,
                options.window))));
        }
        if (options.runs(Workload.GROUPCHAT)) {
            results.add(report(groupchat.run(Workload.GROUPCHAT, options.ramp, options.window)));
        }
        if (options.runs(Workload.MESSAGE_RATE)) {
            results.addAll(profiled("messages", () -> {
                final List<WorkloadResult> rates = new ArrayList<>();
                for (int rate : options.messageRates) {
                    rates.add(report(messageRate.run(Workload.MESSAGE_RATE, rate, options.ramp, options.window)));
                }
                return rates;
            }));
        }
        if (options.runs(Workload.JOIN_RATE)) {
            results.add(report(profiled("steady-joins", () -> joinRate.run(Workload.JOIN_RATE, options.ramp,
                options.window))));
        }
        if (options.runs(Workload.REGISTER_MEMBERS)) {
            results.add(report(registered(registrations, profiled("registrations-members", () -> registrations.run(
                Workload.REGISTER_MEMBERS, membersRooms)), membersRooms)));
        }
        if (options.runs(Workload.REGISTER_UNAFFILIATED)) {
            results.add(report(registered(registrations, profiled("registrations-unaffiliated",
                () -> registrations.run(Workload.REGISTER_UNAFFILIATED, openRooms)), openRooms)));
        }
        return results;
    }

    /** Adds to a registration result how many registrations the server kept (asked afterwards, not timed). */
    private WorkloadResult registered(Registrations registrations, WorkloadResult result, List<String> rooms)
        throws InterruptedException {
        final long[] kept = registrations.verify(rooms);
        final String note = String.format("kept %d of %d (asked afterwards: %d answered)", kept[0], kept[1], kept[2]);
        return result.withNote(note);
    }

    /**
     * A workload's run, which with {@code --jfr} the server's JVM records with Java Flight Recorder, and with
     * {@code --async-profile} async-profiler samples.
     */
    interface Work<T> {
        T run() throws IOException, InterruptedException;
    }

    private <T> T profiled(String name, Work<T> work) throws IOException, InterruptedException {
        if (options.asyncProfile) {
            if (asyncProfiler == null) {
                asyncProfiler = AsyncProfiler.extractTo(server.home().resolveSibling("async-profiler"));
            }
            final AsyncProfiler profiler = asyncProfiler;
            final Path samples = server.home().resolveSibling(name + "-" + System.currentTimeMillis() + ".collapsed");
            profiler.start(server.pid());
            try {
                return work.run();
            } finally {
                profiler.stopInto(server.pid(), samples);
                out.println("  CPU samples (" + name + "): " + samples);
            }
        }
        if (!options.jfr) {
            return work.run();
        }
        final Path recording = server.home().resolveSibling(name + "-" + System.currentTimeMillis() + ".jfr");
        jcmd("JFR.start", "name=" + name, "settings=profile", "filename=" + recording);
        try {
            return work.run();
        } finally {
            jcmd("JFR.stop", "name=" + name);
            out.println("  flight recording (" + name + "): " + recording);
        }
    }

    /** Runs a diagnostic command in the server's JVM (Java Flight Recorder). */
    private void jcmd(String... command) throws IOException, InterruptedException {
        final List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
            .toString(), Long.toString(server.pid())));
        line.addAll(List.of(command));
        final Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        final String said = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + said);
        }
    }

    private void warm(WorkloadResult result) {
        if (!result.problems().isEmpty()) {
            out.println("  warm-up " + result.title() + ": PROBLEMS " + result.problems());
        }
    }

    private WorkloadResult report(WorkloadResult r) {
        final StringBuilder line = new StringBuilder(String.format("  %-34s %9.1f %s/s", r.title(),
            r.perSecond(), r.workload().operation));
        if (r.latency() != null) {
            line.append(String.format(", latency p50 %.2f ms p99 %.2f ms max %.1f ms (n=%d)", r.latency().p50() / 1e6,
                r.latency().p99() / 1e6, r.latency().max() / 1e6, r.latency().count()));
        }
        line.append(String.format(", server CPU %.3f ms/%s", r.serverCpuPerOperation() * 1e3, r.workload().operation));
        if (!r.note().isEmpty()) {
            line.append("; ").append(r.note());
        }
        out.println(line);
        out.println("      " + r.usage().describe());
        if (!r.problems().isEmpty()) {
            out.println("      PROBLEMS: " + r.problems());
        }
        return r;
    }

    private void login() throws IOException, InterruptedException {
        final Duration timeout = options.timeout.plusSeconds(20);
        owner = BenchClient.login(-1, "127.0.0.1", server.clientPort(), OpenfireServer.DOMAIN, OWNER, PASSWORD,
            "bench", timeout);
        owner.handler(ownerRequests);
        BenchClient.loginAll(options.users(), ArmRun::userName, "127.0.0.1", server.clientPort(),
            OpenfireServer.DOMAIN, PASSWORD, "bench", timeout, users::add);
    }

    private void createRoom(String room) throws IOException {
        createRoom(owner, ownerRequests, room, options.timeout);
    }

    /**
     * The owner creates the room (it enters, configures it as {@link Muc#configure} says, leaves: the room persists).
     * {@code requests} must be the owner's handler.
     */
    static void createRoom(BenchClient owner, Requests requests, String room, Duration timeout) throws IOException {
        final String self = room + "/owner";
        final String entered = requests.send(owner, Muc.join(room, "owner"),
            xml -> xml.startsWith("<presence") && self.equals(Stanza.attribute(xml, "from")), timeout);
        if ("error".equals(Stanza.attribute(entered, "type"))) {
            throw new IOException("Could not create " + room + ": " + entered);
        }
        final String id = BenchClient.nextId();
        final String configured = requests.iq(owner, id, Muc.configure(id, room), timeout);
        if (!"result".equals(Stanza.attribute(configured, "type"))) {
            throw new IOException("Could not configure " + room + ": " + configured);
        }
        final String left = requests.send(owner, Muc.leave(room, "owner"),
            xml -> xml.startsWith("<presence") && self.equals(Stanza.attribute(xml, "from"))
                && "unavailable".equals(Stanza.attribute(xml, "type")), timeout);
        if (!Stanza.hasStatus(left, 110)) {
            throw new IOException("Unexpected answer to leaving " + room + ": " + left);
        }
    }

    /** Every groupchat occupant enters its room and stays. */
    private void seat(ChatRooms chat) throws IOException {
        final List<Requests> pending = new ArrayList<>();
        final List<java.util.concurrent.CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < chat.clients().size(); i++) {
            final BenchClient c = chat.clients().get(i);
            final String room = chat.roomOf(i);
            final String self = room + "/" + ChatRooms.nickOf(c);
            final Requests requests = new Requests();
            pending.add(requests);
            c.handler(requests);
            answers.add(requests.expect(xml -> xml.startsWith("<presence") && self.equals(Stanza.attribute(xml, "from"))
                && (Stanza.hasStatus(xml, 110) || "error".equals(Stanza.attribute(xml, "type")))));
            c.send(Muc.join(room, ChatRooms.nickOf(c)));
        }
        for (int i = 0; i < answers.size(); i++) {
            final String answer = Requests.await(answers.get(i), options.timeout, "occupant " + i + " entering");
            if ("error".equals(Stanza.attribute(answer, "type"))) {
                throw new IOException("Occupant could not enter its room: " + answer);
            }
        }
        for (BenchClient c : chat.clients()) {
            c.handler(BenchClient.IGNORE);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        final List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public void close() {
        final List<BenchClient> all = new ArrayList<>(users);
        if (owner != null) {
            all.add(owner);
        }
        all.parallelStream().forEach(BenchClient::close);
    }
}

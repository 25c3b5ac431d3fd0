package org.mucregistration.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The live benchmark's command-line options: sizes, rates and durations of every workload. */
final class BenchOptions {
    /** Even: as many pairs with the plugin first as second. */
    int pairs = 6;
    Path distribution;
    Path pluginJar = Path.of("target/mucregistration.jar");
    Path workDir = Path.of("target/live-benchmark");
    boolean openfireDefaults;
    /** Records the server's JVM with Java Flight Recorder during the measured workloads (see JfrProfile). */
    boolean jfr;
    /** Samples the server's CPU with async-profiler during the measured workloads (see AsyncProfile). */
    boolean asyncProfile;

    /** Unmeasured run of each workload before the measured ones. */
    Duration warmup = Duration.ofSeconds(3);
    /** Load before each measured window opens (closed loops reach their steady state). */
    Duration ramp = Duration.ofSeconds(1);
    /** Each timed workload's measured window. */
    Duration window = Duration.ofSeconds(6);
    /** How long an answer (self-presence, IQ result, message copy) may take before it counts as lost. */
    Duration timeout = Duration.ofSeconds(10);

    int joinClients = 50;
    int joinRooms = 10;

    int chatRooms = 10;
    int chatOccupants = 10;
    int bodyBytes = 64;
    /** Message rates (per second, all rooms together) of the latency workload, each measured in its own window. */
    List<Integer> messageRates = List.of(1000, 2000);

    /** Joins per second, all clients together, for the join latency workload (into the groupchat rooms). */
    int joinRate = 200;

    int registrationUsers = 200;
    int registrationRooms = 60;
    int registrationWarmupRooms = 200;

    /** The workloads to run (warm-up and measured); all by default. */
    java.util.Set<Workload> workloads = java.util.EnumSet.allOf(Workload.class);

    /** Before each server starts, wait up to this long for other processes to leave the machine alone. */
    Duration quietWait = Duration.ofSeconds(120);

    static final String USAGE = """
        LiveBenchmark: Openfire with and without the plugin, from the same distribution, in alternating pairs.

        Options (durations in seconds):
          --pairs N                 pairs of runs, order alternating: without-with, with-without, ... (6)
          --distribution DIR        Openfire distribution (default: OPENFIRE_HOME or ../shared/openfire's tarball)
          --plugin JAR              plugin jar (target/mucregistration.jar; build it with mvn package)
          --work-dir DIR            Openfire homes and results (target/live-benchmark)
          --openfire-defaults       Openfire's default room settings instead of semi-anonymous unlogged rooms
          --jfr                     record each server with Java Flight Recorder during the measured joins,
                                    message-latency windows and registrations (work dir, *.jfr; read them
                                    with JfrProfile)
          --async-profile           sample each server's CPU with async-profiler (every thread, JIT compiler
                                    and GC included, 1 ms of CPU per sample) during the same workloads (work
                                    dir, *.collapsed; read them with AsyncProfile); not with --jfr
          --warmup S                unmeasured run of each workload first (3)
          --ramp S                  load before each measured window (1)
          --window S                measured window of each timed workload (6)
          --timeout S               an answer later than this is lost (10)
          --join-clients N          clients of the closed join+leave loop and of the steady joins (50)
          --join-rooms N            rooms of the closed join+leave loop (10)
          --chat-rooms N            groupchat rooms (10)
          --chat-occupants N        occupants of each groupchat room, each a sender (10)
          --body-bytes N            message body size (64)
          --message-rate N[,N...]   messages per second, all rooms together, for message latency; one
                                    window per rate (1000,2000)
          --join-rate N             joins per second for join latency, into the groupchat rooms (200)
          --registration-users N    users who register (200)
          --registration-rooms N    rooms each user registers with (60)
          --registration-warmup-rooms N
                                    rooms each user registers with, unmeasured, before each registration
                                    workload (200: 40 000 registrations of each kind)
          --workloads NAME[,NAME...]
                                    only these workloads (all): join-loop, groupchat, message-rate,
                                    join-rate, registrations (both registration workloads)
          --quiet-wait S            before each server starts, wait up to S for other processes to use less
                                    than 0.25 cores (120); windows where they used more are listed
        """;

    static BenchOptions parse(String... args) {
        final BenchOptions o = new BenchOptions();
        final List<String> list = new ArrayList<>(Arrays.asList(args));
        for (int i = 0; i < list.size(); i++) {
            final String name = list.get(i);
            if (name.equals("--openfire-defaults")) {
                o.openfireDefaults = true;
                continue;
            }
            if (name.equals("--jfr")) {
                o.jfr = true;
                continue;
            }
            if (name.equals("--async-profile")) {
                o.asyncProfile = true;
                continue;
            }
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= list.size()) {
                throw new IllegalArgumentException("Option " + name + " needs a value\n" + USAGE);
            }
            final String value = list.get(++i);
            try {
                switch (name) {
                    case "--pairs" -> o.pairs = positive(name, value);
                    case "--distribution" -> o.distribution = Path.of(value);
                    case "--plugin" -> o.pluginJar = Path.of(value);
                    case "--work-dir" -> o.workDir = Path.of(value);
                    case "--warmup" -> o.warmup = seconds(value);
                    case "--ramp" -> o.ramp = seconds(value);
                    case "--window" -> o.window = seconds(value);
                    case "--timeout" -> o.timeout = seconds(value);
                    case "--join-clients" -> o.joinClients = positive(name, value);
                    case "--join-rooms" -> o.joinRooms = positive(name, value);
                    case "--chat-rooms" -> o.chatRooms = positive(name, value);
                    case "--chat-occupants" -> o.chatOccupants = positive(name, value);
                    case "--body-bytes" -> o.bodyBytes = positive(name, value);
                    case "--message-rate" -> o.messageRates = Arrays.stream(value.split(","))
                        .map(v -> positive(name, v.trim())).toList();
                    case "--join-rate" -> o.joinRate = positive(name, value);
                    case "--registration-users" -> o.registrationUsers = positive(name, value);
                    case "--registration-rooms" -> o.registrationRooms = positive(name, value);
                    case "--registration-warmup-rooms" -> o.registrationWarmupRooms = positive(name, value);
                    case "--quiet-wait" -> o.quietWait = seconds(value);
                    case "--workloads" -> o.workloads = workloads(value);
                    default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + USAGE);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Option " + name + " needs a number, not '" + value + "'");
            }
        }
        if (o.window.isZero()) {
            throw new IllegalArgumentException("--window must be more than 0");
        }
        if (o.jfr && o.asyncProfile) {
            throw new IllegalArgumentException("--jfr and --async-profile: one profiler at a time");
        }
        return o;
    }

    /** The workloads named, by the names {@code --workloads} takes. */
    private static java.util.Set<Workload> workloads(String value) {
        final java.util.Set<Workload> chosen = java.util.EnumSet.noneOf(Workload.class);
        for (String name : value.split(",")) {
            switch (name.trim()) {
                case "join-loop" -> chosen.add(Workload.JOIN_LOOP);
                case "groupchat" -> chosen.add(Workload.GROUPCHAT);
                case "message-rate" -> chosen.add(Workload.MESSAGE_RATE);
                case "join-rate" -> chosen.add(Workload.JOIN_RATE);
                case "registrations" -> {
                    chosen.add(Workload.REGISTER_MEMBERS);
                    chosen.add(Workload.REGISTER_UNAFFILIATED);
                }
                default -> throw new IllegalArgumentException("Unknown workload '" + name.trim() + "' for --workloads: "
                    + "join-loop, groupchat, message-rate, join-rate, registrations");
            }
        }
        return chosen;
    }

    boolean runs(Workload workload) {
        return workloads.contains(workload);
    }

    private static int positive(String name, String value) {
        final int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return n;
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    int chatClients() {
        return chatRooms * chatOccupants;
    }

    /** Load users: the join clients, then the groupchat occupants; the registering users are the first of them all. */
    int users() {
        return Math.max(joinClients + chatClients(), registrationUsers);
    }

    /** Everything that decides the load, for the report's header. */
    Map<String, String> describe() {
        final Map<String, String> d = new LinkedHashMap<>();
        d.put("pairs", Integer.toString(pairs));
        if (!workloads.equals(java.util.EnumSet.allOf(Workload.class))) {
            d.put("workloads", workloads.stream().map(w -> w.title).collect(Collectors.joining(", ")));
        }
        d.put("warmup/ramp/window/timeout", secs(warmup) + "/" + secs(ramp) + "/" + secs(window) + "/" + secs(timeout)
            + " s");
        d.put("join loop", joinClients + " clients over " + joinRooms + " rooms");
        d.put("groupchat", chatRooms + " rooms x " + chatOccupants + " occupants, body " + bodyBytes + " bytes");
        d.put("steady rates", messageRates.stream().map(String::valueOf).collect(Collectors.joining(" and "))
            + " messages/s (each in its own window), " + joinRate + " joins/s");
        d.put("registration", registrationUsers + " users x " + registrationRooms + " rooms, after " + registrationUsers
            + " x " + registrationWarmupRooms + " unmeasured");
        d.put("room settings", openfireDefaults ? "Openfire's defaults" : "semi-anonymous, unlogged (the conformance "
            + "precondition)");
        return d;
    }

    private static String secs(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }
}

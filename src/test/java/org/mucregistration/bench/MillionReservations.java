package org.mucregistration.bench;

import org.mucregistration.admin.XmppTestClient;
import org.mucregistration.e2e.OpenfireDatabase;
import org.mucregistration.e2e.OpenfireServer;
import org.mucregistration.protocol.Nickname;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.mucregistration.admin.XmppTestClient.has;

/**
 * A million reservations (issue 9 §3), against the real Openfire on PostgreSQL: the plugin's table is filled with
 * {@code --rooms} rooms of {@code --per-room} reservations (100 000 × 10) and one room, {@code big}, of {@code --big}
 * (100 000), then the same measurements are taken as on the same server holding 10 reservations:
 * <ul>
 * <li>join latency p50/p99 of joins under nicknames the node has not looked up yet (each one a cache miss: the
 * database's index answers), alternating between a room of 10 reservations and the room of 100 000;</li>
 * <li>the plugin's start (deleted and uploaded again on the console's Plugins page, until Openfire says it loaded);</li>
 * <li>Openfire's own restart with and without the plugin;</li>
 * <li>the admin page's first page and a text search (HTTP round trip on loopback, 5 times each);</li>
 * <li>heap per cached reservation look-up: live heap (class histogram after a full GC) before and after
 * {@code --warm} look-ups of new nicknames (joins to room {@code big}, which has no listing), divided by the entries
 * they added (one each: "nobody reserved it"); Openfire's Cache Summary page's figures for the caches are printed
 * beside.</li>
 * </ul>
 * The 100 000 rooms exist in the plugin's table only: Openfire 5.1.1 loads every persistent room and its members at
 * start-up, room by room (about 35 ms a room here: an hour for 100 000), so their rows are reservations of rooms
 * Openfire does not have; the plugin's look-ups (its cache and the table's indexes) are what grows with them. Rooms
 * {@code small} and {@code big} are real.
 *
 * <p>Run (after {@code mvn package -DskipTests}, with PostgreSQL at {@code MUCREG_TEST_POSTGRES_URL}):
 * {@code mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.mucregistration.bench.MillionReservations}
 * (options: {@code --rooms N --per-room N --big N --joins N --warm N}).
 */
public final class MillionReservations {
    static final String DOMAIN = OpenfireServer.DOMAIN;
    static final String SERVICE = OpenfireServer.MUC_SERVICE;
    static final String PAGE = "/plugins/mucregistration/mucregistration-reservations.jsp";
    static final String SMALL = "small";
    static final String BIG = "big";
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private final PrintStream out = System.out;
    private final int rooms;
    private final int perRoom;
    private final int big;
    private final int joins;
    private final int warm;
    private final OpenfireServer server;
    private final OpenfireDatabase database;
    private final Path plugin;
    private final Map<String, String> results = new LinkedHashMap<>();

    private MillionReservations(Map<String, Integer> options, OpenfireServer server, OpenfireDatabase database,
                                Path plugin) {
        this.rooms = options.get("rooms");
        this.perRoom = options.get("per-room");
        this.big = options.get("big");
        this.joins = options.get("joins");
        this.warm = options.get("warm");
        this.server = server;
        this.database = database;
        this.plugin = plugin;
    }

    public static void main(String[] args) throws Exception {
        final Map<String, Integer> options = new HashMap<>(Map.of("rooms", 100_000, "per-room", 10, "big", 100_000,
            "joins", 1000, "warm", 20_000));
        for (int i = 0; i + 1 < args.length; i += 2) {
            final String name = args[i].replaceFirst("^--", "");
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(name, Integer.parseInt(args[i + 1]));
        }
        final String postgres = System.getenv("MUCREG_TEST_POSTGRES_URL");
        if (postgres == null) {
            throw new IllegalStateException("Set MUCREG_TEST_POSTGRES_URL to a PostgreSQL role that may create "
                + "databases (see the README)");
        }
        final Path distribution = OpenfireServer.distribution().orElseThrow(() -> new IllegalStateException(
            "No Openfire distribution: set OPENFIRE_HOME"));
        final Path plugin = Path.of("target/mucregistration.jar").toAbsolutePath();
        if (!Files.exists(plugin)) {
            throw new IllegalStateException("No plugin jar at " + plugin + ": mvn package -DskipTests");
        }
        try (OpenfireDatabase database = OpenfireDatabase.postgresql(postgres);
             OpenfireServer server = OpenfireServer.start(new OpenfireServer.Setup(distribution,
                 Path.of("target/million-reservations")).plugin(plugin).database(database)
                 .startTimeout(Duration.ofMinutes(5)))) {
            new MillionReservations(options, server, database, plugin).run();
        }
    }

    private void run() throws Exception {
        out.printf("== A million reservations: %,d rooms x %d + room '%s' with %,d, on %s%n", rooms, perRoom, BIG, big,
            database);
        try (XmppTestClient owner = login("user", "owner")) {
            createPersistentRoom(owner, SMALL);
            createPersistentRoom(owner, BIG);
        }
        fill(SMALL, 0, 10, "res", "Res ");
        out.printf("   rows in the table: %,d%n", rows());

        measureJoins("10 reservations", "a");
        measurePluginStart("10 reservations");
        measureRestarts("10 reservations");
        measurePage("10 reservations", "res+05");

        final long t0 = System.nanoTime();
        fillBySql();
        analyze();
        out.printf("   filled in %,d ms; rows in the table: %,d%n", (System.nanoTime() - t0) / 1_000_000, rows());

        measureJoins("1.1 million reservations", "b");
        measurePluginStart("1.1 million reservations");
        measureRestarts("1.1 million reservations");
        measurePage("1.1 million reservations", "member+04711");
        measureHeap();

        out.println();
        out.println("== Summary");
        results.forEach((k, v) -> out.printf("   %-70s %s%n", k, v));
    }

    // ---------------------------------------------------------------------------------------------- measurements

    /** Joins under new nicknames, alternating between the room of 10 reservations and the big room. */
    private void measureJoins(String label, String prefix) throws Exception {
        try (Joiner joiner = joiner("joiner-" + prefix)) {
            for (int i = 0; i < 50; i++) { // warm-up: connections, JIT
                join(joiner, i % 2 == 0 ? SMALL : BIG, prefix + "warmup " + i);
            }
            final long[] small = new long[joins];
            final long[] bigRoom = new long[joins];
            final long[] bigReserved = new long[joins];
            for (int i = 0; i < joins; i++) {
                small[i] = join(joiner, SMALL, prefix + " small " + i);
                bigRoom[i] = join(joiner, BIG, prefix + " big " + i);
                // A nickname with a row in the big room (its holder is no member of the room Openfire has: the row is
                // void, so the join is admitted; the row is read all the same).
                bigReserved[i] = join(joiner, BIG, String.format("Member %06d", Math.floorMod(i * 97 + prefix.hashCode(), big)));
            }
            report(label + ": join, new nickname, room of 10 reservations", small);
            report(label + ": join, new nickname, room '" + BIG + "'", bigRoom);
            report(label + ": join, nickname with a (void) row in '" + BIG + "'", bigReserved);
        }
    }

    /** One join and leave; returns the join's latency in microseconds (until the self-presence). */
    private long join(Joiner client, String room, String nick) throws Exception {
        try {
            return joinAndLeave(client, room, nick);
        } catch (AssertionError e) {
            final Path dump = Path.of("target/million-reservations/threads-" + System.currentTimeMillis() + ".txt");
            Files.writeString(dump, jcmd("Thread.print"));
            throw new IllegalStateException(e.getMessage() + "\n(Openfire's threads: " + dump + ")", e);
        }
    }

    private static long joinAndLeave(Joiner client, String room, String nick) throws Exception {
        final String occupant = room + "@" + SERVICE + "." + DOMAIN + "/" + nick;
        final long t0 = System.nanoTime();
        client.send("<presence to='" + occupant + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        final String self = client.await("the self-presence of " + occupant,
            s -> s.startsWith("<presence") && has(s, "from", occupant), TIMEOUT);
        final long micros = (System.nanoTime() - t0) / 1000;
        if (has(self, "type", "error")) {
            throw new IllegalStateException("join refused: " + self);
        }
        client.send("<presence type='unavailable' to='" + occupant + "'/>");
        client.await("the leave of " + occupant, s -> s.startsWith("<presence") && has(s, "from", occupant)
            && has(s, "type", "unavailable"), TIMEOUT);
        return micros;
    }

    private void report(String what, long[] micros) {
        final long[] sorted = micros.clone();
        Arrays.sort(sorted);
        final String line = String.format("p50 %.2f ms, p99 %.2f ms (%d joins)", Stats.percentile(sorted, 50) / 1000.0,
            Stats.percentile(sorted, 99) / 1000.0, sorted.length);
        out.printf("   %-70s %s%n", what, line);
        results.put(what, line);
    }

    /** The plugin deleted and uploaded again on the console; the upload's time until Openfire says it loaded it. */
    private void measurePluginStart(String label) throws IOException {
        final long[] millis = new long[3];
        for (int i = 0; i < millis.length; i++) {
            server.deletePluginOnConsole(Duration.ofSeconds(60));
            final long t0 = System.nanoTime();
            server.uploadPlugin(plugin, Duration.ofMinutes(2));
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        final String line = Arrays.toString(millis) + " ms";
        out.printf("   %-70s %s%n", label + ": plugin upload until loaded (3 times)", line);
        results.put(label + ": plugin upload until loaded (3 times)", line);
    }

    /** Openfire restarted with the plugin, without it, with it again. */
    private void measureRestarts(String label) throws IOException {
        final long with1 = server.restartWithPlugin(true).toMillis();
        final long without = server.restartWithPlugin(false).toMillis();
        final long with2 = server.restartWithPlugin(true).toMillis();
        final String line = String.format("with %,d ms, without %,d ms, with %,d ms", with1, without, with2);
        out.printf("   %-70s %s%n", label + ": Openfire restart", line);
        results.put(label + ": Openfire restart", line);
    }

    /** The admin page's first page of the service and a text search, 5 times each (after one warm-up each). */
    private void measurePage(String label, String query) throws IOException {
        final Map<String, String> views = new LinkedHashMap<>();
        views.put("first page", PAGE + "?service=" + SERVICE);
        views.put("search '" + query.replace('+', ' ') + "'", PAGE + "?service=" + SERVICE + "&q=" + query);
        views.put("room '" + BIG + "', page 2", PAGE + "?service=" + SERVICE + "&room=" + BIG + "&page=2");
        for (Map.Entry<String, String> view : views.entrySet()) {
            get(view.getValue());
            final long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                final long t0 = System.nanoTime();
                get(view.getValue());
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            Arrays.sort(millis);
            final String line = String.format("median %d ms (%s)", millis[2], Arrays.toString(millis));
            out.printf("   %-70s %s%n", label + ": admin page, " + view.getKey(), line);
            results.put(label + ": admin page, " + view.getKey(), line);
        }
    }

    private void get(String path) throws IOException {
        final HttpResponse<String> page = server.adminGet(path);
        if (page.statusCode() != 200 || !page.body().contains("<table")) {
            throw new IllegalStateException("The admin page " + path + " answered " + page.statusCode() + ":\n"
                + page.body().substring(0, Math.min(2000, page.body().length())));
        }
    }

    /**
     * Live heap (class histogram, which runs a full GC first) before and after look-ups of {@code --warm} new
     * nicknames (joins to room {@code big}), against the entries they added to the plugin's caches. Room {@code big}
     * has too many reservations for a listing, so each new nickname adds one entry of its own: the most a cached
     * answer costs (in a room of up to 256 reservations a new nickname adds nothing, the room's listing answers it).
     */
    private void measureHeap() throws Exception {
        // Openfire alone first (the plugin deleted on the console), then with the plugin uploaded again: the same
        // joins under new nicknames.
        server.deletePluginOnConsole(Duration.ofSeconds(60));
        final Map<String, Long> without = heapGrowth("heapless ");
        server.uploadPlugin(plugin, Duration.ofMinutes(2));
        out.println("   before: " + cacheSummary());
        final Map<String, Long> with = heapGrowth("heap ");
        out.println("   after:  " + cacheSummary());
        final Map<String, Long> plugin = new HashMap<>(with);
        without.forEach((k, v) -> plugin.merge(k, -v, Long::sum));
        out.println("   live heap growth with the plugin minus without it, by class (top 10):");
        plugin.entrySet().stream().filter(e -> !e.getKey().equals(TOTAL_KEY) && !e.getKey().startsWith(INSTANCES))
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(10)
            .forEach(e -> out.printf("      %,12d bytes %,9d instances  %s%n", e.getValue(),
                plugin.getOrDefault(INSTANCES + e.getKey(), 0L), e.getKey()));
        final String line = String.format("%d bytes an entry (%,d bytes with the plugin, %,d without, %,d look-ups)",
            plugin.get(TOTAL_KEY) / warm, with.get(TOTAL_KEY), without.get(TOTAL_KEY), warm);
        out.printf("   %-70s %s%n", "heap per cached look-up", line);
        results.put("heap per cached look-up", line);
    }

    private static final String TOTAL_KEY = "(total)";
    /** Prefix of the instance counts in a growth map (the bytes are under the class name itself). */
    private static final String INSTANCES = "#";

    /**
     * Live heap growth by class (and in total) over {@code --warm} joins under new nicknames to room {@code big}:
     * with the plugin, each adds one "nobody reserved it" entry to its cache; Openfire's own growth (its JID caches)
     * is the same with and without the plugin.
     */
    private Map<String, Long> heapGrowth(String prefix) throws Exception {
        final String before = histogram();
        try (Joiner joiner = joiner(prefix.trim())) {
            for (int i = 0; i < warm; i++) {
                join(joiner, BIG, prefix + i);
            }
        }
        final String after = histogram();
        final Map<String, Long> growth = growthByClass(before, after);
        growth.put(TOTAL_KEY, total(after) - total(before));
        return growth;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(server.pid()), command).redirectErrorStream(true).start();
        final String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return text;
    }

    private String histogram() throws IOException, InterruptedException {
        // Twice, a moment apart: objects waiting for their finalizer (the connection pool's statements) survive
        // the first full GC and are gone by the second.
        jcmd("GC.class_histogram");
        Thread.sleep(2000);
        final String text = jcmd("GC.class_histogram");
        if (!TOTAL.matcher(text).find()) {
            throw new IllegalStateException("jcmd gave no histogram:\n" + text);
        }
        return text;
    }

    private static long total(String histogram) {
        final Matcher m = TOTAL.matcher(histogram);
        m.find();
        return Long.parseLong(m.group(2));
    }

    /** Growth by class: bytes under the class name, instances under {@link #INSTANCES} + the name. */
    private static Map<String, Long> growthByClass(String before, String after) {
        final Map<String, Long> growth = new HashMap<>();
        final Matcher a = HISTOGRAM_ROW.matcher(after);
        while (a.find()) {
            growth.merge(a.group(3), Long.parseLong(a.group(2)), Long::sum);
            growth.merge(INSTANCES + a.group(3), Long.parseLong(a.group(1)), Long::sum);
        }
        final Matcher b = HISTOGRAM_ROW.matcher(before);
        while (b.find()) {
            growth.merge(b.group(3), -Long.parseLong(b.group(2)), Long::sum);
            growth.merge(INSTANCES + b.group(3), -Long.parseLong(b.group(1)), Long::sum);
        }
        return growth;
    }

    /** What Openfire's Cache Summary page says of the plugin's two caches (size used, effectiveness...). */
    private String cacheSummary() throws IOException {
        final String page = server.adminGet("/system-cache.jsp").body();
        return summary(page, "MUC Registration Reserved Nicknames") + "; "
            + summary(page, "MUC Registration Reservations By User");
    }

    /** The cells of the cache's row after its name, tags and blanks removed. */
    private static String summary(String page, String cache) {
        final int at = page.indexOf(cache + "</a>");
        if (at < 0) {
            return cache + ": not on the Cache Summary page";
        }
        final int cells = page.indexOf("</table>", at);
        final String row = page.substring(cells, page.indexOf("</tr>", cells));
        return cache + ": " + row.replaceAll("<[^>]*>", " ").replace("&nbsp;", " ").replaceAll("\\s+", " ").trim();
    }

    // ---------------------------------------------------------------------------------------------- the data

    /**
     * The joining user on the load generator's own client (plain socket, one reader thread, stanzas in order): only
     * the stanzas of the current join are looked at, the rest (the room's subject) are dropped.
     */
    private static final class Joiner implements AutoCloseable {
        final BenchClient client;
        final java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();

        Joiner(BenchClient client) {
            this.client = client;
            client.handler((c, xml, at) -> {
                if (xml.startsWith("<presence")) {
                    received.add(xml);
                }
            });
        }

        void send(String xml) throws IOException {
            client.send(xml);
        }

        String await(String what, java.util.function.Predicate<String> test, Duration timeout) throws Exception {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                final String next = received.poll(Math.max(0, deadline - System.nanoTime()),
                    java.util.concurrent.TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError(client.jid() + " received no " + what + " within "
                        + timeout.toSeconds() + " s" + (client.closedBecause() == null ? ""
                        : " (connection closed: " + client.closedBecause() + ")"));
                }
                if (test.test(next)) {
                    return next;
                }
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private Joiner joiner(String resource) throws IOException {
        return new Joiner(BenchClient.login(0, "127.0.0.1", server.clientPort(), DOMAIN, "user3", "password",
            resource, TIMEOUT));
    }

    private XmppTestClient login(String user, String resource) throws Exception {
        return XmppTestClient.login(DOMAIN, server.clientPort(), user, "password", resource);
    }

    private static void createPersistentRoom(XmppTestClient owner, String name) throws Exception {
        final String room = name + "@" + SERVICE + "." + DOMAIN;
        owner.send("<presence to='" + room + "/Owner'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        owner.await("the room's creation", s -> has(s, "code", "201"), TIMEOUT);
        owner.send("<iq type='set' id='cfg-" + name + "' to='" + room + "'><query "
            + "xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'><field "
            + "var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field><field "
            + "var='muc#roomconfig_persistentroom'><value>1</value></field></x></query></iq>");
        owner.await("the configuration's result", s -> s.startsWith("<iq") && s.contains("cfg-" + name)
            && has(s, "type", "result"), TIMEOUT);
    }

    /** Rows {@code from..to-1} of one room, in one transaction; the nickname key as the plugin computes it. */
    private void fill(String room, int from, int to, String user, String nickPrefix) throws Exception {
        fill(i -> room, from, to, i -> String.format("%s%06d@%s", user, i, DOMAIN),
            i -> String.format("%s%06d", nickPrefix, i));
    }

    /**
     * The {@code --rooms} rooms of {@code --per-room} rows and the big room's {@code --big}, generated by the database
     * (a million rows in seconds). Their nicknames are ASCII letters, digits and a space, whose PRECIS key is their
     * lower case: checked against the plugin's own {@link Nickname} first.
     */
    private void fillBySql() throws Exception {
        for (String sample : List.of("Guest 0000042", "Member 000042")) {
            final String key = Nickname.parse(sample).orElseThrow().key();
            if (!key.equals(sample.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalStateException("the key of '" + sample + "' is '" + key + "', not its lower case");
            }
        }
        try (Connection con = database.connect(); Statement st = con.createStatement()) {
            st.executeUpdate("INSERT INTO ofMucRegReservation (service, roomName, bareJid, nickname, nickKey) "
                + "SELECT '" + SERVICE + "', 'room' || lpad((g / " + perRoom + ")::text, 6, '0'), "
                + "'guest' || lpad(g::text, 7, '0') || '@" + DOMAIN + "', 'Guest ' || lpad(g::text, 7, '0'), "
                + "'guest ' || lpad(g::text, 7, '0') FROM generate_series(0, " + (rooms * perRoom - 1) + ") g");
            st.executeUpdate("INSERT INTO ofMucRegReservation (service, roomName, bareJid, nickname, nickKey) "
                + "SELECT '" + SERVICE + "', '" + BIG + "', 'member' || lpad(g::text, 6, '0') || '@" + DOMAIN
                + "', 'Member ' || lpad(g::text, 6, '0'), 'member ' || lpad(g::text, 6, '0') "
                + "FROM generate_series(0, " + (big - 1) + ") g");
        }
    }

    private void fill(IntFunction<String> room, int from, int to, IntFunction<String> jid, IntFunction<String> nick)
            throws Exception {
        try (Connection con = database.connect()) {
            con.setAutoCommit(false);
            try (PreparedStatement insert = con.prepareStatement("INSERT INTO ofMucRegReservation "
                + "(service, roomName, bareJid, nickname, nickKey) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = from; i < to; i++) {
                    final Nickname nickname = Nickname.parse(nick.apply(i)).orElseThrow();
                    insert.setString(1, SERVICE);
                    insert.setString(2, room.apply(i));
                    insert.setString(3, jid.apply(i));
                    insert.setString(4, nickname.display());
                    insert.setString(5, nickname.key());
                    insert.addBatch();
                    if ((i - from) % 5000 == 4999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            con.commit();
        }
    }

    private void analyze() throws Exception {
        try (Connection con = database.connect(); Statement st = con.createStatement()) {
            st.execute("ANALYZE ofMucRegReservation");
        }
    }

    private long rows() throws Exception {
        try (Connection con = database.connect(); Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ofMucRegReservation")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package org.mucregistration.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * How fast the admin console's searches are with 100 000 reservations in one MUC service. Not a test (timings are
 * not asserted): run it by hand and read the figures.
 *
 * <pre>
 * mvn -q test-compile
 * mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.mucregistration.storage.SearchLoadBenchmark
 *     [-Dexec.args="hsqldb-file"]                                  # HSQLDB file database instead of in-memory
 *     [-Dexec.args="jdbc:postgresql://127.0.0.1:5432/mucreg?user=mucreg&amp;password=mucreg postgresql"]
 *     [-Dexec.args="jdbc:postgresql://... postgresql --million"]    # 1 100 000 rows, as MillionReservations
 *     [-Dexec.args="jdbc:postgresql://... postgresql --million --trigram"] # then again with pg_trgm indexes
 *     [-Dexec.args="jdbc:mariadb://127.0.0.1:3306/?user=mucreg&amp;password=mucreg mariadb --million"]
 * </pre>
 *
 * Fills 1000 rooms with 100 reservations each (5000 distinct users, each in 20 rooms), by batched inserts, then times
 * each search 30 times after 5 warm-up runs. A PostgreSQL run works in its own schema, mucreg_bench, through one
 * reused connection (as from a pool). HSQLDB runs open a connection per call, which costs next to nothing there.
 *
 * <p>With {@code --million} (PostgreSQL or MariaDB) the database itself generates the rows of
 * {@code MillionReservations} instead: 100 000 rooms x 10 reservations and 100 000 in room {@code big}
 * ({@code generate_series}, or MariaDB's sequence engine), in the schema (database) mucreg_bench_million, dropped at
 * the end; each search is timed 11 times after 2 warm-up runs.
 */
public final class SearchLoadBenchmark {

    private static final String SERVICE = "conference";
    private static final int ROOMS = 1000;
    private static final int PER_ROOM = 100;
    private static final int USERS = 5000;
    private static final String MILLION_SCHEMA = "mucreg_bench_million";
    private static int warmUp = 5;
    private static int runs = 30;

    private SearchLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[2].equals("--million")) {
            million(args[0], args[1], args.length == 4 && args[3].equals("--trigram"));
            return;
        }
        final String type;
        final ConnectionSource source;
        final Connection keepAlive;
        if (args.length >= 2) {
            final String url = args[0];
            type = args[1];
            try (Connection con = DriverManager.getConnection(url); Statement st = con.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS mucreg_bench CASCADE");
                st.execute("CREATE SCHEMA mucreg_bench");
            }
            final Properties properties = new Properties();
            properties.setProperty("currentSchema", "mucreg_bench");
            keepAlive = DriverManager.getConnection(url, properties);
            source = TrackingConnections.reusing(keepAlive); // as a pool would: no connection set-up in the figures

        } else {
            type = "hsqldb";
            final String url = args.length == 1 && args[0].equals("hsqldb-file")
                    ? "jdbc:hsqldb:file:" + java.nio.file.Files.createTempDirectory("mucreg-bench") + "/db"
                    : "jdbc:hsqldb:mem:mucregbench";
            source = () -> DriverManager.getConnection(url, "SA", "");
            keepAlive = source.getConnection();
        }
        try (Connection con = source.getConnection()) {
            SchemaScripts.createVersionTable(con);
            SchemaScripts.install(con, type);
            System.out.printf(Locale.ROOT, "%s: %s %s%n", type, con.getMetaData().getDatabaseProductName(),
                    con.getMetaData().getDatabaseProductVersion());
        }

        long start = System.nanoTime();
        fill(source);
        System.out.printf(Locale.ROOT, "filled %d reservations (%d rooms x %d) in %.1f s%n",
                ROOMS * PER_ROOM, ROOMS, PER_ROOM, (System.nanoTime() - start) / 1e9);

        final JdbcReservationStore store = new JdbcReservationStore(source, type);
        start = System.nanoTime();
        final int puts = 1000;
        for (int i = 0; i < puts; i++) {
            store.put(new Reservation(SERVICE, "room" + String.format(Locale.ROOT, "%04d", i % ROOMS),
                    "newcomer" + i + "@example.com", "Newcomer" + i, "newcomer" + i));
        }
        System.out.printf(Locale.ROOT, "put(): %d puts, %.3f ms each%n", puts, (System.nanoTime() - start) / 1e6 / puts);

        final int total = store.search(SERVICE, null, null, 0, 1).total();
        System.out.printf(Locale.ROOT, "%-52s %10s %10s %8s %8s%n", "search (service has " + total + " rows)",
                "median ms", "max ms", "rows", "total");
        time("first page (offset 0, limit 50)", () -> store.search(SERVICE, null, null, 0, 50));
        time("middle page (offset 50000, limit 50)", () -> store.search(SERVICE, null, null, 50_000, 50));
        time("deep page (offset " + (total - 50) + ", limit 50)", () -> store.search(SERVICE, null, null, total - 50, 50));
        time("one room (room0500, limit 50)", () -> store.search(SERVICE, "room0500", null, 0, 50));
        time("fragment 'user4242@' (one user)", () -> store.search(SERVICE, null, "user4242@", 0, 50));
        time("fragment 'NICK_12' (_ literal), first page", () -> store.search(SERVICE, null, "NICK_12", 0, 50));
        time("fragment 'NICK_12', page at offset 2000", () -> store.search(SERVICE, null, "NICK_12", 2000, 50));
        time("fragment 'zzz' (no match: full scan)", () -> store.search(SERVICE, null, "zzz", 0, 50));
        time("fragment '%' (literal: no match)", () -> store.search(SERVICE, null, "%", 0, 50));
        timeOther("listRoom(room0500)", () -> store.listRoom(new RoomKey(SERVICE, "room0500")).size());
        timeOther("findByNickKey(room0500, nick_...)", () -> store.findByNickKey(new RoomKey(SERVICE, "room0500"),
                "nick_" + ((500 * 37) % USERS)).map(r -> 1).orElse(0));

        if (type.equals("hsqldb")) {
            try (Statement st = keepAlive.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }
        keepAlive.close();
    }

    /** The searches of the admin page over the 1 100 000 rows MillionReservations generates. */
    private static void million(String url, String type, boolean trigram) throws Exception {
        final boolean postgres = type.equals("postgresql");
        if (!postgres && !type.equals("mariadb")) {
            throw new IllegalArgumentException("--million needs postgresql or mariadb, not " + type);
        }
        if (trigram && !postgres) {
            throw new IllegalArgumentException("--trigram needs postgresql");
        }
        warmUp = 2;
        runs = 11;
        try (Connection con = DriverManager.getConnection(url); Statement st = con.createStatement()) {
            st.execute(postgres ? "DROP SCHEMA IF EXISTS " + MILLION_SCHEMA + " CASCADE"
                    : "DROP DATABASE IF EXISTS " + MILLION_SCHEMA);
            st.execute(postgres ? "CREATE SCHEMA " + MILLION_SCHEMA
                    : "CREATE DATABASE " + MILLION_SCHEMA + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        final Connection keepAlive;
        if (postgres) {
            final Properties properties = new Properties();
            properties.setProperty("currentSchema", MILLION_SCHEMA);
            keepAlive = DriverManager.getConnection(url, properties);
        } else {
            keepAlive = DriverManager.getConnection(url);
            keepAlive.setCatalog(MILLION_SCHEMA);
        }
        try {
            final ConnectionSource source = TrackingConnections.reusing(keepAlive);
            try (Connection con = source.getConnection(); Statement st = con.createStatement()) {
                SchemaScripts.createVersionTable(con);
                SchemaScripts.install(con, type);
                System.out.printf(Locale.ROOT, "%s: %s %s%n", type, con.getMetaData().getDatabaseProductName(),
                        con.getMetaData().getDatabaseProductVersion());
                final long start = System.nanoTime();
                final String room = postgres ? "'room' || lpad((g / 10)::text, 6, '0')"
                        : "concat('room', lpad(g div 10, 6, '0'))";
                st.executeUpdate("INSERT INTO ofMucRegReservation (service, roomName, bareJid, nickname, nickKey) "
                        + "SELECT '" + SERVICE + "', " + room + ", " + concat(postgres, "'guest'", pad("g", 7, postgres),
                        "'@example.org'") + ", " + concat(postgres, "'Guest '", pad("g", 7, postgres)) + ", "
                        + concat(postgres, "'guest '", pad("g", 7, postgres)) + " FROM " + series(postgres, 1_000_000));
                st.executeUpdate("INSERT INTO ofMucRegReservation (service, roomName, bareJid, nickname, nickKey) "
                        + "SELECT '" + SERVICE + "', 'big', " + concat(postgres, "'member'", pad("g", 6, postgres),
                        "'@example.org'") + ", " + concat(postgres, "'Member '", pad("g", 6, postgres)) + ", "
                        + concat(postgres, "'member '", pad("g", 6, postgres)) + " FROM " + series(postgres, 100_000));
                st.execute(postgres ? "VACUUM ANALYZE ofMucRegReservation" : "ANALYZE TABLE ofMucRegReservation");
                System.out.printf(Locale.ROOT, "generated 1 100 000 reservations in %.1f s%n",
                        (System.nanoTime() - start) / 1e9);
            }
            final JdbcReservationStore store = new JdbcReservationStore(source, type);
            timeMillionSearches(store);
            if (trigram) {
                timeRegistrations(store, "w");
                // What README suggests to administrators of large services on PostgreSQL: trigram indexes, which
                // PostgreSQL uses for LIKE '%...%' by itself (the plugin's schema does not create them: CREATE
                // EXTENSION needs a privilege the database user may lack).
                try (Connection con = source.getConnection(); Statement st = con.createStatement()) {
                    final long start = System.nanoTime();
                    st.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
                    st.execute("CREATE INDEX ofMucRegRes_bareJid_trgm ON ofMucRegReservation "
                            + "USING gin (bareJid gin_trgm_ops)");
                    st.execute("CREATE INDEX ofMucRegRes_nickKey_trgm ON ofMucRegReservation "
                            + "USING gin (nickKey gin_trgm_ops)");
                    st.execute("ANALYZE ofMucRegReservation");
                    System.out.printf(Locale.ROOT, "created the trigram indexes in %.1f s%n",
                            (System.nanoTime() - start) / 1e9);
                }
                timeMillionSearches(store);
                timeRegistrations(store, "x");
            }
        } finally {
            try (Statement st = keepAlive.createStatement()) {
                st.execute(postgres ? "DROP SCHEMA " + MILLION_SCHEMA + " CASCADE" : "DROP DATABASE " + MILLION_SCHEMA);
            }
            keepAlive.close();
        }
    }

    /** The admin page's searches of the million rows, each timed after warm-up runs. */
    private static void timeMillionSearches(JdbcReservationStore store) {
        final int total = store.search(SERVICE, null, null, 0, 1).total();
        System.out.printf(Locale.ROOT, "%-52s %10s %10s %8s %8s%n", "search (service has " + total + " rows)",
                "median ms", "max ms", "rows", "total");
        time("first page (offset 0, limit 50)", () -> store.search(SERVICE, null, null, 0, 50));
        time("a page of room big (offset 50000, limit 50)", () -> store.search(SERVICE, "big", null, 50_000, 50));
        time("fragment 'member 04711' (one user)", () -> store.search(SERVICE, null, "member 04711", 0, 50));
        time("fragment 'Member 04711' (one user, upper case)",
                () -> store.search(SERVICE, null, "Member 04711", 0, 50));
        time("fragment 'guest 00' (100 000 matches), first page",
                () -> store.search(SERVICE, null, "guest 00", 0, 50));
        time("fragment 'guest0099' (1000 matches), page 3", () -> store.search(SERVICE, null, "guest0099", 100, 50));
        time("fragment 'zzz' (no match)", () -> store.search(SERVICE, null, "zzz", 0, 50));
        time("fragment 'member 04711', offset 50 (past the end)",
                () -> store.search(SERVICE, null, "member 04711", 50, 50));
    }

    /**
     * What the trigram indexes cost a registration: 2000 new reservations written one by one through the store, each in
     * its own transaction, as registrations are (into rooms of 10, as most are), after 200 unmeasured.
     */
    private static void timeRegistrations(JdbcReservationStore store, String prefix) throws NicknameTakenException {
        final int warm = 200;
        final int count = 2000;
        final double[] ms = new double[count];
        for (int i = 0; i < warm + count; i++) {
            final String room = "room" + String.format(Locale.ROOT, "%06d", i * 37 % 100_000);
            final String user = prefix + i;
            final Reservation r = new Reservation(SERVICE, room, user + "@example.org", "Writer " + user,
                    "writer " + user);
            final long t = System.nanoTime();
            store.apply(new RoomKey(SERVICE, room), List.of(new ReservationWrite.Put(r, false)));
            if (i >= warm) {
                ms[i - warm] = (System.nanoTime() - t) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-52s %10.3f %10.3f (p99 %.3f ms)%n", "registration (one INSERT, committed)",
                ms[count / 2], ms[count - 1], ms[count * 99 / 100]);
    }

    private static String concat(boolean postgres, String... parts) {
        return postgres ? String.join(" || ", parts) : "concat(" + String.join(", ", parts) + ")";
    }

    private static String pad(String column, int width, boolean postgres) {
        return "lpad(" + column + (postgres ? "::text" : "") + ", " + width + ", '0')";
    }

    /** The rows 0 to count - 1 as column g. */
    private static String series(boolean postgres, int count) {
        return postgres ? "generate_series(0, " + (count - 1) + ") g"
                : "(SELECT seq AS g FROM seq_0_to_" + (count - 1) + ") s";
    }

    /** Room r holds users (r * 37 + u) mod 5000 for u below 100: distinct within a room, each user in 20 rooms. */
    private static void fill(ConnectionSource source) throws SQLException {
        try (Connection con = source.getConnection()) {
            con.setAutoCommit(false);
            try (PreparedStatement ps = con.prepareStatement("INSERT INTO ofMucRegReservation "
                    + "(service, roomName, bareJid, nickname, nickKey) VALUES (?, ?, ?, ?, ?)")) {
                for (int r = 0; r < ROOMS; r++) {
                    for (int u = 0; u < PER_ROOM; u++) {
                        final int user = (r * 37 + u) % USERS;
                        ps.setString(1, SERVICE);
                        ps.setString(2, String.format(Locale.ROOT, "room%04d", r));
                        ps.setString(3, "user" + user + "@example.com");
                        ps.setString(4, "Nick_" + user);
                        ps.setString(5, "nick_" + user);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    if (r % 10 == 9) {
                        con.commit();
                    }
                }
            }
            con.commit();
            con.setAutoCommit(true);
        }
    }

    private static void time(String label, Supplier<ReservationStore.Page> search) {
        final ReservationStore.Page[] last = new ReservationStore.Page[1];
        final double[] ms = measure(() -> last[0] = search.get());
        System.out.printf(Locale.ROOT, "%-52s %10.2f %10.2f %8d %8d%n", label, ms[0], ms[1],
                last[0].rows().size(), last[0].total());
    }

    private static void timeOther(String label, Supplier<Integer> call) {
        final int[] rows = new int[1];
        final double[] ms = measure(() -> rows[0] = call.get());
        System.out.printf(Locale.ROOT, "%-52s %10.2f %10.2f %8d %8s%n", label, ms[0], ms[1], rows[0], "");
    }

    /** Median and max milliseconds over the timed runs. */
    private static double[] measure(Runnable run) {
        for (int i = 0; i < warmUp; i++) {
            run.run();
        }
        final double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            final long t = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[]{ms[runs / 2], ms[runs - 1]};
    }
}

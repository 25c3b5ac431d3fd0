package org.mucregistration.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract against {@link JdbcReservationStore} on a real database, whose schema is installed the way Openfire
 * installs a plugin's: an ofVersion table, then the plugin's {@code database/mucregistration_<type>.sql}. Also checks
 * that every connection the store takes is closed, back in auto-commit mode.
 */
abstract class JdbcStoreContract extends ReservationStoreContract {

    TrackingConnections connections;

    /** The database type name handed to the store (picks the SQL dialect). */
    protected abstract String databaseType();

    /** The install script to run: {@code database/mucregistration_<scriptType>.sql}. */
    protected String scriptType() {
        return databaseType();
    }

    /** Makes the test database empty: nothing of Openfire's or the plugin's. */
    protected abstract void resetDatabase() throws Exception;

    /** A new connection to the test database, in auto-commit mode. */
    protected abstract Connection rawConnection() throws SQLException;

    @Override
    protected ReservationStore createStore() throws Exception {
        resetDatabase();
        try (Connection con = rawConnection()) {
            SchemaScripts.createVersionTable(con);
            SchemaScripts.install(con, scriptType());
        }
        connections = new TrackingConnections(this::rawConnection);
        return new JdbcReservationStore(connections, databaseType());
    }

    @AfterEach
    void everyConnectionWasClosedInAutoCommitMode() {
        if (connections == null) {
            return; // the test was skipped before the store existed
        }
        assertEquals(connections.opened.get(), connections.closed.get(), "connections opened vs closed");
        assertEquals(0, connections.closedWithoutAutoCommit.get(), "connections closed out of auto-commit");
    }

    /** The table's UNIQUE constraint refuses a taken key: a put asks who holds it only after being refused. */
    @Test
    void aFreeNicknameIsStoredWithoutAskingWhoHoldsItAndATakenOneIsRefusedWithItsHolder() throws Exception {
        store.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
        connections.prepared.clear();

        store.put(res(LOBBY, "romeo@montague.lit", "Romeo"));
        assertEquals(List.of("UPDATE", "INSERT"), verbs(connections.prepared), connections.prepared::toString);

        connections.prepared.clear();
        final NicknameTakenException taken = assertThrows(NicknameTakenException.class,
            () -> store.put(res(LOBBY, "romeo@montague.lit", "JULIET")));
        assertEquals("juliet@capulet.lit", taken.holder());
        assertEquals(List.of("UPDATE", "SELECT"), verbs(connections.prepared), connections.prepared::toString);
        assertEquals("romeo", store.findByJid(LOBBY, "romeo@montague.lit").orElseThrow().nickKey(), "unchanged");
    }

    @Test
    void aPutOfAUserKnownToHoldNoReservationIsAnInsertAloneAndStillReplacesOneItDidNotExpect() throws Exception {
        store.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
        connections.prepared.clear();
        store.apply(LOBBY, List.of(new ReservationWrite.Put(res(LOBBY, "romeo@montague.lit", "Romeo"), false)));
        assertEquals(List.of("INSERT"), verbs(connections.prepared), connections.prepared::toString);

        // The caller was wrong (a stale answer): the insert fails on the primary key and the retry replaces the row.
        store.apply(LOBBY, List.of(new ReservationWrite.Put(res(LOBBY, "juliet@capulet.lit", "Jules"), false)));
        assertEquals(List.of(res(LOBBY, "juliet@capulet.lit", "Jules"), res(LOBBY, "romeo@montague.lit", "Romeo")),
            store.listRoom(LOBBY));
        assertEquals(java.util.Optional.empty(), store.findByNickKey(LOBBY, "juliet"));
    }

    /**
     * A write that is one statement (a registration's insert, a removal) commits by itself: no transaction around it
     * (a commit fewer, on a server a round trip fewer); a write of several statements is one transaction.
     */
    @Test
    void aWriteOfOneStatementRunsWithoutATransactionAndOneOfSeveralInOne() throws Exception {
        store.apply(LOBBY, List.of(new ReservationWrite.Put(res(LOBBY, "romeo@montague.lit", "Romeo"), false)));
        store.remove(LOBBY, "romeo@montague.lit");
        store.apply(LOBBY, List.of(new ReservationWrite.Put(res(LOBBY, "romeo@montague.lit", "Romeo"), false)));
        store.apply(LOBBY, List.of(new ReservationWrite.Remove("romeo@montague.lit")));
        assertEquals(0, connections.transactions.get(), "transactions begun");
        assertEquals(0, connections.commits.get(), "commits asked for");
        assertEquals(List.of(), store.listRoom(LOBBY));

        store.put(res(LOBBY, "juliet@capulet.lit", "Juliet")); // may replace: an update, then an insert
        assertEquals(1, connections.transactions.get(), "transactions begun");
        assertEquals(1, connections.commits.get(), "commits asked for");
        store.apply(LOBBY, List.of(new ReservationWrite.Remove("juliet@capulet.lit"),
            new ReservationWrite.Put(res(LOBBY, "romeo@montague.lit", "Juliet"), false)));
        assertEquals(2, connections.transactions.get(), "transactions begun");
        assertEquals(List.of(res(LOBBY, "romeo@montague.lit", "Juliet")), store.listRoom(LOBBY));

        // A single insert refused by the unique key changes nothing; the retry, in a transaction, names the holder.
        final NicknameTakenException taken = assertThrows(NicknameTakenException.class, () -> store.apply(LOBBY,
            List.of(new ReservationWrite.Put(res(LOBBY, "tybalt@capulet.lit", "JULIET"), false))));
        assertEquals("romeo@montague.lit", taken.holder());
        assertEquals(List.of(res(LOBBY, "romeo@montague.lit", "Juliet")), store.listRoom(LOBBY));
    }

    private static List<String> verbs(List<String> sql) {
        return sql.stream().map(s -> s.trim().split("\\s+")[0].toUpperCase(java.util.Locale.ROOT)).toList();
    }

    @Test
    void theInstallScriptRecordsSchemaVersionOne() throws Exception {
        try (Connection con = rawConnection()) {
            assertEquals(Optional.of(SchemaScripts.VERSION), SchemaScripts.installedVersion(con));
        }
    }

    private static void insertRow(Connection con, String bareJid, String nickKey) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("INSERT INTO ofMucRegReservation "
                + "(service, roomName, bareJid, nickname, nickKey) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, SERVICE);
            ps.setString(2, "lobby");
            ps.setString(3, bareJid);
            ps.setString(4, nickKey);
            ps.setString(5, nickKey);
            ps.executeUpdate();
        }
    }

    @Test
    void theTableItselfRefusesADuplicateNickKeyOrASecondRowForAUser() throws Exception {
        try (Connection con = rawConnection()) {
            insertRow(con, "romeo@montague.lit", "romeo");
            final SQLException sameKey = assertThrows(SQLException.class,
                    () -> insertRow(con, "juliet@capulet.lit", "romeo"));
            assertTrue(JdbcReservationStore.isRace(sameKey), "integrity violation, SQLState " + sameKey.getSQLState());
            final SQLException sameUser = assertThrows(SQLException.class,
                    () -> insertRow(con, "romeo@montague.lit", "other"));
            assertTrue(JdbcReservationStore.isRace(sameUser), "integrity violation, SQLState " + sameUser.getSQLState());
        }
        assertEquals(1, store.listRoom(LOBBY).size());
    }

    /**
     * Values at the widths the store allows for this database, made of characters outside the Basic Multilingual Plane
     * (two Java chars, four UTF-8 bytes each) and non-ASCII letters, are stored and found again exactly.
     */
    @Test
    void valuesAtTheColumnLimitsAreStoredAndFoundAgainExactly() throws Exception {
        final int keyChars = JdbcReservationStore.Dialect.of(databaseType()).maxKeyChars();
        final String astral = "\uD840\uDC00"; // U+20000, CJK Extension B
        final String jid = "j" + astral.repeat((keyChars - 13) / 2) + "@capulet.lit";
        final String nickKey = (astral.repeat(keyChars / 2) + "é").substring(0, keyChars);
        final String nickname = "Ĵüłíëť " + astral.repeat((JdbcReservationStore.MAX_NICKNAME_CHARS - 7) / 2);
        final Reservation wide = new Reservation(SERVICE, "r".repeat(JdbcReservationStore.MAX_ROOM_CHARS), jid,
                nickname, nickKey);
        store.put(wide);
        assertEquals(Optional.of(wide), store.findByJid(wide.roomKey(), jid));
        assertEquals(Optional.of(wide), store.findByNickKey(wide.roomKey(), nickKey));
        assertEquals(List.of(wide), store.listRoom(wide.roomKey()));
    }

    @Test
    void keysWiderThanTheColumnsAreRefusedBeforeWriting() {
        final String wide = "x".repeat(1025);
        assertThrows(IllegalArgumentException.class,
                () -> store.put(new Reservation(SERVICE, "lobby", "juliet@capulet.lit", "x", wide)));
        assertThrows(IllegalArgumentException.class,
                () -> store.put(new Reservation(SERVICE, "lobby", wide, "x", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> store.put(new Reservation(SERVICE, "x".repeat(256), "juliet@capulet.lit", "x", "x")));
        assertEquals(0, store.search(SERVICE, null, null, 0, 10).total());
    }

    @Test
    void whatIsTooWideIsSaidBeforeAnyWriteAtThisDatabasesWidths() {
        final int keyChars = JdbcReservationStore.Dialect.of(databaseType()).maxKeyChars();
        final String fits = "x".repeat(keyChars);
        final String over = "x".repeat(keyChars + 1);
        assertEquals(Optional.empty(), store.tooWide(new Reservation(SERVICE, "lobby", fits, "x", fits)));
        assertEquals(Optional.of("bareJid (at most " + keyChars + " characters)"),
                store.tooWide(new Reservation(SERVICE, "lobby", over, "x", "x")));
        assertEquals(Optional.of("nickKey (at most " + keyChars + " characters)"),
                store.tooWide(new Reservation(SERVICE, "lobby", "juliet@capulet.lit", "x", over)));
        assertTrue(store.tooWide(new Reservation(SERVICE, "r".repeat(256), "juliet@capulet.lit", "x", "x"))
                .isPresent());
    }

    @Test
    void databaseFailuresSurfaceAsReservationStoreExceptionsAndReleaseTheConnection() throws Exception {
        try (Connection con = rawConnection(); Statement st = con.createStatement()) {
            st.execute("DROP TABLE ofMucRegReservation");
        }
        final Reservation juliet = res(LOBBY, "juliet@capulet.lit", "Juliet");
        assertThrows(ReservationStoreException.class, () -> store.put(juliet));
        assertThrows(ReservationStoreException.class, () -> store.findByJid(LOBBY, "juliet@capulet.lit"));
        assertThrows(ReservationStoreException.class, () -> store.findByNickKey(LOBBY, "juliet"));
        assertThrows(ReservationStoreException.class, () -> store.remove(LOBBY, "juliet@capulet.lit"));
        assertThrows(ReservationStoreException.class, () -> store.removeRoom(LOBBY));
        assertThrows(ReservationStoreException.class, () -> store.listRoom(LOBBY));
        assertThrows(ReservationStoreException.class, () -> store.search(SERVICE, null, "j", 0, 10));
    }

    @Test
    void aSearchCountsOnlyWhenItsPageDoesNotEndTheMatches() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.put(res(LOBBY, "user" + i + "@montague.lit", "Nick" + i));
        }
        final List<String> prepared = new ArrayList<>();
        final ReservationStore recording = new JdbcReservationStore(() -> {
            final Connection real = connections.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")) {
                            final String sql = (String) args[0];
                            prepared.add(sql.startsWith("SELECT COUNT(") ? "count"
                                : sql.startsWith("WITH ") ? "few matches" : "page");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }, databaseType());
        // PostgreSQL reads a text search's few matches in one statement, count and page (JdbcReservationStore.fewMatches)
        final boolean few = databaseType().equals("postgresql");
        final List<String> fragmentPage = few ? List.of("few matches") : List.of("page");
        final List<String> fragmentPageAndCount = few ? List.of("few matches") : List.of("page", "count");
        final Object[][] cases = {
            // fragment, offset, limit, total, statements
            {"montague", 0, 10, 5, fragmentPage},         // the page ends the matches: its size is the count
            {"MONTAGUE", 3, 10, 5, fragmentPage},         // so does a later one that is not empty
            {"nobody", 0, 10, 0, fragmentPage},           // nothing at all
            {null, 0, 5, 5, List.of("page", "count")},    // a full page: more may follow
            {"nick", 2, 2, 5, fragmentPageAndCount},
            {"nick", 5, 10, 5, fragmentPageAndCount},     // past the end: the count clamps the admin's page
            {"nick", 0, 0, 5, List.of("count")},
        };
        for (Object[] c : cases) {
            prepared.clear();
            final ReservationStore.Page page = recording.search(SERVICE, null, (String) c[0], (int) c[1], (int) c[2]);
            assertEquals(c[3], page.total(), c[0] + " at " + c[1] + "+" + c[2]);
            assertEquals(c[4], prepared, c[0] + " at " + c[1] + "+" + c[2]);
        }
    }

    @Test
    void aSearchWithMoreMatchesThanReadInOneScanAnswersTheSame() throws Exception {
        for (int i = 0; i < 6; i++) {
            store.put(res(LOBBY, "user" + i + "@montague.lit", "Nick" + i));
            store.put(res(ATTIC, "user" + i + "@montague.lit", "Other" + i));
        }
        store.put(res(ATTIC, "juliet@capulet.lit", "Juliet"));
        // Reads at most 4 matches in one scan: more, and it pages by the index as every other database does.
        final ReservationStore small = new JdbcReservationStore(connections, databaseType(), 4);
        final Object[][] cases = {
            // fragment, room, offset, limit
            {"montague", null, 0, 5}, {"montague", null, 5, 5}, {"montague", null, 10, 5}, {"montague", null, 12, 5},
            {"montague", null, 20, 5}, {"nick", null, 0, 50}, {"nick", "lobby", 2, 3}, {"juliet", null, 0, 5},
            {"other", "attic", 4, 4}, {"nobody", null, 0, 5}, {"NICK1", null, 0, 5}, {"user", null, 3, 0},
        };
        for (Object[] c : cases) {
            final String fragment = (String) c[0];
            final String room = (String) c[1];
            final int offset = (int) c[2];
            final int limit = (int) c[3];
            final ReservationStore.Page expected = store.search(SERVICE, room, fragment, offset, limit);
            assertEquals(expected, small.search(SERVICE, room, fragment, offset, limit),
                    fragment + " in " + room + " at " + offset + "+" + limit);
        }
        assertEquals(12, store.search(SERVICE, null, "montague", 10, 5).total());
        assertEquals(List.of("user4@montague.lit", "user5@montague.lit"),
                store.search(SERVICE, null, "montague", 10, 5).rows().stream().map(Reservation::bareJid).toList(),
                "lobby after attic, by nickname key");
    }

    /**
     * A store that runs {@code meanwhile} just before it prepares its first statement starting with {@code verb}
     * (in put: UPDATE comes after the holder check, INSERT after the UPDATE found no row of the user's), as if
     * another node had committed just then.
     */
    private ReservationStore storeOvertakenBefore(String verb, SqlAction meanwhile, AtomicInteger count) {
        final ConnectionSource overtaken = () -> {
            final Connection real = connections.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && ((String) args[0]).startsWith(verb)
                                && count.getAndIncrement() == 0) {
                            meanwhile.run();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        };
        return new JdbcReservationStore(overtaken, databaseType());
    }

    /**
     * Whether a transaction that has written keeps every other writer out of the table until it ends (HSQLDB's
     * default two-phase locking): then no other write can be slipped in between two statements of a put here,
     * where the "other node" runs on the same thread.
     */
    protected boolean locksTablesForWriters() {
        return false;
    }

    interface SqlAction {
        void run() throws Exception;
    }

    @Test
    @Timeout(30)
    void aPutOvertakenAfterItsCheckHitsTheUniqueKeyAndReportsTheWinner() throws Exception {
        final AtomicInteger updates = new AtomicInteger();
        final ReservationStore overtaken = storeOvertakenBefore("UPDATE",
                () -> store.put(res(LOBBY, "romeo@montague.lit", "Prize")), updates); // another node wins

        final NicknameTakenException e = assertThrows(NicknameTakenException.class,
                () -> overtaken.put(res(LOBBY, "juliet@capulet.lit", "Prize")));
        assertEquals("romeo@montague.lit", e.holder());
        assertEquals(1, updates.get(), "the put got past its check once, then lost on the unique key");
        assertEquals(Optional.empty(), store.findByJid(LOBBY, "juliet@capulet.lit"));
        assertEquals("romeo@montague.lit", store.findByNickKey(LOBBY, "prize").orElseThrow().bareJid());
    }

    @Test
    @Timeout(30)
    void aPutOvertakenByTheSameUsersInsertRetriesAsAnUpdate() throws Exception {
        Assumptions.assumeFalse(locksTablesForWriters(), "needs a write between a put's UPDATE and its INSERT");
        final AtomicInteger inserts = new AtomicInteger();
        final ReservationStore overtaken = storeOvertakenBefore("INSERT",
                () -> store.put(res(LOBBY, "juliet@capulet.lit", "Other")), inserts); // the user, on another node

        overtaken.put(res(LOBBY, "juliet@capulet.lit", "Prize")); // insert hits the primary key; the retry updates
        assertEquals(1, inserts.get(), "one insert, then the retry's update");
        assertEquals(List.of(res(LOBBY, "juliet@capulet.lit", "Prize")), store.listRoom(LOBBY));
        assertFalse(store.findByNickKey(LOBBY, "other").isPresent());
    }
}

package org.mucregistration.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reservations in the {@code ofMucRegReservation} table (created by {@code database/mucregistration_<dbtype>.sql}),
 * read and written with plain JDBC. Every node of a cluster shares the table, so they all see the same reservations.
 *
 * <p>{@link #apply} is all or nothing: one transaction, or one statement when that is all it takes. The table's UNIQUE
 * (service, roomName, nickKey) constraint is what refuses a nickname key someone else holds, also against a concurrent
 * put on another node: the write fails with an integrity violation (SQLState class 23), changes nothing, and is
 * retried in a transaction that first looks up who holds each key, sees the holder and throws
 * {@link NicknameTakenException}. Deadlocks and serialization failures (class 40) are retried the same way.
 *
 * <p>Ordering ({@link #listRoom}, {@link #search}) is the database's collation order of the key columns; the MySQL,
 * MariaDB and SQL Server scripts declare binary collations for them, so keys compare exactly as Java strings do.
 */
public final class JdbcReservationStore implements ReservationStore {

    static final String TABLE = "ofMucRegReservation";
    private static final String COLUMNS = "service, roomName, bareJid, nickname, nickKey";
    /** The widest service and room name the scripts allow, in characters. */
    static final int MAX_ROOM_CHARS = 255;
    /** The widest display nickname the scripts allow, in characters. */
    static final int MAX_NICKNAME_CHARS = 1024;
    /** Attempts at a put that keeps losing races (integrity violations without a holder, deadlocks). */
    private static final int MAX_PUT_ATTEMPTS = 5;
    /**
     * The LIKE escape character where the statement names one ({@code ESCAPE '!'}): not special in any SQL dialect's
     * string literals (a backslash is, in MySQL).
     */
    private static final char ESCAPE = '!';
    /** PostgreSQL's LIKE escape character when the statement names none. */
    private static final char DEFAULT_ESCAPE = '\\';

    private static final String FIND_BY_JID =
            "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE service = ? AND roomName = ? AND bareJid = ?";
    private static final String FIND_BY_NICK_KEY =
            "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE service = ? AND roomName = ? AND nickKey = ?";
    private static final String HOLDER_OF_NICK_KEY =
            "SELECT bareJid FROM " + TABLE + " WHERE service = ? AND roomName = ? AND nickKey = ?";
    private static final String UPDATE =
            "UPDATE " + TABLE + " SET nickname = ?, nickKey = ? WHERE service = ? AND roomName = ? AND bareJid = ?";
    private static final String INSERT =
            "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
    private static final String DELETE =
            "DELETE FROM " + TABLE + " WHERE service = ? AND roomName = ? AND bareJid = ?";
    private static final String DELETE_ROOM =
            "DELETE FROM " + TABLE + " WHERE service = ? AND roomName = ?";
    private static final String LIST_ROOM =
            "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE service = ? AND roomName = ? ORDER BY nickKey";
    /** Same order as ORDER BY roomName, nickKey within one service, and the columns of the UNIQUE index. */
    private static final String SEARCH_ORDER = " ORDER BY service, roomName, nickKey";

    /**
     * The most matches of a text search on PostgreSQL read in one scan before paging ({@link #fewMatches}): a few
     * hundred kilobytes at most, sorted in memory.
     */
    static final int FEW_MATCHES = 1000;

    private final ConnectionSource connections;
    private final Dialect dialect;
    private final int fewMatches;

    /**
     * @param connections  where connections come from ({@code DbConnectionManager::getConnection} in Openfire)
     * @param databaseType the database type name Openfire reports ({@code DbConnectionManager.getDatabaseType()
     *                     .name()}: hsqldb, postgresql, mysql, mariadb, sqlserver, oracle, db2, cockroachdb,
     *                     firebird); any other name gets standard SQL
     */
    public JdbcReservationStore(ConnectionSource connections, String databaseType) {
        this(connections, databaseType, FEW_MATCHES);
    }

    /** @param fewMatches see {@link #FEW_MATCHES} (tests make it small) */
    JdbcReservationStore(ConnectionSource connections, String databaseType, int fewMatches) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.dialect = Dialect.of(databaseType);
        this.fewMatches = fewMatches;
    }

    /** A connection from the pool, asked whether it is valid (a round trip to the database). */
    @Override
    public void ensureAvailable() {
        try (Connection con = connections.getConnection()) {
            if (!con.isValid(VALID_TIMEOUT_SECONDS)) {
                throw new ReservationStoreException("The database did not answer within " + VALID_TIMEOUT_SECONDS
                    + " s", null);
            }
        } catch (SQLException e) {
            throw new ReservationStoreException("The database is unavailable", e);
        }
    }

    private static final int VALID_TIMEOUT_SECONDS = 5;

    @Override
    public Optional<Reservation> findByJid(RoomKey room, String bareJid) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(bareJid, "bareJid");
        return findOne(FIND_BY_JID, room, bareJid);
    }

    @Override
    public Optional<Reservation> findByNickKey(RoomKey room, String nickKey) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(nickKey, "nickKey");
        return findOne(FIND_BY_NICK_KEY, room, nickKey);
    }

    private Optional<Reservation> findOne(String sql, RoomKey room, String value) {
        try (Connection con = connections.getConnection();
             PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setString(1, room.service());
            ps.setString(2, room.room());
            ps.setString(3, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ReservationStoreException("Could not read the reservation of " + value + " in " + room, e);
        }
    }

    @Override
    public void put(Reservation reservation) throws NicknameTakenException {
        Objects.requireNonNull(reservation, "reservation");
        apply(reservation.roomKey(), List.of(new ReservationWrite.Put(reservation)));
    }

    @Override
    public void apply(RoomKey room, List<ReservationWrite> writes) throws NicknameTakenException {
        Objects.requireNonNull(room, "room");
        for (ReservationWrite write : writes) {
            if (write instanceof ReservationWrite.Put put) {
                if (!put.reservation().roomKey().equals(room)) {
                    throw new IllegalArgumentException(describe(put.reservation()) + " is not of " + room);
                }
                checkWidths(put.reservation());
            }
        }
        if (writes.isEmpty()) {
            return;
        }
        SQLException lastRace = null;
        for (int attempt = 1; attempt <= MAX_PUT_ATTEMPTS; attempt++) {
            try {
                // First without asking who holds each nickname key: the UNIQUE constraint refuses a taken one, and
                // the next attempt asks, to name the holder. Callers check under the room's lock beforehand, so a
                // taken key is rare here.
                tryApply(room, writes, attempt > 1);
                return;
            } catch (SQLException e) {
                if (!isRace(e)) {
                    throw new ReservationStoreException("Could not change the reservations of " + room, e);
                }
                if (lastRace != null) {
                    e.addSuppressed(lastRace);
                }
                lastRace = e; // lost a race: the next attempt's look-up sees the winner's committed row
            }
        }
        throw new ReservationStoreException("Could not change the reservations of " + room + " after "
                + MAX_PUT_ATTEMPTS + " attempts", lastRace);
    }

    /**
     * One transaction: the removals, then for each put (when {@code checkHolders}) a check of the holder of its
     * nickname key, then an update of the user's row or an insert. A write that is one statement (a registration's
     * insert, a removal) runs alone on the pool's auto-commit connection: a statement is all or nothing by itself, and
     * it spares a commit (on a database server a round trip, made while the caller holds the room's lock).
     *
     * @throws NicknameTakenException when another JID holds a key (rolled back: nothing changed)
     * @throws SQLException           on any database error, after rolling back (an integrity violation when a put's
     *                                key is held by another and {@code checkHolders} is off)
     */
    private void tryApply(RoomKey room, List<ReservationWrite> writes, boolean checkHolders)
        throws SQLException, NicknameTakenException {
        try (Connection con = connections.getConnection()) {
            final SqlWork<Void, NicknameTakenException> work = () -> {
                write(con, room, writes, checkHolders);
                return null;
            };
            if (!checkHolders && oneStatement(writes)) {
                oneStatement(con, work);
            } else {
                inTransaction(con, work);
            }
        }
    }

    /** Whether the writes are one statement: one removal, or one put that replaces no row (an insert alone). */
    private static boolean oneStatement(List<ReservationWrite> writes) {
        return writes.size() == 1 && (writes.get(0) instanceof ReservationWrite.Remove
            || writes.get(0) instanceof ReservationWrite.Put put && !put.mayReplace());
    }

    /** The statements of {@link #tryApply}; rolls back before it throws {@link NicknameTakenException}. */
    private static void write(Connection con, RoomKey room, List<ReservationWrite> writes, boolean checkHolders)
        throws SQLException, NicknameTakenException {
        for (ReservationWrite write : writes) {
            if (write instanceof ReservationWrite.Remove remove) {
                deleteIn(con, DELETE, room, remove.bareJid());
            }
        }
        for (ReservationWrite write : writes) {
            if (write instanceof ReservationWrite.Put put) {
                final Reservation r = put.reservation();
                final Optional<String> holder = checkHolders ? holderOf(con, r) : Optional.empty();
                if (holder.isPresent() && !holder.get().equals(r.bareJid())) {
                    con.rollback();
                    throw new NicknameTakenException(holder.get());
                }
                // Without a row to replace, an insert alone (an update of no row costs a statement, and HSQLDB a
                // warning). A row the caller did not expect makes the insert fail with an integrity violation: the
                // next attempt, checking holders, looks for it again.
                final boolean mayHaveRow = put.mayReplace() || checkHolders;
                if (!mayHaveRow || update(con, r) == 0) {
                    insert(con, r);
                }
            }
        }
    }

    private static Optional<String> holderOf(Connection con, Reservation r) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(HOLDER_OF_NICK_KEY)) {
            ps.setString(1, r.service());
            ps.setString(2, r.room());
            ps.setString(3, r.nickKey());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static int update(Connection con, Reservation r) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(UPDATE)) {
            ps.setString(1, r.nickname());
            ps.setString(2, r.nickKey());
            ps.setString(3, r.service());
            ps.setString(4, r.room());
            ps.setString(5, r.bareJid());
            return ps.executeUpdate();
        }
    }

    private static void insert(Connection con, Reservation r) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(INSERT)) {
            ps.setString(1, r.service());
            ps.setString(2, r.room());
            ps.setString(3, r.bareJid());
            ps.setString(4, r.nickname());
            ps.setString(5, r.nickKey());
            ps.executeUpdate();
        }
    }

    @Override
    public boolean remove(RoomKey room, String bareJid) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(bareJid, "bareJid");
        try {
            return delete(DELETE, room, bareJid) > 0;
        } catch (SQLException e) {
            throw new ReservationStoreException("Could not remove the reservation of " + bareJid + " in " + room, e);
        }
    }

    @Override
    public int removeRoom(RoomKey room) {
        Objects.requireNonNull(room, "room");
        try {
            return delete(DELETE_ROOM, room, null);
        } catch (SQLException e) {
            throw new ReservationStoreException("Could not remove the reservations of " + room, e);
        }
    }

    private int delete(String sql, RoomKey room, String bareJid) throws SQLException {
        try (Connection con = connections.getConnection()) {
            return oneStatement(con, () -> deleteIn(con, sql, room, bareJid));
        }
    }

    /** Work on a connection that may throw what JDBC throws, and an exception {@code E} of its own. */
    private interface SqlWork<T, E extends Exception> {
        T run() throws SQLException, E;
    }

    /**
     * Runs work that is one statement: alone on an auto-commit connection (a statement is all or nothing by itself),
     * else in a transaction.
     */
    private static <T, E extends Exception> T oneStatement(Connection con, SqlWork<T, E> work) throws SQLException, E {
        return con.getAutoCommit() ? work.run() : inTransaction(con, work);
    }

    /**
     * Runs the work in one transaction, committed, or rolled back when it fails with an {@link SQLException} or a
     * runtime exception (work that throws its own {@code E} rolls back first); auto-commit as it was after.
     */
    private static <T, E extends Exception> T inTransaction(Connection con, SqlWork<T, E> work)
        throws SQLException, E {
        final boolean autoCommit = con.getAutoCommit();
        con.setAutoCommit(false);
        try {
            final T result = work.run();
            con.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(con, e);
            throw e;
        } finally {
            restoreAutoCommit(con, autoCommit);
        }
    }

    private static int deleteIn(Connection con, String sql, RoomKey room, String bareJid) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setString(1, room.service());
            ps.setString(2, room.room());
            if (bareJid != null) {
                ps.setString(3, bareJid);
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public List<Reservation> listRoom(RoomKey room) {
        return readRoom(room, 0);
    }

    @Override
    public Optional<List<Reservation>> listRoomIfAtMost(RoomKey room, int max) {
        final List<Reservation> rows = readRoom(room, max + 1); // the driver asks for no more rows than that
        return rows.size() <= max ? Optional.of(rows) : Optional.empty();
    }

    /** The room's rows in nickname-key order, at most {@code maxRows} of them (0: all). */
    private List<Reservation> readRoom(RoomKey room, int maxRows) {
        Objects.requireNonNull(room, "room");
        try (Connection con = connections.getConnection();
             PreparedStatement ps = con.prepareStatement(LIST_ROOM)) {
            ps.setString(1, room.service());
            ps.setString(2, room.room());
            ps.setMaxRows(maxRows);
            try (ResultSet rs = ps.executeQuery()) {
                return readAll(rs);
            }
        } catch (SQLException e) {
            throw new ReservationStoreException("Could not list the reservations of " + room, e);
        }
    }

    @Override
    public Page search(String service, String room, String fragment, int offset, int limit) {
        Objects.requireNonNull(service, "service");
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
        final StringBuilder where = new StringBuilder(" WHERE service = ?");
        final List<String> params = new ArrayList<>();
        params.add(service);
        if (room != null && !room.isEmpty()) {
            where.append(" AND roomName = ?");
            params.add(room);
        }
        final boolean text = fragment != null && !fragment.isEmpty();
        if (text) {
            final String pattern = dialect.containsPattern(fragment);
            where.append(dialect.fragmentMatch());
            params.add(pattern);
            params.add(pattern);
        }
        try (Connection con = connections.getConnection()) {
            if (!dialect.boundedScan() || con.getMetaData().getDatabaseMajorVersion() < 12) {
                return pageAndCount(con, where, params, offset, limit);
            }
            // PostgreSQL 12+: planned for this search's values. For a statement prepared again and again (a search
            // from the admin page's pool connection) PostgreSQL turns to a generic plan, blind to the fragment and the
            // limits, which scans the table without parallel workers: a third slower on two cores.
            return inTransaction(con, () -> {
                try (Statement st = con.createStatement()) {
                    st.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                }
                final Optional<Page> few = text && limit > 0 ? fewMatches(con, where, params, offset, limit)
                    : Optional.empty();
                return few.isPresent() ? few.get() : pageAndCount(con, where, params, offset, limit);
            });
        } catch (SQLException e) {
            throw new ReservationStoreException("Could not search the reservations of " + service, e);
        }
    }

    /** A page of the matches, and their count when the page does not show where they end. */
    private Page pageAndCount(Connection con, CharSequence where, List<String> params, int offset, int limit)
        throws SQLException {
        List<Reservation> rows = List.of();
        if (limit > 0) {
            final String sql = "SELECT " + COLUMNS + " FROM " + TABLE + where + SEARCH_ORDER + dialect.paging();
            try (PreparedStatement ps = con.prepareStatement(sql)) {
                final int next = bind(ps, params);
                dialect.bindPaging(ps, next, offset, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    rows = readAll(rs);
                }
            }
            if (rows.size() < limit && (offset == 0 || !rows.isEmpty())) {
                // The page holds the last match: it is the count (one scan instead of two for a rare fragment)
                return new Page(rows, (int) Math.min(Integer.MAX_VALUE, (long) offset + rows.size()));
            }
        }
        try (PreparedStatement ps = con.prepareStatement("SELECT COUNT(*) FROM " + TABLE + where)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Page(rows, (int) Math.min(Integer.MAX_VALUE, rs.getLong(1)));
            }
        }
    }

    /**
     * A text search on PostgreSQL, when it has at most {@link #fewMatches} matches: their count and the page, from one
     * scan of the table. A fragment no index serves is a scan either way; for {@code ORDER BY ... LIMIT} PostgreSQL
     * walks the key index and filters each row, about twice as long as a scan, and a rare fragment (the usual search
     * for one user) ends only at the index's end. Reading the matches first, and no more than that many, stops early
     * when there are many (they are then paged by the index, as before): empty then.
     */
    private Optional<Page> fewMatches(Connection con, CharSequence where, List<String> params, int offset, int limit)
        throws SQLException {
        // MATERIALIZED (PostgreSQL 12+): the matches are read once, for the count and for the page.
        final String sql = "WITH m AS MATERIALIZED (SELECT " + COLUMNS + " FROM " + TABLE + where + " LIMIT ?)"
            + " SELECT p.service, p.roomName, p.bareJid, p.nickname, p.nickKey, c.total"
            + " FROM (SELECT COUNT(*) AS total FROM m) c"
            + " LEFT JOIN (SELECT " + COLUMNS + " FROM m" + SEARCH_ORDER + " LIMIT ? OFFSET ?) p ON TRUE"
            + " ORDER BY p.service, p.roomName, p.nickKey";
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            int next = bind(ps, params);
            ps.setInt(next++, fewMatches + 1);
            ps.setInt(next++, limit);
            ps.setInt(next, offset);
            final List<Reservation> rows = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total = rs.getLong(6);
                    if (rs.getString(1) != null) {
                        rows.add(read(rs));
                    }
                }
            }
            return total > fewMatches ? Optional.empty() : Optional.of(new Page(rows, (int) total));
        }
    }

    /** Binds the strings from parameter 1 on; returns the next parameter index. */
    private static int bind(PreparedStatement ps, List<String> params) throws SQLException {
        int index = 1;
        for (String param : params) {
            ps.setString(index++, param);
        }
        return index;
    }

    private static List<Reservation> readAll(ResultSet rs) throws SQLException {
        final List<Reservation> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(read(rs));
        }
        return rows;
    }

    private static Reservation read(ResultSet rs) throws SQLException {
        return new Reservation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }

    /**
     * Refuses values wider than the columns, rather than letting a database in a lenient mode (MySQL without
     * STRICT_TRANS_TABLES) truncate a key into someone else's. Callers ask {@link #tooWide} first.
     */
    private void checkWidths(Reservation r) {
        tooWide(r).ifPresent(what -> {
            throw new IllegalArgumentException(what);
        });
    }

    @Override
    public Optional<String> tooWide(Reservation r) {
        return wider("service", r.service(), MAX_ROOM_CHARS)
            .or(() -> wider("room", r.room(), MAX_ROOM_CHARS))
            .or(() -> wider("bareJid", r.bareJid(), dialect.maxKeyChars()))
            .or(() -> wider("nickKey", r.nickKey(), dialect.maxKeyChars()))
            .or(() -> wider("nickname", r.nickname(), MAX_NICKNAME_CHARS));
    }

    private static Optional<String> wider(String what, String value, int max) {
        return value.length() > max ? Optional.of(what + " (at most " + max + " characters)") : Optional.empty();
    }

    /** Whether the failure is one a retry can resolve: an integrity violation, deadlock or serialization failure. */
    static boolean isRace(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                final String state = sql.getSQLState();
                if (state != null && (state.startsWith("23") || state.startsWith("40"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection con, Exception cause) {
        try {
            con.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection con, boolean autoCommit) {
        try {
            con.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // The connection is closed next; a pool resets or discards it.
        }
    }

    private static String describe(Reservation r) {
        return "the reservation of " + r.bareJid() + " in " + r.roomKey();
    }

    /**
     * The fragment as the stored keys are written: lower case, then Unicode NFKC, as the PRECIS Nickname profile makes
     * a nickname key (RFC 8266 case mapping, then normalization); address preparation leaves bare JIDs the same way
     * (nodeprep folds case and applies NFKC). So {@code "ＪＵＬ"} (fullwidth) finds {@code juliet}, and
     * {@code "％"} is a literal percent sign.
     */
    static String searchForm(String fragment) {
        return Normalizer.normalize(fragment.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
    }

    /**
     * What differs between the databases Openfire supports, for this table.
     *
     * @param escape      the LIKE escape character of a search's pattern
     * @param boundedScan whether searches are made PostgreSQL 12's way (when the server is 12 or later): each planned
     *                    for its own values, and a text search with few matches read in one scan
     *                    ({@link JdbcReservationStore#fewMatches})
     */
    record Dialect(String paging, boolean limitFirst, boolean escapeBrackets, int maxKeyChars, char escape,
                   boolean boundedScan) {

        Dialect(String paging, boolean limitFirst, boolean escapeBrackets, int maxKeyChars) {
            this(paging, limitFirst, escapeBrackets, maxKeyChars, ESCAPE, false);
        }

        /** MySQL and MariaDB lack OFFSET/FETCH; the others in this group accept both forms. */
        private static final String LIMIT_OFFSET = " LIMIT ? OFFSET ?";
        /** SQL:2008: SQL Server 2012+, Oracle 12c+, DB2 11.1+, Firebird 3+, HSQLDB and PostgreSQL too. */
        private static final String OFFSET_FETCH = " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";

        static Dialect of(String databaseType) {
            final String type = databaseType == null ? "" : databaseType.trim().toLowerCase(Locale.ROOT);
            return switch (type) {
                // Its default escape character, so no ESCAPE clause: in the generic plan PostgreSQL uses for a
                // statement prepared again and again, ESCAPE '!' is applied to the pattern for every row (a search
                // took twice as long). A text search with few matches reads them in one scan.
                case "postgresql" -> new Dialect(LIMIT_OFFSET, true, false, 1024, DEFAULT_ESCAPE, true);
                case "hsqldb", "cockroachdb" -> new Dialect(LIMIT_OFFSET, true, false, 1024);
                // utf8mb4 index keys are limited to 3072 bytes: the scripts make bareJid and nickKey VARCHAR(255)
                case "mysql", "mariadb" -> new Dialect(LIMIT_OFFSET, true, false, 255);
                // LIKE treats [...] as a character class; NVARCHAR(255) keys fit the 1700-byte index key limit
                case "sqlserver" -> new Dialect(OFFSET_FETCH, false, true, 255);
                case "db2", "firebird" -> new Dialect(OFFSET_FETCH, false, false, 255);
                default -> new Dialect(OFFSET_FETCH, false, false, 1024); // oracle, and standard SQL for the rest
            };
        }

        void bindPaging(PreparedStatement ps, int index, int offset, int limit) throws SQLException {
            ps.setInt(index, limitFirst ? limit : offset);
            ps.setInt(index + 1, limitFirst ? offset : limit);
        }

        /**
         * A search's condition on the fragment. Both columns are stored in lower case (bare JIDs as address
         * preparation leaves them, nickname keys as PRECIS or Openfire's lower-casing does), so the pattern, made
         * from the fragment's {@link #searchForm}, matches them as they are: no LOWER() to compute for each row.
         */
        String fragmentMatch() {
            final String escapeClause = escape == DEFAULT_ESCAPE ? "" : " ESCAPE '" + escape + "'";
            return " AND (bareJid LIKE ?" + escapeClause + " OR nickKey LIKE ?" + escapeClause + ")";
        }

        /**
         * A LIKE pattern (escape character {@link #escape}) matching any value that contains the fragment's
         * {@link JdbcReservationStore#searchForm}, with the fragment's wildcards taken literally.
         */
        String containsPattern(String fragment) {
            final String lower = searchForm(fragment);
            final StringBuilder pattern = new StringBuilder(lower.length() + 8).append('%');
            for (int i = 0; i < lower.length(); i++) {
                final char c = lower.charAt(i);
                if (c == escape || c == '%' || c == '_' || (escapeBrackets && c == '[')) {
                    pattern.append(escape);
                }
                pattern.append(c);
            }
            return pattern.append('%').toString();
        }
    }
}

package org.mucregistration.storage;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-database differences of {@link JdbcReservationStore}. */
class JdbcDialectTest {

    private static final String LIMIT_OFFSET = " LIMIT ? OFFSET ?";
    private static final String OFFSET_FETCH = " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";

    @Test
    void pagingFollowsTheDatabaseType() {
        for (String type : new String[]{"hsqldb", "postgresql", "cockroachdb", "mysql", "mariadb", "PostgreSQL"}) {
            final JdbcReservationStore.Dialect d = JdbcReservationStore.Dialect.of(type);
            assertEquals(LIMIT_OFFSET, d.paging(), type);
            assertTrue(d.limitFirst(), type);
        }
        for (String type : new String[]{"sqlserver", "oracle", "db2", "firebird", "interbase", "unknown", "", null}) {
            final JdbcReservationStore.Dialect d = JdbcReservationStore.Dialect.of(type);
            assertEquals(OFFSET_FETCH, d.paging(), type);
            assertFalse(d.limitFirst(), type);
        }
    }

    @Test
    void keyWidthsFollowTheScripts() {
        assertEquals(255, JdbcReservationStore.Dialect.of("mysql").maxKeyChars());
        assertEquals(255, JdbcReservationStore.Dialect.of("mariadb").maxKeyChars());
        assertEquals(255, JdbcReservationStore.Dialect.of("sqlserver").maxKeyChars());
        assertEquals(1024, JdbcReservationStore.Dialect.of("postgresql").maxKeyChars());
        assertEquals(1024, JdbcReservationStore.Dialect.of("oracle").maxKeyChars());
    }

    @Test
    void fragmentsBecomeLowerCaseContainsPatternsWithWildcardsEscaped() {
        final JdbcReservationStore.Dialect standard = JdbcReservationStore.Dialect.of("hsqldb");
        assertEquals("%juliet%", standard.containsPattern("JuLiet"));
        assertEquals("%100!%%", standard.containsPattern("100%"));
        assertEquals("%a!_b%", standard.containsPattern("a_b"));
        assertEquals("%hey!!%", standard.containsPattern("hey!"));
        assertEquals("%[ab]\\%", standard.containsPattern("[ab]\\"));
        assertEquals("%o'brien%", standard.containsPattern("O'Brien"));

        final JdbcReservationStore.Dialect sqlServer = JdbcReservationStore.Dialect.of("sqlserver");
        assertEquals("%![ab]%", sqlServer.containsPattern("[ab]"));
        assertEquals("%!%!_!!%", sqlServer.containsPattern("%_!"));

        // PostgreSQL: its default escape character, the backslash, and no ESCAPE clause
        final JdbcReservationStore.Dialect postgres = JdbcReservationStore.Dialect.of("postgresql");
        assertEquals("%100\\%%", postgres.containsPattern("100%"));
        assertEquals("%a\\_b%", postgres.containsPattern("a_b"));
        assertEquals("%hey!%", postgres.containsPattern("hey!"));
        assertEquals("%[ab]\\\\%", postgres.containsPattern("[ab]\\"));
    }

    @Test
    void theFragmentsConditionNamesTheEscapeCharacterUnlessItIsPostgresqlsDefault() {
        assertEquals(" AND (bareJid LIKE ? OR nickKey LIKE ?)",
            JdbcReservationStore.Dialect.of("postgresql").fragmentMatch());
        for (String type : new String[]{"hsqldb", "mysql", "mariadb", "sqlserver", "oracle", "db2", "cockroachdb"}) {
            assertEquals(" AND (bareJid LIKE ? ESCAPE '!' OR nickKey LIKE ? ESCAPE '!')",
                JdbcReservationStore.Dialect.of(type).fragmentMatch(), type);
        }
    }

    @Test
    void integrityViolationsAndTransactionRollbacksAreRaces() {
        assertTrue(JdbcReservationStore.isRace(new SQLException("unique", "23505")));
        assertTrue(JdbcReservationStore.isRace(new SQLIntegrityConstraintViolationException("dup", "23000", 1062)));
        assertTrue(JdbcReservationStore.isRace(new SQLException("deadlock", "40P01")));
        assertTrue(JdbcReservationStore.isRace(new SQLException("serialization", "40001")));
        assertTrue(JdbcReservationStore.isRace(new SQLException("wrapped", "08000", new SQLException("dup", "23505"))));
        assertFalse(JdbcReservationStore.isRace(new SQLException("too long", "22001")));
        assertFalse(JdbcReservationStore.isRace(new SQLException("no table", "42P01")));
        assertFalse(JdbcReservationStore.isRace(new SQLException("no state")));
    }
}

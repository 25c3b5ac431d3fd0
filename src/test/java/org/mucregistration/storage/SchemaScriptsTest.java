package org.mucregistration.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static checks of every install script against what Openfire's SchemaManager does with it (see
 * {@link SchemaScripts}); the HSQLDB and PostgreSQL scripts are also run for real by the store tests.
 */
class SchemaScriptsTest {

    static final List<String> TYPES = SchemaScripts.TYPES;
    private static final String VERSION_ROW = "INSERT INTO ofVersion (name, version) VALUES ('mucregistration', 1)";

    @ParameterizedTest
    @FieldSource("TYPES")
    void theScriptExistsAndEndsByRecordingVersionOne(String type) throws Exception {
        assertTrue(Files.isRegularFile(SchemaScripts.script(type)), SchemaScripts.script(type) + " exists");
        final SchemaScripts.Parsed parsed = SchemaScripts.parse(SchemaScripts.lines(type), type);

        assertEquals("", parsed.droppedAtEnd(), "text after the last statement would never run");
        final List<String> statements = parsed.statements().stream().map(String::trim).toList();
        assertEquals(2, statements.size(), statements.toString());
        assertTrue(statements.get(0).startsWith("CREATE TABLE ofMucRegReservation ("), statements.get(0));
        final String expectedLast = type.equals("oracle") || type.equals("db2") ? VERSION_ROW : VERSION_ROW + ";";
        assertEquals(expectedLast, statements.get(1));
    }

    @ParameterizedTest
    @FieldSource("TYPES")
    void noLineTrapsSchemaManager(String type) throws Exception {
        for (String line : SchemaScripts.lines(type)) {
            // Oracle and DB2 lose the last character of a statement: it must be the semicolon, not a space.
            assertFalse(line.endsWith(" ") || line.endsWith("\t"), "trailing blank: [" + line + "]");
            // A comment line ending with a semicolon would end (or cut) a statement.
            if (!line.isBlank() && !SchemaScripts.isCommandPart(line)) {
                assertFalse(line.trim().endsWith(";"), "comment ending with ';': " + line);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("TYPES")
    void theTableHasTheKeysAndTheStoreKnowsTheColumnWidths(String type) throws Exception {
        final String create = SchemaScripts.parse(SchemaScripts.lines(type), type).statements().get(0);
        assertTrue(create.matches("(?s).*PRIMARY KEY( NONCLUSTERED)? \\(bareJid, service, roomName\\).*"), create);
        assertTrue(create.matches("(?s).*UNIQUE( KEY ofMucRegRes_nick_uq| NONCLUSTERED)? \\(service, roomName, nickKey\\).*"),
                create);

        final int maxKey = JdbcReservationStore.Dialect.of(type).maxKeyChars();
        assertEquals(maxKey, width(create, "bareJid"), "bareJid width");
        assertEquals(maxKey, width(create, "nickKey"), "nickKey width");
        assertEquals(JdbcReservationStore.MAX_ROOM_CHARS, width(create, "service"), "service width");
        assertEquals(JdbcReservationStore.MAX_ROOM_CHARS, width(create, "roomName"), "roomName width");
        assertEquals(JdbcReservationStore.MAX_NICKNAME_CHARS, width(create, "nickname"), "nickname width");
    }

    private static int width(String create, String column) {
        final Matcher m = Pattern.compile("\\b" + column + "\\s+N?VARCHAR2?\\((\\d+)\\)").matcher(create);
        assertTrue(m.find(), column + " declared in " + create);
        return Integer.parseInt(m.group(1));
    }
}

package org.mucregistration.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The table of {@code docs/bad-input.md}, read as the tests' expectations: one {@link Row} per case, with the answer
 * each {@link Sender} gets. The document is the specification; the tests only read it.
 */
public final class BadInputTable {
    /** Where the table is, from the project's root (the tests' working directory). */
    public static final Path DOCUMENT = Path.of("docs", "bad-input.md");

    /** Who sends a request: their affiliation with the room, in the table's column order. */
    public enum Sender {
        outcast, stranger, member, admin, owner
    }

    /** An answer: an XMPP error condition and type, or a result. */
    public record Answer(String condition, String type) {
        public static final Answer RESULT = new Answer(null, null);

        static Answer parse(String cell) {
            if ("result".equals(cell)) {
                return RESULT;
            }
            final int slash = cell.indexOf('/');
            if (slash < 1 || slash == cell.length() - 1) {
                throw new IllegalArgumentException("Not an answer (condition/type or result): '" + cell + "'");
            }
            return new Answer(cell.substring(0, slash), cell.substring(slash + 1));
        }

        public boolean isResult() {
            return condition == null;
        }

        @Override
        public String toString() {
            return isResult() ? "result" : condition + "/" + type;
        }
    }

    /** One case of the table. */
    public record Row(String id, String request, String wrong, Map<Sender, Answer> answers) {
        public Answer answerTo(Sender sender) {
            return answers.get(sender);
        }

        /** Whether the request has variants ("~" in the table's description). */
        public boolean varies() {
            return wrong.contains("~");
        }
    }

    private BadInputTable() {
    }

    /** Every row of the document's table, in order. */
    public static List<Row> rows() {
        try {
            return parse(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DOCUMENT.toAbsolutePath(), e);
        }
    }

    static List<Row> parse(String markdown) {
        final List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("| case |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                if (!rows.isEmpty()) {
                    break;
                }
                continue;
            }
            final String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            if (cells.length != 3 + Sender.values().length) {
                throw new IllegalArgumentException("A row of " + DOCUMENT + " needs " + (3 + Sender.values().length)
                    + " cells: " + line);
            }
            final Map<Sender, Answer> answers = new EnumMap<>(Sender.class);
            for (Sender sender : Sender.values()) {
                answers.put(sender, Answer.parse(cells[3 + sender.ordinal()].trim()));
            }
            rows.add(new Row(cells[0].trim(), cells[1].trim(), cells[2].trim(), answers));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("No table in " + DOCUMENT);
        }
        return rows;
    }
}

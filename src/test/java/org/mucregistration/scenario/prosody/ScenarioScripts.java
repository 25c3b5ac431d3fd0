package org.mucregistration.scenario.prosody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mucregistration.scenario.Script;
import org.mucregistration.scenario.ScriptException;
import org.mucregistration.scenario.ScriptParser;
import org.mucregistration.scenario.Step;

/** The seed script and the variants the calibration tests derive from it by text transformation. */
final class ScenarioScripts {

    static final String SEED_RESOURCE = "/scenarios/muc_register.scs";
    /** The element Prosody 0.12.3 no longer sends in its conflict errors (its copy of the script drops it). */
    static final String MUC_X_LINE = "<x xmlns='http://jabber.org/protocol/muc'/>";

    private ScenarioScripts() {
    }

    static String seed() throws IOException {
        try (InputStream in = ScenarioScripts.class.getResourceAsStream(SEED_RESOURCE)) {
            if (in == null) {
                throw new IOException("test resource " + SEED_RESOURCE + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The seed minus the {@code <x xmlns='http://jabber.org/protocol/muc'/>} inside its two conflict error
     * presences (the line right after an {@code </error>}) — the script as Prosody 0.12.3 ships it.
     */
    static String prosody0123(String seed) {
        List<String> lines = new ArrayList<>(List.of(seed.split("\n", -1)));
        int removed = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(MUC_X_LINE) && lines.get(i - 1).strip().equals("</error>")) {
                lines.remove(i);
                removed++;
            }
        }
        if (removed != 2) {
            throw new IllegalStateException("expected two <x muc/> in conflict errors, found " + removed);
        }
        return String.join("\n", lines);
    }

    static Script parse(String name, String text) {
        try {
            return ScriptParser.parse(name, text);
        } catch (ScriptException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Replaces the one occurrence of {@code from} at or after line {@code afterLine}; returns the changed line number. */
    static Mutation replaceOnce(String text, String from, String to, int afterLine) {
        int index = indexOfLine(text, afterLine);
        int at = text.indexOf(from, index);
        if (at < 0) {
            throw new IllegalStateException("'" + from + "' not found after line " + afterLine);
        }
        return new Mutation(text.substring(0, at) + to + text.substring(at + from.length()), lineOf(text, at));
    }

    /** A changed script and the (1-based) line of the change in it. */
    record Mutation(String text, int line) {
    }

    static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static int indexOfLine(String text, int line) {
        int index = 0;
        for (int l = 1; l < line; l++) {
            index = text.indexOf('\n', index) + 1;
        }
        return index;
    }

    /** 1-based line number of the first line whose trimmed text equals {@code line}, at or after {@code from}. */
    static int findLine(String text, String line, int from) {
        String[] lines = text.split("\n", -1);
        for (int i = from - 1; i < lines.length; i++) {
            if (lines[i].strip().equals(line)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("line '" + line + "' not found");
    }

    /** The step whose action or XML block covers script line {@code line}. */
    static Step stepAt(Script script, int line) {
        Step found = null;
        for (Step s : script.steps()) {
            if (s.line() <= line) {
                found = s;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no step at line " + line);
        }
        return found;
    }

    /**
     * The first reserved-nick conflict: Rosaline's first {@code receives} after she first tries to join the
     * room as Juliet.
     */
    static Step firstReservedNickConflict(Script script) {
        Pattern joinAsJuliet = Pattern.compile("<presence\\s+to=[\"']room@conference\\.localhost/Juliet[\"']");
        boolean attempted = false;
        for (Step s : script.steps()) {
            if (!s.client().equals("Rosaline")) {
                continue;
            }
            if (s.action() == Step.Action.SENDS) {
                Matcher m = joinAsJuliet.matcher(s.xml());
                attempted |= m.find();
            } else if (attempted && s.action() == Step.Action.RECEIVES) {
                return s;
            }
        }
        throw new IllegalStateException("Rosaline never tries to join as Juliet");
    }
}

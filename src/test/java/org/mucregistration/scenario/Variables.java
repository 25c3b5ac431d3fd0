package org.mucregistration.scenario;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The script variables {@code ${Name's JID}} (the client's bare JID) and {@code ${Name's full JID}}
 * (its bound full JID, known once it has connected). Values are XML-escaped when substituted.
 */
final class Variables {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern JID_VARIABLE = Pattern.compile("(.+)'s (full )?JID");

    /** A variable reference: whose JID, and whether the full one. */
    record Reference(String client, boolean full) {
        String text() {
            return "${" + client + "'s " + (full ? "full " : "") + "JID}";
        }
    }

    /** A {@code ${...}} that names no variable, or one whose value is not known yet. */
    static final class UndefinedVariableException extends Exception {
        private static final long serialVersionUID = 1L;

        UndefinedVariableException(String message) {
            super(message);
        }
    }

    private final Map<String, String> bareJids = new HashMap<>();
    private final Map<String, String> fullJids = new HashMap<>();

    void bindBare(String client, String bareJid) {
        bareJids.put(client, bareJid);
    }

    void bindFull(String client, String fullJid) {
        fullJids.put(client, fullJid);
    }

    /** Replaces every reference with its current value, XML-escaped. */
    String substitute(String text) throws UndefinedVariableException {
        return replace(text, bareJids.keySet(), ref -> {
            String value = ref.full() ? fullJids.get(ref.client()) : bareJids.get(ref.client());
            if (value == null) {
                throw new UndefinedVariableException(ref.text() + " has no value yet: " + ref.client()
                        + (ref.full() ? " has not connected yet" : " is unknown"));
            }
            return value;
        });
    }

    /**
     * Checks every reference in {@code text} against the declared clients and replaces it with a
     * placeholder value of the right shape (used to validate a script before anything connects).
     */
    static String substitutePlaceholders(String text, Map<String, String> bareJidByClient) throws UndefinedVariableException {
        return replace(text, bareJidByClient.keySet(), ref -> {
            String bare = bareJidByClient.get(ref.client());
            return ref.full() ? bare + "/scansion-00000000" : bare;
        });
    }

    /** The reference named by the text between {@code ${} and {@code }}. */
    static Reference parseReference(String name, Set<String> clients) throws UndefinedVariableException {
        Matcher m = JID_VARIABLE.matcher(name);
        if (!m.matches()) {
            throw new UndefinedVariableException("undefined variable ${" + name
                    + "}: only ${Name's JID} and ${Name's full JID} exist");
        }
        String client = m.group(1);
        if (!clients.contains(client)) {
            throw new UndefinedVariableException("undefined variable ${" + name + "}: no client named '" + client + "'");
        }
        return new Reference(client, m.group(2) != null);
    }

    private interface Resolver {
        String value(Reference ref) throws UndefinedVariableException;
    }

    private static String replace(String text, Set<String> clients, Resolver resolver) throws UndefinedVariableException {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            Reference ref = parseReference(m.group(1), clients);
            out.append(text, last, m.start()).append(XmlFragments.escape(resolver.value(ref)));
            last = m.end();
        }
        return out.append(text.substring(last)).toString();
    }
}

package org.mucregistration.admin;

import java.util.List;
import java.util.Objects;

/**
 * A message shown on the admin page: a key of the plugin's i18n bundle ({@code i18n/mucregistration_i18n.properties})
 * and its arguments. Arguments are plain text (JIDs, nicknames as typed): the page escapes the formatted message as a
 * whole, so nothing here is ever markup.
 */
public final class Message implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** How the console shows it: the admin console's info box types. */
    public enum Type { success, error, info, warning }

    private final Type type;
    private final String key;
    private final List<String> args;

    private Message(Type type, String key, List<String> args) {
        this.type = Objects.requireNonNull(type, "type");
        this.key = Objects.requireNonNull(key, "key");
        this.args = List.copyOf(args);
    }

    public static Message success(String key, String... args) {
        return new Message(Type.success, key, nullsToEmpty(args));
    }

    public static Message error(String key, String... args) {
        return new Message(Type.error, key, nullsToEmpty(args));
    }

    public static Message info(String key, String... args) {
        return new Message(Type.info, key, nullsToEmpty(args));
    }

    public static Message warning(String key, String... args) {
        return new Message(Type.warning, key, nullsToEmpty(args));
    }

    private static List<String> nullsToEmpty(String[] args) {
        final String[] copy = args.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null) {
                copy[i] = "";
            }
        }
        return List.of(copy);
    }

    public Type type() {
        return type;
    }

    /** For the page (EL): {@code success}, {@code error}, {@code info} or {@code warning}. */
    public String getType() {
        return type.name();
    }

    public String getKey() {
        return key;
    }

    public List<String> getArgs() {
        return args;
    }

    public boolean isError() {
        return type == Type.error;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && m.type == type && m.key.equals(key) && m.args.equals(args);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, key, args);
    }

    @Override
    public String toString() {
        return type + ":" + key + args;
    }
}

package org.mucregistration.protocol;

import org.xmpp.packet.JID;
import rocks.xmpp.precis.PrecisProfiles;

import java.util.Optional;

/**
 * A room nickname under RFC 8266 (PRECIS Nickname profile): {@link #display()} is the nickname as the user gave it
 * (enforced: spaces trimmed and collapsed, width and compatibility forms mapped), {@link #key()} its comparable
 * form. Nicknames with the same key are the same reservation: {@code Juliet}, {@code juliet}, {@code Juliet } and
 * {@code Ｊuliet} cannot impersonate each other.
 *
 * <p>A nickname is also the resourcepart of an occupant's address ({@code room@service/nick}), so one the server's
 * address preparation refuses or changes (Openfire's Resourceprep knows Unicode 3.2 only: emoji, for one, are refused)
 * is not accepted: nobody could ever join under it.
 */
public record Nickname(String display, String key) {

    /** Longest nickname accepted, in characters (Openfire's resourcepart limit is 1023 bytes). */
    public static final int MAX_LENGTH = 255;

    /** Parses a nickname; empty if PRECIS or Resourceprep rejects it, or it is empty or too long. */
    public static Optional<Nickname> parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_LENGTH * 4 || hasControlCharacter(raw)) {
            return Optional.empty();
        }
        try {
            final String display = PrecisProfiles.NICKNAME.enforce(raw);
            if (display.isEmpty() || display.length() > MAX_LENGTH || !isAddressable(display)) {
                return Optional.empty();
            }
            return Optional.of(new Nickname(display, PrecisProfiles.NICKNAME.toComparableString(raw)));
        } catch (IllegalArgumentException e) { // rocks.xmpp.precis throws its subclasses for invalid input
            return Optional.empty();
        }
    }

    /** Whether the nickname can be the resourcepart of an address, exactly as it is. */
    private static boolean isAddressable(String display) {
        try {
            return display.equals(JID.resourceprep(display));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 8266 disallows control characters anywhere; the PRECIS library would trim them off the ends first. */
    private static boolean hasControlCharacter(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isISOControl(raw.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The comparable key of a nickname that may be invalid (e.g. one an occupant already uses); null if invalid. */
    public static String keyOf(String raw) {
        return parse(raw).map(Nickname::key).orElse(null);
    }

    /** Whether two nicknames are the same under the PRECIS Nickname profile. */
    public boolean sameAs(String other) {
        return key.equals(keyOf(other));
    }
}

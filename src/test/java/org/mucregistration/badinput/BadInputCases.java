package org.mucregistration.badinput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stanza of each case of {@code docs/bad-input.md}, in each of its variants: what the unit test runs through the
 * handlers (every variant) and the hostile run sends to a real Openfire (variants chosen by a seed). Stanzas are XML
 * text without a {@code from} (the server stamps it); {@code id} is the caller's.
 */
public final class BadInputCases {

    /**
     * The room the cases are about and who is in it.
     *
     * @param room        the bare JID of the room (registration on, not members-only, not moderated)
     * @param closedRoom  a room of the same service with registration off
     * @param missingRoom a room JID of the same service where no room exists
     * @param owner       the bare JID of the room's only owner
     * @param tybaltNick  the nickname Tybalt (a member) reserved
     * @param occupantNick the nickname under which another user (no reservation) is in the room
     */
    public record Cast(String room, String closedRoom, String missingRoom, String owner, String tybaltNick,
                       String occupantNick, String domain, int maxKeyChars) {
    }

    /** What kind of request a case is: how it is sent and how it is answered. */
    public enum Kind {
        IQ, JOIN
    }

    /** One case: its kind and its variants, each a function of the cast and the id. */
    public record Case(Kind kind, List<Stanza> variants) {
    }

    @FunctionalInterface
    public interface Stanza {
        String xml(Cast cast, String id);
    }

    private static final String REGISTER = "http://jabber.org/protocol/muc#register";
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    private BadInputCases() {
    }

    /** The case of that id of the table. */
    public static Case of(String id) {
        final Case found = CASES.get(id);
        if (found == null) {
            throw new IllegalArgumentException("docs/bad-input.md has a case '" + id + "' that BadInputCases has no "
                + "stanza for");
        }
        return found;
    }

    /** Every case id with a stanza. */
    public static Set<String> ids() {
        return CASES.keySet();
    }

    // ------------------------------------------------------------------------------------------------- the cases

    static {
        // Registration (XEP-0045 §7.10)
        iq("reg-get", c -> register(c.room(), "get", ""));
        iq("reg-no-form", c -> register(c.room(), "set", ""));
        iq("reg-foreign-child", c -> register(c.room(), "set", "<nick xmlns='http://jabber.org/protocol/nick'>Juliet</nick>"));
        iq("reg-two-forms", c -> register(c.room(), "set", form("submit", REGISTER, field("Juliet"))
            + form("submit", REGISTER, field("Jules"))));
        iq("reg-form-and-remove", c -> register(c.room(), "set", form("submit", REGISTER, field("Juliet")) + "<remove/>"));
        iq("reg-form-type-form", c -> register(c.room(), "set", form("form", REGISTER, field("Juliet"))));
        iq("reg-form-type-result", c -> register(c.room(), "set", form("result", REGISTER, field("Juliet"))));
        iq("reg-form-type-cancel", c -> register(c.room(), "set", "<x xmlns='jabber:x:data' type='cancel'/>"));
        iqVariants("reg-form-type-unknown", List.of("bogus", "SUBMIT", "", "submitted", " submit"),
            (c, type) -> register(c.room(), "set", form(type, REGISTER, field("Juliet"))));
        iq("reg-form-type-missing", c -> register(c.room(), "set", "<x xmlns='jabber:x:data'>" + formType(REGISTER)
            + field("Juliet") + "</x>"));
        iq("reg-no-form-type", c -> register(c.room(), "set", "<x xmlns='jabber:x:data' type='submit'>"
            + field("Juliet") + "</x>"));
        iqVariants("reg-foreign-form-type", List.of("http://jabber.org/protocol/muc#roomconfig", "jabber:iq:register",
                "", "http://jabber.org/protocol/muc#register ", "HTTP://JABBER.ORG/PROTOCOL/MUC#REGISTER"),
            (c, type) -> register(c.room(), "set", form("submit", type, field("Juliet"))));
        iq("reg-two-form-types", c -> register(c.room(), "set", "<x xmlns='jabber:x:data' type='submit'>"
            + formType(REGISTER) + formType(REGISTER) + field("Juliet") + "</x>"));
        iq("reg-no-nick", c -> register(c.room(), "set", form("submit", REGISTER, "")));
        iq("reg-nick-no-value", c -> register(c.room(), "set", form("submit", REGISTER,
            "<field var='muc#register_roomnick'/>")));
        iq("reg-nick-empty", c -> register(c.room(), "set", form("submit", REGISTER, field(""))));
        iqVariants("reg-nick-spaces", List.of(" ", "   ", "&#160;", "&#8195;&#12288;", "&#9;"),
            (c, nick) -> register(c.room(), "set", form("submit", REGISTER, field(nick))));
        iq("reg-nick-twice", c -> register(c.room(), "set", form("submit", REGISTER, field("Juliet") + field("Juliet"))));
        iq("reg-nick-two-values", c -> register(c.room(), "set", form("submit", REGISTER,
            "<field var='muc#register_roomnick'><value>Juliet</value><value>Jules</value></field>")));
        iqVariants("reg-nick-too-long", List.of("j".repeat(256), "Juliet".repeat(50), "é".repeat(300),
                "x".repeat(1020), "日本".repeat(200)),
            (c, nick) -> register(c.room(), "set", form("submit", REGISTER, field(nick))));
        iqVariants("reg-nick-control", List.of("Jul&#9;iet", "Jul&#10;iet", "Juliet&#13;", "Jul&#127;iet",
                "Jul&#133;iet", "&#155;Juliet"),
            (c, nick) -> register(c.room(), "set", form("submit", REGISTER, field(nick))));
        iqVariants("reg-nick-ignorable", List.of("Jul&#8203;iet", "&#8238;teiluJ", "Jul&#8237;iet", "Juliet&#8288;",
                "&#65279;Juliet", "Jul&#173;iet", "Jul&#8234;iet"),
            (c, nick) -> register(c.room(), "set", form("submit", REGISTER, field(nick))));
        iqVariants("reg-nick-astral", List.of("&#128512;", "Juliet&#127801;", "&#127917; mask", "&#128013;",
                "&#131072;"),
            (c, nick) -> register(c.room(), "set", form("submit", REGISTER, field(nick))));
        iqVariants("reg-nick-taken", List.of("tybalt", "TYBALT", "&#65332;&#65369;&#65346;&#65345;&#65356;&#65364;",
                "TyBaLt"),
            (c, nick) -> register(c.room(), "set", form("submit", REGISTER, field(nick))));
        iqVariants("reg-nick-in-use", List.of("benvolio", "BENVOLIO", "Benvolio"),
            (c, nick) -> register(c.room(), "set", form("submit", REGISTER, field(nick))));
        iq("reg-room-missing", c -> register(c.missingRoom(), "set", form("submit", REGISTER, field("Juliet"))));
        iq("reg-room-closed", c -> register(c.closedRoom(), "set", form("submit", REGISTER, field("Juliet"))));

        // The reserved nickname (§7.12)
        iq("nick-room-missing", c -> "<iq type='get' to='" + c.missingRoom() + "' id='{id}'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>");

        // muc#admin (§9, §10)
        iq("admin-no-items", c -> admin(c.room(), "set", ""));
        iqVariants("admin-unknown-affiliation", List.of("king", "Member", "moderator", "", "visitor"),
            (c, affiliation) -> admin(c.room(), "set", "<item affiliation='" + affiliation + "' jid='paris@"
                + c.domain() + "'/>"));
        iq("admin-mixed", c -> admin(c.room(), "set", "<item affiliation='member' jid='paris@" + c.domain() + "'/>"
            + "<item role='visitor' nick='" + c.occupantNick() + "'/>"));
        iq("admin-no-jid-no-nick", c -> admin(c.room(), "set", "<item affiliation='member'/>"));
        iqVariants("admin-jid-malformed", List.of("@" , "paris@", "a@b@c", "paris@local host", "paris@[::1",
                "paris@" + "d".repeat(1100)),
            (c, jid) -> admin(c.room(), "set", "<item affiliation='member' jid='" + jid + "'/>"));
        iq("admin-same-user-twice", c -> admin(c.room(), "set", "<item affiliation='member' jid='paris@" + c.domain()
            + "' nick='Paris'/><item affiliation='admin' jid='paris@" + c.domain() + "'/>"));
        iq("admin-too-many-items", c -> {
            final StringBuilder items = new StringBuilder();
            for (int i = 0; i < 101; i++) {
                items.append("<item affiliation='member' jid='guest").append(i).append('@').append(c.domain())
                    .append("'/>");
            }
            return admin(c.room(), "set", items.toString());
        });
        iq("admin-nick-no-occupant", c -> admin(c.room(), "set", "<item affiliation='member' nick='Nobody Here'/>"));
        iqVariants("admin-nick-invalid", List.of("   ", "Jul&#8203;iet", "x".repeat(300), "&#128512;"),
            (c, nick) -> admin(c.room(), "set", "<item affiliation='member' jid='paris@" + c.domain() + "' nick='"
                + nick + "'/>"));
        iqVariants("admin-nick-taken", List.of("tybalt", "TYBALT", "Tybalt"),
            (c, nick) -> admin(c.room(), "set", "<item affiliation='member' jid='paris@" + c.domain() + "' nick='"
                + nick + "'/>"));
        iq("admin-one-nick-twice", c -> admin(c.room(), "set", "<item affiliation='member' jid='paris@" + c.domain()
            + "' nick='Verona'/><item affiliation='member' jid='escalus@" + c.domain() + "' nick='verona'/>"));
        iqVariants("admin-jid-too-long", List.of(1, 2, 3),
            (c, extra) -> admin(c.room(), "set", "<item affiliation='member' jid='"
                + "p".repeat(Math.min(1023, c.maxKeyChars() - c.domain().length() + extra)) + "@" + c.domain()
                + "' nick='Paris'/>"));
        iq("admin-ban-owner", c -> admin(c.room(), "set", "<item affiliation='outcast' jid='" + c.owner() + "'/>"));
        iq("admin-room-missing", c -> admin(c.missingRoom(), "set", "<item affiliation='member' jid='paris@"
            + c.domain() + "' nick='Paris'/>"));
        iqVariants("admin-list-unknown", List.of("king", "Member", "moderator", ""),
            (c, affiliation) -> admin(c.room(), "get", "<item affiliation='" + affiliation + "'/>"));
        iq("admin-list-none", c -> admin(c.room(), "get", "<item affiliation='none'/>"));

        // Joining (§7.2)
        join("join-reserved", List.of("tybalt", "TYBALT", "&#65332;&#65369;&#65346;&#65345;&#65356;&#65364;"));
    }

    // -------------------------------------------------------------------------------------------------- builders

    private interface Variant<T> {
        String xml(Cast cast, T value);
    }

    private static void iq(String id, java.util.function.Function<Cast, String> xml) {
        CASES.put(id, new Case(Kind.IQ, List.of((cast, stanzaId) -> xml.apply(cast).replace("{id}", stanzaId))));
    }

    private static <T> void iqVariants(String id, List<T> values, Variant<T> xml) {
        CASES.put(id, new Case(Kind.IQ, values.stream()
            .<Stanza>map(v -> (cast, stanzaId) -> xml.xml(cast, v).replace("{id}", stanzaId)).toList()));
    }

    private static void join(String id, List<String> nicks) {
        CASES.put(id, new Case(Kind.JOIN, nicks.stream().<Stanza>map(nick -> (cast, stanzaId) ->
            "<presence to='" + cast.room() + "/" + nick + "' id='" + stanzaId + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc'/></presence>").toList()));
    }

    private static String register(String room, String type, String content) {
        return "<iq type='" + type + "' to='" + room + "' id='{id}'><query xmlns='jabber:iq:register'>" + content
            + "</query></iq>";
    }

    private static String admin(String room, String type, String items) {
        return "<iq type='" + type + "' to='" + room + "' id='{id}'>"
            + "<query xmlns='http://jabber.org/protocol/muc#admin'>" + items + "</query></iq>";
    }

    private static String form(String type, String formType, String fields) {
        return "<x xmlns='jabber:x:data' type='" + type + "'>" + formType(formType) + fields + "</x>";
    }

    private static String formType(String value) {
        return "<field var='FORM_TYPE' type='hidden'><value>" + value + "</value></field>";
    }

    private static String field(String nick) {
        return "<field var='muc#register_roomnick'><value>" + nick + "</value></field>";
    }
}

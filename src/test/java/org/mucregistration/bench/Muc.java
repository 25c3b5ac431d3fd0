package org.mucregistration.bench;

import java.util.List;

/** The stanzas the load generator sends to a MUC service (XEP-0045), as raw XML. */
final class Muc {
    static final String MUC = "http://jabber.org/protocol/muc";
    static final String MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
    static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";
    static final String REGISTER_FORM_TYPE = "http://jabber.org/protocol/muc#register";
    static final String NICK_FIELD = "muc#register_roomnick";

    private Muc() {
    }

    /** Enter a room; no discussion history is asked for (its size would otherwise weigh on every join). */
    static String join(String roomJid, String nick) {
        return "<presence to='" + roomJid + "/" + nick + "'><x xmlns='" + MUC + "'><history maxstanzas='0'/></x>"
            + "</presence>";
    }

    static String leave(String roomJid, String nick) {
        return "<presence to='" + roomJid + "/" + nick + "' type='unavailable'/>";
    }

    static String groupchat(String roomJid, String body) {
        return "<message to='" + roomJid + "' type='groupchat'><body>" + body + "</body></message>";
    }

    /**
     * The owner's room configuration, submitted right after creating the room: persistent (it outlives its occupants
     * and its affiliations are stored), no occupant limit, registration open. Everything else keeps the service's
     * defaults, the same on both arms.
     */
    static String configure(String id, String roomJid) {
        return "<iq type='set' id='" + id + "' to='" + roomJid + "'><query xmlns='" + MUC_OWNER + "'>"
            + "<x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
            + "<field var='muc#roomconfig_persistentroom'><value>1</value></field>"
            + "<field var='muc#roomconfig_maxusers'><value>0</value></field>"
            + "<field var='x-muc#roomconfig_registration'><value>1</value></field>"
            + "</x></query></iq>";
    }

    /** {@code muc#admin}: make these bare JIDs members (no nickname). */
    static String members(String id, String roomJid, List<String> bareJids) {
        final StringBuilder items = new StringBuilder();
        for (String jid : bareJids) {
            items.append("<item affiliation='member' jid='").append(jid).append("'/>");
        }
        return "<iq type='set' id='" + id + "' to='" + roomJid + "'><query xmlns='" + MUC_ADMIN + "'>" + items
            + "</query></iq>";
    }

    /** A submitted registration form (XEP-0045 §7.10) with only FORM_TYPE and the nickname. */
    static String register(String id, String roomJid, String nick) {
        return "<iq type='set' id='" + id + "' to='" + roomJid + "'><query xmlns='jabber:iq:register'>"
            + "<x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE'><value>" + REGISTER_FORM_TYPE + "</value></field>"
            + "<field var='" + NICK_FIELD + "'><value>" + nick + "</value></field>"
            + "</x></query></iq>";
    }

    /** Asks a room for its registration form, or the sender's registration ({@code <registered/>}). */
    static String registrationQuery(String id, String roomJid) {
        return "<iq type='get' id='" + id + "' to='" + roomJid + "'><query xmlns='jabber:iq:register'/></iq>";
    }

    /** The nickname in a {@code <registered/>} answer, or null if the answer is a blank form. */
    static String registeredNick(String reply) {
        if (!reply.contains("<registered")) {
            return null;
        }
        final int start = reply.indexOf("<username>");
        if (start < 0) {
            return "";
        }
        return Stanza.unescape(reply.substring(start + 10, reply.indexOf("</username>", start)));
    }
}

package org.mucregistration.protocol;

import org.xmpp.packet.JID;

/**
 * Who changed an affiliation, as {@code <actor/>} shows it (XEP-0045 §9): the real JID only to those who may see real
 * JIDs, the nickname to everyone.
 *
 * @param jid  the actor's full JID, or null (changes made by the server itself, e.g. from the admin console)
 * @param nick the actor's nickname in the room, or null when not an occupant
 */
public record Actor(JID jid, String nick) {
    public static final Actor NONE = new Actor(null, null);
}

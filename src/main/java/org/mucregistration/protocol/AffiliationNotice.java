package org.mucregistration.protocol;

import org.dom4j.Element;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

/**
 * Telling a room that the affiliation of a user who is not in it changed (XEP-0045 §9.3, as Prosody sends it): a
 * message from the room naming the user's bare JID and new affiliation, for those who may see real JIDs.
 */
public final class AffiliationNotice {

    private AffiliationNotice() {
    }

    public static Message outOfRoom(JID room, JID user, RoomAffiliation affiliation) {
        final Message message = new Message();
        message.setType(null);
        message.setFrom(room.asBareJID());
        message.getElement().addElement("x", Namespaces.MUC_USER).addElement("item")
            .addAttribute("jid", user.toBareJID())
            .addAttribute("affiliation", affiliation.name());
        return message;
    }
}

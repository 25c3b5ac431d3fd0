package org.mucregistration.protocol;

import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

/**
 * A join whose nickname the room replaced with the user's reserved one (XEP-0045 §7.2.9 lock-down): the join is sent
 * on under the reserved nickname, and the room's self-presence to the user carries status 210 ("the room has
 * modified your nickname").
 */
public final class NicknameRewrite {
    public static final String ROOM_CHANGED_NICKNAME = "210";

    private NicknameRewrite() {
    }

    /** Addresses the join to the reserved nickname instead; returns the occupant address it now asks for. */
    public static JID rewrite(Presence join, String reservedNick) {
        final JID to = join.getTo();
        final JID occupant = new JID(to.getNode(), to.getDomain(), reservedNick);
        join.setTo(occupant);
        return occupant;
    }

    /**
     * Whether the presence is the room telling an occupant about themself as they enter: available, from the room,
     * with status 110 in its {@code <x xmlns='…muc#user'>}.
     */
    public static boolean isSelfPresence(Presence presence) {
        if (presence.getType() != null) {
            return false;
        }
        final Element x = presence.getElement().element(QName.get("x", Namespaces.MUC_USER));
        return x != null && hasStatus(x, OccupantPresence.SELF);
    }

    /** Adds status 210 to the self-presence unless it has it (Openfire sends one presence object to every session). */
    public static void markRenamed(Presence selfPresence) {
        final Element x = selfPresence.getElement().element(QName.get("x", Namespaces.MUC_USER));
        if (x != null && !hasStatus(x, ROOM_CHANGED_NICKNAME)) {
            x.addElement("status").addAttribute("code", ROOM_CHANGED_NICKNAME);
        }
    }

    private static boolean hasStatus(Element x, String code) {
        for (Element status : x.elements("status")) {
            if (code.equals(status.attributeValue("code"))) {
                return true;
            }
        }
        return false;
    }
}

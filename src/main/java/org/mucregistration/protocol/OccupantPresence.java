package org.mucregistration.protocol;

import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.Presence;

/**
 * An occupant's presence as published after a change of affiliation or registration, in the three forms a room sends
 * (XEP-0045 §7.2.3, §9.3): to the occupant themself (status 110), to those who may see real JIDs, and to the others
 * (no real JID). The actor, if any, is named inside the item as Prosody does it: with its real JID only in the
 * full form.
 */
public final class OccupantPresence {
    public static final String SELF = "110";

    private OccupantPresence() {
    }

    /** The form the occupant receives about themself. */
    public static Presence forSelf(Presence current, Actor actor) {
        final Presence copy = current.createCopy();
        addActor(item(copy), null, actor.nick());
        x(copy).addElement("status").addAttribute("code", SELF);
        return copy;
    }

    /** The form for occupants who may see real JIDs (moderators; everyone in a non-anonymous room). */
    public static Presence forJidViewer(Presence current, Actor actor) {
        final Presence copy = current.createCopy();
        addActor(item(copy), actor.jid() == null ? null : actor.jid().toString(), actor.nick());
        return copy;
    }

    /** The form for the other occupants: no real JID of the occupant or of the actor. */
    public static Presence forOthers(Presence current, Actor actor) {
        final Presence copy = current.createCopy();
        final Element item = item(copy);
        final org.dom4j.Attribute jid = item.attribute("jid");
        if (jid != null) {
            item.remove(jid);
        }
        addActor(item, null, actor.nick());
        return copy;
    }

    private static void addActor(Element item, String jid, String nick) {
        if (jid == null && nick == null) {
            return;
        }
        final Element actor = item.addElement("actor");
        if (jid != null) {
            actor.addAttribute("jid", jid);
        }
        if (nick != null) {
            actor.addAttribute("nick", nick);
        }
    }

    private static Element x(Presence presence) {
        final Element x = presence.getElement().element(QName.get("x", Namespaces.MUC_USER));
        if (x == null) {
            throw new IllegalArgumentException("Not an occupant presence: " + presence.toXML());
        }
        return x;
    }

    private static Element item(Presence presence) {
        final Element item = x(presence).element("item");
        if (item == null) {
            throw new IllegalArgumentException("Occupant presence without an item: " + presence.toXML());
        }
        return item;
    }
}

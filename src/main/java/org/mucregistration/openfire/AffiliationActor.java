package org.mucregistration.openfire;

import org.dom4j.Element;
import org.dom4j.QName;
import org.mucregistration.protocol.Actor;
import org.mucregistration.protocol.Namespaces;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

import java.util.Set;

/**
 * Who changes an affiliation, for the presences Openfire's own code sends while applying it (a member removed from a
 * members-only room, status 321; an outcast removed, 301): Openfire sends those itself, without {@code <actor>}. While
 * the plugin applies a change on this thread (see {@link #during}), every presence the room routes here gets the actor,
 * in the form its recipient may see (XEP-0045 §9): the actor's real JID only to those who may see real JIDs.
 */
final class AffiliationActor {
    private record Change(JID room, Actor actor, Set<JID> jidViewers) {
    }

    private static final ThreadLocal<Change> CURRENT = new ThreadLocal<>();

    private AffiliationActor() {
    }

    /** Something Openfire does that may send presences and throw its refusals. */
    interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs the work with the actor set for presences from the room.
     *
     * @param jidViewers the occupants (full JIDs) who may see real JIDs
     */
    static <T> T during(JID room, Actor actor, Set<JID> jidViewers, Work<T> work) throws Exception {
        if (actor.jid() == null && actor.nick() == null) {
            return work.run(); // the server itself: no actor to name
        }
        CURRENT.set(new Change(room.asBareJID(), actor, jidViewers));
        try {
            return work.run();
        } finally {
            CURRENT.remove();
        }
    }

    /** Whether a change is being applied on this thread (the interceptor's cheap test). */
    static boolean active() {
        return CURRENT.get() != null;
    }

    /** Adds the actor to the item of an occupant presence from the changing room that has none. */
    static void addTo(Presence presence) {
        final Change change = CURRENT.get();
        if (change == null || presence.getFrom() == null || !change.room().equals(presence.getFrom().asBareJID())) {
            return;
        }
        final Element x = presence.getElement().element(QName.get("x", Namespaces.MUC_USER));
        final Element item = x == null ? null : x.element(QName.get("item", Namespaces.MUC_USER));
        if (item == null || item.element(QName.get("actor", Namespaces.MUC_USER)) != null) {
            return;
        }
        final String jid = change.actor().jid() != null && change.jidViewers().contains(presence.getTo())
            ? change.actor().jid().toString() : null;
        if (jid == null && change.actor().nick() == null) {
            return;
        }
        final Element actor = item.addElement("actor");
        if (jid != null) {
            actor.addAttribute("jid", jid);
        }
        if (change.actor().nick() != null) {
            actor.addAttribute("nick", change.actor().nick());
        }
    }
}

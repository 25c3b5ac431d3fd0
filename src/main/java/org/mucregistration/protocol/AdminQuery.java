package org.mucregistration.protocol;

import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of {@code muc#admin} (XEP-0045 §9, §10) this plugin answers itself: changing affiliations (with an
 * optional reserved nickname, §9.5 and 1.35.4: an empty {@code nick} clears it) and listing affiliations, each item
 * with its reserved nickname. Role changes and role lists stay with Openfire.
 */
public final class AdminQuery {

    private AdminQuery() {
    }

    /**
     * One requested affiliation change.
     *
     * @param jid  the user's bare JID; null when the item names an occupant by nickname only (see {@link #occupant})
     * @param nick the reserved nickname to set; "" to clear it; null to leave it as it is
     */
    public record Change(JID jid, RoomAffiliation affiliation, String nick, String reason) {

        /**
         * The occupant an item without {@code jid} names by its {@code nick} (as some clients send it; Prosody issue
         * 1224): the change applies to that occupant's user, and sets no reserved nickname. Null when the item has a jid.
         */
        public String occupant() {
            return jid == null ? nick : null;
        }

        /** The same change for the user found behind {@link #occupant()}. */
        public Change forUser(JID user) {
            return new Change(user.asBareJID(), affiliation, null, reason);
        }
    }

    /** What a {@code muc#admin} IQ asks, as far as this plugin is concerned. */
    public sealed interface Request {
        record ChangeAffiliations(List<Change> changes) implements Request {
        }

        record ListAffiliation(RoomAffiliation affiliation) implements Request {
        }

        /** Role changes, role lists: Openfire's own handling applies. */
        record LeaveToOpenfire() implements Request {
        }

        record Malformed(Refusal refusal) implements Request {
        }
    }

    /**
     * A request holding more items than {@code max} is refused ({@code not-acceptable}, modify) before anything is
     * looked at: each item costs work under the room's lock.
     */
    public static Optional<Refusal> tooManyItems(IQ iq, int max) {
        final Element query = iq.getChildElement();
        if (query == null || max <= 0) {
            return Optional.empty();
        }
        final int items = query.elements("item").size();
        return items <= max ? Optional.empty() : Optional.of(new Refusal(
            org.xmpp.packet.PacketError.Condition.not_acceptable, org.xmpp.packet.PacketError.Type.modify,
            "At most " + max + " items per request on this server; this one has " + items));
    }

    public static Request classify(IQ iq) {
        final Element query = iq.getChildElement();
        if (query == null || !"query".equals(query.getName())) {
            return new Request.Malformed(Refusal.badRequest("A muc#admin query is required"));
        }
        final List<Element> items = query.elements("item");
        if (items.isEmpty()) {
            return new Request.Malformed(Refusal.badRequest("At least one item is required"));
        }
        if (iq.getType() == IQ.Type.get) {
            if (items.size() == 1 && items.get(0).attributeValue("affiliation") != null) {
                final RoomAffiliation affiliation = RoomAffiliation.parse(items.get(0).attributeValue("affiliation"));
                if (affiliation == null || affiliation == RoomAffiliation.none) {
                    return new Request.Malformed(Refusal.badRequest("Unknown affiliation list"));
                }
                return new Request.ListAffiliation(affiliation);
            }
            return new Request.LeaveToOpenfire();
        }
        if (iq.getType() != IQ.Type.set) {
            return new Request.Malformed(Refusal.badRequest("Only get and set are allowed"));
        }
        int withAffiliation = 0;
        for (Element item : items) {
            if (item.attributeValue("affiliation") != null) {
                withAffiliation++;
            }
        }
        if (withAffiliation == 0) {
            return new Request.LeaveToOpenfire();
        }
        if (withAffiliation != items.size()) {
            return new Request.Malformed(Refusal.badRequest("Affiliation and role changes cannot be mixed"));
        }
        final List<Change> changes = new ArrayList<>(items.size());
        for (Element item : items) {
            final RoomAffiliation affiliation = RoomAffiliation.parse(item.attributeValue("affiliation"));
            if (affiliation == null) {
                return new Request.Malformed(Refusal.badRequest("Unknown affiliation: " + item.attributeValue("affiliation")));
            }
            final String jidText = item.attributeValue("jid");
            if (jidText == null) {
                final String occupant = item.attributeValue("nick");
                if (occupant == null || occupant.isEmpty()) {
                    return new Request.Malformed(Refusal.badRequest("An item needs a jid or the nick of an occupant"));
                }
                changes.add(new Change(null, affiliation, occupant, item.elementTextTrim("reason")));
                continue;
            }
            final JID jid;
            try {
                jid = new JID(jidText).asBareJID();
            } catch (IllegalArgumentException e) {
                return new Request.Malformed(Refusal.of(org.xmpp.packet.PacketError.Condition.jid_malformed,
                    org.xmpp.packet.PacketError.Type.modify));
            }
            changes.add(new Change(jid, affiliation, item.attributeValue("nick"), item.elementTextTrim("reason")));
        }
        return new Request.ChangeAffiliations(changes);
    }

    /** One line of an affiliation list: the user's bare JID and, if any, their reserved nickname. */
    public record ListEntry(JID jid, String nick) {
    }

    /** The answer to an affiliation list request: {@code affiliation}, {@code jid}, and {@code nick} when reserved. */
    public static IQ listReply(IQ request, RoomAffiliation affiliation, List<ListEntry> entries) {
        final IQ reply = IQ.createResultIQ(request);
        final Element query = reply.setChildElement("query", Namespaces.MUC_ADMIN);
        for (ListEntry entry : entries) {
            final Element item = query.addElement("item")
                .addAttribute("jid", entry.jid().toBareJID())
                .addAttribute("affiliation", affiliation.name());
            if (entry.nick() != null) {
                item.addAttribute("nick", entry.nick());
            }
        }
        return reply;
    }
}

package org.mucregistration.protocol;

import org.dom4j.Element;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/**
 * Joining a room, or changing nickname, to a nickname reserved by another user (XEP-0045 §7.2.9): refused with a
 * {@code conflict} error from the room, as Prosody answers it.
 */
public final class NickConflict {

    private NickConflict() {
    }

    /** Whether a presence asks to be in a room under a nickname: available, addressed to {@code room/nick}. */
    public static boolean isOccupancyRequest(Presence presence) {
        final JID to = presence.getTo();
        return presence.getType() == null && to != null && to.getNode() != null && to.getResource() != null;
    }

    /**
     * The error reply to such a presence: a copy of it (the {@code <x xmlns='…muc'/>} kept) from {@code room/nick}, with
     * {@code <error type='cancel' by='room'><conflict/></error>}.
     */
    public static Presence reply(Presence request) {
        return errorReply(request, new PacketError(PacketError.Condition.conflict, PacketError.Type.cancel));
    }

    /**
     * The reply to a nickname change away from the user's reserved nickname in a room that only admits reserved
     * nicknames (XEP-0045 §7.2.9 lock-down, as Prosody answers it).
     */
    public static Presence notAcceptable(Presence request) {
        return errorReply(request, new PacketError(PacketError.Condition.not_acceptable, PacketError.Type.cancel));
    }

    /** The reply when the nickname could not be checked (e.g. the database is unreachable): try again later. */
    public static Presence failure(Presence request) {
        return errorReply(request, new PacketError(PacketError.Condition.internal_server_error, PacketError.Type.wait));
    }

    private static Presence errorReply(Presence request, PacketError packetError) {
        final Presence reply = request.createCopy();
        reply.setFrom(request.getTo());
        reply.setTo(request.getFrom());
        reply.setID(request.getID());
        reply.setError(packetError);
        final Element error = reply.getElement().element("error");
        error.addAttribute("by", request.getTo().asBareJID().toString());
        return reply;
    }
}

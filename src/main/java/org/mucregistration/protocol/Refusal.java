package org.mucregistration.protocol;

import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

/**
 * A request the rules refuse: the XMPP error condition and type to answer with, and an optional human-readable text.
 */
public record Refusal(PacketError.Condition condition, PacketError.Type type, String text) {

    public static Refusal of(PacketError.Condition condition, PacketError.Type type) {
        return new Refusal(condition, type, null);
    }

    public static Refusal badRequest(String text) {
        return new Refusal(PacketError.Condition.bad_request, PacketError.Type.modify, text);
    }

    public static Refusal conflict(String text) {
        return new Refusal(PacketError.Condition.conflict, PacketError.Type.cancel, text);
    }

    /** The error reply to an IQ request, without the request's child (as Prosody answers); built by hand: the request's type may be unreadable. */
    public IQ replyTo(IQ request) {
        final IQ reply = new IQ(IQ.Type.error, request.getID());
        reply.setFrom(request.getTo());
        reply.setTo(request.getFrom());
        final PacketError error = new PacketError(condition, type);
        if (text != null) {
            error.setText(text, "en");
        }
        reply.setError(error);
        return reply;
    }
}

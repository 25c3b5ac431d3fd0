package org.mucregistration.protocol;

import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

import java.util.Set;

/**
 * An IQ's type is one of get, set, result and error (RFC 6120 §8.2.3); an IQ with any other is answered
 * {@code bad-request} (Tinder cannot even read the type of such a stanza: it throws).
 */
public final class IqTypes {
    private static final Set<String> TYPES = Set.of("get", "set", "result", "error");

    private IqTypes() {
    }

    public static boolean isValid(IQ iq) {
        final String type = iq.getElement().attributeValue("type");
        return type != null && TYPES.contains(type); // Set.of refuses to look up null
    }

    /** The answer to an IQ of an unknown type. */
    public static IQ badType(IQ request) {
        return new Refusal(PacketError.Condition.bad_request, PacketError.Type.modify,
            "The type of an IQ is get, set, result or error").replyTo(request);
    }
}

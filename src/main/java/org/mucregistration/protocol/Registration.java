package org.mucregistration.protocol;

import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

import java.util.Optional;

/**
 * Registering with a room ({@code jabber:iq:register} to a room, XEP-0045 §7.10): what a request asks, whether the
 * sender may ask it, and the answers. Prosody's rules: members, admins and owners may register; unaffiliated users
 * need registration to be open to them; outcasts never.
 */
public final class Registration {

    private Registration() {
    }

    /** What a {@code jabber:iq:register} request to a room asks for. */
    public sealed interface Request {
        /** A get: the form, or the current registration. */
        record FormRequest() implements Request {
        }

        /** A set with a filled-in form. */
        record Submit(RegistrationForm.Submission submission) implements Request {
        }

        /** A set with {@code <remove/>}: cancel the registration. */
        record Remove() implements Request {
        }

        /** Anything else: answered with this refusal. */
        record Malformed(Refusal refusal) implements Request {
        }
    }

    /** Whether an IQ is about registration, whatever its type (its child is a {@code jabber:iq:register} query). */
    public static boolean isRegistration(IQ iq) {
        final Element query = iq.getChildElement();
        return query != null && "query".equals(query.getName()) && Namespaces.REGISTER.equals(query.getNamespaceURI());
    }

    /** Whether an IQ is a registration request for a room (bare room JID, register namespace). */
    public static boolean isRegistrationRequest(IQ iq) {
        final Element query = iq.getChildElement();
        return query != null && (iq.getType() == IQ.Type.get || iq.getType() == IQ.Type.set)
            && "query".equals(query.getName()) && Namespaces.REGISTER.equals(query.getNamespaceURI());
    }

    public static Request classify(IQ iq) {
        final Element query = iq.getChildElement();
        if (iq.getType() == IQ.Type.get) {
            return new Request.FormRequest();
        }
        final boolean remove = query.element("remove") != null;
        final boolean form = query.element(org.dom4j.QName.get("x", Namespaces.DATA_FORMS)) != null;
        if (remove && !form) {
            return new Request.Remove();
        }
        if (form && !remove) {
            return new Request.Submit(RegistrationForm.read(query));
        }
        return new Request.Malformed(Refusal.badRequest(remove
            ? "A request cannot both register and remove"
            : "A registration form is required"));
    }

    /** Who may register with the room, whatever they ask; empty when allowed. */
    public static Optional<Refusal> mayRegister(RoomAffiliation affiliation, boolean unaffiliatedMayRegister) {
        return switch (affiliation) {
            case owner, admin, member -> Optional.empty();
            case none -> unaffiliatedMayRegister
                ? Optional.empty()
                : Optional.of(Refusal.of(PacketError.Condition.registration_required, PacketError.Type.auth));
            case outcast -> Optional.of(Refusal.of(PacketError.Condition.forbidden, PacketError.Type.auth));
        };
    }

    /** The affiliation a user holds after registering: unaffiliated users become members, others keep theirs. */
    public static RoomAffiliation affiliationAfterRegistering(RoomAffiliation current) {
        return current == RoomAffiliation.none ? RoomAffiliation.member : current;
    }

    /** The affiliation a user holds after cancelling: members lose it, owners and admins keep theirs. */
    public static RoomAffiliation affiliationAfterRemoving(RoomAffiliation current) {
        return current == RoomAffiliation.member ? RoomAffiliation.none : current;
    }

    /** The answer to a get: the form, or {@code <registered/><username>NICK</username>} for a registered user. */
    public static IQ formReply(IQ get, Optional<String> registeredNick) {
        final IQ reply = IQ.createResultIQ(get);
        final Element query = reply.setChildElement("query", Namespaces.REGISTER);
        if (registeredNick.isPresent()) {
            query.addElement("registered");
            query.addElement("username").setText(registeredNick.get());
        } else {
            query.add(RegistrationForm.blank().getElement().createCopy());
        }
        return reply;
    }

    /** The nickname is taken: in use by another user's occupant, or reserved by another user. */
    public static Refusal nicknameTaken() {
        return Refusal.conflict("That nickname is already in use or reserved by another user");
    }
}

package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.util.SystemProperty;
import org.mucregistration.protocol.Refusal;
import org.mucregistration.protocol.Registration;
import org.mucregistration.protocol.RegistrationForm;
import org.mucregistration.protocol.RoomAffiliation;
import org.mucregistration.protocol.RoomUserItem;
import org.mucregistration.storage.Reservation;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Answers {@code jabber:iq:register} (XEP-0045 §7.10) and {@code x-roomuser-item} (§7.12) requests addressed to a
 * room, in place of Openfire's own handling.
 */
public final class RegistrationHandler {

    /** Whether users with no affiliation may register with a room (they become members). Off, as in Prosody. */
    public static final SystemProperty<Boolean> UNAFFILIATED_MAY_REGISTER = SystemProperty.Builder.ofType(Boolean.class)
        .setKey("plugin.mucregistration.unaffiliatedMayRegister")
        .setDefaultValue(false)
        .setDynamic(true)
        .setPlugin(MucRegistrationPlugin.NAME)
        .build();

    private final RoomChanges changes;
    private final BooleanSupplier unaffiliatedMayRegister;

    public RegistrationHandler(RoomChanges changes, BooleanSupplier unaffiliatedMayRegister) {
        this.changes = changes;
        this.unaffiliatedMayRegister = unaffiliatedMayRegister;
    }

    /** The answer to a registration request; the room is changed, and occupants told, before it is returned. */
    public IQ register(MultiUserChatService service, IQ request) {
        // A get only reads the room, and a refused set changes nothing: no need to sync it to the cluster then.
        return request.getType() == IQ.Type.get
            ? Rooms.read(service, request.getTo().getNode(), room -> answer(room, request))
            : Rooms.locked(service, request.getTo().getNode(), room -> answer(room, request),
                reply -> reply.getType() == IQ.Type.result);
    }

    private IQ answer(MUCRoom room, IQ request) {
        final Optional<Refusal> closed = closed(room);
        if (closed.isPresent()) {
            return closed.get().replyTo(request);
        }
        // Asked once: for a user of no affiliation Openfire walks the room's lists each time.
        final RoomAffiliation affiliation = Rooms.affiliation(room, request.getFrom());
        final Optional<Refusal> refusal = Registration.mayRegister(affiliation,
            unaffiliatedMayRegister.getAsBoolean());
        if (refusal.isPresent()) {
            return refusal.get().replyTo(request);
        }
        final Registration.Request asked = Registration.classify(request);
        final Optional<Refusal> outcome;
        if (asked instanceof Registration.Request.FormRequest) {
            return Registration.formReply(request,
                changes.reservations().of(room, request.getFrom(), affiliation).map(Reservation::nickname));
        } else if (asked instanceof Registration.Request.Submit submit) {
            if (submit.submission() instanceof RegistrationForm.Submission.Nick nick) {
                outcome = changes.register(room, request.getFrom(), affiliation, nick.nickname()).asRefusal();
            } else {
                outcome = Optional.of(((RegistrationForm.Submission.Invalid) submit.submission()).refusal());
            }
        } else if (asked instanceof Registration.Request.Remove) {
            outcome = changes.unregister(room, request.getFrom(), affiliation).asRefusal();
        } else {
            outcome = Optional.of(((Registration.Request.Malformed) asked).refusal());
        }
        if (outcome.isPresent()) {
            return outcome.get().replyTo(request);
        }
        return IQ.createResultIQ(request);
    }

    /** The answer to {@code disco#info node='x-roomuser-item'}: the sender's reserved nickname, if any. */
    public IQ reservedNick(MultiUserChatService service, IQ request) {
        return Rooms.read(service, request.getTo().getNode(), room -> {
            if (room == null) {
                return Refusal.of(PacketError.Condition.item_not_found, PacketError.Type.cancel).replyTo(request);
            }
            return RoomUserItem.reply(request,
                changes.reservations().of(room, request.getFrom()).map(Reservation::nickname));
        });
    }

    /** Why nobody may use registration in this room, if so: there is no such room, or it takes no registrations. */
    private static Optional<Refusal> closed(MUCRoom room) {
        if (room == null) {
            return Optional.of(Refusal.of(PacketError.Condition.item_not_found, PacketError.Type.cancel));
        }
        if (!room.isRegistrationEnabled()) {
            return Optional.of(Refusal.of(PacketError.Condition.not_allowed, PacketError.Type.cancel));
        }
        return Optional.empty();
    }
}

package org.mucregistration.openfire;

import org.jivesoftware.openfire.IQHandlerInfo;
import org.jivesoftware.openfire.handler.IQHandler;
import org.jivesoftware.openfire.muc.CannotBeInvitedException;
import org.jivesoftware.openfire.muc.ConflictException;
import org.jivesoftware.openfire.muc.ForbiddenException;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.openfire.muc.NotAllowedException;
import org.mucregistration.protocol.AdminQuery;
import org.mucregistration.protocol.Namespaces;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.protocol.Refusal;
import org.mucregistration.protocol.RoomAffiliation;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.ReservationStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * {@code muc#admin} for the rooms of one MUC service (registered with {@code addIQHandler}): affiliation changes with
 * reserved nicknames and affiliation lists with nicknames are answered here; role changes and role lists go to
 * Openfire's own handler, under the room's lock as Openfire itself does it.
 */
public final class MucAdminHandler extends IQHandler {
    private static final Logger Log = LoggerFactory.getLogger(MucAdminHandler.class);

    private final MultiUserChatService service;
    private final RoomChanges changes;
    private final IQHandlerInfo info = new IQHandlerInfo("query", Namespaces.MUC_ADMIN);

    private final IntSupplier maxItems;

    /** @param maxItems the most items one request may hold (each costs work under the room's lock) */
    public MucAdminHandler(MultiUserChatService service, RoomChanges changes, IntSupplier maxItems) {
        super("MUC registration: muc#admin");
        this.service = service;
        this.changes = changes;
        this.maxItems = maxItems;
    }

    @Override
    public IQHandlerInfo getInfo() {
        return info;
    }

    @Override
    public IQ handleIQ(IQ request) {
        if (!request.isRequest()) {
            return null;
        }
        if (request.getTo() == null || request.getTo().getNode() == null) {
            return Refusal.of(PacketError.Condition.feature_not_implemented, PacketError.Type.cancel).replyTo(request);
        }
        final Optional<Refusal> tooMany = AdminQuery.tooManyItems(request, maxItems.getAsInt());
        if (tooMany.isPresent()) {
            return tooMany.get().replyTo(request); // decided before the room's lock is taken
        }
        try {
            // A list only reads the room: no sync to the cluster for it.
            return request.getType() == IQ.Type.get
                ? Rooms.read(service, request.getTo().getNode(), room -> answer(room, request))
                : Rooms.locked(service, request.getTo().getNode(), room -> answer(room, request));
        } catch (ReservationStoreException e) {
            Log.warn("Reserved nicknames unavailable for a muc#admin request from {} to {}: {}", request.getFrom(),
                request.getTo(), e.toString());
            return Refusals.STORAGE_UNAVAILABLE.replyTo(request);
        } catch (RuntimeException e) {
            Log.error("Could not process a muc#admin request from {} to {}", request.getFrom(), request.getTo(), e);
            return Refusal.of(PacketError.Condition.internal_server_error, PacketError.Type.wait).replyTo(request);
        }
    }

    private IQ answer(MUCRoom room, IQ request) {
        if (room == null) {
            return Refusal.of(PacketError.Condition.item_not_found, PacketError.Type.cancel).replyTo(request);
        }
        final RoomAffiliation actor = Rooms.affiliation(room, request.getFrom());
        final AdminQuery.Request asked = AdminQuery.classify(request);
        if (asked instanceof AdminQuery.Request.ChangeAffiliations change) {
            final List<AdminQuery.Change> resolved = new ArrayList<>(change.changes().size());
            for (AdminQuery.Change c : change.changes()) {
                if (c.jid() != null) {
                    resolved.add(c);
                    continue;
                }
                final Optional<JID> user = occupantNamed(room, c.occupant());
                if (user.isEmpty()) {
                    return new Refusal(PacketError.Condition.item_not_found, PacketError.Type.cancel,
                        "No occupant has that nickname").replyTo(request);
                }
                resolved.add(c.forUser(user.get()));
            }
            return changes.changeAffiliations(room, resolved, request.getFrom(), actor).asRefusal()
                .map(refusal -> refusal.replyTo(request))
                .orElseGet(() -> IQ.createResultIQ(request));
        }
        if (asked instanceof AdminQuery.Request.ListAffiliation list) {
            return mayList(room, actor, list.affiliation())
                .map(refusal -> refusal.replyTo(request))
                .orElseGet(() -> AdminQuery.listReply(request, list.affiliation(), entries(room, list.affiliation())));
        }
        if (asked instanceof AdminQuery.Request.Malformed malformed) {
            return malformed.refusal().replyTo(request);
        }
        return openfire(room, request);
    }

    /** The user of the occupant using this nickname (the same under PRECIS), if any. */
    private static Optional<JID> occupantNamed(MUCRoom room, String nick) {
        final Optional<Nickname> wanted = Nickname.parse(nick);
        for (MUCOccupant occupant : room.getOccupants()) {
            if (nick.equals(occupant.getNickname())
                || wanted.isPresent() && wanted.get().sameAs(occupant.getNickname())) {
                return Optional.of(occupant.getUserAddress().asBareJID());
            }
        }
        return Optional.empty();
    }

    /** Who may see an affiliation list: XEP-0045 §9.5, §9.8, §10.5, §10.8; members too in a members-only room. */
    private static Optional<Refusal> mayList(MUCRoom room, RoomAffiliation actor, RoomAffiliation list) {
        final boolean allowed = switch (list) {
            case member -> actor == RoomAffiliation.owner || actor == RoomAffiliation.admin
                || (room.isMembersOnly() && actor == RoomAffiliation.member);
            case outcast -> actor == RoomAffiliation.owner || actor == RoomAffiliation.admin;
            case owner, admin -> actor == RoomAffiliation.owner || room.canAnyoneDiscoverJID();
            case none -> false;
        };
        return allowed ? Optional.empty() : Optional.of(Refusal.of(PacketError.Condition.forbidden, PacketError.Type.auth));
    }

    /** The list, ordered by JID, each with its reserved nickname (read for the whole list at once). */
    private List<AdminQuery.ListEntry> entries(MUCRoom room, RoomAffiliation affiliation) {
        final List<JID> jids = new ArrayList<>(switch (affiliation) {
            case owner -> room.getOwners();
            case admin -> room.getAdmins();
            case member -> room.getMembers();
            case outcast -> room.getOutcasts();
            case none -> List.<JID>of();
        });
        jids.sort(Comparator.comparing(JID::toBareJID));
        final Map<String, Reservation> nicks = affiliation.mayHoldReservation()
            ? changes.reservations().of(room, jids) : Map.of();
        final List<AdminQuery.ListEntry> entries = new ArrayList<>(jids.size());
        for (JID jid : jids) {
            final Reservation held = nicks.get(jid.toBareJID());
            entries.add(new AdminQuery.ListEntry(jid, held == null ? null : held.nickname()));
        }
        return entries;
    }

    /** Openfire's own muc#admin handling: it routes its own reply. */
    private static IQ openfire(MUCRoom room, IQ request) {
        try {
            room.getIQAdminHandler().handleIQ(request, room.getOccupantByFullJID(request.getFrom()));
            return null;
        } catch (ForbiddenException | ConflictException | NotAllowedException | CannotBeInvitedException e) {
            return Refusals.fromOpenfire(e).replyTo(request);
        }
    }
}

package org.mucregistration.openfire;

import org.jivesoftware.openfire.PacketRouter;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.openfire.session.ClientSession;
import org.jivesoftware.openfire.session.Session;
import org.mucregistration.protocol.IqTypes;
import org.mucregistration.protocol.MucUserOrder;
import org.mucregistration.protocol.NickConflict;
import org.mucregistration.protocol.NicknameRewrite;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.protocol.Refusal;
import org.mucregistration.protocol.Registration;
import org.mucregistration.protocol.RoomUserItem;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.ReservationStoreException;
import org.mucregistration.storage.RoomKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where the plugin meets the traffic of MUC services.
 * <ul>
 * <li>Incoming, before Openfire handles it: registration requests and {@code x-roomuser-item} queries to a room are
 * answered here; a join or nickname change to a nickname reserved by another user is refused here. Openfire cannot
 * be told to drop a stanza without answering it with an error, so a stanza answered here is neutralised: re-addressed
 * to the service itself, where Openfire ignores it.</li>
 * <li>Incoming, after Openfire handled it: a join or nickname change let through is checked again under the room's
 * lock ({@link RoomChanges#afterOccupancy}), since the check before ran without holding the lock until Openfire took
 * the join: a registration of the nickname may have been made in between.</li>
 * <li>Outgoing: the children of {@code <x xmlns='…muc#user'>} in presences from a room are put in XEP-0045's order.</li>
 * </ul>
 */
public final class MucPacketInterceptor implements PacketInterceptor {
    private static final Logger Log = LoggerFactory.getLogger(MucPacketInterceptor.class);

    private final MucServices services;
    private final RegistrationHandler registration;
    private final RoomChanges changes;
    private final Reservations reservations;
    private final PacketRouter router;
    private final BooleanSupplier lockDownEveryRoom;
    private final RenamedJoins renamedJoins = new RenamedJoins();
    /**
     * The join or nickname change this thread let through to Openfire, and the room it is for, to check again once
     * Openfire has handled it: Openfire hands the same stanza to the interceptors before and after handling it, on the
     * same thread. One per thread (stanzas Openfire routes meanwhile, the room's presences among them, are not to a
     * room); a stanza whose handling failed leaves its entry until the thread's next join replaces it. Only JDK and
     * Openfire types in it: nothing of the plugin stays in a server thread after the plugin is unloaded.
     */
    private final ThreadLocal<LetThrough> letThrough = new ThreadLocal<>();

    /** A join or nickname change let through to Openfire: to which room, under which nickname (as sent on). */
    private record LetThrough(Presence presence, JID room, Nickname nick) {
    }

    /** @param lockDownEveryRoom whether every room admits users only under their reserved nickname */
    public MucPacketInterceptor(MucServices services, RegistrationHandler registration, RoomChanges changes,
                                PacketRouter router, BooleanSupplier lockDownEveryRoom) {
        this.services = services;
        this.registration = registration;
        this.changes = changes;
        this.reservations = changes == null ? null : changes.reservations();
        this.router = router;
        this.lockDownEveryRoom = lockDownEveryRoom;
    }

    @Override
    public void interceptPacket(Packet packet, Session session, boolean incoming, boolean processed) {
        if (processed) {
            if (incoming && packet instanceof Presence presence) {
                afterOccupancy(presence);
            }
            return;
        }
        if (incoming) {
            if (AffiliationActor.active() && packet instanceof Presence presence) {
                AffiliationActor.addTo(presence); // a presence the room sends while the plugin changes an affiliation
            }
            final JID to = packet.getTo();
            if (to != null && to.getNode() != null) {
                final MultiUserChatService service = services.serviceOf(to);
                if (service != null && packet.getFrom() != null) {
                    toRoom(service, packet, session);
                }
            }
        } else if (packet instanceof Presence presence) {
            final JID from = packet.getFrom();
            if (from != null && from.getNode() != null && services.serviceOf(from) != null) {
                if (NicknameRewrite.isSelfPresence(presence) && renamedJoins.take(presence.getTo(), from)) {
                    NicknameRewrite.markRenamed(presence);
                }
                MucUserOrder.apply(packet);
            }
        }
    }

    private void toRoom(MultiUserChatService service, Packet packet, Session session) {
        try {
            if (packet instanceof IQ iq && packet.getTo().getResource() == null) {
                if (!IqTypes.isValid(iq)) {
                    // Openfire closes a client's stream over such an IQ before any plugin sees it; this is for
                    // whatever else routes one to the room (another server, a component).
                    if (Registration.isRegistration(iq) || RoomUserItem.isNode(iq)) {
                        answer(service, iq, IqTypes.badType(iq)); // RFC 6120 §8.2.3: an IQ's type is one of four
                    }
                } else if (Registration.isRegistrationRequest(iq)) {
                    answer(service, iq, registration.register(service, iq));
                } else if (RoomUserItem.isQuery(iq)) {
                    answer(service, iq, registration.reservedNick(service, iq));
                }
            } else if (packet instanceof Presence presence && NickConflict.isOccupancyRequest(presence)) {
                occupancy(service, presence);
            } else if (packet instanceof Presence presence && isLeave(presence)) {
                leave(service, presence, session);
            }
        } catch (ReservationStoreException e) {
            // The database, not the client: a warning (without the stanza), and the request refused as below.
            Log.warn("Reserved nicknames unavailable for a {} from {} to {}: {}", packet.getElement().getName(),
                packet.getFrom(), packet.getTo(), e.toString());
            refuse(service, packet);
        } catch (RuntimeException e) {
            // No stanza in the log: what a client sent is not the server's to record above DEBUG.
            Log.error("Could not process a {} from {} to {}", packet.getElement().getName(), packet.getFrom(),
                packet.getTo(), e);
            refuse(service, packet);
        }
    }

    /** A request that could not be decided: internal-server-error/wait, and a join is not let in. */
    private void refuse(MultiUserChatService service, Packet packet) {
        if (packet instanceof IQ iq && iq.isRequest()) {
            answer(service, iq, Refusal.of(PacketError.Condition.internal_server_error, PacketError.Type.wait)
                .replyTo(iq));
        } else if (packet instanceof Presence presence && NickConflict.isOccupancyRequest(presence)) {
            // A nickname that could not be checked is not let in: reserved nicknames must hold.
            router.route(NickConflict.failure(presence));
            neutralise(service, packet);
        }
    }

    private static boolean isLeave(Presence presence) {
        return presence.getType() == Presence.Type.unavailable && presence.getTo().getResource() != null;
    }

    /**
     * A leave, before Openfire handles it:
     * <ul>
     * <li>Sent by someone who is no occupant of the room (as the cluster has it: removed through another node, by a
     * kick or a ban there; their client's directed presence to the room outlives that): Openfire would act on this
     * node's own copy of the room, which may still list them, log an error, and tell the room's occupants a false
     * "left" (Openfire 5.1.1, clustered). This node's copy is refreshed from the cluster's room first, so Openfire sees
     * no occupant and ignores the leave, as it does on a single node.</li>
     * <li>Sent by a client that never sent initial presence, and still connected: Openfire forgets the client's
     * directed presence to the room before routing the leave, and then drops the room's reply (the occupant's own
     * unavailable presence, XEP-0045 §7.14) because the client is not available. The room processes the leave now,
     * while Openfire still routes to the client; the original then finds no occupant and Openfire ignores it, after
     * updating its directed-presence records as usual.</li>
     * </ul>
     */
    private static void leave(MultiUserChatService service, Presence presence, Session session) {
        final String roomName = presence.getTo().getNode();
        final Boolean occupant = isOccupant(service, roomName, presence.getFrom());
        if (occupant == null) {
            return;
        }
        if (!occupant) {
            Rooms.locked(service, roomName, room -> null); // refreshes this node's copy of the room
            return;
        }
        if (session instanceof ClientSession client && !client.isClosed() && client.getPresence() != null
            && !client.getPresence().isAvailable()) {
            service.processPacket(presence.createCopy());
        }
    }

    /**
     * Whether the user is an occupant of the room (null: no such room), read without the room's lock: every leave asks,
     * and waiting for the lock Openfire holds while it handles the room's other stanzas held up every leave. A wrong
     * "no" costs a refresh of the room, a wrong "yes" what Openfire does without the plugin. Openfire before 5.0.3 keeps
     * the occupants in an ArrayList: if it changes while read, the room is read again under its lock.
     */
    private static Boolean isOccupant(MultiUserChatService service, String roomName, JID user) {
        try {
            final MUCRoom room = service.getChatRoom(roomName);
            return room == null ? null : room.getOccupantByFullJID(user) != null;
        } catch (ConcurrentModificationException e) {
            return Rooms.read(service, roomName, room -> room == null ? null : room.getOccupantByFullJID(user) != null);
        }
    }

    /** What becomes of a join or nickname change, as {@link #decide} finds it. */
    private record Occupancy(Kind kind, String nick) {
        /**
         * LEAVE_TO_OPENFIRE: not a nickname to check (no such room, or a presence update under the nickname held);
         * LET_THROUGH: checked, and checked again once Openfire has handled it.
         */
        enum Kind { LEAVE_TO_OPENFIRE, LET_THROUGH, RESERVED_BY_OTHER, RESERVED_NICK_REQUIRED, SEND_ON_AS_RESERVED }

        static final Occupancy OPENFIRE = new Occupancy(Kind.LEAVE_TO_OPENFIRE, null);
        static final Occupancy CHECKED = new Occupancy(Kind.LET_THROUGH, null);
    }

    /** A join or nickname change: refused, sent on under the user's reserved nickname, or left to Openfire. */
    private void occupancy(MultiUserChatService service, Presence presence) {
        final Nickname nick = Nickname.parse(presence.getTo().getResource()).orElse(null);
        if (nick == null) {
            return; // Openfire refuses nicknames it cannot take.
        }
        final String roomName = presence.getTo().getNode();
        final Occupancy decided = letThroughWithoutLock(service, roomName, nick) ? Occupancy.CHECKED
            : Rooms.read(service, roomName, room -> room == null ? Occupancy.OPENFIRE : decide(room, presence, nick));
        switch (decided.kind()) {
            case RESERVED_BY_OTHER -> {
                router.route(NickConflict.reply(presence));
                neutralise(service, presence);
            }
            case RESERVED_NICK_REQUIRED -> {
                router.route(NickConflict.notAcceptable(presence));
                neutralise(service, presence);
            }
            case SEND_ON_AS_RESERVED -> {
                renamedJoins.expect(presence.getFrom(), NicknameRewrite.rewrite(presence, decided.nick()));
                letThrough.set(new LetThrough(presence, presence.getTo().asBareJID(),
                    Nickname.parse(decided.nick()).orElse(null)));
            }
            case LET_THROUGH -> letThrough.set(new LetThrough(presence, presence.getTo().asBareJID(), nick));
            case LEAVE_TO_OPENFIRE -> {
            }
        }
    }

    /**
     * After Openfire handled a presence: if it is the join or nickname change let through before, the occupant it made
     * leaves the room if another user holds its nickname now ({@link RoomChanges#afterOccupancy}); the room is synced
     * only then.
     */
    private void afterOccupancy(Presence presence) {
        final LetThrough let = letThrough.get();
        if (let == null || let.presence() != presence) {
            return;
        }
        letThrough.remove();
        final JID room = let.room();
        try {
            final MultiUserChatService service = services.serviceOf(room);
            if (service == null) {
                return; // the service was removed meanwhile
            }
            final Nickname nick = let.nick(); // parsed when it was checked: not twice per join
            if (nick != null && reservations.knownFree(new RoomKey(service.getServiceName(), room.getNode()), nick)) {
                // Still nobody's: a registration of it since the check would have dropped that answer under the
                // room's lock, before Openfire (under the same lock) admitted the occupant. Nothing to re-check.
                return;
            }
            final List<String> removed = Rooms.locked(service, room.getNode(),
                r -> r == null ? List.<String>of() : changes.afterOccupancy(r, presence.getFrom()),
                names -> !names.isEmpty());
            if (!removed.isEmpty()) {
                Log.debug("Removed {} from {}: the nickname was reserved by another user after the join was checked",
                    removed, room);
            }
        } catch (ReservationStoreException e) {
            // Checked before Openfire took it, moments ago; not checked again for want of the database.
            Log.warn("Reserved nicknames unavailable to check again the join of {} to {}: {}", presence.getFrom(),
                room, e.toString());
        } catch (RuntimeException e) {
            Log.error("Could not check again the join of {} to {}", presence.getFrom(), room, e);
        }
    }

    /**
     * Whether the join or nickname change may go on without the room's lock, as {@link #decide} would let it: the
     * reservation cache knows the nickname is nobody's, Openfire reserves it for no member, and the room is not locked
     * down. Most joins are under such nicknames; waiting for the lock Openfire holds while it handles the room's other
     * stanzas held each of them up. The lock is not needed for the answer: the check after Openfire handled the join
     * (under the lock, unless the cache still says nobody) is what holds against a registration in between.
     */
    private boolean letThroughWithoutLock(MultiUserChatService service, String roomName, Nickname nick) {
        if (!reservations.knownFree(new RoomKey(service.getServiceName(), roomName), nick)) {
            return false;
        }
        final MUCRoom room = service.getChatRoom(roomName); // members: a concurrent map, read safely without the lock
        return room != null && !LockDown.applies(room, lockDownEveryRoom.getAsBoolean())
            && room.getMemberForReservedNickname(nick.display()) == null;
    }

    private Occupancy decide(MUCRoom room, Presence presence, Nickname nick) {
        final MUCOccupant occupant = room.getOccupantByFullJID(presence.getFrom());
        final String asked = presence.getTo().getResource();
        if (occupant != null && asked.equals(occupant.getNickname())) {
            return Occupancy.OPENFIRE; // a presence update under the nickname it has: no need to ask the database
        }
        if (reservations.reservedByOther(room, nick, presence.getFrom())) {
            return new Occupancy(Occupancy.Kind.RESERVED_BY_OTHER, null);
        }
        if (LockDown.applies(room, lockDownEveryRoom.getAsBoolean())) {
            final Optional<Reservation> held = reservations.of(room, presence.getFrom());
            if (held.isPresent() && !asked.equals(held.get().nickname())) {
                return occupant == null ? new Occupancy(Occupancy.Kind.SEND_ON_AS_RESERVED, held.get().nickname())
                    : new Occupancy(Occupancy.Kind.RESERVED_NICK_REQUIRED, null);
            }
        }
        return Occupancy.CHECKED;
    }

    private void answer(MultiUserChatService service, IQ request, IQ reply) {
        router.route(reply);
        neutralise(service, request);
    }

    /** Re-addresses a stanza answered here to the service itself, where Openfire ignores it. */
    private static void neutralise(MultiUserChatService service, Packet packet) {
        packet.setTo(service.getServiceDomain());
        if (packet instanceof IQ iq) {
            iq.setType(IQ.Type.result);
            iq.getElement().clearContent();
        }
    }
}

package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.ConflictException;
import org.jivesoftware.openfire.muc.ForbiddenException;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.NotAllowedException;
import org.jivesoftware.openfire.muc.Role;
import org.mucregistration.protocol.Actor;
import org.mucregistration.protocol.AdminQuery;
import org.mucregistration.protocol.AffiliationRules;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.protocol.Refusal;
import org.mucregistration.protocol.Registration;
import org.mucregistration.protocol.RoomAffiliation;
import org.mucregistration.storage.NicknameTakenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The one place where registrations, reserved nicknames and affiliations of a room change: the XMPP handlers and the
 * admin console both come here, so the same rules decide and the same stanzas are sent. Every method expects the
 * caller to hold the room's lock (see {@link Rooms#locked}) and changes nothing when it refuses.
 */
public final class RoomChanges {
    /** The reason given to an occupant removed because another user now holds their nickname. */
    public static final String RESERVED_REASON = "This nickname is reserved";

    private static final Logger Log = LoggerFactory.getLogger(RoomChanges.class);

    /** The reason given to an occupant removed because the room admits them only under their reserved nickname. */
    public static final String LOCK_DOWN_REASON = "This room admits you only under your reserved nickname: ";

    private final Reservations reservations;
    private final BooleanSupplier lockDownEveryRoom;

    /** @param lockDownEveryRoom whether every room admits users only under their reserved nickname */
    public RoomChanges(Reservations reservations, BooleanSupplier lockDownEveryRoom) {
        this.reservations = reservations;
        this.lockDownEveryRoom = lockDownEveryRoom;
    }

    public Reservations reservations() {
        return reservations;
    }

    /** Registers the user with the room under the nickname (XEP-0045 §7.10). Empty when done. */
    public Optional<Refusal> register(MUCRoom room, JID user, Nickname nick) {
        reservations.takeOver(room);
        final RoomAffiliation before = Rooms.affiliation(room, user);
        if (reservations.reservedByOther(room, nick, user) || !Rooms.othersUsing(room, nick, user).isEmpty()) {
            return Optional.of(Registration.nicknameTaken());
        }
        try {
            reservations.put(room, user, nick);
        } catch (NicknameTakenException e) {
            return Optional.of(Registration.nicknameTaken());
        }
        final RoomAffiliation after = Registration.affiliationAfterRegistering(before);
        if (after != before) {
            try {
                // A new member: the nickname becomes Openfire's member nickname with the membership.
                room.addMember(user.asBareJID(), nick.display(), Affiliation.owner);
            } catch (ForbiddenException | ConflictException e) {
                reservations.clear(room, user);
                return Optional.of(Refusal.of(PacketError.Condition.not_allowed, PacketError.Type.cancel));
            }
        }
        if (LockDown.applies(room, lockDownEveryRoom.getAsBoolean())) {
            // Admitted only under the reserved nickname: the user's occupants under another one leave (as Prosody).
            for (MUCOccupant occupant : Rooms.occupantsOf(room, user)) {
                if (!nick.display().equals(occupant.getNickname())) {
                    kick(room, occupant, LOCK_DOWN_REASON + nick.display());
                }
            }
        }
        announce(room, user, before, after, Actor.NONE);
        return Optional.empty();
    }

    /** Cancels the user's registration (XEP-0045 §7.10, {@code <remove/>}): members lose their affiliation. */
    public Optional<Refusal> unregister(MUCRoom room, JID user) {
        reservations.takeOver(room);
        final RoomAffiliation before = Rooms.affiliation(room, user);
        final RoomAffiliation after = Registration.affiliationAfterRemoving(before);
        if (after != before) {
            final List<Presence> removals;
            try {
                removals = room.addNone(user.asBareJID(), Affiliation.owner); // Openfire drops the member's nickname
            } catch (ForbiddenException | ConflictException e) {
                return Optional.of(Refusal.of(PacketError.Condition.not_allowed, PacketError.Type.cancel));
            }
            reservations.clear(room, user);
            if (removedFromRoom(removals)) {
                RoomBroadcast.openfirePresences(room, removals);
                return Optional.empty();
            }
        } else {
            reservations.clear(room, user);
        }
        announce(room, user, before, after, Actor.NONE);
        return Optional.empty();
    }

    /**
     * Applies {@code muc#admin} affiliation changes, each with an optional reserved nickname (XEP-0045 §9, §10). All
     * changes are checked before any is applied.
     *
     * @param actorJid         the full JID of who asks, or null for the server itself (admin console)
     * @param actorAffiliation who asks: the room affiliation that authorises it
     */
    public Optional<Refusal> changeAffiliations(MUCRoom room, List<AdminQuery.Change> changes, JID actorJid,
                                                RoomAffiliation actorAffiliation) {
        reservations.takeOver(room);
        final List<Nickname> nicks = new ArrayList<>(changes.size());
        for (AdminQuery.Change change : changes) {
            final RoomAffiliation current = Rooms.affiliation(room, change.jid());
            final Optional<Refusal> refusal = AffiliationRules.mayChange(actorAffiliation, current, change.affiliation(),
                actorJid != null && actorJid.asBareJID().equals(change.jid().asBareJID()));
            if (refusal.isPresent()) {
                return refusal;
            }
            Nickname nick = null;
            if (change.nick() != null && !change.nick().isEmpty() && change.affiliation().mayHoldReservation()) {
                final Optional<Nickname> parsed = Nickname.parse(change.nick());
                if (parsed.isEmpty()) {
                    return Optional.of(Refusal.of(PacketError.Condition.not_acceptable, PacketError.Type.modify));
                }
                nick = parsed.get();
                if (reservations.reservedByOther(room, nick, change.jid())
                    || claimedByAnotherChange(changes, nicks, nick, change.jid())) {
                    return Optional.of(Registration.nicknameTaken());
                }
            }
            if (change.affiliation() == RoomAffiliation.member && current != RoomAffiliation.member
                && room.isLoginRestrictedToNickname() && nick == null && heldNickname(room, change).isEmpty()) {
                // Openfire lets no member into such a room without a nickname of their own.
                return Optional.of(new Refusal(PacketError.Condition.not_acceptable, PacketError.Type.modify,
                    "This room only admits members under a reserved nickname: give the member one"));
            }
            nicks.add(nick);
        }
        final Actor actor = actorOf(room, actorJid);
        for (int i = 0; i < changes.size(); i++) {
            final Optional<Refusal> refusal = apply(room, changes.get(i), nicks.get(i), actorJid, actorAffiliation, actor);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** The nickname the change's user holds now and keeps through the change, unless it sets one or clears it. */
    private Optional<Nickname> heldNickname(MUCRoom room, AdminQuery.Change change) {
        if ("".equals(change.nick()) || !change.affiliation().mayHoldReservation()) {
            return Optional.empty();
        }
        return reservations.of(room, change.jid()).flatMap(r -> Nickname.parse(r.nickname()));
    }

    /** Whether an earlier change of the same request reserves the nickname for someone else. */
    private static boolean claimedByAnotherChange(List<AdminQuery.Change> changes, List<Nickname> earlier, Nickname nick,
                                                  JID jid) {
        for (int i = 0; i < earlier.size(); i++) {
            if (earlier.get(i) != null && earlier.get(i).key().equals(nick.key())
                && !changes.get(i).jid().asBareJID().equals(jid.asBareJID())) {
                return true;
            }
        }
        return false;
    }

    private Optional<Refusal> apply(MUCRoom room, AdminQuery.Change change, Nickname nick, JID actorJid,
                                    RoomAffiliation actorAffiliation, Actor actor) {
        final JID target = change.jid().asBareJID();
        final RoomAffiliation before = Rooms.affiliation(room, target);
        final boolean held = reservations.of(room, target).isPresent();
        // The nickname the user holds afterwards: the one given; none when cleared or the affiliation holds none;
        // else the one held now, carried over (a member's into Openfire's member nickname, an admin's into the table).
        final Nickname kept = nick != null ? nick : heldNickname(room, change).orElse(null);
        final List<Presence> presences;
        final Affiliation by = Rooms.toOpenfire(actorAffiliation);
        final Set<JID> jidViewers = jidViewers(room);
        try {
            // Openfire sends some presences itself (a removal): the actor goes into them as they pass the interceptor.
            presences = AffiliationActor.during(room.getJID(), actor, jidViewers, () -> switch (change.affiliation()) {
                case owner -> room.addOwner(target, by);
                case admin -> room.addAdmin(target, by);
                // Openfire sets a new member's nickname with the membership; an existing member's is set below.
                case member -> before == RoomAffiliation.member ? List.<Presence>of()
                    : room.addMember(target, kept == null ? null : kept.display(), by);
                case none -> room.addNone(target, by);
                case outcast -> room.addOutcast(target, change.reason(), actorJid, by, actorRole(room, actorJid));
            });
        } catch (ForbiddenException | ConflictException | NotAllowedException e) {
            return Optional.of(Rooms.refusal(e));
        } catch (Exception e) {
            throw new IllegalStateException("Openfire failed to change the affiliation of " + target, e);
        }
        if (nick != null) {
            kickOthersUsing(room, nick, target);
        }
        final RoomAffiliation after = Rooms.affiliation(room, target);
        boolean reservationChanged = false;
        if (!after.mayHoldReservation() || "".equals(change.nick())) {
            reservationChanged = reservations.clear(room, target) || held;
        } else if (kept != null) {
            try {
                reservations.put(room, target, kept);
                reservationChanged = nick != null;
            } catch (NicknameTakenException e) {
                // Checked under the same lock before anything changed: only a concurrent writer outside the room
                // lock (another node's admin console on a stale room) gets here.
                Log.warn("Nickname '{}' in {} was taken while reserving it for {}", kept.display(), room.getJID(), target);
                return Optional.of(Registration.nicknameTaken());
            }
        }
        if (removedFromRoom(presences)) {
            try {
                AffiliationActor.during(room.getJID(), actor, jidViewers, () -> {
                    RoomBroadcast.openfirePresences(room, presences);
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException("Could not send the removal of " + target, e);
            }
            return Optional.empty();
        }
        final List<MUCOccupant> occupants = Rooms.occupantsOf(room, target);
        if (!occupants.isEmpty()) {
            RoomBroadcast.publish(room, occupants, actor);
        } else if (after != before || reservationChanged) {
            RoomBroadcast.outOfRoomNotice(room, target, after);
        }
        return Optional.empty();
    }

    /** The occupants of other users who use the nickname are removed from the room (status 307, no actor). */
    private void kickOthersUsing(MUCRoom room, Nickname nick, JID holder) {
        for (MUCOccupant occupant : Rooms.othersUsing(room, nick, holder)) {
            kick(room, occupant, RESERVED_REASON);
        }
    }

    /** Removes the occupant from the room by the room itself (status 307, no actor). */
    private static void kick(MUCRoom room, MUCOccupant occupant, String reason) {
        try {
            room.kickOccupant(occupant.getUserAddress(), Affiliation.owner, Role.moderator, null, null, reason);
        } catch (ForbiddenException | NotAllowedException e) {
            Log.warn("Could not remove {} from {} ({})", occupant.getUserAddress(), room.getJID(), reason, e);
        }
    }

    /** After a registration change: the user's occupants re-published, or, if not in the room, a notice. */
    private static void announce(MUCRoom room, JID user, RoomAffiliation before, RoomAffiliation after, Actor actor) {
        final List<MUCOccupant> occupants = Rooms.occupantsOf(room, user);
        if (!occupants.isEmpty()) {
            RoomBroadcast.publish(room, occupants, actor);
        } else if (after != before) {
            RoomBroadcast.outOfRoomNotice(room, user, after);
        }
    }


    private static boolean removedFromRoom(List<Presence> presences) {
        for (Presence presence : presences) {
            if (presence.getType() == Presence.Type.unavailable) {
                return true;
            }
        }
        return false;
    }

    /** The occupants (full JIDs) who may see real JIDs now. */
    private static Set<JID> jidViewers(MUCRoom room) {
        final Set<JID> viewers = new HashSet<>();
        for (MUCOccupant occupant : room.getOccupants()) {
            if (RoomBroadcast.seesJids(room, occupant)) {
                viewers.add(occupant.getUserAddress());
            }
        }
        return viewers;
    }

    private static Actor actorOf(MUCRoom room, JID actorJid) {
        if (actorJid == null) {
            return Actor.NONE;
        }
        final MUCOccupant occupant = room.getOccupantByFullJID(actorJid);
        return new Actor(actorJid, occupant == null ? null : occupant.getNickname());
    }

    private static Role actorRole(MUCRoom room, JID actorJid) {
        if (actorJid == null) {
            return Role.moderator;
        }
        final MUCOccupant occupant = room.getOccupantByFullJID(actorJid);
        return occupant == null ? null : occupant.getRole();
    }
}

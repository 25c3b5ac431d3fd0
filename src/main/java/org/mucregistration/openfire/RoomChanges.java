package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.ForbiddenException;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.NotAllowedException;
import org.jivesoftware.openfire.muc.Role;
import org.mucregistration.openfire.ChangeOutcome.Cause;
import org.mucregistration.protocol.Actor;
import org.mucregistration.protocol.AdminQuery;
import org.mucregistration.protocol.AffiliationRules;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.protocol.Refusal;
import org.mucregistration.protocol.Registration;
import org.mucregistration.protocol.RoomAffiliation;
import org.mucregistration.storage.NicknameTakenException;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.ReservationStoreException;
import org.mucregistration.storage.ReservationWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The one place where registrations, reserved nicknames and affiliations of a room change: the XMPP handlers and the
 * admin console both come here, so the same rules decide, the same stanzas are sent, and the same {@link ChangeOutcome}
 * comes back. Every method expects the caller to hold the room's lock (see {@link Rooms#locked}).
 *
 * <p>All or nothing: a change is decided in full before anything changes (every rule, every nickname, and what Openfire
 * would refuse: a room that would lose its last owner); then the reservations are written in one transaction (the part
 * that can fail for want of the database); then Openfire's room is changed; then the room is told. A refusal at any
 * point before Openfire's room is changed leaves everything as it was.
 */
public final class RoomChanges {
    /** The reason given to an occupant removed because another user now holds their nickname. */
    public static final String RESERVED_REASON = "This nickname is reserved";
    /** The reason given to an occupant removed because the room admits them only under their reserved nickname. */
    public static final String LOCK_DOWN_REASON = "This room admits you only under your reserved nickname: ";

    private static final Logger Log = LoggerFactory.getLogger(RoomChanges.class);

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

    /**
     * One user's part of a change, decided before anything changes.
     *
     * @param nickAfter     the reservation the user holds afterwards; null for none
     * @param nickGiven     whether the request names that nickname (its other users' occupants then leave the room)
     * @param openfire      whether Openfire's room is asked to set the affiliation (muc#admin does it even when it is
     *                      the same; a registration only when it changes)
     * @param tellNickname  whether occupants are told of a new reserved nickname of a user who is not in the room
     */
    private record Step(JID user, RoomAffiliation before, RoomAffiliation after, Optional<Reservation> held,
                        Nickname nickAfter, boolean nickGiven, String reason, boolean openfire, boolean tellNickname) {
    }

    // -------------------------------------------------------------------------------------------- the three changes

    /**
     * Registers the user, of affiliation {@code before} in the room (asked under the same lock), with the room under
     * the nickname (XEP-0045 §7.10).
     */
    public ChangeOutcome register(MUCRoom room, JID user, RoomAffiliation before, Nickname nick) {
        return guarded(room, () -> {
            final Optional<Refusal> taken = takenFor(room, nick, user);
            if (taken.isPresent()) {
                return ChangeOutcome.taken(taken.get(), holderOf(room, nick, user));
            }
            final RoomAffiliation after = Registration.affiliationAfterRegistering(before);
            final Optional<Reservation> held = reservations.of(room, user, before);
            return apply(room, List.of(new Step(user.asBareJID(), before, after, held, nick,
                false, null, after != before, false)), null, RoomAffiliation.owner, Actor.NONE);
        });
    }

    /**
     * Cancels the registration of the user, of affiliation {@code before} in the room (asked under the same lock)
     * (XEP-0045 §7.10, {@code <remove/>}): members lose their affiliation.
     */
    public ChangeOutcome unregister(MUCRoom room, JID user, RoomAffiliation before) {
        return guarded(room, () -> {
            final RoomAffiliation after = Registration.affiliationAfterRemoving(before);
            final Optional<Reservation> held = reservations.of(room, user, before);
            return apply(room, List.of(new Step(user.asBareJID(), before, after, held, null,
                false, null, after != before, false)), null, RoomAffiliation.owner, Actor.NONE);
        });
    }

    /**
     * Applies {@code muc#admin} affiliation changes, each with an optional reserved nickname (XEP-0045 §9, §10): every
     * one of them, or none.
     *
     * @param actorJid         the full JID of who asks, or null for the server itself (admin console)
     * @param actorAffiliation who asks: the room affiliation that authorises it
     */
    public ChangeOutcome changeAffiliations(MUCRoom room, List<AdminQuery.Change> changes, JID actorJid,
                                            RoomAffiliation actorAffiliation) {
        return guarded(room, () -> {
            final List<Step> steps = new ArrayList<>(changes.size());
            final Set<String> users = new HashSet<>();
            for (AdminQuery.Change change : changes) { // the request's shape first, whoever sends it
                if (!users.add(change.jid().toBareJID())) {
                    return ChangeOutcome.refused(Cause.NOT_PERMITTED,
                        Refusal.badRequest("One user appears in several items"));
                }
            }
            for (AdminQuery.Change change : changes) {
                final JID user = change.jid().asBareJID();
                final RoomAffiliation current = Rooms.affiliation(room, user);
                final Optional<Refusal> refusal = AffiliationRules.mayChange(actorAffiliation, current,
                    change.affiliation(), actorJid != null && actorJid.asBareJID().equals(user));
                if (refusal.isPresent()) {
                    return ChangeOutcome.refused(Cause.NOT_PERMITTED, refusal.get());
                }
                final Optional<Reservation> held = reservations.of(room, user, current);
                Nickname nick = null;
                if (change.nick() != null && !change.nick().isEmpty() && change.affiliation().mayHoldReservation()) {
                    final Optional<Nickname> parsed = Nickname.parse(change.nick());
                    if (parsed.isEmpty()) {
                        return ChangeOutcome.refused(Cause.NICKNAME_INVALID,
                            Refusal.of(PacketError.Condition.not_acceptable, PacketError.Type.modify));
                    }
                    nick = parsed.get();
                    if (reservations.reservedByOther(room, nick, user) || claimedByAnotherStep(steps, nick, user)) {
                        return ChangeOutcome.taken(Registration.nicknameTaken(), holderOf(room, nick, user));
                    }
                }
                // Afterwards: the nickname given; none when cleared or the affiliation holds none; else the one held,
                // carried over (a member's into Openfire's member nickname, an admin's into the table).
                final Nickname after = !change.affiliation().mayHoldReservation() || "".equals(change.nick()) ? null
                    : nick != null ? nick : held.flatMap(r -> Nickname.parse(r.nickname())).orElse(null);
                if (change.affiliation() == RoomAffiliation.member && current != RoomAffiliation.member
                    && room.isLoginRestrictedToNickname() && after == null) {
                    // Openfire lets no member into such a room without a nickname of their own.
                    return ChangeOutcome.refused(Cause.NOT_PERMITTED, new Refusal(PacketError.Condition.not_acceptable,
                        PacketError.Type.modify, "This room only admits members under a reserved nickname: "
                        + "give the member one"));
                }
                steps.add(new Step(user, current, change.affiliation(), held, after, nick != null, change.reason(),
                    !(current == RoomAffiliation.member && change.affiliation() == RoomAffiliation.member), true));
            }
            if (losesEveryOwner(room, steps)) {
                return ChangeOutcome.refused(Cause.NOT_PERMITTED, Refusal.conflict(Refusals.LAST_OWNER));
            }
            return apply(room, steps, actorJid, actorAffiliation, actorOf(room, actorJid));
        });
    }

    /**
     * After Openfire let the user's occupant into the room or renamed it (a join or nickname change the interceptor
     * checked before Openfire took it, outside the room's lock): if its nickname is now another user's reservation,
     * the holder's nickname is enforced as a registration enforces it ({@link #removeOthersUsing}). A registration or
     * {@code muc#admin} nickname committed between that check and the join found no occupant under the nickname to
     * refuse or remove; this closes that gap. Changes the room only when it removes someone.
     *
     * @param user the occupant's full JID
     * @return the nicknames of the occupants removed; empty when the occupant may stay (or is no longer there)
     */
    public List<String> afterOccupancy(MUCRoom room, JID user) {
        final MUCOccupant occupant = room.getOccupantByFullJID(user);
        final Optional<Nickname> nick = occupant == null ? Optional.empty() : Nickname.parse(occupant.getNickname());
        if (nick.isEmpty()) {
            return List.of();
        }
        final Optional<Reservation> holder = reservations.holderOf(room, nick.get());
        if (holder.isEmpty() || holder.get().bareJid().equals(user.toBareJID())) {
            return List.of();
        }
        final List<String> removed = new ArrayList<>();
        removeOthersUsing(room, nick.get(), new JID(holder.get().bareJid()), removed);
        return removed;
    }

    // ---------------------------------------------------------------------------------------------------- deciding

    /** Why a user may not take the nickname for their own: reserved by, or in use by an occupant of, someone else. */
    private Optional<Refusal> takenFor(MUCRoom room, Nickname nick, JID user) {
        return reservations.reservedByOther(room, nick, user) || !Rooms.othersUsing(room, nick, user).isEmpty()
            ? Optional.of(Registration.nicknameTaken()) : Optional.empty();
    }

    /** Who holds or uses the nickname, other than the user, for the admin page's message; null if nobody now. */
    private String holderOf(MUCRoom room, Nickname nick, JID user) {
        final Optional<Reservation> holder = reservations.holderOf(room, nick);
        if (holder.isPresent() && !holder.get().bareJid().equals(user.toBareJID())) {
            return holder.get().bareJid();
        }
        final List<MUCOccupant> using = Rooms.othersUsing(room, nick, user);
        return using.isEmpty() ? null : using.get(0).getUserAddress().toBareJID();
    }

    private static boolean claimedByAnotherStep(List<Step> earlier, Nickname nick, JID user) {
        for (Step step : earlier) {
            if (step.nickGiven() && step.nickAfter().key().equals(nick.key()) && !step.user().equals(user)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the room would be left without an owner (Openfire refuses that, and so does XEP-0045 §10). */
    private static boolean losesEveryOwner(MUCRoom room, List<Step> steps) {
        final Set<String> owners = new HashSet<>();
        for (JID owner : room.getOwners()) {
            owners.add(owner.toBareJID());
        }
        if (owners.isEmpty()) {
            return false; // a room Openfire itself keeps without owners: nothing to lose
        }
        for (Step step : steps) {
            if (step.after() == RoomAffiliation.owner) {
                owners.add(step.user().toBareJID());
            } else {
                owners.remove(step.user().toBareJID());
            }
        }
        return owners.isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------- applying

    private ChangeOutcome apply(MUCRoom room, List<Step> steps, JID actorJid, RoomAffiliation actorAffiliation,
                                Actor actor) {
        // 1. The reservations, all together: the part that can fail for want of the database.
        final List<ReservationWrite> writes = new ArrayList<>();
        final List<ReservationWrite> undo = new ArrayList<>();
        final Set<String> users = new HashSet<>();
        for (Step step : steps) {
            users.add(step.user().toBareJID());
        }
        for (Step step : steps) {
            reservations.writesFor(room, step.user(), step.after().mayHoldReservation() ? step.nickAfter() : null,
                users, writes, undo);
        }
        for (ReservationWrite write : writes) {
            if (write instanceof ReservationWrite.Put put) {
                final Optional<String> tooWide = reservations.store().tooWide(put.reservation());
                if (tooWide.isPresent()) {
                    return ChangeOutcome.refused(Cause.TOO_LONG, tooLong(tooWide.get()));
                }
            }
        }
        try {
            reservations.commit(room, writes);
            if (writes.isEmpty()) {
                reservations.ensureWritable(room); // Openfire's room is written next: not if it cannot be stored
            }
        } catch (NicknameTakenException e) {
            // Checked under the room's lock: only a writer outside it (a stale room on another node) gets here.
            return ChangeOutcome.taken(Registration.nicknameTaken(), e.holder());
        }

        // 2. Openfire's room: new owners first, so that the room keeps an owner at every step.
        final List<Step> ordered = new ArrayList<>(steps);
        ordered.sort((a, b) -> Boolean.compare(b.after() == RoomAffiliation.owner, a.after() == RoomAffiliation.owner));
        final Set<JID> jidViewers = jidViewers(room);
        final Map<Step, List<Presence>> presences = new LinkedHashMap<>();
        for (Step step : ordered) {
            try {
                presences.put(step, step.openfire() ? openfire(room, step, actorJid, actorAffiliation, actor, jidViewers)
                    : List.of());
            } catch (Exception e) {
                return openfireRefused(room, step, e, undo, presences.isEmpty());
            }
            if (Rooms.affiliation(room, step.user()) == RoomAffiliation.member) {
                reservations.syncMemberNickname(room, step.user(), step.nickAfter());
            }
        }

        // 3. Occupants who must leave: others using a nickname given; in a locked-down room, the user's own under
        // another nickname than the one registered.
        final boolean lockedDown = LockDown.applies(room, lockDownEveryRoom.getAsBoolean());
        final List<ChangeOutcome.Effect> effects = new ArrayList<>();
        for (Step step : steps) {
            final List<String> removed = new ArrayList<>();
            if (step.nickGiven()) {
                removeOthersUsing(room, step.nickAfter(), step.user(), removed);
            } else if (lockedDown && !step.tellNickname() && step.nickAfter() != null) {
                for (MUCOccupant occupant : Rooms.occupantsOf(room, step.user())) {
                    if (!step.nickAfter().display().equals(occupant.getNickname())) {
                        kick(room, occupant, LOCK_DOWN_REASON + step.nickAfter().display(), removed);
                    }
                }
            }
            final RoomAffiliation after = Rooms.affiliation(room, step.user());
            effects.add(new ChangeOutcome.Effect(step.user(), step.before(), after,
                step.held().map(Reservation::nickname).orElse(null),
                after.mayHoldReservation() && step.nickAfter() != null ? step.nickAfter().display() : null, removed));
        }

        // 4. The room is told.
        for (int i = 0; i < steps.size(); i++) {
            announce(room, steps.get(i), effects.get(i), presences.get(steps.get(i)), actor, jidViewers);
        }
        return ChangeOutcome.made(effects);
    }

    /** A value the database in use cannot hold: "bareJid (at most 255 characters)" worded for the user. */
    private static Refusal tooLong(String what) {
        final String field = what.startsWith("bareJid") ? "The JID"
            : what.startsWith("nick") ? "The nickname (as compared)" : "The room's address";
        return new Refusal(PacketError.Condition.not_acceptable, PacketError.Type.modify,
            field + " is longer than this server's database stores: " + what.substring(what.indexOf('(') + 1,
                what.length() - 1));
    }

    /** What Openfire's room does for the step; returns the presences it computed for the room. */
    private static List<Presence> openfire(MUCRoom room, Step step, JID actorJid, RoomAffiliation actorAffiliation,
                                           Actor actor, Set<JID> jidViewers) throws Exception {
        final JID user = step.user();
        final Affiliation by = Rooms.toOpenfire(actorAffiliation);
        // Openfire sends some presences itself (a removal): the actor goes into them as they pass the interceptor.
        return AffiliationActor.during(room.getJID(), actor, jidViewers, () -> switch (step.after()) {
            case owner -> room.addOwner(user, by);
            case admin -> room.addAdmin(user, by);
            // A new member: Openfire's member nickname comes with the membership.
            case member -> room.addMember(user, step.nickAfter() == null ? null : step.nickAfter().display(), by);
            case none -> room.addNone(user, by);
            case outcast -> room.addOutcast(user, step.reason(), actorJid, by, actorRole(room, actorJid));
        });
    }

    /**
     * Openfire refused a step the plugin could not foresee. The reservations go back as they were; so does Openfire's
     * room when this was the first step to change it; a later step leaves the earlier ones of Openfire's room as made.
     */
    private ChangeOutcome openfireRefused(MUCRoom room, Step step, Exception e, List<ReservationWrite> undo,
                                          boolean nothingElseChanged) {
        try {
            reservations.commit(room, undo);
        } catch (NicknameTakenException | RuntimeException again) {
            Log.warn("Could not put back the reservations of {} after Openfire refused a change", room.getJID(), again);
        }
        if (!nothingElseChanged) {
            Log.warn("Openfire refused a change of {} in {} after earlier changes of the same request were made",
                step.user(), room.getJID());
        }
        Log.debug("Openfire refused a change of {} in {}", step.user(), room.getJID(), e);
        return ChangeOutcome.refused(Cause.OPENFIRE_REFUSED, Refusals.fromOpenfire(e));
    }

    /**
     * Runs a change; a failure of the reservations' storage (the database) becomes a refusal with nothing changed,
     * and any other failure propagates (answered as an internal error by the caller).
     */
    private ChangeOutcome guarded(MUCRoom room, java.util.function.Supplier<ChangeOutcome> change) {
        try {
            reservations.takeOverOnce(room);
            return change.get();
        } catch (ReservationStoreException e) {
            Log.warn("The reserved nicknames of {} are unavailable: {}", room.getJID(), e.getMessage());
            Log.debug("The reserved nicknames of {} are unavailable", room.getJID(), e);
            return ChangeOutcome.refused(Cause.STORAGE_UNAVAILABLE, Refusals.STORAGE_UNAVAILABLE);
        }
    }

    // ----------------------------------------------------------------------------------------------------- telling

    /** After a change: Openfire's removal, or the user's occupants re-published, or, if not in the room, a notice. */
    private static void announce(MUCRoom room, Step step, ChangeOutcome.Effect effect, List<Presence> presences,
                                 Actor actor, Set<JID> jidViewers) {
        if (removedFromRoom(presences)) {
            try {
                AffiliationActor.during(room.getJID(), actor, jidViewers, () -> {
                    RoomBroadcast.openfirePresences(room, presences);
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException("Could not send the removal of " + step.user(), e);
            }
            return;
        }
        final List<MUCOccupant> occupants = Rooms.occupantsOf(room, step.user());
        if (!occupants.isEmpty()) {
            RoomBroadcast.publish(room, occupants, actor);
        } else if (effect.affiliationChanged() || step.tellNickname() && effect.nicknameChanged()) {
            RoomBroadcast.outOfRoomNotice(room, step.user(), effect.after());
        }
    }

    /**
     * The one rule for a nickname a user holds: the occupants of other users under it (the same nickname under PRECIS)
     * leave the room, removed by the room itself with {@link #RESERVED_REASON}; notes their nicknames.
     */
    private static void removeOthersUsing(MUCRoom room, Nickname nick, JID holder, Collection<String> removed) {
        for (MUCOccupant occupant : Rooms.othersUsing(room, nick, holder)) {
            kick(room, occupant, RESERVED_REASON, removed);
        }
    }

    /** Removes the occupant from the room by the room itself (status 307, no actor); notes its nickname. */
    private static void kick(MUCRoom room, MUCOccupant occupant, String reason, Collection<String> removed) {
        try {
            room.kickOccupant(occupant.getUserAddress(), Affiliation.owner, Role.moderator, null, null, reason);
            removed.add(occupant.getNickname());
        } catch (ForbiddenException | NotAllowedException e) {
            Log.warn("Could not remove {} from {} ({})", occupant.getUserAddress(), room.getJID(), reason, e);
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
        final Set<JID> viewers = new LinkedHashSet<>();
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

    /** Forgets a void reservation (its holder lost the affiliation): nothing of the room changes, only the row goes. */
    public ChangeOutcome forgetVoid(MUCRoom room, JID user) {
        return guarded(room, () -> {
            final Optional<Reservation> row = reservations.row(room, user);
            if (row.isEmpty() || reservations.of(room, user).isPresent()) {
                return ChangeOutcome.made(List.of());
            }
            try {
                reservations.commit(room, List.of(new ReservationWrite.Remove(user.toBareJID())));
            } catch (NicknameTakenException e) {
                throw new IllegalStateException("a removal cannot take a nickname", e);
            }
            final RoomAffiliation affiliation = Rooms.affiliation(room, user);
            return ChangeOutcome.made(List.of(new ChangeOutcome.Effect(user.asBareJID(), affiliation, affiliation,
                row.get().nickname(), null, List.of())));
        });
    }
}

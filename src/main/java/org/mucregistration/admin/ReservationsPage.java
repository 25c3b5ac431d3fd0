package org.mucregistration.admin;

import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.MultiUserChatManager;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.mucregistration.openfire.ChangeOutcome;
import org.mucregistration.openfire.ClusterNodes;
import org.mucregistration.openfire.RoomChanges;
import org.mucregistration.openfire.Rooms;
import org.mucregistration.protocol.AdminQuery;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.protocol.RoomAffiliation;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.ReservationStore;
import org.mucregistration.storage.ReservationStoreException;
import org.mucregistration.storage.RoomKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The logic of the admin console's "Reserved Nicknames" page, free of servlets so it can be tested on its own: what to
 * list for a {@link Query}, and what adding, changing and removing a reservation does.
 *
 * <p>Listing pages through the database ({@link ReservationStore#search}: a count and one page of rows, never the
 * whole table), then looks up the affiliation and presence of the holders on that page only, one room lock per room.
 *
 * <p>Changes go through {@link RoomChanges}, the path the XMPP {@code muc#admin} handler takes, under the room's
 * cluster lock ({@link Rooms#locked}), acting as a room owner with no occupant JID (the server itself): the same rules
 * decide (a nickname reserved by another user is refused and nothing changes) and the same stanzas are sent (an
 * occupant using a newly reserved nickname is removed with "This nickname is reserved", the holder's occupants are
 * re-published, or, when not in the room, an out-of-room notice goes to those who may see JIDs).
 * <ul>
 * <li>Adding gives the user the member affiliation when they have none; owners, admins and members keep theirs. An
 * outcast is refused: adding would lift the ban, which is not what reserving a nickname should do silently.</li>
 * <li>Removing clears the nickname only: the affiliation stays (membership is managed on the room's User
 * Permissions page). A void reservation (the holder lost the affiliation) is deleted as the XMPP path deletes it.</li>
 * </ul>
 * Every change is written to the admin audit log.
 */
public final class ReservationsPage {
    /** At most this many room names are offered in the room pickers (a text field accepts any name). */
    public static final int MAX_ROOM_CHOICES = 1000;
    /** The service the page opens with when there is one by that name. */
    static final String DEFAULT_SERVICE = "conference";

    private static final Logger Log = LoggerFactory.getLogger(ReservationsPage.class);

    /** The MUC services of the server. */
    public interface Services {
        List<MultiUserChatService> all();

        /** The service with that subdomain; null if none. */
        MultiUserChatService named(String serviceName);

        static Services of(MultiUserChatManager manager) {
            return new Services() {
                @Override
                public List<MultiUserChatService> all() {
                    return manager.getMultiUserChatServices();
                }

                @Override
                public MultiUserChatService named(String serviceName) {
                    return manager.getMultiUserChatService(serviceName);
                }
            };
        }
    }

    /** Openfire's admin audit log ({@code WebManager.logEvent}): who did it is the logged-in admin. */
    public interface AuditLog {
        void log(String summary, String details);
    }

    private final Services services;
    private final RoomChanges changes;
    private final String xmppDomain;
    private final AuditLog audit;
    private final Supplier<List<ClusterNodes.Node>> clusterNodes;

    /**
     * @param xmppDomain   the server's XMPP domain: a JID typed without {@code @} is a user of this server
     * @param clusterNodes the nodes of the cluster and what they run (empty when not clustered)
     */
    public ReservationsPage(Services services, RoomChanges changes, String xmppDomain, AuditLog audit,
                            Supplier<List<ClusterNodes.Node>> clusterNodes) {
        this.services = services;
        this.changes = changes;
        this.xmppDomain = xmppDomain;
        this.audit = audit;
        this.clusterNodes = clusterNodes;
    }

    // ------------------------------------------------------------------------------------------------------ cluster

    /** The nodes of the cluster, this one first; empty when the server is not clustered. */
    public List<ClusterNodes.Node> clusterNodes() {
        return clusterNodes.get();
    }

    /**
     * What the admin must know about the cluster: each node that does not run the plugin (its clients' joins are not
     * checked against reservations), runs another version of it, or could not be asked.
     */
    public static List<Message> clusterWarnings(List<ClusterNodes.Node> nodes) {
        final List<Message> warnings = new ArrayList<>();
        final String here = nodes.stream().filter(ClusterNodes.Node::local).map(ClusterNodes.Node::pluginVersion)
            .findFirst().orElse(null);
        for (ClusterNodes.Node node : nodes) {
            if (!node.answered()) {
                warnings.add(Message.warning("mucregistration.reservations.cluster.no-answer", node.hostName(),
                    node.nodeId()));
            } else if (!node.runsPlugin()) {
                warnings.add(Message.warning("mucregistration.reservations.cluster.not-running", node.hostName(),
                    node.nodeId()));
            } else if (here != null && !here.equals(node.pluginVersion())) {
                warnings.add(Message.warning("mucregistration.reservations.cluster.other-version", node.hostName(),
                    node.nodeId(), node.pluginVersion(), here));
            }
        }
        return warnings;
    }

    // ------------------------------------------------------------------------------------------------------ listing

    public Listing list(Query query) {
        final List<Message> messages = new ArrayList<>();
        final List<MultiUserChatService> all = new ArrayList<>(services.all());
        all.sort(Comparator.comparing(MultiUserChatService::getServiceName));
        final MultiUserChatService service;
        if (query.service().isEmpty()) {
            service = all.stream().filter(s -> DEFAULT_SERVICE.equals(s.getServiceName())).findFirst()
                .orElse(all.isEmpty() ? null : all.get(0));
            if (service == null) {
                messages.add(Message.info("mucregistration.reservations.list.no-services"));
            }
        } else {
            service = services.named(query.service());
            if (service == null) {
                messages.add(Message.error("mucregistration.reservations.error.unknown-service", query.service()));
            }
        }
        final List<ServiceChoice> choices = new ArrayList<>();
        for (MultiUserChatService s : all) {
            choices.add(new ServiceChoice(s.getServiceName(), s.getServiceDomain(),
                service != null && s.getServiceName().equals(service.getServiceName())));
        }
        if (service == null) {
            return new Listing(choices, null, null, query, 1, 0, List.of(), List.of(), false, messages);
        }

        String room = null;
        if (!query.room().isEmpty()) {
            final Optional<String> normalized = roomName(query.room());
            if (normalized.isEmpty()) {
                messages.add(Message.error("mucregistration.reservations.error.room-invalid", query.room()));
                final RoomChoices rooms = RoomChoices.of(service);
                return new Listing(choices, service.getServiceName(), service.getServiceDomain(), query, 1, 0,
                    List.of(), rooms.offered(), rooms.truncated(), messages);
            }
            room = normalized.get();
            if (!Rooms.read(service, room, r -> r != null)) {
                messages.add(Message.warning("mucregistration.reservations.list.unknown-room", room,
                    service.getServiceDomain()));
            }
        }

        final String fragment = query.fragment().isEmpty() ? null : query.fragment();
        final ReservationStore store = changes.reservations().store();
        int page = query.page();
        ReservationStore.Page found;
        try {
            found = store.search(service.getServiceName(), room, fragment, offset(page, query.pageSize()),
                query.pageSize());
            if (found.rows().isEmpty() && found.total() > 0 && page > 1) {
                // Past the end (rows were removed, or a hand-made page number): show the last page instead.
                page = (found.total() + query.pageSize() - 1) / query.pageSize();
                found = store.search(service.getServiceName(), room, fragment, offset(page, query.pageSize()),
                    query.pageSize());
            }
        } catch (ReservationStoreException e) {
            Log.warn("Could not list the reserved nicknames of {}: {}", service.getServiceDomain(), e.toString());
            messages.add(Message.error("mucregistration.reservations.error.storage"));
            // No room choices: Openfire reads the names of its rooms from the same database, and logs an ERROR
            // each time it cannot.
            return new Listing(choices, service.getServiceName(), service.getServiceDomain(), query, 1, 0,
                List.of(), List.of(), false, messages);
        }
        final RoomChoices rooms = RoomChoices.of(service);
        if (found.total() == 0 && (room != null || fragment != null)) {
            messages.add(Message.info("mucregistration.reservations.list.no-match"));
        }
        final Query shown = new Query(service.getServiceName(), room, query.fragment(), page, query.pageSize());
        return new Listing(choices, service.getServiceName(), service.getServiceDomain(), shown, page, found.total(),
            describe(service, found.rows()), rooms.offered(), rooms.truncated(), messages);
    }

    /** The rooms of the service the page offers to choose from (Openfire reads them from its database). */
    private record RoomChoices(List<String> offered, boolean truncated) {
        static RoomChoices of(MultiUserChatService service) {
            final List<String> names = new ArrayList<>(service.getAllRoomNames());
            names.sort(null);
            final boolean truncated = names.size() > MAX_ROOM_CHOICES;
            return new RoomChoices(truncated ? names.subList(0, MAX_ROOM_CHOICES) : names, truncated);
        }
    }

    private static int offset(int page, int pageSize) {
        final long offset = (long) (page - 1) * pageSize;
        return (int) Math.min(Integer.MAX_VALUE, offset);
    }

    /** The rows of one page: each holder's affiliation and presence now, reading each room once under its lock. */
    private List<Row> describe(MultiUserChatService service, List<Reservation> reservations) {
        final Map<String, List<Reservation>> byRoom = new LinkedHashMap<>();
        for (Reservation r : reservations) {
            byRoom.computeIfAbsent(r.room(), k -> new ArrayList<>()).add(r);
        }
        final Map<Reservation, Row> rows = new LinkedHashMap<>();
        for (Map.Entry<String, List<Reservation>> entry : byRoom.entrySet()) {
            final String roomJid = entry.getKey() + "@" + service.getServiceDomain();
            rows.putAll(Rooms.read(service, entry.getKey(), room -> {
                final Map<Reservation, Row> described = new LinkedHashMap<>();
                for (Reservation r : entry.getValue()) {
                    described.put(r, describe(room, roomJid, r));
                }
                return described;
            }));
        }
        final List<Row> ordered = new ArrayList<>(reservations.size());
        for (Reservation r : reservations) {
            ordered.add(rows.get(r));
        }
        return ordered;
    }

    private Row describe(MUCRoom room, String roomJid, Reservation r) {
        if (room == null) {
            return new Row(r.room(), roomJid, r.bareJid(), r.nickname(), null, false, false, "");
        }
        final JID holder = new JID(r.bareJid());
        final RoomAffiliation affiliation = Rooms.affiliation(room, holder);
        final Set<String> nicknames = new LinkedHashSet<>();
        for (MUCOccupant occupant : Rooms.occupantsOf(room, holder)) {
            nicknames.add(occupant.getNickname());
        }
        // What holds now: a member's is Openfire's member nickname, which Openfire's own paths may have changed.
        final Optional<Reservation> current = changes.reservations().held(room, r, affiliation);
        return new Row(r.room(), roomJid, r.bareJid(), current.map(Reservation::nickname).orElse(r.nickname()),
            affiliation.name(), true, current.isPresent(), String.join(", ", nicknames));
    }

    /** The user's reservation in the room, for the page's edit form; empty if none (or no such service). */
    public Optional<Reservation> reservation(String serviceName, String roomName, String jid) {
        final MultiUserChatService service = serviceName == null ? null : services.named(serviceName.trim());
        final Optional<String> room = roomName(roomName);
        final Optional<JID> user = jid(jid);
        if (service == null || room.isEmpty() || user.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Rooms.read(service, room.get(), r -> r == null
                ? changes.reservations().store().findByJid(new RoomKey(service.getServiceName(), room.get()),
                    user.get().toBareJID())
                : changes.reservations().of(r, user.get()));
        } catch (ReservationStoreException e) {
            Log.warn("Could not read the reserved nickname of {} in {}@{}: {}", user.get(), room.get(),
                service.getServiceDomain(), e.toString());
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------------------ changes

    /** Reserves the nickname for the user in the room (replacing the user's previous one there, if any). */
    public Outcome add(String serviceName, String roomName, String jid, String nick) {
        return reserve(serviceName, roomName, jid, nick, false);
    }

    /** Changes the nickname of the user's existing reservation in the room. */
    public Outcome changeNickname(String serviceName, String roomName, String jid, String nick) {
        return reserve(serviceName, roomName, jid, nick, true);
    }

    private Outcome reserve(String serviceName, String roomName, String jidText, String nickText, boolean existing) {
        final Target target = target(serviceName, roomName, jidText);
        if (target.refusal != null) {
            return target.refusal;
        }
        if (nickText == null || nickText.trim().isEmpty()) {
            return Outcome.unchanged(Message.error("mucregistration.reservations.error.nick-required"));
        }
        final Optional<Nickname> parsed = Nickname.parse(nickText);
        if (parsed.isEmpty()) {
            return Outcome.unchanged(Message.error("mucregistration.reservations.error.nick-invalid", nickText));
        }
        final Nickname nick = parsed.get();
        return inRoom(target, room -> {
            final JID user = target.user;
            final RoomAffiliation before = Rooms.affiliation(room, user);
            if (before == RoomAffiliation.outcast) {
                return Outcome.unchanged(Message.error("mucregistration.reservations.error.outcast",
                    user.toBareJID(), target.roomJid()));
            }
            final Optional<Reservation> previous = changes.reservations().of(room, user);
            if (existing && previous.isEmpty()) {
                return Outcome.unchanged(Message.error("mucregistration.reservations.error.no-reservation",
                    user.toBareJID(), target.roomJid()));
            }
            if (previous.isPresent() && previous.get().nickname().equals(nick.display())) {
                return Outcome.unchanged(Message.info("mucregistration.reservations.result.unchanged",
                    nick.display(), user.toBareJID(), target.roomJid()));
            }
            final RoomAffiliation affiliation = before.mayHoldReservation() ? before : RoomAffiliation.member;
            final ChangeOutcome outcome = changes.changeAffiliations(room,
                List.of(new AdminQuery.Change(user, affiliation, nickText, null)), null, RoomAffiliation.owner);
            if (outcome.isRefused()) {
                return Outcome.unchanged(refused(outcome, nick, nickText));
            }
            final ChangeOutcome.Effect effect = outcome.effects().get(0);
            final List<Message> messages = new ArrayList<>();
            if (previous.isPresent()) {
                messages.add(Message.success("mucregistration.reservations.result.changed", user.toBareJID(),
                    target.roomJid(), previous.get().nickname(), nick.display()));
                audit.log("MUC registration: changed the reserved nickname of " + user.toBareJID() + " in "
                    + target.roomJid() + " from '" + previous.get().nickname() + "' to '" + nick.display() + "'",
                    details(user, target, before, effect.after(), nick.display()));
            } else {
                messages.add(Message.success(effect.affiliationChanged()
                        ? "mucregistration.reservations.result.added-member"
                        : "mucregistration.reservations.result.added",
                    nick.display(), user.toBareJID(), target.roomJid(), effect.after().name()));
                audit.log("MUC registration: reserved the nickname '" + nick.display() + "' for " + user.toBareJID()
                    + " in " + target.roomJid() + (effect.affiliationChanged() ? " (affiliation " + before + " -> "
                    + effect.after() + ")" : ""), details(user, target, before, effect.after(), nick.display()));
            }
            if (!effect.occupantsRemoved().isEmpty()) {
                messages.add(Message.info("mucregistration.reservations.result.kicked", nick.display(),
                    Integer.toString(effect.occupantsRemoved().size())));
            }
            return Outcome.changed(messages);
        });
    }

    /** Removes the user's reservation in the room; their affiliation stays as it is. */
    public Outcome remove(String serviceName, String roomName, String jidText) {
        final Target target = target(serviceName, roomName, jidText);
        if (target.refusal != null) {
            return target.refusal;
        }
        return inRoom(target, room -> {
            final JID user = target.user;
            final Optional<Reservation> stored = changes.reservations().row(room, user);
            if (stored.isEmpty()) {
                return Outcome.unchanged(Message.error("mucregistration.reservations.error.no-reservation",
                    user.toBareJID(), target.roomJid()));
            }
            final RoomAffiliation affiliation = Rooms.affiliation(room, user);
            final String nickname = stored.get().nickname();
            if (changes.reservations().of(room, user).isEmpty()) {
                // Void (the holder lost the affiliation): nothing of the room changes, only the row goes.
                final ChangeOutcome outcome = changes.forgetVoid(room, user);
                if (outcome.isRefused()) {
                    return Outcome.unchanged(refused(outcome, null, null));
                }
                audit.log("MUC registration: removed the void reserved nickname '" + nickname + "' of "
                    + user.toBareJID() + " in " + target.roomJid(), details(user, target, affiliation, affiliation,
                    nickname));
                return Outcome.changed(Message.success("mucregistration.reservations.result.removed-void", nickname,
                    user.toBareJID(), target.roomJid()));
            }
            final ChangeOutcome outcome = changes.changeAffiliations(room,
                List.of(new AdminQuery.Change(user, affiliation, "", null)), null, RoomAffiliation.owner);
            if (outcome.isRefused()) {
                return Outcome.unchanged(refused(outcome, null, null));
            }
            final RoomAffiliation after = outcome.effects().get(0).after();
            audit.log("MUC registration: removed the reserved nickname '" + nickname + "' of " + user.toBareJID()
                + " in " + target.roomJid(), details(user, target, affiliation, after, ""));
            return Outcome.changed(Message.success("mucregistration.reservations.result.removed", nickname,
                user.toBareJID(), target.roomJid(), after.name()));
        });
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    /** A validated service, room name and user, or why they are not valid. */
    private static final class Target {
        MultiUserChatService service;
        String room;
        JID user;
        Outcome refusal;

        String roomJid() {
            return room + "@" + service.getServiceDomain();
        }
    }

    private Target target(String serviceName, String roomName, String jidText) {
        final Target target = new Target();
        final String name = serviceName == null ? "" : serviceName.trim();
        target.service = name.isEmpty() ? null : services.named(name);
        if (target.service == null) {
            target.refusal = Outcome.unchanged(Message.error("mucregistration.reservations.error.unknown-service",
                name));
            return target;
        }
        if (roomName == null || roomName.trim().isEmpty()) {
            target.refusal = Outcome.unchanged(Message.error("mucregistration.reservations.error.room-required"));
            return target;
        }
        final Optional<String> room = roomName(roomName);
        if (room.isEmpty()) {
            target.refusal = Outcome.unchanged(Message.error("mucregistration.reservations.error.room-invalid",
                roomName.trim()));
            return target;
        }
        target.room = room.get();
        if (jidText == null || jidText.trim().isEmpty()) {
            target.refusal = Outcome.unchanged(Message.error("mucregistration.reservations.error.jid-required"));
            return target;
        }
        final Optional<JID> user = jid(jidText);
        if (user.isEmpty()) {
            target.refusal = Outcome.unchanged(Message.error("mucregistration.reservations.error.jid-invalid",
                jidText.trim()));
            return target;
        }
        target.user = user.get();
        return target;
    }

    /** Runs the change under the room's lock; an unknown room changes nothing. */
    private Outcome inRoom(Target target, Function<MUCRoom, Outcome> change) {
        try {
            return Rooms.locked(target.service, target.room, room -> room == null
                ? Outcome.unchanged(Message.error("mucregistration.reservations.error.unknown-room", target.room,
                    target.service.getServiceDomain()))
                : change.apply(room));
        } catch (ReservationStoreException e) {
            // The database, not the request: nothing changed (a change that fails is undone), say so plainly.
            Log.warn("Could not change the reservation of {} in {}@{}: {}", target.user, target.room,
                target.service.getServiceDomain(), e.toString());
            return Outcome.unchanged(Message.error("mucregistration.reservations.error.storage"));
        } catch (RuntimeException e) {
            Log.error("Could not change the reservation of {} in {}@{}", target.user, target.room,
                target.service.getServiceDomain(), e);
            return Outcome.unchanged(Message.error("mucregistration.reservations.error.internal",
                String.valueOf(e.getMessage())));
        }
    }

    /** A bare JID from what was typed: {@code user@domain} (a resource is dropped), or a username of this server. */
    Optional<JID> jid(String text) {
        if (text == null || text.trim().isEmpty()) {
            return Optional.empty();
        }
        final String trimmed = text.trim();
        try {
            final JID jid = trimmed.indexOf('@') < 0 ? new JID(trimmed, xmppDomain, null) : new JID(trimmed);
            if (jid.getNode() == null || jid.getNode().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(jid.asBareJID());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A room name as Openfire keys rooms (the node of the room's JID, nodeprep'd: lower case); empty if invalid. */
    static Optional<String> roomName(String text) {
        if (text == null || text.trim().isEmpty()) {
            return Optional.empty();
        }
        try {
            final String name = JID.nodeprep(text.trim());
            return name == null || name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The page's words for a refused change, from the outcome's cause (never from the error's text). */
    private static Message refused(ChangeOutcome outcome, Nickname nick, String nickText) {
        return switch (outcome.cause()) {
            case NICKNAME_TAKEN -> outcome.holder() != null
                ? Message.error("mucregistration.reservations.error.nick-taken", nick.display(), outcome.holder())
                : Message.error("mucregistration.reservations.error.nick-taken-unknown", nick.display());
            case NICKNAME_INVALID -> Message.error("mucregistration.reservations.error.nick-invalid", nickText);
            case STORAGE_UNAVAILABLE -> Message.error("mucregistration.reservations.error.storage");
            case TOO_LONG -> Message.error("mucregistration.reservations.error.too-long", outcome.refusal().text());
            case NOT_PERMITTED, OPENFIRE_REFUSED -> Message.error("mucregistration.reservations.error.refused",
                outcome.refusal().condition().toXMPP(), outcome.refusal().text() == null ? ""
                    : outcome.refusal().text());
        };
    }

    private static String details(JID user, Target target, RoomAffiliation before, RoomAffiliation after,
                                  String nickname) {
        return "room: " + target.roomJid() + "\njid: " + user.toBareJID() + "\nnickname: " + nickname
            + "\naffiliation: " + before + (after != before ? " -> " + after : "");
    }

}

package org.mucregistration.openfire;

import org.jivesoftware.openfire.PacketRouter;
import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.ConflictException;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.openfire.muc.Role;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.mucregistration.protocol.Namespaces;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.storage.InMemoryReservationStore;
import org.mucregistration.storage.NicknameTakenException;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.RoomKey;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

/**
 * A room of Openfire's MUC service, as Mockito mocks that behave like Openfire 5.1.1: affiliations, occupants (whose
 * current presence carries the full item, as {@code MUCOccupant.getPresence()} does), the {@code add*} methods
 * changing affiliations and returning updated presences, {@code kickOccupant} removing the occupant. Everything sent
 * to an occupant is recorded in {@link #sent}, addressed to the occupant, in order.
 *
 * <p>{@code new MucFixture()} is {@code room@conference.localhost} on a {@link Server} of its own; a server's
 * {@link Server#room} makes more rooms, of more services, sharing its reservation store.
 */
public final class MucFixture {
    public static final String DOMAIN = "localhost";
    public static final String SERVICE_DOMAIN = "conference.localhost";
    public static final JID ROOM = new JID("room@conference.localhost");
    public static final JID ROMEO = new JID("user@localhost/orchard");
    public static final JID JULIET = new JID("user2@localhost/balcony");
    public static final JID ROSALINE = new JID("user3@localhost/garden");
    public static final JID NURSE = new JID("user4@localhost/kitchen");
    public static final JID TYBALT = new JID("user5@localhost/street");

    public final Server server;
    public final MultiUserChatService service;
    public final MUCRoom room = mock(MUCRoom.class);
    /** The lock of every room of the service. */
    public final Lock lock;
    public final InMemoryReservationStore store;
    public final Reservations reservations;
    public final RoomChanges changes;
    public final PacketRouter router;
    public final MUCOccupant roomItself = mock(MUCOccupant.class, withSettings().name("roomItself"));

    public final Map<String, Affiliation> affiliations = new LinkedHashMap<>();
    /**
     * Openfire's member nicknames ({@code MUCRoom.members}): bare JID to the nickname in lower case, "" for none, as
     * {@code addMember} stores it; an entry for every member.
     */
    public final Map<String, String> memberNicks = new LinkedHashMap<>();
    public final List<MUCOccupant> occupants = new CopyOnWriteArrayList<>();
    private final Map<MUCOccupant, Role> roles = new LinkedHashMap<>();
    /** Stanzas sent to occupants, in order, each a copy addressed to its recipient. */
    public final List<Packet> sent = new ArrayList<>();
    /** Stanzas sent through {@code MUCRoom.send} (Openfire's own broadcast). */
    public final List<Packet> roomSent = new ArrayList<>();
    /** Stanzas routed through the {@link PacketRouter} (of the whole server). */
    public final List<Packet> routed;
    /** Every kick: the user's address and the reason. */
    public final List<String[]> kicks = new ArrayList<>();

    public boolean nonAnonymous = false;
    public boolean registrationEnabled = true;
    public boolean membersOnly = false;
    /** "Only login with registered nickname" ({@code x-muc#roomconfig_reservednick}). */
    public boolean loginRestrictedToNickname = false;

    private final String serviceName;
    private final String name;
    private final JID jid;

    public MucFixture() {
        this(new Server(DOMAIN), "conference", "room");
    }

    private MucFixture(Server server, String serviceName, String name) {
        this.server = server;
        this.service = server.service(serviceName);
        this.lock = server.locks.get(serviceName);
        this.store = server.store;
        this.reservations = server.reservations;
        this.changes = server.changes;
        this.router = server.router;
        this.routed = server.routed;
        this.serviceName = serviceName;
        this.name = name;
        this.jid = new JID(name, server.serviceDomain(serviceName), null);
        try {
            stubRoom();
        } catch (Exception e) {
            throw new IllegalStateException("stubbing cannot throw", e);
        }
        server.rooms.put(serviceName + "/" + name, this);
    }

    private void stubRoom() throws Exception {
        lenient().when(room.getName()).thenReturn(name);
        lenient().when(room.getJID()).thenReturn(jid);
        lenient().when(room.getMUCService()).thenReturn(service);
        lenient().when(room.getSelfRepresentation()).thenReturn(roomItself);
        lenient().when(room.canAnyoneDiscoverJID()).thenAnswer(i -> nonAnonymous);
        lenient().when(room.isRegistrationEnabled()).thenAnswer(i -> registrationEnabled);
        lenient().when(room.isMembersOnly()).thenAnswer(i -> membersOnly);
        lenient().when(room.getAffiliation(any())).thenAnswer(i -> affiliationOf(i.getArgument(0)));
        lenient().when(room.getOccupants()).thenAnswer(i -> new ArrayList<>(occupants));
        lenient().when(room.getOccupantByFullJID(any())).thenAnswer(i -> occupants.stream()
            .filter(o -> o.getUserAddress().equals(i.getArgument(0))).findFirst().orElse(null));
        lenient().when(room.getOccupantsByBareJID(any())).thenAnswer(i -> {
            final List<MUCOccupant> found = occupantsOf(i.getArgument(0));
            if (found.isEmpty()) {
                throw new UserNotFoundException(); // as Openfire does
            }
            return found;
        });
        lenient().when(room.getOwners()).thenAnswer(i -> withAffiliation(Affiliation.owner));
        lenient().when(room.getAdmins()).thenAnswer(i -> withAffiliation(Affiliation.admin));
        lenient().when(room.getMembers()).thenAnswer(i -> withAffiliation(Affiliation.member));
        lenient().when(room.getOutcasts()).thenAnswer(i -> withAffiliation(Affiliation.outcast));
        lenient().when(room.addOwner(any(), any())).thenAnswer(i -> affiliate(i.getArgument(0), Affiliation.owner));
        lenient().when(room.addAdmin(any(), any())).thenAnswer(i -> affiliate(i.getArgument(0), Affiliation.admin));
        lenient().when(room.addMember(any(), any(), any())).thenAnswer(i -> addMember(i.getArgument(0), i.getArgument(1)));
        lenient().when(room.getReservedNickname(any())).thenAnswer(i -> {
            final String nick = memberNicks.get(((JID) i.getArgument(0)).toBareJID());
            return nick == null || nick.trim().isEmpty() ? null : nick;
        });
        lenient().when(room.getMemberForReservedNickname(anyString())).thenAnswer(i -> memberNicks.entrySet().stream()
            .filter(e -> e.getValue().equalsIgnoreCase(i.getArgument(0))).map(e -> new JID(e.getKey())).findFirst()
            .orElse(null));
        lenient().when(room.isLoginRestrictedToNickname()).thenAnswer(i -> loginRestrictedToNickname);
        lenient().when(room.addNone(any(), any())).thenAnswer(i -> affiliate(i.getArgument(0), Affiliation.none));
        lenient().when(room.addOutcast(any(), any(), any(), any(), any()))
            .thenAnswer(i -> affiliate(i.getArgument(0), Affiliation.outcast));
        lenient().when(room.kickOccupant(any(), any(), any(), any(), any(), any())).thenAnswer(i -> {
            final JID address = i.getArgument(0);
            kicks.add(new String[] {address.toString(), i.getArgument(5)});
            final MUCOccupant kicked = occupants.stream().filter(o -> o.getUserAddress().equals(address))
                .findFirst().orElse(null);
            if (kicked == null) {
                return List.of();
            }
            occupants.remove(kicked);
            return List.of(unavailable(kicked));
        });
        doAnswer(i -> roomSent.add(((Packet) i.getArgument(0)).createCopy())).when(room).send(any(), any());
    }

    public Affiliation affiliationOf(JID user) {
        return affiliations.getOrDefault(user.toBareJID(), Affiliation.none);
    }

    /**
     * Sets the user's affiliation as if made earlier. A member gets Openfire's member entry: the nickname of a
     * reservation already stored for them, else none.
     */
    public void setAffiliation(JID user, Affiliation affiliation) {
        final String bare = user.toBareJID();
        if (affiliation == Affiliation.none) {
            affiliations.remove(bare);
        } else {
            affiliations.put(bare, affiliation);
        }
        if (affiliation == Affiliation.member) {
            // (listRoom: tests make findByJid fail to stage a broken database)
            memberNicks.putIfAbsent(bare, allReservations().stream().filter(r -> r.bareJid().equals(bare))
                .map(r -> r.nickname().toLowerCase()).findFirst().orElse(""));
        } else {
            memberNicks.remove(bare);
        }
    }

    /**
     * What Openfire's {@code MUCRoom.addMember} does (5.1.1): a nickname another member holds (any case) is a
     * conflict, so is none in a room restricted to reserved nicknames; an existing member is left as is; a new member
     * gets the nickname in lower case.
     */
    private List<Presence> addMember(JID target, String nick) throws ConflictException {
        final String bare = target.toBareJID();
        if (nick != null && !nick.trim().isEmpty() && memberNicks.containsValue(nick.toLowerCase())) {
            if (!nick.equals(memberNicks.get(bare))) {
                throw new ConflictException();
            }
        } else if (loginRestrictedToNickname && (nick == null || nick.trim().isEmpty())) {
            throw new ConflictException();
        }
        if (affiliationOf(target) == Affiliation.member) {
            return List.of();
        }
        final List<Presence> presences = affiliate(target, Affiliation.member);
        memberNicks.put(bare, nick == null ? "" : nick.toLowerCase());
        return presences;
    }

    public void setAffiliation(String user, Affiliation affiliation) {
        setAffiliation(new JID(user), affiliation);
    }

    private Collection<JID> withAffiliation(Affiliation affiliation) {
        final List<JID> jids = new ArrayList<>();
        affiliations.forEach((jid, a) -> {
            if (a == affiliation) {
                jids.add(new JID(jid));
            }
        });
        return jids;
    }

    /**
     * What Openfire's add* methods do, simplified ({@code MUCRoom.applyAffiliationChange}): change the affiliation and
     * the role that goes with it, remove outcasts (and non-members of a members-only room), return the presences.
     */
    private List<Presence> affiliate(JID target, Affiliation affiliation) {
        setAffiliation(target, affiliation);
        if (affiliation != Affiliation.member) {
            memberNicks.remove(target.toBareJID()); // addOwner, addAdmin, addOutcast, addNone drop the member entry
        }
        final List<Presence> presences = new ArrayList<>();
        for (MUCOccupant occupant : occupantsOf(target)) {
            if (affiliation == Affiliation.outcast || (affiliation == Affiliation.none && membersOnly)) {
                occupants.remove(occupant);
                presences.add(unavailable(occupant));
            } else {
                roles.put(occupant, switch (affiliation) {
                    case owner, admin -> Role.moderator;
                    default -> Role.participant;
                });
                presences.add(occupant.getPresence());
            }
        }
        return presences;
    }

    public List<MUCOccupant> occupantsOf(JID user) {
        final List<MUCOccupant> found = new ArrayList<>();
        for (MUCOccupant occupant : occupants) {
            if (occupant.getUserAddress().asBareJID().equals(user.asBareJID())) {
                found.add(occupant);
            }
        }
        return found;
    }

    /** An occupant of the room: joins it now. */
    public MUCOccupant join(JID user, String nick, Role role) {
        final MUCOccupant occupant = mock(MUCOccupant.class, withSettings().name(nick + "(" + user + ")"));
        roles.put(occupant, role);
        final JID occupantJid = new JID(jid.getNode(), jid.getDomain(), nick);
        lenient().when(occupant.getUserAddress()).thenReturn(user);
        lenient().when(occupant.getNickname()).thenReturn(nick);
        lenient().when(occupant.getOccupantJID()).thenReturn(occupantJid);
        lenient().when(occupant.getRole()).thenAnswer(i -> roles.get(occupant));
        lenient().when(occupant.getAffiliation()).thenAnswer(i -> affiliationOf(user));
        lenient().when(occupant.getPresence()).thenAnswer(i -> {
            final Presence presence = new Presence();
            presence.setFrom(occupantJid);
            presence.getElement().addElement("x", Namespaces.MUC_USER).addElement("item")
                .addAttribute("jid", user.toString())
                .addAttribute("affiliation", affiliationOf(user).name())
                .addAttribute("role", roles.get(occupant).name());
            return presence;
        });
        doAnswer(i -> {
            final Packet copy = ((Packet) i.getArgument(0)).createCopy();
            copy.setTo(user);
            sent.add(copy);
            return null;
        }).when(occupant).send(any());
        occupants.add(occupant);
        return occupant;
    }

    /** The user (a full JID) joins the room now. */
    public MUCOccupant join(String user, String nick, Role role) {
        return join(new JID(user), nick, role);
    }

    private Presence unavailable(MUCOccupant occupant) {
        final Presence presence = occupant.getPresence();
        presence.setType(Presence.Type.unavailable);
        presence.getElement().element("x").element("item").addAttribute("role", "none")
            .addAttribute("affiliation", affiliationOf(occupant.getUserAddress()).name());
        return presence;
    }

    /**
     * Stores a reservation in this room directly, as if made earlier (a member's also as Openfire's member nickname);
     * the store's invocations are then forgotten.
     */
    public void reserve(JID user, String nick) throws NicknameTakenException {
        server.reserve(serviceName, name, user.toBareJID(), nick);
        clearInvocations(store);
    }

    public Optional<String> reservedNick(JID user) {
        return server.reservedNick(serviceName, name, user.toBareJID());
    }

    public List<Reservation> allReservations() {
        return store.listRoom(new RoomKey(serviceName, name));
    }

    public List<Packet> sentTo(JID user) {
        final List<Packet> to = new ArrayList<>();
        for (Packet packet : sent) {
            if (packet.getTo().equals(user)) {
                to.add(packet);
            }
        }
        return to;
    }

    public List<Packet> sentTo(String user) {
        return sentTo(new JID(user));
    }

    /** Forgets what was sent and the recorded calls on the room and the store (to look at one request only). */
    public void forget() {
        sent.clear();
        roomSent.clear();
        routed.clear();
        clearInvocations(store, room, router, lock, service);
        for (MUCOccupant occupant : occupants) {
            clearInvocations(occupant);
        }
    }

    /** The standard cast: Romeo (owner, moderator) in the room. */
    public static MucFixture withRomeo() {
        final MucFixture f = new MucFixture();
        f.setAffiliation(ROMEO, Affiliation.owner);
        f.join(ROMEO, "Romeo", Role.moderator);
        return f;
    }

    /**
     * The server side of the rooms: its MUC services, made on first use, each answering for its rooms
     * ({@code getChatRoom}, {@code getAllRoomNames}, one lock for all of them), the reservation store they share
     * (a spy, to see how it is queried), and the packet router.
     */
    public static class Server {
        public final String domain;
        public final InMemoryReservationStore store = spy(new InMemoryReservationStore());
        /** Openfire's member nicknames, as {@link OpenfireMemberNicknames} writes them (into the room's map). */
        public final MemberNicknames memberNicknames = (room, member, nick) -> {
            final MucFixture fixture = fixtureOf(room);
            if (!fixture.memberNicks.containsKey(member.toBareJID())) {
                throw new IllegalArgumentException(member + " is not a member");
            }
            fixture.memberNicks.put(member.toBareJID(), nick == null ? "" : nick.toLowerCase());
        };
        public final Reservations reservations = new Reservations(store, memberNicknames);
        /** Lock-down for every room (the server-wide setting). */
        public boolean lockDownEveryRoom;
        public final RoomChanges changes = new RoomChanges(reservations, () -> lockDownEveryRoom);
        public final PacketRouter router = mock(PacketRouter.class);
        /** Stanzas routed through the {@link PacketRouter}. */
        public final List<Packet> routed = new ArrayList<>();
        /** The services by name (subdomain), in the order they were made. */
        public final Map<String, MultiUserChatService> services = new LinkedHashMap<>();
        private final Map<String, Lock> locks = new LinkedHashMap<>();
        private final Map<String, MucFixture> rooms = new LinkedHashMap<>();

        public Server(String domain) {
            this.domain = domain;
            doAnswer(i -> routed.add(((Packet) i.getArgument(0)).createCopy())).when(router).route(any(Packet.class));
            doAnswer(i -> routed.add(((Packet) i.getArgument(0)).createCopy())).when(router).route(any(Presence.class));
            doAnswer(i -> routed.add(((Packet) i.getArgument(0)).createCopy())).when(router)
                .route(any(org.xmpp.packet.IQ.class));
            doAnswer(i -> routed.add(((Packet) i.getArgument(0)).createCopy())).when(router)
                .route(any(org.xmpp.packet.Message.class));
        }

        MucFixture fixtureOf(MUCRoom room) {
            return rooms.values().stream().filter(f -> f.room == room).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a room of this server: " + room));
        }

        String serviceDomain(String serviceName) {
            return serviceName + "." + domain;
        }

        /** The service with that name (subdomain), made on first use. */
        public MultiUserChatService service(String name) {
            final MultiUserChatService existing = services.get(name);
            if (existing != null) {
                return existing;
            }
            final MultiUserChatService service = mock(MultiUserChatService.class, withSettings().name(name));
            final Lock lock = mock(Lock.class, withSettings().name(name + " lock"));
            lenient().when(service.getServiceName()).thenReturn(name);
            lenient().when(service.getServiceDomain()).thenReturn(serviceDomain(name));
            lenient().when(service.getChatRoomLock(anyString())).thenReturn(lock);
            lenient().when(service.getChatRoom(anyString())).thenAnswer(i -> {
                final MucFixture room = rooms.get(name + "/" + i.getArgument(0));
                return room == null ? null : room.room;
            });
            lenient().when(service.getAllRoomNames()).thenAnswer(i -> {
                final Set<String> names = new LinkedHashSet<>();
                rooms.values().stream().filter(r -> r.service == service).forEach(r -> names.add(r.name));
                return names;
            });
            services.put(name, service);
            locks.put(name, lock);
            return service;
        }

        /** The room of the service, made (empty) on first use. */
        public MucFixture room(String serviceName, String roomName) {
            final MucFixture existing = rooms.get(serviceName + "/" + roomName);
            return existing != null ? existing : new MucFixture(this, serviceName, roomName);
        }

        /** A reservation made earlier, straight into the store (the room need not exist). */
        public void reserve(String serviceName, String roomName, String bareJid, String nick)
            throws NicknameTakenException {
            final Nickname n = Nickname.parse(nick).orElseThrow();
            store.put(new Reservation(serviceName, roomName, bareJid, n.display(), n.key()));
            final MucFixture room = rooms.get(serviceName + "/" + roomName);
            if (room != null && room.affiliationOf(new JID(bareJid)) == Affiliation.member) {
                room.memberNicks.put(bareJid, n.display().toLowerCase()); // a member's is Openfire's too
            }
        }

        public Optional<String> reservedNick(String serviceName, String roomName, String bareJid) {
            return store.findByJid(new RoomKey(serviceName, roomName), bareJid).map(Reservation::nickname);
        }

        public int reservationCount(String serviceName) {
            return store.search(serviceName, null, null, 0, 0).total();
        }
    }

    /** Nothing changed: no reservation written or removed, no affiliation changed, nobody kicked, nothing sent. */
    public void assertNothingChanged(List<Reservation> reservationsBefore) throws Exception {
        assertEquals(reservationsBefore, allReservations());
        verify(store, never()).put(any());
        verify(store, never()).remove(any(), any());
        verify(room, never()).addMember(any(), any(), any());
        verify(room, never()).addNone(any(), any());
        verify(room, never()).addOwner(any(), any());
        verify(room, never()).addAdmin(any(), any());
        verify(room, never()).addOutcast(any(), any(), any(), any(), any());
        verify(room, never())
            .kickOccupant(any(), any(), any(), any(), any(), any());
        assertEquals(List.of(), sent);
        assertEquals(List.of(), roomSent);
    }
}

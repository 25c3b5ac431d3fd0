package org.mucregistration.openfire;

import org.jivesoftware.openfire.PacketRouter;
import org.jivesoftware.openfire.muc.Affiliation;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.withSettings;

/**
 * A room of Openfire's MUC service, as Mockito mocks that behave like Openfire 5.1.1: affiliations, occupants (whose
 * current presence carries the full item, as {@code MUCOccupant.getPresence()} does), the {@code add*} methods
 * changing affiliations and returning updated presences, {@code kickOccupant} removing the occupant. Everything sent
 * to an occupant is recorded in {@link #sent}, addressed to the occupant, in order.
 */
final class MucFixture {
    static final String DOMAIN = "localhost";
    static final String SERVICE_DOMAIN = "conference.localhost";
    static final JID ROOM = new JID("room@conference.localhost");
    static final JID ROMEO = new JID("user@localhost/orchard");
    static final JID JULIET = new JID("user2@localhost/balcony");
    static final JID ROSALINE = new JID("user3@localhost/garden");
    static final JID NURSE = new JID("user4@localhost/kitchen");
    static final JID TYBALT = new JID("user5@localhost/street");

    final MultiUserChatService service = mock(MultiUserChatService.class);
    final MUCRoom room = mock(MUCRoom.class);
    final Lock lock = mock(Lock.class);
    final InMemoryReservationStore store = spy(new InMemoryReservationStore());
    final Reservations reservations = new Reservations(store);
    final RoomChanges changes = new RoomChanges(reservations);
    final PacketRouter router = mock(PacketRouter.class);
    final MUCOccupant roomItself = mock(MUCOccupant.class, withSettings().name("roomItself"));

    final Map<String, Affiliation> affiliations = new LinkedHashMap<>();
    final List<MUCOccupant> occupants = new CopyOnWriteArrayList<>();
    private final Map<MUCOccupant, Role> roles = new LinkedHashMap<>();
    /** Stanzas sent to occupants, in order, each a copy addressed to its recipient. */
    final List<Packet> sent = new ArrayList<>();
    /** Stanzas sent through {@code MUCRoom.send} (Openfire's own broadcast). */
    final List<Packet> roomSent = new ArrayList<>();
    /** Stanzas routed through the {@link PacketRouter}. */
    final List<Packet> routed = new ArrayList<>();

    boolean nonAnonymous = false;
    boolean registrationEnabled = true;
    boolean membersOnly = false;

    MucFixture() throws Exception {
        lenient().when(service.getServiceDomain()).thenReturn(SERVICE_DOMAIN);
        lenient().when(service.getServiceName()).thenReturn("conference");
        lenient().when(service.getChatRoomLock(anyString())).thenReturn(lock);
        lenient().when(service.getChatRoom(anyString())).thenAnswer(i -> "room".equals(i.getArgument(0)) ? room : null);

        lenient().when(room.getName()).thenReturn("room");
        lenient().when(room.getJID()).thenReturn(ROOM);
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
        lenient().when(room.addMember(any(), any(), any())).thenAnswer(i -> affiliate(i.getArgument(0), Affiliation.member));
        lenient().when(room.addNone(any(), any())).thenAnswer(i -> affiliate(i.getArgument(0), Affiliation.none));
        lenient().when(room.addOutcast(any(), any(), any(), any(), any()))
            .thenAnswer(i -> affiliate(i.getArgument(0), Affiliation.outcast));
        lenient().when(room.kickOccupant(any(), any(), any(), any(), any(), any())).thenAnswer(i -> {
            final MUCOccupant kicked = occupants.stream().filter(o -> o.getUserAddress().equals(i.getArgument(0)))
                .findFirst().orElse(null);
            if (kicked == null) {
                return List.of();
            }
            occupants.remove(kicked);
            return List.of(unavailable(kicked));
        });
        doAnswer(i -> roomSent.add(((Packet) i.getArgument(0)).createCopy())).when(room).send(any(), any());
        doAnswer(i -> routed.add(((Packet) i.getArgument(0)).createCopy())).when(router).route(any(Packet.class));
        doAnswer(i -> routed.add(((Packet) i.getArgument(0)).createCopy())).when(router).route(any(Presence.class));
        doAnswer(i -> routed.add(((Packet) i.getArgument(0)).createCopy())).when(router)
            .route(any(org.xmpp.packet.IQ.class));
        doAnswer(i -> routed.add(((Packet) i.getArgument(0)).createCopy())).when(router)
            .route(any(org.xmpp.packet.Message.class));
    }

    Affiliation affiliationOf(JID user) {
        return affiliations.getOrDefault(user.toBareJID(), Affiliation.none);
    }

    void setAffiliation(JID user, Affiliation affiliation) {
        if (affiliation == Affiliation.none) {
            affiliations.remove(user.toBareJID());
        } else {
            affiliations.put(user.toBareJID(), affiliation);
        }
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

    List<MUCOccupant> occupantsOf(JID user) {
        final List<MUCOccupant> found = new ArrayList<>();
        for (MUCOccupant occupant : occupants) {
            if (occupant.getUserAddress().asBareJID().equals(user.asBareJID())) {
                found.add(occupant);
            }
        }
        return found;
    }

    /** An occupant of the room: joins it now. */
    MUCOccupant join(JID user, String nick, Role role) {
        final MUCOccupant occupant = mock(MUCOccupant.class, withSettings().name(nick + "(" + user + ")"));
        roles.put(occupant, role);
        final JID occupantJid = new JID(ROOM.getNode(), ROOM.getDomain(), nick);
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

    private Presence unavailable(MUCOccupant occupant) {
        final Presence presence = occupant.getPresence();
        presence.setType(Presence.Type.unavailable);
        presence.getElement().element("x").element("item").addAttribute("role", "none")
            .addAttribute("affiliation", affiliationOf(occupant.getUserAddress()).name());
        return presence;
    }

    /** Stores a reservation directly, as if made earlier; the store's invocations are then forgotten. */
    void reserve(JID user, String nick) throws NicknameTakenException {
        final Nickname n = Nickname.parse(nick).orElseThrow();
        store.put(new Reservation("conference", "room", user.toBareJID(), n.display(), n.key()));
        clearInvocations(store);
    }

    Optional<String> reservedNick(JID user) {
        return store.findByJid(new RoomKey("conference", "room"), user.toBareJID()).map(Reservation::nickname);
    }

    List<Reservation> allReservations() {
        return store.listRoom(new RoomKey("conference", "room"));
    }

    List<Packet> sentTo(JID user) {
        final List<Packet> to = new ArrayList<>();
        for (Packet packet : sent) {
            if (packet.getTo().equals(user)) {
                to.add(packet);
            }
        }
        return to;
    }

    /** Forgets what was sent and the recorded calls on the room and the store (to look at one request only). */
    void forget() {
        sent.clear();
        roomSent.clear();
        routed.clear();
        clearInvocations(store, room, router, lock, service);
        for (MUCOccupant occupant : occupants) {
            clearInvocations(occupant);
        }
    }

    /** The standard cast: Romeo (owner, moderator) in the room. */
    static MucFixture withRomeo() throws Exception {
        final MucFixture f = new MucFixture();
        f.setAffiliation(ROMEO, Affiliation.owner);
        f.join(ROMEO, "Romeo", Role.moderator);
        return f;
    }
}

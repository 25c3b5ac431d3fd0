package org.mucregistration.admin;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.openfire.muc.Role;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.mucregistration.openfire.Reservations;
import org.mucregistration.openfire.RoomChanges;
import org.mucregistration.protocol.Namespaces;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.storage.InMemoryReservationStore;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.RoomKey;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.withSettings;

/**
 * Openfire's MUC as the admin page sees it, from Mockito mocks of the API surface: services with rooms, each room
 * with affiliations and occupants that behave like Openfire 5.1.1's (the {@code add*} methods change the affiliation
 * and return the occupants' presences, {@code kickOccupant} removes the occupant). Reservations live in an
 * {@link InMemoryReservationStore} (a spy, to see how it is queried). Every stanza sent to an occupant is recorded.
 */
final class FakeMuc {
    static final String DOMAIN = "example.org";

    final InMemoryReservationStore store = spy(new InMemoryReservationStore());
    final RoomChanges changes = new RoomChanges(new Reservations(store));
    final Map<String, MultiUserChatService> services = new LinkedHashMap<>();
    final Map<String, FakeRoom> rooms = new LinkedHashMap<>();
    final List<String[]> audit = new ArrayList<>();

    final ReservationsPage.Services directory = new ReservationsPage.Services() {
        @Override
        public List<MultiUserChatService> all() {
            return new ArrayList<>(services.values());
        }

        @Override
        public MultiUserChatService named(String serviceName) {
            return services.get(serviceName);
        }
    };

    ReservationsPage page() {
        return new ReservationsPage(directory, changes, DOMAIN, (summary, details) -> audit.add(
            new String[] {summary, details}));
    }

    MultiUserChatService service(String name) {
        return services.computeIfAbsent(name, n -> {
            final MultiUserChatService service = mock(MultiUserChatService.class, withSettings().name(n));
            lenient().when(service.getServiceName()).thenReturn(n);
            lenient().when(service.getServiceDomain()).thenReturn(n + "." + DOMAIN);
            final Map<String, ReentrantLock> locks = new LinkedHashMap<>();
            lenient().when(service.getChatRoomLock(anyString())).thenAnswer(i -> locks.computeIfAbsent(
                i.getArgument(0), k -> new ReentrantLock()));
            lenient().when(service.getChatRoom(anyString())).thenAnswer(i -> {
                final FakeRoom room = rooms.get(n + "/" + i.getArgument(0));
                return room == null ? null : room.room;
            });
            lenient().when(service.getAllRoomNames()).thenAnswer(i -> {
                final Set<String> names = new LinkedHashSet<>();
                rooms.values().stream().filter(r -> r.service == service).forEach(r -> names.add(r.name));
                return names;
            });
            return service;
        });
    }

    FakeRoom room(String serviceName, String roomName) {
        return rooms.computeIfAbsent(serviceName + "/" + roomName, k -> new FakeRoom(service(serviceName), roomName));
    }

    /** A reservation made earlier (straight into the store). */
    void reserve(String serviceName, String roomName, String bareJid, String nick) throws Exception {
        final Nickname n = Nickname.parse(nick).orElseThrow();
        store.put(new Reservation(serviceName, roomName, bareJid, n.display(), n.key()));
    }

    Optional<String> reservedNick(String serviceName, String roomName, String bareJid) {
        return store.findByJid(new RoomKey(serviceName, roomName), bareJid).map(Reservation::nickname);
    }

    int reservationCount(String serviceName) {
        return store.search(serviceName, null, null, 0, 0).total();
    }

    /** One room of a service. */
    static final class FakeRoom {
        final MultiUserChatService service;
        final String name;
        final JID jid;
        final MUCRoom room = mock(MUCRoom.class);
        final Map<String, Affiliation> affiliations = new LinkedHashMap<>();
        final List<MUCOccupant> occupants = new ArrayList<>();
        final Map<MUCOccupant, Role> roles = new LinkedHashMap<>();
        /** Stanzas sent to occupants, each a copy addressed to the occupant's user. */
        final List<Packet> sent = new ArrayList<>();
        /** Stanzas broadcast with {@code MUCRoom.send} (Openfire's own presences). */
        final List<Packet> broadcast = new ArrayList<>();
        /** Every kick: the user's address and the reason. */
        final List<String[]> kicks = new ArrayList<>();
        boolean nonAnonymous;

        FakeRoom(MultiUserChatService service, String name) {
            this.service = service;
            this.name = name;
            this.jid = new JID(name, service.getServiceDomain(), null);
            try {
                stub();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private void stub() throws Exception {
            lenient().when(room.getName()).thenReturn(name);
            lenient().when(room.getJID()).thenReturn(jid);
            lenient().when(room.getMUCService()).thenReturn(service);
            lenient().when(room.getSelfRepresentation()).thenReturn(mock(MUCOccupant.class));
            lenient().when(room.canAnyoneDiscoverJID()).thenAnswer(i -> nonAnonymous);
            lenient().when(room.getAffiliation(any())).thenAnswer(i -> affiliation(i.getArgument(0)));
            lenient().when(room.getOccupants()).thenAnswer(i -> new ArrayList<>(occupants));
            lenient().when(room.getOccupantByFullJID(any())).thenAnswer(i -> occupants.stream()
                .filter(o -> o.getUserAddress().equals(i.getArgument(0))).findFirst().orElse(null));
            lenient().when(room.getOccupantsByBareJID(any())).thenAnswer(i -> {
                final List<MUCOccupant> found = occupantsOf(i.getArgument(0));
                if (found.isEmpty()) {
                    throw new UserNotFoundException();
                }
                return found;
            });
            lenient().when(room.addOwner(any(), any())).thenAnswer(i -> applyAffiliation(i.getArgument(0), Affiliation.owner));
            lenient().when(room.addAdmin(any(), any())).thenAnswer(i -> applyAffiliation(i.getArgument(0), Affiliation.admin));
            lenient().when(room.addMember(any(), any(), any()))
                .thenAnswer(i -> applyAffiliation(i.getArgument(0), Affiliation.member));
            lenient().when(room.addNone(any(), any())).thenAnswer(i -> applyAffiliation(i.getArgument(0), Affiliation.none));
            lenient().when(room.addOutcast(any(), any(), any(), any(), any()))
                .thenAnswer(i -> applyAffiliation(i.getArgument(0), Affiliation.outcast));
            lenient().when(room.kickOccupant(any(), any(), any(), any(), any(), any())).thenAnswer(i -> {
                final JID address = i.getArgument(0);
                kicks.add(new String[] {address.toString(), i.getArgument(5)});
                final MUCOccupant kicked = occupants.stream().filter(o -> o.getUserAddress().equals(address))
                    .findFirst().orElse(null);
                if (kicked == null) {
                    return List.of();
                }
                occupants.remove(kicked);
                final Presence gone = kicked.getPresence();
                gone.setType(Presence.Type.unavailable);
                return List.of(gone);
            });
            doAnswer(i -> broadcast.add(((Packet) i.getArgument(0)).createCopy())).when(room).send(any(), any());
        }

        Affiliation affiliation(JID user) {
            return affiliations.getOrDefault(user.toBareJID(), Affiliation.none);
        }

        FakeRoom affiliate(String bareJid, Affiliation affiliation) {
            if (affiliation == Affiliation.none) {
                affiliations.remove(bareJid);
            } else {
                affiliations.put(bareJid, affiliation);
            }
            return this;
        }

        private List<Presence> applyAffiliation(JID target, Affiliation affiliation) {
            affiliate(target.toBareJID(), affiliation);
            final List<Presence> presences = new ArrayList<>();
            for (MUCOccupant occupant : occupantsOf(target)) {
                if (affiliation == Affiliation.outcast) {
                    occupants.remove(occupant);
                    final Presence gone = occupant.getPresence();
                    gone.setType(Presence.Type.unavailable);
                    presences.add(gone);
                } else {
                    roles.put(occupant, affiliation == Affiliation.owner || affiliation == Affiliation.admin
                        ? Role.moderator : Role.participant);
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

        /** The user (a full JID) joins the room with the nickname. */
        MUCOccupant join(String fullJid, String nick, Role role) {
            final JID user = new JID(fullJid);
            final MUCOccupant occupant = mock(MUCOccupant.class, withSettings().name(nick));
            roles.put(occupant, role);
            final JID occupantJid = new JID(jid.getNode(), jid.getDomain(), nick);
            lenient().when(occupant.getUserAddress()).thenReturn(user);
            lenient().when(occupant.getNickname()).thenReturn(nick);
            lenient().when(occupant.getOccupantJID()).thenReturn(occupantJid);
            lenient().when(occupant.getRole()).thenAnswer(i -> roles.get(occupant));
            lenient().when(occupant.getAffiliation()).thenAnswer(i -> affiliation(user));
            lenient().when(occupant.getPresence()).thenAnswer(i -> {
                final Presence presence = new Presence();
                presence.setFrom(occupantJid);
                presence.getElement().addElement("x", Namespaces.MUC_USER).addElement("item")
                    .addAttribute("jid", user.toString())
                    .addAttribute("affiliation", affiliation(user).name())
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

        List<Packet> sentTo(String fullJid) {
            final List<Packet> to = new ArrayList<>();
            for (Packet packet : sent) {
                if (packet.getTo().toString().equals(fullJid)) {
                    to.add(packet);
                }
            }
            return to;
        }
    }
}

package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmpp.packet.JID;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.Mockito.mock;

/** Finding the MUC service of an address: the server's own addresses and look-alike domains never reach the lookup. */
class MucServicesTest {
    private final MultiUserChatService conference = mock(MultiUserChatService.class);
    private final List<String> lookups = new ArrayList<>();
    private MucServices services;

    @BeforeEach
    void setUp() {
        services = new MucServices("localhost", subdomain -> {
            lookups.add(subdomain);
            return "conference".equals(subdomain) ? conference : null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@localhost", "user@localhost/orchard", "localhost", "localhost/admin"})
    void theServersOwnDomainIsNotLookedUp(String address) {
        assertNull(services.serviceOf(new JID(address)));
        assertEquals(List.of(), lookups);
    }

    @ParameterizedTest
    @ValueSource(strings = {"room@conference.localhost", "room@conference.localhost/Romeo", "conference.localhost"})
    void aSubdomainIsLookedUpByItsName(String address) {
        assertSame(conference, services.serviceOf(new JID(address)));
        assertEquals(List.of("conference"), lookups);
    }

    @Test
    void aSubdomainThatIsNotAServiceIsNull() {
        assertNull(services.serviceOf(new JID("user@pubsub.localhost")));
        assertEquals(List.of("pubsub"), lookups);
    }

    @Test
    void deeperSubdomainsAreLookedUpWhole() {
        assertNull(services.serviceOf(new JID("room@a.conference.localhost")));
        assertEquals(List.of("a.conference"), lookups);
    }

    @ParameterizedTest
    @ValueSource(strings = {"room@conference.localhost.evil", "room@xlocalhost", "room@conference.xlocalhost",
        "room@conferencelocalhost", "room@evil.com", "room@localhost.conference", "room@conference.evil",
        "room@conference.localhostx", "room@.localhost", "x@calhost", "x@host"})
    void lookAlikeDomainsAreNotServices(String address) {
        final JID jid;
        try {
            jid = new JID(address);
        } catch (IllegalArgumentException e) {
            return; // not even a JID
        }
        assertNull(services.serviceOf(jid));
        assertEquals(List.of(), lookups, address);
    }

    @Test
    void anotherServerDomain() {
        final MucServices other = new MucServices("example.org", subdomain -> {
            lookups.add(subdomain);
            return conference;
        });
        assertSame(conference, other.serviceOf(new JID("room@muc.example.org")));
        assertNull(other.serviceOf(new JID("room@muc.example.org.evil")));
        assertNull(other.serviceOf(new JID("room@mucexample.org")));
        assertNull(other.serviceOf(new JID("user@example.org")));
        assertEquals(List.of("muc"), lookups);
    }
}

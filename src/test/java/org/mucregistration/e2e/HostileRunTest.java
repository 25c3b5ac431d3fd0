package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the hostile run tells the answer to a join from the other presences of the room. */
class HostileRunTest {

    /** Another occupant's presence, as CI got it: its occupant-id holds "110", it has no status 110. */
    private static final String OTHER_OCCUPANT = "<presence xmlns='jabber:client' to='user@localhost/hostile' "
        + "from='hostile@conference.localhost/Benvolio'><occupant-id xmlns='urn:xmpp:occupant-id:0' "
        + "id='7ff9c5e16ce12b7e383a21103030eb5238b86325'/><x xmlns='http://jabber.org/protocol/muc#user'>"
        + "<item jid='benvolio@localhost/hostile' affiliation='none' role='participant'/></x></presence>";

    @Test
    void anotherOccupantsPresenceIsNoAnswerThoughItsTextHolds110() {
        assertFalse(HostileRun.isSelfPresence(OTHER_OCCUPANT));
    }

    @Test
    void theSendersOwnPresenceIsTheAnswer() {
        assertTrue(HostileRun.isSelfPresence("<presence xmlns='jabber:client' from='hostile@conference.localhost/x'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/>"
            + "<status code='110'/></x></presence>"));
    }

    @Test
    void a110OutsideTheMucUserElementIsNotOne() {
        assertFalse(HostileRun.isSelfPresence("<presence xmlns='jabber:client' from='hostile@conference.localhost/x'>"
            + "<x xmlns='jabber:x:conference'><status code='110'/></x></presence>"));
    }
}

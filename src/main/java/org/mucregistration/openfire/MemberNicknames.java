package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MUCRoom;
import org.xmpp.packet.JID;

/**
 * Openfire's own reserved nickname of a room member ({@code MUCRoom.members}, persisted in {@code
 * ofMucMember.nickname}): what Openfire itself enforces on joins and nickname changes, shows in its admin console and
 * hands to other plugins. Openfire sets it when a member is added ({@code addMember(jid, nick, ...)}) but offers no
 * way to change the nickname of someone who already is a member: this does, leaving the affiliation (and everyone's
 * presence in the room) as it is. Callers hold the room's lock and sync the room afterwards.
 */
public interface MemberNicknames {

    /** Sets the member's nickname as Openfire keeps it (lower case in memory, as given in its database); null clears it. */
    void set(MUCRoom room, JID member, String nickname);
}

// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.muc;

import org.jivesoftware.openfire.event.GroupEventListener;
import org.jivesoftware.openfire.event.UserEventListener;
import org.jivesoftware.openfire.muc.spi.IQAdminHandler;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.jivesoftware.util.cache.Cacheable;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;
import org.xmpp.resultsetmanagement.Result;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.Collection;
import java.util.List;

public class MUCRoom implements GroupEventListener, UserEventListener, Externalizable, Result, Cacheable {
    public MUCRoom() { throw new UnsupportedOperationException(); }
    public String getName() { throw new UnsupportedOperationException(); }
    public JID getJID() { throw new UnsupportedOperationException(); }
    public MultiUserChatService getMUCService() { throw new UnsupportedOperationException(); }
    public MUCOccupant getSelfRepresentation() { throw new UnsupportedOperationException(); }
    public List<MUCOccupant> getOccupantsByNickname(String nickname) throws UserNotFoundException { throw new UnsupportedOperationException(); }
    public List<MUCOccupant> getOccupantsByBareJID(JID userAddress) throws UserNotFoundException { throw new UnsupportedOperationException(); }
    public MUCOccupant getOccupantByFullJID(JID userAddress) { throw new UnsupportedOperationException(); }
    public Collection<MUCOccupant> getOccupants() { throw new UnsupportedOperationException(); }
    public Affiliation getAffiliation(JID userAddress) { throw new UnsupportedOperationException(); }
    public Role getRole(JID userAddress) { throw new UnsupportedOperationException(); }
    public void send(Packet packet, MUCOccupant sender) { throw new UnsupportedOperationException(); }
    public List<Presence> addOwner(JID target, Affiliation actorAffiliation) throws ForbiddenException { throw new UnsupportedOperationException(); }
    public List<Presence> addAdmin(JID target, Affiliation actorAffiliation) throws ForbiddenException, ConflictException { throw new UnsupportedOperationException(); }
    public List<Presence> addMember(JID target, String nickname, Affiliation actorAffiliation) throws ForbiddenException, ConflictException { throw new UnsupportedOperationException(); }
    public List<Presence> addOutcast(JID target, String reason, JID actor, Affiliation actorAffiliation, Role actorRole) throws NotAllowedException, ForbiddenException, ConflictException { throw new UnsupportedOperationException(); }
    public List<Presence> addNone(JID target, Affiliation actorAffiliation) throws ForbiddenException, ConflictException { throw new UnsupportedOperationException(); }
    public List<Presence> kickOccupant(JID userAddress, Affiliation actorAffiliation, Role actorRole, JID actorJID, String actorNickname, String reason) throws ForbiddenException, NotAllowedException { throw new UnsupportedOperationException(); }
    public IQAdminHandler getIQAdminHandler() { throw new UnsupportedOperationException(); }
    public Collection<JID> getOwners() { throw new UnsupportedOperationException(); }
    public Collection<JID> getAdmins() { throw new UnsupportedOperationException(); }
    public Collection<JID> getMembers() { throw new UnsupportedOperationException(); }
    public Collection<JID> getOutcasts() { throw new UnsupportedOperationException(); }
    public boolean canAnyoneDiscoverJID() { throw new UnsupportedOperationException(); }
    public boolean isMembersOnly() { throw new UnsupportedOperationException(); }
    public boolean isRegistrationEnabled() { throw new UnsupportedOperationException(); }
    public String getReservedNickname(JID jid) { throw new UnsupportedOperationException(); }
    public JID getMemberForReservedNickname(String nickname) { throw new UnsupportedOperationException(); }
    public boolean isLoginRestrictedToNickname() { throw new UnsupportedOperationException(); }
    public boolean canChangeNickname() { throw new UnsupportedOperationException(); }
    public boolean isPersistent() { throw new UnsupportedOperationException(); }
    public void writeExternal(ObjectOutput out) throws IOException { throw new UnsupportedOperationException(); }
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException { throw new UnsupportedOperationException(); }
    public String getUID() { throw new UnsupportedOperationException(); }
}

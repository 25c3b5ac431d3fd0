// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.muc;

import org.jivesoftware.openfire.handler.IQHandler;
import org.xmpp.component.Component;

import java.util.Set;
import java.util.concurrent.locks.Lock;

public interface MultiUserChatService extends Component {
    String getServiceDomain();
    String getServiceName();
    Lock getChatRoomLock(String roomName);
    void syncChatRoom(MUCRoom room);
    MUCRoom getChatRoom(String roomName);
    Set<String> getAllRoomNames();
    void addIQHandler(IQHandler handler);
    void removeIQHandler(IQHandler handler);
}

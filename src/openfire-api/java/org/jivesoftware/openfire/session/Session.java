// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.session;

import org.jivesoftware.openfire.RoutableChannelHandler;

public interface Session extends RoutableChannelHandler {
    default boolean isClosed() { throw new UnsupportedOperationException(); }
}

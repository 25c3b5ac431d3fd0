// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.interceptor;

public class InterceptorManager {
    public InterceptorManager() { throw new UnsupportedOperationException(); }
    public static InterceptorManager getInstance() { throw new UnsupportedOperationException(); }
    public void addInterceptor(PacketInterceptor interceptor) { throw new UnsupportedOperationException(); }
    public boolean removeInterceptor(PacketInterceptor interceptor) { throw new UnsupportedOperationException(); }
}
